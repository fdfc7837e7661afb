//! The settled run: every setting decided once, during validation, from `report.toml`, the
//! command line and the data. Later stages read only this; none sees the raw settings.

use crate::period::FinancialYear;
use crate::settings::{Edition, Settings};
use serde::Serialize;
use std::path::PathBuf;

/// The authority code used for all authorities together, when there are several.
pub const ALL: &str = "all";

/// What the command line asks for, before it is settled against `report.toml` and the data.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub data: PathBuf,
    /// The reporting year (wins over report.toml).
    pub reporting_year: Option<FinancialYear>,
    /// The edition (wins over report.toml).
    pub edition: Option<Edition>,
    /// A template override directory (wins over report.toml's `templates_dir`).
    pub templates: Option<PathBuf>,
    /// Where reports are written (`build`).
    pub out: Option<PathBuf>,
    /// The Chromium that prints report.pdf (`build --pdf`), found before any work is done.
    pub chromium: Option<PathBuf>,
    /// Last year's report folder or figures.json (`build --previous`).
    pub previous: Option<PathBuf>,
}

/// One input file as received: for provenance (manifest, the report's notes) and summaries.
#[derive(Debug, Clone)]
pub struct InputFile {
    pub stem: &'static str,
    pub file_name: String,
    pub rows: usize,
    pub bytes: u64,
    pub sha256: String,
    /// The return it is one table of ("CIN census, collection year 2017-18"), if any.
    pub source: Option<String>,
    /// Its records a later year's return holds again, and which were read from that one.
    pub superseded: usize,
}

#[derive(Debug, Clone)]
pub struct Paths {
    pub data: PathBuf,
    /// The board's narrative files.
    pub narrative: PathBuf,
    /// Template overrides, if any.
    pub templates: Option<PathBuf>,
    /// Where a report folder is written.
    pub out: PathBuf,
    /// The Chromium that prints report.pdf, when one is asked for.
    pub chromium: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct Run {
    pub area_name: String,
    pub reporting_year: FinancialYear,
    /// The earliest financial year the activity data covers.
    pub first_year: FinancialYear,
    pub edition: Edition,
    pub small_number_threshold: u32,
    /// Authority codes figured: those in the data, or the one report.toml names ("" if none).
    pub authorities: Vec<String>,
    /// The authority the report describes: one code, or [`ALL`] for several together.
    pub subject: String,
    /// `None` means every comparator in benchmarks.csv.
    pub comparators: Option<Vec<String>>,
    /// The level of confidence intervals and significance tests.
    pub confidence: crate::indicators::stats::Confidence,
    /// The levels of need and the routes of the partnership's threshold guidance.
    pub thresholds: Vec<crate::thresholds::Threshold>,
    /// The order of the report's sections, by id, as report.toml gives it.
    pub outline: Option<Vec<String>>,
    /// The board's priorities and their measures.
    pub priorities: Vec<crate::priorities::Priority>,
    /// Whom readers may ask about the figures, as report.toml gives it.
    pub contact: Option<String>,
    /// The region's name, as report.toml gives it.
    pub region: Option<String>,
    /// The authority's ONS code, as report.toml gives it.
    pub new_la_code: Option<String>,
    pub paths: Paths,
    pub inputs: Vec<InputFile>,
    /// The settings as asked for, recorded in the manifest and read by nothing else.
    requested: Settings,
}

/// The years validation found: the data's first financial year and the one reported on.
#[derive(Debug, Clone, Copy)]
pub struct Years {
    pub first: FinancialYear,
    pub reporting: FinancialYear,
}

impl Run {
    /// Settles the run. `settings` already carries the command line's year and edition.
    pub fn settle(
        settings: Settings,
        request: &Request,
        years: Years,
        authorities_in_data: Vec<String>,
        inputs: Vec<InputFile>,
    ) -> Run {
        let authorities = if authorities_in_data.is_empty() {
            vec![settings.lea.clone().unwrap_or_default()]
        } else {
            authorities_in_data
        };
        let subject = match (&settings.lea, authorities.len() > 1) {
            (Some(l), true) if authorities.contains(l) => l.clone(),
            (_, true) => ALL.to_string(),
            _ => authorities[0].clone(),
        };
        let data = request.data.clone();
        let templates = request.templates.clone().or_else(|| settings.templates_dir.as_ref().map(|t| data.join(t)));
        let paths = Paths {
            narrative: data.join(&settings.narrative_dir),
            templates,
            out: request.out.clone().unwrap_or_else(|| PathBuf::from("output")),
            chromium: request.chromium.clone(),
            data,
        };
        Run {
            area_name: settings.area_name.clone(),
            reporting_year: years.reporting,
            first_year: years.first,
            edition: settings.edition,
            small_number_threshold: settings.small_number_threshold,
            authorities,
            subject,
            comparators: settings.comparators.clone(),
            confidence: settings.confidence,
            thresholds: settings.thresholds.clone(),
            outline: settings.outline.clone(),
            priorities: settings.priorities.clone(),
            contact: settings.contact.clone(),
            region: settings.region.clone(),
            new_la_code: settings.new_la_code.clone(),
            paths,
            inputs,
            requested: settings,
        }
    }

