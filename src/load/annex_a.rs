//! Ofsted's Annex A workbook (`.xlsx`, a sheet per list, "List 1" … "List 11"), read with
//! calamine. Lists 1 (contacts), 2 (early help assessments) and 3 (referrals) become rows of
//! `contacts.csv`, `early_help.csv` and `referrals.csv`; each row goes through the CSV row
//! reader, so a cell is checked and reported as a CSV cell is, at its sheet row and column
//! (`Annex_A.xlsx, line 5, column F (List 1: Date of Contact)`). The other lists repeat what the
//! returns hold and are listed as not used yet.
//!
//! An Annex A lists what was begun in the months before an inspection, not what was open when
//! they began: it gives flows for each financial year it holds whole, and no stocks.

use super::keys::{Authorities, Interner, SeenKeys};
use super::row::{Header, Reading, Slot};
use super::table::{Part, Table, Values};
use crate::contract::{FileSpec, Kind, file_spec};
use crate::diagnostics::{ColumnRef, Diagnostics, Problem};
use crate::period::FinancialYear;
use calamine::{DataRef, Reader, Xlsx};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::path::Path;

/// One Annex A list read: its sheet, the contract table it fills and its columns.
struct ListSpec {
    number: u8,
    stem: &'static str,
    what: &'static str,
    /// Heading (normalised: lower case, letters and digits only) → contract column.
    columns: &'static [(&'static str, &'static str)],
    /// The contract column whose dates tell the period the list holds.
    dated_by: &'static str,
}

/// Headings every list has that no figure needs (the child's characteristics are the census's).
const KNOWN: &[&str] = &[
    "gender",
    "sex",
    "ethnicity",
    "dateofbirth",
    "age",
    "ageofchildyears",
    "allocatedteam",
    "allocatedworker",
    "numberofreferralsinlast12months",
    "organisationcompletingassessment",
];

const LISTS: &[ListSpec] = &[
    ListSpec {
        number: 1,
        stem: "contacts",
        what: "contacts",
        columns: &[("dateofcontact", "ContactDate"), ("contactsource", "ContactSource")],
        dated_by: "ContactDate",
    },
    ListSpec {
        number: 2,
        stem: "early_help",
        what: "early help assessments",
        columns: &[("assessmentstartdate", "EHAStartDate"), ("assessmentcompletiondate", "EHAEndDate")],
        dated_by: "EHAStartDate",
    },
    ListSpec {
        number: 3,
        stem: "referrals",
        what: "referrals",
        columns: &[
            ("dateofreferral", "CINreferralDate"),
            ("referralsource", "ReferralSource"),
            ("referralnfa", "ReferralNFA"),
        ],
        dated_by: "CINreferralDate",
    },
];

/// What the lists Annex A has and safeguard does not read yet hold.
const NOT_USED: &[(u8, &str)] = &[
    (4, "assessments"),
    (5, "section 47 enquiries"),
    (6, "children in need"),
    (7, "child protection plans"),
    (8, "children looked after"),
    (9, "care leavers"),
    (10, "adoption"),
    (11, "adopters"),
];

/// How far from a financial year's first and last days a list's dates may begin and end and
/// still hold the year whole (a list has no contacts on a bank holiday).
const SLACK_DAYS: i64 = 14;

fn normalise(heading: &str) -> String {
    heading.chars().filter(char::is_ascii_alphanumeric).flat_map(char::to_lowercase).collect()
}

fn is_child_id(h: &str) -> bool {
    h == "childuniqueid" || (h.starts_with("child") && h.ends_with("id"))
}

/// The list a sheet is (`List 1`, `list 3 - referrals`), if any.
fn list_number(sheet: &str) -> Option<u8> {
    let rest = sheet.trim().to_ascii_lowercase();
    let rest = rest.strip_prefix("list")?.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let after = rest[digits.len()..].chars().next();
    if after.is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    digits.parse().ok()
}

/// Annex A's labelled codes as the contract writes them: `q) 6: Police` → `6`, `a) WBRI` → `WBRI`.
fn code_of(label: &str) -> &str {
    let s = label.trim();
    let s = match s.split_once(')') {
        Some((tag, rest)) if (1..=2).contains(&tag.len()) && tag.bytes().all(|b| b.is_ascii_lowercase()) => rest.trim(),
        _ => s,
    };
    match s.split_once(':') {
        Some((code, _)) if !code.trim().is_empty() && !code.contains(' ') => code.trim(),
        _ => s,
    }
}

