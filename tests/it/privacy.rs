//! No identifier, date of birth, UPN or postcode in the input reaches an output or a message,
//! whatever mistake the input holds: every personal column of every file swapped with each
//! other column, files without their header row, and identifiers in the `LEA` column, each
//! run through `validate`, `figures` and a public `build`, and every byte written searched.

use crate::util::safeguard;
use std::collections::BTreeSet;

/// Columns whose every value is personal, by file (the contract's identifiers, dates of
/// birth, UPNs and postcodes).
const PERSONAL: &[&str] = &[
    "LAchildID",
    "CHILD",
    "ContactID",
    "DelegateID",
    "PersonBirthDate",
    "DOB",
    "MC_DOB",
    "UPN",
    "HOME_POST",
    "PL_POST",
];

/// A small area in the DfE's formats, with UPNs and postcodes filled in (synth leaves them
/// empty), as a map of file name → CSV text.
fn area() -> Vec<(String, String)> {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().to_str().unwrap();
    safeguard(["synth", "--out", dir, "--las", "1", "--scale", "0.02", "--years", "2", "--seed", "3"]).expect_code(0);
    let mut files: Vec<(String, String)> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    files.sort();
    for (name, text) in &mut files {
        let fill: &[(&str, fn(usize) -> String)] = match name.as_str() {
            "lac_header.csv" => &[("UPN", |i| format!("A{:012}", 880_000_000_000u64 + i as u64))],
            "lac_episodes.csv" => &[
                ("HOME_POST", |i| format!("NE{}", 20 + i % 70)),
                ("PL_POST", |i| format!("SR{} {}QZ", 1 + i % 9, i % 10)),
            ],
            _ => &[],
        };
        for (column, value) in fill {
            *text = with_column_filled(text, column, *value);
        }
    }
    files
}

fn with_column_filled(text: &str, column: &str, value: fn(usize) -> String) -> String {
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let at = header.split(',').position(|h| h == column).unwrap();
    let mut out = format!("{header}\n");
    for (i, line) in lines.enumerate() {
        let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
        cells[at] = value(i);
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// Every value of a personal column, long enough to search for without chance matches.
fn secrets(files: &[(String, String)]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (_, text) in files {
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let personal: Vec<usize> = (0..header.len()).filter(|&i| PERSONAL.contains(&header[i])).collect();
        for line in lines {
            let cells: Vec<&str> = line.split(',').collect();
            for &i in &personal {
                if cells[i].trim().len() >= 4 {
                    out.insert(cells[i].trim().to_string());
                }
            }
        }
    }
    out
}

/// Runs every command on `files` written to a folder; returns everything they printed and
/// wrote.
fn everything_written(files: &[(String, String)]) -> String {
    let data = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(data.path().join(name), text).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();
    let mut all = String::new();
    // `build` prints everything `validate` would.
    all += &safeguard(["figures", "--data", dir]).all();
    all += &safeguard(["build", "--data", dir, "--out", out.path().to_str().unwrap()]).all();
    for f in crate::util::files_under(out.path()) {
        all += &crate::util::output_text(&f);
    }
    all
}

#[track_caller]
fn assert_nothing_personal(written: &str, secrets: &BTreeSet<String>, mistake: &str) {
    let found: Vec<&String> = secrets.iter().filter(|s| written.contains(s.as_str())).take(3).collect();
    assert!(found.is_empty(), "{mistake}: {} personal values written, e.g. {found:?}", found.len());
}

fn swapped(text: &str, a: usize, b: usize) -> String {
    let (header, rest) = text.split_once('\n').unwrap();
    let mut names: Vec<&str> = header.split(',').collect();
    names.swap(a, b);
    format!("{}\n{rest}", names.join(","))
}

#[test]
fn no_personal_value_is_written_whatever_columns_are_swapped() {
    let files = area();
    let secrets = secrets(&files);
    assert!(secrets.len() > 500, "the area holds personal values to look for");
    assert_nothing_personal(&everything_written(&files), &secrets, "the data as it is");
    let mut mistakes = Vec::new();
    for (f, (name, text)) in files.iter().enumerate() {
        let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
        for p in (0..header.len()).filter(|&i| PERSONAL.contains(&header[i])) {
            for other in (0..header.len()).filter(|&i| i != p) {
                let mut changed = files.clone();
                changed[f].1 = swapped(text, p, other);
                mistakes.push((format!("{name} with {} and {} swapped", header[p], header[other]), changed));
            }
        }
    }
    assert!(mistakes.len() > 100, "{} swaps tried", mistakes.len());
    // Two at a time: each run is a process of its own.
    let half = mistakes.len().div_ceil(2);
    std::thread::scope(|scope| {
        for part in mistakes.chunks(half) {
            let secrets = &secrets;
            scope.spawn(move || {
                for (mistake, changed) in part {
                    assert_nothing_personal(&everything_written(changed), secrets, mistake);
                }
            });
        }
    });
}

#[test]
fn no_personal_value_is_written_from_files_without_a_header_or_with_ids_as_authorities() {
    let files = area();
    let secrets = secrets(&files);
    for (f, (name, text)) in files.iter().enumerate() {
        let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
        // The header row left off: the first record is read as the header.
        let mut changed = files.clone();
        changed[f].1 = text.split_once('\n').unwrap().1.to_string();
        assert_nothing_personal(&everything_written(&changed), &secrets, &format!("{name} without its header"));
        // An identifier column named LEA (an extract with the authority column mislabelled).
        if let Some(p) = (0..header.len()).find(|&i| PERSONAL.contains(&header[i])) {
            let mut names = header.clone();
            names[p] = "LEA";
            let mut changed = files.clone();
            changed[f].1 = format!("{}\n{}", names.join(","), text.split_once('\n').unwrap().1);
            let mistake = format!("{name} with {} named LEA", header[p]);
            assert_nothing_personal(&everything_written(&changed), &secrets, &mistake);
        }
    }
}

#[test]
fn the_search_finds_a_personal_value_where_one_is_written() {
    // The check itself can fail: an id in a published label is found.
    let files = area();
    let secrets = secrets(&files);
    let one = secrets.iter().next().unwrap();
    assert!(std::panic::catch_unwind(|| assert_nothing_personal(&format!("x {one} y"), &secrets, "planted")).is_err());
}

#[test]
fn delegate_ids_under_the_agency_header_stop_the_build_with_an_error_naming_the_column() {
    // The review's case: with DelegateID and Agency swapped, validate said nothing and the
    // public report named 900 delegate ids ("D00153 took the most training places").
    let data = crate::util::sample_copy();
    let path = data.path().join("training_attendance.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("SessionID,DelegateID,Agency,", "SessionID,Agency,DelegateID,", 1)).unwrap();
    let dir = data.path().to_str().unwrap();
    let run = safeguard(["validate", "--data", dir]);
    run.expect_code(1)
        .expect("training_attendance.csv, column B (Agency):")
        .expect("hold what looks like an identifier, UPN, postcode or date (not shown)")
        .expect_not("D00");
    let out = tempfile::tempdir().unwrap();
    safeguard(["build", "--data", dir, "--out", out.path().to_str().unwrap()]).expect_code(1);
    assert!(crate::util::files_under(out.path()).is_empty(), "nothing is written");
}
