//! The reporting year's Ofsted Annex A workbook, cut from the synthetic extract as an
//! authority prepares it for an inspection covering that financial year: List 1 (contacts),
//! List 2 (early help assessments begun) and List 3 (referrals), with the child's
//! characteristics and Annex A's labelled codes (`q) 6: Police`), dates as Excel dates, and an
//! empty List 8 (as a workbook holds lists safeguard does not read). One authority only: the
//! workbook names none.

use super::extract::Extract;
use super::options::SynthOptions;
use crate::load::cells::date;
use crate::period::FinancialYear;
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

    /// A row for each record of `e` begun in the list's year (by `dated`): the child, the
    /// date in column F, then what `rest` writes.
    fn begun_in_year(
        &mut self,
        e: &Extract,
        dated: &str,
        child_of: &BTreeMap<&str, Child>,
        mut rest: impl FnMut(&mut Self, &csv::StringRecord) -> Result<(), XlsxError>,
    ) -> Result<(), XlsxError> {
        let year = FinancialYear::containing(self.on);
        for r in &e.rows {
            let Some(d) = date(e.get(r, dated)).ok().filter(|d| year.contains(*d)) else { continue };
            self.row += 1;
            let id = e.get(r, "LAchildID");
            self.child(id, child_of.get(id))?;
            self.date(5, Some(d))?;
            rest(self, r)?;
        }
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
        Extract::read(&opts.out.join("contacts.csv"))?,
        Extract::read(&opts.out.join("early_help.csv"))?,
        Extract::read(&opts.out.join("referrals.csv"))?,
        Extract::read(&opts.out.join("children.csv"))?,
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
        let source = |sheet: &mut Sheet, code: &str| match code {
            "" => Ok(()),
            c => sheet.ws.write_string(sheet.row, 6, source_label(c)).map(|_| ()),
        };
        match name {
            "List 1" => sheet.begun_in_year(&contacts, "ContactDate", &child_of, |sheet, r| {
                source(sheet, contacts.get(r, "ContactSource"))
            }),
            "List 2" => sheet.begun_in_year(&early_help, "EHAStartDate", &child_of, |sheet, r| {
                sheet.date(6, date(early_help.get(r, "EHAEndDate")).ok().filter(|e| *e <= on))?;
                let internal = early_help.get(r, "LeadAgency") == "INTERNAL";
                sheet.ws.write_string(sheet.row, 7, if internal { "Early Help Team" } else { "Partner agency" })?;
                Ok(())
            }),
            "List 3" => sheet.begun_in_year(&referrals, "CINreferralDate", &child_of, |sheet, r| {
                source(sheet, referrals.get(r, "ReferralSource"))?;
                let nfa = matches!(referrals.get(r, "ReferralNFA"), "1" | "true" | "TRUE" | "Y");
                sheet.ws.write_string(sheet.row, 7, if nfa { "Yes" } else { "No" })?;
                sheet.ws.write_string(sheet.row, 9, "Front Door")?;
                Ok(())
            }),
            _ => Ok(()),
        }
        .map_err(xlsx)?;
    }
    let dir = opts.out.join("annex-a").join(year.to_string());
    std::fs::create_dir_all(&dir)?;
    book.save(dir.join(format!("Annex_A_{year}.xlsx"))).map_err(xlsx)
}
