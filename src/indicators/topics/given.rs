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
}

pub fn measures(frame: Option<&DataFrame>) -> PolarsResult<Measures> {
    let mut out = BTreeMap::new();
    let Some(df) = frame else { return Ok(out) };
    let cols =
        ["LEA", "Section", "Measure", "Period", "Unit", "Subject"].map(|n| df.column(n).and_then(|c| c.str().cloned()));
    let [lea, section, measure, period, unit, subject] = cols;
    let (lea, section, measure, period, unit, subject) = (lea?, section?, measure?, period?, unit?, subject?);
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
            let m = Measure { value: v, unit: u, section: s.trim().to_string(), name: m.trim().to_string(), about };
            out.insert((l.to_string(), id, p), m);
        }
    }
    Ok(out)
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
}
