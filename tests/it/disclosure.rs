//! Disclosure control through the binary: the attacker's audit on real builds, each leak the
//! issue found (each failed before this protection), and editions that cannot be mixed up.

use crate::util::{Fixture, safeguard};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// (indicator, period) → value, from a public figures.csv.
fn public_figures(folder: &Path) -> BTreeMap<(String, String), String> {
    let text = std::fs::read(folder.join("figures.csv")).unwrap();
    let mut r = crate::util::figures_reader(&text);
    r.records().map(Result::unwrap).map(|r| ((r[0].to_string(), r[1].to_string()), r[2].to_string())).collect()
}

fn value(figs: &BTreeMap<(String, String), String>, id: &str, period: &str) -> String {
    figs.get(&(id.to_string(), period.to_string())).cloned().unwrap_or_else(|| panic!("no {id} {period}"))
}

/// Builds the public edition into a new folder; returns it, the report folder and the audit.
fn build_public(data: &Path) -> (tempfile::TempDir, PathBuf, serde_json::Value) {
    let out = tempfile::tempdir().unwrap();
    // The proof from scratch runs too: one audit of everything must agree with protection's.
    let args = ["build", "--quiet", "--data", data.to_str().unwrap(), "--out", out.path().to_str().unwrap()];
    crate::util::safeguard_with(args, &[("SAFEGUARD_DISCLOSURE_PROOF", "1")]).expect_code(0);
    let find = |suffix: &str| {
        std::fs::read_dir(out.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_string_lossy().ends_with(suffix))
            .unwrap_or_else(|| panic!("no folder ending {suffix}"))
    };
    let audit = find("-disclosure-audit").join("suppression-audit.json");
    let audit: serde_json::Value = serde_json::from_slice(&std::fs::read(audit).unwrap()).unwrap();
    let folder = find("-2017-18");
    (out, folder, audit)
}

/// Every sensitive figure of the audit is protected, and the manifest says so.
#[track_caller]
fn assert_nothing_recoverable(audit: &serde_json::Value, folder: &Path, what: &str) {
    assert_eq!(audit["passed"], true, "{what}");
    let findings = audit["findings"].as_array().unwrap();
    assert!(!findings.is_empty(), "{what}: the audit checked figures");
    let exposed: Vec<&serde_json::Value> = findings.iter().filter(|f| f["protected"] != true).collect();
    assert!(exposed.is_empty(), "{what}: {exposed:?}");
    // Nothing can be worked out exactly, however it was protected.
    let exact: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["highest_a_reader_can_rule_in"].as_f64() == f["lowest_a_reader_can_rule_in"].as_f64())
        .collect();
    assert!(exact.is_empty(), "{what}: {exact:?}");
    // A count said to be small could be anything from 1 to 5 unless suppression around it is
    // exhausted; any other `c` is not exact (above).
    for f in findings.iter().filter(|f| f["must_allow"] == "any value from 1 to the threshold") {
        if f.get("as_wide_as_suppression_allows").is_none() && f["figure"].get("whole").is_none() {
            assert!(f["lowest_a_reader_can_rule_in"].as_f64() <= Some(1.0), "{what}: {f}");
            assert!(f["highest_a_reader_can_rule_in"].as_f64().is_none_or(|h| h >= 5.0), "{what}: {f}");
        }
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(folder.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["edition"], "public");
    assert_eq!(manifest["disclosure"]["audit"], "passed");
    assert!(manifest["disclosure"]["rule"].as_str().unwrap().contains("1 to the threshold"));
    // The audit names small figures and their values: never in the public folder.
    assert!(!folder.join("suppression-audit.json").exists());
}

#[test]
fn the_audit_recovers_nothing_from_the_sample() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/sample");
    let (_out, folder, audit) = build_public(&sample);
    assert_nothing_recoverable(&audit, &folder, "the sample");
}

#[test]
fn the_audit_recovers_nothing_from_five_authorities_large_or_small() {
    // Seed 4 at scale 0.3 held small authorities adding up to a small total, each exactly 1 for
    // a reader who knows which `c` are small, before concealment.
    for (scale, seed) in [("1", "5"), ("0.3", "6"), ("0.3", "4")] {
        let d = tempfile::tempdir().unwrap();
        safeguard(["synth", "--out", d.path().to_str().unwrap(), "--las", "5", "--scale", scale, "--seed", seed])
            .expect_code(0);
        let (_out, folder, audit) = build_public(d.path());
        assert_nothing_recoverable(&audit, &folder, &format!("five authorities at scale {scale}"));
    }
}

