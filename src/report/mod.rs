//! Stage 5 (the HTML sink): the annual report, one self-contained file, built from the
//! computed and compared figures. The report is first assembled as data (`model`, from the
//! sections declared in `sections`), then rendered through templates (`templates`); charts
//! are drawn by `charts`, sentences written by `narrative`, and the board's own words read by
//! `narrative_files`.

pub mod charts;
pub mod ees;
pub mod html;
pub mod images;
pub mod model;
pub mod narrative;
pub mod narrative_files;
pub mod pdf;
pub mod sections;
pub mod templates;
pub mod workbook;

use crate::error::Error;
use crate::indicators::Figures;
use crate::indicators::compare;
use crate::output::{OutputFile, Published};
use crate::run::Run;
use crate::settings::Edition;
use html::Html;
use minijinja::context;
use minijinja::value::Serde;
use model::{Lookup, Section};
use serde::Serialize;
use std::collections::BTreeMap;

/// An input file as the provenance notes list it.
#[derive(Debug, Clone, Serialize)]
pub struct InputFile {
    pub file: String,
    pub rows: usize,
    pub sha256: String,
}

/// The report sink: `report.html`, `report.pdf` when a Chromium was given to print it, and
/// every chart on its own in `charts/`.
pub fn sink(p: &Published) -> Result<Vec<OutputFile>, Error> {
    let Rendered { html, charts } = build(p.figures, p.comparisons, p.run, p.revisions)?;
    let pdf = match &p.run.paths.chromium {
        Some(chromium) => Some(pdf::print(chromium, &html, p.run.reporting_year).map_err(|reason| Error::Write {
            path: crate::output::file_name("report", "pdf", p.run.edition).into(),
            reason,
        })?),
        None => None,
    };
    let mut files = vec![OutputFile::new(crate::output::file_name("report", "html", p.run.edition), html)];
    files.extend(pdf.map(|bytes| OutputFile::new(crate::output::file_name("report", "pdf", p.run.edition), bytes)));
    files.extend(charts.into_iter().map(|(name, svg)| OutputFile::new(format!("charts/{name}"), svg.into_bytes())));
    Ok(files)
}

/// The report's HTML, and each chart's SVG by its file name.
struct Rendered {
    html: Vec<u8>,
    charts: Vec<(String, String)>,
}

