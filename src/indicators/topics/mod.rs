//! The indicators, one file a topic. Each topic file holds the topic's catalogue declarations,
//! its code groups, the routine that computes its base counts with the generic engine
//! (`compute.rs`), and its unit tests on hand-worked fixtures.
//!
//! Adding a topic is one new file and one line in [`TOPICS`]. The registry's order is the
//! catalogue's, which is the order `figures.csv` lists indicators in.

pub mod adoption;
pub mod assessments;
pub mod budget;
pub mod care_leavers;
pub mod characteristics;
pub mod child_protection;
pub mod contacts;
pub mod early_help;
pub mod exploitation;
pub mod given;
pub mod looked_after;
pub mod looked_after_stability;
pub mod looked_after_status;
pub mod missing;
pub mod referrals;
pub mod reviews;
pub mod section47;
mod topic;
pub mod training;

pub use topic::{Dynamic, Topic};

use super::catalogue::{Builder, Identity, Indicator};
use super::compute::{BaseCounts, Computer};
use crate::frames::Frames;
use crate::period::FinancialYear;
use polars::prelude::PolarsResult;

pub const TOPICS: &[Topic] = &[
    given::TOPIC,
    contacts::TOPIC,
    referrals::TOPIC,
    section47::TOPIC,
    child_protection::TOPIC,
    assessments::TOPIC,
    looked_after::TOPIC,
    looked_after_status::TOPIC,
    looked_after_stability::TOPIC,
    adoption::TOPIC,
    care_leavers::TOPIC,
    training::TOPIC,
    exploitation::TOPIC,
    missing::TOPIC,
    characteristics::TOPIC,
    early_help::TOPIC,
    reviews::TOPIC,
    budget::TOPIC,
];

/// Every indicator declared in this version, in the registry's order.
pub fn catalogue() -> Vec<Indicator> {
    declared().finish()
}

/// The identities the topics declare between their figures (sums, subsets, stocks and flows).
pub fn identities() -> Vec<Identity> {
    declared().identities()
}

fn declared() -> Builder {
    let mut b = Builder::default();
    for topic in TOPICS {
        (topic.declare)(&mut b);
    }
    b
}

/// Every base count the catalogue needs, for every year from `first` to `last`: each topic's.
pub fn base_counts(frames: &Frames, first: FinancialYear, last: FinancialYear) -> PolarsResult<BaseCounts> {
    let mut c = Computer::new(frames, first, last);
    for topic in TOPICS {
        // SAFEGUARD_TIMINGS=1 prints how long each topic takes, for finding slow queries.
        let started = std::time::Instant::now();
        (topic.count)(&mut c)?;
        crate::timing(topic.name, started);
    }
    let started = std::time::Instant::now();
    let counts = c.finish();
    crate::timing("columns left empty", started);
    counts
}

/// The prefixes of figures named by what a file gives (a partner's measure, a budget line).
pub const GIVEN_PREFIXES: [&str; 3] = [given::MEASURE_PREFIX, budget::INCOME_PREFIX, budget::SPEND_PREFIX];

/// Whether `id` is an indicator this version can publish: declared, or a cell of a breakdown
/// named by the data (`training.agency.<slug>`, `measure.<section>.<measure>`).
pub fn is_known(id: &str) -> bool {
    let dynamic = TOPICS.iter().flat_map(|t| t.dynamic).map(|d| d.prefix).chain(GIVEN_PREFIXES);
    catalogue().iter().any(|i| i.id == id)
        || dynamic.into_iter().any(|p| id.strip_prefix(p).is_some_and(|rest| rest.len() > 1 && rest.starts_with('.')))
}

#[cfg(test)]
pub mod fixture {
    //! Hand-written data directories for the topics' tests, run through the real pipeline.

    use crate::contract::FILES;
    use crate::indicators::compute::{BaseCounts, Computer};
    use crate::period::Period;
    use crate::pipeline::Checked;
    use crate::run::Request;
    use std::collections::BTreeMap;

