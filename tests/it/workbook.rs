//! `figures.xlsx` (issue 15), read back with calamine: the Analysis Function's layout (cover,
//! contents, notes, then one table per sheet with its title in A1), tables marked as tables,
//! no merged cells, numbers stored as numbers, and every figure of figures.csv once.

use crate::util::safeguard;
use calamine::{Data, Reader, Xlsx, open_workbook};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn build(edition: &str) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/sample");
    let (d, o) = (data.to_str().unwrap(), out.path().to_str().unwrap());
    safeguard(["build", "--quiet", "--edition", edition, "--data", d, "--out", o]).expect_code(0);
    let folder = match edition {
        "internal" => out.path().join("northshire-2017-18-internal"),
        _ => out.path().join("northshire-2017-18"),
    };
    (out, folder)
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

#[test]
fn the_workbook_is_laid_out_as_the_analysis_function_asks_and_holds_every_figure() {
    let (_out, folder) = build("public");
    let path = folder.join("figures.xlsx");
    let mut book: Xlsx<_> = open_workbook(&path).expect("figures.xlsx opens");
    let names = book.sheet_names();
    assert_eq!(names[..4], ["Cover", "Contents", "Notes", "Definitions"], "{names:?}");
    assert_eq!(names[4], "The area in context", "then the sections, in the report's order: {names:?}");

    book.load_tables().unwrap();
    for name in &names {
        assert!(book.merge_cells_by_sheet_name(name).unwrap().is_empty(), "{name}: no merged cells");
        let range = book.worksheet_range(name).unwrap();
        assert_eq!(range.start(), Some((0, 0)), "{name} starts in A1");
        let title = range.get_value((0, 0)).unwrap();
        assert!(
            matches!(title, Data::String(t) if t.starts_with(name.split(' ').next().unwrap()) || t.contains("figures")),
            "{name}: a title in A1, not {title:?}"
        );
        let tables = book.table_names_in_sheet(name).len();
        assert_eq!(tables, usize::from(*name != "Cover"), "{name}: one table a sheet (none on the cover)");
    }
    // The contents lists every sheet after itself, in order.
    let contents = book.table_by_name("contents").unwrap();
    let listed: Vec<String> = contents.data().rows().map(|r| text(&r[0])).collect();
    assert_eq!(listed, names[2..], "the contents list each sheet");
    // The notes explain each symbol a cell may hold.
    let notes = book.table_by_name("notes").unwrap();
    let said: Vec<String> = notes.data().rows().map(|r| text(&r[1])).collect();
    for symbol in ["[c]", "[x]", "[z]"] {
        assert!(said.iter().any(|n| n.starts_with(&format!("{symbol} means"))), "{symbol} explained");
    }

    // Every figure of figures.csv appears once, as a number where it is one.
    let csv = std::fs::read_to_string(folder.join("figures.csv")).unwrap();
    let mut want: BTreeMap<(String, String), String> = BTreeMap::new();
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        want.insert((f[0].to_string(), f[1].to_string()), f[2].to_string());
    }
    let mut seen = 0;
    let mut suppressed = 0;
    for name in names.iter().skip(4) {
        let table_name = book.table_names_in_sheet(name)[0].clone();
        let t = book.table_by_name(&table_name).unwrap();
        assert_eq!(t.columns()[..4], ["Indicator id", "Figure", "Period", "Value"], "{name}");
        for row in t.data().rows() {
            let key = (text(&row[0]), text(&row[2]));
            let Some(value) = want.remove(&key) else { panic!("{key:?} on {name} twice, or not in figures.csv") };
            match (&row[3], value.as_str()) {
                (Data::String(s), "c" | "x" | "z") => {
                    assert_eq!(*s, format!("[{value}]"), "{key:?}");
                    suppressed += usize::from(value == "c");
                }
                (Data::Float(f), v) => assert_eq!(*f, v.parse::<f64>().unwrap(), "{key:?} stored as a number"),
                (other, v) => panic!("{key:?}: {other:?} for {v}"),
            }
            // Numerators and denominators are numbers too, where there are any.
            assert!(matches!(row[5], Data::Float(_) | Data::Empty), "{key:?}: {:?}", row[5]);
            seen += 1;
        }
    }
    assert!(want.is_empty(), "figures missing from the workbook: {:?}", want.keys().take(5).collect::<Vec<_>>());
    assert!(seen > 3000 && suppressed > 0, "{seen} figures, {suppressed} suppressed");
}

#[test]
fn the_workbook_is_the_same_file_from_the_same_inputs_and_marks_the_internal_edition() {
    let (_a, first) = build("public");
    let (_b, second) = build("public");
    assert!(std::fs::read(first.join("figures.xlsx")).unwrap() == std::fs::read(second.join("figures.xlsx")).unwrap());
    let manifest = std::fs::read_to_string(first.join("manifest.json")).unwrap();
    assert!(manifest.contains("\"figures.xlsx\""), "listed in the manifest with its hash");

    let (_c, internal) = build("internal");
    let mut book: Xlsx<_> = open_workbook(internal.join("figures-internal.xlsx")).unwrap();
    let cover = book.worksheet_range("Cover").unwrap();
    let lines: Vec<String> = cover.rows().map(|r| text(&r[0])).collect();
    assert!(lines.iter().any(|l| l.contains("not for publication")), "{lines:?}");
}

#[test]
fn the_cover_gives_the_contact_report_toml_names_or_says_there_is_none() {
    let (_out, folder) = build("public");
    let mut book: Xlsx<_> = open_workbook(folder.join("figures.xlsx")).unwrap();
    let cover = book.worksheet_range("Cover").unwrap();
    let lines: Vec<String> = cover.rows().map(|r| text(&r[0])).collect();
    // The sample's report.toml: contact = "Northshire Safeguarding Children Partnership …".
    let contact = lines.iter().find(|l| l.starts_with("Contact: ")).expect("a contact line");
    assert!(contact.contains("partnership@northshire.example"), "{contact}");

    // Without the key, the cover says whom to ask is not given rather than inventing anyone.
    let data = crate::util::sample_copy();
    let toml = std::fs::read_to_string(data.path().join("report.toml")).unwrap();
    let without: String = toml.lines().filter(|l| !l.starts_with("contact")).map(|l| format!("{l}\n")).collect();
    assert_ne!(toml, without, "the sample names a contact");
    std::fs::write(data.path().join("report.toml"), without).unwrap();
    let out = tempfile::tempdir().unwrap();
    let (d, o) = (data.path().to_str().unwrap(), out.path().to_str().unwrap());
    safeguard(["build", "--quiet", "--data", d, "--out", o]).expect_code(0);
    let mut book: Xlsx<_> = open_workbook(out.path().join("northshire-2017-18/figures.xlsx")).unwrap();
    let lines: Vec<String> = book.worksheet_range("Cover").unwrap().rows().map(|r| text(&r[0])).collect();
    assert!(lines.iter().any(|l| l.starts_with("Contact: not given")), "{lines:?}");
}
