//! The SSDA903 return in the DfE's XML (`EXPSSDA903`), read as it is: its figures worked by
//! hand, the same as the same records given as the return's CSV tables, five years of it in one
//! folder, and a broken file named by line and element without a value.

use crate::util::{figures_csv, folder, safeguard, validate, values};

const RETURN_2017_18: &str = include_str!("../fixtures/ssda903/SSDA903_2017-18.xml");

#[test]
fn a_903_return_in_xml_is_read_with_no_renaming_and_listed_table_by_table() {
    // Before: "not read yet", and nothing from it.
    let dir = folder(&[("SSDA903_2017-18.xml", RETURN_2017_18)]);
    validate(dir.path())
        .expect_code(0)
        .expect("0 errors, 0 warnings")
        .expect("1 file, 19 rows")
        .expect("  SSDA903_2017-18.xml: SSDA903 return\n")
        .expect("    read as lac_header.csv (looked-after children (SSDA903 Header)), 4 rows\n")
        .expect("    read as lac_episodes.csv (looked-after episodes (SSDA903 Episodes)), 5 rows\n")
        .expect("    read as lac_reviews.csv (looked-after reviews (SSDA903 Reviews)), 3 rows\n")
        // From the header's own fields: A's DUC, D's IN_TOUCH…, B's DATE_INT….
        .expect("    read as lac_uasc.csv (unaccompanied asylum-seeking children (SSDA903 UASC)), 1 rows\n")
        .expect("    read as lac_oc3.csv (care leavers (SSDA903 OC3)), 1 rows\n")
        .expect("    read as lac_ad1.csv (adoptions (SSDA903 AD1)), 1 rows\n")
        // From the elements inside the header.
        .expect("    read as lac_oc2.csv (outcomes for children looked after 12 months (SSDA903 OC2)), 1 rows\n")
        .expect("    read as lac_placed_for_adoption.csv (should be placed for adoption (SSDA903 PlacedAdoption)), 1 rows\n")
        .expect("    read as lac_previous_permanence.csv (permanence before care (SSDA903 PrevPerm)), 1 rows\n")
        .expect("    read as lac_missing.csv (missing or away from placement (SSDA903 Missing)), 1 rows\n");
}

#[test]
fn a_903_return_in_xml_gives_its_years_figures_by_hand() {
    let dir = folder(&[("SSDA903_2017-18.xml", RETURN_2017_18)]);
    let figs = values(dir.path());
    let get = |id: &str, period: &str| figs.get(&(id.to_string(), period.to_string())).map(String::as_str);
    // Started in 2017-18: B (10 June). C's episode of 1 September is a change of placement
    // (RNE P), not a start. Ceased: B (15 January 2018) and D (20 April 2017).
    assert_eq!(get("lac.started", "2017-18"), Some("1"));
    assert_eq!(get("lac.ceased", "2017-18"), Some("2"));
    // At 31 March 2018: A and C (in K2, residential). At 31 March 2017: A, C and D, all in U1.
    assert_eq!(get("lac.at_31_march", "2017-18"), Some("2"));
    assert_eq!(get("lac.at_31_march", "2016-17"), Some("3"));
    assert_eq!(get("lac.placement.residential", "2017-18"), Some("1"));
    assert_eq!(get("lac.placement.foster", "2016-17"), Some("3"));
    // Ages at 31 March 2018: A (born 1 January 2005) 13, C (3 March 2010) 8.
    assert_eq!(get("lac.age.10_15", "2017-18"), Some("1"));
    assert_eq!(get("lac.age.5_9", "2017-18"), Some("1"));
    // Reviews held in the year: A's two (1 June, 1 December) and B's (1 August). B's is his
    // first, due within 20 working days of 10 June (by 7 July): late. A's first in the return
    // has no earlier review or start in it; her second follows one review whose own place in
    // the sequence is unknown, so its due date (3 or 6 months on) cannot be told.
    assert_eq!(get("lac.reviews.held", "2017-18"), Some("3"));
    assert_eq!(get("lac.reviews.due_known", "2017-18"), Some("1"));
    assert_eq!(get("lac.reviews.in_time", "2017-18"), Some("0"));
    // The XML has no PL_LOCATION (the DfE works it out from postcodes): not available, not 0.
    assert_eq!(get("lac.outside_la", "2017-18"), Some("x"));
    // Before the return's year nothing flows.
    assert_eq!(get("lac.started", "2016-17"), Some("x"));
}

