//! `figures.json`: the figures with their definitions, and for the reporting year each one's
//! change from last year, trend and benchmarks, as typed values formatted once.

use super::sink::{OutputFile, Published};
use crate::error::Error;
use crate::indicators::Figures;
use crate::indicators::catalogue::Polarity;
use crate::indicators::compare::Against;
use crate::indicators::compare::{self, Delta, round_f64};
use crate::indicators::figure::{Figure, Unit};
use crate::indicators::stats::Confidence;
use crate::period::Period;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct JsonFigure<'a> {
    indicator: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    lea: Option<&'a str>,
    period: Period,
    value: String,
    numerator: Option<f64>,
    denominator: Option<i64>,
    unit: &'static str,
    /// The confidence interval of a share or rate, at the document's `confidence`.
    #[serde(skip_serializing_if = "Option::is_none")]
    lower_ci: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    upper_ci: Option<String>,
}

#[derive(Serialize)]
struct PeriodValue {
    period: String,
    value: String,
}

#[derive(Serialize)]
struct Benchmark<'a> {
    comparator: String,
    period: Period,
    value: String,
    /// "similar", "higher", "lower" (by the interval), "not_tested" (no interval), or
    /// "other_definition" (shown, not compared).
    against: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    definition: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vintage: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    neighbour_set: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    neighbour_method: Option<&'a str>,
}

/// The exact test of the change from the previous year, for shares and rates.
#[derive(Serialize)]
struct ChangeTest {
    test: &'static str,
    p_value: f64,
    significant: bool,
}

#[derive(Serialize)]
struct Comparison<'a> {
    indicator: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    lea: Option<&'a str>,
    period: Period,
    value: String,
    previous: PeriodValue,
    /// Current minus previous, in the unit (percentage points for percentages); `c`, `x` or `z`
    /// when either side has no value.
    change: String,
    /// The change as a share of the previous value, for counts of 10 or more only.
    change_pct: Option<String>,
    direction: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    change_test: Option<ChangeTest>,
    polarity: Polarity,
    trend: Vec<PeriodValue>,
    benchmarks: Vec<Benchmark<'a>>,
}

#[derive(Serialize)]
struct JsonFigures<'a> {
    edition: crate::settings::Edition,
    /// For the internal edition, that it is not for publication.
    #[serde(skip_serializing_if = "Option::is_none")]
    warning: Option<&'static str>,
    area: &'a str,
    reporting_year: String,
    small_number_threshold: u32,
    /// The level of every interval and test: "95" or "99.8" (per cent).
    confidence: Confidence,
    symbols: BTreeMap<&'static str, &'static str>,
    indicators: &'a [crate::indicators::catalogue::Indicator],
    figures: Vec<JsonFigure<'a>>,
    comparisons: Vec<Comparison<'a>>,
    /// Columns the figures needed that the data lacked (absent, or empty for a year): the
    /// figures built on them are `x` there.
    data_gaps: &'a [crate::indicators::gaps::Gap],
    /// The internal edition's figures outside every authority's published range.
    #[serde(skip_serializing_if = "Option::is_none")]
    check_the_data: Option<&'a [crate::indicators::plausible::Implausible]>,
    /// Figures revised since last year's report (`build --previous`).
    #[serde(skip_serializing_if = "Option::is_none")]
    revisions: Option<&'a crate::indicators::revisions::Revisions>,
}

pub fn sink(p: &Published) -> Result<Vec<OutputFile>, Error> {
    Ok(vec![OutputFile::new(super::file_name("figures", "json", p.run.edition), figures_json(p))])
}