#[test]
fn the_audit_recovers_nothing_from_random_small_areas() {
    // Tiny areas have the most small numbers. SAFEGUARD_DISCLOSURE_SEEDS=500 runs a long search.
    let seeds: u64 = std::env::var("SAFEGUARD_DISCLOSURE_SEEDS").ok().and_then(|s| s.parse().ok()).unwrap_or(6);
    for seed in 100..100 + seeds {
        let las = (1 + seed % 3).to_string();
        let scale = ["0.01", "0.02", "0.05"][(seed % 3) as usize];
        let d = tempfile::tempdir().unwrap();
        let dir = d.path().to_str().unwrap();
        let seed_text = seed.to_string();
        safeguard(["synth", "--out", dir, "--las", &las, "--scale", scale, "--years", "2", "--seed", &seed_text])
            .expect_code(0);
        let (_out, folder, audit) = build_public(d.path());
        assert_nothing_recoverable(&audit, &folder, &format!("seed {seed}, {las} authorities at scale {scale}"));
    }
}

/// A fixture holding each leak the issue found in the public edition.
fn leaks() -> Fixture {
    let f = Fixture::new();
    // The exploitation panel: 46 children, 15 at low risk, 29 medium, 2 high (and none with no
    // risk recorded): with high shown as c and the others shown, high = 46 − 15 − 29 = 2.
    let mut panel = String::from("LAchildID,PanelDate,Sex,Ethnicity,PersonBirthDate,RiskLevel,PlanType\n");
    for (i, risk) in
        std::iter::repeat_n("LOW", 15).chain(std::iter::repeat_n("MEDIUM", 29)).chain(["HIGH"; 2]).enumerate()
    {
        panel.push_str(&format!("P{i},2017-07-04,F,WBRI,2003-05-01,{risk},CIN\n"));
    }
    f.write("cse_panel.csv", panel);
    // Plans at 31 March: 27 neglect, 8 emotional, 26 physical, 1 sexual, 1 multiple = 63. The
    // two c cells would sum to 63 − 27 − 8 − 26 = 2, and neither can be 0.
    let mut plans = String::from("LAchildID,CPPstartDate,CPPendDate,InitialCategoryOfAbuse,NumberOfPreviousCPP\n");
    let categories = [("NEG", 27), ("EMO", 8), ("PHY", 26), ("SAB", 1), ("MUL", 1)];
    let mut n = 0;
    for (code, count) in categories {
        for _ in 0..count {
            n += 1;
            plans.push_str(&format!("K{n},2017-06-01,,{code},0\n"));
        }
    }
    f.write("cp_plans.csv", plans);
    // 100 referrals, 97 with no further action: 3 were not, by subtraction.
    let mut referrals = String::from("LAchildID,CINreferralDate,ReferralNFA,CINclosureDate\n");
    for i in 0..100 {
        referrals.push_str(&format!("R{i},2017-05-01,{},2017-05-02\n", i >= 3));
    }
    f.write("referrals.csv", referrals);
    // 109 sessions planned, 104 delivered, 5 cancelled: sessions disclose no one.
    let mut sessions = String::from("SessionID,CourseTitle,SessionDate,Status\n");
    for i in 0..109 {
        sessions.push_str(&format!(
            "S{i},Course {},2017-09-12,{}\n",
            i % 7,
            if i < 5 { "CANCELLED" } else { "DELIVERED" }
        ));
    }
    f.write("training_sessions.csv", sessions);
    f.write("training_attendance.csv", "SessionID,DelegateID,Agency,Attendance\nS10,D1,Police,ATTENDED\n");
    // A partner's 3, stored by a spreadsheet as 2.9999999999999996; and a month's notices,
    // marked as disclosing no one.
    f.write(
        "measures.csv",
        "Section,Measure,Period,Value,Unit,Subject\nChild deaths,Reviews,2017-18,2.9999999999999996,count,\nPolice enforcement,Notices,2017-05,2,count,EVENTS\n",
    );
    f
}

