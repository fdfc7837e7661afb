//! The command line as a user meets it.

use crate::util::safeguard;

#[test]
fn the_committed_sample_is_valid_and_clean() {
    safeguard(["validate", "--data", "datasets/sample"])
        .expect_code(0)
        .expect("0 errors, 0 warnings")
        .expect("Northshire: 25 files")
        .expect("financial years 2013-14 to 2017-18 (reporting year 2017-18)")
        // Every file is listed with what it is read as.
        .expect("  lac_episodes.csv: looked-after episodes (SSDA903 Episodes), ")
        .expect("  contacts.csv: contacts to the children's social care front door");
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
fn each_kind_of_failure_exits_with_its_documented_status() {
    let f = crate::util::Fixture::new();
    let data = f.path().to_str().unwrap();
    // 1: a problem in the data.
    f.write("population.csv", "Year,Population0to17\n2017,many\n");
    safeguard(["build", "--data", data, "--quiet"]).expect_code(1).expect("population.csv, line 2");
    f.write("population.csv", "Year,Population0to17\n2017,56748\n");
    // 2: usage, naming the directory.
    safeguard(["build", "--data", "no/such/dir"]).expect_code(2).expect("no/such/dir does not exist");
    // 3: the output cannot be written (a file stands where the folder should go), naming the path.
    let blocked = tempfile::tempdir().unwrap();
    let file = blocked.path().join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let out = file.join("reports");
    safeguard(["build", "--data", data, "--out", out.to_str().unwrap(), "--quiet"])
        .expect_code(3)
        .expect(&format!("cannot write to {}", out.join("testshire-2017-18").display()));
    safeguard(["templates", "--out", out.to_str().unwrap()]).expect_code(3).expect("cannot write to");
    safeguard(["synth", "--out", out.to_str().unwrap(), "--scale", "0.01"]).expect_code(3).expect("cannot write to");
    // 3: a template override directory that is not there, naming it.
    safeguard(["build", "--data", data, "--templates", "no/such/templates", "--out", blocked.path().to_str().unwrap()])
        .expect_code(3)
        .expect("no/such/templates");
    // And success.
    safeguard(["build", "--data", data, "--out", blocked.path().to_str().unwrap(), "--quiet"]).expect_code(0);
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
        safeguard(["build", "--out", out.path().to_str().unwrap()]).expect_code(0).expect("wrote the public report to");
    }
    for name in ["figures.csv", "figures.json", "manifest.json"] {
        let read = |d: &tempfile::TempDir| std::fs::read(d.path().join("northshire-2017-18").join(name)).unwrap();
        assert!(read(&a) == read(&b), "{name} differs between two runs");
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(a.path().join("northshire-2017-18/manifest.json")).unwrap()).unwrap();
    let inputs = manifest["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 25);
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
        // Every file written: both editions' folders, and the public edition's audit.
        let outputs = crate::util::files_under(out.path());
        let report = if edition == "public" {
            "testshire-2017-18/report.html"
        } else {
            "testshire-2017-18-internal/report-internal.html"
        };
        assert!(outputs.iter().any(|p| p.ends_with(report)), "the report is among the outputs");
        for path in outputs {
            let text = crate::util::output_text(&path);
            assert!(!path.ends_with("figures.xlsx") || text.contains("Cover"), "the workbook is read, not its bytes");
            for secret in ["SECRET", "2003-05-17", "17/05/2003", "01/02/2010"] {
                assert!(!text.contains(secret), "{secret} in {}", path.display());
            }
        }
    }
}

#[test]
fn comparisons_carry_the_previous_year_trend_and_benchmarks() {
    let f = crate::util::Fixture::new();
    f.write("contacts.csv", "ContactID,LAchildID,ContactDate,ContactOutcome\nC1,A1,2017-04-03,ADVICE\nC2,A2,2016-04-03,ADVICE\nC3,A3,2016-04-04,ADVICE\n");
    f.write("population.csv", "Year,Population0to17\n2016,50000\n2017,50000\n");
    f.write("benchmarks.csv", "Indicator,Period,Comparator,Value\ncp.at_31_march.rate,2015-16,England,42.9\ncp.at_31_march.rate,2016-17,England,43\ncp.at_31_march.rate,2018-19,England,99\n");
    let run = safeguard(["figures", "--format", "json", "--edition", "internal", "--data", f.path().to_str().unwrap()]);
    run.expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let find = |id: &str| v["comparisons"].as_array().unwrap().iter().find(|c| c["indicator"] == id).unwrap().clone();
    // Contacts: 1 this year, 2 last year: down 1, and no percentage of a count under 10.
    let contacts = find("contacts.total");
    assert_eq!(
        (contacts["value"].as_str(), contacts["previous"]["value"].as_str(), contacts["change"].as_str()),
        (Some("1"), Some("2"), Some("-1"))
    );
    assert!(contacts["change_pct"].is_null());
    assert_eq!(contacts["trend"].as_array().unwrap().len(), 5);
    assert_eq!(contacts["trend"][0]["value"], "x", "2013-14 is not covered");
    // The latest comparator period up to the reporting year (2016-17, not the future 2018-19),
    // in the indicator's precision.
    let cp = find("cp.at_31_march.rate");
    assert_eq!(cp["benchmarks"][0]["period"], "2016-17");
    assert_eq!(cp["benchmarks"][0]["value"], "43.0");
}
