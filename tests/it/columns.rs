//! Columns a file lacks, or leaves empty for a year: the figures built on them are `x` there,
//! and the report and figures.json say which column, so no reader takes a zero for a fact.

use crate::util::{safeguard, sample_copy};
use std::path::Path;

/// Rewrites one column of a sample file: `f(date, cell)` gives the new cell, or `None` to
/// leave the column out, `date` being the row's `date_column` as written.
fn rewrite(dir: &Path, file: &str, column: &str, date_column: &str, f: impl Fn(&str, &str) -> Option<String>) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (i, d) = (at(column), at(date_column));
    let mut rows = Vec::new();
    let mut dropped = false;
    for rec in reader.records() {
        let mut row: Vec<String> = rec.unwrap().iter().map(str::to_string).collect();
        match f(&row[d], &row[i]) {
            Some(cell) => row[i] = cell,
            None => {
                row.remove(i);
                dropped = true;
            }
        }
        rows.push(row);
    }
    if dropped {
        header.remove(i);
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header).unwrap();
    for row in rows {
        w.write_record(row).unwrap();
    }
    std::fs::write(path, w.into_inner().unwrap()).unwrap();
}

fn build(dir: &Path) -> (tempfile::TempDir, String, String) {
    let out = tempfile::tempdir().unwrap();
    let args = ["build", "--quiet", "--edition", "internal", "--data", dir.to_str().unwrap(), "--out"];
    let mut args: Vec<&str> = args.to_vec();
    args.push(out.path().to_str().unwrap());
    safeguard(&args).expect_code(0);
    let folder = out.path().join("northshire-2017-18-internal");
    let html = std::fs::read_to_string(folder.join("report-internal.html")).unwrap();
    let json = std::fs::read_to_string(folder.join("figures-internal.json")).unwrap();
    (out, html, json)
}

/// (indicator, period) → value shown, from figures.json.
fn value(json: &str, id: &str, period: &str) -> String {
    let doc: serde_json::Value = serde_json::from_str(json).unwrap();
    let row = doc["figures"].as_array().unwrap().iter().find(|f| f["indicator"] == id && f["period"] == period);
    row.unwrap_or_else(|| panic!("no {id} {period}"))["value"].as_str().unwrap().to_string()
}

#[test]
fn an_absent_column_is_named_in_the_report_and_figures_json() {
    // Real 903 files never carry PL_LOCATION: the report said "0 children were placed outside
    // the area's boundary". Now x, with a note naming the file and column.
    let data = sample_copy();
    rewrite(data.path(), "lac_episodes.csv", "PL_LOCATION", "DECOM", |_, _| None);
    let (_out, html, json) = build(data.path());
    assert_eq!(value(&json, "lac.outside_la", "2017-18"), "x");
    assert!(
        html.contains(
            "<code>lac_episodes.csv</code> has no <code>PL_LOCATION</code> column, so these figures are shown as x"
        ),
        "the report's notes do not name the column"
    );
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let gap = doc["data_gaps"].as_array().unwrap().iter().find(|g| g["column"] == "PL_LOCATION").expect("a gap");
    assert_eq!(gap["file"], "lac_episodes.csv");
    assert!(gap["empty_in"].as_array().unwrap().is_empty());
}

#[test]
fn a_column_empty_for_one_year_is_x_for_that_year_only() {
    // The sample's contacts of 2014-15 lose their level of need (an authority that stopped
    // recording it for a year): the level-of-need table showed 0 at every level beside
    // thousands of contacts. Now 2014-15's levels are x; the other years are still counted.
    let data = sample_copy();
    let in_2014_15 = |date: &str| ("2014-04-01".."2015-04-01").contains(&date);
    let cleared = |date: &str, cell: &str| Some(if in_2014_15(date) { String::new() } else { cell.to_string() });
    rewrite(data.path(), "contacts.csv", "LevelOfNeed", "ContactDate", cleared);
    let (_out, html, json) = build(data.path());
    assert_ne!(value(&json, "contacts.total", "2014-15"), "x");
    assert_eq!(value(&json, "contacts.level.4", "2014-15"), "x");
    assert_ne!(value(&json, "contacts.level.4", "2015-16"), "x");
    assert!(html.contains("leaves <code>LevelOfNeed</code> empty in 2014-15"), "the report's notes do not say so");
}
