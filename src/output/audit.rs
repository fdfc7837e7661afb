//! `suppression-audit.json`, internal only: every suppression with its reason and what forced
//! it, and every sensitive figure with the interval a reader could derive. It names which
//! suppressed figures are small, so it is written beside a public report, never inside it.

use super::sink::OutputFile;
use crate::indicators::disclosure::record::{Finding, Record, Sensitive};
use crate::indicators::figure::{Key, Suppression};
use crate::run::Run;
use serde::Serialize;

#[derive(Serialize)]
struct Place<'a> {
    indicator: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    lea: &'a str,
    period: String,
}

fn place(k: &Key) -> Place<'_> {
    Place { indicator: &k.1, lea: &k.0, period: k.2.to_string() }
}

#[derive(Serialize)]
#[serde(untagged)]
enum Item<'a> {
    Count(Place<'a>),
    Complement { whole: Place<'a>, less: Place<'a> },
}

fn item(s: &Sensitive) -> Item<'_> {
    match s {
        Sensitive::Count(k) => Item::Count(place(k)),
        Sensitive::Complement { part, whole } => Item::Complement { whole: place(whole), less: place(part) },
    }
}

#[derive(Serialize)]
struct Protects<'a> {
    figure: Item<'a>,
    relation: &'a str,
}

#[derive(Serialize)]
struct Suppression_<'a> {
    #[serde(flatten)]
    place: Place<'a>,
    reason: Suppression,
    #[serde(skip_serializing_if = "Option::is_none")]
    protects: Option<Protects<'a>>,
}

#[derive(Serialize)]
struct Interval<'a> {
    figure: Item<'a>,
    value: i64,
    lowest_a_reader_can_rule_in: f64,
    highest_a_reader_can_rule_in: Option<f64>,
    /// `solved`: the tightest interval a reader can derive; `shown possible`: values proven
    /// consistent with everything published (what a reader can derive holds at least these).
    interval: &'static str,
    /// `any value from 1 to the threshold` for a count said to be small (or a small
    /// difference), `not exact` for any other `c`.
    must_allow: &'static str,
    protected: bool,
    /// Every non-zero figure it could be worked out from is already suppressed.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    as_wide_as_suppression_allows: bool,
}

#[derive(Serialize)]
struct Audit<'a> {
    edition: &'static str,
    warning: &'static str,
    area: &'a str,
    reporting_year: String,
    rule: &'static str,
    small_number_threshold: u32,
    passed: bool,
    relations_checked: usize,
    suppressed: Vec<Suppression_<'a>>,
    findings: Vec<Interval<'a>>,
}

fn interval(f: &Finding) -> Interval<'_> {
    Interval {
        figure: item(&f.item),
        value: f.value,
        lowest_a_reader_can_rule_in: f.lower,
        highest_a_reader_can_rule_in: f.upper.is_finite().then_some(f.upper),
        interval: if f.solved { "solved" } else { "shown possible" },
        must_allow: if f.small { "any value from 1 to the threshold" } else { "not exact" },
        protected: f.protected,
        as_wide_as_suppression_allows: f.widest,
    }
}

pub fn file(run: &Run, record: &Record) -> OutputFile {
    let doc = Audit {
        edition: "internal",
        warning: super::INTERNAL_WARNING,
        area: &run.area_name,
        reporting_year: run.reporting_year.to_string(),
        rule: crate::indicators::disclosure::RULE,
        small_number_threshold: record.threshold,
        passed: record.passed(),
        relations_checked: record.relations,
        suppressed: record
            .suppressed
            .iter()
            .map(|s| Suppression_ {
                place: place(&s.key),
                reason: s.reason,
                protects: s.protects.as_ref().map(|(f, r)| Protects { figure: item(f), relation: r }),
            })
            .collect(),
        findings: record.findings.iter().map(interval).collect(),
    };
    let mut out = serde_json::to_vec_pretty(&doc).expect("the audit serialises");
    out.push(b'\n');
    OutputFile::new("suppression-audit.json", out)
}
