//! The conventions real extracts carry, read as the analyst meant them: dates with dots or
//! year-first slashes, sex as words, `GenderCurrent`, whole numbers written by pandas as `1.0`.

use crate::util::{Fixture, safeguard};

fn figure(f: &Fixture, id: &str, period: &str) -> String {
    let run = safeguard(["figures", "--format", "csv", "--edition", "internal", "--data", f.path().to_str().unwrap()]);
    run.expect_code(0);
    let mut r = crate::util::figures_reader(run.stdout.as_bytes());
    let row = r.records().map(Result::unwrap).find(|r| &r[0] == id && &r[1] == period);
    row.unwrap_or_else(|| panic!("no row for {id} {period}"))[2].to_string()
}

/// Two children start care in 2017-18, one with each unfamiliar convention; two plans start,
/// one a second plan by `NumberOfPreviousCPP` written `1.0`.
fn real_conventions() -> Fixture {
    let f = Fixture::new();
    f.write("lac_header.csv", "CHILD,SEX,DOB,ETHNIC\nB1,Male,01.02.2010,WBRI\nB2,2.0,2011/03/04,WBRI\n");
    f.write(
        "lac_episodes.csv",
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\nB1,01.06.2017,S,V2,N1,U6,PR1,,\nB2,2017/07/01,S,C2,N1,U1,PR1,,\n",
    );
    f.write(
        "cp_plans.csv",
        "LAchildID,CPPstartDate,CPPendDate,InitialCategoryOfAbuse,LatestCategoryOfAbuse,NumberOfPreviousCPP
A1,2017-06-01,,NEG,NEG,0.0
A2,2017-07-01,,NEG,NEG,1.0
",
    );
    f.write("children.csv", "LAchildID,PersonBirthDate,GenderCurrent\nA1,2010-01-01,1\nA2,2011-01-01,Female\n");
    f
}

#[test]
fn dots_year_first_dates_words_for_sex_and_decimals_for_whole_numbers_are_read() {
    let f = real_conventions();
    // Before: `01.02.2010` "looks like an Excel date serial number", `2011/03/04` "has a
    // two-digit year", `Male` "is not M, F or U" and `1.0` "is a decimal": four errors.
    f.validate()
        .expect_code(0)
        // One warning per column written as decimals (SEX; NumberOfPreviousCPP, on two rows).
        .expect("0 errors, 2 warnings")
        .expect(
            "lac_header.csv, line 3, column B (SEX): `2.0` is a whole number written as a decimal and was read as `2`",
        )
        .expect("cp_plans.csv, line 2, column F (NumberOfPreviousCPP): `0.0` is a whole number written as a decimal");
    assert_eq!(figure(&f, "lac.started", "2017-18"), "2");
    // A2's plan says one plan before it: the second of the two is a second or subsequent plan.
    assert_eq!(figure(&f, "cp.second_or_subsequent", "2017-18"), "1");
}

/// An identifier pandas wrote as `1234567.0` into a shifted column is not quoted back, in
/// either spelling.
#[test]
fn a_large_whole_number_written_as_a_decimal_is_not_quoted() {
    let f = Fixture::new();
    f.write(
        "cp_plans.csv",
        "LAchildID,CPPstartDate,CPPendDate,InitialCategoryOfAbuse,LatestCategoryOfAbuse,NumberOfPreviousCPP\nA1,2017-06-01,,NEG,NEG,1234567.0\n",
    );
    let run = f.validate();
    run.expect("whole number written as a decimal").expect_not("1234567");
}

#[test]
fn a_column_under_both_its_names_is_refused() {
    let f = Fixture::new();
    f.write("children.csv", "LAchildID,Sex,GenderCurrent\nA1,M,1\n");
    f.validate()
        .expect_code(1)
        .expect("children.csv, line 1, column C (GenderCurrent): `GenderCurrent` is another name for column B (Sex)");
}

/// No date is quoted back (a date could be a birth date under a swapped header); the reason
/// is the date's own, not "an Excel serial number" as `31.06.2017` used to get.
#[test]
fn a_dotted_date_that_does_not_exist_is_refused_for_its_day() {
    let f = Fixture::new();
    f.write(
        "lac_episodes.csv",
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\nB1,31.06.2017,S,V2,N1,U6,PR1,,\n",
    );
    f.validate().expect_code(1).expect("lac_episodes.csv, line 2, column B (DECOM): the value (not shown, as it could identify someone) has day 31, which month 6 of 2017 does not have");
}

