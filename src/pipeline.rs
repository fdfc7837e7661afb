//! The whole run, one stage after another, each typed in and out and none reaching back:
//!
//! load (`load`, `settings`) → validate, which settles the [`Run`] (`validate`) → frames
//! (`frames`) → figures (`indicators`) → compare (`indicators::compare`) → outputs (the sinks
//! of `output` and `report`).
//!
//! `main` only parses the command line, calls one of [`validate`], [`figures`] or [`build`],
//! and prints what they return.

use crate::diagnostics::{Diagnostics, thousands};
use crate::error::Error;
use crate::frames::Frames;
use crate::indicators::compare::compare;
use crate::indicators::{self, Figures};
use crate::output::{self, OutputFile, Published, Sink};
use crate::run::{Request, Run, requested_settings};
use crate::timing;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

/// What `build` writes, in order; the manifest follows them.
pub const REPORT_SINKS: &[Sink] = &[
    crate::report::sink,
    output::csv::sink,
    output::json::sink,
    crate::report::workbook::sink,
    crate::report::ees::sink,
];

/// The checked data and the run settled against it: the input of every later stage.
#[derive(Debug)]
pub struct Checked {
    pub frames: Frames,
    pub run: Run,
    /// Last year's figures as published, when `build --previous` names them.
    pub previous: Option<crate::load::previous::Previous>,
}

/// Told what the run is doing, for a terminal's progress display.
pub trait Progress {
    /// A stage begins.
    fn step(&mut self, what: &str);
    /// Problems in the data were found (warnings only, when the run goes on).
    fn problems(&mut self, diag: &Diagnostics);
}

/// Stages 1 to 3: read every file, check everything, settle the run, build the frames.
/// `Ok((None, diagnostics))` when the data has errors; `Err` only when there is no data.
pub fn check(request: &Request) -> Result<(Option<Checked>, Diagnostics), Error> {
    let dir = &request.data;
    if !dir.is_dir() {
        let why = if dir.exists() { "is not a directory" } else { "does not exist" };
        return Err(Error::Usage(format!("the data directory {} {why} (give one with --data DIR)", dir.display())));
    }
    let mut diag = Diagnostics::new();
    let settings = requested_settings(crate::settings::load(dir, &mut diag), request);
    let started = Instant::now();
    let loaded = crate::load::load_dir(dir, settings.lea.as_deref(), &mut diag);
    timing("load", started);
    // Last year's figures are read with the data, so that every problem is told at once.
    let previous = request.previous.as_deref().map(|path| crate::load::previous::load(path, &mut diag));
    let started = Instant::now();
    let Some(validated) = crate::validate::validate(loaded, settings, request, &mut diag) else {
        return Ok((None, diag));
    };
    timing("validate", started);
    let previous = match previous {
        Some(Some(p)) if crate::validate::previous::fits(&p, &validated.run, &mut diag) => Some(p),
        Some(_) => return Ok((None, diag)),
        None => None,
    };
    let started = Instant::now();
    let frames = crate::frames::build(validated.loaded)?;
    timing("frames", started);
    Ok((Some(Checked { frames, run: validated.run, previous }), diag))
}

/// What `validate` reports: every problem, and a summary of the data when it is usable.
pub struct Validation {
    pub diagnostics: Diagnostics,
    pub summary: Option<String>,
}

pub fn validate(request: &Request) -> Result<Validation, Error> {
    let (checked, mut diagnostics) = check(request)?;
    let Some(checked) = checked else { return Ok(Validation { summary: None, diagnostics }) };
    plausibility(&checked, &mut diagnostics)?;
    Ok(Validation { summary: Some(summary(&checked.run)), diagnostics })
}

/// Figures outside the range any authority has published are warnings: the figures are worked
/// out (without disclosure control, which a check does not need) to find them.
fn plausibility(checked: &Checked, diag: &mut Diagnostics) -> Result<(), Error> {
    let mut run = checked.run.clone();
    run.edition = crate::settings::Edition::Internal;
    let figs = indicators::compute(&checked.frames, &run)?;
    for i in &figs.implausible {
        let whose = if run.several_authorities() { format!("authority {}: ", i.lea) } else { String::new() };
        let why = format!(
            "{whose}{} is {} in {}, outside {} to {}, the range of every authority's published figures ({}): check the data",
            i.indicator,
            crate::indicators::compare::round_f64(i.value, 1),
            i.period,
            i.low,
            i.high,
            i.source
        );
        diag.add(crate::diagnostics::Problem::Implausible, &i.file, None, None, why);
    }
    Ok(())
}

