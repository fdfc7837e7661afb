use clap::Parser;
use safeguard::cli::{Cli, Command, Format, ReportArgs};
use safeguard::diagnostics::{Diagnostics, thousands};
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
        Command::Figures { report, .. } => pending(&report, "computing figures"),
        Command::Build { report, .. } => pending(&report, "building the report"),
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

/// `figures` and `build`: validation runs in full; the stages after it are not built yet.
fn pending(args: &ReportArgs, what: &str) -> ExitCode {
    let dir = &args.data.data;
    if let Err(code) = data_dir_usable(dir) {
        return code;
    }
    let overrides = Overrides { reporting_year: args.year, edition: args.edition };
    let (frames, diag) = ingest(dir, &overrides);
    report_problems(&diag);
    let Some(f) = frames else {
        eprintln!("safeguard: stopped before {what}: fix the errors above and run again");
        return ExitCode::from(DATA_PROBLEMS);
    };
    eprint!("{}", summary(&f));
    eprintln!("safeguard: the data is valid; {what} is not implemented in this version yet, so nothing was written");
    ExitCode::SUCCESS
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
