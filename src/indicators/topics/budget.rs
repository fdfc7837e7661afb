//! The partnership's budget (`budget.csv`): each partner's contribution and each line of spend,
//! as given, with the totals and the balance worked out here (a total typed into the file is
//! refused by validation, as it could disagree with its lines). Money discloses no child, so
//! nothing here is suppressed.

use super::topic::Topic;
use crate::indicators::catalogue::{Builder, Indicator, Polarity, Recipe, Subject, slug};
use crate::indicators::figure::{Figure, Unit};
use crate::indicators::figures::Table;
use crate::period::Period;
use polars::prelude::*;
use std::collections::BTreeMap;

pub const TOPIC: Topic = Topic { name: "budget", declare, count: |_| Ok(()), dynamic: &[] };

/// A line of income is `budget.income.<partner>`, of spend `budget.spend.<item>`; the totals
/// are named apart from both, so that no total is taken for one of its own lines.
pub const INCOME_PREFIX: &str = "budget.income";
pub const SPEND_PREFIX: &str = "budget.spend";
pub const INCOME: &str = "budget.contributions";
pub const SPEND: &str = "budget.spending";
pub const BALANCE: &str = "budget.balance";

fn declare(b: &mut Builder) {
    let given = |b: &mut Builder, id: &str, what: &str| {
        b.add(id, Unit::Gbp, Polarity::Neutral, what, Recipe::Given);
        b.events();
    };
    given(
        b,
        INCOME,
        "partners' contributions to the partnership in year, in pounds: the sum of budget.csv's INCOME rows",
    );
    given(b, SPEND, "the partnership's spending in year, in pounds: the sum of budget.csv's SPEND rows");
    given(b, BALANCE, "contributions less spending in year, in pounds (negative: more was spent than contributed)");
}

/// (authority, period) → the year's lines: (direction's prefix, item as written, pounds).
pub type Budget = BTreeMap<(String, Period), Vec<(&'static str, String, f64)>>;

pub fn budget(frame: Option<&DataFrame>) -> PolarsResult<Budget> {
    let mut out: Budget = BTreeMap::new();
    let Some(df) = frame else { return Ok(out) };
    let text = |n: &str| df.column(n).and_then(|c| c.str().cloned());
    let (lea, period, direction, item) = (text("LEA")?, text("Period")?, text("Direction")?, text("Item")?);
    let amount = df.column("Amount")?.f64()?;
    for i in 0..df.height() {
        let (Some(l), Some(p), Some(d), Some(it), Some(a)) =
            (lea.get(i), period.get(i), direction.get(i), item.get(i), amount.get(i))
        else {
            continue;
        };
        let Ok(p) = p.parse::<Period>() else { continue };
        let prefix = if d == "INCOME" { INCOME_PREFIX } else { SPEND_PREFIX };
        out.entry((l.to_string(), p)).or_default().push((prefix, it.trim().to_string(), a));
    }
    Ok(out)
}

/// Each line as a figure of its own, and the year's totals and balance.
pub fn add_budget(table: &mut Table, indicators: &mut Vec<Indicator>, budget: &Budget) {
    let mut declared: BTreeMap<String, (&str, String)> = BTreeMap::new();
    for ((lea, period), lines) in budget {
        let mut totals = [0.0f64; 2];
        for (prefix, item, amount) in lines {
            let id = format!("{prefix}.{}", slug(item));
            declared.entry(id.clone()).or_insert((prefix, item.clone()));
            table.insert((lea.clone(), id, *period), Figure::Given(*amount));
            totals[usize::from(*prefix == SPEND_PREFIX)] += amount;
        }
        // Pence are kept; sums of them are rounded to the penny, as a ledger is.
        let [income, spend] = totals.map(|t| (t * 100.0).round() / 100.0);
        for (id, value) in [(INCOME, income), (SPEND, spend), (BALANCE, ((income - spend) * 100.0).round() / 100.0)] {
            table.insert((lea.clone(), id.to_string(), *period), Figure::Given(value));
        }
    }
    for (id, (prefix, item)) in declared {
        let (what, total) = if prefix == INCOME_PREFIX { ("contributed by", INCOME) } else { ("spent on", SPEND) };
        indicators.push(Indicator {
            definition: format!("pounds {what} {item} in year, as given in budget.csv"),
            label: Some(item),
            group: None,
            id,
            unit: Unit::Gbp,
            polarity: Polarity::Neutral,
            about: Subject::Events,
            family: Some(crate::indicators::catalogue::Family { total: total.to_string() }),
            recipe: Recipe::Given,
            published: true,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::indicators::topics::fixture::{check, figures, two_years};

    #[test]
    fn the_budgets_lines_totals_and_balance_by_hand() {
        let budget = "Period,Direction,Item,Amount\n\
            2017-18,INCOME,Local authority,98000\n\
            2017-18,INCOME,Police,42000.50\n\
            2017-18,INCOME,Health commissioners,56000\n\
            2017-18,SPEND,Staffing,150000\n\
            2017-18,SPEND,Training,30000.25\n\
            2017-18,SPEND,Independent scrutiny,18000\n\
            2016-17,INCOME,Local authority,90000\n\
            2016-17,SPEND,Staffing,95000\n";
        let figs = figures(&two_years(&[("budget.csv", budget)]));
        check(&figs, "budget.income.police", "2017-18", "42000.5");
        check(&figs, "budget.spend.independent_scrutiny", "2017-18", "18000");
        // 98,000 + 42,000.50 + 56,000 = 196,000.50 in; 150,000 + 30,000.25 + 18,000 = 198,000.25 out.
        check(&figs, "budget.contributions", "2017-18", "196000.5");
        check(&figs, "budget.spending", "2017-18", "198000.25");
        // 196,000.50 − 198,000.25 = −1,999.75: more spent than contributed.
        check(&figs, "budget.balance", "2017-18", "-1999.75");
        // 2016-17: 90,000 in, 95,000 out.
        check(&figs, "budget.balance", "2016-17", "-5000");
        // A partner with no line in a year has no figure for it, not a zero.
        assert!(!figs.contains_key(&("budget.income.police".into(), "2016-17".into())));
    }
}
