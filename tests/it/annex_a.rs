//! Ofsted's Annex A workbook, read as an authority prepares it: lists 1 to 3 as the contract's
//! contacts, early help and referrals, with Annex A's labelled codes and Excel dates; figures
//! worked by hand, the fields Annex A lacks `x` (never 0), stocks never taken from lists of what
//! began, and every problem named by sheet row and column without an identifier.
//!
//! The workbooks are written here with rust_xlsxwriter, in Annex A's layout (a sheet per list,
//! headings in row 1, the child's characteristics first).

use crate::util::{safeguard, validate, values};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};
use std::path::Path;

/// A cell of a list: text, an Excel date, or nothing.
#[derive(Clone, Copy)]
enum Cell<'a> {
    T(&'a str),
    D(u16, u8, u8),
    N,
}
use Cell::{D, N, T};

const FIRST: [&str; 5] = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age"];

type Sheet<'a> = (&'a str, Vec<&'a str>, Vec<Vec<Cell<'a>>>);

fn workbook(path: &Path, sheets: &[Sheet]) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let dates = Format::new().set_num_format("dd/mm/yyyy");
    for (name, headings, rows) in sheets {
        let ws = book.add_worksheet().set_name(*name)?;
        for (j, h) in headings.iter().enumerate() {
            ws.write_string(0, j as u16, *h)?;
        }
        for (i, row) in rows.iter().enumerate() {
            for (j, cell) in row.iter().enumerate() {
                let (r, c) = (i as u32 + 1, j as u16);
                match *cell {
                    T(s) => {
                        ws.write_string(r, c, s)?;
                    }
                    D(y, m, d) => {
                        ws.write_datetime_with_format(r, c, &ExcelDateTime::from_ymd(y, m, d)?, &dates)?;
                    }
                    N => {}
                }
            }
        }
    }
    book.save(path)
}

fn headings<'a>(rest: &[&'a str]) -> Vec<&'a str> {
    FIRST.iter().copied().chain(rest.iter().copied()).collect()
}

/// The child's five cells, then the list's own.
fn row<'a>(id: &'a str, rest: &[Cell<'a>]) -> Vec<Cell<'a>> {
    let mut v = vec![T(id), T("b) Female"), T("a) WBRI"), D(2010, 5, 1), T("7.9")];
    v.extend_from_slice(rest);
    v
}

/// 2017-18, by hand. List 1: five contacts from 1 April 2017 to 31 March 2018, two from the
/// police (`q) 6: Police`, and `6` as typed), one from a school (`e) 2A: Schools`), one from
/// a GP, one with no source; the 29 July contact's date is typed as text. List 2: three early
/// help assessments begun in the year, one completed. List 3: four referrals, one NFA. A List 8
/// (read by no figure) and a guidance sheet.
fn lists() -> Vec<Sheet<'static>> {
    vec![
        ("Guidance", vec!["Read me"], vec![vec![T("Annex A lists for the inspection")]]),
        (
            "List 1",
            headings(&["Date of Contact", "Contact Source"]),
            vec![
                row("K1", &[D(2017, 4, 1), T("q) 6: Police")]),
                row("K2", &[D(2017, 6, 12), T("e) 2A: Schools")]),
                row("K1", &[T("29/07/2017"), T("6")]),
                row("K3", &[D(2017, 11, 3), T("g) 3A: Health services")]),
                row("K4", &[D(2018, 3, 31), N]),
            ],
        ),
        (
            "List 2",
            headings(&["Assessment start date", "Assessment completion date", "Organisation completing assessment"]),
            vec![
                row("K5", &[D(2017, 4, 10), D(2017, 9, 1), T("Early Help Locality 1")]),
                row("K6", &[D(2017, 10, 2), N, T("Top Town Academy")]),
                row("K7", &[D(2018, 3, 20), N, T("Early Help Locality 2")]),
            ],
        ),
        (
            "List 3",
            headings(&[
                "Date of Referral",
                "Referral Source",
                "Referral NFA?",
                "Number of Referrals in Last 12 Months",
            ]),
            vec![
                row("K1", &[D(2017, 4, 2), T("q) 6: Police"), T("No"), T("0")]),
                row("K2", &[D(2017, 6, 13), T("e) 2A: Schools"), T("Yes"), T("1")]),
                row("K3", &[D(2017, 11, 4), T("g) 3A: Health services"), T("No"), T("0")]),
                row("K8", &[D(2018, 3, 30), T("s) 8: Other"), T("No"), T("2")]),
            ],
        ),
        ("List 8", headings(&["Date Started to be Looked After"]), vec![]),
    ]
}

