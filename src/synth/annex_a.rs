//! The reporting year's Ofsted Annex A workbook, cut from the synthetic extract as an
//! authority prepares it for an inspection covering that financial year: List 1 (contacts),
//! List 2 (early help assessments begun) and List 3 (referrals), with the child's
//! characteristics and Annex A's labelled codes (`q) 6: Police`), dates as Excel dates, and an
//! empty List 8 (as a workbook holds lists safeguard does not read). One authority only: the
//! workbook names none.

use super::options::SynthOptions;
use crate::load::cells::date;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::collections::BTreeMap;
use std::io;

/// The referral sources as Annex A labels them: a letter, the DfE code, what it is.
const SOURCES: &[(&str, &str)] = &[
    ("1A", "Individual"),
    ("1B", "Individual"),
    ("1C", "Individual"),
    ("1D", "Individual"),
    ("2A", "Schools"),
    ("2B", "Education services"),
    ("3A", "Health services"),
    ("3B", "Health services"),
    ("3C", "Health services"),
    ("3D", "Health services"),
    ("3E", "Health services"),
    ("3F", "Health services"),
    ("4", "Housing"),
    ("5A", "LA services"),
    ("5B", "LA services"),
    ("5C", "LA services"),
    ("5D", "LA services"),
    ("6", "Police"),
    ("7", "Other legal agency"),
    ("8", "Other"),
    ("9", "Anonymous"),
    ("10", "Unknown"),
];

fn label(i: usize, text: &str) -> String {
    let letter = |n: usize| char::from(b'a' + (n % 26) as u8);
    if i < 26 { format!("{}) {text}", letter(i)) } else { format!("{}{}) {text}", letter(i / 26 - 1), letter(i)) }
}

fn source_label(code: &str) -> String {
    match SOURCES.iter().position(|(c, _)| *c == code) {
        Some(i) => label(i, &format!("{code}: {}", SOURCES[i].1)),
        None => code.to_string(),
    }
}

fn sex_label(sex: &str) -> &'static str {
    match sex {
        "M" | "1" => "a) Male",
        "F" | "2" => "b) Female",
        _ => "c) Not stated/recorded",
    }
}

struct Extract {
    header: csv::StringRecord,
    rows: Vec<csv::StringRecord>,
}

impl Extract {
    fn read(opts: &SynthOptions, name: &str) -> io::Result<Self> {
        let mut r = csv::Reader::from_path(opts.out.join(name)).map_err(io::Error::other)?;
        let header = r.headers().map_err(io::Error::other)?.clone();
        let rows = r.records().collect::<Result<Vec<_>, _>>().map_err(io::Error::other)?;
        Ok(Extract { header, rows })
    }

    fn get<'r>(&self, row: &'r csv::StringRecord, name: &str) -> &'r str {
        self.header.iter().position(|h| h == name).map_or("", |i| &row[i])
    }
}

fn xlsx(e: XlsxError) -> io::Error {
    io::Error::other(e.to_string())
}

/// The characteristics every list begins with: id, gender, ethnicity, date of birth, age.
struct Child<'a> {
    sex: &'a str,
    ethnicity: &'a str,
    birth: Option<NaiveDate>,
}

const FIRST: [&str; 5] = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"];

struct Sheet<'w> {
    ws: &'w mut Worksheet,
    dates: Format,
    row: u32,
    on: NaiveDate,
}

impl Sheet<'_> {
    fn date(&mut self, col: u16, d: Option<NaiveDate>) -> Result<(), XlsxError> {
        let Some(d) = d else { return Ok(()) };
        let x = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
        self.ws.write_datetime_with_format(self.row, col, &x, &self.dates)?;
        Ok(())
    }

    /// The first five cells of a row: the child, and their age on the list's date.
    fn child(&mut self, id: &str, c: Option<&Child>) -> Result<(), XlsxError> {
        self.ws.write_string(self.row, 0, id)?;
        let Some(c) = c else { return Ok(()) };
        self.ws.write_string(self.row, 1, sex_label(c.sex))?;
        if let Some(i) = crate::contract::ETHNICITY.iter().position(|e| *e == c.ethnicity) {
            self.ws.write_string(self.row, 2, label(i, c.ethnicity))?;
        }
        self.date(3, c.birth)?;
        if let Some(b) = c.birth {
            self.ws.write_number(self.row, 4, ((self.on - b).num_days() as f64 / 365.25 * 10.0).floor() / 10.0)?;
        }
        Ok(())
    }
}

