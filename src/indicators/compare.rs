//! Stage 4b: each figure against the previous year, its trend and its benchmarks, as typed
//! values. `figures.json` and the HTML report both format these; neither works a change out.

use super::figure::{Figure, Unit};
pub use super::figures::{Benchmark, BenchmarkSource};
use super::figures::{FigureRow, Figures, TREND_YEARS};
use super::stats::{self, Confidence, Interval};
use crate::period::{FinancialYear, Period};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
    /// The change rounds to zero in the published precision.
    Unchanged,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Down => "down",
            Direction::Unchanged => "unchanged",
        }
    }
}

/// The change from the previous year, when both years have a value.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Current minus previous, rounded to the unit's precision (percentage points for pct).
    pub diff: String,
    /// The change as a share of the previous value: counts of 10 or more only.
    pub pct: Option<String>,
    pub direction: Direction,
    /// Under half a percentage point, or under 1% of a count or rate: worded "broadly unchanged".
    pub negligible: bool,
}

/// Why there is no change to show: the symbol of the side that has no value.
#[derive(Debug, Clone, PartialEq)]
pub enum Delta {
    Change(Change),
    Suppressed,
    NotApplicable,
    NotAvailable,
}

impl Delta {
    pub fn between(cur: &Figure, prev: &Figure, unit: Unit) -> Delta {
        let (Some(a), Some(b)) = (cur.exact(unit), prev.exact(unit)) else {
            return if cur.is_suppressed() || prev.is_suppressed() {
                Delta::Suppressed
            } else if matches!(cur, Figure::NotApplicable) || matches!(prev, Figure::NotApplicable) {
                Delta::NotApplicable
            } else {
                Delta::NotAvailable
            };
        };
        let diff = round_f64(a - b, unit.places() as usize);
        let direction = if diff.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') {
            Direction::Unchanged
        } else if a > b {
            Direction::Up
        } else {
            Direction::Down
        };
        let relative = if b == 0.0 { f64::INFINITY } else { ((a - b) / b).abs() };
        let negligible = match unit {
            Unit::Pct => (a - b).abs() < 0.5,
            _ => direction == Direction::Unchanged || relative < 0.01,
        };
        // "A change in a count below 10 is never turned into a percentage" (either year).
        let pct = (unit == Unit::Count && a >= 10.0 && b >= 10.0).then(|| round_f64((a - b) / b * 100.0, 1));
        Delta::Change(Change { diff, pct, direction, negligible })
    }

    /// The symbol `figures.json` prints in place of a change that cannot be shown.
    pub fn symbol(&self) -> Option<&'static str> {
        match self {
            Delta::Change(_) => None,
            Delta::Suppressed => Some("c"),
            Delta::NotApplicable => Some("z"),
            Delta::NotAvailable => Some("x"),
        }
    }
}

/// The exact test of a change from the previous year (`stats`): Fisher's for a share, the
/// conditional test of two Poisson rates for a rate per 10,000.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChangeTest {
    pub p: f64,
    /// p below one minus the confidence level.
    pub significant: bool,
}

impl ChangeTest {
    /// The test of `cur` against `prev`, when both are shares or rates with their working.
    pub fn between(cur: &Figure, prev: &Figure, unit: Unit, level: Confidence) -> Option<ChangeTest> {
        let (
            Figure::Value { numerator: x1, denominator: Some(n1) },
            Figure::Value { numerator: x2, denominator: Some(n2) },
        ) = (cur, prev)
        else {
            return None;
        };
        let (x1, n1, x2, n2) = (*x1, *n1, *x2, *n2);
        if x1 < 0 || x2 < 0 || n1 <= 0 || n2 <= 0 {
            return None;
        }
        let p = match unit {
            Unit::Pct if x1 <= n1 && x2 <= n2 => stats::fisher_exact(x1 as u64, n1 as u64, x2 as u64, n2 as u64),
            Unit::RatePer10k => stats::poisson_rates_exact(x1 as u64, n1 as f64, x2 as u64, n2 as f64),
            _ => return None,
        };
        Some(ChangeTest { p, significant: p < level.alpha() })
    }
}

