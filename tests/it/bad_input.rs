//! The bad-input corpus: every rule of "What bad input gets" in the data contract, each checked
//! for its exit status and for a message naming the file, the line and the column.

use crate::util::{CONTACTS, Fixture};

const CONTACT_HEADER: &str = "ContactID,LAchildID,ContactDate,ContactSource,LevelOfNeed,ContactOutcome\n";

fn contacts_with(rows: &str) -> Fixture {
    let f = Fixture::new();
    f.write("contacts.csv", format!("{CONTACT_HEADER}{rows}"));
    f
}

#[test]
fn the_fixture_itself_is_valid() {
    Fixture::new().validate().expect_code(0).expect("0 errors, 0 warnings");
}

#[test]
fn impossible_dates_name_file_line_and_column() {
    let cases = [
        ("2017-13-01", "month 13"),
        ("12/31/2017", "US month/day/year"),
        ("31/12/17", "two-digit year"),
        ("43101", "Excel date serial"),
        ("29/02/2017", "day 29"),
        ("next Tuesday", "DD/MM/YYYY or YYYY-MM-DD"),
    ];
    for (date, reason) in cases {
        contacts_with(&format!("C1,A1,2017-04-03,6,4,REFERRAL\nC2,A2,{date},2A,2,ADVICE\n"))
            .validate()
            .expect_code(1)
            .expect("error: contacts.csv, line 3, column C (ContactDate): ")
            .expect(reason);
    }
}

#[test]
fn leap_day_and_dates_with_times_are_accepted() {
    // 29 February 2016 exists; a trailing time from a case-management export is ignored.
    let f = Fixture::new();
    f.write("referrals.csv", "LAchildID,CINreferralDate,ReferralSource,PrimaryNeedCode,ReferralNFA,CINclosureDate,ReasonForClosure\nA1,29/02/2016 00:00,6,N1,No,2018-03-31 17:45:00,RC7\n");
    f.write("population.csv", "Year,Population0to17\n2015,56000\n2016,56500\n2017,56748\n");
    f.validate().expect_code(0).expect("0 errors");
}

#[test]
fn a_missing_required_column_is_named() {
    let f = Fixture::new();
    f.write("contacts.csv", "ContactID,LAchildID,ContactDate\nC1,A1,2017-04-03\n");
    f.validate().expect_code(1).expect("error: contacts.csv, line 1: the header has no `ContactOutcome` column");
}

#[test]
fn duplicate_column_names_after_case_folding_are_an_error() {
    let f = Fixture::new();
    f.write(
        "contacts.csv",
        CONTACTS
            .replacen("ContactOutcome", "ContactOutcome, contactid ", 1)
            .replace("REFERRAL\n", "REFERRAL,x\n")
            .replace("ADVICE\n", "ADVICE,y\n"),
    );
    f.validate()
        .expect_code(1)
        .expect("contacts.csv, line 1, column G (contactid): `contactid` repeats column A (ContactID)");
}

#[test]
fn ragged_rows_are_an_error_at_their_line() {
    contacts_with("C1,A1,2017-04-03,6,4,REFERRAL\nC2,A2,2017-05-03,2A,2,ADVICE,extra\nC3,A3,2017-05-04,2A\n")
        .validate()
        .expect_code(1)
        .expect("contacts.csv, line 3: has 7 fields but the header has 6")
        .expect("contacts.csv, line 4: has 4 fields but the header has 6");
}

#[test]
fn duplicate_keys_are_errors_that_never_quote_the_identifier() {
    contacts_with("ZQX-SECRET-77,A1,2017-04-03,6,4,REFERRAL\nZQX-SECRET-77,A2,2017-05-03,2A,2,ADVICE\n")
        .validate()
        .expect_code(1)
        .expect("contacts.csv, line 3, column A (ContactID): the same ContactID as line 2")
        .expect_not("ZQX-SECRET-77");
    // Plans are keyed by child and start date.
    let f = Fixture::new();
    f.write(
        "cp_plans.csv",
        "LAchildID,CPPstartDate,CPPendDate,InitialCategoryOfAbuse\nA1,2017-06-01,,NEG\nA1,01/06/2017,,PHY\n",
    );
    f.validate().expect_code(1).expect("cp_plans.csv, line 3: the same LAchildID + CPPstartDate as line 2");
}

