//! One record: each cell decoded, parsed by its column's kind and checked, with every problem
//! reported at its line and column, and never a personal value quoted back.

use super::cells;
use super::keys::{Authorities, Interner, KeyPart, SeenKeys};
use super::personal::quote;
use super::table::{Table, Values};
use super::text;
use crate::contract::{Column, FileSpec, Kind};
use crate::diagnostics::{ColumnRef, Diagnostics, Problem};
use polars::prelude::PlHashMap;
use std::borrow::Cow;

/// Where each header cell goes: a contract column, the LEA column, or nowhere.
pub(super) enum Slot {
    Column(usize),
    Lea,
    Ignored,
}

pub(super) struct Header {
    pub(super) slots: Vec<Slot>,
    pub(super) found: Vec<Option<ColumnRef>>,
    pub(super) lea: Option<ColumnRef>,
    pub(super) width: usize,
}

pub(super) struct Reading<'a> {
    pub(super) spec: &'static FileSpec,
    pub(super) fname: &'a str,
    pub(super) diag: &'a mut Diagnostics,
    pub(super) windows_1252_lines: u64,
    /// Which contract columns a row filled; kept between rows to save an allocation each.
    pub(super) filled: Vec<bool>,
    /// Per contract column: code cells already validated, as written → dictionary index.
    pub(super) code_cache: Vec<PlHashMap<Box<str>, u32>>,
    /// Per contract column: whether a whole number written as `1.0` has been reported.
    pub(super) decimal_warned: Vec<bool>,
    /// Per field of the record, the line it is on where that is not the record's own (an XML
    /// element below its record's); 0 for the record's line.
    pub(super) field_lines: Vec<u64>,
}

