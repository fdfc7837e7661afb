//! `figures.xlsx`: the report's figures as an accessible spreadsheet, laid out as the
//! Government Analysis Function's guidance on releasing statistics in spreadsheets asks (and
//! gptables and aftables implement): a cover sheet, a contents sheet, a notes sheet and a
//! definitions sheet, then one sheet per section of the report, each holding one table that is
//! marked as an Excel table, with its title in cell A1, no merged cells, numbers stored as
//! numbers and the symbols `[c]`, `[x]` and `[z]` as text explained in the notes. It holds the
//! figures of its edition exactly as figures.csv does.

use super::sections::{self, SectionSpec};
use crate::error::Error;
use crate::indicators::figure::Figure;
use crate::indicators::figures::FigureRow;
use crate::output::{OutputFile, Published};
use crate::settings::Edition;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Table, TableColumn, Workbook, Worksheet, XlsxError};

/// The symbols a cell may hold in place of a number, as the Analysis Function writes them.
pub const SYMBOLS: [(&str, &str); 3] = [
    (
        "[c]",
        "suppressed to protect confidentiality: a count of children from 1 to the threshold, or a figure from which one could be worked out",
    ),
    ("[x]", "not available: the data does not cover this period, or the file or a column it needs was not supplied"),
    ("[z]", "not applicable: a share or rate of nothing"),
];

/// The sheet a figure goes to: its section's, or the last sheet's.
struct Sheet {
    name: String,
    title: String,
    rows: Vec<usize>,
}

pub fn sink(p: &Published) -> Result<Vec<OutputFile>, Error> {
    let bytes = workbook(p).map_err(|e| Error::Internal(format!("writing the workbook failed: {e}")))?;
    Ok(vec![OutputFile::new(crate::output::file_name("figures", "xlsx", p.run.edition), bytes)])
}

fn workbook(p: &Published) -> Result<Vec<u8>, XlsxError> {
    let (run, figs) = (p.run, p.figures);
    let mut book = Workbook::new();
    // A fixed creation time, the reporting year's last day: the same inputs give the same bytes.
    let end = figs.reporting_year.last_day();
    let made = ExcelDateTime::from_ymd(end.format("%Y").to_string().parse().unwrap_or(2000), 3, 31)?;
    let title = format!(
        "{} Safeguarding Children Partnership: figures for the annual report {}",
        run.area_name, figs.reporting_year
    );
    book.set_properties(&DocProperties::new().set_creation_datetime(&made).set_title(&title));
    let sheets = sheets(p);
    let heading = Format::new().set_bold().set_font_size(14);

    cover(worksheet(&mut book, "Cover")?, p, &title, &heading)?;
    contents(worksheet(&mut book, "Contents")?, &sheets, &heading)?;
    notes(worksheet(&mut book, "Notes")?, p, &heading)?;
    definitions(worksheet(&mut book, "Definitions")?, p, &heading)?;
    for (k, sheet) in sheets.iter().enumerate() {
        figures(worksheet(&mut book, &sheet.name)?, p, sheet, k, &heading)?;
    }
    book.save_to_buffer()
}

/// A new sheet that prints on A4 landscape, one page wide: a table's columns stay together.
fn worksheet<'a>(book: &'a mut Workbook, name: &str) -> Result<&'a mut Worksheet, XlsxError> {
    let ws = book.add_worksheet().set_name(name)?;
    Ok(ws.set_paper_size(9).set_landscape().set_print_fit_to_pages(1, 0))
}

/// One sheet per section that shows a published figure, in the report's order, then one for
/// the figures no section shows.
fn sheets(p: &Published) -> Vec<Sheet> {
    let mut out: Vec<Sheet> = sections::SECTIONS
        .iter()
        .map(|s| Sheet { name: sheet_name(s), title: s.title.to_string(), rows: Vec::new() })
        .collect();
    out.push(Sheet {
        name: "Other figures".into(),
        title: "Figures no section of the report shows".into(),
        rows: Vec::new(),
    });
    let last = out.len() - 1;
    for (i, r) in p.figures.rows.iter().enumerate() {
        let at = sections::section_of(&r.indicator)
            .and_then(|s| sections::SECTIONS.iter().position(|x| x.id == s.id))
            .unwrap_or(last);
        out[at].rows.push(i);
    }
    out.retain(|s| !s.rows.is_empty());
    out
}

/// A section's title as a sheet name: at most 31 characters, cut at a word, with none of the
/// characters Excel refuses.
fn sheet_name(s: &SectionSpec) -> String {
    let clean: String = s.title.chars().filter(|c| !"[]:*?/\\'".contains(*c)).collect();
    let mut name = String::new();
    for word in clean.split(' ') {
        let next = if name.is_empty() { word.to_string() } else { format!("{name} {word}") };
        if next.chars().count() > 31 {
            break;
        }
        name = next;
    }
    // Not ending on a word that leads on ("Section 47 enquiries and").
    let mut words: Vec<&str> = name.split(' ').collect();
    while words.len() > 1 && ["and", "the", "of", "to", "in", "for"].contains(words.last().unwrap_or(&"")) {
        words.pop();
    }
    let name = words.join(" ").trim_end_matches(',').to_string();
    if name.is_empty() { s.id.chars().take(31).collect() } else { name }
}