/// The DfE's rules carry their number into the machine-readable output, so a problem can be
/// matched to the DfE validator's report on the same return.
#[test]
fn a_dfe_rule_is_named_by_its_number_in_json() {
    let f = Fixture::new();
    // B1 left care with X1 ("care continues") and no later episode: the DfE's rule 388.
    f.write(
        "lac_episodes.csv",
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\nB1,01/06/2017,S,C2,N1,U6,PR1,01/09/2017,X1\n",
    );
    let run = safeguard(["validate", "--format", "json", "--data", f.path().to_str().unwrap()]);
    run.expect_code(1);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let found = doc["problems"].as_array().unwrap().iter().find(|p| p["dfe_rule"] == "SSDA903 388").expect("rule 388");
    assert_eq!(found["rule"], "dfe-903-388");
    assert_eq!(found["severity"], "error");
    assert_eq!(found["count"], 1);
    assert_eq!(found["column"], "REC");
    assert_eq!(found["examples"][0]["line"], 2);
    assert_eq!(
        found["summary"],
        "Reason episode ceased is coded new episode begins, but there is no continuation episode."
    );
}

/// An SSDA903 return under the names the DfE's guidance and the sector's tools give its tables
/// is read as it is: each file is taken for a contract file by its header row. Before, the tool
/// said only that `lac_header.csv` is required.
#[test]
fn a_return_under_its_own_file_names_is_read_by_its_headers() {
    let f = real_conventions();
    let (header, episodes) =
        (std::fs::read(f.file("lac_header.csv")).unwrap(), std::fs::read(f.file("lac_episodes.csv")).unwrap());
    f.remove("lac_header.csv").remove("lac_episodes.csv");
    f.write("header.csv", header).write("SSDA903_Episodes_2018.csv", episodes);
    f.validate()
        .expect_code(0)
        .expect("SSDA903_Episodes_2018.csv read as lac_episodes.csv (looked-after episodes (SSDA903 Episodes)), 2 rows")
        .expect("header.csv read as lac_header.csv");
    assert_eq!(figure(&f, "lac.started", "2017-18"), "2");
}

#[test]
fn every_other_file_in_the_folder_is_accounted_for() {
    let f = Fixture::new();
    f.write("notes.csv", "Item,Owner\nAudit,Board\n");
    // A misspelt name whose header is not the contract's either: the file meant is named.
    f.write("Refferals.csv", "Child,Date\nB1,2017-06-01\n");
    // A case list with no header row: its first row is data, and must not be quoted.
    f.write("case_list.csv", "Jane Doe,2010-01-01,NE12 3AB\n");
    f.write("cin_census_2018.xml", "<?xml version=\"1.0\"?><Message/>");
    // Two files for one contract file, of one year, neither under its name: which is meant?
    f.write("episodes.csv", "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\nB1,01/06/2017,S,V2,N1,U6,PR1,,\n");
    f.write(
        "episodes_last.csv",
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\nB2,01/07/2017,S,V2,N1,U6,PR1,,\n",
    );
    f.write("header_last.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nB1,1,01/02/2010,WBRI,,,\n");
    f.remove("lac_episodes.csv");
    f.validate()
        .expect_code(1)
        .expect("error: episodes_last.csv: episodes.csv and episodes_last.csv both hold the 2017-18 return of one authority (lac_episodes.csv): keep one")
        // Beside the file under its contract name, another with no year to tell them apart.
        .expect("error: lac_header.csv: found header_last.csv and lac_header.csv for lac_header.csv, and cannot tell which year's return header_last.csv and lac_header.csv are")
        .expect("warning: notes.csv: notes.csv was not read: its first row (2 columns) is not the header of any file of the data contract")
        .expect_not("Owner")
        .expect("Refferals.csv was not read: its first row (2 columns) is not the header of any file of the data contract (datasets/README.md lists each file's columns); if it is referrals.csv, name it so")
        .expect("case_list.csv was not read")
        .expect_not("Jane")
        // XML is read by its root element: a census with no children is no census.
        .expect("error: cin_census_2018.xml: the file has no <Children> element: it is not a CIN census return");
    // A name that could identify someone is not shown.
    f.write("Smith_J_1234567.csv", "a,b\n1,2\n");
    f.validate().expect("a file whose name is not shown (it could identify someone) was not read").expect_not("Smith");
}
