//! `build --previous` (issue 15): last year's report, built from an older extract, beside this
//! year's; every figure of an earlier year whose published value changed is listed with its
//! size and likely reason, in the report and in figures.json.

use crate::util::{safeguard, sample_copy};
use serde_json::Value;
use sha2::Digest;
use std::path::{Path, PathBuf};

/// The sample as last year's extract held it: 40 contacts of March 2017 that ended with no
/// further action had not been recorded yet, and the population estimate for 2016-17 was
/// 111,631, 500 below today's 112,131.
fn older_extract() -> tempfile::TempDir {
    let data = sample_copy();
    let contacts = data.path().join("contacts.csv");
    let text = std::fs::read_to_string(&contacts).unwrap();
    let mut dropped = 0;
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let late = f.len() == 6 && f[2].starts_with("2017-03-") && f[5] == "NFA" && dropped < 40;
            dropped += usize::from(late);
            !late
        })
        .collect();
    assert_eq!(dropped, 40);
    std::fs::write(&contacts, kept.join("\n") + "\n").unwrap();
    let population = data.path().join("population.csv");
    let text = std::fs::read_to_string(&population).unwrap();
    assert!(text.contains("\n2016,112131,"));
    std::fs::write(&population, text.replace("\n2016,112131,", "\n2016,111631,")).unwrap();
    data
}

fn build(data: &Path, out: &Path, extra: &[&str]) -> crate::util::Run {
    let mut args = vec!["build", "--quiet", "--data", data.to_str().unwrap(), "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    safeguard(args)
}

fn last_years_report(data: &Path, edition: &str) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    build(data, out.path(), &["--year", "2016-17", "--edition", edition]).expect_code(0);
    let name = if edition == "internal" { "northshire-2016-17-internal" } else { "northshire-2016-17" };
    let folder = out.path().join(name);
    (out, folder)
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/sample")
}

fn revised<'a>(revisions: &'a Value, id: &str) -> Option<&'a Value> {
    revisions["revised"].as_array().unwrap().iter().find(|r| r["indicator"] == id && r["period"] == "2016-17")
}

#[test]
fn a_report_built_beside_last_years_lists_each_revised_figure_with_its_size_and_reason() {
    let old = older_extract();
    let (_prev, previous) = last_years_report(old.path(), "public");
    let out = tempfile::tempdir().unwrap();
    build(&sample(), out.path(), &["--previous", previous.to_str().unwrap()]).expect_code(0);
    let folder = out.path().join("northshire-2017-18");
    let json: Value = serde_json::from_str(&std::fs::read_to_string(folder.join("figures.json")).unwrap()).unwrap();
    let r = &json["revisions"];
    assert_eq!(r["reporting_year"], "2016-17");

    // 40 contacts more in 2016-17 than last year's extract held.
    let total = revised(r, "contacts.total").expect("contacts.total is revised");
    let (then, now): (f64, f64) =
        (total["published"].as_str().unwrap().parse().unwrap(), total["now"].as_str().unwrap().parse().unwrap());
    assert_eq!(now - then, 40.0);
    assert_eq!((total["change"].as_str(), total["reason"].as_str()), (Some("+40"), Some("records_changed")));
    let nfa = revised(r, "contacts.outcome.nfa").expect("the 40 ended with no further action");
    assert_eq!(nfa["change"], "+40");
    // The population estimate, 111,631 then and 112,131 now; a rate over it, the same
    // children over a larger population.
    let population = revised(r, "population.0_17").expect("the population estimate is revised");
    assert_eq!(
        (population["published"].as_str(), population["now"].as_str(), population["change"].as_str()),
        (Some("111631"), Some("112131"), Some("+500"))
    );
    assert_eq!(population["reason"], "population_revised");
    // Looked-after children per 10,000 in 2016-17: 660 (say) / 111,631 × 10,000 then, over
    // 112,131 now: lower by 0.4% of itself, so down by at most 0.3 at a rate near 59.
    let rate = revised(r, "lac.at_31_march.rate").expect("the looked-after rate is revised");
    assert_eq!(rate["reason"], "denominator_revised");
    assert!(rate["change"].as_str().unwrap().starts_with('-'), "{rate}");

    // Nothing else changed: every revision is of contacts, the population, or a share or rate
    // built on one of them; looked-after and child protection counts stand.
    for v in r["revised"].as_array().unwrap() {
        let id = v["indicator"].as_str().unwrap();
        let followed = v["reason"] == "followed_longer";
        let built_on =
            id.starts_with("contacts.") || id.starts_with("population.") || id.ends_with(".rate") || followed;
        assert!(built_on, "{id} should not be revised: {v}");
        assert_ne!(v["published"], v["now"], "a revision changes the published value");
    }
    assert!(revised(r, "lac.at_31_march").is_none() && revised(r, "cp.at_31_march").is_none());
    let inputs: Vec<&str> = r["inputs"].as_array().unwrap().iter().map(|i| i["file"].as_str().unwrap()).collect();
    assert_eq!(inputs, ["contacts.csv", "population.csv"], "only those files differ");

    // The manifest records what the revisions were worked against, by its hash.
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("manifest.json")).unwrap()).unwrap();
    let bytes = std::fs::read(previous.join("figures.json")).unwrap();
    let sha256: String = sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(manifest["previous"]["sha256"].as_str(), Some(sha256.as_str()));
    assert_eq!(manifest["previous"]["reporting_year"], "2016-17");

    // The report's section names each, under its own heading.
    let html = std::fs::read_to_string(folder.join("report.html")).unwrap();
    let at = html.find("id=\"revisions\"").expect("a revisions section");
    let section = &html[at..];
    assert!(section.contains("Revisions since last year"));
    for id in ["contacts.total", "contacts.outcome.nfa", "population.0_17", "lac.at_31_march.rate"] {
        assert!(section.contains(&format!("({id})")), "{id} named in the section");
    }
    assert!(section.contains("the population estimate was revised"));
}