/// The fixture's records as the return's CSV tables, under the names the sector's tools use.
const AS_CSV: &[(&str, &str)] = &[
    (
        "header.csv",
        "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,UASC
A,1,01/01/2005,WBRI,A999000000001,,,1
B,2,02/02/2008,WBRI,,,,
C,1,03/03/2010,WBRI,,,,
D,2,04/04/2012,WBRI,,,,
",
    ),
    (
        "episodes.csv",
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
A,01/05/2015,S,C2,N1,U1,PR1,,,,,,
B,10/06/2017,S,C2,N1,U1,PR1,15/01/2018,E11,,,,
C,01/02/2016,S,C2,N1,U1,PR1,01/09/2017,X1,,,,
C,01/09/2017,P,C2,N1,K2,PR1,,,CARPL,,,
D,01/03/2017,S,V2,N1,U1,PR1,20/04/2017,E11,,,,
",
    ),
    (
        "reviews.csv",
        "CHILD,DOB,REVIEW,REVIEW_CODE\nA,01/01/2005,01/06/2017,PN1\nA,01/01/2005,01/12/2017,PN1\nB,02/02/2008,01/08/2017,PN0\n",
    ),
    ("uasc.csv", "CHILD,SEX,DOB,DUC\nA,1,01/01/2005,01/12/2017\n"),
    ("missing.csv", "CHILD,DOB,MISSING,MIS_START,MIS_END\nB,02/02/2008,M,03/07/2017,04/07/2017\n"),
    ("oc3.csv", "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nD,04/04/2012,YES,F2,T\n"),
    (
        "ad1.csv",
        "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR\nB,02/02/2008,01/09/2017,01/11/2017,0,2,MF,L0\n",
    ),
];

#[test]
fn the_903_xml_gives_the_same_figures_as_its_tables_in_csv() {
    let xml = folder(&[("SSDA903_2017-18.xml", RETURN_2017_18)]);
    let csv = folder(AS_CSV);
    let (from_xml, from_csv) = (figures_csv(xml.path()), figures_csv(csv.path()));
    let differ: Vec<(&str, &str)> = from_xml.lines().zip(from_csv.lines()).filter(|(a, b)| a != b).collect();
    assert!(differ.is_empty(), "XML beside CSV: {differ:#?}");
    assert_eq!(from_xml.lines().count(), from_csv.lines().count());
}

#[test]
fn five_years_of_903_xml_give_the_figures_of_the_same_returns_in_csv() {
    // synth --returns writes each year's 903 return as CSV tables (`returns/<year>/`) and as
    // XML (`returns-903-xml/<year>/SSDA903_<year>.xml`). Read as one folder each, the five
    // returns give the same looked-after figures, but for the placement's location and
    // distance, which the XML does not carry.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    safeguard(["synth", "--out", d, "--seed", "5", "--scale", "0.3", "--returns"]).expect_code(0);
    let xml_dir = dir.path().join("returns-903-xml");
    validate(&xml_dir)
        .expect_code(0)
        .expect("  2016-17/SSDA903_2016-17.xml: SSDA903 return, collection year 2016-17 (from its name)\n")
        .expect("are held again by a later return, whose record is read");
    let (csv, xml) = (values(&dir.path().join("returns")), values(&xml_dir));
    let mut compared = 0;
    for ((id, period), v) in xml.iter().filter(|((id, _), _)| id.starts_with("lac.")) {
        // PL_LOCATION and PL_DISTANCE are the validator's, derived from postcodes: CSV only.
        if id.starts_with("lac.outside_la") || id.starts_with("lac.over_20_miles") || id == "lac.distance_not_recorded"
        {
            assert_eq!(v, "x", "{id} {period}");
            continue;
        }
        assert_eq!(Some(v), csv.get(&(id.clone(), period.clone())), "{id} {period}");
        compared += 1;
    }
    assert!(compared >= 150, "{compared} figures compared");
}

