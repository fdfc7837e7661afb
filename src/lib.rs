//! `safeguard`: a Safeguarding Children Partnership's annual report from the authority's records.
//!
//! The pipeline ([`pipeline`]), one module a stage, each typed in and out:
//! [`load`] reads every file of the [`contract`] into typed columns (and [`settings`] reads
//! `report.toml`); [`validate`] applies the checks that need whole rows or several files,
//! among them the DfE's own rules for the statutory returns ([`dfe_rules`]), and settles the
//! [`run`]; [`frames`] hands the data on as polars frames; [`indicators`] computes every
//! figure, compares it and applies disclosure control; the sinks of [`output`] and [`report`]
//! turn the figures into files. [`error`] is the one error type, and knows each failure's exit
//! status. [`synth`] writes realistic synthetic input.

pub mod benchmarks;
pub mod calendar;
pub mod cli;
pub mod contract;
pub mod dfe_rules;
pub mod diagnostics;
pub mod error;
pub mod frames;
pub mod indicators;
pub mod load;
pub mod output;
pub mod period;
pub mod pipeline;
pub mod priorities;
pub mod report;
pub mod run;
pub mod settings;
pub mod synth;
pub mod thresholds;
pub mod validate;

/// With SAFEGUARD_TIMINGS set, prints how long a stage took (to stderr), for performance work.
pub fn timing(stage: &str, started: std::time::Instant) {
    if std::env::var_os("SAFEGUARD_TIMINGS").is_some() {
        eprintln!("timing: {stage}: {:.2} s", started.elapsed().as_secs_f64());
    }
}