#[test]
fn without_previous_there_is_no_revisions_section_and_with_the_same_data_nothing_is_revised() {
    let out = tempfile::tempdir().unwrap();
    build(&sample(), out.path(), &[]).expect_code(0);
    let folder = out.path().join("northshire-2017-18");
    assert!(!std::fs::read_to_string(folder.join("report.html")).unwrap().contains("id=\"revisions\""));
    assert!(!std::fs::read_to_string(folder.join("figures.json")).unwrap().contains("\"revisions\""));

    let (_prev, previous) = last_years_report(&sample(), "public");
    let out = tempfile::tempdir().unwrap();
    build(&sample(), out.path(), &["--previous", previous.join("figures.json").to_str().unwrap()]).expect_code(0);
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("northshire-2017-18/figures.json")).unwrap())
            .unwrap();
    let r = &json["revisions"];
    // Only the figures that follow children after the year: last year's report could follow
    // those whose early help ended in 2016-17 only to 31 March 2017.
    for v in r["revised"].as_array().unwrap() {
        assert!(v["indicator"].as_str().unwrap().starts_with("early_help.ended."), "{v}");
        assert_eq!(v["reason"], "followed_longer", "{v}");
    }
    assert!(r["compared"].as_u64().unwrap() > 2000, "every earlier year's figure compared");
    let html = std::fs::read_to_string(out.path().join("northshire-2017-18/report.html")).unwrap();
    assert!(html.contains("more of the time after the year shows now"));
}

#[test]
fn last_years_figures_that_cannot_be_compared_are_refused_naming_the_file() {
    let (_prev, internal) = last_years_report(&sample(), "internal");
    let out = tempfile::tempdir().unwrap();
    build(&sample(), out.path(), &["--previous", internal.to_str().unwrap()])
        .expect_code(1)
        .expect("figures-internal.json")
        .expect("is the internal edition's figures, and this is the public edition");
    assert!(std::fs::read_dir(out.path()).unwrap().next().is_none(), "nothing written");

    // The same year is not last year.
    let (_same, this_year) = {
        let o = tempfile::tempdir().unwrap();
        build(&sample(), o.path(), &[]).expect_code(0);
        let f = o.path().join("northshire-2017-18");
        (o, f)
    };
    build(&sample(), out.path(), &["--previous", this_year.to_str().unwrap()])
        .expect_code(1)
        .expect("is for 2017-18, not a year before 2017-18");

    // Broken JSON: the line, and nothing of the file's contents.
    let broken = tempfile::tempdir().unwrap();
    std::fs::write(broken.path().join("figures.json"), "{\n  \"edition\": \"public\",\n  \"area\": 1234567890\n}\n")
        .unwrap();
    let said = build(&sample(), out.path(), &["--previous", broken.path().to_str().unwrap()]);
    said.expect_code(1).expect("figures.json, line 3").expect("not a safeguard figures or manifest file");
    assert!(!said.all().contains("1234567890"), "the file's contents are not quoted:\n{}", said.all());

    // No such folder: a usage error.
    build(&sample(), out.path(), &["--previous", "/no/such/report"]).expect_code(2).expect("--previous");
}
