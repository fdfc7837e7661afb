//! Reading one file: its bytes checked to be text, its header matched to the contract, then
//! every record handed to the row reader, streaming, with physical line numbers.

use super::files::{Hashing, csv_reason, io_reason, read_up_to};
use super::keys::{Authorities, Interner, SeenKeys};
use super::row::{Header, Reading, Slot, text_of};
use super::table::{Part, Table, Values};
use super::text;
use crate::contract::{FileSpec, LEA_COLUMN};
use crate::diagnostics::{ColumnRef, Diagnostics, Problem};
use polars::prelude::PlHashMap;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

pub(super) fn read_table(
    spec: &'static FileSpec,
    path: &Path,
    actual: &str,
    interner: &mut Interner,
    authorities: &mut Authorities,
    diag: &mut Diagnostics,
) -> Option<Table> {
    // A file found by its header keeps its own name in messages, unless that could identify.
    let file_name = if super::personal::name_could_identify(actual) {
        format!("{} (from a file whose name is not shown)", spec.file_name())
    } else {
        actual.to_string()
    };
    let fname = file_name.as_str();
    if !path.is_file() {
        diag.add(
            Problem::NotAFile,
            fname,
            None,
            None,
            format!("{fname} is a directory or other non-file; it should be a CSV file"),
        );
        return None;
    }
    if !path.parent().is_none_or(|dir| super::files::within(dir, path)) {
        diag.add(Problem::NotAFile, fname, None, None, format!("{fname} {}", super::files::OUTSIDE));
        return None;
    }
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(e) => {
            diag.add(Problem::Unreadable, fname, None, None, format!("cannot be read: {}", io_reason(&e)));
            return None;
        }
    };
    let bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut head = vec![0u8; 8192];
    let n = read_up_to(&mut file, &mut head);
    head.truncate(n);
    if n == 0 {
        diag.add(Problem::EmptyFile, fname, None, None, "the file is empty: it needs at least a header row");
        return None;
    }
    if let Some(what) = text::not_text(&head) {
        diag.add(Problem::NotText, fname, None, None, format!("this is not a CSV text file: {what}"));
        return None;
    }
    let skip = if head.starts_with(text::UTF8_BOM) { 3 } else { 0 };
    let mut hasher = Sha256::new();
    hasher.update(&head);
    let hashing = Hashing { inner: BufReader::with_capacity(1 << 16, file), hasher };
    let rest = super::files::Lf::new(std::io::Cursor::new(head[skip..].to_vec()).chain(hashing));
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(rest);
    let mut record = csv::ByteRecord::new();
    let mut reader_state = Reading {
        spec,
        fname,
        diag,
        windows_1252_lines: 0,
        filled: Vec::new(),
        code_cache: vec![PlHashMap::default(); spec.columns.len()],
        decimal_warned: vec![false; spec.columns.len()],
        field_lines: Vec::new(),
    };

    match reader.read_byte_record(&mut record) {
        Ok(true) => {}
        Ok(false) => {
            reader_state.diag.add(Problem::EmptyFile, fname, None, None, "the file has no header row");
            return None;
        }
        Err(e) => {
            reader_state.diag.add(Problem::Unreadable, fname, Some(1), None, csv_reason(&e));
            return None;
        }
    }
    let header = reader_state.header(&record)?;
    let part = Part::new(file_name.clone(), header.found.clone(), bytes);
    let mut table = Table {
        spec,
        columns: spec.columns.iter().map(|c| Values::for_kind(c.kind)).collect(),
        lea: Vec::new(),
        has_lea_column: header.lea.is_some(),
        lines: Vec::new(),
        parts: vec![part],
    };
    let mut empty_rows = 0u64;
    let mut keys = SeenKeys::default();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map(|p| p.line());
                reader_state.diag.add(Problem::Unreadable, fname, line, None, csv_reason(&e));
                break;
            }
        }
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            empty_rows += 1;
            continue;
        }
        if record.len() != header.width {
            reader_state.diag.add(
                Problem::RaggedRow,
                fname,
                Some(line),
                None,
                format!(
                    "has {} fields but the header has {}: check for an unquoted comma or a missing cell",
                    record.len(),
                    header.width
                ),
            );
            continue;
        }
        reader_state.row(&record, &header, line, &mut table, interner, authorities, &mut keys);
    }
    let (_, hashing) = reader.into_inner().inner.into_inner();
    table.parts[0].sha256 = hashing.hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    if empty_rows > 0 {
        reader_state.diag.add(
            Problem::EmptyRows,
            fname,
            None,
            None,
            format!("{empty_rows} rows with every cell empty were skipped"),
        );
    }
    super::personal::check_labels(&table, reader_state.diag);
    if reader_state.windows_1252_lines > 0 {
        // Reported once per file with its count, not once per cell.
        let n = reader_state.windows_1252_lines;
        reader_state.diag.add(Problem::Windows1252, fname, None, None, format!("{n} rows are not UTF-8 and were read as Windows-1252 (Excel's \"CSV (Comma delimited)\"); save as \"CSV UTF-8\" to avoid this"));
    }
    Some(table)
}