#[test]
fn files_with_any_line_endings_name_the_right_lines() {
    // Excel saves CR LF, and the csv crate numbered each record after the header a line early;
    // with old Mac line ends (CR alone) every record was on line 1.
    let f = Fixture::new();
    let rows = [
        "LAchildID,CPPstartDate,CPPendDate,InitialCategoryOfAbuse",
        "A1,2017-06-01,,NEG",
        "A2,2017-06-02,,NEG",
        "A3,2017-13-45,,NEG",
        "A1,01/06/2017,,PHY",
    ];
    for end in ["\r\n", "\r"] {
        f.write("cp_plans.csv", rows.join(end) + end);
        f.validate()
            .expect_code(1)
            .expect("cp_plans.csv, line 4, column B (CPPstartDate)")
            .expect("cp_plans.csv, line 5: the same LAchildID + CPPstartDate as line 2");
    }
    // With LF and a quoted newline before the bad row: the quoted newline is a physical line.
    f.write(
        "cp_plans.csv",
        "LAchildID,CPPstartDate,CPPendDate,InitialCategoryOfAbuse\nA1,2017-06-01,,\"NEG\nNEG\"\nA3,2017-13-45,,NEG\n",
    );
    f.validate().expect_code(1).expect("cp_plans.csv, line 4, column B (CPPstartDate)");
}

#[test]
fn end_dates_before_start_dates_are_errors() {
    let f = Fixture::new();
    f.write("cp_plans.csv", "LAchildID,CPPstartDate,CPPendDate,InitialCategoryOfAbuse\nA1,2017-06-01,2017-05-31,NEG\n");
    f.write("lac_episodes.csv", "CHILD,DECOM,RNE,LS,PLACE,DEC,REC\nB1,01/06/2017,S,V2,U6,31/05/2017,E4A\n");
    f.validate()
        .expect_code(1)
        .expect("cp_plans.csv, line 2, column C (CPPendDate): (CIN 8925) CPPendDate is before CPPstartDate")
        .expect("lac_episodes.csv, line 2, column F (DEC): DEC is before DECOM");
}

#[test]
fn a_date_of_birth_after_the_record_is_an_error_that_does_not_quote_the_birth_date() {
    let f = Fixture::new();
    f.write("cse_panel.csv", "LAchildID,PanelDate,Sex,PersonBirthDate,PlanType\nA3,2017-07-04,F,2017-09-19,CIN\n");
    f.write("lac_header.csv", "CHILD,SEX,DOB\nB1,1,02/06/2017\n");
    f.validate()
        .expect_code(1)
        .expect("cse_panel.csv, line 2, column D (PersonBirthDate): the date of birth is after PanelDate")
        .expect("lac_episodes.csv, line 2, column B (DECOM): DECOM is before the child's date of birth")
        .expect_not("2017-09-19")
        .expect_not("02/06/2017");
}

#[test]
fn unparsable_birth_dates_are_reported_without_their_value() {
    let f = Fixture::new();
    f.write("lac_header.csv", "CHILD,SEX,DOB\nB1,1,31/02/2010\n");
    f.validate()
        .expect_code(1)
        .expect("lac_header.csv, line 2, column C (DOB): the value has day 31")
        .expect_not("31/02/2010");
}

#[test]
fn numbers_out_of_range_or_not_whole_are_errors() {
    let f = Fixture::new();
    f.write(
        "training_attendance.csv",
        "SessionID,DelegateID,Agency,Attendance,PreScore,PostScore\nS1,D1,Police,ATTENDED,11,-1\n",
    );
    f.write("population.csv", "Year,Population0to17\n2017,56748.5\n2016,0\n");
    f.validate()
        .expect_code(1)
        .expect("training_attendance.csv, line 2, column E (PreScore): `11` is outside the allowed range 0 to 10")
        .expect("column F (PostScore): `-1` is outside the allowed range 0 to 10")
        // A value with three digits or more is never quoted: under a swapped header it could be an id.
        .expect("population.csv, line 2, column B (Population0to17): the value (not shown, as it could identify someone) is a decimal")
        .expect("population.csv, line 3, column B (Population0to17): `0` is outside the allowed range");
}

#[test]
fn rec_is_required_when_dec_is_set() {
    let f = Fixture::new();
    f.write("lac_episodes.csv", "CHILD,DECOM,RNE,LS,PLACE,DEC,REC\nB1,01/06/2017,S,V2,U6,01/09/2017,\n");
    f.validate()
        .expect_code(1)
        .expect("lac_episodes.csv, line 2, column G (REC): (SSDA903 148) DEC is filled in but REC is empty");
}

