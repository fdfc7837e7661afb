//! The report as data, built from the figures: what the templates receive. Nothing here is
//! markup except figures (traceable `<data>` elements) and charts.
//!
//! `lookup` finds a figure, `chart_data` turns a declared chart into its chart and data
//! table, `tables` builds the section tables, `summary` the key messages.

mod blocks;
mod chart_data;
mod funnel;
mod lookup;
mod progress;
pub mod revisions;
mod summary;
mod tables;

pub use blocks::{FigureBlock, Section, Table, TableRow};
pub use lookup::Lookup;
pub use progress::progress;
pub use summary::{KeyMessages, key_messages};

use super::charts;
use super::narrative;
use super::sections::{SECTIONS, SectionSpec, TableSpec};
use crate::indicators::figure::Figure;

/// A section is shown when its first headline (or, without headlines, any of its tables) has
/// data for the reporting year.
fn present(spec: &SectionSpec, look: &Lookup) -> bool {
    let year = look.year();
    match spec.headlines.first() {
        Some((id, _)) => look.row(id, year).is_some_and(|r| !matches!(r.figure, Figure::NotAvailable)),
        None => spec.tables.iter().any(|t| match t {
            TableSpec::PartnerMeasures => look.figs.indicators.iter().any(|i| i.id.starts_with("measure.")),
            TableSpec::Budget => look
                .row(crate::indicators::topics::budget::INCOME, year)
                .is_some_and(|r| !matches!(r.figure, Figure::NotAvailable)),
            TableSpec::Actions => !look.figs.actions.is_empty(),
            TableSpec::Routing => true,
            TableSpec::Characteristics => true,
        }),
    }
}

pub fn sections(look: &Lookup, charts_made: &mut Vec<(String, String)>) -> Result<Vec<Section>, charts::ChartError> {
    let mut out = Vec::new();
    for spec in SECTIONS.iter().filter(|s| present(s, look)) {
        let mut sentences = Vec::new();
        for (id, wording) in spec.headlines {
            if let Some(c) = look.comparison(id) {
                let mut s = narrative::headline(wording, c, look.polarity(id), look.threshold());
                if let Some(b) = narrative::benchmarks(c, look.polarity(id)) {
                    s.push_text(" ").push(&b);
                }
                sentences.push(s);
            }
        }
        let mut figures = Vec::new();
        for chart in spec.charts {
            if let Some(block) = chart_data::figure_block(chart, look, spec.id, charts_made.len() + 1)? {
                charts_made.push((format!("{}.svg", block.id), block.svg.as_str().to_string()));
                figures.push(block);
            }
        }
        let tables = spec.tables.iter().filter_map(|t| tables::table(t, look)).collect();
        out.push(Section {
            id: spec.id.into(),
            title: spec.title.into(),
            about: spec.about.into(),
            sentences,
            figures,
            tables,
            commentary: None,
            plans: None,
            challenges: None,
        });
    }
    Ok(out)
}