#[derive(Serialize)]
struct Term {
    /// The abbreviation or term.
    abbreviation: String,
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
    gaps: Vec<GapNote>,
    /// Sections left out, each with the files that would bring it (none of which was supplied).
    left_out: Vec<(&'static str, String)>,
    /// The internal edition's "check the data" list (empty in the public edition).
    implausible: Vec<ImplausibleNote>,
    /// The level of every interval and test, "95%".
    confidence: &'static str,
    comparators: Vec<ComparatorNote>,
    /// Published figures listed under an indicator whose definition they do not follow.
    not_compared: Vec<String>,
}

/// Where one comparator's figures of one period come from, as `benchmarks.csv` says.
#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct ComparatorNote {
    comparator: String,
    period: String,
    source: String,
    published: String,
    /// For statistical neighbours: the set, and whether its mean or median.
    neighbours: String,
    figures: String,
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
    /// The board's priorities beside their measures.
    progress: Option<model::Table>,
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

/// Puts the sections in the order report.toml's `outline` gives; those it does not name
/// follow in their own order, so that none is lost. An id that is neither a section nor a
/// file of the narrative folder is an error.
fn in_outline_order(
    sections: &mut [model::Section],
    outline: &[String],
    narrative: &narrative_files::NarrativeFiles,
) -> Result<(), Error> {
    let fixed = narrative_names();
    let own = |id: &str| narrative.0.contains_key(id) && !fixed.iter().any(|f| f == id);
    let expected = |id: &str| sections::BOARD_SECTIONS.iter().any(|(b, _)| *b == id);
    let known = |id: &str| {
        sections::SECTIONS.iter().any(|s| s.id == id) || own(id) || expected(id) || id == model::revisions::ID
    };
    if let Some(unknown) = outline.iter().find(|id| !known(id)) {
        let ids: Vec<&str> = sections::SECTIONS.iter().map(|s| s.id).collect();
        return Err(Error::Narrative {
            file: "report.toml".into(),
            line: None,
            message: format!(
                "`outline` names `{}`, which is neither a section of the report ({}) nor a file of the narrative folder",
                crate::load::personal::shorten(unknown),
                ids.join(", ")
            ),
        });
    }
    let place = |s: &model::Section| outline.iter().position(|id| *id == s.id).unwrap_or(outline.len());
    sections.sort_by_key(place);
    Ok(())
}

fn build(
    figs: &Figures,
    comparisons: &[compare::Comparison],
    run: &Run,
    revisions: Option<&crate::indicators::revisions::Revisions>,
) -> Result<Rendered, Error> {
    let narrative = narrative_files::read(&run.paths.narrative, &run.paths.data, &narrative_names())?;
    let look = Lookup::new(figs, comparisons, &run.subject, &run.area_name).with_thresholds(run.thresholds.clone());
    let mut charts = Vec::new();
    let mut sections = model::sections(&look, &mut charts).map_err(|e| Error::Internal(e.to_string()))?;
    // The narrative environment quotes any figure, so it is built only when there is narrative.
    let narrator = (!narrative.0.is_empty())
        .then(|| narrative_files::Narrator::new(&look).with_images(&run.paths.narrative, &run.paths.data));
    let board = |stem: &str| -> Result<Option<Html>, Error> {
        match (narrative.0.get(stem), &narrator) {
            (Some((name, source)), Some(n)) => n.render(name, source).map(Some),
            _ => Ok(None),
        }
    };
    for s in &mut sections {
        s.commentary = board(&s.id)?;
        s.plans = board(&format!("{}.plans", s.id))?;
        s.challenges = board(&format!("{}.challenges", s.id))?;
    }
    // The board's sections of its own: no code names them.
    for (id, name, title, body) in narrative_files::own_sections(&narrative, &narrative_names())? {
        let Some(n) = &narrator else { break };
        sections.push(model::Section::of_the_board(id, title, n.render(&name, &body)?));
    }
    // After the sections the outline does not place, unless it places this one.
    if let Some(r) = revisions {
        let definition = |id: &str| look.indicator(id).map(|i| i.definition.clone());
        sections.push(model::revisions::section(r, &definition, run.edition));
    }
    let outline =
        run.outline.clone().unwrap_or_else(|| sections::DEFAULT_OUTLINE.iter().map(|s| s.to_string()).collect());
    in_outline_order(&mut sections, &outline, &narrative)?;
    let unwritten = unwritten(&sections, &outline, run);
    let mut report = Report {
        area: run.area_name.clone(),
        year: figs.reporting_year.to_string(),
        previous_year: figs.reporting_year.previous().to_string(),
        first_day: figs.reporting_year.first_day().format("%-d %B %Y").to_string(),
        last_day: figs.reporting_year.last_day().format("%-d %B %Y").to_string(),
        edition: if run.edition == Edition::Internal { "internal" } else { "public" },
        internal: run.edition == Edition::Internal,
        tool: format!("{} {}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION")),
        foreword: board("foreword")?,
        priorities: board("priorities")?,
        progress: model::progress(&look, &run.priorities).map_err(|message| Error::Narrative {
            file: "report.toml".into(),
            line: None,
            message,
        })?,
        key_messages: model::key_messages(&look),
        notes: notes(&look, &sections, run, unwritten),
        sections,
        glossary: Vec::new(),
    };
    let overrides = run.paths.templates.as_deref();
    let env = templates::environment(overrides)?;
    let render = |report: &Report| render(&env, report).map_err(|e| templates::error(e, overrides.is_some()));
    // The glossary lists the abbreviations and terms the rest of the report uses, so it is
    // found from a first rendering.
    let first = render(&report)?;
    let lower = first.to_lowercase();
    let terms = sections::TERMS
        .iter()
        .filter(|(term, _)| uses_word(&lower, term) || uses_word(&lower, &format!("{term}s")))
        .map(|(term, meaning)| Term { abbreviation: narrative::capitalise(term), meaning });
    report.glossary = sections::GLOSSARY
        .iter()
        .filter(|(abbr, _)| uses_word(&first, abbr))
        .map(|(abbreviation, meaning)| Term { abbreviation: abbreviation.to_string(), meaning })
        .chain(terms)
        .collect();
    // Abbreviations and terms in one alphabetical list.
    report.glossary.sort_by_key(|t| t.abbreviation.to_lowercase());
    let html = with_policy(&render(&report)?);
    Ok(Rendered { html: html.into_bytes(), charts })
}