fn problems_of(edit: impl Fn(&str) -> String) -> crate::util::Run {
    let dir = folder(&[("SSDA903_2017-18.xml", &edit(RETURN_2017_18))]);
    validate(dir.path())
}

#[test]
fn a_bad_value_is_named_by_line_and_element_without_the_value() {
    // C's first episode begins on a day that does not exist (line 95 of the fixture).
    let run = problems_of(|x| x.replacen("<DECOM>01/02/2016</DECOM>", "<DECOM>31/02/2016</DECOM>", 1));
    run.expect_code(1)
        .expect("error: SSDA903_2017-18.xml, line 95, element CHILD/EPISODE/DECOM:")
        .expect_not("31/02/2016");
    // A review's date, inside the header (an event's date, not the child's, is quoted).
    let run = problems_of(|x| x.replacen("<REVIEW>01/08/2017</REVIEW>", "<REVIEW>soon</REVIEW>", 1));
    run.expect_code(1)
        .expect("error: SSDA903_2017-18.xml, line 59, element CHILD/HEADER/AREVIEW/REVIEW: `soon` is not a date");
    // A date of birth is never quoted.
    let run = problems_of(|x| x.replacen("<DOB>02/02/2008</DOB>", "<DOB>30/02/2008</DOB>", 1));
    run.expect_code(1).expect("element CHILD/HEADER/DOB").expect_not("30/02/2008");
    // An element the schema does not have: a warning once, by its path.
    let run = problems_of(|x| x.replace("<CIN>N1</CIN>", "<CIN>N1</CIN><NICKNAME>Zed</NICKNAME>"));
    run.expect_code(0).expect("element CHILD/EPISODE/NICKNAME").expect_not("Zed");
    assert_eq!(run.all().matches("CHILD/EPISODE/NICKNAME").count(), 1, "{}", run.all());
}

#[test]
fn a_broken_903_xml_is_one_error_at_its_line_and_column_quoting_no_identifier() {
    let run = problems_of(|x| x.replacen("<CHILDID>B</CHILDID>", "<CHILDID>ZB</CHILDIDD>", 1));
    run.expect_code(1).expect("error: SSDA903_2017-18.xml, line 48:").expect("at column").expect_not("ZB");
    // Cut short inside a child.
    let run = problems_of(|x| x[..x.find("<CHILDID>C").unwrap()].to_string());
    run.expect_code(1).expect("the file ends inside").expect_not("CHILDID>C");
    // No identifier, date of birth or UPN in any message, whatever the mistake.
    let run = problems_of(|x| {
        x.replace("<DOB>01/01/2005", "<DOB>41/01/2005").replace("<UPN>A999000000001", "<UPN>A999000000001<Oops/>")
    });
    run.expect_code(1);
    for secret in ["01/2005", "A999000000001"] {
        run.expect_not(secret);
    }
}

#[test]
fn a_903_xml_beside_the_same_years_csv_return_is_refused_naming_both() {
    let mut files: Vec<(&str, &str)> = vec![("SSDA903_2017-18.xml", RETURN_2017_18)];
    files.extend(
        AS_CSV.iter().map(|&(n, t)| if n == "episodes.csv" { ("SSDA903_2017-18_episodes.csv", t) } else { (n, t) }),
    );
    let dir = folder(&files);
    validate(dir.path()).expect_code(1).expect("SSDA903_2017-18.xml").expect("SSDA903_2017-18_episodes.csv");
}