#[test]
fn empty_required_cells_and_bad_codes_and_booleans_are_errors() {
    contacts_with("C1,A1,2017-04-03,6,4,\nC2,A2,2017-05-03,2A,2,MAYBE\n")
        .validate()
        .expect_code(1)
        .expect("contacts.csv, line 2, column F (ContactOutcome): `ContactOutcome` must be filled in")
        .expect("contacts.csv, line 3, column F (ContactOutcome): `MAYBE` is not one of ADMIN, ADVICE, EARLY_HELP, REFERRAL, NFA");
    let f = Fixture::new();
    f.write("referrals.csv", "LAchildID,CINreferralDate,ReferralNFA\nA1,2017-04-03,perhaps\n");
    f.validate().expect_code(1).expect("referrals.csv, line 2, column C (ReferralNFA): `perhaps` is not true/false");
}

#[test]
fn codes_match_ignoring_case_and_spaces() {
    contacts_with("C1,A1,2017-04-03,6,4, referral \nC2,A2,2017-05-03,2a,2,advice\n").validate().expect_code(0);
}

#[test]
fn warnings_do_not_stop_the_run() {
    // An unknown optional code, an extra column, a date after the reporting year.
    let f = Fixture::new();
    f.write("contacts.csv", "ContactID,LAchildID,ContactDate,ContactSource,LevelOfNeed,ContactOutcome,Worker\nC1,A1,2017-04-03,ZZ,4,REFERRAL,x\nC2,A2,2018-04-03,2A,2,ADVICE,y\n");
    f.validate()
        .expect_code(0)
        .expect("warning: contacts.csv, line 2, column D (ContactSource): `ZZ` is not one of")
        .expect("warning: contacts.csv, line 1, column G (Worker): `Worker` is not in the data contract and was ignored")
        .expect("warning: contacts.csv, line 3, column C (ContactDate): ContactDate is after the reporting year 2017-18 ends")
        .expect("0 errors, 3 warnings");
}

#[test]
fn referential_problems_are_counted_warnings() {
    let f = Fixture::new();
    f.write(
        "training_attendance.csv",
        "SessionID,DelegateID,Agency,Attendance\nS9,D1,Police,ATTENDED\nS9,D2,Police,DNA\n",
    );
    f.write("cp_reviews.csv", "LAchildID,CPPstartDate,CPPreviewDate\nA1,2017-06-02,2017-08-20\n");
    f.write("lac_episodes.csv", "CHILD,DECOM,RNE,LS,PLACE\nB7,01/06/2017,S,V2,U6\n");
    f.validate()
        .expect_code(0)
        .expect("warning: training_attendance.csv, line 2, column A (SessionID): the session is not in training_sessions.csv")
        .expect("warning: training_attendance.csv, line 3, column A (SessionID)")
        .expect("warning: cp_reviews.csv, line 2, column B (CPPstartDate): no plan in cp_plans.csv for this child starting on that date")
        .expect("warning: lac_episodes.csv, line 2, column A (CHILD): the child has no row in lac_header.csv");
}

