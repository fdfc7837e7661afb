//! `manifest.json`: the provenance of a report folder: the tool, the settings as asked for,
//! every input with its SHA-256, and every file written beside it.

use super::sink::OutputFile;
use crate::indicators::disclosure::{self, record::Record};
use crate::run::Run;
use crate::settings::Edition;
use serde::Serialize;
use sha2::{Digest, Sha256};

#[derive(Serialize)]
struct ManifestInput<'a> {
    file: &'a str,
    /// The contract table read from it (a return in XML gives several).
    table: &'static str,
    rows: usize,
    bytes: u64,
    sha256: &'a str,
}

/// What disclosure control did, as a public manifest may say it.
#[derive(Serialize)]
struct Disclosure {
    audit: &'static str,
    rule: &'static str,
    small_number_threshold: u32,
    relations_checked: usize,
    figures_checked: usize,
}

#[derive(Serialize)]
struct Manifest<'a, S: Serialize> {
    tool: &'static str,
    version: &'static str,
    edition: Edition,
    #[serde(skip_serializing_if = "Option::is_none")]
    disclosure: Option<Disclosure>,
    reporting_year: String,
    settings: &'a S,
    inputs: Vec<ManifestInput<'a>>,
    /// Last year's figures the revisions are worked against (`build --previous`).
    #[serde(skip_serializing_if = "Option::is_none")]
    previous: Option<Previous<'a>>,
    outputs: Vec<ManifestOutput<'a>>,
}

#[derive(Serialize)]
struct Previous<'a> {
    report: &'a str,
    reporting_year: &'a str,
    sha256: &'a str,
}

/// A file the folder holds; the manifest cannot hold its own hash, so its entry has none.
#[derive(Serialize)]
struct ManifestOutput<'a> {
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    sha256: Option<String>,
}

/// One file for the manifest to list: its name and, but for the manifest itself, its bytes.
pub type Listed<'a> = (&'a str, Option<&'a [u8]>);

/// The manifest of a folder holding `outputs` (the manifest's own name among them).
pub fn file(
    run: &Run,
    record: Option<&Record>,
    revisions: Option<&crate::indicators::revisions::Revisions>,
    outputs: &[Listed],
) -> OutputFile {
    let disclosure = record.map(|r| Disclosure {
        audit: if r.passed() { "passed" } else { "failed" },
        rule: disclosure::RULE,
        small_number_threshold: r.threshold,
        relations_checked: r.relations,
        figures_checked: r.findings.len(),
    });
    let m = Manifest {
        tool: env!("CARGO_PKG_NAME"),
        version: env!("CARGO_PKG_VERSION"),
        edition: run.edition,
        disclosure,
        reporting_year: run.reporting_year.to_string(),
        settings: run.requested(),
        inputs: run
            .inputs
            .iter()
            .map(|i| ManifestInput {
                file: &i.file_name,
                table: i.stem,
                rows: i.rows,
                bytes: i.bytes,
                sha256: &i.sha256,
            })
            .collect(),
        previous: revisions.map(|r| Previous {
            report: &r.against,
            reporting_year: &r.reporting_year,
            sha256: &r.sha256,
        }),
        outputs: outputs
            .iter()
            .map(|&(file, bytes)| ManifestOutput {
                file,
                sha256: bytes.map(|b| Sha256::digest(b).iter().map(|x| format!("{x:02x}")).collect()),
            })
            .collect(),
    };
    let mut out = serde_json::to_vec_pretty(&m).expect("manifest serialises");
    out.push(b'\n');
    OutputFile::new("manifest.json", out)
}
