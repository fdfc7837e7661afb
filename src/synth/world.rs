//! The simulation of one authority and the files it writes.

// Clippy suggests dropping the `*` in `*rng.weighted(..)`, but its own fix fails to compile:
// the codes must come out as `&'static str`, not as a reference to one.
#![allow(clippy::explicit_auto_deref)]

use super::options::SynthOptions;
use super::rng::Rng;
use crate::period::FinancialYear;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter};
use std::path::Path;

pub const REGION: &str = "West Midlands";

// ---------------------------------------------------------------- output files

#[derive(Clone, Copy)]
pub enum Out {
    Contacts,
    Referrals,
    Children,
    Assessments,
    CpPlans,
    CpReviews,
    Section47,
    LacHeader,
    LacEpisodes,
    LacReviews,
    LacMissing,
    LacUasc,
    LacOc3,
    LacAd1,
    CsePanel,
    Missing,
    Sessions,
    Attendance,
    EarlyHelp,
    Population,
    Benchmarks,
    Measures,
    Reviews,
    Actions,
    Budget,
}

const OUTPUTS: &[(&str, &[&str])] = &[
    ("contacts", &["ContactID", "LAchildID", "ContactDate", "ContactSource", "LevelOfNeed", "ContactOutcome"]),
    (
        "referrals",
        &[
            "LAchildID",
            "CINreferralDate",
            "ReferralSource",
            "PrimaryNeedCode",
            "ReferralNFA",
            "CINclosureDate",
            "ReasonForClosure",
            "DateOfInitialCPC",
        ],
    ),
    ("children", &["LAchildID", "PersonBirthDate", "Sex", "Ethnicity", "Disability"]),
    (
        "assessments",
        &[
            "LAchildID",
            "AssessmentActualStartDate",
            "AssessmentAuthorisationDate",
            "AssessmentFactors",
            "RequiresCSCSupport",
        ],
    ),
    (
        "cp_plans",
        &[
            "LAchildID",
            "CPPstartDate",
            "CPPendDate",
            "InitialCategoryOfAbuse",
            "LatestCategoryOfAbuse",
            "NumberOfPreviousCPP",
        ],
    ),
    ("cp_reviews", &["LAchildID", "CPPstartDate", "CPPreviewDate"]),
    ("section47", &["LAchildID", "S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired"]),
    ("lac_header", &["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"]),
    (
        "lac_episodes",
        &[
            "CHILD",
            "DECOM",
            "RNE",
            "LS",
            "CIN",
            "PLACE",
            "PLACE_PROVIDER",
            "DEC",
            "REC",
            "REASON_PLACE_CHANGE",
            "HOME_POST",
            "PL_POST",
            "URN",
            "PL_LOCATION",
            "PL_DISTANCE",
        ],
    ),
    ("lac_reviews", &["CHILD", "DOB", "REVIEW", "REVIEW_CODE"]),
    ("lac_missing", &["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"]),
    ("lac_uasc", &["CHILD", "SEX", "DOB", "DUC"]),
    ("lac_oc3", &["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM", "CollectionYear"]),
    ("lac_ad1", &["CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"]),
    ("cse_panel", &["LAchildID", "PanelDate", "Sex", "Ethnicity", "PersonBirthDate", "RiskLevel", "PlanType"]),
    ("missing_episodes", &["LAchildID", "MissingStartDate", "MissingEndDate", "MissingType"]),
    ("training_sessions", &["SessionID", "CourseTitle", "SessionDate", "Status", "Provider"]),
    (
        "training_attendance",
        &["SessionID", "DelegateID", "Agency", "Attendance", "PreScore", "PostScore", "WouldRecommend"],
    ),
    ("early_help", &["LAchildID", "EHAStartDate", "EHAEndDate", "LeadAgency", "StartLevel", "EndLevel"]),
    (
        "population",
        &[
            "Year",
            "Population0to17",
            "Male",
            "Female",
            "White",
            "Mixed",
            "Asian",
            "Black",
            "OtherEthnicity",
            "Under1",
            "Age1to4",
            "Age5to9",
            "Age10to15",
            "Age16to17",
        ],
    ),
    (
        "benchmarks",
        &[
            "Indicator",
            "Period",
            "Comparator",
            "Value",
            "Source",
            "Definition",
            "Vintage",
            "NeighbourSet",
            "NeighbourMethod",
        ],
    ),
    ("measures", &["Section", "Measure", "Period", "Value", "Unit", "Note", "Kind"]),
    ("practice_reviews", &["ReviewID", "NotificationDate", "RapidReviewDate", "Decision", "PublishedDate", "Themes"]),
    ("actions", &["ActionID", "Action", "Owner", "DueDate", "Status", "CompletedDate", "Evidence"]),
    ("budget", &["Period", "Direction", "Item", "Amount", "Note"]),
];

/// The population's shares by sex (male; female is the rest), ethnic group (White, mixed,
/// Asian, Black; other is the rest) and age (under 1, 1–4, 5–9, 10–15; 16–17 the rest).
const POPULATION_SHARES: [&[f64]; 3] = [&[0.512], &[0.74, 0.06, 0.12, 0.05], &[0.055, 0.22, 0.28, 0.32]];

pub struct Sink {
    writers: Vec<(csv::Writer<BufWriter<File>>, u64)>,
    multi: bool,
}

impl Sink {
    pub fn create(dir: &Path, multi: bool) -> io::Result<Self> {
        let mut writers = Vec::new();
        for (stem, header) in OUTPUTS {
            let file = File::create(dir.join(format!("{stem}.csv")))?;
            let mut w = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(BufWriter::with_capacity(1 << 16, file));
            // Benchmarks describe England and regions, not one authority.
            let with_lea = multi && *stem != "benchmarks";
            let mut cells: Vec<&str> = Vec::new();
            if with_lea {
                cells.push("LEA");
            }
            cells.extend_from_slice(header);
            w.write_record(&cells).map_err(io::Error::other)?;
            writers.push((w, 0));
        }
        Ok(Self { writers, multi })
    }

    fn row(&mut self, out: Out, lea: &str, cells: &[&str]) -> io::Result<()> {
        let i = out as usize;
        let with_lea = self.multi && !matches!(out, Out::Benchmarks);
        let (w, n) = &mut self.writers[i];
        if with_lea {
            w.write_field(lea).map_err(io::Error::other)?;
        }
        w.write_record(cells).map_err(io::Error::other)?;
        *n += 1;
        Ok(())
    }

    pub fn finish(self) -> io::Result<Vec<(String, u64)>> {
        let mut counts = Vec::new();
        for ((stem, _), (mut w, n)) in OUTPUTS.iter().zip(self.writers) {
            w.flush()?;
            counts.push((format!("{stem}.csv"), n));
        }
        Ok(counts)
    }
}

