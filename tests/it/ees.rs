//! `figures-ees.csv` and its metadata (issue 15) against the rules of the DfE's open data
//! standard for Explore Education Statistics, as its screeners (eesyscreener and the older
//! dfe-published-data-qa) check them. The rules are written out here from the standard, each
//! under the screener's own name, and the last test shows each can fail.
//!
//! Not checked: that a location's codes and name are a real authority's (the screeners look
//! them up; the sample is fictional, and gives `x`, not available, for its ONS code).

use crate::util::safeguard;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Rows = Vec<BTreeMap<String, String>>;

fn read(path: &Path) -> (Vec<String>, Rows) {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let head: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let rows =
        r.records().map(|rec| head.iter().cloned().zip(rec.unwrap().iter().map(String::from)).collect()).collect();
    (head, rows)
}

const TIME: [&str; 2] = ["time_period", "time_identifier"];
const REQUIRED: [&str; 5] = ["geographic_level", "time_period", "time_identifier", "country_code", "country_name"];
const META: [&str; 8] = [
    "col_name",
    "col_type",
    "label",
    "indicator_grouping",
    "indicator_unit",
    "indicator_dp",
    "filter_hint",
    "filter_grouping_column",
];

/// Each level's location columns, as the screeners' geography table gives them.
fn level_columns(level: &str) -> Option<&'static [&'static str]> {
    match level {
        "National" => Some(&[]),
        "Regional" => Some(&["region_code", "region_name"]),
        "Local authority" => Some(&["new_la_code", "la_name", "old_la_code"]),
        _ => None,
    }
}

const GEOGRAPHY: [&str; 7] =
    ["country_code", "country_name", "region_code", "region_name", "new_la_code", "la_name", "old_la_code"];

