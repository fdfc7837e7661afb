//! The command line: parsed here, turned into calls on the library in `main.rs`.

use crate::period::FinancialYear;
use crate::settings::Edition;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "safeguard",
    version,
    about = "Builds a Safeguarding Children Partnership's annual report from the authority's own records",
    long_about = "Builds a Safeguarding Children Partnership's annual report from the authority's own \
records: record-level CSV extracts in CIN census and SSDA903 form, plus local datasets. Every \
command validates the whole data directory first and refuses bad input with the file, line and \
column of each problem.\n\nExit status: 0 success (warnings allowed), 1 problems in the data, 2 \
a usage problem, 3 the output cannot be written or a template override is broken, 4 an internal \
error (a bug).",
    after_help = "Examples:\n  safeguard validate\n  safeguard validate --data extracts/2018 --format json\n  safeguard synth --out /tmp/synthetic --seed 7 --las 3\n  safeguard build --data datasets/sample"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, clap::Args)]
pub struct DataArgs {
    /// The data directory: one CSV per dataset plus an optional report.toml.
    #[arg(long, value_name = "DIR", default_value = "datasets/sample")]
    pub data: PathBuf,
}

/// What every figure-producing command takes.
#[derive(Debug, Clone, clap::Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// The reporting year (overrides report.toml).
    #[arg(long, value_name = "YEAR")]
    pub year: Option<FinancialYear>,
    /// Public applies disclosure control; internal shows every figure.
    #[arg(long, value_enum)]
    pub edition: Option<Edition>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check every file of a data directory and list every problem in one pass.
    #[command(
        after_help = "Examples:\n  safeguard validate\n  safeguard validate --data extracts/2018 --format json > problems.json"
    )]
    Validate {
        #[command(flatten)]
        data: DataArgs,
        /// How to print the problems.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Write a complete, realistic synthetic data directory (deterministic for a seed).
    #[command(
        after_help = "Examples:\n  safeguard synth --out /tmp/northshire --seed 7\n  safeguard synth --out /tmp/england --las 150 --years 5\n  safeguard synth --out /tmp/small --scale 0.1"
    )]
    Synth {
        /// Where to write the files (created if missing; existing files are replaced).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Seed for the random generator: the same seed gives byte-identical files.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Number of local authorities; more than one adds an LEA column to every file.
        #[arg(long, default_value_t = 1)]
        las: u32,
        /// Financial years of activity to generate, ending with --end-year.
        #[arg(long, default_value_t = 5)]
        years: u32,
        /// Multiplies volumes; 1.0 is a mid-sized authority (about 20,000 contacts a year).
        #[arg(long, default_value_t = 1.0)]
        scale: f64,
        /// The last financial year generated.
        #[arg(long, value_name = "YEAR", default_value = "2017-18")]
        end_year: FinancialYear,
        /// The fictional area's name, written to report.toml.
        #[arg(long, default_value = "Northshire")]
        area_name: String,
        /// Also write each year's SSDA903 return as the DfE's files (header.csv, episodes.csv,
        /// reviews.csv) in returns/<year>/: every episode open in the year, its children, the
        /// year's reviews.
        #[arg(long)]
        returns: bool,
    },
    /// Compute the figures (validates first).
    #[command(
        after_help = "Examples:\n  safeguard figures\n  safeguard figures --year 2016-17 --edition internal --format csv"
    )]
    Figures {
        #[command(flatten)]
        report: ReportArgs,
        /// How to print the figures.
        #[arg(long, value_enum, default_value_t = FigureFormat::Table)]
        format: FigureFormat,
    },
    /// Build the annual report and its figures (validates first).
    #[command(
        after_help = "Examples:\n  safeguard build\n  safeguard build --data extracts/2018 --out reports --edition internal\n  safeguard build --templates branding\n  safeguard build --pdf\n  safeguard build --previous reports/northshire-2016-17"
    )]
    Build {
        #[command(flatten)]
        report: ReportArgs,
        /// Where to write the report.
        #[arg(long, value_name = "DIR", default_value = "output")]
        out: PathBuf,
        /// A directory of template overrides: any file named as one of `safeguard templates`
        /// replaces the built-in one (overrides report.toml's templates_dir).
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// Also print the report to report.pdf (A4) with a headless Chromium: $CHROMIUM, or
        /// chromium or google-chrome on the PATH. Without one nothing is built.
        #[arg(long)]
        pdf: bool,
        /// Last year's report folder (or its figures.json): the report lists every figure of
        /// the earlier years that has been revised since it was published.
        #[arg(long, value_name = "DIR")]
        previous: Option<PathBuf>,
        /// No progress display.
        #[arg(long)]
        quiet: bool,
    },
    /// Make benchmarks.csv from the DfE's published files.
    Benchmarks {
        #[command(subcommand)]
        action: BenchmarksAction,
    },
    /// Write the built-in report templates to a directory, as a start for your own.
    #[command(after_help = "Examples:\n  safeguard templates --out branding\n  safeguard build --templates branding")]
    Templates {
        /// Where to write them.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum BenchmarksAction {
    /// Read the DfE's local-authority open-data CSVs (the Children in need and Children looked
    /// after releases, as downloaded from Explore Education Statistics) and write benchmarks.csv:
    /// England, the region and, with --neighbours, the statistical neighbours' mean, for each
    /// indicator whose DfE definition is ours. The summary names those no file can give.
    #[command(
        after_help = "Examples:\n  safeguard benchmarks import c1_children_in_need_referrals_and_rereferrals_2013_to_2024.csv b1_children_in_need_2013_to_2024.csv --out datasets/mine/benchmarks.csv\n  safeguard benchmarks import *.csv --data datasets/mine --neighbours 861,860,935 --vintage \"November 2024\" --out benchmarks.csv"
    )]
    Import {
        /// The published CSV files.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// A data directory whose report.toml names the region.
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// The region to compare with, as the files name it (overrides report.toml's).
        #[arg(long)]
        region: Option<String>,
        /// Statistical neighbours by 3-digit authority code, comma-separated.
        #[arg(long, value_delimiter = ',')]
        neighbours: Vec<String>,
        /// When the files were published, for the Vintage column ("November 2024").
        #[arg(long)]
        vintage: Option<String>,
        /// Where to write benchmarks.csv (standard output without it).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FigureFormat {
    Table,
    Csv,
    Json,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