// ---------------------------------------------------------------- dates

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// SSDA903 writes dates as DD/MM/YYYY.
fn uk(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn plus(d: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 { d + Days::new(days as u64) } else { d - Days::new((-days) as u64) }
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

fn add_working_days(mut d: NaiveDate, n: i64) -> NaiveDate {
    let mut left = n;
    while left > 0 {
        d = plus(d, 1);
        if !is_weekend(d) {
            left -= 1;
        }
    }
    d
}

fn less_working_days(mut d: NaiveDate, n: i64) -> NaiveDate {
    let mut left = n;
    while left > 0 {
        d = plus(d, -1);
        if !is_weekend(d) {
            left -= 1;
        }
    }
    d
}

fn age_on(dob: NaiveDate, d: NaiveDate) -> i32 {
    let mut a = d.year() - dob.year();
    if (d.month(), d.day()) < (dob.month(), dob.day()) {
        a -= 1;
    }
    a
}

fn eighteenth_birthday(dob: NaiveDate) -> NaiveDate {
    dob.with_year(dob.year() + 18)
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(dob.year() + 18, 3, 1).expect("1 March exists"))
}

// ---------------------------------------------------------------- code weights

const SOURCE_WEIGHTS: &[(&str, f64)] = &[
    ("6", 28.0),
    ("2A", 17.0),
    ("1A", 6.0),
    ("8", 5.0),
    ("3E", 4.0),
    ("3F", 4.0),
    ("3B", 4.0),
    ("3A", 3.0),
    ("5A", 3.0),
    ("5D", 3.0),
    ("7", 3.0),
    ("3D", 2.0),
    ("2B", 2.0),
    ("4", 2.0),
    ("5B", 2.0),
    ("5C", 2.0),
    ("9", 2.0),
    ("10", 2.0),
    ("1B", 2.0),
    ("3C", 1.0),
    ("1C", 1.0),
    ("1D", 1.0),
];
const LEVEL_WEIGHTS: &[(u8, f64)] = &[(1, 12.0), (2, 30.0), (3, 28.0), (4, 20.0), (5, 10.0)];
/// How the front door routes each level of need: mostly as the threshold guidance says.
const ROUTING: [&[(&str, f64)]; 5] = [
    &[("ADMIN", 35.0), ("ADVICE", 55.0), ("NFA", 8.0), ("EARLY_HELP", 2.0)],
    &[("ADVICE", 45.0), ("NFA", 25.0), ("EARLY_HELP", 20.0), ("ADMIN", 7.0), ("REFERRAL", 3.0)],
    &[("EARLY_HELP", 55.0), ("ADVICE", 15.0), ("NFA", 15.0), ("REFERRAL", 15.0)],
    &[("REFERRAL", 62.0), ("EARLY_HELP", 25.0), ("NFA", 8.0), ("ADVICE", 5.0)],
    &[("REFERRAL", 93.0), ("EARLY_HELP", 3.0), ("NFA", 4.0)],
];
const ETHNICITY_WEIGHTS: &[(&str, f64)] = &[
    ("WBRI", 72.0),
    ("APKN", 6.0),
    ("WOTH", 4.0),
    ("MWBC", 3.0),
    ("MWAS", 2.0),
    ("MOTH", 2.0),
    ("AIND", 2.0),
    ("BAFR", 2.0),
    ("ABAN", 1.0),
    ("AOTH", 1.0),
    ("BCRB", 1.0),
    ("OOTH", 1.0),
    ("NOBT", 1.0),
    ("WROM", 0.5),
    ("BOTH", 0.5),
    ("CHNE", 0.5),
    ("REFU", 0.5),
    ("WIRI", 0.5),
];
const FACTOR_WEIGHTS: &[(&str, f64)] = &[
    ("3B", 30.0),
    ("4B", 28.0),
    ("17A", 18.0),
    ("16A", 17.0),
    ("2B", 14.0),
    ("1B", 12.0),
    ("3A", 10.0),
    ("4A", 8.0),
    ("18B", 5.0),
    ("18C", 5.0),
    ("5B", 5.0),
    ("6B", 4.0),
    ("14A", 4.0),
    ("15A", 3.0),
    ("10A", 3.0),
    ("11A", 2.0),
    ("13A", 1.5),
    ("24A", 1.5),
    ("19C", 1.5),
    ("2A", 1.5),
    ("1A", 1.0),
    ("9A", 1.0),
    ("7A", 1.0),
    ("20", 4.0),
    ("5A", 2.0),
    ("6A", 2.0),
    ("22A", 0.2),
    ("23A", 0.3),
    ("12A", 0.3),
];
const NEED_WEIGHTS: &[(&str, f64)] = &[
    ("N1", 55.0),
    ("N2", 8.0),
    ("N3", 5.0),
    ("N4", 12.0),
    ("N5", 10.0),
    ("N6", 2.0),
    ("N7", 1.0),
    ("N8", 5.0),
    ("N9", 1.0),
    ("N0", 1.0),
];
const ABUSE_WEIGHTS: &[(&str, f64)] = &[("NEG", 46.0), ("EMO", 36.0), ("PHY", 8.0), ("SAB", 4.0), ("MUL", 6.0)];
const PLACE_UNDER_5: &[(&str, f64)] = &[
    ("U6", 35.0),
    ("U3", 12.0),
    ("U4", 10.0),
    ("U1", 4.0),
    ("U5", 5.0),
    ("A4", 6.0),
    ("A6", 8.0),
    ("P1", 8.0),
    ("R3", 4.0),
    ("U2", 2.0),
    ("A5", 2.0),
    ("A3", 2.0),
    ("T4", 2.0),
];
const PLACE_5_15: &[(&str, f64)] = &[
    ("U6", 30.0),
    ("U4", 25.0),
    ("U3", 8.0),
    ("U1", 8.0),
    ("K2", 12.0),
    ("P1", 6.0),
    ("S1", 2.0),
    ("R1", 1.0),
    ("T0", 1.0),
    ("T4", 2.0),
    ("U5", 1.0),
    ("Z1", 1.0),
    ("K1", 1.0),
];
const PLACE_16_PLUS: &[(&str, f64)] = &[
    ("U4", 20.0),
    ("U6", 15.0),
    ("H5", 25.0),
    ("K2", 12.0),
    ("P2", 8.0),
    ("U1", 5.0),
    ("U3", 4.0),
    ("P1", 4.0),
    ("R5", 2.0),
    ("K1", 1.0),
    ("S1", 2.0),
    ("T4", 2.0),
];
const REC_UNDER_5: &[(&str, f64)] = &[
    ("E11", 15.0),
    ("E12", 10.0),
    ("E4A", 30.0),
    ("E45", 5.0),
    ("E46", 3.0),
    ("E47", 5.0),
    ("E48", 2.0),
    ("E41", 8.0),
    ("E13", 5.0),
    ("E8", 10.0),
    ("E3", 4.0),
    ("E4B", 3.0),
];
const REC_5_15: &[(&str, f64)] = &[
    ("E4A", 35.0),
    ("E4B", 8.0),
    ("E41", 7.0),
    ("E45", 5.0),
    ("E46", 3.0),
    ("E47", 4.0),
    ("E48", 2.0),
    ("E13", 10.0),
    ("E8", 15.0),
    ("E3", 5.0),
    ("E9", 2.0),
    ("E11", 2.0),
    ("E12", 2.0),
];
const REC_16_PLUS: &[(&str, f64)] = &[
    ("E17", 20.0),
    ("E5", 20.0),
    ("E6", 10.0),
    ("E4A", 15.0),
    ("E13", 10.0),
    ("E8", 15.0),
    ("E9", 3.0),
    ("E7", 2.0),
    ("E15", 2.0),
    ("E16", 3.0),
];
const COURSES: &[(&str, u32)] = &[
    ("Working together: multi-agency safeguarding foundations", 0),
    ("Recognising and responding to neglect", 0),
    ("Domestic abuse & coercive control", 0),
    ("Child sexual exploitation: spotting the signs", 0),
    ("Safer recruitment", 0),
    ("Designated safeguarding lead refresher", 0),
    ("Parental mental health and its impact on children", 0),
    ("Substance misuse in families", 0),
    ("Child protection conferences: the role of partners", 0),
    ("Harmful sexual behaviour", 1),
    ("Female genital mutilation awareness", 1),
    ("Private fostering awareness", 1),
    ("Using the levels of need guidance", 1),
    ("Missing children: return interviews", 2),
    ("Criminal exploitation and county lines", 2),
    ("Online safety for practitioners", 2),
    ("Early help assessment in practice", 2),
    ("Adolescent neglect", 3),
    ("Trauma-informed practice", 3),
    ("Learning from case reviews", 3),
    ("Contextual safeguarding", 4),
    ("Professional curiosity and challenge", 4),
    ("Radicalisation and the Prevent duty", 4),
    ("Young carers: identification and support", 5),
];
const AGENCIES: &[(&str, f64)] = &[
    ("Police", 14.0),
    ("Primary schools", 16.0),
    ("Secondary schools", 12.0),
    ("Early years & childcare", 8.0),
    ("GP practices", 5.0),
    ("Hospital trust", 7.0),
    ("Community health services", 8.0),
    ("Mental health trust", 4.0),
    ("Children's social care", 12.0),
    ("Early help services", 7.0),
    ("Housing", 3.0),
    ("Probation", 2.0),
    ("Youth offending service", 2.0),
    ("Voluntary & community sector", 6.0),
    ("Adult social care", 2.0),
    ("Fire & rescue service", 1.0),
    ("Faith groups", 1.0),
];
const PROVIDERS: &[&str] =
    &["Safeguarding partnership", "Local authority learning team", "Health safeguarding team", "External trainer"];

// ---------------------------------------------------------------- the simulation

type Span = (NaiveDate, Option<NaiveDate>);

struct Child {
    id: String,
    dob: NaiveDate,
    female: bool,
    ethnicity: &'static str,
    disability: String,
    /// Open to social care (a CIN episode) until this date.
    open_until: Option<NaiveDate>,
    cin: Vec<Span>,
    cp: Vec<Span>,
    care: Vec<Span>,
    early_help: Vec<Span>,
    plans: u32,
    in_children_file: bool,
    in_lac_header: bool,
}

impl Child {
    fn in_spans(spans: &[Span], d: NaiveDate) -> bool {
        spans.iter().any(|(s, e)| *s <= d && e.is_none_or(|e| e > d))
    }
}

struct World<'a> {
    rng: Rng,
    /// A second stream for the records added later (section 47 enquiries, unaccompanied
    /// children), so that adding them left every earlier record as it was.
    more: Rng,
    lea: &'a str,
    sink: &'a mut Sink,
    /// First day of front-door data, and the last day of the reporting year.
    start: NaiveDate,
    end: NaiveDate,
    /// Records ending before this are left out, as an extract would.
    lookback: NaiveDate,
    children: Vec<Child>,
    next_child: u64,
    next_contact: u64,
    /// Children whose needs return after their case closed: the day of the new contact.
    returns: BTreeMap<NaiveDate, Vec<usize>>,
}