impl Reading<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn row(
        &mut self,
        record: &csv::ByteRecord,
        header: &Header,
        line: u64,
        table: &mut Table,
        interner: &mut Interner,
        authorities: &mut Authorities,
        keys: &mut SeenKeys,
    ) {
        let mut decoded_1252 = false;
        let mut lea = 0u16;
        // Nearly every record is UTF-8 throughout: check it once, not once per cell.
        let whole = std::str::from_utf8(record.as_slice()).ok();
        let mut filled = std::mem::take(&mut self.filled);
        filled.clear();
        filled.resize(self.spec.columns.len(), false);
        // The authority first: identifiers and keys are scoped by it.
        if let Some(lref) = &header.lea {
            let raw = self.cell(record, whole, lref.position, line, lref, &mut decoded_1252);
            if let Some(raw) = raw.filter(|r| !r.trim().is_empty()) {
                match cells::lea(&raw) {
                    Some(code) => lea = authorities.key(code),
                    None => self.diag.add(
                        Problem::BadLea,
                        self.fname,
                        Some(line),
                        Some(lref),
                        format!("{} is not a 3-digit local authority code", quote(&raw)),
                    ),
                }
            }
        }
        for (pos, slot) in header.slots.iter().enumerate() {
            let Slot::Column(i) = *slot else { continue };
            let col = &self.spec.columns[i];
            let cref = header.found[i].as_ref().expect("slot implies found");
            let line = self.field_lines.get(pos).copied().filter(|&l| l > 0).unwrap_or(line);
            let raw = self.cell(record, whole, pos, line, cref, &mut decoded_1252);
            let values = &mut table.columns[i];
            match raw.as_deref().map(str::trim) {
                None => values.push_null(),
                Some("") => {
                    if col.required {
                        self.diag.add(
                            Problem::RequiredCellEmpty,
                            self.fname,
                            Some(line),
                            Some(cref),
                            format!("`{}` must be filled in", col.name),
                        );
                    }
                    values.push_null();
                }
                Some(text) => {
                    let text = self.whole_number(i, col, text, line, cref);
                    if let (Some(&k), Values::Strs(v)) = (self.code_cache[i].get(text), &mut *values) {
                        // A code already seen in this column, and valid then: valid now.
                        v.push_index(k);
                    } else {
                        self.parse_cell(i, col, text, values, line, cref, interner);
                    }
                }
            }
            filled[i] = true;
        }
        for (i, f) in filled.iter().enumerate() {
            if !f {
                table.columns[i].push_null();
            }
        }
        self.filled = filled;
        if decoded_1252 {
            self.windows_1252_lines += 1;
        }
        let row = table.lines.len();
        // The record's own line: where later checks across its fields point.
        table.lines.push(line);
        table.lea.push(lea);
        self.check_unique(table, row, line, keys);
    }

    /// `1.0` for `1` in a whole-number or numeric-code column, as pandas writes a column that
    /// has empty cells: read as the whole number, with one warning per column.
    fn whole_number<'t>(&mut self, index: usize, col: &Column, text: &'t str, line: u64, cref: &ColumnRef) -> &'t str {
        if !matches!(col.kind, Kind::Int { .. } | Kind::Code(_) | Kind::Sex) {
            return text;
        }
        let Some(whole) = cells::whole_written_as_decimal(text) else { return text };
        if !self.decimal_warned[index] {
            self.decimal_warned[index] = true;
            let why = format!(
                "{} is a whole number written as a decimal and was read as {}; this column's other such cells are read the same way without a further warning",
                quote(text),
                quote(whole)
            );
            self.diag.add(Problem::WholeAsDecimal, self.fname, Some(line), Some(cref), why);
        }
        whole
    }

    fn cell<'r>(
        &mut self,
        record: &'r csv::ByteRecord,
        whole: Option<&'r str>,
        pos: usize,
        line: u64,
        cref: &ColumnRef,
        decoded_1252: &mut bool,
    ) -> Option<Cow<'r, str>> {
        // Field boundaries fall on ASCII commas, so slicing valid UTF-8 there stays valid.
        if let Some(cell) = whole.zip(record.range(pos)).and_then(|(w, r)| w.get(r)) {
            return Some(Cow::Borrowed(cell));
        }
        match text::decode(&record[pos]) {
            text::Decoded::Utf8(s) => Some(Cow::Borrowed(s)),
            text::Decoded::Windows1252(s) => {
                *decoded_1252 = true;
                Some(Cow::Owned(s))
            }
            text::Decoded::Undecodable => {
                self.diag.add(
                    Problem::NotDecodable,
                    self.fname,
                    Some(line),
                    Some(cref),
                    "the cell is neither UTF-8 nor Windows-1252 text: save the file as \"CSV UTF-8\"",
                );
                None
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn parse_cell(
        &mut self,
        index: usize,
        col: &Column,
        text: &str,
        values: &mut Values,
        line: u64,
        cref: &ColumnRef,
        interner: &mut Interner,
    ) {
        let shown = || if col.kind.is_personal() { "the value".to_string() } else { quote(text) };
        let report =
            |diag: &mut Diagnostics, p: Problem, why: String| diag.add(p, self.fname, Some(line), Some(cref), why);
        match (col.kind, values) {
            (Kind::Id(ns), Values::Ids(v)) => v.push(Some(interner.key(ns, text))),
            (Kind::Date | Kind::BirthDate, Values::Dates(v)) => match cells::date(text) {
                // No child of today's services was born, or seen, before 1950: 1900-01-01 and
                // the like stand for "not known".
                Ok(d) if d < cells::PLACEHOLDER_BEFORE => {
                    let why = format!(
                        "a date before {} is taken for a placeholder and treated as not recorded",
                        cells::PLACEHOLDER_BEFORE.format("%Y")
                    );
                    report(self.diag, Problem::PlaceholderDate, why);
                    v.push(None);
                }
                Ok(d) => v.push(Some(d)),
                Err(why) => {
                    report(self.diag, Problem::BadDate, format!("{} {why}", shown()));
                    v.push(None);
                }
            },
            (Kind::Bool, Values::Bools(v)) => match cells::boolean(text) {
                Ok(b) => v.push(Some(b)),
                Err(why) => {
                    report(self.diag, Problem::BadBool, format!("{} {why}", shown()));
                    v.push(None);
                }
            },
            (Kind::Int { min, max }, Values::Ints(v)) => match cells::integer(text) {
                Ok(n) if (min..=max).contains(&n) => v.push(Some(n)),
                Ok(_) => {
                    report(
                        self.diag,
                        Problem::OutOfRange,
                        format!("{} is outside the allowed range {min} to {max}", quote(text)),
                    );
                    v.push(None);
                }
                Err(cells::NumberError::NotWhole) => {
                    report(
                        self.diag,
                        Problem::NotWhole,
                        format!("{} is a decimal; `{}` takes whole numbers", shown(), col.name),
                    );
                    v.push(None);
                }
                Err(cells::NumberError::NotANumber) => {
                    report(self.diag, Problem::BadNumber, format!("{} is not a whole number", shown()));
                    v.push(None);
                }
            },
            (Kind::Decimal { min, max }, Values::Decimals(v)) => match cells::decimal(text) {
                Ok(n) if n >= min && n <= max => v.push(Some(n)),
                Ok(_) => {
                    report(
                        self.diag,
                        Problem::OutOfRange,
                        format!("{} is outside the allowed range {min} to {max}", quote(text)),
                    );
                    v.push(None);
                }
                Err(_) => {
                    report(self.diag, Problem::BadNumber, format!("{} is not a number", shown()));
                    v.push(None);
                }
            },
            (kind, Values::Strs(v)) => {
                let problems = self.diag.total();
                let value = self.parse_text(col, kind, text, line, cref);
                let k = v.push(value.as_deref());
                // Codes that passed cleanly are remembered; anything with a problem is checked
                // (and reported) again on every row it appears.
                if let (Kind::Code(_) | Kind::Sex, Some(k), true) = (kind, k, self.diag.total() == problems) {
                    self.code_cache[index].insert(text.into(), k);
                }
            }
            _ => unreachable!("Values::for_kind matches every kind"),
        }
    }

    /// Codes, multi-valued codes, text and periods, normalised.
    fn parse_text<'t>(
        &mut self,
        col: &Column,
        kind: Kind,
        text: &'t str,
        line: u64,
        cref: &ColumnRef,
    ) -> Option<Cow<'t, str>> {
        let unknown = if col.required { Problem::UnknownCode } else { Problem::UnknownOptionalCode };
        let fname = self.fname;
        match kind {
            Kind::Code(list) => {
                let c = cells::code(text);
                if !list.contains(&&*c) {
                    self.diag.add(
                        unknown,
                        fname,
                        Some(line),
                        Some(cref),
                        format!("{} is not one of {}", quote(text), list_of(list)),
                    );
                    if col.required {
                        return None;
                    }
                }
                Some(c)
            }
            Kind::Sex => match cells::sex(text) {
                Some(s) => Some(Cow::Borrowed(s)),
                None => {
                    self.diag.add(
                        unknown,
                        fname,
                        Some(line),
                        Some(cref),
                        format!("{} is not M, F or U (or Male, Female, Unknown, or 1, 2, 0, 9)", quote(text)),
                    );
                    None
                }
            },
            Kind::Multi(list) => {
                let codes = cells::multi(text);
                let bad: Vec<&String> = codes.iter().filter(|c| !list.contains(&c.as_str())).collect();
                if !bad.is_empty() {
                    let shown: Vec<String> = bad.iter().map(|b| quote(b)).collect();
                    self.diag.add(
                        unknown,
                        fname,
                        Some(line),
                        Some(cref),
                        format!("{} not in the code list", shown.join(", ")),
                    );
                }
                Some(Cow::Owned(codes.join(";")))
            }
            Kind::FinancialYear => match text.parse::<crate::period::FinancialYear>() {
                Ok(y) => Some(Cow::Owned(y.to_string())),
                Err(_) => {
                    let why = format!(
                        "{} is not a financial year: write it as 2017-18 (the year it starts, a dash, the next year's last two digits)",
                        quote(text)
                    );
                    self.diag.add(Problem::BadPeriod, fname, Some(line), Some(cref), why);
                    None
                }
            },
            Kind::YearOrMonth => {
                if let Ok(y) = text.parse::<crate::period::FinancialYear>() {
                    Some(Cow::Owned(y.to_string()))
                } else if let Some((y, m)) = cells::month(text) {
                    Some(Cow::Owned(format!("{y}-{m:02}")))
                } else {
                    self.diag.add(
                        Problem::BadPeriod,
                        fname,
                        Some(line),
                        Some(cref),
                        format!("{} is neither a financial year (2017-18) nor a month (2017-04)", quote(text)),
                    );
                    None
                }
            }
            _ => Some(Cow::Borrowed(text)),
        }
    }

    fn check_unique(&mut self, table: &Table, row: usize, line: u64, keys: &mut SeenKeys) {
        if self.spec.unique.is_empty() {
            return;
        }
        let mut parts = [KeyPart::Absent, KeyPart::Absent, KeyPart::Absent];
        for (slot, name) in parts.iter_mut().zip(self.spec.unique) {
            let part = match table.values(name) {
                Values::Ids(v) => v[row].map(KeyPart::Id),
                Values::Dates(v) => v[row].map(KeyPart::Date),
                Values::Ints(v) => v[row].map(KeyPart::Int),
                // Texts that differ only in case, spaces or punctuation make one figure id.
                Values::Strs(v) => v.get(row).map(|s| KeyPart::Str(crate::indicators::catalogue::slug(s))),
                _ => None,
            };
            // A key with an empty or bad cell is already an error; do not also call it a duplicate.
            let Some(part) = part else { return };
            *slot = part;
        }
        if let Some(first) = keys.first_seen((table.lea[row], parts), line) {
            let names = self.spec.unique.join(" + ");
            let column =
                (self.spec.unique.len() == 1).then(|| table.column_ref(self.spec.unique[0]).cloned()).flatten();
            self.diag.add(
                Problem::DuplicateKey,
                self.fname,
                Some(line),
                column.as_ref(),
                format!(
                    "the same {names} as line {first} (texts that differ only in case, spaces or punctuation are the same figure); each must be unique"
                ),
            );
        }
    }
}

pub(super) fn text_of(bytes: &[u8]) -> String {
    match text::decode(bytes) {
        text::Decoded::Utf8(s) => s.to_string(),
        text::Decoded::Windows1252(s) => s,
        text::Decoded::Undecodable => String::from_utf8_lossy(bytes).into_owned(),
    }
}

fn list_of(codes: &[&str]) -> String {
    if codes.len() <= 8 {
        codes.join(", ")
    } else {
        format!("{}, … {} (see datasets/README.md)", codes[..4].join(", "), codes[codes.len() - 1])
    }
}
