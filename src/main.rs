//! The command line: parses, calls the pipeline, prints what it returns. Every failure is a
//! `safeguard::error::Error`, which knows its exit status.

use clap::Parser;

/// polars' documentation recommends a faster allocator than the system's; loading builds
/// millions of small values across threads, where mimalloc measured faster (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use safeguard::cli::{BenchmarksAction, Cli, Command, FigureFormat, Format, ReportArgs};
use safeguard::diagnostics::{Diagnostics, printable, thousands};
use safeguard::error::Error;
use safeguard::output::{self, Sink};
use safeguard::pipeline::{self, Progress};
use safeguard::run::Request;
use safeguard::settings::Edition;
use safeguard::synth::{SynthOptions, generate};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let done = match cli.command {
        Command::Validate { data, format } => validate(data.data, format),
        Command::Synth { out, seed, las, years, scale, end_year, area_name, returns } => {
            synth(&SynthOptions { out, seed, las, years, end_year, scale, area_name, returns })
        }
        Command::Figures { report, format } => figures(report, format),
        Command::Build { report, out, templates, pdf, previous, quiet } => {
            build(report, out, templates, pdf, previous, quiet)
        }
        Command::Templates { out } => dump_templates(&out),
        Command::Benchmarks { action: BenchmarksAction::Import { files, data, region, neighbours, vintage, out } } => {
            let request = safeguard::benchmarks::ImportRequest { files, data, region, neighbours, vintage };
            import_benchmarks(&request, out)
        }
    };
    match done {
        Ok(code) => code,
        Err(e) => {
            eprintln!("safeguard: {}", printable(&e.to_string()));
            ExitCode::from(e.exit_status())
        }
    }
}

/// Writes to stdout, treating a closed pipe (`| head`) as success.
fn print(bytes: &[u8]) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(bytes);
    let _ = out.flush();
}

fn request(args: ReportArgs, templates: Option<PathBuf>, out: Option<PathBuf>) -> Request {
    Request {
        data: args.data.data,
        reporting_year: args.year,
        edition: args.edition,
        templates,
        out,
        chromium: None,
        previous: None,
    }
}

fn import_benchmarks(request: &safeguard::benchmarks::ImportRequest, out: Option<PathBuf>) -> Result<ExitCode, Error> {
    let imported = safeguard::benchmarks::import(request);
    let problems = imported.diagnostics.render_text();
    if !imported.diagnostics.groups().is_empty() {
        eprint!("{}", printable(&problems));
    }
    let Some(csv) = imported.csv else { return Err(Error::DataProblems("writing benchmarks.csv")) };
    match out {
        Some(path) => {
            // Written beside its place and renamed: a reader never sees half a file.
            let staging = path.with_extension("csv.partial");
            std::fs::write(&staging, &csv)
                .and_then(|()| std::fs::rename(&staging, &path))
                .map_err(|e| Error::Write { path: path.clone(), reason: e.to_string() })?;
            eprint!("{}", printable(&imported.summary));
            eprintln!("safeguard: wrote {}", printable(&path.display().to_string()));
        }
        None => {
            print(&csv);
            eprint!("{}", printable(&imported.summary));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn validate(data: PathBuf, format: Format) -> Result<ExitCode, Error> {
    let v = pipeline::validate(&Request { data, ..Request::default() })?;
    match format {
        Format::Json => print(v.diagnostics.render_json().as_bytes()),
        Format::Text => {
            print(printable(&(v.diagnostics.render_text() + v.summary.as_deref().unwrap_or(""))).as_bytes())
        }
    }
    // Errors were printed as the command's own output, so nothing more is said.
    Ok(if v.diagnostics.has_errors() { ExitCode::from(safeguard::error::status::DATA) } else { ExitCode::SUCCESS })
}

/// Progress lines on a terminal (none when stderr is redirected or `--quiet` is given);
/// problems in the data always go to stderr.
struct Terminal {
    steps: bool,
}

impl Terminal {
    fn new(quiet: bool) -> Self {
        use std::io::IsTerminal;
        Terminal { steps: !quiet && std::io::stderr().is_terminal() }
    }
}

impl Progress for Terminal {
    fn step(&mut self, what: &str) {
        if self.steps {
            eprintln!("safeguard: {what}…");
        }
    }

    fn problems(&mut self, diag: &Diagnostics) {
        eprint!("{}", printable(&diag.render_text()));
    }
}

fn figures(args: ReportArgs, format: FigureFormat) -> Result<ExitCode, Error> {
    let sink: Sink = match format {
        FigureFormat::Table => output::table::sink,
        FigureFormat::Csv => output::csv::sink,
        FigureFormat::Json => output::json::sink,
    };
    let bytes = pipeline::figures(&request(args, None, None), sink, &mut Terminal::new(true))?;
    print(&bytes);
    Ok(ExitCode::SUCCESS)
}

fn build(
    args: ReportArgs,
    out: PathBuf,
    templates: Option<PathBuf>,
    pdf: bool,
    previous: Option<PathBuf>,
    quiet: bool,
) -> Result<ExitCode, Error> {
    let mut request = request(args, templates, Some(out));
    if let Some(p) = &previous {
        if !p.exists() {
            return Err(Error::Usage(format!("--previous {}: there is no such folder or file", p.display())));
        }
    }
    request.previous = previous;
    if pdf {
        request.chromium = Some(safeguard::report::pdf::find_chromium().map_err(Error::Usage)?);
    }
    let built = pipeline::build(&request, &mut Terminal::new(quiet))?;
    if !quiet {
        eprint!("{}", printable(&built.summary));
        match built.edition {
            Edition::Public => {
                eprintln!("safeguard: wrote the public report to {}", printable(&built.report.display().to_string()))
            }
            Edition::Internal => eprintln!(
                "safeguard: wrote the internal report (not for publication: small numbers are shown) to {}",
                built.report.display()
            ),
        }
        if let Some(audit) = &built.audit {
            eprintln!(
                "safeguard: wrote the disclosure audit (internal, not for publication) to {}",
                printable(&audit.display().to_string())
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn dump_templates(out: &std::path::Path) -> Result<ExitCode, Error> {
    safeguard::report::templates::dump(out)?;
    eprintln!("safeguard: wrote the report templates to {}; edit any of them and pass --templates", out.display());
    Ok(ExitCode::SUCCESS)
}

fn synth(opts: &SynthOptions) -> Result<ExitCode, Error> {
    let counts = generate(opts).map_err(|e| match e {
        safeguard::synth::SynthError::BadOption(why) => Error::Usage(why),
        safeguard::synth::SynthError::Write { path, source } => Error::write(path, &source),
    })?;
    let total: u64 = counts.iter().map(|(_, n)| n).sum();
    eprintln!("safeguard: wrote {} rows in {} files to {}", thousands(total), counts.len() + 1, opts.out.display());
    Ok(ExitCode::SUCCESS)
}
