//! Figures given rather than counted: the population estimate every rate is per 10,000 of,
//! and the partner agencies' measures (`measures.csv`), each published as supplied.

use super::topic::Topic;
use crate::indicators::catalogue::{Builder, Indicator, Polarity, Recipe, Subject, slug};
use crate::indicators::figure::{Figure, Unit};
use crate::indicators::figures::Table;
use crate::period::{FinancialYear, Period};
use polars::prelude::*;
use std::collections::BTreeMap;

pub const TOPIC: Topic = Topic { name: "given figures", declare, count: |_| Ok(()), dynamic: &[] };

/// Partner measures are `measure.<section>.<measure>`, slugged.
pub const MEASURE_PREFIX: &str = "measure";

fn declare(b: &mut Builder) {
    b.add(
        "population.0_17",
        Unit::Count,
        Polarity::Neutral,
        "the population estimate used for the period's rates",
        Recipe::Population,
    );
}

/// (authority, year) → the mid-year estimate of the financial year's first calendar year.
pub type Population = BTreeMap<(String, FinancialYear), i64>;

pub fn population(frame: Option<&DataFrame>) -> PolarsResult<Population> {
    let mut out = BTreeMap::new();
    let Some(df) = frame else { return Ok(out) };
    let (lea, year, pop) = (df.column("LEA")?.str()?, df.column("Year")?.i64()?, df.column("Population0to17")?.i64()?);
    for i in 0..df.height() {
        if let (Some(l), Some(y), Some(p)) = (lea.get(i), year.get(i), pop.get(i)) {
            out.insert((l.to_string(), FinancialYear::new(y as i32)), p);
        }
    }
    Ok(out)
}

/// (authority, id, period) → the value as given, its unit, and the section and measure names.
pub type Measures = BTreeMap<(String, String, Period), Measure>;

#[derive(Debug, Clone)]
pub struct Measure {
    pub value: f64,
    pub unit: String,
    pub section: String,
    pub name: String,
    /// Whether a small count of it could identify someone.
    pub about: Subject,
    /// How a year is made of months: `Some(true)` summed (a flow), `Some(false)` March's (a
    /// stock), `None` not at all (the file did not say).
    pub flow: Option<bool>,
}

pub fn measures(frame: Option<&DataFrame>) -> PolarsResult<Measures> {
    let mut out = BTreeMap::new();
    let Some(df) = frame else { return Ok(out) };
    let cols = ["LEA", "Section", "Measure", "Period", "Unit", "Subject", "Kind"]
        .map(|n| df.column(n).and_then(|c| c.str().cloned()));
    let [lea, section, measure, period, unit, subject, kind] = cols;
    let (lea, section, measure, period, unit, subject, kind) =
        (lea?, section?, measure?, period?, unit?, subject?, kind?);
    let value = df.column("Value")?.f64()?;
    for i in 0..df.height() {
        if let (Some(l), Some(s), Some(m), Some(p), Some(v)) =
            (lea.get(i), section.get(i), measure.get(i), period.get(i), value.get(i))
        {
            // The loader has already normalised the period, so it always parses.
            let Ok(p) = p.parse::<Period>() else { continue };
            let id = format!("{MEASURE_PREFIX}.{}.{}", slug(s), slug(m));
            let u = unit.get(i).unwrap_or("COUNT").to_ascii_lowercase();
            let about = if subject.get(i) == Some("EVENTS") { Subject::Events } else { Subject::People };
            let flow = kind.get(i).map(|k| k == "FLOW");
            let (section, name) = (s.trim().to_string(), m.trim().to_string());
            out.insert((l.to_string(), id, p), Measure { value: v, unit: u, section, name, about, flow });
        }
    }
    add_years_of_months(&mut out);
    Ok(out)
}

/// A year for each measure given month by month as a flow (the sum of its twelve months, when
/// all twelve are given) or a stock (March's), unless the file gives the year itself.
fn add_years_of_months(measures: &mut Measures) {
    let mut years: BTreeMap<(String, String, FinancialYear), (Vec<u32>, f64, Option<f64>, Measure)> = BTreeMap::new();
    for ((lea, id, period), m) in measures.iter() {
        let Period::Month(month) = period else { continue };
        let year = FinancialYear::containing(month.first_day());
        if m.flow.is_none() {
            continue;
        }
        let entry = years.entry((lea.clone(), id.clone(), year)).or_insert((Vec::new(), 0.0, None, m.clone()));
        entry.0.push(month.number());
        entry.1 += m.value;
        if month.number() == 3 {
            entry.2 = Some(m.value);
        }
    }
    for ((lea, id, year), (months, sum, march, m)) in years {
        let value = match m.flow {
            Some(true) if months.len() == 12 => Some(sum),
            Some(false) => march,
            _ => None,
        };
        if let Some(value) = value {
            measures.entry((lea, id, Period::Year(year))).or_insert(Measure { value, ..m });
        }
    }
}