/// Every rule the pair breaks, by the screener's name.
fn screen(data: &Path, meta: &Path) -> Vec<String> {
    let mut fails = Vec::new();
    let mut fail = |rule: &str, why: String| fails.push(format!("{rule}: {why}"));
    let (head, rows) = read(data);
    let (meta_head, meta_rows) = read(meta);

    // File names.
    let stem = |p: &Path| p.file_name().unwrap().to_string_lossy().into_owned();
    let (d, m) = (stem(data), stem(meta));
    if d.replace(".csv", ".meta.csv") != m {
        fail("check_filenames_match", format!("{d} and {m}"));
    }
    for name in [&d, &m] {
        let bare = name.trim_end_matches(".csv").trim_end_matches(".meta");
        if !bare.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            fail("check_filename_special", name.clone());
        }
    }

    // Data columns.
    for c in REQUIRED {
        if !head.iter().any(|h| h == c) {
            fail("precheck_col_req_data", c.into());
        }
    }
    for h in &head {
        if h.contains(char::is_whitespace) {
            fail("check_col_names_spaces", h.clone());
        }
        if !h.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
            fail("check_col_snake_case", h.clone());
        }
        if h.len() > 50 {
            fail("check_api_char_limit", h.clone());
        }
    }
    if rows.is_empty() {
        fail("file_read", "no rows".into());
    }

    // Geography.
    let levels: BTreeSet<&str> = rows.iter().map(|r| r["geographic_level"].as_str()).collect();
    for level in &levels {
        let Some(cols) = level_columns(level) else {
            fail("precheck_geog_level", level.to_string());
            continue;
        };
        for c in cols {
            if !head.iter().any(|h| h == c) {
                fail("precheck_geog_level_present", format!("{level} rows need {c}"));
            }
        }
    }
    for (i, r) in rows.iter().enumerate() {
        let line = i + 2;
        let own = level_columns(&r["geographic_level"]).unwrap_or(&[]);
        for c in GEOGRAPHY.iter().filter(|c| r.contains_key(**c)) {
            let country = c.starts_with("country");
            let blank = r[*c].is_empty();
            // new_la_code may be blank for an old authority; every other own column is filled.
            if (own.contains(c) || country) && blank && *c != "new_la_code" {
                fail("check_geog_level_completed", format!("line {line}: {c}"));
            }
            let region_for_la = c.starts_with("region") && r["geographic_level"] == "Local authority";
            if !own.contains(c) && !country && !region_for_la && !blank {
                fail("check_geog_overcompleted_cols", format!("line {line}: {c} on a {} row", r["geographic_level"]));
            }
        }
        if r["country_code"] != "E92000001" || r["country_name"] != "England" {
            fail("check_geog_country_combos", format!("line {line}"));
        }
        if let Some(code) = r.get("region_code").filter(|c| *c != "x" && !c.is_empty()) {
            let known = (1..=9).any(|n| *code == format!("E1200000{n}"));
            if !known {
                fail("check_geog_region_combos", format!("line {line}: {code}"));
            }
        }
        if let Some(old) = r.get("old_la_code").filter(|c| !c.is_empty()) {
            if r["geographic_level"] == "Local authority"
                && !(old.len() == 3 && old.bytes().all(|b| b.is_ascii_digit()))
            {
                fail("check_geog_la_combos", format!("line {line}: old_la_code {old}"));
            }
        }
    }

    // Time.
    let ids: BTreeSet<&str> = rows.iter().map(|r| r["time_identifier"].as_str()).collect();
    if ids.len() > 1 {
        fail("precheck_time_id_mix", format!("{ids:?}"));
    }
    for id in &ids {
        let valid = ["Financial year", "Academic year", "Calendar year", "Tax year", "Reporting year"].contains(id);
        if !valid {
            fail("precheck_time_id_valid", id.to_string());
        }
    }
    for (i, r) in rows.iter().enumerate() {
        let t = &r["time_period"];
        if !(t.len() == 6 || t.len() == 4) || !t.bytes().all(|b| b.is_ascii_digit()) {
            fail("precheck_time_period_num", format!("line {}: {t}", i + 2));
        } else if r["time_identifier"] == "Financial year" {
            let consecutive =
                t.len() == 6 && (t[2..4].parse::<u32>().unwrap() + 1) % 100 == t[4..].parse::<u32>().unwrap();
            if !consecutive {
                fail("check_time_period_six", format!("line {}: {t}", i + 2));
            }
        }
    }

    // Metadata.
    if meta_head[..META.len().min(meta_head.len())] != META[..] {
        fail("precheck_col_req_meta", format!("{meta_head:?}"));
    }
    for h in &meta_head {
        if !META.contains(&h.as_str()) && h != "filter_default" && h != "parent_filter" {
            fail("precheck_col_invalid_meta", h.clone());
        }
    }
    let mut names = BTreeSet::new();
    let mut labels = BTreeSet::new();
    for m in &meta_rows {
        let (name, kind) = (&m["col_name"], m["col_type"].as_str());
        if !["Filter", "Indicator"].contains(&kind) {
            fail("precheck_meta_col_type", format!("{name}: {kind}"));
        }
        if name.is_empty() || name.contains(char::is_whitespace) {
            fail("check_meta_col_name_spaces", name.clone());
        }
        if !names.insert(name.clone()) {
            fail("check_meta_col_name_dupe", name.clone());
        }
        if m["label"].is_empty() || !labels.insert(m["label"].clone()) {
            fail("check_meta_dupe_label", format!("{name}: {:?}", m["label"]));
        }
        if GEOGRAPHY.contains(&name.as_str()) || TIME.contains(&name.as_str()) || name == "geographic_level" {
            fail("precheck_meta_ob_unit", name.clone());
        }
        if !head.contains(name) {
            fail("precheck_cross_meta_to_data", name.clone());
        }
        if kind == "Indicator" {
            if !["", "%", "pp", "£", "£m", "numberstring"].contains(&m["indicator_unit"].as_str()) {
                fail("check_meta_ind_unit_validation", name.clone());
            }
            if m["indicator_dp"].parse::<u32>().is_err() {
                fail("check_meta_ind_dp_set", format!("{name}: {:?}", m["indicator_dp"]));
            }
            if !m["filter_hint"].is_empty() || !m["filter_grouping_column"].is_empty() {
                fail("check_meta_filter_hint", name.clone());
            }
        } else {
            if !(m["indicator_dp"].is_empty() && m["indicator_unit"].is_empty() && m["indicator_grouping"].is_empty()) {
                fail("check_meta_indicator_dp", name.clone());
            }
            let group = &m["filter_grouping_column"];
            if !group.is_empty() && !head.contains(group) {
                fail("check_meta_fil_grp_match", format!("{name}: {group}"));
            }
        }
    }
    // Every column that is neither time, geography nor in the metadata is unexplained.
    for h in &head {
        let observational = GEOGRAPHY.contains(&h.as_str()) || TIME.contains(&h.as_str()) || h == "geographic_level";
        if !observational && !names.contains(h) {
            fail("precheck_cross_data_to_meta", h.clone());
        }
    }

    // Cells.
    let filters: Vec<&String> =
        meta_rows.iter().filter(|m| m["col_type"] == "Filter").map(|m| &m["col_name"]).collect();
    let indicators: Vec<&String> =
        meta_rows.iter().filter(|m| m["col_type"] == "Indicator").map(|m| &m["col_name"]).collect();
    for f in &filters {
        let values: BTreeSet<&str> = rows.iter().map(|r| r[*f].as_str()).collect();
        if values.len() < 2 {
            fail("precheck_filter_not_singular", f.to_string());
        }
        if values.iter().any(|v| v.is_empty()) {
            fail("check_filter_blanks", f.to_string());
        }
        if values.iter().any(|v| v.trim() != *v) {
            fail("check_filter_whitespace", f.to_string());
        }
    }
    for (i, r) in rows.iter().enumerate() {
        for c in &indicators {
            let v = r[*c].as_str();
            let symbol = ["c", "x", "z", "low"].contains(&v);
            if !symbol && v.parse::<f64>().is_err() {
                fail("check_ind_invalid_entry", format!("line {}: {c} is {v:?}", i + 2));
            }
        }
        if r.values().any(|v| ["NULL", "Null", "null", "NA", "na"].contains(&v.as_str())) {
            fail("check_general_null", format!("line {}", i + 2));
        }
    }
    let mut seen = BTreeSet::new();
    for (i, r) in rows.iter().enumerate() {
        let key: Vec<&str> = head.iter().filter(|h| !indicators.contains(h)).map(|h| r[h].as_str()).collect();
        if !seen.insert(key) {
            fail("check_general_dupes", format!("line {}", i + 2));
        }
    }
    fails
}

