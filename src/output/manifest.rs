//! `manifest.json`: the provenance of a report folder: the tool, the settings as asked for,
//! every input with its SHA-256, and every file written beside it.

use super::sink::OutputFile;
use crate::run::Run;
use serde::Serialize;

#[derive(Serialize)]
struct ManifestInput<'a> {
    file: &'a str,
    rows: usize,
    bytes: u64,
    sha256: &'a str,
}

#[derive(Serialize)]
struct Manifest<'a, S: Serialize> {
    tool: &'static str,
    version: &'static str,
    reporting_year: String,
    settings: &'a S,
    inputs: Vec<ManifestInput<'a>>,
    outputs: Vec<&'a str>,
}

/// The manifest of a folder holding `outputs` (the manifest's own name among them).
pub fn file(run: &Run, outputs: &[&str]) -> OutputFile {
    let m = Manifest {
        tool: env!("CARGO_PKG_NAME"),
        version: env!("CARGO_PKG_VERSION"),
        reporting_year: run.reporting_year.to_string(),
        settings: run.requested(),
        inputs: run
            .inputs
            .iter()
            .map(|i| ManifestInput { file: &i.file_name, rows: i.rows, bytes: i.bytes, sha256: &i.sha256 })
            .collect(),
        outputs: outputs.to_vec(),
    };
    let mut out = serde_json::to_vec_pretty(&m).expect("manifest serialises");
    out.push(b'\n');
    OutputFile::new("manifest.json", out)
}