#[test]
fn files_that_are_not_comma_separated_text_say_what_they_look_like() {
    let f = Fixture::new();
    f.write("contacts.csv", CONTACTS.replace(',', ";"));
    f.write("referrals.csv", b"PK\x03\x04\x14\x00\x06\x00binary workbook");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("LAchildID,CPPstartDate\r\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    f.write("cp_plans.csv", utf16);
    f.write("assessments.csv", "LAchildID\tAssessmentActualStartDate\nA1\t2017-04-04\n");
    f.validate()
        .expect_code(1)
        .expect("contacts.csv, line 1: the header is separated by semicolons")
        .expect("referrals.csv: this is not a CSV text file: it is an Excel workbook (.xlsx)")
        .expect("cp_plans.csv: this is not a CSV text file: it is UTF-16 text")
        .expect("assessments.csv, line 1: the header is separated by tabs");
}

#[test]
fn windows_1252_text_is_decoded_with_a_warning() {
    let f = Fixture::new();
    let mut bytes = b"SessionID,DelegateID,Agency,Attendance\nS1,D1,Children".to_vec();
    bytes.extend_from_slice(b"\x92s social care \x96 north,ATTENDED\n");
    f.write("training_attendance.csv", bytes);
    f.validate().expect_code(0).expect("training_attendance.csv: 1 rows are not UTF-8 and were read as Windows-1252");
    // Bytes that Windows-1252 leaves unassigned cannot be read either way.
    f.write("training_attendance.csv", b"SessionID,DelegateID,Agency,Attendance\nS1,D1,Bad\x81name,ATTENDED\n");
    f.validate()
        .expect_code(1)
        .expect("training_attendance.csv, line 2, column C (Agency): the cell is neither UTF-8 nor Windows-1252");
}

#[test]
fn bom_crlf_quoted_newlines_and_odd_names_are_read() {
    let f = Fixture::new();
    f.remove("contacts.csv");
    // Excel's BOM and CRLF, headers in another case with spaces, a file name in capitals.
    f.write("Contacts.CSV", "\u{feff} contactid , LACHILDID,contactdate,ContactOutcome\r\nC1,A1,2017-04-03,REFERRAL\r\nC2,A2,\"03/05/2017\",ADVICE\r\n");
    // A quoted title spanning lines 2–3; the bad date on the next record is on line 4.
    f.write("training_sessions.csv", "SessionID,CourseTitle,SessionDate,Status\nS1,\"Neglect,\nand its signs\",2017-09-12,DELIVERED\nS2,Neglect,2017-13-12,DELIVERED\n");
    f.validate()
        .expect_code(1)
        .expect("training_sessions.csv, line 4, column C (SessionDate)")
        .expect_not("contacts.csv")
        .expect_not("Contacts.CSV");
}

#[test]
fn rows_of_empty_cells_are_skipped_with_one_warning() {
    contacts_with("C1,A1,2017-04-03,6,4,REFERRAL\n,,,,,\n,,,,,\n , ,,,,\n")
        .validate()
        .expect_code(0)
        .expect("warning: contacts.csv: 3 rows with every cell empty were skipped");
}

#[test]
fn missing_files_and_directories_in_place_of_files() {
    let f = Fixture::new();
    f.remove("cse_panel.csv");
    f.remove("lac_header.csv");
    std::fs::create_dir(f.file("lac_header.csv")).unwrap();
    // No file is required for a build: the panel's section is left out without its file.
    f.validate()
        .expect_code(1)
        .expect_not("cse_panel.csv")
        .expect("error: lac_header.csv: lac_header.csv is a directory or other non-file");
}

#[test]
fn every_problem_in_every_file_is_reported_in_one_pass() {
    let f = Fixture::new();
    f.write("contacts.csv", format!("{CONTACT_HEADER}C1,A1,2017-02-30,6,4,REFERRAL\n"));
    f.write("cp_plans.csv", "LAchildID,CPPstartDate,InitialCategoryOfAbuse\nA1,2017-06-01,XXX\n");
    f.write("population.csv", "Year,Population0to17\n2017,lots\n");
    f.validate()
        .expect_code(1)
        .expect("contacts.csv, line 2")
        .expect("cp_plans.csv, line 2, column C")
        .expect("population.csv, line 2, column B")
        .expect("3 errors");
}

#[test]
fn thousands_of_repeats_are_grouped_and_counted() {
    let mut rows = String::new();
    for i in 0..3000 {
        rows.push_str(&format!("C{i},A{i},2017-04-31,6,4,REFERRAL\n"));
    }
    let run = contacts_with(&rows).validate();
    run.expect_code(1)
        .expect("error: contacts.csv, column C (ContactDate): not a valid date (3,000 times)")
        .expect("    line 2: the value (not shown, as it could identify someone) has day 31")
        .expect("… and 2,995 more");
    assert!(run.stdout.lines().count() < 40, "grouped output stays short:\n{}", run.stdout);
}

#[test]
fn json_output_carries_rule_file_column_and_lines() {
    let run = contacts_with("C1,A1,2017-13-01,6,4,REFERRAL\n").validate_json();
    run.expect_code(1);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(v["errors"], 1);
    let p = &v["problems"][0];
    assert_eq!(
        (p["rule"].as_str(), p["file"].as_str(), p["column"].as_str(), p["column_letter"].as_str()),
        (Some("bad-date"), Some("contacts.csv"), Some("ContactDate"), Some("C"))
    );
    assert_eq!(p["examples"][0]["line"], 2);
}

#[test]
fn settings_errors_name_their_line() {
    let f = Fixture::new();
    f.write("report.toml", "area_name = \"Testshire\"\nreporting_year = 2017-18\n");
    f.validate().expect_code(1).expect("error: report.toml, line 2: ");
    f.write("report.toml", "area_name = \"Testshire\"\nreporting_year = \"2017-18\"\nedtion = \"public\"\n");
    f.validate()
        .expect_code(0)
        .expect("warning: report.toml, line 3: `edtion` is not a setting and was ignored (did you mean `edition`?)");
}

#[test]
fn authority_codes_are_checked_and_several_need_the_column_everywhere() {
    contacts_with("")
        .write("contacts.csv", "LEA,ContactID,LAchildID,ContactDate,ContactOutcome\n99,C1,A1,2017-04-03,REFERRAL\n")
        .validate()
        .expect_code(1)
        .expect("contacts.csv, line 2, column A (LEA): `99` is not a 3-digit local authority code");
    let f = Fixture::new();
    f.write("contacts.csv", "LEA,ContactID,LAchildID,ContactDate,ContactOutcome\n201,C1,A1,2017-04-03,REFERRAL\n202,C1,A1,2017-04-03,REFERRAL\n");
    // The same ContactID in two authorities is two contacts, not a duplicate.
    f.validate()
        .expect_code(1)
        .expect("error: referrals.csv, line 1: the data holds 2 authorities, so every file needs an LEA column")
        .expect_not("the same ContactID");
}

#[test]
fn the_population_for_the_reporting_year_is_required() {
    let f = Fixture::new();
    f.write("population.csv", "Year,Population0to17\n2016,56000\n");
    f.validate().expect_code(1).expect("population.csv, column A (Year): no mid-2017 estimate (needed for 2017-18)");
}

#[test]
fn malformed_files_never_panic() {
    // Random bytes in every file, a 5 MB field, a header with no rows, an empty file.
    let names = [
        "contacts.csv",
        "referrals.csv",
        "assessments.csv",
        "cp_plans.csv",
        "lac_header.csv",
        "lac_episodes.csv",
        "cse_panel.csv",
        "training_sessions.csv",
        "training_attendance.csv",
        "population.csv",
        "report.toml",
        "benchmarks.csv",
        "measures.csv",
    ];
    let mut state = 0x1234_5678_u64;
    for round in 0..4 {
        let f = Fixture::new();
        for (i, name) in names.iter().enumerate() {
            let len = 50 + (i * 97 + round * 1031) % 3000;
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    // Mix plain CSV punctuation in, so the reader gets past the header.
                    let b = (state >> 24) as u8;
                    if round % 2 == 0 { b } else { b",\n\"0123456789/-ab"[(b % 16) as usize] }
                })
                .collect();
            f.write(name, bytes);
        }
        let run = f.validate();
        assert!(run.code == 1 || run.code == 0, "round {round}: {}", run.all());
    }
    let f = Fixture::new();
    let huge = "x".repeat(5 * 1024 * 1024);
    f.write("training_sessions.csv", format!("SessionID,CourseTitle,SessionDate,Status\nS1,Course,{huge},DELIVERED\n"));
    f.write("cp_plans.csv", "LAchildID,CPPstartDate,CPPendDate,InitialCategoryOfAbuse\n");
    f.write("population.csv", "");
    let run = f.validate();
    run.expect_code(1)
        .expect("training_sessions.csv, line 2, column C (SessionDate): `xxxxxxxx")
        .expect("population.csv: the file is empty");
    assert!(run.all().len() < 10_000, "a 5 MB cell is not echoed whole");
}