fn build(data: &Path, edition: &str) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let (d, o) = (data.to_str().unwrap(), out.path().to_str().unwrap());
    safeguard(["build", "--quiet", "--edition", edition, "--data", d, "--out", o]).expect_code(0);
    let folder = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| !p.to_string_lossy().ends_with("disclosure-audit"))
        .unwrap();
    (out, folder)
}

/// "2017-18" is a financial year; "2017-04" a month.
fn is_year(period: &str) -> bool {
    let (start, end) = period.split_once('-').unwrap();
    end.len() == 2 && (start[2..].parse::<u32>().unwrap() + 1) % 100 == end.parse::<u32>().unwrap()
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/sample")
}

#[test]
fn the_samples_ees_file_passes_the_standards_rules_and_holds_every_yearly_figure() {
    let (_out, folder) = build(&sample(), "public");
    let (data, meta) = (folder.join("figures-ees.csv"), folder.join("figures-ees.meta.csv"));
    let fails = screen(&data, &meta);
    assert!(fails.is_empty(), "{fails:#?}");

    // Every financial-year figure of figures.csv once, with the same value in its unit's column.
    let (_, ees) = read(&data);
    let (_, figures) = read(&folder.join("figures.csv"));
    fn column(unit: &str) -> &str {
        match unit {
            "count" => "number",
            "pct" => "percent",
            "rate_per_10k" => "rate_per_10000",
            "gbp" => "pounds",
            other => other,
        }
    }
    let yearly: Vec<&BTreeMap<String, String>> = figures.iter().filter(|f| is_year(&f["period"])).collect();
    assert_eq!(ees.len(), yearly.len(), "one row per yearly figure; the months are left out");
    for f in yearly {
        // "2017-18" is time_period 201718.
        let period = f["period"].replace('-', "");
        let row = ees
            .iter()
            .find(|r| r["indicator"] == f["indicator"] && r["time_period"] == period)
            .unwrap_or_else(|| panic!("{} {} not in the EES file", f["indicator"], f["period"]));
        assert_eq!(row[column(&f["unit"])], f["value"], "{} {}", f["indicator"], f["period"]);
        if !f["denominator"].is_empty() {
            assert_eq!(row["denominator"], f["denominator"]);
        }
    }
    // The sample is one authority of the West Midlands, its ONS code not available.
    let r = &ees[0];
    assert_eq!(
        (
            r["geographic_level"].as_str(),
            r["region_code"].as_str(),
            r["old_la_code"].as_str(),
            r["new_la_code"].as_str()
        ),
        ("Local authority", "E12000005", "999", "x")
    );
    let manifest = std::fs::read_to_string(folder.join("manifest.json")).unwrap();
    assert!(manifest.contains("\"figures-ees.csv\"") && manifest.contains("\"figures-ees.meta.csv\""));
}

