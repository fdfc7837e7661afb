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
fn figures_stop_at_the_first_bad_input_and_write_nothing() {
    let f = crate::util::Fixture::new();
    f.write("contacts.csv", "ContactID,LAchildID,ContactDate,ContactOutcome\nC1,A1,2017-04-31,REFERRAL\n");
    safeguard(["figures", "--data", f.path().to_str().unwrap()])
        .expect_code(1)
        .expect("contacts.csv, line 2, column C (ContactDate)")
        .expect("stopped before computing figures");
    let out = tempfile::tempdir().unwrap();
    safeguard(["build", "--data", f.path().to_str().unwrap(), "--out", out.path().to_str().unwrap()]).expect_code(1);
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0, "no partial output");
}

#[test]
fn build_writes_identical_outputs_for_identical_inputs() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for out in [&a, &b] {
        safeguard(["build", "--out", out.path().to_str().unwrap()])
            .expect_code(0)
            .expect("wrote figures.csv, figures.json and manifest.json");
    }
    for name in ["figures.csv", "figures.json", "manifest.json"] {
        let read = |d: &tempfile::TempDir| std::fs::read(d.path().join("northshire-2017-18").join(name)).unwrap();
        assert!(read(&a) == read(&b), "{name} differs between two runs");
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(a.path().join("northshire-2017-18/manifest.json")).unwrap()).unwrap();
    let inputs = manifest["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 17);
    let contacts = inputs.iter().find(|i| i["file"] == "contacts.csv").unwrap();
    assert_eq!(contacts["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(manifest["reporting_year"], "2017-18");
}

#[test]
fn no_identifier_or_date_of_birth_reaches_any_output() {
    // The sample's child identifiers are six-digit numbers, which figures can also be, so this
    // uses a fixture whose identifiers cannot be mistaken for anything else.
    let f = crate::util::Fixture::new();
    f.write(
        "contacts.csv",
        "ContactID,LAchildID,ContactDate,ContactOutcome\nCONTACT-SECRET-1,CHILD-SECRET-1,2017-04-03,REFERRAL\n",
    );
    f.write(
        "cse_panel.csv",
        "LAchildID,PanelDate,Sex,PersonBirthDate,PlanType\nCHILD-SECRET-2,2017-07-04,F,2003-05-17,CIN\n",
    );
    f.write(
        "training_attendance.csv",
        "SessionID,DelegateID,Agency,Attendance\nS1,DELEGATE-SECRET-3,Police,ATTENDED\n",
    );
    let out = tempfile::tempdir().unwrap();
    for edition in ["public", "internal"] {
        let run = safeguard([
            "build",
            "--edition",
            edition,
            "--data",
            f.path().to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
        ]);
        run.expect_code(0).expect_not("SECRET");
        for entry in std::fs::read_dir(out.path().join("testshire-2017-18")).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for secret in ["SECRET", "2003-05-17", "17/05/2003", "01/02/2010"] {
                assert!(!text.contains(secret), "{secret} in an output");
            }
        }
    }
}