fn folder_with(sheets: &[Sheet]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    workbook(&dir.path().join("Annex_A.xlsx"), sheets).unwrap();
    dir
}

#[test]
fn an_annex_a_workbook_is_read_list_by_list_and_every_sheet_accounted_for() {
    // Before: "Annex A workbooks are not read yet".
    let dir = folder_with(&lists());
    validate(dir.path())
        .expect_code(0)
        .expect("  Annex_A.xlsx: Ofsted Annex A, financial year 2017-18 held whole\n")
        .expect("    read as contacts.csv (contacts to the children's social care front door (local; Ofsted Annex A list 1)), 5 rows\n")
        .expect("    read as early_help.csv (early help assessments (local; Ofsted Annex A list 2)), 3 rows\n")
        .expect("    read as referrals.csv (children in need episodes (CIN census CINdetails)), 4 rows\n")
        .expect("warning: Annex_A.xlsx: List 8 (children looked after) is not used yet")
        .expect("warning: Annex_A.xlsx: sheet `Guidance` is not one of Annex A's lists and was not read")
        .expect("0 errors, 2 warnings");
}

#[test]
fn an_annex_a_workbook_gives_its_years_figures_by_hand_and_x_for_what_it_lacks() {
    let dir = folder_with(&lists());
    let figs = values(dir.path());
    let get = |id: &str| figs.get(&(id.to_string(), "2017-18".to_string())).map(String::as_str);
    // List 1: five contacts, four children (K1 twice); sources recorded on four: police 2
    // (`q) 6: Police` and `6`), 2A 1, 3A 1; K4's none.
    assert_eq!(get("contacts.total"), Some("5"));
    assert_eq!(get("contacts.children"), Some("4"));
    assert_eq!(get("contacts.source.recorded"), Some("4"));
    assert_eq!(get("contacts.source.6"), Some("2"));
    assert_eq!(get("contacts.source.6.pct"), Some("50.0"));
    assert_eq!(get("contacts.source.2a"), Some("1"));
    assert_eq!(get("contacts.source.not_recorded"), Some("1"));
    // Annex A has no contact outcome and no level of need: not available, never 0.
    assert_eq!(get("contacts.outcome.referral"), Some("x"));
    assert_eq!(get("contacts.screened"), Some("x"));
    assert_eq!(get("contacts.level.5"), Some("x"));
    // List 2: three assessments begun. What was open on 31 March cannot be told from a list
    // of what began (one begun in 2016-17 and still open would be missing).
    assert_eq!(get("early_help.started"), Some("3"));
    assert_eq!(get("early_help.open_at_31_march"), Some("x"));
    // List 3: four referrals, K2's NFA: 1 of 4 = 25.0%. Re-referrals look back 12 months,
    // before the list began: x. Children in need at 31 March: no closure dates, x.
    assert_eq!(get("referrals.total"), Some("4"));
    assert_eq!(get("referrals.nfa"), Some("1"));
    assert_eq!(get("referrals.nfa.pct"), Some("25.0"));
    assert_eq!(get("referrals.rereferral_12m"), Some("x"));
    assert_eq!(get("cin.at_31_march"), Some("x"));
    // No other year is held: 2016-17 is x, not 0.
    assert_eq!(figs.get(&("contacts.total".to_string(), "2016-17".to_string())).map(String::as_str), Some("x"));
}

