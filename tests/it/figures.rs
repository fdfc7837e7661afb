//! Figures on a hand-built fixture whose every answer is worked out in the comments.

use crate::util::{Fixture, safeguard};
use std::collections::BTreeMap;

/// (indicator, period) → (value, numerator, denominator).
type Csv = BTreeMap<(String, String), (String, String, String)>;

fn figures(f: &Fixture, edition: &str) -> Csv {
    let run = safeguard(["figures", "--format", "csv", "--edition", edition, "--data", f.path().to_str().unwrap()]);
    run.expect_code(0);
    let mut r = csv::Reader::from_reader(run.stdout.as_bytes());
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        ["indicator", "period", "value", "numerator", "denominator", "unit"]
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
fn contacts_by_hand() {
    let figs = figures(&fixture(), "internal");
    // 2017-18: C1, C2, C3 and C4 (31 March 2018, with a time) → 4; three children (A1 twice).
    check(&figs, "contacts.total", "2017-18", "4");
    check(&figs, "contacts.children", "2017-18", "3");
    // 4 × 7 / 365 = 0.0767… → 0.1 a week; 2016-17: 2 × 7 / 365 = 0.038… → 0.0.
    check(&figs, "contacts.per_week", "2017-18", "0.1");
    check(&figs, "contacts.per_week", "2016-17", "0.0");
    check(&figs, "contacts.outcome.referral", "2017-18", "2");
    check(&figs, "contacts.outcome.admin", "2017-18", "0");
    // Screened = not ADMIN or ADVICE: C1, C3, C4 → 3; referrals 2 of 3 = 66.7%, NFA 0 of 3 = 0.0%.
    check(&figs, "contacts.screened", "2017-18", "3");
    check(&figs, "contacts.screened.referral.pct", "2017-18", "66.7");
    check(&figs, "contacts.screened.early_help.pct", "2017-18", "33.3");
    check(&figs, "contacts.screened.nfa.pct", "2017-18", "0.0");
    // Source recorded on C1, C2, C3 (C4 blank): police (6) 2 of 3.
    check(&figs, "contacts.source.recorded", "2017-18", "3");
    check(&figs, "contacts.source.6.pct", "2017-18", "66.7");
    // Level 5: C3, referred → 100.0%; level 3 in 2016-17: C7, NFA.
    check(&figs, "contacts.level.5.referral.pct", "2017-18", "100.0");
    check(&figs, "contacts.level.3.nfa", "2016-17", "1");
    check(&figs, "contacts.level.1.admin.pct", "2017-18", "z");
    // 2015-16 is in the five-year trend but not covered by the data: not available, not zero.
    check(&figs, "contacts.total", "2015-16", "x");
}

#[test]
fn referrals_and_children_in_need_by_hand() {
    let figs = figures(&fixture(), "internal");
    // 2017-18 referrals: A1 (3 Apr 2017), A3, A8 → 3; per 10,000 of 12,000: 2.5.
    check(&figs, "referrals.total", "2017-18", "3");
    check(&figs, "referrals.rate", "2017-18", "2.5");
    check(&figs, "referrals.nfa.pct", "2017-18", "33.3");
    // A1's referral on 3 April 2017 comes exactly 12 months after the one on 3 April 2016:
    // within 12 months, so a re-referral. 1 of 3 = 33.3%. None in 2016-17.
    check(&figs, "referrals.rereferral_12m", "2017-18", "1");
    check(&figs, "referrals.rereferral_12m.pct", "2017-18", "33.3");
    check(&figs, "referrals.rereferral_12m.pct", "2016-17", "0.0");
    // Open at 31 March 2018: A1 (open), A7 (open since 2015); A5 closed on 31 March itself
    // (closed by then), A8 closed in January, A3 was NFA → 2. Per 10,000 of 12,000: 1.666… → 1.7.
    check(&figs, "cin.at_31_march", "2017-18", "2");
    check(&figs, "cin.at_31_march.rate", "2017-18", "1.7");
    // At 31 March 2017: A5 and A7 (A1's first referral closed in October) → 2, rate 2.0.
    check(&figs, "cin.at_31_march", "2016-17", "2");
    check(&figs, "cin.at_31_march.rate", "2016-17", "2.0");
    // Less those on a plan or looked after: 2018 A1 (plan), A7 (plan, care) → 0; 2017 A7 on plan → 1.
    check(&figs, "cin.at_31_march.excl_cp_lac", "2017-18", "0");
    check(&figs, "cin.at_31_march.excl_cp_lac", "2016-17", "1");
    check(&figs, "population.0_17", "2016-17", "10000");
}

#[test]
fn child_protection_by_hand() {
    let figs = figures(&fixture(), "internal");
    // On a plan at 31 March 2018: A1 (NEG), A9 (NEG) and A7's PHY plan that started that very
    // day; A7's EMO plan ended that day, so is not open → 3: NEG 2, PHY 1, EMO 0.
    check(&figs, "cp.at_31_march", "2017-18", "3");
    check(&figs, "cp.at_31_march.category.neg", "2017-18", "2");
    check(&figs, "cp.at_31_march.category.phy", "2017-18", "1");
    check(&figs, "cp.at_31_march.category.emo", "2017-18", "0");
    check(&figs, "cp.at_31_march.category.neg.pct", "2017-18", "66.7");
    // 31 March 2017: A7 (EMO), A9 → 2 (A10 ended 15 March).
    check(&figs, "cp.at_31_march", "2016-17", "2");
    check(&figs, "cp.at_31_march.rate", "2016-17", "2.0");
    // Started 2017-18: A1, A7 (31 March 2018) → 2; 2016-17: A10 → 1. Ended: A7 (31 March 2018); A10.
    check(&figs, "cp.started", "2017-18", "2");
    check(&figs, "cp.started", "2016-17", "1");
    check(&figs, "cp.ended", "2017-18", "1");
    check(&figs, "cp.ended", "2016-17", "1");
    // Two years or more at 31 March 2018 (started by 31 March 2016): A9 only; A7's PHY plan is new.
    check(&figs, "cp.over_2_years", "2017-18", "1");
    check(&figs, "cp.over_2_years", "2016-17", "1");
    // A7's new plan starts the day the previous one ended: a repeat within 12 months, and a
    // second plan; A1's first plan is neither → 1 of 2 = 50.0%.
    check(&figs, "cp.repeat_within_12m", "2017-18", "1");
    check(&figs, "cp.second_or_subsequent", "2017-18", "1");
    check(&figs, "cp.second_or_subsequent.pct", "2017-18", "50.0");
    // Reviews 2017-18: A1's first on 20 July 2017, exactly 3 months after 20 April → in time;
    // its second on 21 January 2018, one day after the 6 months from 20 July → late. 1 of 2.
    check(&figs, "cp.reviews.held", "2017-18", "2");
    check(&figs, "cp.reviews.in_time.pct", "2017-18", "50.0");
    // 2016-17: A7's first review on 30 June 2016, exactly 3 months after its 31 March start;
    // its second on 30 December 2016, exactly 6 months after → in time; A10's first on
    // 28 February 2017: 3 months after 30 November is clamped to 28 February → in time. 3 of 3.
    check(&figs, "cp.reviews.held", "2016-17", "3");
    check(&figs, "cp.reviews.in_time.pct", "2016-17", "100.0");
}

#[test]
fn short_breaks_are_not_care() {
    // A7 is looked after from 1 January 2018; B2's V3 short break is excluded → 1.
    let figs = figures(&fixture(), "internal");
    check(&figs, "lac.at_31_march", "2017-18", "1");
    check(&figs, "lac.at_31_march", "2016-17", "0");
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
        ("cp_plans.csv", "LAchildID,CPPstartDate,InitialCategoryOfAbuse", "X1,2017-06-01,NEG"),
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
    let mut r = csv::Reader::from_reader(run.stdout.as_bytes());
    assert_eq!(r.headers().unwrap().iter().next_back(), Some("lea"));
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
fn assessments_care_training_and_early_help_by_hand() {
    let f = fixture();
    f.write(
        "assessments.csv",
        "LAchildID,AssessmentActualStartDate,AssessmentAuthorisationDate,AssessmentFactors,RequiresCSCSupport
A1,2017-04-03,2017-06-09,3B;4B,true
A3,2017-04-03,2017-06-12,21,false
A8,2017-09-01,,,
A5,2016-05-10,2016-06-01,,true
",
    );
    f.write("lac_header.csv", "CHILD,SEX,DOB\nA7,2,01/02/2005\nB2,1,01/02/2010\nB3,1,31/03/2017\nB4,2,01/04/2002\n");
    f.write(
        "lac_episodes.csv",
        "CHILD,DECOM,RNE,LS,PLACE,DEC,REC,PL_LOCATION,PL_DISTANCE
A7,01/01/2018,S,C1,U6,,,IN,2.0
B2,30/03/2018,S,V3,K2,,,IN,1.0
B3,01/06/2017,S,V2,U4,01/09/2017,X1,IN,3.0
B3,01/09/2017,P,C2,K2,,,OUT,25.0
B4,01/05/2016,S,C1,U6,31/03/2018,E4A,OUT,12.5
",
    );
    f.write("lac_reviews.csv", "CHILD,REVIEW\nB3,15/06/2017\nB3,14/09/2017\nB3,16/03/2018\nA7,29/01/2018\n");
    f.write("training_sessions.csv", "SessionID,CourseTitle,SessionDate,Status\nS1,Neglect,2017-09-12,DELIVERED\nS2,Neglect,2017-10-02,DELIVERED\nS3,Domestic abuse & coercive control,2017-11-01,CANCELLED\nS4,Safer recruitment,2016-06-01,DELIVERED\n");
    f.write(
        "training_attendance.csv",
        "SessionID,DelegateID,Agency,Attendance,PreScore,PostScore,WouldRecommend
S1,D1,Police,ATTENDED,4,7,Y
S1,D2,Children's social care,ATTENDED,5,9,N
S1,D3,Police,DNA,,,
S2,D4,Police,WALK_IN,6,,
S2,D5,Schools,ATTENDED,,,Y
S4,D1,Police,ATTENDED,3,6,Y
",
    );
    f.write("early_help.csv", "LAchildID,EHAStartDate,EHAEndDate,LeadAgency\nA20,2017-05-01,2017-09-01,INTERNAL\nA21,2017-10-01,,EXTERNAL\nA22,2016-06-01,2018-03-31,INTERNAL\n");
    let figs = figures(&f, "internal");

    // From Monday 3 April 2017 (day 0) to Friday 9 June is 45 working days once Good Friday,
    // Easter Monday, 1 May and 29 May are skipped (see calendar.rs): in time. Monday 12 June is
    // the 46th: late. 1 of 2 = 50.0%. A8 is not yet authorised, so not completed.
    check(&figs, "cfa.completed", "2017-18", "2");
    check(&figs, "cfa.within_45wd.pct", "2017-18", "50.0");
    // 2016-17: 10 May → 1 June 2016 is 15 working days (30 May was a bank holiday): in time.
    check(&figs, "cfa.within_45wd.pct", "2016-17", "100.0");
    // A3 recorded only 21 (no factors) and needs no further support; A1 has domestic abuse (3B).
    check(&figs, "cfa.no_factors.pct", "2017-18", "50.0");
    check(&figs, "cfa.nfa.pct", "2017-18", "50.0");
    check(&figs, "cfa.factor.domestic_abuse.pct", "2017-18", "50.0");
    check(&figs, "cfa.factor.alcohol.pct", "2017-18", "0.0");
    // A5's empty factors count as none: 1 of 1.
    check(&figs, "cfa.no_factors.pct", "2016-17", "100.0");

    // Looked after at 31 March 2018: A7 and B3 (B2's V3 short break is excluded; B4 left on
    // 31 March itself). At 31 March 2017: B4.
    check(&figs, "lac.at_31_march", "2017-18", "2");
    check(&figs, "lac.at_31_march", "2016-17", "1");
    // Started: A7 and B3 (once, though B3 has two episodes); ceased: B4 (B3's X1 is a change of placement).
    check(&figs, "lac.started", "2017-18", "2");
    check(&figs, "lac.ceased", "2017-18", "1");
    // Ages at 31 March 2018: A7 is 13 (10–15); B3 turns 1 that very day (1–4), so no one is under 1.
    check(&figs, "lac.age.10_15", "2017-18", "1");
    check(&figs, "lac.age.1_4", "2017-18", "1");
    check(&figs, "lac.age.under_1", "2017-18", "0");
    // At 31 March 2017 B4 is 14: her 15th birthday is 1 April.
    check(&figs, "lac.age.10_15", "2016-17", "1");
    // Placements in 2018: A7 foster (U6), B3 residential (K2): 50.0% each.
    check(&figs, "lac.placement.foster.pct", "2017-18", "50.0");
    check(&figs, "lac.placement.residential", "2017-18", "1");
    // Outside the boundary: B3 at 25 miles (not within 20) in 2018; B4 at 12.5 miles in 2017.
    check(&figs, "lac.outside_la", "2017-18", "1");
    check(&figs, "lac.outside_la.within_20_miles.pct", "2017-18", "0.0");
    check(&figs, "lac.outside_la.within_20_miles.pct", "2016-17", "100.0");
    check(&figs, "lac.reviews.held", "2017-18", "4");
    // B3's care began Thursday 1 June 2017: the review on 15 June is 10 working days on (in
    // time); the next, 14 September, is within 3 months of 15 June (due 15 September); the
    // third, 16 March 2018, is past 6 months from 14 September (due 14 March): late. A7's began
    // on New Year's Day 2018, a bank holiday but still day 0; Monday 29 January is the 20th
    // working day: in time. 3 of 4 = 75.0%.
    check(&figs, "lac.reviews.in_time.pct", "2017-18", "75.0");

    // Training 2017-18: S1 and S2 delivered, S3 cancelled; one topic delivered (Neglect).
    check(&figs, "training.sessions.planned", "2017-18", "3");
    check(&figs, "training.sessions.cancelled", "2017-18", "1");
    check(&figs, "training.topics", "2017-18", "1");
    // Neglect was not delivered in 2016-17 (only Safer recruitment was): new. The first year of
    // the data has no year before it.
    check(&figs, "training.topics.new", "2017-18", "1");
    check(&figs, "training.topics.new", "2016-17", "x");
    // Places: D1, D2, D4 (walk-in), D5 → 4; D3 did not attend.
    check(&figs, "training.places_taken", "2017-18", "4");
    check(&figs, "training.dna", "2017-18", "1");
    check(&figs, "training.walk_ins", "2017-18", "1");
    // Before: 4, 5, 6 → 15/3 = 5.00; after: 7, 9 → 8.00; gain where both: 3 and 4 → 3.50.
    check(&figs, "training.understanding.pre.mean", "2017-18", "5.00");
    check(&figs, "training.understanding.post.mean", "2017-18", "8.00");
    check(&figs, "training.understanding.gain.mean", "2017-18", "3.50");
    // Would recommend: Y, N, Y → 2 of 3 = 66.7%.
    check(&figs, "training.recommend.pct", "2017-18", "66.7");
    // By agency, slugged: Police D1 and D4; "Children's social care" → children_s_social_care.
    check(&figs, "training.agency.police", "2017-18", "2");
    check(&figs, "training.agency.children_s_social_care", "2017-18", "1");
    check(&figs, "training.understanding.pre.mean", "2016-17", "3.00");
    assert!(
        !figs.keys().any(|(id, _)| id.ends_with(".sum") || id.ends_with(".scored")),
        "working counts are not published"
    );

    // Early help: started A20, A21 in 2017-18; A22 in 2016-17. Open at 31 March 2018: A21 only
    // (A22 ended that day); at 31 March 2017: A22.
    check(&figs, "early_help.started", "2017-18", "2");
    check(&figs, "early_help.open_at_31_march", "2017-18", "1");
    check(&figs, "early_help.open_at_31_march", "2016-17", "1");
    // Month ends: 30 April 2017 A22; 31 May A20 and A22 (both internal); 31 August A20 (ends
    // 1 September) and A22; 30 September A22 only; 31 October A21 (external) and A22; 31 March
    // 2018 A21 only (A22 ended that day). June 2016: A22, just started.
    check(&figs, "early_help.open_at_month_end.total", "2017-04", "1");
    check(&figs, "early_help.open_at_month_end.internal", "2017-05", "2");
    check(&figs, "early_help.open_at_month_end.total", "2017-08", "2");
    check(&figs, "early_help.open_at_month_end.total", "2017-09", "1");
    check(&figs, "early_help.open_at_month_end.external", "2017-10", "1");
    check(&figs, "early_help.open_at_month_end.internal", "2018-03", "0");
    check(&figs, "early_help.open_at_month_end.total", "2018-03", "1");
    check(&figs, "early_help.open_at_month_end.total", "2016-06", "1");
    check(&figs, "early_help.open_at_month_end.total", "2016-04", "0");
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
fn exploitation_and_missing_by_hand() {
    let f = fixture();
    f.write(
        "cse_panel.csv",
        "LAchildID,PanelDate,Sex,Ethnicity,PersonBirthDate,RiskLevel,PlanType
A3,2017-07-04,F,WBRI,2003-05-01,HIGH,CIN
A3,2017-08-01,F,WBRI,2003-05-01,MEDIUM,CIN
K1,2017-06-06,M,,2005-06-07,LOW,NONE
K1,2018-03-06,F,REFU,2005-06-07,,CPP
K2,2018-02-06,M,APKN,2001-03-01,HIGH,CIC
K2,2017-03-07,M,APKN,2001-03-01,HIGH,CIC
K3,2017-03-07,F,WBRI,2002-01-01,LOW,NONE
",
    );
    f.write(
        "missing_episodes.csv",
        "LAchildID,MissingStartDate,MissingEndDate,MissingType
A1,2017-05-01,2017-05-02,M
A3,2017-07-10,,A
A3,2016-07-05,2016-07-05,M
K9,2018-03-31,2018-03-31,M
A7,2017-12-31,,M
A9,2017-06-01,,M
K3,2018-03-06,,M
K3,2018-03-07,,M
",
    );
    let figs = figures(&f, "internal");
    // 2017-18 panel: A3, K1 and K2 → 3 children. At their latest discussion: A3 F, K1 F (it
    // changed), K2 M → F 2 of 3 = 66.7%. Ethnicity: A3 WBRI, K1 REFU (unknown), K2 APKN (other).
    check(&figs, "cse.children", "2017-18", "3");
    check(&figs, "cse.sex.f", "2017-18", "2");
    check(&figs, "cse.sex.f.pct", "2017-18", "66.7");
    check(&figs, "cse.ethnicity.unknown", "2017-18", "1");
    check(&figs, "cse.ethnicity.other.pct", "2017-18", "33.3");
    // Ages at each child's first discussion in the year: A3 14, K1 11 (12 the next day), K2 16.
    check(&figs, "cse.age.min", "2017-18", "11");
    check(&figs, "cse.age.max", "2017-18", "16");
    check(&figs, "cse.age.14_16.pct", "2017-18", "66.7");
    // Discussions in 2017-18: 5 — CIN 2, NONE 1, CPP 1, CIC 1.
    check(&figs, "cse.plan.cin.pct", "2017-18", "40.0");
    check(&figs, "cse.plan.cic.pct", "2017-18", "20.0");
    check(&figs, "cse.plan.adult.pct", "2017-18", "0.0");
    // Risk at the latest discussion: A3 MEDIUM, K2 HIGH; K1's latest has none, so K1 counts nowhere.
    check(&figs, "cse.risk.medium", "2017-18", "1");
    check(&figs, "cse.risk.high", "2017-18", "1");
    check(&figs, "cse.risk.low", "2017-18", "0");
    // 2016-17: K2 (16) and K3 (15).
    check(&figs, "cse.age.min", "2016-17", "15");
    check(&figs, "cse.age.max", "2016-17", "16");

    // Missing 2017-18: A1, A3, K9 (31 March), A7, A9, K3 twice → 7 episodes, 6 children.
    check(&figs, "missing.episodes", "2017-18", "7");
    check(&figs, "missing.children", "2017-18", "6");
    // Open to social care at the start: A1 (referral open since 3 April), A7 and A9 (on plans).
    // A3's only referral was NFA. 3 of 7 episodes = 42.9%; 3 of 6 children = 50.0%.
    check(&figs, "missing.open_to_csc.episodes", "2017-18", "3");
    check(&figs, "missing.open_to_csc.episodes.pct", "2017-18", "42.9");
    check(&figs, "missing.open_to_csc.children.pct", "2017-18", "50.0");
    // Known to the panel in the 365 days up to and including the start: A3 (discussed 6 days
    // before) and K3's episode on 6 March 2018, 364 days after 7 March 2017. K3's on 7 March
    // 2018 is 365 days after: outside. → 2 episodes, 2 children.
    check(&figs, "missing.cse_known.episodes", "2017-18", "2");
    check(&figs, "missing.cse_known.children", "2017-18", "2");
    // 2016-17: A3's episode in July 2016, before any discussion and with no open case.
    check(&figs, "missing.episodes", "2016-17", "1");
    check(&figs, "missing.open_to_csc.episodes.pct", "2016-17", "0.0");
    check(&figs, "missing.cse_known.episodes", "2016-17", "0");
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
    let mut r = csv::Reader::from_reader(run.stdout.as_bytes());
    let present: std::collections::BTreeSet<String> = r.records().map(|rec| rec.unwrap()[0].to_string()).collect();
    let missing: Vec<&&str> = IDS.iter().filter(|id| !present.contains(**id)).collect();
    assert!(missing.is_empty(), "not in figures.csv: {missing:?}");
}
