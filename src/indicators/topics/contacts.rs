//! Contacts to the front door (`contacts.csv`): how many, from whom, at which level of need,
//! and what happened to them.

use super::topic::Topic;
use crate::contract::{CONTACT_OUTCOMES, LEVELS, SOURCES};
use crate::indicators::catalogue::{Builder, Polarity, Recipe, lower, slug};
use crate::indicators::compute::{Computer, Sums, Tally};
use crate::indicators::figure::Unit;
use crate::indicators::grouped::cube;
use crate::period::{FinancialYear, Period};
use polars::prelude::PolarsResult;
use std::collections::BTreeMap;

pub const TOPIC: Topic = Topic { name: "contacts", declare, count, dynamic: &[] };

/// Outcomes of a screened contact (everything but administration and advice).
pub const SCREENED_OUTCOMES: &[&str] = &["REFERRAL", "EARLY_HELP", "NFA"];

fn declare(b: &mut Builder) {
    b.count("contacts.total", "contacts dated in year");
    let per_week = Recipe::PerWeek { numerator: "contacts.total".into() };
    b.add("contacts.per_week", Unit::PerWeek, Polarity::Neutral, "contacts.total ÷ (days in year ÷ 7)", per_week);
    b.count("contacts.children", "distinct children with a contact in year");
    for o in CONTACT_OUTCOMES {
        b.cell(
            format!("contacts.outcome.{}", lower(o)),
            "contacts.total",
            format!("contacts in year with outcome {o}"),
        );
    }
    b.count("contacts.screened", "contacts in year whose outcome is not ADMIN or ADVICE");
    let screened: Vec<String> = SCREENED_OUTCOMES.iter().map(|o| format!("contacts.outcome.{}", lower(o))).collect();
    b.sum("contacts.screened", &screened.iter().map(String::as_str).collect::<Vec<_>>());
    for o in SCREENED_OUTCOMES {
        let (id, num) = (format!("contacts.screened.{}.pct", lower(o)), format!("contacts.outcome.{}", lower(o)));
        b.share(
            id,
            num,
            "contacts.screened",
            Polarity::Neutral,
            format!("share of screened contacts with outcome {o}"),
        );
    }
    b.count("contacts.source.recorded", "contacts in year with a source recorded");
    b.count("contacts.source.not_recorded", "contacts in year with no source recorded");
    b.sum("contacts.total", &["contacts.source.recorded", "contacts.source.not_recorded"]);
    for s in SOURCES {
        b.cell_and_share(
            format!("contacts.source.{}", lower(s)),
            "contacts.source.recorded",
            format!("contacts in year from source {s}"),
            format!("share of contacts with a source recorded that came from source {s}"),
        );
    }
    for n in LEVELS {
        let level = format!("contacts.level.{n}");
        b.cell(level.clone(), "contacts.total", format!("contacts in year at level of need {n}"));
        for o in CONTACT_OUTCOMES {
            b.cell_and_share(
                format!("{level}.{}", lower(o)),
                &level,
                format!("contacts in year at level {n} with outcome {o}"),
                format!("share of level {n} contacts with outcome {o}"),
            );
        }
    }
    let none = "contacts.level.not_recorded".to_string();
    b.cell(none, "contacts.total", "contacts in year with no level of need recorded".into());
}