pub fn simulate_authority(opts: &SynthOptions, index: u32, lea: &str, sink: &mut Sink) -> io::Result<()> {
    let mut rng = Rng::derive(opts.seed, u64::from(index));
    let first_year = FinancialYear::new(opts.end_year.start_year - opts.years as i32 + 1);
    // Authorities differ in size; a single authority is the mid-sized reference.
    let size = if opts.las == 1 { 1.0 } else { rng.lognormal(1.0, 0.45).clamp(0.25, 4.0) };
    let start = first_year.first_day();
    let mut w = World {
        rng,
        more: Rng::derive(opts.seed ^ 0x5_4700, u64::from(index)),
        lea,
        sink,
        start,
        end: opts.end_year.last_day(),
        lookback: plus(start, -365),
        children: Vec::new(),
        next_child: 0,
        next_contact: 0,
        returns: BTreeMap::new(),
    };
    let population = 110_000.0 * opts.scale * size;
    w.population(first_year, opts.end_year, population)?;
    w.front_door(plus(start, -3 * 365), 15_500.0 * opts.scale * size)?;
    w.short_breaks(opts.scale * size)?;
    w.exploitation_panel(opts.scale * size)?;
    w.missing_episodes()?;
    w.care_leavers()?;
    w.child_files()?;
    w.training(first_year, opts.end_year, (opts.scale * size).sqrt())?;
    w.measures(first_year, opts.end_year, opts.scale * size)?;
    w.reviews(first_year, opts.scale * size)?;
    if index == 0 {
        w.benchmarks(first_year, opts.end_year)?;
    }
    Ok(())
}