#[test]
fn each_leak_the_issue_found_is_closed() {
    let f = leaks();
    let (_out, folder, audit) = build_public(f.path());
    let figs = public_figures(&folder);
    let y = "2017-18";
    // The panel: high risk is c, and so is at least one other level, so 46 − the rest is not 2.
    assert_eq!(value(&figs, "cse.risk.high", y), "c");
    let others = ["cse.risk.low", "cse.risk.medium", "cse.risk.not_recorded"].map(|id| value(&figs, id, y));
    assert!(others.iter().any(|v| v == "c"), "{others:?}");
    // Plans: the two small categories and enough others are c.
    let cats = ["neg", "emo", "phy", "sab", "mul"].map(|c| value(&figs, &format!("cp.at_31_march.category.{c}"), y));
    assert_eq!((cats[3].as_str(), cats[4].as_str()), ("c", "c"));
    assert!(cats.iter().filter(|v| *v == "c").count() >= 3, "{cats:?}");
    // Referrals: 97 NFA of 100 would show 3 not NFA; the 97 (and its share) are hidden.
    assert_eq!(value(&figs, "referrals.total", y), "100");
    assert_eq!((value(&figs, "referrals.nfa.pct", y).as_str()), "c");
    // Sessions are shown, however few are cancelled.
    let sessions = ["planned", "delivered", "cancelled"].map(|s| value(&figs, &format!("training.sessions.{s}"), y));
    assert_eq!(sessions, ["109", "104", "5"]);
    // One child's age is never published; a spreadsheet's 3 is a small count; notices are shown.
    assert_eq!((value(&figs, "cse.age.min", y), value(&figs, "cse.age.max", y)), ("c".into(), "c".into()));
    assert_eq!(value(&figs, "measure.child_deaths.reviews", y), "c");
    assert_eq!(value(&figs, "measure.police_enforcement.notices", "2017-05"), "2");
    assert_nothing_recoverable(&audit, &folder, "the leaks");
    // The report says a small count as the DfE does.
    let html = std::fs::read_to_string(folder.join("report.html")).unwrap();
    assert!(html.contains(">fewer than 6</data>"), "prose says fewer than 6");
}

#[test]
fn public_and_internal_builds_into_one_folder_stay_apart() {
    let f = Fixture::new();
    let out = tempfile::tempdir().unwrap();
    let (data, dir) = (f.path().to_str().unwrap(), out.path().to_str().unwrap());
    safeguard(["build", "--data", data, "--out", dir]).expect_code(0).expect("wrote the public report to");
    let public = out.path().join("testshire-2017-18");
    let before = std::fs::read(public.join("figures.csv")).unwrap();
    safeguard(["build", "--data", data, "--out", dir, "--edition", "internal"])
        .expect_code(0)
        .expect("wrote the internal report (not for publication");
    let internal = out.path().join("testshire-2017-18-internal");
    assert_eq!(std::fs::read(public.join("figures.csv")).unwrap(), before, "the public folder is untouched");
    for name in ["report-internal.html", "figures-internal.csv", "figures-internal.json", "manifest.json"] {
        assert!(internal.join(name).exists(), "{name}");
    }
    assert!(!internal.join("figures.csv").exists() && !public.join("figures-internal.csv").exists());
    let first_line = |p: PathBuf| std::fs::read_to_string(p).unwrap().lines().next().unwrap().to_string();
    assert!(first_line(internal.join("figures-internal.csv")).starts_with("# Internal edition: not for publication"));
    let html = std::fs::read_to_string(internal.join("report-internal.html")).unwrap();
    assert!(html.lines().take(3).any(|l| l.contains("Internal edition: not for publication")));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(internal.join("figures-internal.json")).unwrap()).unwrap();
    assert_eq!(json["edition"], "internal");
    // A folder holding one edition is never replaced by the other, whatever it is called.
    std::fs::remove_dir_all(&public).unwrap();
    std::fs::rename(&internal, &public).unwrap();
    safeguard(["build", "--data", data, "--out", dir, "--quiet"])
        .expect_code(3)
        .expect("it holds the internal edition, which a public build does not replace");
    assert!(public.join("report-internal.html").exists(), "left as it was");
}
