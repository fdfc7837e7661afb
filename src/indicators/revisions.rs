//! Revisions since last year's report: every figure of an earlier year as it was published
//! then (`build --previous`) beside the same figure now. A figure is revised when what a reader
//! sees differs: its value as published (so a change hidden by rounding is not one), or its
//! symbol. Each revision gets the likeliest reason the data shows, read from the two reports'
//! definitions, figures and manifests.

use super::Figures;
use super::figure::Figure;
use crate::load::previous::Previous;
use crate::period::Period;
use crate::run::Run;
use serde::Serialize;
use std::collections::BTreeMap;

/// Figures that follow children for a time after the year (early help ended, then a referral
/// within 3 or 12 months): last year's report could see that time only up to its year's end,
/// so they grow as it passes, with no record changed. Their shares (`.pct`) too.
pub const FOLLOWED: &[&str] = &[
    "early_help.ended.followed_3m",
    "early_help.ended.stepped_up",
    "early_help.ended.followed_12m",
    "early_help.ended.referred_12m",
];

#[derive(Debug, Clone, Serialize)]
pub struct Revisions {
    /// Last year's report, as the folder is named.
    pub against: String,
    /// Its figures file's SHA-256, for the manifest.
    #[serde(skip)]
    pub sha256: String,
    pub reporting_year: String,
    /// The tool versions that made last year's figures and this year's.
    pub version_then: Option<String>,
    pub version_now: &'static str,
    /// How many figures were found in both.
    pub compared: usize,
    /// Figures last year's report published that this one does not work out again (`x` now,
    /// such as the board's actions as they stood at an earlier year's end): they stand as
    /// published, and are not revisions.
    pub not_recomputed: usize,
    pub revised: Vec<Revision>,
    /// Input files that differ from those last year's figures were made from.
    pub inputs: Vec<InputChange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Revision {
    pub indicator: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lea: Option<String>,
    pub period: String,
    pub unit: &'static str,
    /// As last year's report published it.
    pub published: String,
    pub now: String,
    /// Now minus then, in the unit, when both are values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
    pub reason: Reason,
    /// The reason in words, for the report.
    pub why: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The indicator's definition or unit differs between the two reports.
    DefinitionChanged,
    /// Not available then (no data for it), a value now.
    NowAvailable,
    /// A share of nothing then (`z`), a value now.
    NowApplicable,
    /// A value then; suppressed now, as the revised count is small or would reveal one.
    NowSuppressed,
    NoLongerSuppressed,
    /// The same numerator over a different denominator.
    DenominatorRevised,
    /// The population estimate behind the rates.
    PopulationRevised,
    /// A figure that follows children after the year, which can now follow them longer.
    FollowedLonger,
    /// A different count: the records for that year changed.
    RecordsChanged,
    /// Nothing in the data explains it.
    Unexplained,
}

#[derive(Debug, Clone, Serialize)]
pub struct InputChange {
    /// The contract table (`contacts`), as both manifests name it.
    pub table: String,
    pub file: String,
    /// Rows then and now; `None` when the file was not given that year.
    pub rows_then: Option<u64>,
    pub rows_now: Option<u64>,
}

/// Compares every figure of a year both reports cover, for the authorities of both.
pub fn revisions(figs: &Figures, previous: &Previous, run: &Run) -> Revisions {
    let several = figs.several_authorities();
    let then: BTreeMap<(&str, &str, &str), &crate::load::previous::PreviousFigure> = previous
        .figures
        .iter()
        .map(|f| ((f.lea.as_deref().unwrap_or(""), f.indicator.as_str(), f.period.as_str()), f))
        .collect();
    let definition: BTreeMap<&str, &str> =
        figs.indicators.iter().map(|i| (i.id.as_str(), i.definition.as_str())).collect();
    let inputs = input_changes(previous, run);
    let last = previous.reporting_year;
    let mut compared = 0;
    let mut not_recomputed = 0;
    let population: Vec<&str> = figs
        .indicators
        .iter()
        .filter(|i| i.recipe == super::catalogue::Recipe::Population)
        .map(|i| i.id.as_str())
        .collect();
    let mut revised = Vec::new();
    for r in &figs.rows {
        let covered = match r.period {
            Period::Year(y) => last.is_some_and(|l| y <= l),
            Period::Month(_) => r.period.year().zip(last).is_some_and(|(y, l)| y <= l),
        };
        if !covered {
            continue;
        }
        let lea = if several { r.lea.as_str() } else { "" };
        let period = r.period.to_string();
        let Some(old) = then.get(&(lea, r.indicator.as_str(), period.as_str())) else { continue };
        compared += 1;
        let now = r.figure.shown(r.unit);
        if same(&old.value, &now) && old.unit == r.unit.as_str() {
            continue;
        }
        if now == "x" && old.value != "x" {
            not_recomputed += 1;
            continue;
        }
        let old_definition = previous.definitions.get(&r.indicator).map(String::as_str);
        let redefined = old.unit != r.unit.as_str()
            || old_definition.is_some_and(|d| Some(d) != definition.get(r.indicator.as_str()).copied());
        let followed = FOLLOWED.iter().any(|f| r.indicator == *f || r.indicator == format!("{f}.pct"));
        let (reason, why) = if population.contains(&r.indicator.as_str()) && !redefined {
            (Reason::PopulationRevised, "the population estimate was revised (population.csv)".to_string())
        } else if followed && !redefined {
            let why = "more of the time after the year shows now: last year's report could follow children only to its own year's end";
            (Reason::FollowedLonger, why.to_string())
        } else {
            reason(old, &r.figure, &now, redefined, previous, &inputs)
        };
        revised.push(Revision {
            indicator: r.indicator.clone(),
            lea: several.then(|| r.lea.clone()),
            period: period.clone(),
            unit: r.unit.as_str(),
            published: old.value.clone(),
            change: change(&old.value, &now),
            now,
            reason,
            why,
        });
    }
    Revisions {
        against: previous.name.clone(),
        sha256: previous.sha256.clone(),
        reporting_year: last.map(|y| y.to_string()).unwrap_or_default(),
        version_then: previous.version.clone(),
        version_now: env!("CARGO_PKG_VERSION"),
        compared,
        not_recomputed,
        revised,
        inputs,
    }
}

/// The same as published: the same text, or the same number written two ways ("45", "45.0").
fn same(a: &str, b: &str) -> bool {
    a == b || matches!((a.parse::<f64>(), b.parse::<f64>()), (Ok(x), Ok(y)) if x == y)
}

/// Now minus then, to the places of the more precise of the two.
fn change(then: &str, now: &str) -> Option<String> {
    let (a, b) = (then.parse::<f64>().ok()?, now.parse::<f64>().ok()?);
    let places = |s: &str| s.split_once('.').map_or(0, |(_, f)| f.len());
    let p = places(then).max(places(now));
    let d = b - a;
    Some(format!("{}{:.*}", if d > 0.0 { "+" } else { "" }, p, d))
}

fn reason(
    old: &crate::load::previous::PreviousFigure,
    now: &Figure,
    shown: &str,
    redefined: bool,
    previous: &Previous,
    inputs: &[InputChange],
) -> (Reason, String) {
    if redefined {
        let versions = match &previous.version {
            Some(v) if v != env!("CARGO_PKG_VERSION") => {
                format!(" between safeguard {v} and {}", env!("CARGO_PKG_VERSION"))
            }
            _ => String::new(),
        };
        return (Reason::DefinitionChanged, format!("its definition changed{versions}"));
    }
    match (old.value.as_str(), shown) {
        ("x", _) => {
            let new_files: Vec<&str> =
                inputs.iter().filter(|i| i.rows_then.is_none()).map(|i| i.file.as_str()).collect();
            let why = if new_files.is_empty() {
                "now available: the data now covers it".to_string()
            } else {
                format!("now available: {} was not given last year", new_files.join(", "))
            };
            return (Reason::NowAvailable, why);
        }
        ("z", _) => {
            let why = "a share of nothing then, a value now: its records arrived later, or the time it follows children for has passed";
            return (Reason::NowApplicable, why.into());
        }
        (_, "c") => {
            let why = "now suppressed: with the revised records it is a small count, or would reveal one";
            return (Reason::NowSuppressed, why.into());
        }
        ("c", _) => return (Reason::NoLongerSuppressed, "no longer suppressed: the revised count is not small".into()),
        _ => {}
    }
    if let Figure::Value { numerator, denominator } = now {
        let same_numerator = old.numerator.is_some_and(|n| n == *numerator as f64);
        let denominators = (old.denominator, denominator.map(|d| d as f64));
        if same_numerator && matches!(denominators, (Some(a), Some(b)) if a != b) {
            let (a, b) = (denominators.0.unwrap_or(0.0), denominators.1.unwrap_or(0.0));
            return (Reason::DenominatorRevised, format!("the denominator was revised, from {a} to {b}"));
        }
        if old.numerator.is_some() && !same_numerator {
            let why = if inputs.is_empty() {
                "the count changed, though no input file did: how it is worked out changed"
            } else {
                "the count changed: the records for that year differ (a late or corrected return)"
            };
            return (Reason::RecordsChanged, why.into());
        }
    }
    (Reason::Unexplained, "the data shows no reason".into())
}

/// The input tables whose files differ from those last year's figures were made from.
fn input_changes(previous: &Previous, run: &Run) -> Vec<InputChange> {
    if previous.inputs.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for now in &run.inputs {
        let then = previous.inputs.iter().find(|p| p.table == now.stem);
        if then.is_some_and(|t| t.sha256 == now.sha256) {
            continue;
        }
        out.push(InputChange {
            table: now.stem.to_string(),
            file: now.file_name.clone(),
            rows_then: then.map(|t| t.rows),
            rows_now: Some(now.rows as u64),
        });
    }
    for then in &previous.inputs {
        if !run.inputs.iter().any(|i| i.stem == then.table) {
            out.push(InputChange {
                table: then.table.clone(),
                file: then.file.clone(),
                rows_then: Some(then.rows),
                rows_now: None,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_figures_that_follow_children_after_the_year_are_declared() {
        for id in FOLLOWED {
            assert!(crate::indicators::topics::is_known(id), "{id}");
        }
    }

    #[test]
    fn a_change_hidden_by_rounding_is_no_revision() {
        assert!(same("45", "45.0"));
        assert!(same("c", "c"));
        assert!(!same("45.1", "45.2"));
        assert!(!same("12", "c"));
    }

    #[test]
    fn the_change_is_worked_to_the_finer_places() {
        // 21971 → 22003: +32; 45.1% → 44.85… published 44.9: -0.2 percentage points.
        assert_eq!(change("21971", "22003").as_deref(), Some("+32"));
        assert_eq!(change("45.1", "44.9").as_deref(), Some("-0.2"));
        assert_eq!(change("x", "12"), None);
    }
}