/// `figures.json`: the figures, plus year-on-year change, trend and benchmarks for the reporting year.
fn figures_json(p: &Published) -> Vec<u8> {
    let (figs, compared, run) = (p.figures, p.comparisons, p.run);
    let several = figs.several_authorities();
    let figures = figs
        .rows
        .iter()
        .map(|r| {
            let (n, d) = match &r.figure {
                Figure::Value { numerator, denominator } => (Some(*numerator as f64), *denominator),
                Figure::Given(v) => (Some(*v), None),
                _ => (None, None),
            };
            let (lower, upper) = super::csv::interval_cells(&r.figure, r.unit, run.confidence);
            JsonFigure {
                lower_ci: (!lower.is_empty()).then_some(lower),
                upper_ci: (!upper.is_empty()).then_some(upper),
                indicator: &r.indicator,
                lea: several.then_some(r.lea.as_str()),
                period: r.period,
                value: r.figure.shown(r.unit),
                numerator: n,
                denominator: d,
                unit: r.unit.as_str(),
            }
        })
        .collect();
    let symbols = BTreeMap::from([
        (
            "c",
            "suppressed to protect confidentiality (a count from 1 to the threshold, or a figure from which one could be worked out)",
        ),
        ("x", "not available: the data does not cover this period, or the file or a column it needs was not supplied"),
        ("z", "not applicable: a share or rate of nothing"),
    ]);
    let doc = JsonFigures {
        area: &run.area_name,
        reporting_year: figs.reporting_year.to_string(),
        edition: run.edition,
        warning: (run.edition == crate::settings::Edition::Internal).then_some(super::INTERNAL_WARNING),
        small_number_threshold: run.small_number_threshold,
        confidence: run.confidence,
        symbols,
        indicators: &figs.indicators,
        figures,
        comparisons: comparisons(figs, compared),
        data_gaps: &figs.gaps,
        check_the_data: (run.edition == crate::settings::Edition::Internal).then_some(figs.implausible.as_slice()),
        revisions: p.revisions,
    };
    let mut out = serde_json::to_vec_pretty(&doc).expect("figures serialise");
    out.push(b'\n');
    out
}

fn comparisons<'a>(figs: &Figures, compared: &[compare::Comparison<'a>]) -> Vec<Comparison<'a>> {
    let polarity: BTreeMap<&str, Polarity> = figs.indicators.iter().map(|i| (i.id.as_str(), i.polarity)).collect();
    compared
        .iter()
        .map(|c| {
            let unit = c.row.unit;
            let (change, change_pct, direction) = match &c.delta {
                Delta::Change(ch) => (ch.diff.clone(), ch.pct.clone(), Some(ch.direction.as_str())),
                other => (other.symbol().unwrap_or("x").to_string(), None, None),
            };
            Comparison {
                indicator: &c.row.indicator,
                lea: figs.several_authorities().then_some(c.row.lea.as_str()),
                period: c.row.period,
                value: c.row.figure.shown(unit),
                previous: PeriodValue { period: c.previous_period.to_string(), value: c.previous.shown(unit) },
                change,
                change_pct,
                direction,
                change_test: c.test.map(|t| ChangeTest {
                    test: if unit == Unit::Pct { "fisher_exact" } else { "poisson_conditional_exact" },
                    // Six decimal places: enough to read, and stable across platforms.
                    p_value: format!("{:.6}", t.p).parse().expect("a formatted number"),
                    significant: t.significant,
                }),
                polarity: polarity.get(c.row.indicator.as_str()).copied().unwrap_or(Polarity::Neutral),
                trend: c
                    .trend
                    .iter()
                    .map(|(y, f)| PeriodValue { period: y.to_string(), value: f.shown(unit) })
                    .collect(),
                // In the indicator's own precision: a rate of 50 is "50.0".
                benchmarks: c
                    .benchmarks
                    .iter()
                    .map(|b| Benchmark {
                        comparator: b.comparator.clone(),
                        period: b.period,
                        value: round_f64(b.value, unit.places() as usize),
                        against: against_name(c.against(b)),
                        source: b.about.source.as_deref(),
                        definition: b.about.definition.as_deref(),
                        vintage: b.about.vintage.as_deref(),
                        neighbour_set: b.about.neighbours.as_deref(),
                        neighbour_method: b.about.method.as_deref(),
                    })
                    .collect(),
            }
        })
        .collect()
}

fn against_name(a: Against) -> &'static str {
    match a {
        Against::Similar => "similar",
        Against::Higher => "higher",
        Against::Lower => "lower",
        Against::NotTested => "not_tested",
        Against::OtherDefinition => "other_definition",
    }
}
