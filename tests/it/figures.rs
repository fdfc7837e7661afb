//! Figures through the binary, on a hand-built fixture whose answers are worked out in the
//! comments. Each topic's hand-worked figures are tested in its own file
//! (`src/indicators/topics/`); these check what only the whole command shows: editions,
//! several authorities, absent files and the catalogue's coverage.

use crate::util::{Fixture, safeguard};
use std::collections::BTreeMap;

/// (indicator, period) → (value, numerator, denominator).
type Csv = BTreeMap<(String, String), (String, String, String)>;

fn figures(f: &Fixture, edition: &str) -> Csv {
    let run = safeguard(["figures", "--format", "csv", "--edition", edition, "--data", f.path().to_str().unwrap()]);
    run.expect_code(0);
    let mut r = crate::util::figures_reader(run.stdout.as_bytes());
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        ["indicator", "period", "value", "numerator", "denominator", "unit", "lower_ci", "upper_ci"]
    );
    r.records()
        .map(|rec| rec.unwrap())
        .map(|r| ((r[0].to_string(), r[1].to_string()), (r[2].to_string(), r[3].to_string(), r[4].to_string())))
        .collect()
}

#[track_caller]
fn check(figs: &Csv, id: &str, period: &str, value: &str) {
    let got = figs.get(&(id.to_string(), period.to_string())).unwrap_or_else(|| panic!("no row for {id} {period}"));
    assert_eq!(got.0, value, "{id} {period}: {got:?}");
}

/// Two years of activity, 2016-17 and 2017-18.
fn fixture() -> Fixture {
    let f = Fixture::new();
    f.write(
        "contacts.csv",
        "ContactID,LAchildID,ContactDate,ContactSource,LevelOfNeed,ContactOutcome
C1,A1,2017-04-03,6,4,REFERRAL
C2,A2,03/05/2017,2A,2,ADVICE
C3,A3,2017-06-01,6,5,REFERRAL
C4,A1,2018-03-31 16:59,,3,EARLY_HELP
C6,A5,2016-05-10,2A,4,REFERRAL
C7,A6,2016-12-25,1A,3,NFA
",
    );
    f.write(
        "referrals.csv",
        "LAchildID,CINreferralDate,ReferralNFA,CINclosureDate
A1,2016-04-03,false,2016-10-01
A1,2017-04-03,false,
A3,2017-06-01,true,2017-06-02
A5,2016-05-10,false,2018-03-31
A7,2015-06-01,false,
A8,2017-09-01,false,2018-01-01
",
    );
    f.write(
        "cp_plans.csv",
        "LAchildID,CPPstartDate,CPPendDate,InitialCategoryOfAbuse,NumberOfPreviousCPP
A1,2017-04-20,,NEG,0
A7,2016-03-31,2018-03-31,EMO,
A7,2018-03-31,,PHY,
A9,2015-01-10,,NEG,1
A10,2016-11-30,2017-03-15,NEG,0
",
    );
    f.write(
        "cp_reviews.csv",
        "LAchildID,CPPstartDate,CPPreviewDate
A1,2017-04-20,2017-07-20
A1,2017-04-20,2018-01-21
A7,2016-03-31,2016-06-30
A7,2016-03-31,2016-12-30
A10,2016-11-30,2017-02-28
",
    );
    f.write("lac_header.csv", "CHILD,SEX,DOB\nA7,2,01/02/2005\nB2,1,01/02/2010\n");
    f.write("lac_episodes.csv", "CHILD,DECOM,RNE,LS,PLACE,DEC,REC\nA7,01/01/2018,S,C1,U6,,\nB2,30/03/2018,S,V3,K2,,\n");
    f.write("population.csv", "Year,Population0to17\n2016,\"10,000\"\n2017,12000\n");
    f
}

#[test]
fn the_public_edition_suppresses_small_counts_and_what_reveals_them() {
    let figs = figures(&fixture(), "public");
    // 4 contacts is 1–5: shown as c, with no numerator; so is its weekly rate.
    assert_eq!(figs[&("contacts.total".into(), "2017-18".into())], ("c".into(), String::new(), String::new()));
    check(&figs, "contacts.per_week", "2017-18", "c");
    // 0 stays 0; population is a published estimate, never suppressed.
    check(&figs, "contacts.outcome.admin", "2017-18", "0");
    check(&figs, "population.0_17", "2017-18", "12000");
    check(&figs, "contacts.total", "2015-16", "x");
}

