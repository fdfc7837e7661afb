//! Stage 5 (the HTML sink): the annual report, one self-contained file, built from the
//! computed and compared figures. The report is first assembled as data (`model`), then
//! rendered through templates (`templates`); charts are drawn by `charts`, sentences written
//! by `narrative`, and the board's own words read by `narrative_files`.

pub mod charts;
pub mod html;
pub mod model;
pub mod narrative;
pub mod narrative_files;
pub mod sections;
pub mod templates;

use crate::indicators::Figures;
use crate::indicators::compare;
use html::Html;
use minijinja::context;
use minijinja::value::Serde;
use model::{Lookup, Section};
use narrative_files::NarrativeFiles;
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{file}{}: {message}", line.map(|l| format!(", line {l}")).unwrap_or_default())]
    Narrative { file: String, line: Option<usize>, message: String },
    #[error("the report template {name}{}: {message}", line.map(|l| format!(", line {l}")).unwrap_or_default())]
    Template { name: String, line: Option<usize>, message: String },
    #[error("{0}")]
    Templates(String),
    #[error(transparent)]
    Chart(#[from] charts::ChartError),
}

impl From<minijinja::Error> for ReportError {
    fn from(e: minijinja::Error) -> Self {
        // An error inside an included template is wrapped by the includer's: report the
        // innermost, which names the file and line to fix.
        let mut e = &e;
        while let Some(inner) = std::error::Error::source(e).and_then(|s| s.downcast_ref::<minijinja::Error>()) {
            e = inner;
        }
        ReportError::Template {
            name: e.name().unwrap_or("report.html.j2").to_string(),
            line: e.line(),
            message: e.detail().map_or_else(|| e.kind().to_string(), str::to_string),
        }
    }
}

/// An input file as the provenance notes list it.
#[derive(Debug, Clone, Serialize)]
pub struct InputFile {
    pub file: String,
    pub rows: usize,
    pub sha256: String,
}

/// Everything the report needs besides the figures.
pub struct ReportInputs {
    pub area: String,
    /// The authority the report is about (`all` for several together).
    pub lea: String,
    pub inputs: Vec<InputFile>,
    pub small_number_threshold: u32,
    pub narrative: NarrativeFiles,
    pub templates: Option<PathBuf>,
}

pub struct Rendered {
    pub html: Vec<u8>,
    /// (file name, SVG) for the charts folder.
    pub charts: Vec<(String, String)>,
}

#[derive(Serialize)]
struct Term {
    abbreviation: &'static str,
    meaning: &'static str,
}

#[derive(Serialize)]
struct Definition {
    id: String,
    unit: &'static str,
    definition: String,
}

#[derive(Serialize)]
struct Notes {
    small_number_threshold: u32,
    symbols: Vec<(&'static str, &'static str)>,
    definitions: Vec<Definition>,
    inputs: Vec<InputFile>,
}

#[derive(Serialize)]
struct Report {
    area: String,
    year: String,
    previous_year: String,
    /// The reporting year's first and last days, in words: "1 April 2017", "31 March 2018".
    first_day: String,
    last_day: String,
    edition: &'static str,
    internal: bool,
    tool: String,
    foreword: Option<Html>,
    priorities: Option<Html>,
    key_messages: Vec<model::KeyMessages>,
    sections: Vec<Section>,
    glossary: Vec<Term>,
    notes: Notes,
}

/// Names a narrative file may have: the report's ends and each section's parts.
pub fn narrative_names() -> Vec<String> {
    let mut names = vec!["foreword".to_string(), "priorities".to_string()];
    for s in sections::SECTIONS {
        names.push(s.id.to_string());
        names.push(format!("{}.plans", s.id));
        names.push(format!("{}.challenges", s.id));
    }
    names
}