/// A date from Excel's serial day number (the 1900 system, as Annex A workbooks are).
fn excel_date(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(chrono::Duration::days(serial.floor() as i64))
}

/// A cell as the CSV reader would have it, for a column of `kind`; text that needs making is
/// made in `buf`.
fn cell_text<'c>(cell: &'c DataRef, kind: Kind, buf: &'c mut String) -> &'c str {
    use std::fmt::Write as _;
    let date = |serial: f64| excel_date(serial).filter(|_| matches!(kind, Kind::Date));
    buf.clear();
    let _ = match cell {
        DataRef::Empty => return "",
        DataRef::SharedString(s) => return text_of(s, kind),
        DataRef::String(s) => return text_of(s, kind),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => return s,
        DataRef::DateTime(d) => match excel_date(d.as_f64()) {
            Some(d) => write!(buf, "{d}"),
            None => write!(buf, "{}", d.as_f64()),
        },
        DataRef::Float(f) => match date(*f) {
            Some(d) => write!(buf, "{d}"),
            None if f.fract() == 0.0 && f.abs() < 1e15 => write!(buf, "{}", *f as i64),
            None => write!(buf, "{f}"),
        },
        DataRef::Int(i) => match date(*i as f64) {
            Some(d) => write!(buf, "{d}"),
            None => write!(buf, "{i}"),
        },
        DataRef::Bool(b) => write!(buf, "{b}"),
        DataRef::Error(e) => write!(buf, "#{e:?}"),
    };
    buf
}

fn text_of(s: &str, kind: Kind) -> &str {
    match kind {
        Kind::Code(_) | Kind::Sex => code_of(s),
        _ => s.trim(),
    }
}

/// A sheet's rows as they stream from the workbook, each as its cells from column A (a cell
/// the sheet leaves out is empty), with its row index.
struct Rows<'a, RS: std::io::Read + std::io::Seek> {
    cells: calamine::XlsxCellReader<'a, RS>,
    pending: Option<calamine::Cell<DataRef<'a>>>,
    done: bool,
}

impl<'a, RS: std::io::Read + std::io::Seek> Rows<'a, RS> {
    /// The next row into `row`; `None` after the last.
    fn next_row(&mut self, row: &mut Vec<DataRef<'a>>) -> Result<Option<u32>, calamine::XlsxError> {
        row.clear();
        let Some(first) = self.pending.take().map_or_else(|| self.next_cell(), |c| Ok(Some(c)))? else {
            return Ok(None);
        };
        let at = first.get_position().0;
        let mut cell = Some(first);
        while let Some(c) = cell {
            let (r, col) = c.get_position();
            if r != at {
                self.pending = Some(c);
                break;
            }
            let col = col as usize;
            if row.len() <= col {
                row.resize(col + 1, DataRef::Empty);
            }
            row[col] = c.get_value().clone();
            cell = self.next_cell()?;
        }
        Ok(Some(at))
    }

    /// The reader's next cell, asked for no more once it has said the sheet ended (it would
    /// read on past `sheetData`); an empty `<sheetData/>` ends at the end of the file.
    fn next_cell(&mut self) -> Result<Option<calamine::Cell<DataRef<'a>>>, calamine::XlsxError> {
        if self.done {
            return Ok(None);
        }
        let cell = match self.cells.next_cell() {
            Err(calamine::XlsxError::XmlEof("sheetData")) => Ok(None),
            other => other,
        };
        self.done = !matches!(cell, Ok(Some(_)));
        cell
    }
}

