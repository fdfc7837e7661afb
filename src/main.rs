use clap::Parser;

/// polars' documentation recommends a faster allocator than the system's; loading builds
/// millions of small values across threads, where mimalloc measured faster (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use safeguard::cli::{Cli, Command, FigureFormat, Format, ReportArgs};
use safeguard::diagnostics::{Diagnostics, thousands};
use safeguard::frames::Frames;
use safeguard::indicators::compare::{Comparison, compare};
use safeguard::indicators::{self, Figures};
use safeguard::output;
use safeguard::report;
use safeguard::synth::{SynthOptions, generate};
use safeguard::{Overrides, ingest};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Exit statuses: 0 success, 1 problems in the data, 2 usage problems.
const DATA_PROBLEMS: u8 = 1;
const USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Validate { data, format } => validate(&data.data, format),
        Command::Synth { out, seed, las, years, scale, end_year, area_name } => {
            let opts = SynthOptions { out, seed, las, years, end_year, scale, area_name };
            synth(&opts)
        }
        Command::Figures { report, format } => figures(&report, format),
        Command::Build { report, out, templates, quiet } => build(&report, &out, templates.as_deref(), quiet),
        Command::Templates { out } => dump_templates(&out),
    }
}

fn data_dir_usable(dir: &Path) -> Result<(), ExitCode> {
    if dir.is_dir() {
        return Ok(());
    }
    let why = if dir.exists() { "is not a directory" } else { "does not exist" };
    eprintln!("safeguard: the data directory {} {why} (give one with --data DIR)", dir.display());
    Err(ExitCode::from(USAGE))
}

/// Writes to stdout, treating a closed pipe (`| head`) as success.
fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

fn validate(dir: &Path, format: Format) -> ExitCode {
    if let Err(code) = data_dir_usable(dir) {
        return code;
    }
    let (frames, diag) = ingest(dir, &Overrides::default());
    match format {
        Format::Json => print(&diag.render_json()),
        Format::Text => {
            let mut text = diag.render_text();
            if let Some(f) = &frames {
                text.push_str(&summary(f));
            }
            print(&text);
        }
    }
    if diag.has_errors() { ExitCode::from(DATA_PROBLEMS) } else { ExitCode::SUCCESS }
}

fn summary(f: &safeguard::frames::Frames) -> String {
    let rows: usize = f.inputs.iter().map(|i| i.rows).sum();
    let who = match f.authorities.len() {
        0 | 1 => f.settings.area_name.clone(),
        n => format!("{} ({n} authorities)", f.settings.area_name),
    };
    format!(
        "{who}: {} files, {} rows, financial years {} to {} (reporting year {})\n",
        f.inputs.len(),
        thousands(rows as u64),
        f.first_year,
        f.reporting_year,
        f.reporting_year
    )
}

fn report_problems(diag: &Diagnostics) {
    if !diag.groups().is_empty() {
        eprint!("{}", diag.render_text());
    }
}

/// Loads, validates and computes; on failure says why and gives the exit status.
fn compute(args: &ReportArgs, what: &str) -> Result<(Frames, Figures), ExitCode> {
    let dir = &args.data.data;
    data_dir_usable(dir)?;
    let overrides = Overrides { reporting_year: args.year, edition: args.edition };
    let (frames, diag) = ingest(dir, &overrides);
    report_problems(&diag);
    let Some(frames) = frames else {
        eprintln!("safeguard: stopped before {what}: fix the errors above and run again");
        return Err(ExitCode::from(DATA_PROBLEMS));
    };
    match indicators::compute(&frames) {
        Ok(figs) => Ok((frames, figs)),
        Err(e) => {
            eprintln!("safeguard: computing the figures failed (this is a bug; please report it): {e}");
            Err(ExitCode::from(DATA_PROBLEMS))
        }
    }
}

fn figures(args: &ReportArgs, format: FigureFormat) -> ExitCode {
    let (frames, figs) = match compute(args, "computing figures") {
        Ok(x) => x,
        Err(code) => return code,
    };
    let started = std::time::Instant::now();
    match format {
        FigureFormat::Table => print(&output::figures_table(&figs)),
        FigureFormat::Csv => print(&String::from_utf8_lossy(&output::figures_csv(&figs))),
        FigureFormat::Json => {
            let compared = compare(&figs);
            print(&String::from_utf8_lossy(&output::figures_json(&figs, &compared, &frames)))
        }
    }
    safeguard::timing("writing", started);
    exit_without_freeing(frames, figs);
    ExitCode::SUCCESS
}

/// Progress lines on a terminal; nothing when output is redirected or `--quiet` is given.
struct Progress(bool);

impl Progress {
    fn new(quiet: bool) -> Self {
        use std::io::IsTerminal;
        Progress(!quiet && std::io::stderr().is_terminal())
    }

