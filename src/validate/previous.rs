//! Whether last year's figures (`build --previous`) can be set beside this run's.

use crate::diagnostics::{Diagnostics, Problem};
use crate::load::previous::Previous;

/// Whether last year's figures can be compared with this run's: the same area and edition (a
/// public report is never compared with figures that were not published), an earlier year.
pub fn fits(previous: &Previous, run: &crate::run::Run, diag: &mut Diagnostics) -> bool {
    let mut problems = Vec::new();
    let edition = match run.edition {
        crate::settings::Edition::Public => "public",
        crate::settings::Edition::Internal => "internal",
    };
    if previous.edition != edition {
        problems.push(format!(
            "is the {} edition's figures, and this is the {edition} edition: compare a report with last year's of the same edition",
            crate::load::personal::shorten(&previous.edition)
        ));
    }
    if !previous.area.eq_ignore_ascii_case(&run.area_name) {
        problems.push(format!(
            "is for {}, not {}: report.toml's area_name must be the same both years",
            crate::load::personal::shorten(&previous.area),
            run.area_name
        ));
    }
    if previous.reporting_year.is_some_and(|y| y >= run.reporting_year) {
        let y = previous.reporting_year.map(|y| y.to_string()).unwrap_or_default();
        problems.push(format!("is for {y}, not a year before {}", run.reporting_year));
    }
    for why in &problems {
        diag.add(Problem::PreviousFigures, &previous.file, None, None, why.clone());
    }
    problems.is_empty()
}
