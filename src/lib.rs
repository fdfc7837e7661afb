//! `safeguard`: a Safeguarding Children Partnership's annual report from the authority's records.
//!
//! The pipeline, one module a stage: [`load`] reads every file of the [`contract`] into typed
//! columns, [`validate`] applies the checks that need whole rows or several files, [`frames`]
//! hands the result on as polars frames. [`synth`] writes realistic synthetic input.

pub mod calendar;
pub mod cli;
pub mod contract;
pub mod diagnostics;
pub mod frames;
pub mod indicators;
pub mod load;
pub mod output;
pub mod period;
pub mod report;
pub mod settings;
pub mod synth;
pub mod validate;

use diagnostics::Diagnostics;
use std::path::Path;

/// Loads and validates a data directory: the front door of every command.
/// Returns the frames when there are no errors, and every diagnostic either way.
pub fn ingest(dir: &Path, overrides: &Overrides) -> (Option<frames::Frames>, Diagnostics) {
    let mut diag = Diagnostics::new();
    let mut settings = settings::load(dir, &mut diag);
    if let Some(y) = overrides.reporting_year {
        settings.reporting_year = Some(y);
    }
    if let Some(e) = overrides.edition {
        settings.edition = e;
    }
    let started = std::time::Instant::now();
    let loaded = load::load_dir(dir, &settings, &mut diag);
    timing("load", started);
    let started = std::time::Instant::now();
    let Some(validated) = validate::validate(loaded, settings, &mut diag) else {
        return (None, diag);
    };
    timing("validate", started);
    let started = std::time::Instant::now();
    let built = frames::build(validated);
    timing("frames", started);
    match built {
        Ok(f) => (Some(f), diag),
        Err(e) => {
            // Only a bug can get here: every value was checked before the frames were built.
            diag.add(
                diagnostics::Problem::Unreadable,
                "(internal)",
                None,
                None,
                format!("building the data frames failed: {e}"),
            );
            (None, diag)
        }
    }
}

/// With SAFEGUARD_TIMINGS set, prints how long a stage took (to stderr), for performance work.
pub fn timing(stage: &str, started: std::time::Instant) {
    if std::env::var_os("SAFEGUARD_TIMINGS").is_some() {
        eprintln!("timing: {stage}: {:.2} s", started.elapsed().as_secs_f64());
    }
}

/// Settings given on the command line, which win over report.toml.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub reporting_year: Option<period::FinancialYear>,
    pub edition: Option<settings::Edition>,
}