impl World<'_> {
    fn emit(&mut self, out: Out, cells: &[&str]) -> io::Result<()> {
        self.sink.row(out, self.lea, cells)
    }

    /// An end date as the extract shows it: empty if still open at the end of the data.
    fn shown_end(&self, end: Option<NaiveDate>) -> Option<NaiveDate> {
        end.filter(|e| *e <= self.end)
    }

    fn overlaps(&self, start: NaiveDate, end: Option<NaiveDate>) -> bool {
        start <= self.end && end.is_none_or(|e| e >= self.lookback)
    }

    fn population(&mut self, first: FinancialYear, last: FinancialYear, base: f64) -> io::Result<()> {
        let growth = 1.0 + self.rng.normal() * 0.004 + 0.004;
        let mut y = first;
        let mut n = 0;
        while y <= last {
            let pop = (base * growth.powi(n)).round() as i64;
            let mut cells = vec![y.start_year.to_string(), pop.to_string()];
            // By sex, ethnic group and age, in shares near England's (each set sums to the total).
            for shares in POPULATION_SHARES {
                let parts: Vec<i64> = shares.iter().map(|s| (pop as f64 * s).round() as i64).collect();
                let rest = pop - parts.iter().sum::<i64>();
                cells.extend(parts.iter().map(i64::to_string));
                cells.push(rest.to_string());
            }
            let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
            self.emit(Out::Population, &cells)?;
            y = y.next();
            n += 1;
        }
        Ok(())
    }

    fn new_child(&mut self, on: NaiveDate) -> usize {
        let age = *self.rng.weighted(&[(0, 14.0), (2, 20.0), (7, 25.0), (12, 30.0), (16, 11.0)]);
        let years = match age {
            0 => 0,
            2 => self.rng.int(1, 4),
            7 => self.rng.int(5, 9),
            12 => self.rng.int(10, 15),
            _ => self.rng.int(16, 17),
        };
        let dob = plus(on, -(years * 365 + self.rng.int(0, 364)));
        self.next_child += 1;
        // A scrambled counter: unique within the authority, not in date order. Past 900,000
        // children (scale 10 and more) the scramble repeats, so each further 900,000 carry
        // their block number after the six digits.
        let scrambled = 100_000 + (self.next_child * 7_919) % 900_000;
        let id = match (self.next_child - 1) / 900_000 {
            0 => format!("{scrambled:06}"),
            block => format!("{scrambled:06}{block}"),
        };
        let disability = if self.rng.chance(0.1) {
            let a = self.rng.pick(&["LD", "AUT", "COMM", "BEH", "MOB", "HEAR", "VIS", "PC"]).to_string();
            if self.rng.chance(0.3) { format!("{a};{}", self.rng.pick(&["LD", "AUT", "COMM", "BEH"])) } else { a }
        } else {
            "NONE".into()
        };
        let child = Child {
            id,
            dob,
            female: self.rng.chance(0.49),
            ethnicity: *self.rng.weighted(ETHNICITY_WEIGHTS),
            disability,
            open_until: None,
            cin: Vec::new(),
            cp: Vec::new(),
            care: Vec::new(),
            early_help: Vec::new(),
            plans: 0,
            in_children_file: false,
            in_lac_header: false,
        };
        self.children.push(child);
        self.children.len() - 1
    }

    /// Contacts day by day, each routed and followed through.
    fn front_door(&mut self, sim_start: NaiveDate, per_year: f64) -> io::Result<()> {
        let trend = self.rng.normal() * 0.05 + 0.02;
        let mut day = sim_start;
        while day <= self.end {
            let years_in = (day - sim_start).num_days() as f64 / 365.25;
            let mut mean = per_year * (1.0 + trend).powf(years_in - 3.0) / 265.0;
            if is_weekend(day) {
                mean *= 0.04;
            } else if (day.month(), day.day()) == (12, 25) || (day.month(), day.day()) == (1, 1) {
                mean *= 0.05;
            }
            let n = self.rng.poisson(mean);
            for _ in 0..n {
                let c = self.pick_child(day);
                self.contact(c, day, false)?;
            }
            for c in self.returns.remove(&day).unwrap_or_default() {
                if age_on(self.children[c].dob, day) < 18 {
                    self.contact(c, day, true)?;
                }
            }
            day = plus(day, 1);
        }
        Ok(())
    }

    fn pick_child(&mut self, day: NaiveDate) -> usize {
        let n = self.children.len();
        if n > 0 && self.rng.chance(0.3) {
            let recent = n.min(3000);
            let i = n - 1 - (self.rng.next_u64() as usize % recent);
            if self.children[i].dob <= day && age_on(self.children[i].dob, day) < 18 {
                return i;
            }
        }
        self.new_child(day)
    }

    /// A contact about child `c`; `returning` when it is about needs that came back after the
    /// child's case closed, which mostly go straight back to a referral.
    fn contact(&mut self, c: usize, day: NaiveDate, returning: bool) -> io::Result<()> {
        let open = self.children[c].open_until.is_some_and(|u| u > day);
        let (level, outcome) = if open {
            (
                *self.rng.weighted(&[(4u8, 60.0), (5, 40.0)]),
                *self.rng.weighted(&[("ADMIN", 40.0), ("NFA", 30.0), ("ADVICE", 30.0)]),
            )
        } else if returning {
            (
                *self.rng.weighted(&[(4u8, 35.0), (5, 65.0)]),
                *self.rng.weighted(&[("REFERRAL", 80.0), ("EARLY_HELP", 8.0), ("ADVICE", 12.0)]),
            )
        } else {
            let level = *self.rng.weighted(LEVEL_WEIGHTS);
            (level, *self.rng.weighted(ROUTING[level as usize - 1]))
        };
        let source = *self.rng.weighted(SOURCE_WEIGHTS);
        if day >= self.start {
            self.next_contact += 1;
            let id = format!("C{:08}", self.next_contact);
            let mut date = iso(day);
            if self.rng.chance(0.15) {
                date = format!("{date} {:02}:{:02}:00", self.rng.int(8, 18), self.rng.int(0, 59));
            }
            let src = if self.rng.chance(0.03) { "" } else { source };
            let lvl = if self.rng.chance(0.06) { String::new() } else { level.to_string() };
            let child_id = self.children[c].id.clone();
            self.emit(Out::Contacts, &[&id, &child_id, &date, src, &lvl, outcome])?;
        }
        match outcome {
            "REFERRAL" => {
                let on = plus(day, self.rng.int(0, 1));
                self.referral(c, on, source)
            }
            "EARLY_HELP" if self.rng.chance(0.8) => {
                let on = plus(day, self.rng.int(3, 20));
                self.early_help(c, on, level)
            }
            _ => Ok(()),
        }
    }

    fn early_help(&mut self, c: usize, start: NaiveDate, level: u8) -> io::Result<()> {
        let end = plus(start, self.rng.lognormal(150.0, 0.45) as i64);
        self.children[c].early_help.push((start, Some(end)));
        if !self.overlaps(start, Some(end)) {
            return Ok(());
        }
        let lead = if self.rng.chance(0.55) { "INTERNAL" } else { "EXTERNAL" };
        let start_level = if self.rng.chance(0.08) { String::new() } else { level.clamp(2, 4).to_string() };
        let shown = self.shown_end(Some(end));
        let end_level = match shown {
            Some(_) if self.rng.chance(0.9) => {
                self.rng.weighted(&[("1", 12.0), ("2", 50.0), ("3", 28.0), ("4", 10.0)]).to_string()
            }
            _ => String::new(),
        };
        let id = self.children[c].id.clone();
        self.emit(
            Out::EarlyHelp,
            &[&id, &iso(start), &shown.map(iso).unwrap_or_default(), lead, &start_level, &end_level],
        )
    }

    fn referral(&mut self, c: usize, date: NaiveDate, source: &str) -> io::Result<()> {
        let nfa = self.rng.chance(0.07);
        let need = *self.rng.weighted(NEED_WEIGHTS);
        let (closure, reason, conference) =
            if nfa { (Some(plus(date, self.rng.int(0, 3))), "RC8", None) } else { self.assessment(c, date)? };
        self.children[c].cin.push((date, closure));
        self.children[c].open_until = Some(closure.unwrap_or(NaiveDate::MAX));
        self.maybe_returns(c, closure, nfa);
        if !self.overlaps(date, closure) {
            return Ok(());
        }
        self.children[c].in_children_file = true;
        let shown = self.shown_end(closure);
        let id = self.children[c].id.clone();
        let src = if self.rng.chance(0.02) { "" } else { source };
        let need = if self.rng.chance(0.02) { "" } else { need };
        let nfa_cell = if self.rng.chance(0.5) {
            if nfa { "true" } else { "false" }
        } else if nfa {
            "1"
        } else {
            "0"
        };
        self.emit(
            Out::Referrals,
            &[
                &id,
                &iso(date),
                src,
                need,
                nfa_cell,
                &shown.map(iso).unwrap_or_default(),
                if shown.is_some() { reason } else { "" },
                &self.shown_end(conference).map(iso).unwrap_or_default(),
            ],
        )
    }

    /// About a fifth of referrals in England are re-referrals within a year: needs come back
    /// soonest after a referral that led nowhere, and for children who have had a plan.
    fn maybe_returns(&mut self, c: usize, closure: Option<NaiveDate>, nfa: bool) {
        let Some(closed) = closure else { return };
        let p = if nfa {
            0.55
        } else if self.children[c].plans > 0 {
            0.45
        } else {
            0.37
        };
        if self.rng.chance(p) {
            let mut day = plus(closed, self.rng.lognormal(60.0, 0.9).max(1.0) as i64);
            // Contacts come on working days.
            while is_weekend(day) {
                day = plus(day, 1);
            }
            self.returns.entry(day).or_default().push(c);
        }
    }

    /// The assessment and what follows it; returns when and why the CIN episode closes, and the
    /// date of its initial child protection conference (the day the plan it decides starts).
    fn assessment(
        &mut self,
        c: usize,
        referral: NaiveDate,
    ) -> io::Result<(Option<NaiveDate>, &'static str, Option<NaiveDate>)> {
        let start = plus(referral, self.rng.int(0, 3));
        let wd = match *self.rng.weighted(&[(0, 70.0), (1, 18.0), (2, 12.0)]) {
            0 => self.rng.int(8, 39),
            1 => self.rng.int(40, 45),
            _ => self.rng.int(46, 80),
        };
        let auth = add_working_days(start, wd);
        let no_further = self.rng.chance(0.36);
        let mut factors: Vec<&str> = Vec::new();
        if no_further && self.rng.chance(0.15) {
            factors.push("21");
        } else {
            for _ in 0..self.rng.int(1, 3) {
                let f = *self.rng.weighted(FACTOR_WEIGHTS);
                if !factors.contains(&f) {
                    factors.push(f);
                }
            }
        }
        if self.overlaps(start, Some(auth)) {
            let shown = self.shown_end(Some(auth));
            let id = self.children[c].id.clone();
            let sep = *self.rng.pick(&[";", ",", " "]);
            let (factor_cell, support) = match shown {
                Some(_) => (factors.join(sep), if no_further { "false" } else { "true" }.to_string()),
                None => (String::new(), String::new()),
            };
            self.emit(
                Out::Assessments,
                &[&id, &iso(start), &shown.map(iso).unwrap_or_default(), &factor_cell, &support],
            )?;
        }
        if no_further {
            self.enquiry_without_conference(c, start, auth, 0.1)?;
            let reason = if self.rng.chance(0.8) { "RC8" } else { "RC7" };
            return Ok((Some(plus(auth, self.rng.int(0, 10))), reason, None));
        }
        // A child who has had a plan before is more likely to need another (England: about one
        // plan in five is a second or later).
        let cp = if self.children[c].plans > 0 { 38.0 } else { 15.0 };
        let route = *self.rng.weighted(&[("cp", cp), ("care", 8.0), ("cin", 92.0 - cp)]);
        let mut conference = None;
        let after = match route {
            "cp" => {
                let on = plus(auth, self.rng.int(3, 20));
                conference = self.enquiry_with_conference(c, referral, on)?;
                self.cp_plan(c, on)?
            }
            "care" => {
                let on = plus(auth, self.rng.int(0, 10));
                self.enquiry_without_conference(c, start, auth, 0.4)?;
                self.care(c, on)?
            }
            _ => {
                self.enquiry_without_conference(c, start, auth, 0.15)?;
                Some(plus(auth, self.rng.lognormal(150.0, 0.6) as i64))
            }
        };
        let reason = *self.rng.weighted(&[
            ("RC7", 85.0),
            ("RC3", 4.0),
            ("RC4", 3.0),
            ("RC5", 4.0),
            ("RC6", 2.0),
            ("RC1", 1.0),
            ("RC2", 1.0),
        ]);
        Ok((after.map(|d| plus(d, self.rng.int(20, 120))), reason, conference))
    }

    /// The section 47 enquiry behind a conference on `on`, begun by a strategy discussion some
    /// working days before (England: about four in five conferences within 15). Most
    /// conferences are recorded on the enquiry; the rest on the episode (an enquiry in an
    /// earlier episode), whose copy of the date is returned.
    fn enquiry_with_conference(
        &mut self,
        c: usize,
        referral: NaiveDate,
        on: NaiveDate,
    ) -> io::Result<Option<NaiveDate>> {
        if self.more.chance(0.08) {
            return Ok(Some(on));
        }
        let wd = if self.more.chance(0.8) { self.more.int(4, 15) } else { self.more.int(16, 30) };
        let start = less_working_days(on, wd).max(referral);
        self.enquiry(c, start, Some(on), "false")?;
        Ok(None)
    }

    /// An enquiry, for a share `p` of assessments, that found no conference was needed.
    fn enquiry_without_conference(&mut self, c: usize, assessed: NaiveDate, auth: NaiveDate, p: f64) -> io::Result<()> {
        if !self.more.chance(p) {
            return Ok(());
        }
        let span = (auth - assessed).num_days().max(0);
        let start = plus(assessed, self.more.int(0, span.min(14)));
        let not_required = if self.more.chance(0.95) { "true" } else { "" };
        self.enquiry(c, start, None, not_required)
    }

    fn enquiry(&mut self, c: usize, start: NaiveDate, conference: Option<NaiveDate>, flag: &str) -> io::Result<()> {
        if !self.overlaps(start, Some(start)) {
            return Ok(());
        }
        let id = self.children[c].id.clone();
        // Nothing dated after the extract's end is known yet.
        let target = self.shown_end(Some(add_working_days(start, 15))).map(iso).unwrap_or_default();
        let held = self.shown_end(conference).map(iso).unwrap_or_default();
        self.emit(Out::Section47, &[&id, &iso(start), &target, &held, flag])
    }

    /// A child protection plan; returns when the child's social care involvement moves on.
    fn cp_plan(&mut self, c: usize, start: NaiveDate) -> io::Result<Option<NaiveDate>> {
        let mut length = self.rng.lognormal(240.0, 0.55) as i64;
        if self.rng.chance(0.02) {
            length = self.rng.int(740, 1000);
        }
        // A plan that leads into care ends when the child becomes looked after.
        let care_start = self.rng.chance(0.1).then(|| plus(start, self.rng.int(7, length.max(8))));
        let end = match care_start {
            Some(cs) => plus(cs, self.rng.int(0, 7)),
            None => plus(start, length.max(14)),
        };
        let previous = self.children[c].plans;
        self.children[c].plans += 1;
        self.children[c].cp.push((start, Some(end)));
        if self.overlaps(start, Some(end)) {
            let category = *self.rng.weighted(ABUSE_WEIGHTS);
            let latest = if self.rng.chance(0.1) {
                String::new()
            } else if self.rng.chance(0.9) {
                category.to_string()
            } else {
                self.rng.weighted(ABUSE_WEIGHTS).to_string()
            };
            // Plans before the simulation began, which only the count records.
            let history = previous + u32::from(previous == 0 && self.rng.chance(0.13));
            let prev = if self.rng.chance(0.05) { String::new() } else { history.to_string() };
            let id = self.children[c].id.clone();
            let shown = self.shown_end(Some(end));
            self.emit(
                Out::CpPlans,
                &[&id, &iso(start), &shown.map(iso).unwrap_or_default(), category, &latest, &prev],
            )?;
            self.cp_reviews(c, start, end)?;
        }
        if let Some(cs) = care_start {
            let after = self.care(c, cs)?;
            return Ok(after.map(|a| a.max(end)));
        }
        Ok(Some(end))
    }

    fn cp_reviews(&mut self, c: usize, start: NaiveDate, end: NaiveDate) -> io::Result<()> {
        let mut review = plus(start, if self.rng.chance(0.9) { self.rng.int(60, 88) } else { self.rng.int(93, 120) });
        while review < end && review <= self.end {
            if review >= self.lookback {
                let id = self.children[c].id.clone();
                self.emit(Out::CpReviews, &[&id, &iso(start), &iso(review)])?;
            }
            review = plus(review, if self.rng.chance(0.9) { self.rng.int(150, 180) } else { self.rng.int(186, 230) });
        }
        Ok(())
    }

    /// A period of care, as SSDA903 episodes; returns when it ends (`None` while open).
    fn care(&mut self, c: usize, start: NaiveDate) -> io::Result<Option<NaiveDate>> {
        let dob = self.children[c].dob;
        let adult = eighteenth_birthday(dob);
        if start >= adult {
            return Ok(Some(start));
        }
        // A child cannot start a second period of care while the first is open (or on its first day).
        if let Some((_, Some(last_end))) = self.children[c].care.last()
            && *last_end >= start
        {
            return Ok(Some(*last_end));
        }
        let mut end = plus(start, self.rng.lognormal(480.0, 1.0).max(3.0) as i64);
        let at_eighteen = end >= adult;
        if at_eighteen {
            end = adult;
        }
        self.children[c].care.push((start, Some(end)));
        if self.overlaps(start, Some(end)) {
            self.children[c].in_lac_header = true;
            self.children[c].in_children_file = true;
            self.episodes(c, start, end, at_eighteen)?;
            self.lac_reviews(c, start, end)?;
        }
        // Some children who go home come back into care: a second period, begun as new (RNE S).
        if !at_eighteen && self.rng.chance(0.1) {
            let again = plus(end, self.rng.lognormal(200.0, 0.8).max(2.0) as i64);
            if again < adult {
                self.care(c, again)?;
            }
        }
        Ok(Some(end))
    }

    fn episodes(&mut self, c: usize, start: NaiveDate, end: NaiveDate, at_eighteen: bool) -> io::Result<()> {
        let dob = self.children[c].dob;
        let id = self.children[c].id.clone();
        let age = age_on(dob, start);
        let mut legal = *self.rng.weighted(if age < 1 {
            &[("C1", 45.0), ("V2", 45.0), ("L2", 10.0)][..]
        } else {
            &[("V2", 50.0), ("C1", 30.0), ("L1", 8.0), ("L2", 4.0), ("J1", 3.0), ("C2", 5.0)][..]
        });
        let need = *self.rng.weighted(&[
            ("N1", 62.0),
            ("N2", 4.0),
            ("N3", 4.0),
            ("N4", 8.0),
            ("N5", 12.0),
            ("N6", 2.0),
            ("N7", 1.0),
            ("N8", 7.0),
        ]);
        let (mut location, mut distance) = self.placement_location();
        let mut place = self.placement(age_on(dob, start));
        let mut rne = "S";
        let mut from = start;
        let mut change_reason = "";
        let mut placement_order = (legal == "E1").then_some(start);
        loop {
            // The first months of care move often (emergency and bridging placements); after
            // six months most children settle: longer episodes, fewer moves. England keeps
            // about 70% of long-stayers in one placement for two years and about 10% have
            // three placements in a year; one episode length throughout gave about 25% and 9%.
            let settled = (from - start).num_days() >= 180;
            let median = if settled { 720.0 } else { 110.0 };
            let mut to = plus(from, self.rng.lognormal(median, 0.9).max(1.0) as i64);
            if legal == "L1" {
                to = plus(from, self.rng.int(1, 3));
            }
            let last = to >= end;
            if last {
                to = end;
            }
            let rec = if last {
                let age_end = age_on(dob, end);
                let w = if at_eighteen || age_end >= 16 {
                    REC_16_PLUS
                } else if age_end < 5 {
                    REC_UNDER_5
                } else {
                    REC_5_15
                };
                if at_eighteen {
                    *self.rng.weighted(&[("E17", 30.0), ("E5", 35.0), ("E6", 15.0), ("E8", 20.0)])
                } else {
                    *self.rng.weighted(w)
                }
            } else {
                "X1"
            };
            let shown = self.shown_end(Some(to));
            let mut provider = provider_for(place, &mut self.rng);
            let dist =
                if location == "OUT" && self.rng.chance(0.05) { String::new() } else { format!("{distance:.1}") };
            let mut urn = if matches!(place, "K1" | "K2") {
                format!("SC{:06}", self.rng.int(100_000, 999_999))
            } else {
                String::new()
            };
            // A child is adopted from a placement for adoption, under a placement order. Set
            // after the other cells are drawn, so that every draw stays as it was.
            if matches!(rec, "E11" | "E12") {
                if !matches!(place, "A3" | "A4" | "A5" | "A6") {
                    place = if rne == "T" { "A5" } else { "A6" };
                    urn.clear();
                    provider =
                        if provider == "PR4" || provider.is_empty() || provider == "PR0" { "PR1" } else { provider };
                }
                if legal != "E1" {
                    legal = "E1";
                    placement_order = placement_order.or(Some(from));
                }
            }
            if from <= self.end {
                self.emit(
                    Out::LacEpisodes,
                    &[
                        &id,
                        &uk(from),
                        rne,
                        legal,
                        need,
                        place,
                        provider,
                        &shown.map(uk).unwrap_or_default(),
                        if shown.is_some() { rec } else { "" },
                        change_reason,
                        "",
                        "",
                        &urn,
                        location,
                        &dist,
                    ],
                )?;
            }
            if last && matches!(rec, "E11" | "E12") {
                self.adoption(c, placement_order, from, to)?;
            }
            if last || to > self.end {
                return Ok(());
            }
            // The next episode: a new placement, a new legal status, or both.
            let moves = if settled { 22.0 } else { 66.0 };
            rne = *self.rng.weighted(&[("P", moves), ("L", 27.0), ("T", 10.0), ("B", 2.0), ("U", 0.5)]);
            if matches!(rne, "L" | "B" | "U") || legal == "L1" {
                legal = next_legal_status(legal, age_on(dob, to), &mut self.rng);
            }
            if legal == "E1" && placement_order.is_none() {
                placement_order = Some(to);
            }
            if matches!(rne, "P" | "T" | "B" | "U") {
                place = self.placement(age_on(dob, to));
                (location, distance) = self.placement_location();
                change_reason = *self
                    .rng
                    .pick(&["CARPL", "CARPL", "CARPL", "CREQB", "CREQO", "CHILD", "LAREQ", "STAND", "CLOSE", "OTHER"]);
            } else {
                change_reason = "";
            }
            from = to;
        }
    }

    /// The AD1 record of a child adopted on `adopted`: matched with the adopters some months
    /// after the placement order (or before the adoptive placement began, without one).
    fn adoption(
        &mut self,
        c: usize,
        order: Option<NaiveDate>,
        placed: NaiveDate,
        adopted: NaiveDate,
    ) -> io::Result<()> {
        if adopted > self.end || adopted < self.lookback {
            return Ok(());
        }
        let matched = match order {
            Some(o) => plus(o, self.more.int(40, 300)).min(adopted).max(o),
            None => plus(placed, -self.more.int(20, 90)),
        };
        let decided = plus(matched, -self.more.int(60, 200));
        let foster = if self.more.chance(0.15) { "1" } else { "0" };
        let (n, sex, status) = *self.more.weighted(&[
            (("2", "MF", "L11"), 70.0),
            (("2", "FF", "L12"), 6.0),
            (("2", "MM", "L12"), 6.0),
            (("1", "F1", "L0"), 12.0),
            (("2", "MF", "L3"), 6.0),
        ]);
        let (id, dob) = (self.children[c].id.clone(), uk(self.children[c].dob));
        self.emit(Out::LacAd1, &[&id, &dob, &uk(decided), &uk(matched), foster, n, sex, status])
    }

    fn placement(&mut self, age: i32) -> &'static str {
        *self.rng.weighted(if age < 5 {
            PLACE_UNDER_5
        } else if age < 16 {
            PLACE_5_15
        } else {
            PLACE_16_PLUS
        })
    }

    fn placement_location(&mut self) -> (&'static str, f64) {
        if self.rng.chance(0.38) {
            let miles =
                if self.rng.chance(0.6) { 8.0 + self.rng.unit() * 12.0 } else { 20.1 + self.rng.lognormal(25.0, 0.7) };
            ("OUT", miles)
        } else {
            ("IN", 0.3 + self.rng.unit() * 11.0)
        }
    }

    fn lac_reviews(&mut self, c: usize, start: NaiveDate, end: NaiveDate) -> io::Result<()> {
        let first =
            add_working_days(start, if self.rng.chance(0.9) { self.rng.int(8, 19) } else { self.rng.int(21, 35) });
        let mut review = first;
        let mut n = 0;
        let id = self.children[c].id.clone();
        let dob = self.children[c].dob;
        while review < end && review <= self.end {
            if review >= self.lookback {
                let code = if age_on(dob, review) < 4 {
                    "PN0"
                } else {
                    *self.rng.weighted(&[
                        ("PN1", 55.0),
                        ("PN2", 10.0),
                        ("PN3", 5.0),
                        ("PN4", 5.0),
                        ("PN5", 10.0),
                        ("PN6", 5.0),
                        ("PN7", 10.0),
                    ])
                };
                self.emit(Out::LacReviews, &[&id, &uk(dob), &uk(review), code])?;
            }
            n += 1;
            let gap = if n == 1 {
                if self.rng.chance(0.9) { self.rng.int(50, 88) } else { self.rng.int(95, 130) }
            } else if self.rng.chance(0.9) {
                self.rng.int(150, 180)
            } else {
                self.rng.int(186, 240)
            };
            review = plus(review, gap);
        }
        Ok(())
    }

    /// Short breaks for some disabled children: V3 episodes, excluded from care figures.
    fn short_breaks(&mut self, size: f64) -> io::Result<()> {
        let wanted = (12.0 * size).round() as usize;
        // Children already in care are left out, so a break never shares a start date with an episode.
        let candidates: Vec<usize> = (0..self.children.len())
            .filter(|&i| {
                let ch = &self.children[i];
                ch.disability != "NONE" && ch.in_children_file && ch.care.is_empty()
            })
            .take(wanted)
            .collect();
        for c in candidates {
            let dob = self.children[c].dob;
            let mut day = plus(self.start, self.rng.int(0, 200));
            let id = self.children[c].id.clone();
            while day <= self.end && age_on(dob, day) < 18 {
                let back = plus(day, self.rng.int(1, 3));
                let shown = self.shown_end(Some(back));
                self.emit(
                    Out::LacEpisodes,
                    &[
                        &id,
                        &uk(day),
                        "S",
                        "V3",
                        "N2",
                        "K2",
                        "PR1",
                        &shown.map(uk).unwrap_or_default(),
                        if shown.is_some() { "E8" } else { "" },
                        "",
                        "",
                        "",
                        "",
                        "IN",
                        "2.0",
                    ],
                )?;
                self.children[c].in_lac_header = true;
                day = plus(day, self.rng.int(25, 45));
            }
        }
        Ok(())
    }

    fn state_on(&self, c: usize, d: NaiveDate) -> &'static str {
        let ch = &self.children[c];
        if age_on(ch.dob, d) >= 18 {
            return if Child::in_spans(&ch.care, plus(d, -365 * 3)) { "PATHWAY" } else { "ADULT" };
        }
        if Child::in_spans(&ch.care, d) {
            "CIC"
        } else if Child::in_spans(&ch.cp, d) {
            "CPP"
        } else if Child::in_spans(&ch.cin, d) {
            if ch.cin.iter().any(|(s, _)| *s <= d && (d - *s).num_days() < 30) { "CFA" } else { "CIN" }
        } else if Child::in_spans(&ch.early_help, d) {
            "EARLY_HELP"
        } else {
            "NONE"
        }
    }

    /// Monthly panel meetings; each child discussed at a run of meetings.
    fn exploitation_panel(&mut self, size: f64) -> io::Result<()> {
        let mut meetings = Vec::new();
        let mut m = NaiveDate::from_ymd_opt(self.start.year(), self.start.month(), 1).expect("first of month");
        while m <= self.end {
            let mut d = m;
            while d.weekday() != Weekday::Tue {
                d = plus(d, 1);
            }
            meetings.push(d);
            m = m.checked_add_months(chrono::Months::new(1)).expect("month exists");
        }
        let teens: Vec<usize> = (0..self.children.len()).filter(|&i| self.children[i].in_children_file).collect();
        if teens.is_empty() {
            return Ok(());
        }
        for (k, &meeting) in meetings.iter().enumerate() {
            let new = self.rng.poisson(9.0 * size);
            for _ in 0..new {
                let c = teens[self.rng.next_u64() as usize % teens.len()];
                let age = age_on(self.children[c].dob, meeting);
                if !(10..=17).contains(&age) {
                    continue;
                }
                let female = self.children[c].female || self.rng.chance(0.6);
                let sex = if female { "F" } else { "M" };
                let mut risk = *self.rng.weighted(&[("HIGH", 25.0), ("MEDIUM", 45.0), ("LOW", 30.0)]);
                for &date in meetings.iter().skip(k).take(self.rng.int(1, 6) as usize) {
                    if self.rng.chance(0.1) {
                        continue;
                    }
                    let id = self.children[c].id.clone();
                    let eth = if self.rng.chance(0.05) { "" } else { self.children[c].ethnicity };
                    let plan = self.state_on(c, date);
                    let risk_cell = if self.rng.chance(0.04) { "" } else { risk };
                    let dob = iso(self.children[c].dob);
                    self.emit(Out::CsePanel, &[&id, &iso(date), sex, eth, &dob, risk_cell, plan])?;
                    risk = *self.rng.weighted(&[(risk, 70.0), ("MEDIUM", 20.0), ("LOW", 10.0)]);
                }
            }
        }
        Ok(())
    }

    fn missing_episodes(&mut self) -> io::Result<()> {
        for c in 0..self.children.len() {
            let ch = &self.children[c];
            let teen_in_care: Vec<Span> = ch
                .care
                .iter()
                .copied()
                .filter(|(s, e)| age_on(ch.dob, e.unwrap_or(*s)) >= 11 && self.overlaps(*s, *e))
                .collect();
            let mut starts = Vec::new();
            for (s, e) in teen_in_care {
                if self.rng.chance(0.35) {
                    let len = (e.unwrap_or(self.end).min(self.end) - s).num_days().max(1);
                    for _ in 0..self.rng.poisson(4.0) {
                        starts.push(plus(s, self.rng.int(0, len)));
                    }
                }
            }
            if ch.in_children_file && starts.is_empty() && self.rng.chance(0.015) && age_on(ch.dob, self.end) >= 12 {
                for _ in 0..self.rng.int(1, 2) {
                    starts.push(plus(self.start, self.rng.int(0, (self.end - self.start).num_days())));
                }
            }
            starts.sort_unstable();
            for start in starts {
                if start < self.lookback
                    || start > self.end
                    || age_on(ch.dob, start) < 10
                    || age_on(ch.dob, start) >= 18
                {
                    continue;
                }
                let end = plus(start, *self.rng.weighted(&[(0i64, 45.0), (1, 35.0), (2, 12.0), (3, 8.0)]));
                let shown = if self.rng.chance(0.03) { None } else { self.shown_end(Some(end)) };
                let kind = if self.rng.chance(0.8) { "M" } else { "A" };
                let id = ch.id.clone();
                self.sink.row(
                    Out::Missing,
                    self.lea,
                    &[&id, &iso(start), &shown.map(iso).unwrap_or_default(), kind],
                )?;
                // The SSDA903 return records the same episodes of a child in care.
                if Child::in_spans(&ch.care, start) {
                    let (dob, to) = (uk(ch.dob), shown.map(uk).unwrap_or_default());
                    self.sink.row(Out::LacMissing, self.lea, &[&id, &dob, kind, &uk(start), &to])?;
                }
            }
        }
        Ok(())
    }

    /// OC3 rows: young people looked after for 13 weeks or more after their 14th birthday,
    /// some of it after their 16th, each year of the data their 17th to 21st birthday falls
    /// in once they have left care.
    fn care_leavers(&mut self) -> io::Result<()> {
        let (first, last) = (FinancialYear::containing(self.start), FinancialYear::containing(self.end));
        for c in 0..self.children.len() {
            let ch = &self.children[c];
            let (fourteen, sixteen) =
                (plus(eighteenth_birthday(ch.dob), -4 * 365), plus(eighteenth_birthday(ch.dob), -2 * 365));
            let after = |from: NaiveDate| -> i64 {
                ch.care
                    .iter()
                    .map(|(s, e)| (e.unwrap_or(self.end).min(self.end) - (*s).max(from)).num_days().max(0))
                    .sum()
            };
            if after(fourteen) < 91 || after(sixteen) == 0 {
                continue;
            }
            let left = ch.care.iter().filter_map(|(_, e)| *e).max().unwrap_or(NaiveDate::MAX);
            let (id, dob) = (ch.id.clone(), ch.dob);
            let mut y = first;
            while y <= last {
                let birthday_year = if dob.month() >= 4 { y.start_year } else { y.start_year + 1 };
                let age = birthday_year - dob.year();
                let birthday = dob.with_year(birthday_year).unwrap_or_else(|| plus(dob.with_day(28).expect("28th"), 0));
                if (17..=21).contains(&age) && birthday >= left && birthday <= self.end {
                    let row = self.care_leaver_row(age);
                    let year = y.to_string();
                    self.emit(Out::LacOc3, &[&id, &uk(dob), row.0, row.1, &row.2, &year])?;
                }
                y = y.next();
            }
        }
        Ok(())
    }

    /// In touch, main activity and accommodation, near England's proportions.
    fn care_leaver_row(&mut self, age: i32) -> (&'static str, &'static str, String) {
        let touch = *self.more.weighted(&[("YES", 90.0), ("NO", 4.0), ("REFU", 3.0), ("NREQ", 2.0), ("RHOM", 1.0)]);
        if touch != "YES" {
            return (touch, "0", "0".into());
        }
        let eet = if age <= 18 { 0.66 } else { 0.53 };
        let activity = if self.more.chance(eet) {
            *self.more.weighted(&[
                ("F2", 35.0),
                ("P2", 5.0),
                ("F1", if age <= 18 { 3.0 } else { 14.0 }),
                ("F4", 8.0),
                ("F5", 22.0),
                ("P5", 13.0),
            ])
        } else {
            *self.more.weighted(&[("G5", 60.0), ("G4", 22.0), ("G6", 18.0)])
        };
        let accommodation = if self.more.chance(if age <= 18 { 0.9 } else { 0.86 }) {
            format!(
                "{}1",
                self.more.weighted(&[
                    ("D", 30.0),
                    ("U", 25.0),
                    ("B", 15.0),
                    ("Z", 12.0),
                    ("E", 8.0),
                    ("K", 6.0),
                    ("C", 4.0)
                ])
            )
        } else {
            format!(
                "{}2",
                self.more.weighted(&[("S", 20.0), ("W", 15.0), ("V", 15.0), ("X", 20.0), ("D", 15.0), ("B", 15.0)])
            )
        };
        (touch, activity, accommodation)
    }

    fn child_files(&mut self) -> io::Result<()> {
        for c in 0..self.children.len() {
            let ch = &self.children[c];
            let sex = if ch.female { "F" } else { "M" };
            if ch.in_children_file {
                let eth = if self.rng.chance(0.02) { "" } else { ch.ethnicity };
                self.sink.row(Out::Children, self.lea, &[&ch.id, &iso(ch.dob), sex, eth, &ch.disability])?;
            }
            if ch.in_lac_header {
                let old_sex = if ch.female { "2" } else { "1" };
                let mother = if ch.female && age_on(ch.dob, self.end) >= 15 {
                    if self.rng.chance(0.05) { "1" } else { "0" }
                } else {
                    ""
                };
                self.sink.row(
                    Out::LacHeader,
                    self.lea,
                    &[&ch.id, old_sex, &uk(ch.dob), ch.ethnicity, "", mother, ""],
                )?;
                // Unaccompanied children come into care as teenagers, most of them boys.
                let arrived = ch.care.first().map(|(s, _)| age_on(ch.dob, *s));
                let p = if ch.female { 0.03 } else { 0.12 };
                if arrived.is_some_and(|a| a >= 14) && self.more.chance(p) {
                    let adult = eighteenth_birthday(ch.dob);
                    let ceased = if adult <= self.end { uk(adult) } else { String::new() };
                    self.sink.row(Out::LacUasc, self.lea, &[&ch.id, old_sex, &uk(ch.dob), &ceased])?;
                }
            }
        }
        Ok(())
    }

    fn training(&mut self, first: FinancialYear, last: FinancialYear, size: f64) -> io::Result<()> {
        let delegates: Vec<&'static str> = (0..(900.0 * size) as usize).map(|_| *self.rng.weighted(AGENCIES)).collect();
        let mut year = first;
        let mut session_no = 0u32;
        while year <= last {
            let offset = (year.start_year - first.start_year) as u32;
            let courses: Vec<&str> = COURSES.iter().filter(|(_, from)| *from <= offset).map(|(t, _)| *t).collect();
            let sessions = (self.rng.int(90, 130) as f64 * size).round() as i64;
            for _ in 0..sessions {
                session_no += 1;
                let id = format!("S{session_no:05}");
                let mut date = plus(year.first_day(), self.rng.int(0, year.days() - 1));
                while is_weekend(date) {
                    date = plus(date, 1);
                }
                if date > year.last_day() {
                    date = plus(date, -3);
                }
                let title = *self.rng.pick(&courses);
                let cancelled = self.rng.chance(0.08);
                let provider = if self.rng.chance(0.1) { "" } else { *self.rng.pick(PROVIDERS) };
                self.emit(
                    Out::Sessions,
                    &[&id, title, &iso(date), if cancelled { "CANCELLED" } else { "DELIVERED" }, provider],
                )?;
                if cancelled || delegates.is_empty() {
                    continue;
                }
                for _ in 0..self.rng.int(10, 24) {
                    let d = self.rng.next_u64() as usize % delegates.len();
                    let status = *self.rng.weighted(&[("ATTENDED", 82.0), ("DNA", 13.0), ("WALK_IN", 5.0)]);
                    let (mut pre, mut post, mut rec) = (String::new(), String::new(), String::new());
                    if status != "DNA" && self.rng.chance(0.8) {
                        let p = self.rng.int(2, 7);
                        pre = p.to_string();
                        post = (p + self.rng.int(0, 4)).min(10).to_string();
                        rec = if self.rng.chance(0.91) { "Y" } else { "N" }.to_string();
                    }
                    self.emit(Out::Attendance, &[&id, &format!("D{d:05}"), delegates[d], status, &pre, &post, &rec])?;
                }
            }
            year = year.next();
        }
        Ok(())
    }

    fn measures(&mut self, first: FinancialYear, last: FinancialYear, size: f64) -> io::Result<()> {
        let mut year = first;
        while year <= last {
            let y = year.to_string();
            let count =
                |rng: &mut Rng, base: f64| ((base * size) * (1.0 + rng.normal() * 0.12)).round().max(0.0).to_string();
            let rows: Vec<(&str, &str, String, &str)> = vec![
                ("LADO", "Referrals to the LADO", count(&mut self.rng, 240.0), "count"),
                ("LADO", "Allegations that met the harm threshold", count(&mut self.rng, 70.0), "count"),
                ("MARAC", "Cases heard", count(&mut self.rng, 520.0), "count"),
                ("MARAC", "Children in households discussed", count(&mut self.rng, 680.0), "count"),
                ("Child death reviews", "Child deaths reviewed", count(&mut self.rng, 24.0), "count"),
                ("Private fostering", "Notifications received", count(&mut self.rng, 9.0), "count"),
                ("Young carers", "Young carers known to services", count(&mut self.rng, 310.0), "count"),
            ];
            for (section, measure, value, unit) in rows {
                self.emit(Out::Measures, &[section, measure, &y, &value, unit, "", ""])?;
            }
            self.budget(year, size)?;
            year = year.next();
        }
        // One monthly series, as some partners report by month.
        let mut m = last.first_day();
        while m <= last.last_day() {
            let v = self.rng.poisson(4.0 * size).to_string();
            let period = format!("{}-{:02}", m.year(), m.month());
            self.emit(
                Out::Measures,
                &["Police enforcement", "Child abduction warning notices issued", &period, &v, "count", "", "FLOW"],
            )?;
            m = m.checked_add_months(chrono::Months::new(1)).expect("month exists");
        }
        Ok(())
    }

    /// The partners' contributions (the same each year, as three-partner agreements often are)
    /// and the spending, in shares that move a little from year to year with no random draw,
    /// so that every other synthetic value stays as it was.
    fn budget(&mut self, year: FinancialYear, size: f64) -> io::Result<()> {
        let y = year.to_string();
        let partners = [("Local authority", 98_000.0), ("Police", 42_000.0), ("Health commissioners", 56_000.0)];
        let income: f64 = partners.iter().map(|(_, a)| (a * size.sqrt()).round()).sum();
        for (partner, amount) in partners {
            self.emit(Out::Budget, &[&y, "INCOME", partner, &format!("{}", (amount * size.sqrt()).round()), ""])?;
        }
        let turn = f64::from(year.start_year.rem_euclid(3));
        let spend = [
            ("Business unit staff", 0.58 + 0.01 * turn),
            ("Independent scrutiny", 0.09),
            ("Multi-agency training", 0.13 - 0.01 * turn),
            ("Practice reviews", 0.08 + 0.03 * turn),
            ("Communications and events", 0.04),
        ];
        for (item, share) in spend {
            self.emit(Out::Budget, &[&y, "SPEND", item, &format!("{}", (income * share).round()), ""])?;
        }
        Ok(())
    }

    /// Serious incidents notified to the national panel, their rapid reviews and practice
    /// reviews, and the board's actions from them: a few a year, from their own stream so
    /// that every other synthetic value stays as it was.
    fn reviews(&mut self, first: FinancialYear, size: f64) -> io::Result<()> {
        const ACTIONS: &[&str] = &[
            "Refresh the escalation policy and remind staff how to use it",
            "Audit the quality of strategy discussions",
            "Train practitioners to recognise neglect with the graded care profile",
            "Publish a seven-minute briefing on the learning",
            "Agree how health visitors share concerns with schools",
            "Review how safe sleep advice is given before discharge",
            "Check that fathers are seen in assessments",
            "Test the out-of-hours referral route",
        ];
        const OWNERS: &[&str] = &["Partnership", "Police", "Health", "Children's services", "Education"];
        let (mut next_review, mut next_action) = (1, 1);
        let mut day = first.first_day();
        while day <= self.end {
            let year_end = FinancialYear::containing(day).last_day();
            let mut dates: Vec<NaiveDate> = (0..self.more.poisson(2.5 * size.max(0.2)))
                .map(|_| plus(day, self.more.int(0, (year_end - day).num_days())))
                .collect();
            dates.sort_unstable();
            for notified in dates {
                // Most rapid reviews meet 15 working days (about three weeks); some do not.
                let reviewed = plus(notified, self.more.int(12, 30));
                let decision = *self.more.weighted(&[("CSPR", 25.0), ("NO_CSPR", 75.0)]);
                let decided = if reviewed > self.end { "PENDING" } else { decision };
                let published = plus(notified, self.more.int(270, 480));
                let published =
                    (decided == "CSPR" && published <= self.end).then(|| iso(published)).unwrap_or_default();
                let mut themes: Vec<&str> =
                    (0..self.more.int(1, 3)).map(|_| *self.more.pick(crate::contract::REVIEW_THEMES)).collect();
                themes.sort_unstable();
                themes.dedup();
                let id = format!("RR{next_review:03}");
                next_review += 1;
                let shown = |d: NaiveDate| if d <= self.end { iso(d) } else { String::new() };
                let (n, r, t) = (iso(notified), shown(reviewed), themes.join(";"));
                self.emit(Out::Reviews, &[&id, &n, &r, decided, &published, &t])?;
                for _ in 0..self.more.int(1, 3) {
                    let due = plus(reviewed, self.more.int(60, 300));
                    let done = due < self.end && self.more.chance(0.8);
                    let completed = plus(due, -self.more.int(0, 50)).min(self.end);
                    let (status, completed, evidence) = if done {
                        ("COMPLETED", iso(completed), "The change was checked by a multi-agency audit")
                    } else if reviewed < self.end && self.more.chance(0.6) {
                        ("IN_PROGRESS", String::new(), "")
                    } else {
                        ("NOT_STARTED", String::new(), "")
                    };
                    let action = format!("A{next_action:03}");
                    next_action += 1;
                    let (what, owner) = (*self.more.pick(ACTIONS), *self.more.pick(OWNERS));
                    self.emit(Out::Actions, &[&action, what, owner, &iso(due), status, &completed, evidence])?;
                }
            }
            day = plus(year_end, 1);
        }
        Ok(())
    }

    /// Comparator values for the years before the reporting year (published a year behind).
    fn benchmarks(&mut self, first: FinancialYear, last: FinancialYear) -> io::Result<()> {
        let comparators = [("England", 1.0), (REGION, 1.12), ("Statistical neighbours", 1.2)];
        let mut year = first.previous();
        while year < last {
            let t = (year.start_year - first.start_year) as f64;
            for (indicator, base, step) in BASE {
                for (name, factor) in comparators {
                    let mut v = (base + step * t) * scaled(indicator, factor) * (1.0 + self.rng.normal() * 0.01);
                    if indicator.ends_with(".pct") {
                        v = v.min(99.0);
                    }
                    self.comparator(indicator, year, name, v)?;
                }
            }
            // Assessment factors are published for England only. No random draws here, so
            // adding them left every other synthetic value as it was.
            for (factor, base, step) in FACTORS {
                self.comparator(&format!("cfa.factor.{factor}.pct"), year, "England", base + step * t)?;
            }
            // The sector's standard measures, for every comparator; no random draws either.
            for (indicator, base, step) in MEASURES {
                for (name, factor) in comparators {
                    self.comparator(indicator, year, name, (base + step * t) * scaled(indicator, factor))?;
                }
            }
            year = year.next();
        }
        Ok(())
    }

    /// One comparator's published value in benchmarks.csv.
    fn comparator(&mut self, indicator: &str, year: FinancialYear, name: &str, v: f64) -> io::Result<()> {
        let (set, method) = if name == "Statistical neighbours" { (NEIGHBOURS, "mean") } else { ("", "") };
        let (source, vintage) = published(indicator, year);
        // Average days are published in whole days.
        let value = if indicator.contains(".days") { format!("{v:.0}") } else { format!("{v:.1}") };
        let row = [indicator, &year.to_string(), name, &value, &source, "", &vintage, set, method];
        self.emit(Out::Benchmarks, &row)
    }
}