#[test]
fn a_list_that_holds_no_financial_year_whole_is_checked_but_not_used() {
    // Annex A usually lists the months before an inspection: here, September to March. Its
    // contacts would undercount 2017-18, so they give no figure, and validate says why.
    let mut sheets = lists();
    sheets[1].2 = vec![row("K1", &[D(2017, 9, 14), T("6")]), row("K2", &[D(2018, 3, 31), T("6")])];
    let dir = folder_with(&sheets);
    validate(dir.path()).expect_code(0).expect(
        "warning: Annex_A.xlsx: List 1's contacts run from 14 September 2017 to 31 March 2018, which holds no financial year (1 April to 31 March) whole",
    );
    let figs = values(dir.path());
    assert_eq!(figs.get(&("contacts.total".to_string(), "2017-18".to_string())).map(String::as_str), Some("x"));
    assert_eq!(figs.get(&("referrals.total".to_string(), "2017-18".to_string())).map(String::as_str), Some("4"));
}

#[test]
fn bad_cells_are_named_by_sheet_row_and_column_without_an_identifier() {
    let mut sheets = lists();
    // Row 3 of List 1: a date that is not one, for a child whose id must not be quoted.
    sheets[1].2[1] = row("ZQ99", &[T("next Tuesday"), T("q) 99: Martians")]);
    let dir = folder_with(&sheets);
    let run = validate(dir.path());
    run.expect_code(1)
        .expect("error: Annex_A.xlsx, line 3, column F (List 1: Date of Contact): `next Tuesday` is not a date")
        .expect("Annex_A.xlsx, line 3, column G (List 1: Contact Source)")
        .expect_not("ZQ99");
    // A list without a column the contract needs says which.
    let mut sheets = lists();
    sheets[3].1 = headings(&["Date of Referral", "Referral Source", "NFA", "Number of Referrals in Last 12 Months"]);
    let dir = folder_with(&sheets);
    validate(dir.path()).expect_code(1).expect("List 3 has no column for `ReferralNFA` (heading `referralnfa`");
    // A missing list is named.
    let sheets: Vec<Sheet> = lists().into_iter().filter(|s| s.0 != "List 2").collect();
    let dir = folder_with(&sheets);
    validate(dir.path()).expect_code(0).expect("warning: Annex_A.xlsx: has no sheet List 2 (early help assessments)");
}

#[test]
fn a_file_named_xlsx_that_is_no_workbook_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Annex_A.xlsx"), "Child Unique ID,Date of Contact\nK1,01/04/2017\n").unwrap();
    validate(dir.path())
        .expect_code(1)
        .expect("Annex_A.xlsx: cannot be read as an Excel workbook (.xlsx)")
        .expect_not("K1");
}

#[test]
fn synths_annex_a_gives_the_extracts_figures_for_its_year() {
    // synth --returns writes the reporting year's Annex A (annex-a/2017-18/Annex_A_2017-18.xlsx),
    // cut from the extract. Every figure it gives equals the extract's; the rest are x.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    safeguard(["synth", "--out", d, "--seed", "5", "--scale", "0.3", "--returns"]).expect_code(0);
    let annex = dir.path().join("annex-a");
    let (full, from_annex) = (values(dir.path()), values(&annex));
    let mut compared = 0;
    for ((id, period), v) in from_annex.iter().filter(|(_, v)| *v != "x") {
        assert_eq!(Some(v), full.get(&(id.clone(), period.clone())), "{id} {period}");
        assert_eq!(period, "2017-18", "{id}");
        compared += 1;
    }
    assert!(compared >= 40, "{compared} figures compared");
    for id in ["contacts.total", "early_help.started", "referrals.total"] {
        assert_ne!(from_annex.get(&(id.to_string(), "2017-18".to_string())).map(String::as_str), Some("x"), "{id}");
    }
}
