//! The DfE's rules against the DfE's own validators: on an SSDA903 return and a CIN census made
//! for the check, `safeguard validate` flags the records data-to-insight's
//! `csc-validator-be-903` and `csc-validator-be-cin` flag, rule by rule
//! (`tests/fixtures/dfe903/README.md`, `tests/fixtures/dfe-cin/README.md`).

use crate::util::safeguard;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The fixture's `expected.json`, and what `validate` flags there under each of the DfE's
/// rules of one return (`prefix` "SSDA903 " or "CIN "): rule → (file, line).
fn expected_and_ours(fixture: &str, prefix: &str) -> (serde_json::Value, BTreeMap<String, BTreeSet<(String, u64)>>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(fixture);
    let expected = serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    // The folder holds only the return: the contract's other files are missing (errors of their own).
    let run = safeguard(["validate", "--format", "json", "--data", dir.to_str().unwrap()]);
    run.expect_code(1);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let mut ours: BTreeMap<String, BTreeSet<(String, u64)>> = BTreeMap::new();
    for p in doc["problems"].as_array().unwrap() {
        let Some(rule) = p["dfe_rule"].as_str().and_then(|r| r.strip_prefix(prefix)) else { continue };
        assert!(p["count"].as_u64().unwrap() < 100, "every occurrence is kept as an example");
        let file = p["file"].as_str().unwrap().to_string();
        let lines = p["examples"].as_array().unwrap().iter().map(|e| (file.clone(), e["line"].as_u64().unwrap()));
        ours.entry(rule.to_string()).or_default().extend(lines);
    }
    (expected, ours)
}

#[test]
fn each_rule_flags_the_rows_the_dfe_validator_flags() {
    let (expected, mut ours) = expected_and_ours("dfe903", "SSDA903 ");
    let mut compared = 0;
    for (rule, rows) in expected["flagged_rows"].as_object().unwrap() {
        // The validator's rows are 0-based data rows: file line = row + 2.
        let theirs: BTreeSet<(String, u64)> = rows
            .as_array()
            .unwrap()
            .iter()
            .map(|r| ("lac_episodes.csv".to_string(), r.as_u64().unwrap() + 2))
            .collect();
        assert_eq!(ours.remove(rule).unwrap_or_default(), theirs, "rule {rule}: our lines, then the DfE validator's");
        compared += theirs.len();
    }
    assert_eq!(compared, 154, "13 rules, 154 flagged rows in all");
    assert!(ours.is_empty(), "rules the fixture does not cover: {ours:?}");
}

/// (file, line) pairs from `expected.json`.
fn places(v: &serde_json::Value) -> BTreeSet<(String, u64)> {
    v.as_array().unwrap().iter().map(|p| (p[0].as_str().unwrap().to_string(), p[1].as_u64().unwrap())).collect()
}

#[test]
fn each_cin_rule_flags_the_records_the_dfe_validator_flags() {
    let (expected, mut ours) = expected_and_ours("dfe-cin", "CIN ");
    let flagged = &expected["flagged"];
    for rule in ["1103", "1105", "8630", "8925"] {
        assert_eq!(ours.remove(rule).unwrap_or_default(), places(&flagged[rule]), "rule {rule}");
    }
    // The validator's 8565 misses plan end dates (see README.md); ours has them too.
    let mut all_8565 = places(&flagged["8565"]);
    all_8565.extend(places(&expected["missed_by_the_validators_8565"]));
    assert_eq!(all_8565.len(), 8);
    assert_eq!(ours.remove("8565").unwrap_or_default(), all_8565, "rule 8565");
    // The validator's 1104 reads only the Section 47 copy of the conference date.
    assert!(places(&flagged["1104"]).is_empty());
    let cindetails = places(&expected["cindetails_icpc_before_referral"]);
    assert_eq!(ours.remove("1104").unwrap_or_default(), cindetails, "rule 1104 on the episode's copy");
    assert!(ours.is_empty(), "rules the fixture does not cover: {ours:?}");
}