/// Reads an Annex A workbook: a table for each list read. Problems go to `diag`.
pub(super) fn read_workbook(
    path: &Path,
    fname: &str,
    interner: &mut Interner,
    authorities: &mut Authorities,
    diag: &mut Diagnostics,
) -> Vec<Table> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            let why = format!("cannot be read: {}", super::files::io_reason(&e));
            diag.add(Problem::Unreadable, fname, None, None, why);
            return Vec::new();
        }
    };
    let sha256: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    let size = bytes.len() as u64;
    let mut book = match Xlsx::new(std::io::Cursor::new(bytes)) {
        Ok(b) => b,
        Err(_) => {
            let why = "cannot be read as an Excel workbook (.xlsx): it may be damaged, password-protected or saved in another format";
            diag.add(Problem::Unreadable, fname, None, None, why);
            return Vec::new();
        }
    };
    let sheets = book.sheet_names();
    let mut tables = Vec::new();
    let mut unused = Vec::new();
    for list in LISTS {
        let Some(sheet) = sheets.iter().find(|s| list_number(s) == Some(list.number)) else {
            let why = format!(
                "has no sheet List {} ({}): an Annex A workbook names each list's sheet so",
                list.number, list.what
            );
            diag.add(Problem::NotRecognised, fname, None, None, why);
            continue;
        };
        let read = book.worksheet_cells_reader(sheet).and_then(|cells| {
            let mut ctx = ListReading { list, sheet, fname, diag: &mut *diag, interner, authorities };
            let table = ctx.read(&mut Rows { cells, pending: None, done: false })?;
            Ok(table.and_then(|mut t| {
                t.parts[0].bytes = size;
                t.parts[0].sha256 = sha256.clone();
                ctx.coverage(t)
            }))
        });
        match read {
            Ok(table) => tables.extend(table),
            Err(_) => {
                let why =
                    format!("sheet {} cannot be read: the workbook may be damaged", super::personal::quote(sheet));
                diag.add(Problem::Unreadable, fname, None, None, why);
            }
        }
    }
    for sheet in &sheets {
        match list_number(sheet) {
            Some(n) if LISTS.iter().any(|l| l.number == n) => {}
            Some(n) => unused.push(match NOT_USED.iter().find(|(m, _)| *m == n) {
                Some((_, what)) => format!("List {n} ({what})"),
                None => format!("List {n}"),
            }),
            None => {
                let why =
                    format!("sheet {} is not one of Annex A's lists and was not read", super::personal::quote(sheet));
                diag.add(Problem::NotRecognised, fname, None, None, why);
            }
        }
    }
    if !unused.is_empty() {
        let why = format!(
            "{} not used yet (the CIN census and the SSDA903 return give those records)",
            if unused.len() == 1 { format!("{} is", unused[0]) } else { format!("{} are", unused.join(", ")) }
        );
        diag.add(Problem::NotRecognised, fname, None, None, why);
    }
    tables
}

struct ListReading<'a> {
    list: &'static ListSpec,
    sheet: &'a str,
    fname: &'a str,
    diag: &'a mut Diagnostics,
    interner: &'a mut Interner,
    authorities: &'a mut Authorities,
}