/// Writes `annex-a/<year>/Annex_A_<year>.xlsx` for the reporting year (two folders down, so
/// the synthetic folder itself does not read it beside the extract it was cut from).
pub fn write(opts: &SynthOptions) -> io::Result<()> {
    if opts.las > 1 {
        return Ok(());
    }
    let year = opts.end_year;
    let (contacts, early_help, referrals, children) = (
        Extract::read(opts, "contacts.csv")?,
        Extract::read(opts, "early_help.csv")?,
        Extract::read(opts, "referrals.csv")?,
        Extract::read(opts, "children.csv")?,
    );
    let child_of: BTreeMap<&str, Child> = children
        .rows
        .iter()
        .map(|r| {
            let c = Child {
                sex: children.get(r, "Sex"),
                ethnicity: children.get(r, "Ethnicity"),
                birth: date(children.get(r, "PersonBirthDate")).ok(),
            };
            (children.get(r, "LAchildID"), c)
        })
        .collect();
    let in_year = |s: &str| date(s).ok().filter(|d| year.contains(*d));
    let mut book = Workbook::new();
    // A fixed creation time: the same seed gives the same bytes.
    let made = ExcelDateTime::from_ymd(year.start_year as u16 + 1, 4, 1).map_err(xlsx)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&made));
    let dates = Format::new().set_num_format("dd/mm/yyyy");
    let on = year.last_day();
    let lists: [(&str, &[&str]); 4] = [
        ("List 1", &["Date of Contact", "Contact Source"]),
        ("List 2", &["Assessment start date", "Assessment completion date", "Organisation completing assessment"]),
        (
            "List 3",
            &[
                "Date of Referral",
                "Referral Source",
                "Referral NFA?",
                "Number of Referrals in Last 12 Months",
                "Allocated Team",
                "Allocated Worker",
            ],
        ),
        ("List 8", &["Date Started to be Looked After"]),
    ];
    for (name, rest) in lists {
        let ws = book.add_worksheet().set_name(name).map_err(xlsx)?;
        for (j, h) in FIRST.iter().chain(rest.iter()).enumerate() {
            ws.write_string(0, j as u16, *h).map_err(xlsx)?;
        }
        let mut sheet = Sheet { ws, dates: dates.clone(), row: 0, on };
        let fill = |sheet: &mut Sheet| -> Result<(), XlsxError> {
            match name {
                "List 1" => {
                    for r in &contacts.rows {
                        let Some(d) = in_year(contacts.get(r, "ContactDate")) else { continue };
                        sheet.row += 1;
                        let id = contacts.get(r, "LAchildID");
                        sheet.child(id, child_of.get(id))?;
                        sheet.date(5, Some(d))?;
                        let source = contacts.get(r, "ContactSource");
                        if !source.is_empty() {
                            sheet.ws.write_string(sheet.row, 6, source_label(source))?;
                        }
                    }
                }
                "List 2" => {
                    for r in &early_help.rows {
                        let Some(d) = in_year(early_help.get(r, "EHAStartDate")) else { continue };
                        sheet.row += 1;
                        let id = early_help.get(r, "LAchildID");
                        sheet.child(id, child_of.get(id))?;
                        sheet.date(5, Some(d))?;
                        let done = date(early_help.get(r, "EHAEndDate")).ok().filter(|e| *e <= on);
                        sheet.date(6, done)?;
                        let by = if early_help.get(r, "LeadAgency") == "INTERNAL" {
                            "Early Help Team"
                        } else {
                            "Partner agency"
                        };
                        sheet.ws.write_string(sheet.row, 7, by)?;
                    }
                }
                "List 3" => {
                    for r in &referrals.rows {
                        let Some(d) = in_year(referrals.get(r, "CINreferralDate")) else { continue };
                        sheet.row += 1;
                        let id = referrals.get(r, "LAchildID");
                        sheet.child(id, child_of.get(id))?;
                        sheet.date(5, Some(d))?;
                        let source = referrals.get(r, "ReferralSource");
                        if !source.is_empty() {
                            sheet.ws.write_string(sheet.row, 6, source_label(source))?;
                        }
                        let nfa = matches!(referrals.get(r, "ReferralNFA"), "1" | "true" | "TRUE" | "Y");
                        sheet.ws.write_string(sheet.row, 7, if nfa { "Yes" } else { "No" })?;
                        sheet.ws.write_string(sheet.row, 9, "Front Door")?;
                    }
                }
                _ => {}
            }
            Ok(())
        };
        fill(&mut sheet).map_err(xlsx)?;
    }
    let dir = opts.out.join("annex-a").join(year.to_string());
    std::fs::create_dir_all(&dir)?;
    book.save(dir.join(format!("Annex_A_{year}.xlsx"))).map_err(xlsx)
}