fn cover(ws: &mut Worksheet, p: &Published, title: &str, heading: &Format) -> Result<(), XlsxError> {
    let (run, figs) = (p.run, p.figures);
    ws.write_string_with_format(0, 0, title, heading)?;
    let year = figs.reporting_year;
    let edition = match run.edition {
        Edition::Public => format!(
            "Edition: public. Counts of children from 1 to {} are suppressed, and so is any figure from which one could be worked out; they are shown as [c].",
            run.small_number_threshold
        ),
        Edition::Internal => format!("Edition: internal. {}", crate::output::INTERNAL_WARNING),
    };
    let lines = [
        format!("Area: {}", run.area_name),
        format!(
            "Reporting year: {year}, {} to {}, with earlier years for comparison.",
            year.first_day().format("%-d %B %Y"),
            year.last_day().format("%-d %B %Y")
        ),
        edition,
        match &run.contact {
            Some(c) => format!("Contact: {c}"),
            None => "Contact: not given (report.toml's `contact` names whom to ask about these figures).".to_string(),
        },
        format!(
            "Source: computed by {} {} from the local authority's records and the partners' files; manifest.json beside this workbook lists every input file with its SHA-256 fingerprint.",
            env!("CARGO_PKG_NAME"),
            env!("CARGO_PKG_VERSION")
        ),
        "The same figures are in figures.csv and figures.json, and the annual report quotes them.".to_string(),
        "The Contents sheet lists the tables; the Notes sheet explains the symbols and the methods.".to_string(),
    ];
    for (i, line) in lines.iter().enumerate() {
        ws.write_string(1 + i as u32, 0, line)?;
    }
    ws.set_column_width(0, 120)?;
    Ok(())
}

fn contents(ws: &mut Worksheet, sheets: &[Sheet], heading: &Format) -> Result<(), XlsxError> {
    ws.write_string_with_format(0, 0, "Contents", heading)?;
    ws.write_string(1, 0, "This worksheet contains one table. Each sheet name links to its sheet.")?;
    let fixed = [
        ("Notes", "The symbols used in place of numbers, and how the figures are worked out"),
        ("Definitions", "What each figure counts"),
    ];
    let mut rows: Vec<(String, String)> = fixed.iter().map(|(n, d)| (n.to_string(), d.to_string())).collect();
    rows.extend(sheets.iter().map(|s| (s.name.clone(), s.title.clone())));
    let top = 2;
    for (i, (name, description)) in rows.iter().enumerate() {
        let row = top + 1 + i as u32;
        ws.write_url_with_text(row, 0, format!("internal:'{name}'!A1").as_str(), name)?;
        ws.write_string(row, 1, description)?;
    }
    table(ws, top, &["Sheet name", "Table description"], rows.len(), "contents")?;
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 80)?;
    Ok(())
}

fn notes(ws: &mut Worksheet, p: &Published, heading: &Format) -> Result<(), XlsxError> {
    ws.write_string_with_format(0, 0, "Notes", heading)?;
    ws.write_string(1, 0, "This worksheet contains one table.")?;
    let level = p.run.confidence.label();
    let mut notes: Vec<String> = SYMBOLS.iter().map(|(s, meaning)| format!("{s} means {meaning}.")).collect();
    notes.extend([
        "A year is a financial year, 1 April to 31 March; counts \"at 31 March\" are of what was open at the end of that day.".to_string(),
        "Rates are per 10,000 children aged 0 to 17. Percentages and rates are rounded half up, as published statistics are; the numerator and denominator beside each are exact.".to_string(),
        format!("Each percentage and rate per 10,000 has a {level} confidence interval: Wilson's score interval for a percentage, Byar's method (exact under 10 events) for a rate."),
        "Values are stored as numbers; a cell holding a symbol is text. The Unit column gives each row's unit: count, pct (per cent), rate_per_10k, days, weeks, years, mean or gbp (pounds).".to_string(),
    ]);
    let top = 2;
    for (i, note) in notes.iter().enumerate() {
        let row = top + 1 + i as u32;
        ws.write_string(row, 0, format!("Note {}", i + 1))?;
        ws.write_string(row, 1, note)?;
    }
    table(ws, top, &["Note number", "Note text"], notes.len(), "notes")?;
    ws.set_column_width(0, 14)?;
    ws.set_column_width(1, 120)?;
    Ok(())
}