#[test]
fn a_child_in_two_authorities_is_two_children() {
    let f = Fixture::new();
    // Child X1 in authority 201 and a different child X1 in 202.
    f.write("contacts.csv", "LEA,ContactID,LAchildID,ContactDate,ContactOutcome\n201,C1,X1,2017-04-03,ADVICE\n201,C2,X1,2017-05-03,ADVICE\n202,C1,X1,2017-04-03,ADVICE\n");
    for (name, header, row) in [
        ("referrals.csv", "LAchildID,CINreferralDate,ReferralNFA", "X1,2017-04-03,false"),
        ("assessments.csv", "LAchildID,AssessmentActualStartDate", "X1,2017-04-04"),
        // The end date is an optional column; without it plans' stocks are not available.
        ("cp_plans.csv", "LAchildID,CPPstartDate,CPPendDate,InitialCategoryOfAbuse", "X1,2017-06-01,,NEG"),
        ("lac_header.csv", "CHILD,SEX,DOB", "X1,1,01/02/2010"),
        ("lac_episodes.csv", "CHILD,DECOM,RNE,LS,PLACE", "X1,01/06/2017,S,V2,U6"),
        ("cse_panel.csv", "LAchildID,PanelDate,Sex,PersonBirthDate,PlanType", "X1,2017-07-04,F,2003-05-01,CIN"),
        ("training_sessions.csv", "SessionID,CourseTitle,SessionDate,Status", "S1,Neglect,2017-09-12,DELIVERED"),
        ("training_attendance.csv", "SessionID,DelegateID,Agency,Attendance", "S1,D1,Police,ATTENDED"),
        ("population.csv", "Year,Population0to17", "2017,50000"),
    ] {
        f.write(name, format!("LEA,{header}\n201,{row}\n202,{row}\n"));
    }
    let run = safeguard(["figures", "--format", "csv", "--edition", "internal", "--data", f.path().to_str().unwrap()]);
    run.expect_code(0);
    let mut r = crate::util::figures_reader(run.stdout.as_bytes());
    assert_eq!(r.headers().unwrap().iter().nth(6), Some("lea"));
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let get = |id: &str, lea: &str| {
        rows.iter().find(|r| &r[0] == id && &r[1] == "2017-18" && &r[6] == lea).map(|r| r[2].to_string()).unwrap()
    };
    // 201: two contacts, one child; 202: one contact, one child; together: 3 contacts, 2 children.
    assert_eq!(
        (get("contacts.total", "201"), get("contacts.total", "202"), get("contacts.total", "all")),
        ("2".into(), "1".into(), "3".into())
    );
    assert_eq!(
        (get("contacts.children", "201"), get("contacts.children", "202"), get("contacts.children", "all")),
        ("1".into(), "1".into(), "2".into())
    );
    // Rates add numerators and populations: 2 children on plans per 100,000 → 0.2 per 10,000.
    assert_eq!(get("cp.at_31_march.rate", "all"), "0.2");
}

#[test]
fn an_optional_file_that_is_absent_gives_x_not_zero() {
    let f = fixture();
    f.remove("cp_reviews.csv");
    let figs = figures(&f, "internal");
    check(&figs, "cp.reviews.held", "2017-18", "x");
    check(&figs, "cp.reviews.in_time.pct", "2017-18", "x");
    check(&figs, "early_help.started", "2017-18", "x");
    // Required files with no matching rows give zero.
    check(&figs, "training.dna", "2017-18", "0");
}