/// A comparator's value relative to England's: shares differ from England's far less than
/// rates do.
fn scaled(indicator: &str, factor: f64) -> f64 {
    if indicator.ends_with(".pct") { 1.0 + (factor - 1.0) * 0.1 } else { factor }
}

/// The neighbour set the synthetic neighbours stand for.
const NEIGHBOURS: &str = "10 nearest statistical neighbours (DfE children's services benchmarking tool)";

/// The publication a comparator of the year is shaped after, and when it would appear (the
/// autumn after the year); the values themselves are fictional.
fn published(indicator: &str, year: FinancialYear) -> (String, String) {
    let title = if ["lac.", "care_leavers.", "adoption."].iter().any(|p| indicator.starts_with(p)) {
        "Children looked after in England including adoptions"
    } else {
        "Characteristics of children in need"
    };
    (format!("Fictional, in the form of DfE: {title}, {year}"), format!("November {}", year.start_year + 1))
}

/// Comparator figures (fictional): indicator, England's value in the first year, yearly drift.
const BASE: &[(&str, f64, f64)] = &[
    ("referrals.rate", 548.0, 4.0),
    ("referrals.rereferral_12m.pct", 22.0, -0.3),
    ("cin.at_31_march.rate", 330.0, 2.0),
    ("cfa.within_45wd.pct", 82.0, 0.5),
    ("cp.at_31_march.rate", 43.0, 0.6),
    ("cp.started.rate", 55.0, 0.7),
    ("cp.second_or_subsequent.pct", 19.0, 0.3),
    // The DfE publishes the child-based review measure, not the share of reviews.
    ("cp.reviews.all_in_time.pct", 92.0, 0.1),
    ("lac.at_31_march.rate", 62.0, 1.0),
];