fn definitions(ws: &mut Worksheet, p: &Published, heading: &Format) -> Result<(), XlsxError> {
    ws.write_string_with_format(0, 0, "Definitions of the figures", heading)?;
    ws.write_string(1, 0, "This worksheet contains one table.")?;
    let top = 2;
    let indicators = &p.figures.indicators;
    for (i, ind) in indicators.iter().enumerate() {
        let row = top + 1 + i as u32;
        ws.write_string(row, 0, &ind.id)?;
        ws.write_string(row, 1, ind.unit.as_str())?;
        ws.write_string(row, 2, definition(p, &ind.definition))?;
    }
    table(ws, top, &["Indicator id", "Unit", "Definition"], indicators.len(), "definitions")?;
    ws.set_column_width(0, 44)?;
    ws.set_column_width(2, 110)?;
    Ok(())
}

/// A definition in the words of the edition: codes for the internal one, words for the public.
fn definition(p: &Published, text: &str) -> String {
    match p.run.edition {
        Edition::Internal => text.to_string(),
        Edition::Public => sections::plain::in_words(text),
    }
}

fn figures(ws: &mut Worksheet, p: &Published, sheet: &Sheet, k: usize, heading: &Format) -> Result<(), XlsxError> {
    let figs = p.figures;
    let several = figs.several_authorities();
    ws.write_string_with_format(0, 0, format!("{}: figures, {}", sheet.title, figs.reporting_year), heading)?;
    ws.write_string(
        1,
        0,
        "This worksheet contains one table. Symbols in place of numbers are explained on the Notes sheet.",
    )?;
    let level = p.run.confidence.label();
    let (lower, upper) = (format!("Lower {level} confidence limit"), format!("Upper {level} confidence limit"));
    let mut head =
        vec!["Indicator id", "Figure", "Period", "Value", "Unit", "Numerator", "Denominator", &lower, &upper];
    if several {
        head.push("Authority");
    }
    let top = 2;
    let labels: std::collections::BTreeMap<&str, &str> =
        figs.indicators.iter().map(|i| (i.id.as_str(), i.label.as_deref().unwrap_or(i.definition.as_str()))).collect();
    for (i, &at) in sheet.rows.iter().enumerate() {
        let r = &figs.rows[at];
        let row = top + 1 + i as u32;
        ws.write_string(row, 0, &r.indicator)?;
        ws.write_string(row, 1, definition(p, labels.get(r.indicator.as_str()).copied().unwrap_or("")))?;
        ws.write_string(row, 2, r.period.to_string())?;
        value(ws, row, 3, r)?;
        ws.write_string(row, 4, r.unit.as_str())?;
        let (n, d) = crate::output::csv::working(&r.figure);
        let (lo, hi) = crate::output::csv::interval_cells(&r.figure, r.unit, p.run.confidence);
        for (col, cell) in [(5u16, n), (6, d), (7, lo), (8, hi)] {
            number_or_blank(ws, row, col, &cell)?;
        }
        if several {
            ws.write_string(row, 9, &r.lea)?;
        }
    }
    table(ws, top, &head, sheet.rows.len(), &format!("figures_{:02}", k + 1))?;
    ws.set_column_width(0, 44)?;
    ws.set_column_width(1, 60)?;
    for col in 2..head.len() as u16 {
        ws.set_column_width(col, 14)?;
    }
    Ok(())
}

/// The published value: a number, or its symbol as text.
fn value(ws: &mut Worksheet, row: u32, col: u16, r: &FigureRow) -> Result<(), XlsxError> {
    let shown = r.figure.shown(r.unit);
    match (&r.figure, shown.parse::<f64>()) {
        (Figure::Value { .. } | Figure::Given(_), Ok(v)) => ws.write_number(row, col, v)?,
        _ => ws.write_string(row, col, format!("[{shown}]"))?,
    };
    Ok(())
}

fn number_or_blank(ws: &mut Worksheet, row: u32, col: u16, cell: &str) -> Result<(), XlsxError> {
    if let Ok(v) = cell.parse::<f64>() {
        ws.write_number(row, col, v)?;
    }
    Ok(())
}

/// Marks the header at `top` and the `rows` below it as one Excel table named `name`.
fn table(ws: &mut Worksheet, top: u32, head: &[&str], rows: usize, name: &str) -> Result<(), XlsxError> {
    let columns: Vec<TableColumn> = head.iter().map(|h| TableColumn::new().set_header(*h)).collect();
    let t = Table::new().set_name(name).set_columns(&columns).set_autofilter(false);
    // A table needs a row below its header, even an empty one.
    let last = top + rows.max(1) as u32;
    ws.add_table(top, 0, last, head.len() as u16 - 1, &t)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_fit_excels_limit_and_are_unique() {
        let names: Vec<String> = sections::SECTIONS.iter().map(|s| sheet_name(s)).collect();
        for n in &names {
            assert!(!n.is_empty() && n.chars().count() <= 31, "{n}");
            assert!(!n.contains(['[', ']', ':', '*', '?', '/', '\\']), "{n}");
        }
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{names:?}");
        // "Leaving care, adoption and care leavers" is 39 characters: cut at a word.
        assert!(names.contains(&"Leaving care, adoption and care".to_string()), "{names:?}");
    }
}