    pub fn several_authorities(&self) -> bool {
        self.authorities.len() > 1
    }

    /// The settings as asked for, for the provenance record.
    pub fn requested(&self) -> &impl Serialize {
        &self.requested
    }
}

/// Applies the command line's choices to the settings read from report.toml.
pub fn requested_settings(mut settings: Settings, request: &Request) -> Settings {
    if let Some(y) = request.reporting_year {
        settings.reporting_year = Some(y);
    }
    if let Some(e) = request.edition {
        settings.edition = e;
    }
    settings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settle(lea: Option<&str>, found: &[&str]) -> Run {
        let settings = Settings { lea: lea.map(str::to_string), ..Settings::default() };
        let years = Years { first: FinancialYear::new(2015), reporting: FinancialYear::new(2017) };
        let request = Request { data: "data".into(), ..Request::default() };
        Run::settle(settings, &request, years, found.iter().map(|s| s.to_string()).collect(), Vec::new())
    }

    #[test]
    fn the_report_describes_the_named_authority_or_all_of_them() {
        assert_eq!(settle(Some("202"), &["201", "202"]).subject, "202");
        assert_eq!(settle(None, &["201", "202"]).subject, ALL);
        assert_eq!(settle(Some("999"), &["201", "202"]).subject, ALL, "an authority not in the data");
        assert_eq!(settle(None, &["201"]).subject, "201");
        // No LEA column anywhere: the authority report.toml names, or none.
        let one = settle(Some("999"), &[]);
        assert_eq!((one.authorities, one.subject), (vec!["999".to_string()], "999".to_string()));
        assert_eq!(settle(None, &[]).subject, "");
    }

    #[test]
    fn paths_are_settled_against_the_data_directory() {
        let settings = Settings { templates_dir: Some("brand".into()), ..Settings::default() };
        let years = Years { first: FinancialYear::new(2017), reporting: FinancialYear::new(2017) };
        let request = Request { data: "d".into(), ..Request::default() };
        let run = Run::settle(settings.clone(), &request, years, vec![], vec![]);
        assert_eq!(run.paths.narrative, PathBuf::from("d/narrative"));
        assert_eq!(run.paths.templates, Some(PathBuf::from("d/brand")));
        assert_eq!(run.paths.out, PathBuf::from("output"));
        let request = Request { data: "d".into(), templates: Some("mine".into()), ..Request::default() };
        let run = Run::settle(settings, &request, years, vec![], vec![]);
        assert_eq!(run.paths.templates, Some(PathBuf::from("mine")), "the command line wins");
    }
}