#[test]
fn several_authorities_give_local_authority_and_regional_rows_that_pass() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path().to_str().unwrap();
    safeguard(["synth", "--out", d, "--las", "3", "--years", "2", "--scale", "0.2", "--seed", "7"]).expect_code(0);
    let (_out, folder) = build(data.path(), "public");
    let (data_file, meta) = (folder.join("figures-ees.csv"), folder.join("figures-ees.meta.csv"));
    let fails = screen(&data_file, &meta);
    assert!(fails.is_empty(), "{fails:#?}");
    let (_, rows) = read(&data_file);
    let levels: BTreeSet<&str> = rows.iter().map(|r| r["geographic_level"].as_str()).collect();
    assert_eq!(levels, BTreeSet::from(["Local authority", "Regional"]));
    let authorities: BTreeSet<&str> =
        rows.iter().map(|r| r["old_la_code"].as_str()).filter(|c| !c.is_empty()).collect();
    assert_eq!(authorities.len(), 3, "{authorities:?}");
}

#[test]
fn the_internal_edition_writes_its_own_pair() {
    let (_out, folder) = build(&sample(), "internal");
    let (data, meta) = (folder.join("figures-ees-internal.csv"), folder.join("figures-ees-internal.meta.csv"));
    assert!(screen(&data, &meta).is_empty());
    let (_, rows) = read(&data);
    assert!(rows.iter().all(|r| r.values().all(|v| v != "c")), "nothing suppressed in the internal edition");
}

#[test]
fn each_rule_of_the_screen_can_fail() {
    let (_out, folder) = build(&sample(), "public");
    let (data, meta) = (folder.join("figures-ees.csv"), folder.join("figures-ees.meta.csv"));
    let text = std::fs::read_to_string(&data).unwrap();
    let meta_text = std::fs::read_to_string(&meta).unwrap();
    let broken = tempfile::tempdir().unwrap();
    let try_with = |data_text: &str, meta_text: &str| {
        let (d, m) = (broken.path().join("figures-ees.csv"), broken.path().join("figures-ees.meta.csv"));
        std::fs::write(&d, data_text).unwrap();
        std::fs::write(&m, meta_text).unwrap();
        screen(&d, &m).join("\n")
    };
    let second_line = text.lines().nth(1).unwrap();
    let cases: Vec<(&str, String, String)> = vec![
        ("check_time_period_six", text.replacen("201314,", "201316,", 1), meta_text.clone()),
        ("precheck_time_period_num", text.replacen("201314,", "2013-14,", 1), meta_text.clone()),
        ("precheck_time_id_mix", text.replacen(",Financial year,", ",Academic year,", 1), meta_text.clone()),
        ("precheck_geog_level", text.replacen(",Local authority,", ",Borough,", 1), meta_text.clone()),
        ("check_ind_invalid_entry", text.replacen(",z,", ",,", 1), meta_text.clone()),
        ("check_geog_region_combos", text.replacen("E12000005", "E12000010", 1), meta_text.clone()),
        ("check_general_dupes", format!("{text}{second_line}\n"), meta_text.clone()),
        ("check_meta_dupe_label", text.clone(), meta_text.replace("Mean", "Number")),
        ("check_meta_ind_unit_validation", text.clone(), meta_text.replace(",%,", ",percent,")),
        (
            "precheck_cross_data_to_meta",
            text.clone(),
            meta_text.lines().filter(|l| !l.starts_with("mean,")).collect::<Vec<_>>().join("\n"),
        ),
        ("precheck_meta_col_type", text.clone(), meta_text.replace(",Indicator,", ",indicator,")),
    ];
    for (rule, d, m) in cases {
        let said = try_with(&d, &m);
        assert!(said.contains(rule), "{rule} should fail:\n{said}");
    }
}

#[test]
fn report_tomls_new_la_code_is_the_authoritys_ons_code_and_is_checked() {
    let data = crate::util::sample_copy();
    let toml = data.path().join("report.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("new_la_code = \"E06000099\"\n{text}")).unwrap();
    let (_out, folder) = build(data.path(), "public");
    let (_, rows) = read(&folder.join("figures-ees.csv"));
    assert!(rows.iter().all(|r| r["new_la_code"] == "E06000099"));

    std::fs::write(&toml, format!("new_la_code = \"999\"\n{text}")).unwrap();
    safeguard(["validate", "--data", data.path().to_str().unwrap()])
        .expect_code(1)
        .expect("new_la_code")
        .expect("nine-character ONS code");
}