/// How a figure stands against a benchmark, by its confidence interval as Fingertips does it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Against {
    /// The benchmark lies inside the interval.
    Similar,
    /// The whole interval is above the benchmark.
    Higher,
    /// The whole interval is below the benchmark.
    Lower,
    /// No interval can be worked out (a count, a mean, a partner's figure): the values are
    /// given side by side, without a judgement.
    NotTested,
    /// The benchmark measures something else (`benchmarks.csv`'s Definition): shown, not compared.
    OtherDefinition,
}

/// One figure of the reporting year with everything it is compared against.
#[derive(Debug, Clone)]
pub struct Comparison<'a> {
    pub row: &'a FigureRow,
    pub previous_period: FinancialYear,
    pub previous: Figure,
    pub delta: Delta,
    /// Oldest first, ending with the reporting year; years the data does not cover are `x`.
    pub trend: Vec<(FinancialYear, Figure)>,
    pub benchmarks: &'a [Benchmark],
    /// The confidence interval of the reporting year's figure (shares and rates).
    pub interval: Option<Interval>,
    /// The test of the change from the previous year (shares and rates).
    pub test: Option<ChangeTest>,
    pub level: Confidence,
}

impl Comparison<'_> {
    /// The figure against a benchmark: by the interval, and never across definitions.
    pub fn against(&self, b: &Benchmark) -> Against {
        if !b.same_definition(&self.row.indicator) {
            return Against::OtherDefinition;
        }
        match self.interval {
            None => Against::NotTested,
            Some(i) if b.value < i.lower => Against::Higher,
            Some(i) if b.value > i.upper => Against::Lower,
            Some(_) => Against::Similar,
        }
    }
}

/// Every figure of the reporting year (each authority), compared, with intervals and tests at
/// `level`.
pub fn compare(figs: &Figures, level: Confidence) -> Vec<Comparison<'_>> {
    let reporting = figs.reporting_year;
    let index = figs.index();
    figs.rows
        .iter()
        .filter(|r| r.period == Period::Year(reporting))
        .map(|r| {
            let get = |y: FinancialYear| {
                index
                    .get(&(r.lea.as_str(), r.indicator.as_str(), Period::Year(y)))
                    .map_or(Figure::NotAvailable, |r| r.figure.clone())
            };
            let previous = get(reporting.previous());
            let trend = (0..TREND_YEARS)
                .rev()
                .map(|k| FinancialYear::new(reporting.start_year - k))
                .map(|y| (y, get(y)))
                .collect();
            Comparison {
                row: r,
                previous_period: reporting.previous(),
                delta: Delta::between(&r.figure, &previous, r.unit),
                test: ChangeTest::between(&r.figure, &previous, r.unit, level),
                previous,
                trend,
                benchmarks: figs.benchmarks.get(&r.indicator).map_or(&[], Vec::as_slice),
                interval: stats::interval(&r.figure, r.unit, level),
                level,
            }
        })
        .collect()
}

/// Half away from zero, after removing float noise (0.15 stored as 0.1499…).
pub fn round_f64(v: f64, places: usize) -> String {
    let scale = 10f64.powi(places as i32);
    let r = ((v * scale * 1e6).round() / 1e6).round() / scale;
    let s = format!("{r:.places$}");
    if s.starts_with('-') && s.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    }
}

/// An interval's limits as published: to the places of the figure's unit.
pub fn interval_shown(i: &Interval, unit: Unit) -> (String, String) {
    let places = unit.places() as usize;
    (round_f64(i.lower, places), round_f64(i.upper, places))
}