impl ListReading<'_> {
    fn spec(&self) -> &'static FileSpec {
        file_spec(self.list.stem)
    }

    fn cref(&self, position: usize, heading: &str) -> ColumnRef {
        ColumnRef::column(position, format!("{}: {}", self.sheet.trim(), heading.trim()))
    }

    /// The header row among `first` (the sheet's first rows) and each contract column's sheet
    /// column and the child's.
    fn header(&mut self, first: &[(u32, Vec<DataRef>)]) -> Option<(usize, Vec<Option<usize>>, usize)> {
        let spec = self.spec();
        let mut buf = String::new();
        let mut headings =
            |row: &[DataRef]| row.iter().map(|c| normalise(cell_text(c, Kind::Text, &mut buf))).collect::<Vec<_>>();
        let at = first.iter().position(|(_, row)| {
            let h = headings(row);
            h.iter().any(|h| is_child_id(h)) && self.list.columns.iter().any(|(name, _)| h.contains(&name.to_string()))
        });
        let Some(at) = at else {
            let needed: Vec<&str> = self.list.columns.iter().map(|(_, c)| *c).collect();
            let why = format!(
                "{} has no header row naming the child (Child Unique ID) and its columns (for {}) in its first ten rows",
                self.sheet.trim(),
                needed.join(", ")
            );
            self.diag.add(Problem::MissingColumn, self.fname, None, None, why);
            return None;
        };
        let (line, row) = (first[at].0 as u64 + 1, &first[at].1);
        let names = headings(row);
        let mut columns = vec![None; spec.columns.len()];
        let mut child = None;
        for (j, h) in names.iter().enumerate() {
            if is_child_id(h) {
                child = Some(j);
            } else if let Some((_, c)) = self.list.columns.iter().find(|(n, _)| n == h) {
                columns[spec.columns.iter().position(|x| x.name == *c)?] = Some(j);
            } else if !h.is_empty() && !KNOWN.contains(&h.as_str()) {
                let why = "this column is not part of Annex A as safeguard reads it, and was ignored";
                let cref = self.cref(j, cell_text(&row[j], Kind::Text, &mut buf));
                self.diag.add(Problem::UnknownColumn, self.fname, Some(line), Some(&cref), why);
            }
        }
        let child = child?;
        for (i, c) in spec.columns.iter().enumerate() {
            let from_list = self.list.columns.iter().any(|(_, n)| *n == c.name);
            if c.required && from_list && columns[i].is_none() {
                let heading = self.list.columns.iter().find(|(_, n)| *n == c.name).map_or(c.name, |(h, _)| *h);
                let why = format!(
                    "{} has no column for `{}` (heading `{heading}`, in any case or spacing)",
                    self.sheet.trim(),
                    c.name
                );
                self.diag.add(Problem::MissingColumn, self.fname, Some(line), None, why);
            }
        }
        Some((at, columns, child))
    }

    /// The list's table, its rows read as they stream; `None` (said) without a header row.
    fn read<RS: std::io::Read + std::io::Seek>(
        &mut self,
        rows: &mut Rows<'_, RS>,
    ) -> Result<Option<Table>, calamine::XlsxError> {
        let spec = self.spec();
        let mut first = Vec::new();
        let mut row = Vec::new();
        while first.len() < 10 {
            let Some(r) = rows.next_row(&mut row)? else { break };
            first.push((r, std::mem::take(&mut row)));
        }
        let Some((at, columns, child)) = self.header(&first) else { return Ok(None) };
        let mut buf = String::new();
        let heading_row = &first[at].1;
        // A contact has no id in Annex A: one is made from the child, the date and the order.
        let made_id = spec.columns.iter().position(|c| c.name == "ContactID");
        let dated = spec.columns.iter().position(|c| c.name == self.list.dated_by).and_then(|i| columns[i]);
        let mut found: Vec<Option<ColumnRef>> = vec![None; spec.columns.len()];
        let mut slots = Vec::new();
        let mut sources = Vec::new();
        for (i, c) in spec.columns.iter().enumerate() {
            let j = if c.name == "LAchildID" || Some(i) == made_id { Some(child) } else { columns[i] };
            if let Some(j) = j {
                found[i] = Some(self.cref(j, cell_text(&heading_row[j], Kind::Text, &mut buf)));
                slots.push(Slot::Column(i));
                sources.push((j, c.kind, Some(i) == made_id));
            }
        }
        let header = Header { width: slots.len(), slots, found: found.clone(), lea: None };
        let mut table = Table {
            spec,
            columns: spec.columns.iter().map(|c| Values::for_kind(c.kind)).collect(),
            lea: Vec::new(),
            has_lea_column: false,
            lines: Vec::new(),
            parts: vec![Part::new(self.fname.to_string(), found, 0)],
        };
        let n = spec.columns.len();
        let mut reading = Reading {
            spec,
            fname: self.fname,
            diag: self.diag,
            windows_1252_lines: 0,
            filled: Vec::new(),
            code_cache: vec![Default::default(); n],
            decimal_warned: vec![false; n],
            field_lines: Vec::new(),
        };
        let (mut keys, mut record) = (SeenKeys::default(), csv::ByteRecord::new());
        let mut seen: std::collections::HashMap<(String, String), u32> = std::collections::HashMap::new();
        let mut one = |r: u32, row: &[DataRef], reading: &mut Reading, table: &mut Table| {
            if row.iter().all(|c| matches!(c, DataRef::Empty)) {
                return;
            }
            record.clear();
            for &(j, kind, made) in &sources {
                let cell = row.get(j).unwrap_or(&DataRef::Empty);
                if made {
                    let date = dated
                        .and_then(|d| row.get(d))
                        .map_or(String::new(), |c| cell_text(c, Kind::Date, &mut buf).to_string());
                    let key = (cell_text(cell, Kind::Text, &mut buf).to_string(), date);
                    let nth = seen.entry(key.clone()).or_default();
                    *nth += 1;
                    record.push_field(format!("{}|{}|{nth}", key.0, key.1).as_bytes());
                } else {
                    record.push_field(cell_text(cell, kind, &mut buf).as_bytes());
                }
            }
            reading.row(&record, &header, r as u64 + 1, table, self.interner, self.authorities, &mut keys);
        };
        for (r, cells) in &first[at + 1..] {
            one(*r, cells, &mut reading, &mut table);
        }
        while let Some(r) = rows.next_row(&mut row)? {
            one(r, &row, &mut reading, &mut table);
        }
        super::personal::check_labels(&table, reading.diag);
        Ok(Some(table))
    }

    /// The table, with the financial year it holds whole, or nothing (and a warning) when it
    /// holds none: its flows would undercount every year it touches.
    fn coverage(&mut self, mut t: Table) -> Option<Table> {
        let at = t.spec.columns.iter().position(|c| c.name == self.list.dated_by)?;
        let dates = t.columns[at].dates()?;
        let (first, last) = (dates.iter().flatten().min().copied(), dates.iter().flatten().max().copied());
        let (Some(first), Some(last)) = (first, last) else {
            let why = format!("{} holds no {} with a date, so gives no figure", self.sheet.trim(), self.list.what);
            self.diag.add(Problem::NotRecognised, self.fname, None, None, why);
            return None;
        };
        let whole = |y: FinancialYear| {
            (first - y.first_day()).num_days() <= SLACK_DAYS && (y.last_day() - last).num_days() <= SLACK_DAYS
        };
        let latest = FinancialYear::containing(last);
        let year = [latest, latest.previous()].into_iter().find(|&y| whole(y));
        let span = format!("{} to {}", first.format("%-d %B %Y"), last.format("%-d %B %Y"));
        let Some(year) = year else {
            let why = format!(
                "{}'s {} run from {span}, which holds no financial year (1 April to 31 March) whole: they were checked but not used, as every year's figures would fall short; an Annex A cut at the financial year is used",
                self.sheet.trim(),
                self.list.what
            );
            self.diag.add(Problem::NotRecognised, self.fname, None, None, why);
            return None;
        };
        let part = &mut t.parts[0];
        part.year = Some(year);
        part.begun_only = true;
        part.source = Some(format!("Ofsted Annex A, financial year {year} held whole"));
        Some(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labelled_codes_are_read_as_the_contract_writes_them() {
        assert_eq!(code_of("q) 6: Police"), "6");
        assert_eq!(code_of("b) 1B: Individual"), "1B");
        assert_eq!(code_of("a) WBRI"), "WBRI");
        assert_eq!(code_of("b) Female"), "Female");
        assert_eq!(code_of("Female"), "Female");
        assert_eq!(code_of("6"), "6");
    }

    #[test]
    fn sheets_are_known_by_their_list_number() {
        assert_eq!(list_number("List 1"), Some(1));
        assert_eq!(list_number(" list 3 - Referrals"), Some(3));
        assert_eq!(list_number("List 10"), Some(10));
        assert_eq!(list_number("Listing 1"), None);
        assert_eq!(list_number("List 1a"), None);
        assert_eq!(list_number("Guidance"), None);
    }

    #[test]
    fn excel_serial_days_are_dates() {
        // 44090 days after 30 December 1899 is 16 September 2020; 43191 is 1 April 2018.
        assert_eq!(excel_date(44090.0), NaiveDate::from_ymd_opt(2020, 9, 16));
        assert_eq!(excel_date(43191.0), NaiveDate::from_ymd_opt(2018, 4, 1));
        assert_eq!(excel_date(-1.0), None);
    }

    #[test]
    fn every_list_column_is_a_contract_column() {
        for l in LISTS {
            let spec = file_spec(l.stem);
            for (_, c) in l.columns {
                assert!(spec.column(c).is_some(), "{}: {c}", l.stem);
            }
            assert!(spec.column(l.dated_by).is_some());
        }
    }
}
