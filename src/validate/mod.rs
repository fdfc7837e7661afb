//! Stage 2: checks that need whole rows or several files, once every cell is parsed, among them
//! the DfE's rules for the statutory returns (`episodes.rs` for the SSDA903, `cin.rs` for the
//! CIN census).

use crate::contract::RowCheck;
use crate::diagnostics::{Diagnostics, Problem};
use crate::load::{Loaded, Table, Values};
use crate::period::FinancialYear;
use crate::run::{InputFile, Request, Run};
use crate::settings::Settings;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap, HashSet};

mod benchmarks;
mod cin;
mod episodes;
pub mod previous;

/// The loaded data, and the run settled against it.
#[derive(Debug)]
pub struct Validated {
    pub loaded: Loaded,
    pub run: Run,
}

/// Runs every check, then settles the run. Returns the data only when there are no errors
/// (warnings allowed). `settings` already carries the command line's year and edition.
pub fn validate(loaded: Loaded, settings: Settings, request: &Request, diag: &mut Diagnostics) -> Option<Validated> {
    for t in &loaded.tables {
        row_checks(t, diag);
    }
    cross_file_checks(&loaded, diag);
    if let Some(t) = loaded.table("benchmarks") {
        benchmarks::check(t, diag);
    }
    let years = activity_years(&loaded, &settings, diag);
    let started = std::time::Instant::now();
    if let Some(t) = loaded.table("lac_episodes") {
        // An open episode is known to be open to the end of the reporting year (the DfE: to the
        // end of the collection).
        episodes::check(t, years.as_ref().map(|y| y.reporting.last_day()), diag);
    }
    crate::timing("validate: SSDA903 rules", started);
    let started = std::time::Instant::now();
    cin::check(&loaded, diag);
    crate::timing("validate: CIN rules", started);
    if let Some(Years { first, reporting, latest, later_activity }) = years {
        // Rows after the reporting year are expected, not suspect, when the year was chosen on
        // purpose and the front door has real activity after it (a past year's report rerun
        // from a newer extract). A handful of later rows are more likely mistyped dates.
        if settings.reporting_year.is_some() && later_activity >= 20 {
            later_years_left_out(&loaded, reporting, latest, diag);
        } else {
            after_reporting_year(&loaded, reporting, diag);
        }
        population_coverage(&loaded, first, reporting, diag);
    }
    public_threshold(&settings, diag);
    if diag.has_errors() {
        return None;
    }
    let Years { first, reporting, .. } = years?;
    let authorities = loaded.authorities().into_iter().map(str::to_string).collect();
    let run = Run::settle(settings, request, crate::run::Years { first, reporting }, authorities, inputs(&loaded));
    Some(Validated { loaded, run })
}

/// The DfE publishes every count from 1 to 5 as `c`: a public edition may not hide less.
pub const PUBLIC_THRESHOLD: u32 = 5;

/// A public edition with a threshold below the DfE's would be published as protected.
fn public_threshold(settings: &Settings, diag: &mut Diagnostics) {
    let t = settings.small_number_threshold;
    if settings.edition == crate::settings::Edition::Public && t < PUBLIC_THRESHOLD {
        let why = format!(
            "small_number_threshold = {t} is below {PUBLIC_THRESHOLD}, the DfE's convention for published figures \
             (every count from 1 to {PUBLIC_THRESHOLD} is `c`): a public edition needs {PUBLIC_THRESHOLD} or more; \
             build the internal edition (--edition internal) for an unsuppressed copy"
        );
        diag.add(Problem::SettingsBadValue, "report.toml", None, None, why);
    }
}

/// Each file as received, for provenance.
fn inputs(loaded: &Loaded) -> Vec<InputFile> {
    let mut files = Vec::new();
    for t in &loaded.tables {
        for (i, p) in t.parts.iter().enumerate() {
            files.push(InputFile {
                stem: t.spec.stem,
                file_name: p.file_name.clone(),
                rows: t.rows_of(i).len(),
                bytes: p.bytes,
                sha256: p.sha256.clone(),
                source: p.source.clone(),
                superseded: p.superseded,
            });
        }
    }
    files
}

fn dates<'a>(t: &'a Table, name: &str) -> &'a [Option<NaiveDate>] {
    t.values(name).dates().expect("contract declares a date")
}