/// For each indicator, the latest value of each comparator for a period that ends by the end
/// of the reporting year.
pub fn latest_benchmarks(
    rows: impl Iterator<Item = (String, Period, String, f64, BenchmarkSource)>,
    reporting: FinancialYear,
    wanted: Option<&Vec<String>>,
) -> BTreeMap<String, Vec<Benchmark>> {
    let mut best: BTreeMap<(String, String), (Period, f64, BenchmarkSource)> = BTreeMap::new();
    let last = reporting.last_day();
    for (id, period, comparator, value, about) in rows {
        if period.last_day() > last || wanted.is_some_and(|w| !w.iter().any(|x| x.eq_ignore_ascii_case(&comparator))) {
            continue;
        }
        let entry = best.entry((id, comparator)).or_insert_with(|| (period, value, about.clone()));
        if period > entry.0 {
            *entry = (period, value, about);
        }
    }
    let mut out: BTreeMap<String, Vec<Benchmark>> = BTreeMap::new();
    for ((id, comparator), (period, value, about)) in best {
        out.entry(id).or_default().push(Benchmark { comparator, period, value, about });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::figure::Suppression;

    fn change(cur: Figure, prev: Figure, unit: Unit) -> Change {
        match Delta::between(&cur, &prev, unit) {
            Delta::Change(c) => c,
            other => panic!("expected a change, got {other:?}"),
        }
    }

    #[test]
    fn changes_round_half_away_from_zero_and_counts_below_ten_get_no_percentage() {
        // 22,750 → 20,351: down 2,399, which is 10.5% of 22,750 (10.545…).
        let c = change(Figure::of(20_351, None), Figure::of(22_750, None), Unit::Count);
        assert_eq!((c.diff.as_str(), c.pct.as_deref(), c.direction), ("-2399", Some("-10.5"), Direction::Down));
        assert!(!c.negligible);
        // 8 → 9: up 1, no percentage of a count under 10; nor 12 → 3.
        assert_eq!(change(Figure::of(9, None), Figure::of(8, None), Unit::Count).pct, None);
        assert_eq!(change(Figure::of(3, None), Figure::of(12, None), Unit::Count).pct, None);
        // 1/8 = 12.5% → 3/20 = 15.0%: up 2.5 percentage points.
        assert_eq!(change(Figure::of(3, Some(20)), Figure::of(1, Some(8)), Unit::Pct).diff, "2.5");
        let c = Figure::Suppressed { reason: Suppression::SmallCount, numerator: 3, denominator: None };
        assert_eq!(Delta::between(&c, &Figure::of(40, None), Unit::Count), Delta::Suppressed);
        assert_eq!(Delta::between(&Figure::of(4, None), &Figure::NotAvailable, Unit::Count), Delta::NotAvailable);
        assert_eq!(change(Figure::of(40, None), Figure::of(40, None), Unit::Count).direction, Direction::Unchanged);
    }

    #[test]
    fn small_changes_are_negligible() {
        // 1,000 → 1,009 is 0.9%: broadly unchanged; 1,000 → 1,010 is 1.0%: a change.
        assert!(change(Figure::of(1009, None), Figure::of(1000, None), Unit::Count).negligible);
        assert!(!change(Figure::of(1010, None), Figure::of(1000, None), Unit::Count).negligible);
        // 40.0% → 40.4% is 0.4 points: negligible; 40.0% → 40.5% is half a point: a change.
        assert!(change(Figure::of(404, Some(1000)), Figure::of(400, Some(1000)), Unit::Pct).negligible);
        assert!(!change(Figure::of(405, Some(1000)), Figure::of(400, Some(1000)), Unit::Pct).negligible);
        // From zero any rise matters.
        assert!(!change(Figure::of(3, None), Figure::of(0, None), Unit::Count).negligible);
    }

    #[test]
    fn the_latest_benchmark_up_to_the_reporting_year_wins() {
        let p = |s: &str| s.parse::<Period>().unwrap();
        let rows = vec![
            ("a".to_string(), p("2015-16"), "England".to_string(), 1.0, BenchmarkSource::default()),
            ("a".into(), p("2016-17"), "England".into(), 2.0, BenchmarkSource::default()),
            ("a".into(), p("2018-19"), "England".into(), 9.0, BenchmarkSource::default()),
            ("a".into(), p("2018-03"), "England".into(), 8.0, BenchmarkSource::default()),
            ("a".into(), p("2016-17"), "Region".into(), 3.0, BenchmarkSource::default()),
        ];
        let got = latest_benchmarks(rows.clone().into_iter(), FinancialYear::new(2017), None);
        assert_eq!(
            got["a"].iter().map(|b| (b.comparator.as_str(), b.value)).collect::<Vec<_>>(),
            [("England", 8.0), ("Region", 3.0)],
            "March 2018 is the latest England figure that ends by the reporting year's end"
        );
        let only = vec!["england".to_string()];
        let got = latest_benchmarks(rows.into_iter(), FinancialYear::new(2017), Some(&only));
        assert_eq!(got["a"].len(), 1);
    }
}