impl Fixture {
    fn validate_json(&self) -> crate::util::Run {
        crate::util::safeguard(["validate", "--format", "json", "--data", self.path().to_str().unwrap()])
    }
}

#[test]
fn the_remaining_rules_each_fire() {
    let f = Fixture::new();
    // Two files that differ only in case: which one is meant?
    f.write("Referrals.CSV", "LAchildID,CINreferralDate,ReferralNFA\nA1,2017-04-03,N\n");
    f.write("benchmarks.csv", "Indicator,Period,Comparator,Value\ncp.at_31_march.rate,2016-18,England,43.3\n");
    f.write("measures.csv", "Section,Measure,Period,Value\nLADO,Referrals,2017-13,5\nLADO,Referrals,2017-04,6\nLADO,Referrals,2017-18,\"1,200\"\n");
    f.write("lac_reviews.csv", "CHILD,REVIEW\nB8,01/07/2017\n");
    f.write("population.csv", "Year,Population0to17\n2017,56748\n");
    f.write(
        "contacts.csv",
        format!("{CONTACT_HEADER}C0,A0,2016-06-01,6,4,REFERRAL\n{}", &CONTACTS[CONTACT_HEADER.len()..]),
    );
    f.validate()
        .expect_code(1)
        .expect("error: referrals.csv: found Referrals.CSV and referrals.csv: keep one")
        .expect("benchmarks.csv, line 2, column B (Period): the value (not shown, as it could identify someone) is not a financial year")
        .expect("measures.csv, line 2, column C (Period): the value (not shown, as it could identify someone) is neither a financial year (2017-18) nor a month (2017-04)")
        .expect_not("measures.csv, line 3")
        .expect_not("measures.csv, line 4")
        .expect("warning: lac_reviews.csv, line 2, column A (CHILD): the child has no row in lac_header.csv")
        .expect("warning: population.csv, column A (Year): no mid-2016 estimate (needed for 2016-17): rates for that year will show as not available");
}