fn row_checks(t: &Table, diag: &mut Diagnostics) {
    for check in t.spec.checks {
        match *check {
            RowCheck::EndNotBefore { start, end, rule } => {
                for row in out_of_order(t, start, end) {
                    let why = format!("{end} is before {start}");
                    let (file, line, column) = (t.file_of(row), t.lines[row], t.column_ref_at(row, end));
                    match rule {
                        Some(rule) => diag.add_dfe(rule, file, line, column, &why),
                        None => diag.add(Problem::EndBeforeStart, file, Some(line), column, why),
                    }
                }
            }
            RowCheck::BornBy { birth, date } => {
                // No date is quoted: with two columns swapped, the record's date is the birth date.
                for row in out_of_order(t, birth, date) {
                    let why = format!("the date of birth is after {date}");
                    let column = t.column_ref_at(row, birth);
                    diag.add(Problem::BornAfter, t.file_of(row), Some(t.lines[row]), column, why);
                }
            }
            RowCheck::NotATotal { column } => {
                let Some(texts) = t.values(column).strs() else { continue };
                for row in (0..t.rows()).filter(|&r| texts.get(r).is_some_and(is_a_total)) {
                    let why = format!(
                        "{column} `{}` is a total: the report adds up the other rows itself, so remove this one",
                        texts.get(row).unwrap_or_default()
                    );
                    diag.add(
                        Problem::TypedTotal,
                        t.file_of(row),
                        Some(t.lines[row]),
                        t.column_ref_at(row, column),
                        why,
                    );
                }
            }
        }
    }
}

/// Whether a label names a total of the other rows ("Total", "Grand total", "TOTAL INCOME").
fn is_a_total(label: &str) -> bool {
    let words: Vec<String> =
        label.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    words.first().is_some_and(|w| w == "total" || w == "totals")
        || words.get(1).is_some_and(|w| w == "total") && words.len() == 2
}

/// Rows where both dates are given and `later` is before `earlier`: (line, earlier, later).
/// The rows whose `later` date is before their `earlier` one.
fn out_of_order<'a>(t: &'a Table, earlier: &str, later: &str) -> impl Iterator<Item = usize> + 'a {
    let (e, l) = (dates(t, earlier), dates(t, later));
    e.iter().zip(l).enumerate().filter_map(|(row, pair)| match pair {
        (Some(e), Some(l)) if l < e => Some(row),
        _ => None,
    })
}

/// (authority, key) pairs present in a table's identifier column.
fn children(t: &Table, column: &str) -> HashSet<(u16, u32)> {
    let ids = t.values(column).ids().expect("identifier column");
    t.lea.iter().zip(ids).filter_map(|(&l, id)| id.map(|i| (l, i))).collect()
}

fn cross_file_checks(loaded: &Loaded, diag: &mut Diagnostics) {
    if let (Some(reviews), Some(plans)) = (loaded.table("cp_reviews"), loaded.table("cp_plans")) {
        let plan_keys: HashSet<(u16, u32, NaiveDate)> = plans
            .lea
            .iter()
            .zip(plans.values("LAchildID").ids().unwrap())
            .zip(dates(plans, "CPPstartDate"))
            .filter_map(|((&l, c), d)| Some((l, (*c)?, (*d)?)))
            .collect();
        let (ids, starts) = (reviews.values("LAchildID").ids().unwrap(), dates(reviews, "CPPstartDate"));
        for row in 0..reviews.rows() {
            if let (Some(c), Some(d)) = (ids[row], starts[row])
                && !plan_keys.contains(&(reviews.lea[row], c, d))
            {
                diag.add(
                    Problem::ReviewWithoutPlan,
                    reviews.file_of(row),
                    Some(reviews.lines[row]),
                    reviews.column_ref_at(row, "CPPstartDate"),
                    "no plan in cp_plans.csv for this child starting on that date".to_string(),
                );
            }
        }
    }
    if let (Some(att), Some(sessions)) = (loaded.table("training_attendance"), loaded.table("training_sessions")) {
        let known = children(sessions, "SessionID");
        let detail = "the session is not in training_sessions.csv";
        orphans(att, "SessionID", &known, Problem::AttendanceWithoutSession, detail, diag);
    }
    if let Some(header) = loaded.table("lac_header") {
        let known = children(header, "CHILD");
        for (stem, problem) in
            [("lac_episodes", Problem::EpisodeWithoutHeader), ("lac_reviews", Problem::ReviewWithoutHeader)]
        {
            if let Some(t) = loaded.table(stem) {
                orphans(t, "CHILD", &known, problem, "the child has no row in lac_header.csv", diag);
            }
        }
        if let Some(episodes) = loaded.table("lac_episodes") {
            born_before_care(header, episodes, diag);
        }
    }
}