    /// A data directory holding `files`; every other core file has a header and no rows.
    /// The report is for 2017-18, authority 999, internal edition.
    pub fn checked(files: &[(&str, &str)]) -> Checked {
        let (checked, diag) = validated(files);
        checked.unwrap_or_else(|| panic!("the fixture is not valid:\n{}", diag.render_text()))
    }

    /// The lines, in order, at which `said` (validate's text) reports the DfE's rule
    /// `reference` (`SSDA903 148`, `CIN 1103`).
    pub fn lines_under(said: &str, reference: &str) -> Vec<u64> {
        let tag = format!("({reference})");
        let mut found: Vec<u64> = said
            .lines()
            .filter(|l| l.contains(&tag))
            .filter_map(|l| l.split(", line ").nth(1)?.split(',').next()?.parse().ok())
            .collect();
        found.sort();
        found
    }

    /// What validation says of a fixture, as `safeguard validate` prints it.
    pub fn problems(files: &[(&str, &str)]) -> String {
        validated(files).1.render_text()
    }

    fn validated(files: &[(&str, &str)]) -> (Option<Checked>, crate::diagnostics::Diagnostics) {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).expect("write fixture");
        for spec in FILES.iter().filter(|s| s.core) {
            let header: Vec<&str> = spec.columns.iter().filter(|c| c.required).map(|c| c.name).collect();
            write(&spec.file_name(), &format!("{}\n", header.join(",")));
        }
        write("population.csv", "Year,Population0to17\n2016,10000\n2017,12000\n");
        write(
            "report.toml",
            "area_name = \"Testshire\"\nlea = \"999\"\nreporting_year = \"2017-18\"\nedition = \"internal\"\n",
        );
        for (name, text) in files {
            write(name, text);
        }
        let request = Request { data: dir.path().to_path_buf(), ..Request::default() };
        crate::pipeline::check(&request).expect("the directory exists")
    }

    /// One topic's base counts on files validation would refuse: for the engine's defences
    /// against data no check should let through. Years 2016-17 to 2017-18.
    pub fn unvalidated_counts(files: &[(&str, &str)], topic: &super::Topic) -> BaseCounts {
        let dir = tempfile::tempdir().expect("a temporary directory");
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).expect("write fixture");
        }
        let mut diag = crate::diagnostics::Diagnostics::new();
        let loaded = crate::load::load_dir(dir.path(), Some("999"), &mut diag);
        let frames = crate::frames::build(loaded).expect("the frames build");
        let years = (crate::period::FinancialYear::new(2016), crate::period::FinancialYear::new(2017));
        let mut c = Computer::new(&frames, years.0, years.1);
        (topic.count)(&mut c).expect("the counts compute");
        c.finish().expect("the gaps compute")
    }

    /// One topic's base counts on a fixture.
    pub fn counts(files: &[(&str, &str)], topic: &super::Topic) -> BaseCounts {
        let checked = checked(files);
        let mut c = Computer::new(&checked.frames, checked.run.first_year, checked.run.reporting_year);
        (topic.count)(&mut c).expect("the counts compute");
        c.finish().expect("the gaps compute")
    }

    /// Every published figure of a fixture: (id, period) → the value as figures.csv shows it.
    pub fn figures(files: &[(&str, &str)]) -> BTreeMap<(String, String), String> {
        let checked = checked(files);
        let figs = crate::indicators::compute(&checked.frames, &checked.run).expect("the figures compute");
        figs.rows.iter().map(|r| ((r.indicator.clone(), r.period.to_string()), r.figure.shown(r.unit))).collect()
    }

    /// Asserts one figure, naming it when it is wrong or absent.
    #[track_caller]
    pub fn check(figs: &BTreeMap<(String, String), String>, id: &str, period: &str, value: &str) {
        let got = figs.get(&(id.to_string(), period.to_string()));
        assert_eq!(got.map(String::as_str), Some(value), "{id} {period}");
    }

    /// A base count for authority 999.
    pub fn count(counts: &BaseCounts, id: &str, period: &str) -> Option<i64> {
        counts.get("999", id, period.parse::<Period>().expect("a period"))
    }

    /// Contacts and referrals over two years, 2016-17 and 2017-18, with the plans, care and
    /// reviews several topics' tests share. Each test's comments work out its answers.
    pub const CONTACTS: &str = "ContactID,LAchildID,ContactDate,ContactSource,LevelOfNeed,ContactOutcome