/// Distinct children, then one grouped pass by outcome, source and level that every other
/// count is folded from.
fn count(c: &mut Computer) -> PolarsResult<()> {
    let (f, d) = ("contacts", "ContactDate");
    if c.table(f).is_none() {
        return Ok(());
    }
    let started = std::time::Instant::now();
    c.in_year(f, d, None, None, Tally::Distinct("LAchildID"), "contacts.children")?;
    crate::timing("contacts: distinct children", started);
    let started = std::time::Instant::now();
    let rows = cube(c, c.frame(f), d, &["ContactOutcome", "ContactSource", "LevelOfNeed"])?;
    crate::timing("contacts: grouped pass", started);
    for id in ["contacts.total", "contacts.outcome", "contacts.screened", "contacts.source", "contacts.level"] {
        c.produces(id);
    }
    // Breakdowns by an optional column the extract lacks, or leaves empty for a year, are not
    // available, not zero; the grouped pass has counted the empty cells already.
    let mut filled: BTreeMap<(String, i32), [i64; 4]> = BTreeMap::new();
    for (lea, y, dims, n) in &rows {
        let t = filled.entry((lea.clone(), *y)).or_default();
        t[0] += n;
        t[3] += if dims[0].is_some() { *n } else { 0 };
        t[1] += if dims[1].is_some() { *n } else { 0 };
        t[2] += if dims[2].is_some() { *n } else { 0 };
    }
    let tally = |k: usize| {
        filled.iter().map(move |((lea, y), t)| (lea.clone(), FinancialYear::new(*y), t[0], t[k])).collect::<Vec<_>>()
    };
    c.needs_counted(f, "ContactSource", &["contacts.source"], tally(1));
    c.needs_counted(f, "LevelOfNeed", &["contacts.level"], tally(2));
    // Ofsted's Annex A lists no outcome: every figure by outcome is then `x`, never 0.
    let mut by_outcome = vec!["contacts.outcome".to_string(), "contacts.screened".to_string()];
    by_outcome.extend(
        LEVELS.iter().flat_map(|l| CONTACT_OUTCOMES.iter().map(move |o| format!("contacts.level.{l}.{}", lower(o)))),
    );
    c.needs_counted(f, "ContactOutcome", &by_outcome.iter().map(String::as_str).collect::<Vec<_>>(), tally(3));
    // An Annex A list gives the years it holds whole, and no others.
    c.covered_by_returns(f, &["contacts"], &[]);
    let mut sums = Sums::default();
    for (lea, y, dims, n) in rows {
        let period = Period::Year(FinancialYear::new(y));
        let (outcome, source, level) = (dims[0].as_deref(), dims[1].as_deref(), dims[2].as_deref());
        let mut add = |id: String| *sums.entry((lea.clone(), id, period)).or_default() += n;
        add("contacts.total".into());
        if let Some(o) = outcome {
            add(format!("contacts.outcome.{}", slug(o)));
            if !matches!(o, "ADMIN" | "ADVICE") {
                add("contacts.screened".into());
            }
        }
        match source {
            Some(s) => {
                add("contacts.source.recorded".into());
                add(format!("contacts.source.{}", slug(s)));
            }
            None => add("contacts.source.not_recorded".into()),
        }
        match level {
            Some(l) => {
                add(format!("contacts.level.{l}"));
                if let Some(o) = outcome {
                    add(format!("contacts.level.{l}.{}", slug(o)));
                }
            }
            None => add("contacts.level.not_recorded".into()),
        }
    }
    c.merge(sums);
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::indicators::topics::fixture::{check, figures, two_years};

    #[test]
    fn contacts_by_hand() {
        let figs = figures(&two_years(&[]));
        // 2017-18: C1, C2, C3 and C4 (31 March 2018, with a time) → 4; three children (A1 twice).
        check(&figs, "contacts.total", "2017-18", "4");
        check(&figs, "contacts.children", "2017-18", "3");
        // 4 × 7 / 365 = 0.0767… → 0.1 a week; 2016-17: 2 × 7 / 365 = 0.038… → 0.0.
        check(&figs, "contacts.per_week", "2017-18", "0.1");
        check(&figs, "contacts.per_week", "2016-17", "0.0");
        check(&figs, "contacts.outcome.referral", "2017-18", "2");
        check(&figs, "contacts.outcome.admin", "2017-18", "0");
        // Screened = not ADMIN or ADVICE: C1, C3, C4 → 3; referrals 2 of 3 = 66.7%, NFA 0 of 3 = 0.0%.
        check(&figs, "contacts.screened", "2017-18", "3");
        check(&figs, "contacts.screened.referral.pct", "2017-18", "66.7");
        check(&figs, "contacts.screened.early_help.pct", "2017-18", "33.3");
        check(&figs, "contacts.screened.nfa.pct", "2017-18", "0.0");
        // Source recorded on C1, C2, C3 (C4 blank): police (6) 2 of 3.
        check(&figs, "contacts.source.recorded", "2017-18", "3");
        check(&figs, "contacts.source.6.pct", "2017-18", "66.7");
        // Level 5: C3, referred → 100.0%; level 3 in 2016-17: C7, NFA.
        check(&figs, "contacts.level.5.referral.pct", "2017-18", "100.0");
        check(&figs, "contacts.level.3.nfa", "2016-17", "1");
        check(&figs, "contacts.level.1.admin.pct", "2017-18", "z");
        // C4 has no source: 3 recorded + 1 not recorded = 4. Every 2017-18 contact has a level.
        check(&figs, "contacts.source.not_recorded", "2017-18", "1");
        check(&figs, "contacts.level.not_recorded", "2017-18", "0");
        // 2015-16 is in the five-year trend but not covered by the data: not available, not zero.
        check(&figs, "contacts.total", "2015-16", "x");
    }

    #[test]
    fn without_the_optional_columns_their_breakdowns_are_not_available() {
        let contacts = "ContactID,LAchildID,ContactDate,ContactOutcome\nC1,A1,2017-04-03,REFERRAL\n";
        let figs = figures(&two_years(&[("contacts.csv", contacts)]));
        check(&figs, "contacts.total", "2017-18", "1");
        check(&figs, "contacts.level.5", "2017-18", "x");
        check(&figs, "contacts.level.not_recorded", "2017-18", "x");
        check(&figs, "contacts.source.6", "2017-18", "x");
        check(&figs, "contacts.source.not_recorded", "2017-18", "x");
    }
}