/// England's values of the sector's standard measures (fictional, of the order the DfE's
/// tables show), and their yearly drift.
const MEASURES: &[(&str, f64, f64)] = &[
    ("s47.rate", 150.0, 4.0),
    ("icpc.rate", 62.0, 1.0),
    ("icpc.within_15wd.pct", 74.0, 0.8),
    ("cp.ended.over_2_years.pct", 3.8, 0.0),
    ("lac.placements_3plus.pct", 10.6, -0.1),
    ("lac.long_term_stability.pct", 67.0, 0.4),
    ("lac.over_20_miles.pct", 15.0, 0.3),
    ("care_leavers.17_18.eet.pct", 62.0, 0.3),
    ("care_leavers.19_21.eet.pct", 49.0, 0.5),
    ("care_leavers.19_21.suitable_accommodation.pct", 83.0, 0.4),
    ("care_leavers.19_21.in_touch.pct", 88.0, 0.3),
    ("adoption.a1.days_3yr", 560.0, -15.0),
    ("adoption.a2.days_3yr", 230.0, -8.0),
];

/// England's share of assessments with each factor (fictional), and its yearly drift.
const FACTORS: &[(&str, f64, f64)] = &[
    ("domestic_abuse", 49.0, 0.5),
    ("mental_health", 38.0, 0.8),
    ("emotional_abuse", 21.0, 0.3),
    ("neglect", 19.0, 0.2),
    ("drugs", 18.0, 0.1),
    ("alcohol", 17.0, -0.1),
    ("physical_abuse", 15.0, 0.0),
    ("learning_disability", 9.0, 0.1),
    ("self_harm", 6.0, 0.2),
    ("sexual_abuse", 6.0, 0.0),
];

