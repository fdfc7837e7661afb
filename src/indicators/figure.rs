//! A figure as published: a value with its exact working, or the reason there is none.

use crate::period::Period;
use serde::Serialize;

/// A figure's place: (authority, indicator id, period).
pub type Key = (String, String, Period);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Count,
    Pct,
    RatePer10k,
    Mean,
    PerWeek,
    Years,
    /// A mean number of days, published whole (the DfE's adoption timeliness).
    Days,
    /// Partner measures in pounds or weeks, as supplied.
    Gbp,
    Weeks,
}

impl Unit {
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Count => "count",
            Unit::Pct => "pct",
            Unit::RatePer10k => "rate_per_10k",
            Unit::Mean => "mean",
            Unit::PerWeek => "per_week",
            Unit::Years => "years",
            Unit::Days => "days",
            Unit::Gbp => "gbp",
            Unit::Weeks => "weeks",
        }
    }

    /// Decimal places as published.
    pub fn places(self) -> u32 {
        match self {
            Unit::Count | Unit::Years | Unit::Days | Unit::Gbp => 0,
            Unit::Pct | Unit::RatePer10k | Unit::PerWeek | Unit::Weeks => 1,
            Unit::Mean => 2,
        }
    }

    /// What `numerator ÷ denominator` is multiplied by.
    fn scale(self) -> i128 {
        match self {
            Unit::Pct => 100,
            Unit::RatePer10k => 10_000,
            Unit::PerWeek => 7,
            _ => 1,
        }
    }
}

/// Why a figure is not shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Suppression {
    /// A count from 1 to the threshold.
    SmallCount,
    /// A percentage, rate or mean built on a small count.
    SmallNumerator,
    /// Hidden so that another suppressed cell cannot be worked out from a total.
    Secondary,
    /// A count from 1 to the threshold that is not said to be small ("fewer than 6"), so that
    /// small counts adding up to it cannot be worked out: it reads as a secondary suppression.
    Concealed,
    /// It describes one person (the youngest or oldest age).
    Individual,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Figure {
    /// `numerator` over `denominator` (absent for counts) in the figure's unit.
    Value {
        numerator: i64,
        denominator: Option<i64>,
    },
    /// A value supplied as it is (partner measures), already in its unit.
    Given(f64),
    Suppressed {
        reason: Suppression,
        numerator: i64,
        denominator: Option<i64>,
    },
    /// The data does not cover it (`x`).
    NotAvailable,
    /// It cannot exist, such as a share of nothing (`z`).
    NotApplicable,
}

impl Figure {
    pub fn of(numerator: i64, denominator: Option<i64>) -> Self {
        match denominator {
            Some(0) => Figure::NotApplicable,
            _ => Figure::Value { numerator, denominator },
        }
    }

    /// The symbol or rounded value as `figures.csv` prints it.
    pub fn shown(&self, unit: Unit) -> String {
        match self {
            Figure::Value { numerator, denominator } => round_half_up(*numerator, denominator.unwrap_or(1), unit),
            Figure::Given(v) => format_given(*v),
            Figure::Suppressed { .. } => "c".into(),
            Figure::NotAvailable => "x".into(),
            Figure::NotApplicable => "z".into(),
        }
    }

    /// The unrounded value, for comparisons.
    pub fn exact(&self, unit: Unit) -> Option<f64> {
        match self {
            Figure::Value { numerator, denominator } => {
                Some(*numerator as f64 * unit.scale() as f64 / denominator.unwrap_or(1) as f64)
            }
            Figure::Given(v) => Some(*v),
            _ => None,
        }
    }

    pub fn is_suppressed(&self) -> bool {
        matches!(self, Figure::Suppressed { .. })
    }
}

/// Rounds `numerator × scale ÷ denominator` half away from zero, in exact integer arithmetic
/// (floating point would turn 12.25 into 12.2).
pub fn round_half_up(numerator: i64, denominator: i64, unit: Unit) -> String {
    let places = unit.places();
    let ten = 10i128.pow(places);
    let n = i128::from(numerator) * unit.scale() * ten;
    let d = i128::from(denominator);
    let (n, d) = if d < 0 { (-n, -d) } else { (n, d) };
    let q = (2 * n.abs() + d) / (2 * d);
    let q = if n < 0 { -q } else { q };
    if places == 0 {
        return q.to_string();
    }
    let sign = if q < 0 { "-" } else { "" };
    let q = q.abs();
    format!("{sign}{}.{:0width$}", q / ten, q % ten, width = places as usize)
}

/// Partner values keep their own precision, without float noise (0.1 + 0.2).
fn format_given(v: f64) -> String {
    let s = format!("{:.6}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_half_up_on_exact_values() {
        // 49/400 = 12.25% → 12.3 (a float would give 12.2).
        assert_eq!(round_half_up(49, 400, Unit::Pct), "12.3");
        // 1/8 = 12.5% → 12.5; 1/3 = 33.333…% → 33.3; 2/3 = 66.666…% → 66.7.
        assert_eq!(round_half_up(1, 8, Unit::Pct), "12.5");
        assert_eq!(round_half_up(1, 3, Unit::Pct), "33.3");
        assert_eq!(round_half_up(2, 3, Unit::Pct), "66.7");
        // 402 children in 110,000: 36.5454…/10,000 → 36.5; 45 in 120,000: 3.75 → 3.8.
        assert_eq!(round_half_up(402, 110_000, Unit::RatePer10k), "36.5");
        assert_eq!(round_half_up(45, 120_000, Unit::RatePer10k), "3.8");
        // Mean of scores 7+8 over 2 = 7.5 → "7.50"; 10 over 3 = 3.333… → "3.33"; 5/8 = 0.625 → "0.63".
        assert_eq!(round_half_up(15, 2, Unit::Mean), "7.50");
        assert_eq!(round_half_up(10, 3, Unit::Mean), "3.33");
        assert_eq!(round_half_up(5, 8, Unit::Mean), "0.63");
        // Negative means round away from zero too: -5/8 = -0.625 → "-0.63".
        assert_eq!(round_half_up(-5, 8, Unit::Mean), "-0.63");
        // 23,000 contacts in a 365-day year: 23,000 × 7 / 365 = 441.0958… → 441.1 a week.
        assert_eq!(round_half_up(23_000, 365, Unit::PerWeek), "441.1");
        assert_eq!(round_half_up(0, 5, Unit::Pct), "0.0");
        assert_eq!(round_half_up(22_750, 1, Unit::Count), "22750");
    }

    #[test]
    fn symbols_for_figures_without_a_value() {
        let c = Figure::Suppressed { reason: Suppression::SmallCount, numerator: 3, denominator: None };
        assert_eq!(c.shown(Unit::Count), "c");
        assert_eq!(Figure::NotAvailable.shown(Unit::Pct), "x");
        assert_eq!(Figure::of(0, Some(0)).shown(Unit::Pct), "z");
        assert_eq!(Figure::of(0, None).shown(Unit::Count), "0");
        assert_eq!(Figure::Given(0.1 + 0.2).shown(Unit::Count), "0.3");
        assert_eq!(Figure::Given(42000.0).shown(Unit::Count), "42000");
    }
}