/// Rows whose key in `column` is not among the `known` keys of another file.
fn orphans(
    t: &Table,
    column: &str,
    known: &HashSet<(u16, u32)>,
    problem: Problem,
    detail: &str,
    diag: &mut Diagnostics,
) {
    let ids = t.values(column).ids().expect("identifier column");
    for (row, (&lea, id)) in t.lea.iter().zip(ids).enumerate() {
        if id.is_some_and(|id| !known.contains(&(lea, id))) {
            diag.add(problem, t.file_of(row), Some(t.lines[row]), t.column_ref_at(row, column), detail);
        }
    }
}

/// A child cannot be looked after before birth.
fn born_before_care(header: &Table, episodes: &Table, diag: &mut Diagnostics) {
    let birth: HashMap<(u16, u32), NaiveDate> = header
        .lea
        .iter()
        .zip(header.values("CHILD").ids().unwrap())
        .zip(dates(header, "DOB"))
        .filter_map(|((&l, c), d)| Some(((l, (*c)?), (*d)?)))
        .collect();
    let (ids, starts) = (episodes.values("CHILD").ids().unwrap(), dates(episodes, "DECOM"));
    for row in 0..episodes.rows() {
        if let (Some(c), Some(s)) = (ids[row], starts[row])
            && birth.get(&(episodes.lea[row], c)).is_some_and(|b| *b > s)
        {
            diag.add(
                Problem::BornAfter,
                episodes.file_of(row),
                Some(episodes.lines[row]),
                episodes.column_ref_at(row, "DECOM"),
                "DECOM is before the child's date of birth in lac_header.csv".to_string(),
            );
        }
    }
}

/// Files and columns whose dates say which years the data covers: the front door, else the
/// start of each looked-after episode (a folder holding only the SSDA903 return).
const ACTIVITY: &[(&str, &str)] =
    &[("contacts", "ContactDate"), ("referrals", "CINreferralDate"), ("lac_episodes", "DECOM")];

/// The years the activity (contacts, else referrals, else episodes of care) says the data covers.
struct Years {
    first: FinancialYear,
    reporting: FinancialYear,
    /// The latest year of real activity (at least a tenth of the busiest year's).
    latest: FinancialYear,
    /// Contacts (or referrals) dated after the reporting year.
    later_activity: u64,
}

/// Without a setting, the reporting year is the latest financial year whose front-door activity
/// is at least a tenth of the busiest year's, so one mistyped future date cannot move the report.
fn activity_years(loaded: &Loaded, settings: &Settings, diag: &mut Diagnostics) -> Option<Years> {
    let mut per_year: BTreeMap<FinancialYear, u64> = BTreeMap::new();
    for (stem, col) in ACTIVITY {
        if let Some(t) = loaded.table(stem) {
            let mut here: BTreeMap<FinancialYear, u64> = BTreeMap::new();
            for d in dates(t, col).iter().flatten() {
                *here.entry(FinancialYear::containing(*d)).or_default() += 1;
            }
            if !here.is_empty() {
                per_year = here;
                break;
            }
        }
    }
    let busiest = per_year.values().copied().max().unwrap_or(0);
    let busy: Vec<FinancialYear> = per_year.iter().filter(|(_, n)| **n * 10 >= busiest).map(|(y, _)| *y).collect();
    let reporting = settings.reporting_year.or_else(|| busy.last().copied());
    let Some(reporting) = reporting else {
        if !diag.has_errors() {
            diag.add(Problem::NoActivity, "contacts.csv", None, None, "contacts.csv, referrals.csv and lac_episodes.csv hold no dated rows, so there is no year to report on; set reporting_year in report.toml");
        }
        return None;
    };
    let first = busy.first().copied().unwrap_or(reporting).min(reporting);
    let latest = busy.last().copied().unwrap_or(reporting).max(reporting);
    let later_activity = per_year.range(reporting.next()..).map(|(_, n)| n).sum();
    Some(Years { first, reporting, latest, later_activity })
}