fn next_legal_status(current: &str, age: i32, rng: &mut Rng) -> &'static str {
    match current {
        "C1" => {
            *rng.weighted(if age < 5 { &[("C2", 60.0), ("E1", 40.0)][..] } else { &[("C2", 90.0), ("C1", 10.0)][..] })
        }
        "V2" => *rng.weighted(&[("C1", 55.0), ("V2", 30.0), ("C2", 15.0)]),
        "L1" | "L2" => *rng.weighted(&[("C1", 50.0), ("V2", 50.0)]),
        "C2" if age < 5 => *rng.weighted(&[("E1", 50.0), ("C2", 50.0)]),
        "J1" => "V2",
        "E1" => "E1",
        _ => "C2",
    }
}

fn provider_for(place: &str, rng: &mut Rng) -> &'static str {
    match place {
        "P1" => "PR0",
        "U1" | "U2" | "U3" => "PR1",
        "U4" | "U5" | "U6" => *rng.weighted(&[("PR1", 60.0), ("PR4", 40.0)]),
        "A3" | "A4" | "A5" | "A6" => *rng.weighted(&[("PR1", 70.0), ("PR2", 15.0), ("PR5", 15.0)]),
        "K1" | "K2" => *rng.weighted(&[("PR4", 75.0), ("PR1", 25.0)]),
        "H5" | "P2" => *rng.weighted(&[("PR4", 60.0), ("PR5", 40.0)]),
        "S1" => "PR5",
        "R1" | "R2" | "R3" | "R5" => "PR3",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::{BASE, FACTORS};
    use crate::indicators::topics::is_known;

    #[test]
    fn benchmarks_are_written_for_declared_indicators() {
        for (id, _, _) in BASE {
            assert!(is_known(id), "{id}");
        }
        for (factor, _, _) in FACTORS {
            assert!(is_known(&format!("cfa.factor.{factor}.pct")), "{factor}");
        }
        for (id, _, _) in super::MEASURES {
            assert!(is_known(id), "{id}");
        }
    }
}