#[test]
fn data_with_no_dated_activity_cannot_choose_a_reporting_year() {
    let f = Fixture::new();
    f.write("report.toml", "area_name = \"Testshire\"\n");
    f.write("contacts.csv", CONTACT_HEADER);
    f.write("referrals.csv", "LAchildID,CINreferralDate,ReferralNFA\n");
    f.write("lac_episodes.csv", "CHILD,DECOM,RNE,LS,PLACE\n");
    f.validate()
        .expect_code(1)
        .expect("error: contacts.csv: contacts.csv, referrals.csv and lac_episodes.csv hold no dated rows");
}

#[test]
fn without_a_setting_the_reporting_year_is_the_latest_busy_year() {
    // One stray contact dated 2019 must not move the report to 2019-20.
    let f = Fixture::new();
    f.write("report.toml", "area_name = \"Testshire\"\n");
    let busy: String = (10..22).map(|i| format!("C{i},A{i},2017-06-{i},6,2,ADVICE\n")).collect();
    f.write("contacts.csv", format!("{CONTACTS}{busy}C9,A9,2019-06-01,6,4,ADVICE\n"));
    f.validate()
        .expect_code(0)
        .expect("reporting year 2017-18")
        .expect("ContactDate is after the reporting year 2017-18 ends");
}

#[test]
fn a_bad_code_is_reported_on_every_row_it_appears() {
    // Valid codes are remembered per column; a bad one must still be caught each time.
    contacts_with("C1,A1,2017-04-03,6,4,REFERRAL\nC2,A2,2017-05-03,2A,2,MAYBE\nC3,A3,2017-05-04,6,4,REFERRAL\nC4,A4,2017-05-05,6,4,MAYBE\n")
        .validate()
        .expect_code(1)
        .expect("contacts.csv, line 3, column F (ContactOutcome): `MAYBE` is not one of")
        .expect("contacts.csv, line 5, column F (ContactOutcome): `MAYBE` is not one of")
        .expect("2 errors");
}

#[test]
fn a_past_year_rerun_from_a_newer_extract_says_once_per_file_what_is_left_out() {
    // Reporting year 2016-17 chosen on purpose; the extract runs on into 2017-18 with 25 more
    // contacts, so those rows are expected: one line per file, no line-by-line list.
    let f = Fixture::new();
    f.write("report.toml", "area_name = \"Testshire\"\nreporting_year = \"2016-17\"\n");
    let earlier: String = (10..20).map(|i| format!("E{i},A{i},2016-06-{i},6,2,ADVICE\n")).collect();
    let later: String = (10..35).map(|i| format!("L{i},B{i},2017-07-{:02},6,2,ADVICE\n", i - 9)).collect();
    f.write("contacts.csv", format!("{CONTACTS}{earlier}{later}"));
    f.write("population.csv", "Year,Population0to17\n2016,56000\n2017,\"56,748\"\n");
    f.validate()
        .expect_code(0)
        .expect("warning: contacts.csv: 27 rows have a date after the reporting year 2016-17 ends (the data runs to 2017-18); those dates count in no figure of this report")
        .expect_not("contacts.csv, line");
}

#[test]
fn placeholder_dates_are_warned_about_and_left_out() {
    // 1900-01-01 for an unknown start date was counted as a real one (and walked day by day).
    let f = Fixture::new();
    f.write(
        "assessments.csv",
        "LAchildID,AssessmentActualStartDate,AssessmentAuthorisationDate\nA1,1900-01-01,2017-06-01\nA2,2017-05-01,2017-06-01\n",
    );
    f.validate()
        .expect_code(0)
        .expect("warning: assessments.csv, line 2, column B (AssessmentActualStartDate): a date before 1950 is taken for a placeholder and treated as not recorded");
}