/// One indicator per section and measure, for the periods supplied.
pub fn add_measures(table: &mut Table, indicators: &mut Vec<Indicator>, measures: &Measures) {
    let mut declared: BTreeMap<String, (Unit, &Measure)> = BTreeMap::new();
    for ((lea, id, period), m) in measures {
        let unit = match m.unit.as_str() {
            "pct" => Unit::Pct,
            "rate_per_10k" => Unit::RatePer10k,
            "gbp" => Unit::Gbp,
            "weeks" => Unit::Weeks,
            _ => Unit::Count,
        };
        declared.entry(id.clone()).or_insert((unit, m));
        table.insert((lea.clone(), id.clone(), *period), Figure::Given(m.value));
    }
    for (id, (unit, m)) in declared {
        indicators.push(Indicator {
            definition: format!("{} ({}), as supplied by partners in measures.csv", m.name, m.section),
            label: Some(m.name.clone()),
            group: Some(m.section.clone()),
            id,
            unit,
            polarity: Polarity::Neutral,
            about: m.about,
            family: None,
            recipe: Recipe::Given,
            published: true,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::indicators::topics::fixture::{check, figures, two_years};

    #[test]
    fn population_and_partner_measures_are_published_as_given() {
        let figs = figures(&two_years(&[(
            "measures.csv",
            "Section,Measure,Period,Value,Unit\nLADO,Referrals to the LADO,2017-18,165,count\nPolice enforcement,Notices issued,2017-05,3,count\nFunding,Police,2017-18,42000.50,gbp\n",
        )]));
        // The fixture's estimates: 10,000 in mid-2016, 12,000 in mid-2017.
        check(&figs, "population.0_17", "2016-17", "10000");
        check(&figs, "population.0_17", "2017-18", "12000");
        // 2015-16 is in the five-year trend, but no estimate covers it.
        check(&figs, "population.0_17", "2015-16", "x");
        check(&figs, "measure.lado.referrals_to_the_lado", "2017-18", "165");
        // A monthly measure keeps its month; a value in pounds keeps its pence.
        check(&figs, "measure.police_enforcement.notices_issued", "2017-05", "3");
        check(&figs, "measure.funding.police", "2017-18", "42000.5");
    }

    #[test]
    fn measures_given_by_month_make_a_year_as_their_kind_says() {
        let months = |measure: &str, kind: &str, values: &[u32]| -> String {
            let at = ["04", "05", "06", "07", "08", "09", "10", "11", "12", "01", "02", "03"];
            let year = |i: usize| if i < 9 { 2017 } else { 2018 };
            let rows = values
                .iter()
                .enumerate()
                .map(|(i, v)| format!("Police,{measure},{}-{},{v},count,{kind}\n", year(i), at[i]));
            rows.collect()
        };
        // Notices issued: 4+3+5+10+5+4+3+3+5+3+3+2 = 50 in the year (a flow).
        let mut file = "Section,Measure,Period,Value,Unit,Kind\n".to_string();
        file += &months("Notices issued", "FLOW", &[4, 3, 5, 10, 5, 4, 3, 3, 5, 3, 3, 2]);
        // Open investigations at each month's end: the year's is March's, 7 (a stock).
        file += &months("Open investigations", "STOCK", &[9, 9, 8, 8, 8, 7, 7, 7, 6, 6, 8, 7]);
        // A flow missing a month has no year: 11 months are not the year's total.
        file += &months("Arrests", "FLOW", &[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
        // No kind given: months stay months.
        file += &months("Visits", "", &[2; 12]);
        // A year the file gives itself wins over its months.
        file += &months("Warnings", "FLOW", &[1; 12]);
        file += "Police,Warnings,2017-18,15,count,FLOW\n";
        let figs = figures(&two_years(&[("measures.csv", &file)]));
        check(&figs, "measure.police.notices_issued", "2017-18", "50");
        check(&figs, "measure.police.notices_issued", "2017-07", "10");
        check(&figs, "measure.police.open_investigations", "2017-18", "7");
        assert!(!figs.contains_key(&("measure.police.arrests".into(), "2017-18".into())), "no year from eleven months");
        assert!(!figs.contains_key(&("measure.police.visits".into(), "2017-18".into())), "no year without a kind");
        check(&figs, "measure.police.warnings", "2017-18", "15");
    }
}
