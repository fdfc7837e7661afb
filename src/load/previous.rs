//! Last year's report as it was published (`build --previous DIR`): its `figures.json`, and the
//! `manifest.json` beside it for the tool version and the input files it was made from. Read
//! as data like every other input: a problem is a diagnostic naming the file, line and column,
//! and no message quotes the file's contents.

use crate::diagnostics::{Diagnostics, Problem};
use crate::period::FinancialYear;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The most a previous `figures.json` may hold: a national build's is about 100 MB.
const CAP: u64 = 1 << 30;

/// The figures of an earlier report, as published.
#[derive(Debug, Clone, Default)]
pub struct Previous {
    /// As the report names it: the folder's name.
    pub name: String,
    /// The figures file read, for messages.
    pub file: String,
    /// Its SHA-256, for this build's manifest.
    pub sha256: String,
    pub edition: String,
    pub area: String,
    pub reporting_year: Option<FinancialYear>,
    pub figures: Vec<PreviousFigure>,
    /// Each indicator's definition then, by id.
    pub definitions: BTreeMap<String, String>,
    /// The tool version that made it, from its manifest.
    pub version: Option<String>,
    /// The input files it was made from, from its manifest.
    pub inputs: Vec<PreviousInput>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PreviousFigure {
    pub indicator: String,
    #[serde(default)]
    pub lea: Option<String>,
    pub period: String,
    pub value: String,
    #[serde(default)]
    pub numerator: Option<f64>,
    #[serde(default)]
    pub denominator: Option<f64>,
    pub unit: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PreviousInput {
    pub file: String,
    #[serde(default)]
    pub table: String,
    #[serde(default)]
    pub rows: u64,
    #[serde(default)]
    pub sha256: String,
}

#[derive(Deserialize)]
struct FiguresJson {
    edition: String,
    area: String,
    reporting_year: String,
    figures: Vec<PreviousFigure>,
    #[serde(default)]
    indicators: Vec<IndicatorJson>,
}

#[derive(Deserialize)]
struct IndicatorJson {
    id: String,
    #[serde(default)]
    definition: String,
}

#[derive(Deserialize)]
struct ManifestJson {
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    inputs: Vec<PreviousInput>,
}

/// The figures file `path` names: a report folder's `figures.json` (or the internal edition's
/// `figures-internal.json`), or the file itself.
pub fn figures_file(path: &Path) -> Option<PathBuf> {
    if path.is_file() {
        return Some(path.to_path_buf());
    }
    ["figures.json", "figures-internal.json"].iter().map(|n| path.join(n)).find(|p| p.is_file())
}

/// Reads last year's figures; `None`, with the problems in `diag`, when they cannot be used.
pub fn load(path: &Path, diag: &mut Diagnostics) -> Option<Previous> {
    let shown = |p: &Path| p.display().to_string();
    let Some(file) = figures_file(path) else {
        let why = "holds no figures.json (give last year's report folder, or its figures.json)";
        diag.add(Problem::PreviousFigures, &shown(path), None, None, why);
        return None;
    };
    let root = file.parent().unwrap_or(Path::new("."));
    let (parsed, sha256): (FiguresJson, String) = read_json(&file, root, diag)?;
    let Ok(reporting_year) = parsed.reporting_year.parse::<FinancialYear>() else {
        diag.add(
            Problem::PreviousFigures,
            &shown(&file),
            None,
            None,
            "its reporting_year is not a financial year like 2016-17",
        );
        return None;
    };
    let mut previous = Previous {
        name: root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| shown(root)),
        file: shown(&file),
        sha256,
        edition: parsed.edition,
        area: parsed.area,
        reporting_year: Some(reporting_year),
        figures: parsed.figures,
        definitions: parsed.indicators.into_iter().map(|i| (i.id, i.definition)).collect(),
        ..Previous::default()
    };
    let manifest = root.join("manifest.json");
    if manifest.is_file() {
        let (m, _): (ManifestJson, String) = read_json(&manifest, root, diag)?;
        previous.version = m.version;
        previous.inputs = m.inputs;
    } else {
        let why =
            "has no manifest.json beside it, so a revision cannot be traced to a changed input file or tool version";
        diag.add(Problem::PreviousWithoutManifest, &shown(&file), None, None, why);
    }
    Some(previous)
}

/// A JSON file parsed, with its SHA-256.
fn read_json<T: serde::de::DeserializeOwned>(file: &Path, root: &Path, diag: &mut Diagnostics) -> Option<(T, String)> {
    let name = file.display().to_string();
    let bytes = match crate::load::files::read_capped(file, root, CAP) {
        Ok(b) => b,
        Err(why) => {
            diag.add(Problem::PreviousFigures, &name, None, None, why);
            return None;
        }
    };
    match serde_json::from_slice(&bytes) {
        Ok(v) => {
            use sha2::Digest;
            Some((v, sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect()))
        }
        Err(e) => {
            // serde_json's own message can quote a value; say only what kind of problem, where.
            let what = match e.classify() {
                serde_json::error::Category::Syntax | serde_json::error::Category::Eof => "is not valid JSON",
                serde_json::error::Category::Data => "is JSON, but not a safeguard figures or manifest file",
                serde_json::error::Category::Io => "cannot be read",
            };
            let at = format!("{what} at character {} of the line", e.column());
            diag.add(Problem::PreviousFigures, &name, Some(e.line() as u64), None, at);
            None
        }
    }
}
