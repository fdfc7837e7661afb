//! Figures outside the range any authority in England has published: more likely a fault in
//! the data than a fact about the area (1.2% of referrals re-referrals, where every authority
//! has between about 9% and 40%). They are warned about in `validate`, noted in the internal
//! edition ("check the data") and never judged better or worse. The ranges, with their source,
//! are `data/plausible_ranges.csv`.

use super::figure::{Figure, Unit};
use crate::period::Period;
use serde::Serialize;

const RANGES: &str = include_str!("../../data/plausible_ranges.csv");

/// The lowest and highest value any authority published for an indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Range {
    pub indicator: String,
    pub low: f64,
    pub high: f64,
    /// The file whose data the figure is counted from, for the warning.
    pub file: String,
    /// The publication and years the range was taken from.
    pub source: String,
    /// Which authorities set the bounds, and the published file and column.
    pub detail: String,
}

/// Every range of `data/plausible_ranges.csv`.
pub fn ranges() -> Vec<Range> {
    let mut reader = csv::Reader::from_reader(RANGES.as_bytes());
    reader
        .records()
        .map(|r| r.expect("data/plausible_ranges.csv is valid CSV"))
        .map(|r| Range {
            indicator: r[0].to_string(),
            low: r[1].parse().expect("a number"),
            high: r[2].parse().expect("a number"),
            file: r[3].to_string(),
            source: r[4].to_string(),
            detail: r[5].to_string(),
        })
        .collect()
}

/// A figure outside its range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Implausible {
    pub lea: String,
    pub indicator: String,
    pub period: Period,
    pub value: f64,
    pub low: f64,
    pub high: f64,
    pub file: String,
    pub source: String,
}

/// Children or events a figure must rest on to be checked (the denominator of a share, the
/// numerator of a rate): on fewer, any value is possible, which is also why the two smallest
/// authorities are left out of the ranges.
pub const CHECKED_FROM: i64 = 50;

/// The figures of `table` (authority, id, period → figure, before disclosure control) outside
/// their published range.
pub fn check<'a>(
    table: impl IntoIterator<Item = (&'a (String, String, Period), &'a Figure)>,
    units: &dyn Fn(&str) -> Option<Unit>,
) -> Vec<Implausible> {
    let ranges = ranges();
    let mut out = Vec::new();
    for ((lea, id, period), figure) in table {
        let Some(range) = ranges.iter().find(|r| &r.indicator == id) else { continue };
        let Some(unit) = units(id) else { continue };
        let Figure::Value { numerator, denominator: Some(denominator) } = *figure else { continue };
        let base = if unit == Unit::Pct { denominator } else { numerator };
        let Some(value) = figure.exact(unit).filter(|_| base >= CHECKED_FROM) else { continue };
        if value < range.low || value > range.high {
            out.push(Implausible {
                lea: lea.clone(),
                indicator: id.clone(),
                period: *period,
                value,
                low: range.low,
                high: range.high,
                file: range.file.clone(),
                source: range.source.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::topics::catalogue;

    #[test]
    fn every_range_names_a_declared_figure_and_a_contract_file() {
        let declared = catalogue();
        let ranges = ranges();
        assert!(!ranges.is_empty());
        for r in &ranges {
            assert!(declared.iter().any(|i| i.id == r.indicator), "{} is not declared", r.indicator);
            assert!(
                crate::contract::FILES.iter().any(|f| f.file_name() == r.file),
                "{}: no file {}",
                r.indicator,
                r.file
            );
            assert!(r.low < r.high && !r.source.is_empty() && !r.detail.is_empty(), "{r:?}");
        }
    }

    #[test]
    fn a_figure_outside_its_range_is_found_and_one_inside_is_not() {
        use crate::period::FinancialYear;
        let r = &ranges()[0];
        let unit = |_: &str| Some(Unit::Pct);
        let year = Period::Year(FinancialYear::new(2017));
        // A share just under the lowest published and one at the middle of the range, worked
        // as numerator / denominator × 100 with denominator 10,000.
        let below = ((r.low - 0.5).max(0.0) * 100.0) as i64;
        let middle = ((r.low + r.high) / 2.0 * 100.0) as i64;
        let mut table = crate::indicators::Table::new();
        table.insert(
            ("999".into(), r.indicator.clone(), year),
            Figure::Value { numerator: below, denominator: Some(10_000) },
        );
        table.insert(
            ("998".into(), r.indicator.clone(), year),
            Figure::Value { numerator: middle, denominator: Some(10_000) },
        );
        // The same share of 40 referrals is not checked: too few to say.
        table.insert(("997".into(), r.indicator.clone(), year), Figure::Value { numerator: 0, denominator: Some(40) });
        let found = check(&table, &unit);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].lea, "999");
    }
}