/// The reporting year was set earlier than the data runs (a past year's report): later rows
/// are expected, so each file gets one line saying how many are left out, not one per row.
fn later_years_left_out(loaded: &Loaded, reporting: FinancialYear, latest: FinancialYear, diag: &mut Diagnostics) {
    let end = reporting.last_day();
    for t in &loaded.tables {
        let date_columns: Vec<&[Option<NaiveDate>]> = t
            .spec
            .columns
            .iter()
            .zip(&t.columns)
            .filter(|(c, _)| c.kind == crate::contract::Kind::Date)
            .filter_map(|(_, v)| if let Values::Dates(d) = v { Some(d.as_slice()) } else { None })
            .collect();
        let later = (0..t.lines.len())
            .filter(|&row| date_columns.iter().any(|c| c.get(row).copied().flatten().is_some_and(|d| d > end)))
            .count();
        if later > 0 {
            diag.add(
                Problem::AfterReportingYear,
                t.file_name(),
                None,
                None,
                format!(
                    "{} rows have a date after the reporting year {reporting} ends (the data runs to {latest}); those dates count in no figure of this report",
                    crate::diagnostics::thousands(later as u64)
                ),
            );
        }
    }
}

/// Dates that may rightly fall after the reporting year, and are read when they do: an
/// action's due date (not yet due) and its completion (not done by 31 March).
const MAY_BE_LATER: &[(&str, &str)] = &[("actions", "DueDate"), ("actions", "CompletedDate")];

fn after_reporting_year(loaded: &Loaded, reporting: FinancialYear, diag: &mut Diagnostics) {
    let end = reporting.last_day();
    for t in &loaded.tables {
        for (col, values) in t.spec.columns.iter().zip(&t.columns) {
            if col.kind != crate::contract::Kind::Date || MAY_BE_LATER.contains(&(t.spec.stem, col.name)) {
                continue;
            }
            let Values::Dates(v) = values else { continue };
            for (row, d) in v.iter().enumerate() {
                if let Some(d) = d
                    && *d > end
                {
                    diag.add(
                        Problem::AfterReportingYear,
                        t.file_of(row),
                        Some(t.lines[row]),
                        t.column_ref_at(row, col.name),
                        format!("{} is after the reporting year {reporting} ends; it counts in no figure", col.name),
                    );
                }
            }
        }
    }
}

/// Every authority needs an estimate for each year covered; the reporting year's is essential.
fn population_coverage(loaded: &Loaded, first: FinancialYear, reporting: FinancialYear, diag: &mut Diagnostics) {
    let Some(pop) = loaded.table("population") else { return };
    let Values::Ints(years) = pop.values("Year") else { return };
    let have: HashSet<(u16, i64)> = pop.lea.iter().zip(years).filter_map(|(&l, y)| Some((l, (*y)?))).collect();
    let mut authorities: Vec<u16> = loaded
        .tables
        .iter()
        .filter(|t| t.spec.per_authority())
        .flat_map(|t| t.lea.iter().copied())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    authorities.sort_unstable();
    for lea in authorities {
        let whose = if loaded.leas[lea as usize].is_empty() {
            String::new()
        } else {
            format!(" for LEA {}", loaded.leas[lea as usize])
        };
        let mut y = first;
        while y <= reporting {
            if !have.contains(&(lea, i64::from(y.start_year))) {
                let (problem, consequence) = if y == reporting {
                    (Problem::PopulationReportingYearMissing, "every rate per 10,000 for the reporting year needs it")
                } else {
                    (Problem::PopulationYearMissing, "rates for that year will show as not available")
                };
                diag.add(
                    problem,
                    pop.file_name(),
                    None,
                    pop.column_ref("Year"),
                    format!("no mid-{} estimate{whose} (needed for {y}): {consequence}", y.start_year),
                );
            }
            y = y.next();
        }
    }
}