    fn step(&self, what: &str) {
        if self.0 {
            eprintln!("safeguard: {what}…");
        }
    }
}

fn build(args: &ReportArgs, out: &Path, templates: Option<&Path>, quiet: bool) -> ExitCode {
    let progress = Progress::new(quiet);
    progress.step("reading and checking the data");
    let (frames, figs) = match compute(args, "building the report") {
        Ok(x) => x,
        Err(code) => return code,
    };
    progress.step("writing the report and drawing its charts");
    let started = std::time::Instant::now();
    // Compared once, for both the report and figures.json.
    let compared = compare(&figs);
    let rendered = render_report(&frames, &figs, &compared, &args.data.data, templates);
    safeguard::timing("report", started);
    let report = match rendered {
        Ok(r) => r,
        Err(e) => {
            eprintln!("safeguard: the report cannot be built: {e}");
            return ExitCode::from(DATA_PROBLEMS);
        }
    };
    let mut names: Vec<String> =
        ["report.html", "figures.csv", "figures.json", "manifest.json"].map(String::from).into();
    names.extend(report.charts.iter().map(|(name, _)| format!("charts/{name}")));
    let listed: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut files = vec![
        ("report.html".to_string(), report.html),
        ("figures.csv".to_string(), output::figures_csv(&figs)),
        ("figures.json".to_string(), output::figures_json(&figs, &compared, &frames)),
        ("manifest.json".to_string(), output::manifest(&frames, figs.reporting_year, &listed)),
    ];
    files.extend(report.charts.into_iter().map(|(name, svg)| (format!("charts/{name}"), svg.into_bytes())));
    let dest = out.join(output::report_dir_name(&frames.settings.area_name, figs.reporting_year));
    let started = std::time::Instant::now();
    let written = output::write_atomically(&dest, &files);
    safeguard::timing("writing", started);
    match written {
        Ok(path) => {
            if !quiet {
                eprint!("{}", summary(&frames));
                eprintln!("safeguard: wrote the report to {}", path.join("report.html").display());
            }
            exit_without_freeing(frames, figs);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("safeguard: cannot write to {}: {e}", dest.display());
            ExitCode::from(DATA_PROBLEMS)
        }
    }
}

/// The report for the authority named in report.toml, or for all of them together.
fn render_report(
    frames: &Frames,
    figs: &Figures,
    compared: &[Comparison],
    data: &Path,
    templates: Option<&Path>,
) -> Result<report::Rendered, report::ReportError> {
    let lea = match (&frames.settings.lea, figs.several_authorities()) {
        (Some(l), true) if figs.authorities.contains(l) => l.clone(),
        (_, true) => indicators::ALL.to_string(),
        _ => figs.authorities.first().cloned().unwrap_or_default(),
    };
    let narrative =
        report::narrative_files::read(&data.join(&frames.settings.narrative_dir), &report::narrative_names())?;
    let templates =
        templates.map(Path::to_path_buf).or_else(|| frames.settings.templates_dir.as_ref().map(|t| data.join(t)));
    let inputs = report::ReportInputs {
        area: frames.settings.area_name.clone(),
        lea,
        inputs: frames
            .inputs
            .iter()
            .map(|i| report::InputFile { file: i.file_name.clone(), rows: i.rows, sha256: i.sha256.clone() })
            .collect(),
        small_number_threshold: frames.settings.small_number_threshold,
        narrative,
        templates,
    };
    report::build(figs, compared, &inputs)
}

/// The process is about to end: freeing gigabytes of frames one allocation at a time would
/// only delay the exit, and the operating system reclaims the memory anyway.
fn exit_without_freeing(frames: Frames, figs: Figures) {
    std::mem::forget(frames);
    std::mem::forget(figs);
}

fn dump_templates(out: &Path) -> ExitCode {
    match report::templates::dump(out) {
        Ok(()) => {
            eprintln!(
                "safeguard: wrote the report templates to {}; edit any of them and pass --templates",
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("safeguard: cannot write the templates to {}: {e}", out.display());
            ExitCode::from(USAGE)
        }
    }
}

fn synth(opts: &SynthOptions) -> ExitCode {
    match generate(opts) {
        Ok(counts) => {
            let total: u64 = counts.iter().map(|(_, n)| n).sum();
            eprintln!(
                "safeguard: wrote {} rows in {} files to {}",
                thousands(total),
                counts.len() + 1,
                opts.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e @ safeguard::synth::SynthError::BadOption(_)) => {
            eprintln!("safeguard: {e}");
            ExitCode::from(USAGE)
        }
        Err(e) => {
            eprintln!("safeguard: {e}");
            ExitCode::from(DATA_PROBLEMS)
        }
    }
}