/// The report runs no script and fetches nothing, whatever a template override holds: styles
/// and pictures are inline, links are followed only when clicked.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/// `html` with the policy as the first element of its head (a template cannot leave it out).
fn with_policy(html: &str) -> String {
    let meta = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">\n");
    let lower = html.to_ascii_lowercase();
    let head = [lower.find("<head>"), lower.find("<head ")].into_iter().flatten().min();
    let head = head.and_then(|i| lower[i..].find('>').map(|j| i + j + 1));
    let doctype = lower.find("<!doctype").and_then(|i| lower[i..].find('>').map(|j| i + j + 1));
    let at = head.or(doctype).unwrap_or(0);
    let mut out = String::with_capacity(html.len() + meta.len());
    out.push_str(&html[..at]);
    if at > 0 {
        out.push('\n');
    }
    out.push_str(&meta);
    out.push_str(html[at..].trim_start_matches('\n'));
    out
}

fn render(env: &minijinja::Environment<'static>, report: &Report) -> Result<String, minijinja::Error> {
    env.get_template("report.html.j2")?.render(context! { report => Serde(report) })
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

fn notes(look: &Lookup, sections: &[Section], run: &Run, unwritten: Vec<(&'static str, String)>) -> Notes {
    let quoted: Vec<&str> = sections::SECTIONS
        .iter()
        .filter(|s| sections.iter().any(|shown| shown.id == s.id))
        .flat_map(|s| s.headlines.iter().map(|(id, _)| *id))
        .collect();
    let definitions = quoted
        .iter()
        .filter_map(|id| look.indicator(id))
        .map(|i| Definition {
            id: i.id.clone(),
            unit: i.unit.as_str(),
            // Codes and field names for those who rerun the figures; words for the public.
            definition: match run.edition {
                Edition::Internal => i.definition.clone(),
                Edition::Public => sections::plain::in_words(&i.definition),
            },
        })
        .collect();
    Notes {
        small_number_threshold: run.small_number_threshold,
        // The workbook's symbols, which it writes in brackets as the Analysis Function asks.
        symbols: workbook::SYMBOLS.iter().map(|(s, meaning)| (s.trim_matches(['[', ']']), *meaning)).collect(),
        definitions,
        gaps: gaps(look),
        left_out: left_out(sections, run).into_iter().chain(unwritten).collect(),
        implausible: if run.edition == Edition::Internal { implausible(look) } else { Vec::new() },
        inputs: files_received(run),
        confidence: run.confidence.label(),
        comparators: comparators(look.figs),
        not_compared: not_compared(look.figs),
    }
}

/// The comparators used, grouped by where they come from, each with the figures it gives.
fn comparators(figs: &Figures) -> Vec<ComparatorNote> {
    let mut groups: BTreeMap<(String, String, String, String, String), Vec<&str>> = BTreeMap::new();
    for (id, benchmarks) in &figs.benchmarks {
        for b in benchmarks {
            let a = &b.about;
            let neighbours = match (&a.neighbours, &a.method) {
                (Some(set), Some(method)) => format!("{set} ({method})"),
                (Some(set), None) => set.clone(),
                (None, Some(method)) => format!("the {method} of the set"),
                (None, None) => String::new(),
            };
            let key = (
                b.comparator.clone(),
                b.period.to_string(),
                a.source.clone().unwrap_or_else(|| "not stated in benchmarks.csv".into()),
                a.vintage.clone().unwrap_or_default(),
                neighbours,
            );
            groups.entry(key).or_default().push(id);
        }
    }
    groups
        .into_iter()
        .map(|((comparator, period, source, published, neighbours), ids)| ComparatorNote {
            comparator,
            period,
            source,
            published,
            neighbours,
            figures: ids.join(", "),
        })
        .collect()
}

fn not_compared(figs: &Figures) -> Vec<String> {
    let mut out = Vec::new();
    for (id, benchmarks) in &figs.benchmarks {
        for b in benchmarks.iter().filter(|b| !b.same_definition(id)) {
            let follows = b.about.definition.as_deref().unwrap_or_default();
            out.push(format!(
                "The {} figure listed for {id} ({}) follows the definition of {follows}, so it is shown beside {id} and not compared with it.",
                b.comparator, b.period
            ));
        }
    }
    out
}

/// Each file received once, with all its rows: a return in XML gives several tables.
fn files_received(run: &Run) -> Vec<InputFile> {
    let mut files: Vec<InputFile> = Vec::new();
    for i in &run.inputs {
        match files.iter_mut().find(|f| f.file == i.file_name && f.sha256 == i.sha256) {
            Some(f) => f.rows += i.rows,
            None => files.push(InputFile { file: i.file_name.clone(), rows: i.rows, sha256: i.sha256.clone() }),
        }
    }
    files
}

/// A column the figures needed and the data lacked, for the notes: absent (no `years`) or
/// empty in the years listed, and what it leaves out in the reader's words (definitions).
#[derive(Serialize)]
struct GapNote {
    file: String,
    column: &'static str,
    years: Option<String>,
    figures: Vec<String>,
}

/// A figure of this authority outside every authority's published range.
#[derive(Serialize)]
struct ImplausibleNote {
    id: String,
    definition: String,
    period: String,
    value: String,
    low: f64,
    high: f64,
    source: String,
}

fn implausible(look: &Lookup) -> Vec<ImplausibleNote> {
    look.figs
        .implausible
        .iter()
        .filter(|i| i.lea == look.lea)
        .map(|i| ImplausibleNote {
            id: i.indicator.clone(),
            definition: look.indicator(&i.indicator).map_or_else(String::new, |d| d.definition.clone()),
            period: i.period.to_string(),
            value: crate::indicators::compare::round_f64(i.value, 1),
            low: i.low,
            high: i.high,
            source: i.source.clone(),
        })
        .collect()
}

/// The sections in the board's words that the outline places and Working Together expects,
/// whose narrative file the board has not written: (what it covers, the file to write).
fn unwritten(shown: &[Section], outline: &[String], run: &Run) -> Vec<(&'static str, String)> {
    let folder = run.paths.narrative.strip_prefix(&run.paths.data).unwrap_or(&run.paths.narrative);
    sections::BOARD_SECTIONS
        .iter()
        .filter(|(id, _)| outline.iter().any(|o| o == id) && !shown.iter().any(|s| s.id == *id))
        .map(|(id, covers)| (*covers, format!("the board's words, in {}", folder.join(format!("{id}.md")).display())))
        .collect()
}

/// Sections not in the report for want of their files: "Child protection (cp_plans.csv, …)".
fn left_out(shown: &[Section], run: &Run) -> Vec<(&'static str, String)> {
    let supplied = |f: &str| run.inputs.iter().any(|i| crate::contract::file_spec(i.stem).file_name() == f);
    sections::SECTIONS
        .iter()
        .filter(|s| !shown.iter().any(|shown| shown.id == s.id))
        .filter(|s| !s.files.iter().any(|f| supplied(f)))
        .map(|s| (s.title, s.files.join(", ")))
        .collect()
}

fn gaps(look: &Lookup) -> Vec<GapNote> {
    look.gaps()
        .into_iter()
        .map(|g| {
            let figures = g
                .figures
                .iter()
                .map(|id| {
                    look.indicator(id).map_or_else(|| format!("the figures under {id}"), |i| i.definition.clone())
                })
                .collect();
            let mut years: Vec<String> = g.empty_in.iter().map(|(_, y)| y.to_string()).collect();
            years.sort();
            years.dedup();
            let years = (!years.is_empty()).then(|| years.join(", "));
            GapNote { file: g.file, column: g.column, years, figures }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_heads_every_report_whatever_the_template() {
        for (template, before) in [
            ("<!DOCTYPE html>\n<html><head>\n<title>x</title></head><body><header>h</header></body></html>", "<head>"),
            ("<!doctype html><html><body><header>no head</header></body></html>", "<!doctype html>"),
            ("<p>a fragment</p>", ""),
        ] {
            let html = with_policy(template);
            let at = html.find("<meta http-equiv=\"Content-Security-Policy\"").expect("policy");
            assert!(html[..at].trim_end().ends_with(before), "{html}");
            assert_eq!(html.matches("<head").count(), template.matches("<head").count());
            assert!(html.contains("default-src 'none'"));
        }
    }

    #[test]
    fn abbreviations_are_found_as_whole_words() {
        assert!(uses_word("Referrals to the LADO rose", "LADO"));
        assert!(!uses_word("Referrals to the LADO rose", "LA"));
        assert!(uses_word("(CP) plans", "CP"));
        assert!(!uses_word("CPP", "CP"));
    }
}