#[test]
fn every_indicator_of_the_catalogue_is_in_figures_csv() {
    // The literal ids of indicators.md, and one example of each id pattern (<outcome>, <band>…).
    const IDS: &[&str] = &[
        "population.0_17",
        "contacts.total",
        "contacts.per_week",
        "contacts.children",
        "contacts.screened",
        "referrals.total",
        "referrals.rate",
        "referrals.nfa.pct",
        "referrals.rereferral_12m.pct",
        "cin.at_31_march",
        "cin.at_31_march.rate",
        "cin.at_31_march.excl_cp_lac",
        "cfa.completed",
        "cfa.within_45wd.pct",
        "cfa.no_factors.pct",
        "cfa.nfa.pct",
        "cp.at_31_march",
        "cp.at_31_march.rate",
        "cp.started",
        "cp.started.rate",
        "cp.ended",
        "cp.over_2_years",
        "cp.repeat_within_12m",
        "cp.second_or_subsequent.pct",
        "cp.reviews.held",
        "cp.reviews.in_time.pct",
        "lac.at_31_march",
        "lac.at_31_march.rate",
        "lac.started",
        "lac.ceased",
        "lac.outside_la",
        "lac.outside_la.within_20_miles",
        "lac.outside_la.within_20_miles.pct",
        "lac.reviews.held",
        "lac.reviews.in_time.pct",
        "cse.children",
        "cse.age.14_16.pct",
        "missing.episodes",
        "missing.children",
        "missing.open_to_csc.children.pct",
        "missing.open_to_csc.episodes",
        "missing.open_to_csc.episodes.pct",
        "missing.cse_known.episodes",
        "missing.cse_known.children",
        "training.sessions.planned",
        "training.sessions.delivered",
        "training.sessions.cancelled",
        "training.topics",
        "training.topics.new",
        "training.places_taken",
        "training.dna",
        "training.walk_ins",
        "training.understanding.pre.mean",
        "training.understanding.post.mean",
        "training.understanding.gain.mean",
        "training.recommend.pct",
        "early_help.started",
        "early_help.open_at_31_march",
        "contacts.outcome.early_help",
        "contacts.screened.referral.pct",
        "contacts.source.6.pct",
        "contacts.level.5",
        "contacts.level.5.nfa.pct",
        "cfa.factor.domestic_abuse.pct",
        "cfa.factor.cce.pct",
        "cp.at_31_march.category.neg",
        "cp.at_31_march.category.mul.pct",
        "lac.age.under_1",
        "lac.age.16_plus",
        "lac.placement.foster",
        "lac.placement.other.pct",
        "cse.sex.u",
        "cse.sex.f.pct",
        "cse.ethnicity.white_british",
        "cse.ethnicity.unknown.pct",
        "cse.age.min",
        "cse.age.max",
        "cse.plan.pathway.pct",
        "cse.risk.high",
        "training.agency.police",
        "early_help.open_at_month_end.internal",
        "early_help.open_at_month_end.external",
        "early_help.open_at_month_end.total",
        "measure.lado.referrals_to_the_lado",
    ];
    let run = safeguard(["figures", "--format", "csv", "--edition", "internal"]);
    run.expect_code(0);
    let mut r = crate::util::figures_reader(run.stdout.as_bytes());
    let present: std::collections::BTreeSet<String> = r.records().map(|rec| rec.unwrap()[0].to_string()).collect();
    let missing: Vec<&&str> = IDS.iter().filter(|id| !present.contains(**id)).collect();
    assert!(missing.is_empty(), "not in figures.csv: {missing:?}");
}

/// (indicator, period) → value, from `figures --format csv --edition internal`.
fn values(dir: &std::path::Path) -> Option<BTreeMap<(String, String), String>> {
    let run = safeguard(["figures", "--format", "csv", "--edition", "internal", "--data", dir.to_str().unwrap()]);
    if run.code != 0 {
        return None;
    }
    let mut r = crate::util::figures_reader(run.stdout.as_bytes());
    Some(
        r.records()
            .map(|row| row.unwrap())
            .map(|row| ((row[0].to_string(), row[1].to_string()), row[2].to_string()))
            .collect(),
    )
}

#[test]
fn no_figure_changes_but_to_x_when_an_optional_column_is_left_out() {
    // Real extracts lack optional columns: without PL_LOCATION the report said "0 children were
    // placed outside the area's boundary", without RequiresCSCSupport "0.0% of assessments
    // ended with no further support", without an end-date column every episode looked open.
    // Each column of the sample's files is left out in turn; where the file is still valid,
    // every figure is as before or `x`. (measures.csv, benchmarks.csv and population.csv are
    // left out: their optional columns qualify values, with documented defaults.)
    let sample = crate::util::sample_copy();
    let full = values(sample.path()).expect("the sample computes");
    let mut optional = 0;
    let mut wrong = Vec::new();
    for file in ["assessments", "children", "contacts", "cp_plans", "cp_reviews", "cse_panel", "early_help"]
        .iter()
        .chain(&["lac_episodes", "lac_header", "lac_reviews", "missing_episodes", "referrals"])
        .chain(&["training_attendance", "training_sessions"])
    {
        let name = format!("{file}.csv");
        let text = std::fs::read_to_string(sample.path().join(&name)).unwrap();
        let header: Vec<String> = text.lines().next().unwrap().split(',').map(str::to_string).collect();
        for (i, column) in header.iter().enumerate() {
            let data = crate::util::sample_copy();
            let mut out = String::new();
            let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
            let mut writer = csv::Writer::from_writer(Vec::new());
            for row in reader.records() {
                let row = row.unwrap();
                writer.write_record(row.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, c)| c)).unwrap();
            }
            out.push_str(std::str::from_utf8(&writer.into_inner().unwrap()).unwrap());
            std::fs::write(data.path().join(&name), out).unwrap();
            // A required column: the file is refused, which other tests cover.
            let Some(without) = values(data.path()) else { continue };
            optional += 1;
            for (key, value) in &without {
                if value != "x" && full.get(key) != Some(value) {
                    wrong.push(format!(
                        "without {name}'s {column}: {} {} is {value}, not {:?}",
                        key.0,
                        key.1,
                        full.get(key)
                    ));
                }
            }
        }
    }
    assert!(optional >= 30, "only {optional} optional columns found");
    assert!(wrong.is_empty(), "{} figures changed:\n{}", wrong.len(), wrong[..wrong.len().min(20)].join("\n"));
}
