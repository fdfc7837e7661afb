//! The "Revisions since last year's report" section: each figure of an earlier year whose
//! published value has changed, with its size and likely reason, and the input files behind it.

use super::super::html::Html;
use super::super::sections::plain;
use super::{Section, Table, TableRow};
use crate::diagnostics::thousands;
use crate::indicators::revisions::Revisions;
use crate::settings::Edition;

pub const ID: &str = "revisions";
pub const TITLE: &str = "Revisions since last year's report";

pub fn section(r: &Revisions, definitions: &dyn Fn(&str) -> Option<String>, edition: Edition) -> Section {
    let n = r.revised.len();
    let made = match &r.version_then {
        Some(v) => format!(", made by safeguard {v}; this report by safeguard {}", r.version_now),
        None => String::new(),
    };
    let summary = match n {
        0 => format!(
            "Of the {} figures for earlier years that last year's report ({}, in {}{made}) published, none has changed beyond rounding.",
            thousands(r.compared as u64),
            r.reporting_year,
            r.against
        ),
        _ => format!(
            "Of the {} figures for earlier years that last year's report ({}, in {}{made}) published, {n} {} changed beyond rounding, as late and corrected records arrived or definitions changed. The table lists each, the figure as published then and now.",
            thousands(r.compared as u64),
            r.reporting_year,
            r.against,
            if n == 1 { "has" } else { "have" }
        ),
    };
    let mut sentences = vec![Html::text(&summary)];
    if r.not_recomputed > 0 {
        sentences.push(Html::text(&format!(
            "{} {} that last year's report published {} not worked out again for earlier years (such as the board's actions as they stood at that year's end); {} as published.",
            r.not_recomputed,
            if r.not_recomputed == 1 { "figure" } else { "figures" },
            if r.not_recomputed == 1 { "is" } else { "are" },
            if r.not_recomputed == 1 { "it stands" } else { "they stand" }
        )));
    }
    if !r.inputs.is_empty() {
        let files: Vec<String> = r
            .inputs
            .iter()
            .map(|i| match (i.rows_then, i.rows_now) {
                (Some(a), Some(b)) => format!("{} ({} rows then, {} now)", i.file, thousands(a), thousands(b)),
                (None, Some(b)) => format!("{} (not given last year; {} rows now)", i.file, thousands(b)),
                (Some(a), None) => format!("{} ({} rows last year; not given now)", i.file, thousands(a)),
                (None, None) => i.file.clone(),
            })
            .collect();
        sentences.push(Html::text(&format!("Input files that differ from last year's: {}.", files.join("; "))));
    }
    let label = |id: &str| {
        let d = definitions(id).unwrap_or_else(|| id.to_string());
        let d = if edition == Edition::Public { plain::in_words(&d) } else { d };
        super::super::narrative::capitalise(&d)
    };
    let rows: Vec<TableRow> = r
        .revised
        .iter()
        .map(|v| {
            let place = v.lea.as_deref().map(|l| format!(", authority {l}")).unwrap_or_default();
            let cells = [
                v.period.clone(),
                v.published.clone(),
                v.now.clone(),
                v.change.clone().unwrap_or_else(|| "not a change in value".into()),
                v.why.clone(),
            ]
            .map(|c| Html::text(&c))
            .to_vec();
            TableRow { label: format!("{}{place} ({})", label(&v.indicator), v.indicator), cells }
        })
        .collect();
    let tables = (!rows.is_empty())
        .then(|| Table {
            caption: format!("Figures revised since the {} report", r.reporting_year),
            head: ["Figure", "Year", "Published then", "Now", "Change", "Likely reason"].map(String::from).to_vec(),
            rows,
            note: Some(format!(
                "A figure is revised when its published value differs, not when only its unrounded value does. Changes are in the figure's unit (percentage points for percentages). {}",
                "c: suppressed; x: not available; z: not applicable."
            )),
        })
        .into_iter()
        .collect();
    Section {
        id: ID.into(),
        title: TITLE.into(),
        about: "Figures for earlier years as last year's report published them, beside the same figures now.".into(),
        sentences,
        figures: Vec::new(),
        tables,
        commentary: None,
        plans: None,
        challenges: None,
    }
}
