//! The command line as a user meets it.

use crate::util::safeguard;

#[test]
fn the_committed_sample_is_valid_and_clean() {
    safeguard(["validate", "--data", "datasets/sample"])
        .expect_code(0)
        .expect("0 errors, 0 warnings")
        .expect("Northshire: 17 files")
        .expect("financial years 2013-14 to 2017-18 (reporting year 2017-18)");
}

#[test]
fn validate_defaults_to_the_sample() {
    safeguard(["validate"]).expect_code(0).expect("Northshire");
}

#[test]
fn help_shows_every_command_with_an_example() {
    let run = safeguard(["--help"]);
    run.expect_code(0);
    for command in ["validate", "synth", "figures", "build"] {
        run.expect(command);
        safeguard([command, "--help"]).expect_code(0).expect(&format!("safeguard {command}"));
    }
}

#[test]
fn usage_problems_exit_with_status_2() {
    safeguard(["validate", "--data", "no/such/dir"])
        .expect_code(2)
        .expect("the data directory no/such/dir does not exist");
    safeguard(["validate", "--format", "xml"]).expect_code(2);
    safeguard(["synth"]).expect_code(2).expect("--out");
    safeguard(["figures", "--year", "2017-19"]).expect_code(2).expect("not a financial year");
    safeguard(["frobnicate"]).expect_code(2);
}

#[test]
fn figures_and_build_validate_first_and_say_what_is_not_built_yet() {
    safeguard(["build"]).expect_code(0).expect("the data is valid").expect("not implemented in this version yet");
    let f = crate::util::Fixture::new();
    f.write("contacts.csv", "ContactID,LAchildID,ContactDate,ContactOutcome\nC1,A1,2017-04-31,REFERRAL\n");
    safeguard(["figures", "--data", f.path().to_str().unwrap()])
        .expect_code(1)
        .expect("contacts.csv, line 2, column C (ContactDate)")
        .expect("stopped before computing figures");
}