/// "Northshire: 17 files, 262,881 rows, financial years 2013-14 to 2017-18 (reporting year 2017-18)"
pub fn summary(run: &Run) -> String {
    let rows: usize = run.inputs.iter().map(|i| i.rows).sum();
    let mut files: Vec<&str> = run.inputs.iter().map(|i| i.file_name.as_str()).collect();
    files.sort_unstable();
    files.dedup();
    let count = format!("({} authorities)", run.authorities.len());
    // synth names a national folder "Northshire (150 authorities)" already.
    let who = if run.several_authorities() && !run.area_name.ends_with(&count) {
        format!("{} {count}", run.area_name)
    } else {
        run.area_name.clone()
    };
    let mut out = format!(
        "{who}: {} {}, {} rows, financial years {} to {} (reporting year {})\n",
        files.len(),
        if files.len() == 1 { "file" } else { "files" },
        thousands(rows as u64),
        run.first_year,
        run.reporting_year,
        run.reporting_year
    );
    // Every file read, and what a file taken for a contract file by its header was read as;
    // a return giving several tables (a census), once, with each table it gave.
    let mut files: Vec<&str> = Vec::new();
    for i in &run.inputs {
        if !files.contains(&i.file_name.as_str()) {
            files.push(&i.file_name);
        }
    }
    for file in files {
        let of_file: Vec<&crate::run::InputFile> = run.inputs.iter().filter(|i| i.file_name == file).collect();
        match of_file[0].source.as_deref() {
            Some(source) => {
                let _ = writeln!(out, "  {file}: {source}");
                for i in of_file {
                    let spec = crate::contract::file_spec(i.stem);
                    let _ = writeln!(out, "    read as {} ({}), {}", spec.file_name(), spec.purpose, rows_read(i));
                }
            }
            None => {
                for i in of_file {
                    let spec = crate::contract::file_spec(i.stem);
                    if i.file_name.eq_ignore_ascii_case(&spec.file_name()) {
                        let _ = writeln!(out, "  {file}: {}, {}", spec.purpose, rows_read(i));
                    } else {
                        let _ =
                            writeln!(out, "  {file} read as {} ({}), {}", spec.file_name(), spec.purpose, rows_read(i));
                    }
                }
            }
        }
    }
    out
}

/// "5,050 rows", and how many of them a later return holds again.
fn rows_read(i: &crate::run::InputFile) -> String {
    match i.superseded {
        0 => format!("{} rows", thousands(i.rows as u64)),
        n => format!(
            "{} rows, of which {} are held again by a later return, whose record is read",
            thousands((i.rows + n) as u64),
            thousands(n as u64)
        ),
    }
}

/// Checks the data and stops if it has errors, after handing every problem to `progress`.
fn checked_or_stop(request: &Request, progress: &mut dyn Progress, before: &'static str) -> Result<Checked, Error> {
    let (checked, diag) = check(request)?;
    if !diag.groups().is_empty() {
        progress.problems(&diag);
    }
    checked.ok_or(Error::DataProblems(before))
}

/// `figures`: the one file `sink` makes of the figures (a table, CSV or JSON).
pub fn figures(request: &Request, sink: Sink, progress: &mut dyn Progress) -> Result<Vec<u8>, Error> {
    let checked = checked_or_stop(request, progress, "computing figures")?;
    let figs = indicators::compute(&checked.frames, &checked.run)?;
    let started = Instant::now();
    let compared = compare(&figs, checked.run.confidence);
    let published = Published { figures: &figs, comparisons: &compared, run: &checked.run, revisions: None };
    let bytes = sink(&published)?.into_iter().flat_map(|f| f.bytes).collect();
    timing("writing", started);
    drop(compared);
    exit_without_freeing(checked, figs);
    Ok(bytes)
}

/// What `build` made.
pub struct Built {
    /// The report's path.
    pub report: PathBuf,
    /// The disclosure audit's path (public editions).
    pub audit: Option<PathBuf>,
    pub edition: crate::settings::Edition,
    /// A summary of the data it was built from.
    pub summary: String,
}

/// `build`: the report folder (report, charts, figures, manifest), written atomically.
pub fn build(request: &Request, progress: &mut dyn Progress) -> Result<Built, Error> {
    progress.step("reading and checking the data");
    let checked = checked_or_stop(request, progress, "building the report")?;
    let figs = indicators::compute(&checked.frames, &checked.run)?;
    progress.step("writing the report and drawing its charts");
    let started = Instant::now();
    // Compared once, for both the report and figures.json.
    let compared = compare(&figs, checked.run.confidence);
    let revised = checked.previous.as_ref().map(|p| indicators::revisions::revisions(&figs, p, &checked.run));
    let published =
        Published { figures: &figs, comparisons: &compared, run: &checked.run, revisions: revised.as_ref() };
    let files = output::with_manifest(&published, REPORT_SINKS)?;
    timing("report", started);
    let run = &checked.run;
    let dest = run.paths.out.join(output::report_dir_name(&run.area_name, run.reporting_year, run.edition));
    output::check_edition(&dest, run.edition).map_err(|e| Error::write(&dest, &e))?;
    let started = Instant::now();
    let written = write(&dest, &files)?;
    // The audit names which suppressed figures are small: internal, so beside the report.
    let audit = match &figs.disclosure {
        Some(record) => {
            let dir = run.paths.out.join(output::audit_dir_name(&run.area_name, run.reporting_year));
            Some(write(&dir, &[output::audit::file(run, record)])?.join("suppression-audit.json"))
        }
        None => None,
    };
    timing("writing", started);
    let report = written.join(output::file_name("report", "html", run.edition));
    let built = Built { report, audit, edition: run.edition, summary: summary(run) };
    drop(compared);
    exit_without_freeing(checked, figs);
    Ok(built)
}

fn write(dest: &std::path::Path, files: &[OutputFile]) -> Result<PathBuf, Error> {
    output::write_atomically(dest, files).map_err(|e| Error::write(dest, &e))
}

/// The process ends once a command is done: freeing gigabytes of frames one allocation at a
/// time would only delay the exit, and the operating system reclaims the memory anyway.
fn exit_without_freeing(checked: Checked, figs: Figures) {
    std::mem::forget(checked);
    std::mem::forget(figs);
}