impl Reading<'_> {
    fn header(&mut self, record: &csv::ByteRecord) -> Option<Header> {
        let fname = self.fname;
        let names: Vec<String> = record.iter().map(|f| text_of(f).trim().to_string()).collect();
        if names.len() == 1 {
            let only = &names[0];
            let guess = [(';', "semicolons"), ('\t', "tabs"), ('|', "vertical bars")]
                .into_iter()
                .find(|(c, _)| only.contains(*c));
            if let Some((_, what)) = guess {
                self.diag.add(Problem::WrongDelimiter, fname, Some(1), None, format!("the header is separated by {what}, not commas: save the file as \"CSV UTF-8 (comma delimited)\""));
                return None;
            }
        }
        let mut slots = Vec::with_capacity(names.len());
        let mut found: Vec<Option<ColumnRef>> = vec![None; self.spec.columns.len()];
        let mut lea = None;
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut ok = true;
        for (pos, name) in names.iter().enumerate() {
            // A header cell that looks like data (a file without its header row) is not named.
            let shown = |name: &str| {
                let known =
                    name.eq_ignore_ascii_case(LEA_COLUMN.name) || self.spec.columns.iter().any(|c| c.is_named(name));
                if known || !super::personal::could_identify(name) { name.to_string() } else { "not shown".to_string() }
            };
            let cref = ColumnRef::column(pos, shown(name));
            let folded = name.to_lowercase();
            if let Some(&first) = seen.get(&folded) {
                let first_ref = ColumnRef::column(first, shown(&names[first]));
                self.diag.add(
                    Problem::DuplicateColumn,
                    fname,
                    Some(1),
                    Some(&cref),
                    format!("`{name}` repeats {first_ref}: keep one"),
                );
                ok = false;
                slots.push(Slot::Ignored);
                continue;
            }
            seen.insert(folded, pos);
            if name.eq_ignore_ascii_case(LEA_COLUMN.name) {
                lea = Some(cref);
                slots.push(Slot::Lea);
            } else if let Some(i) = self.spec.columns.iter().position(|c| c.is_named(name)) {
                if let Some(first) = &found[i] {
                    let why = format!("`{name}` is another name for {first}: keep one");
                    self.diag.add(Problem::DuplicateColumn, fname, Some(1), Some(&cref), why);
                    ok = false;
                    slots.push(Slot::Ignored);
                    continue;
                }
                found[i] = Some(cref);
                slots.push(Slot::Column(i));
            } else {
                let shown =
                    if name.is_empty() { "an unnamed column".to_string() } else { super::personal::quote(name) };
                self.diag.add(
                    Problem::UnknownColumn,
                    fname,
                    Some(1),
                    Some(&cref),
                    format!("{shown} is not in the data contract and was ignored"),
                );
                slots.push(Slot::Ignored);
            }
        }
        for (col, f) in self.spec.columns.iter().zip(&found) {
            if col.required && f.is_none() {
                self.diag.add(
                    Problem::MissingColumn,
                    fname,
                    Some(1),
                    None,
                    format!(
                        "the header has no `{}` column ({}); columns are matched ignoring case and spaces",
                        col.name, col.meaning
                    ),
                );
                ok = false;
            }
        }
        ok.then_some(Header { slots, found, lea, width: names.len() })
    }
}
