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

/// LibreOffice's `soffice`, if this machine has it ($SOFFICE, or on the PATH).
fn soffice() -> Option<String> {
    let program = std::env::var("SOFFICE").unwrap_or_else(|_| "soffice".into());
    let runs = std::process::Command::new(&program).arg("--version").output().is_ok_and(|o| o.status.success());
    runs.then_some(program)
}

/// Runs a headless conversion of `file` into `out` in a profile of its own, so that a
/// LibreOffice the user has open does not take the job; what soffice printed.
fn convert(soffice: &str, to: &str, file: &Path, out: &Path) -> String {
    let profile = tempfile::tempdir().unwrap();
    let run = std::process::Command::new(soffice)
        .arg(format!("-env:UserInstallation=file://{}", profile.path().display()))
        .args(["--headless", "--convert-to", to, "--outdir"])
        .arg(out)
        .arg(file)
        .output()
        .expect("soffice runs");
    let said = format!("{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
    assert!(run.status.success(), "soffice --convert-to {to} failed:\n{said}");
    said
}

#[test]
fn libreoffice_opens_the_workbook_and_reads_the_same_cells() {
    let Some(soffice) = soffice() else {
        let required = std::env::var("SAFEGUARD_LIBREOFFICE_TESTS").is_ok_and(|v| v == "required");
        assert!(!required, "the LibreOffice check is required but there is no soffice");
        eprintln!("SKIPPED the LibreOffice check: no soffice (apt-get install libreoffice-calc-nogui)");
        return;
    };
    let (_out, folder) = build("public");
    let path = folder.join("figures.xlsx");
    let converted = tempfile::tempdir().unwrap();
    // Every sheet as CSV (the 12th filter token, -1), values as stored rather than as shown
    // (the 9th, false): a second reader's view of every cell.
    let csv = "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,false,-1";
    let said = convert(&soffice, csv, &path, converted.path());

    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let names = book.sheet_names();
    let written: Vec<&str> =
        said.lines().filter_map(|l| l.strip_prefix("Writing sheet ")).filter_map(|l| l.split(" -> ").next()).collect();
    assert_eq!(written, names, "LibreOffice finds the same sheets in the same order:\n{said}");

    for name in &names {
        let file = converted.path().join(format!("figures-{name}.csv"));
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_path(&file).unwrap();
        let theirs: Vec<Vec<String>> = reader.records().map(|r| trimmed(r.unwrap().iter().map(String::from))).collect();
        let range = book.worksheet_range(name).unwrap();
        // calamine's range starts at the first used cell, A1 on every sheet of ours.
        assert_eq!(range.start(), Some((0, 0)), "{name} starts in A1");
        let ours: Vec<Vec<String>> = range.rows().map(|r| trimmed(r.iter().map(text))).collect();
        assert_eq!(
            theirs.len(),
            ours.len(),
            "{name}: LibreOffice reads {} rows, calamine {}",
            theirs.len(),
            ours.len()
        );
        for (k, (a, b)) in theirs.iter().zip(&ours).enumerate() {
            assert!(same_cells(a, b), "{name}, row {}: LibreOffice reads {a:?}, calamine {b:?}", k + 1);
        }
    }

    // Printed by LibreOffice and drawn by pdf.js: a picture of the cover and of one table sheet,
    // kept in test-artefacts/ for a reader to look at.
    let pdf_dir = tempfile::tempdir().unwrap();
    convert(&soffice, "pdf", &path, pdf_dir.path());
    let pdf = pdf_dir.path().join("figures.pdf");
    assert!(std::fs::metadata(&pdf).is_ok_and(|m| m.len() > 10_000), "LibreOffice printed the workbook");
    let browser = Path::new(&std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())).exists()
        && root().join("tests/browser/node_modules/pdfjs-dist").is_dir();
    if !browser {
        eprintln!("SKIPPED the workbook's pictures: no Chromium or no npm packages (npm ci --prefix tests/browser)");
        return;
    }
    let artefacts = root().join("test-artefacts");
    std::fs::create_dir_all(&artefacts).unwrap();
    let run = std::process::Command::new("node")
        .arg(root().join("tests/browser/shoot-pdf.mjs"))
        .arg(&pdf)
        .arg(&artefacts)
        .arg("workbook-cover=Northshire Safeguarding Children Partnership: figures")
        .arg("workbook-contacts=Contacts and referrals: figures, 2017-18")
        .output()
        .expect("node runs");
    let said = format!("{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
    assert!(run.status.success(), "{said}");
    assert!(said.contains("workbook-cover: page 1 of"), "the cover is the first page printed: {said}");
    for picture in ["workbook-cover.png", "workbook-contacts.png"] {
        let kept = std::fs::metadata(artefacts.join(picture)).is_ok_and(|m| m.len() > 10_000);
        assert!(kept, "{picture} is kept in test-artefacts/");
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A row without the empty cells LibreOffice pads it with to the sheet's width.
fn trimmed(cells: impl Iterator<Item = String>) -> Vec<String> {
    let mut row: Vec<String> = cells.collect();
    while row.last().is_some_and(|c| c.is_empty()) {
        row.pop();
    }
    row
}

/// Cells read alike: the same text, or the same number however each reader writes it.
fn same_cells(a: &[String], b: &[String]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x == y || matches!((x.parse::<f64>(), y.parse::<f64>()), (Ok(p), Ok(q)) if (p - q).abs() < 1e-9)
        })
}
