//! Integration tests: each runs the real `safeguard` binary. One test binary, because each
//! links polars.

mod annex_a;
mod architecture;
mod bad_input;
mod benchmarks;
mod browser;
mod cin_xml;
mod cli;
mod columns;
mod comparisons;
mod conventions;
mod dfe_rules;
mod disclosure;
mod ees;
mod figures;
mod fuzz;
mod hardening;
mod independent;
mod injection;
mod misleading;
mod plausibility;
mod privacy;
mod properties;
mod report;
mod returns;
mod revisions;
mod ssda903_xml;
mod synth;
mod util;
mod workbook;
mod yearly_report;