C1,A1,2017-04-03,6,4,REFERRAL
C2,A2,03/05/2017,2A,2,ADVICE
C3,A3,2017-06-01,6,5,REFERRAL
C4,A1,2018-03-31 16:59,,3,EARLY_HELP
C6,A5,2016-05-10,2A,4,REFERRAL
C7,A6,2016-12-25,1A,3,NFA
";
    pub const REFERRALS: &str = "LAchildID,CINreferralDate,ReferralNFA,CINclosureDate
A1,2016-04-03,false,2016-10-01
A1,2017-04-03,false,
A3,2017-06-01,true,2017-06-02
A5,2016-05-10,false,2018-03-31
A7,2015-06-01,false,
A8,2017-09-01,false,2018-01-01
";
    pub const CP_PLANS: &str = "LAchildID,CPPstartDate,CPPendDate,InitialCategoryOfAbuse,NumberOfPreviousCPP
A1,2017-04-20,,NEG,0
A7,2016-03-31,2018-03-31,EMO,
A7,2018-03-31,,PHY,
A9,2015-01-10,,NEG,1
A10,2016-11-30,2017-03-15,NEG,0
";
    pub const CP_REVIEWS: &str = "LAchildID,CPPstartDate,CPPreviewDate
A1,2017-04-20,2017-07-20
A1,2017-04-20,2018-01-21
A7,2016-03-31,2016-06-30
A7,2016-03-31,2016-12-30
A10,2016-11-30,2017-02-28
";
    pub const LAC_HEADER: &str = "CHILD,SEX,DOB\nA7,2,01/02/2005\nB2,1,01/02/2010\n";
    pub const LAC_EPISODES: &str =
        "CHILD,DECOM,RNE,LS,PLACE,DEC,REC\nA7,01/01/2018,S,C1,U6,,\nB2,30/03/2018,S,V3,K2,,\n";

    /// The shared two-year fixture, with `extra` files added or replacing its own.
    pub fn two_years<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
        let mut files = vec![
            ("contacts.csv", CONTACTS),
            ("referrals.csv", REFERRALS),
            ("cp_plans.csv", CP_PLANS),
            ("cp_reviews.csv", CP_REVIEWS),
            ("lac_header.csv", LAC_HEADER),
            ("lac_episodes.csv", LAC_EPISODES),
        ];
        for (name, text) in extra {
            files.retain(|(n, _)| n != name);
            files.push((name, text));
        }
        files
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_recipes_refer_to_declared_ids() {
        let all = catalogue();
        let ids: std::collections::HashSet<&str> = all.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids.len(), all.len(), "duplicate id");
        for i in &all {
            for r in i.recipe.parts() {
                assert!(ids.contains(r), "{} refers to undeclared {r}", i.id);
            }
            if let Some(f) = &i.family {
                assert!(ids.contains(f.total.as_str()), "{}: family total {}", i.id, f.total);
            }
        }
        for d in TOPICS.iter().flat_map(|t| t.dynamic) {
            assert!(ids.contains(d.total), "{}: total {}", d.prefix, d.total);
        }
    }

    #[test]
    fn known_ids_include_cells_named_by_the_data_but_not_typos() {
        assert!(is_known("cp.at_31_march"));
        assert!(is_known("training.agency.police"));
        assert!(is_known("measure.lado.referrals_to_the_lado"));
        assert!(!is_known("cp.at_31_marhc"));
        assert!(!is_known("training.agency"));
    }

    #[test]
    fn only_shares_rates_and_means_have_a_polarity() {
        // A count moves with the number of children or bookings behind it, so better or worse
        // is judged on the share or rate it is part of (issue 12: places not attended).
        for i in catalogue() {
            if i.unit == crate::indicators::figure::Unit::Count {
                assert_eq!(i.polarity, crate::indicators::catalogue::Polarity::Neutral, "{} is a count", i.id);
            }
        }
    }
}