pub fn build(
    figs: &Figures,
    comparisons: &[compare::Comparison],
    inputs: &ReportInputs,
) -> Result<Rendered, ReportError> {
    let look = Lookup::new(figs, comparisons, &inputs.lea, &inputs.area);
    let mut charts = Vec::new();
    let mut sections = model::sections(&look, &mut charts)?;
    // The narrative environment quotes any figure, so it is built only when there is narrative.
    let narrator = (!inputs.narrative.0.is_empty()).then(|| narrative_files::Narrator::new(&look));
    let board = |stem: &str| -> Result<Option<Html>, ReportError> {
        match (inputs.narrative.0.get(stem), &narrator) {
            (Some((name, source)), Some(n)) => n.render(name, source).map(Some),
            _ => Ok(None),
        }
    };
    for s in &mut sections {
        s.commentary = board(&s.id)?;
        s.plans = board(&format!("{}.plans", s.id))?;
        s.challenges = board(&format!("{}.challenges", s.id))?;
    }
    let mut report = Report {
        area: inputs.area.clone(),
        year: figs.reporting_year.to_string(),
        previous_year: figs.reporting_year.previous().to_string(),
        first_day: figs.reporting_year.first_day().format("%-d %B %Y").to_string(),
        last_day: figs.reporting_year.last_day().format("%-d %B %Y").to_string(),
        edition: if figs.edition == crate::settings::Edition::Internal { "internal" } else { "public" },
        internal: figs.edition == crate::settings::Edition::Internal,
        tool: format!("{} {}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION")),
        foreword: board("foreword")?,
        priorities: board("priorities")?,
        key_messages: model::key_messages(&look),
        notes: notes(&look, &sections, inputs),
        sections,
        glossary: Vec::new(),
    };
    let env = templates::environment(inputs.templates.as_deref())?;
    // The glossary lists the abbreviations the rest of the report uses, so it is found from a
    // first rendering.
    let first = render(&env, &report)?;
    report.glossary = sections::GLOSSARY
        .iter()
        .filter(|(abbr, _)| uses_word(&first, abbr))
        .map(|(abbreviation, meaning)| Term { abbreviation, meaning })
        .collect();
    let html = render(&env, &report)?;
    Ok(Rendered { html: html.into_bytes(), charts })
}

fn render(env: &minijinja::Environment<'static>, report: &Report) -> Result<String, ReportError> {
    let template = env.get_template("report.html.j2")?;
    Ok(template.render(context! { report => Serde(report) })?)
}

/// Whether `word` appears in the text as a word of its own (not inside "LADO" for "LA").
fn uses_word(text: &str, word: &str) -> bool {
    let bytes = text.as_bytes();
    text.match_indices(word).any(|(i, _)| {
        let before = i.checked_sub(1).map(|j| bytes[j]);
        let after = bytes.get(i + word.len()).copied();
        let boundary = |b: Option<u8>| b.is_none_or(|b| !b.is_ascii_alphanumeric() && b != b'-' && b != b'_');
        boundary(before) && boundary(after)
    })
}

fn notes(look: &Lookup, sections: &[Section], inputs: &ReportInputs) -> Notes {
    let quoted: Vec<&str> = sections::SECTIONS
        .iter()
        .filter(|s| sections.iter().any(|shown| shown.id == s.id))
        .flat_map(|s| s.headlines.iter().map(|(id, _)| *id))
        .collect();
    let definitions = quoted
        .iter()
        .filter_map(|id| look.indicator(id))
        .map(|i| Definition { id: i.id.clone(), unit: i.unit.as_str(), definition: i.definition.clone() })
        .collect();
    Notes {
        small_number_threshold: inputs.small_number_threshold,
        symbols: vec![
            (
                "c",
                "suppressed to protect confidentiality: a count from 1 to the threshold, or a figure from which one could be worked out",
            ),
            ("x", "not available: the data does not cover this period, or the file was not supplied"),
            ("z", "not applicable: a share or rate of nothing"),
        ],
        definitions,
        inputs: inputs.inputs.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_are_found_as_whole_words() {
        assert!(uses_word("Referrals to the LADO rose", "LADO"));
        assert!(!uses_word("Referrals to the LADO rose", "LA"));
        assert!(uses_word("(CP) plans", "CP"));
        assert!(!uses_word("CPP", "CP"));
    }
}
