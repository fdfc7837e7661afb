//! A parsed file: typed columns in contract order, each row's authority and physical line.

use crate::contract::{FileSpec, Kind};
use crate::diagnostics::ColumnRef;
use crate::period::FinancialYear;
use chrono::NaiveDate;
use polars::prelude::PlHashMap;

/// Parsed values of one column, one entry per row; `None` is an empty or unparsable cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    Ids(Vec<Option<u32>>),
    Dates(Vec<Option<NaiveDate>>),
    Bools(Vec<Option<bool>>),
    Ints(Vec<Option<i64>>),
    Decimals(Vec<Option<f64>>),
    /// Codes (upper-cased), multi-valued codes (joined with `;`), text and periods.
    Strs(Texts),
}

/// A text column stored as a dictionary: each distinct value once, a number per cell.
/// Codes and agency names repeat endlessly, so this saves an allocation per cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Texts {
    dict: Vec<Box<str>>,
    index: PlHashMap<Box<str>, u32>,
    cells: Vec<Option<u32>>,
}

impl Texts {
    /// Appends a value; returns its dictionary index (`None` for an empty cell).
    pub fn push(&mut self, value: Option<&str>) -> Option<u32> {
        let k = value.map(|v| match self.index.get(v) {
            Some(&k) => k,
            None => {
                let k = self.dict.len() as u32;
                self.dict.push(v.into());
                self.index.insert(v.into(), k);
                k
            }
        });
        self.cells.push(k);
        k
    }

    /// Appends a value already in the dictionary.
    pub fn push_index(&mut self, k: u32) {
        self.cells.push(Some(k));
    }

    pub fn get(&self, row: usize) -> Option<&str> {
        self.cells[row].map(|k| &*self.dict[k as usize])
    }

    pub fn len(&self) -> usize {
        self.cells.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// The distinct values, and each cell's index into them.
    pub fn parts(&self) -> (&[Box<str>], &[Option<u32>]) {
        (&self.dict, &self.cells)
    }

    fn retain_rows(&mut self, keep: &[bool]) {
        retain(&mut self.cells, keep);
    }
}

/// Keeps the items whose `keep` is true.
fn retain<T>(v: &mut Vec<T>, keep: &[bool]) {
    let mut i = 0;
    v.retain(|_| {
        i += 1;
        keep[i - 1]
    });
}

impl Values {
    pub(super) fn for_kind(kind: Kind) -> Self {
        match kind {
            Kind::Id(_) => Values::Ids(Vec::new()),
            Kind::Date | Kind::BirthDate => Values::Dates(Vec::new()),
            Kind::Bool => Values::Bools(Vec::new()),
            Kind::Int { .. } => Values::Ints(Vec::new()),
            Kind::Decimal { .. } => Values::Decimals(Vec::new()),
            _ => Values::Strs(Texts::default()),
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Values::Ids(v) => v.len(),
            Values::Dates(v) => v.len(),
            Values::Bools(v) => v.len(),
            Values::Ints(v) => v.len(),
            Values::Decimals(v) => v.len(),
            Values::Strs(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn is_null(&self, row: usize) -> bool {
        match self {
            Values::Ids(v) => v[row].is_none(),
            Values::Dates(v) => v[row].is_none(),
            Values::Bools(v) => v[row].is_none(),
            Values::Ints(v) => v[row].is_none(),
            Values::Decimals(v) => v[row].is_none(),
            Values::Strs(v) => v.get(row).is_none(),
        }
    }

    /// Appends another file's values of the same column.
    pub(super) fn append(&mut self, other: Values) {
        match (self, other) {
            (Values::Ids(a), Values::Ids(b)) => a.extend(b),
            (Values::Dates(a), Values::Dates(b)) => a.extend(b),
            (Values::Bools(a), Values::Bools(b)) => a.extend(b),
            (Values::Ints(a), Values::Ints(b)) => a.extend(b),
            (Values::Decimals(a), Values::Decimals(b)) => a.extend(b),
            (Values::Strs(a), Values::Strs(b)) => {
                for row in 0..b.len() {
                    a.push(b.get(row));
                }
            }
            _ => unreachable!("one column has one kind in every file"),
        }
    }

    fn retain_rows(&mut self, keep: &[bool]) {
        match self {
            Values::Ids(v) => retain(v, keep),
            Values::Dates(v) => retain(v, keep),
            Values::Bools(v) => retain(v, keep),
            Values::Ints(v) => retain(v, keep),
            Values::Decimals(v) => retain(v, keep),
            Values::Strs(v) => v.retain_rows(keep),
        }
    }

    pub(super) fn push_null(&mut self) {
        match self {
            Values::Ids(v) => v.push(None),
            Values::Dates(v) => v.push(None),
            Values::Bools(v) => v.push(None),
            Values::Ints(v) => v.push(None),
            Values::Decimals(v) => v.push(None),
            Values::Strs(v) => {
                v.push(None);
            }
        }
    }

    pub fn dates(&self) -> Option<&[Option<NaiveDate>]> {
        match self {
            Values::Dates(v) => Some(v),
            _ => None,
        }
    }

    pub fn ids(&self) -> Option<&[Option<u32>]> {
        match self {
            Values::Ids(v) => Some(v),
            _ => None,
        }
    }

    pub fn strs(&self) -> Option<&Texts> {
        match self {
            Values::Strs(v) => Some(v),
            _ => None,
        }
    }
}

/// One file a table was read from: several years' returns make one table of several files.
#[derive(Debug, Clone)]
pub struct Part {
    /// The table's first row read from this file.
    pub first_row: usize,
    /// The file name as found on disk (with its subfolder, for a year's folder of returns).
    pub file_name: String,
    /// Where each contract column is in the file (`None` when the file lacks it).
    pub found: Vec<Option<ColumnRef>>,
    pub bytes: u64,
    /// SHA-256 of the file's bytes, hex, for the provenance manifest.
    pub sha256: String,
    /// The return the file is ("CIN census, collection year 2017-18"), where that is known.
    pub source: Option<String>,
    /// The collection year the file's header declares (an XML return's).
    pub year: Option<FinancialYear>,
    /// Rows a later year's return replaced.
    pub superseded: usize,
    /// The collection year the file is the return of, where the folder holds several years'
    /// (or the file says), and the authorities whose return it is: the years a flow is
    /// published for.
    pub covers: Option<FinancialYear>,
    pub leas: Vec<u16>,
    /// The file lists only the records begun in its period (an Annex A list), not those open
    /// when it began: it gives flows, never stocks.
    pub begun_only: bool,
}

impl Part {
    /// The one file of a table just read: its hash and years are filled in later.
    pub(super) fn new(file_name: String, found: Vec<Option<ColumnRef>>, bytes: u64) -> Self {
        Part {
            first_row: 0,
            file_name,
            found,
            bytes,
            sha256: String::new(),
            source: None,
            year: None,
            superseded: 0,
            covers: None,
            leas: Vec::new(),
            begun_only: false,
        }
    }
}

/// One table of the contract, parsed from one file or several.
#[derive(Debug)]
pub struct Table {
    pub spec: &'static FileSpec,
    /// Values of each contract column, in contract order.
    pub columns: Vec<Values>,
    /// Index into [`Loaded::leas`] for each row.
    pub lea: Vec<u16>,
    pub has_lea_column: bool,
    /// Physical line where each row starts, in its own file.
    pub lines: Vec<u64>,
    /// The files read, in row order; at least one.
    pub parts: Vec<Part>,
}

impl Table {
    pub fn rows(&self) -> usize {
        self.lines.len()
    }

    fn index(&self, name: &str) -> usize {
        self.spec
            .columns
            .iter()
            .position(|c| c.name == name)
            .unwrap_or_else(|| panic!("{} has no column {name}", self.spec.stem))
    }

    pub fn values(&self, name: &str) -> &Values {
        &self.columns[self.index(name)]
    }

    /// The file row `row` was read from.
    pub fn part_of(&self, row: usize) -> &Part {
        let i = self.parts.partition_point(|p| p.first_row <= row).max(1) - 1;
        &self.parts[i]
    }

    /// The rows read from file `p`.
    pub fn rows_of(&self, p: usize) -> std::ops::Range<usize> {
        self.parts[p].first_row..self.parts.get(p + 1).map_or(self.rows(), |n| n.first_row)
    }

    /// For each row, the index of the file it was read from.
    pub fn part_of_rows(&self) -> Vec<usize> {
        (0..self.parts.len()).flat_map(|p| std::iter::repeat_n(p, self.rows_of(p).len())).collect()
    }

    /// The name of the file row `row` was read from.
    pub fn file_of(&self, row: usize) -> &str {
        &self.part_of(row).file_name
    }

    /// Where column `name` is in the file row `row` was read from.
    pub fn column_ref_at(&self, row: usize, name: &str) -> Option<&ColumnRef> {
        self.part_of(row).found[self.index(name)].as_ref()
    }

    /// The first file's name: for what is said of a table read from one file.
    pub fn file_name(&self) -> &str {
        &self.parts[0].file_name
    }

    /// Where column `name` is in the first file.
    pub fn column_ref(&self, name: &str) -> Option<&ColumnRef> {
        self.parts[0].found[self.index(name)].as_ref()
    }

    /// Appends the rows of another file of the same contract table.
    pub(super) fn append(&mut self, other: Table) {
        let offset = self.rows();
        self.parts.extend(other.parts.into_iter().map(|p| Part { first_row: p.first_row + offset, ..p }));
        for (mine, theirs) in self.columns.iter_mut().zip(other.columns) {
            mine.append(theirs);
        }
        self.lea.extend(other.lea);
        self.lines.extend(other.lines);
        self.has_lea_column &= other.has_lea_column;
    }

    /// Keeps the rows whose `keep` is true.
    pub(super) fn retain_rows(&mut self, keep: &[bool]) {
        for part in &mut self.parts {
            part.first_row = keep[..part.first_row].iter().filter(|k| **k).count();
        }
        for c in &mut self.columns {
            c.retain_rows(keep);
        }
        retain(&mut self.lea, keep);
        retain(&mut self.lines, keep);
    }

    /// Whether any file read has column `i`.
    pub fn has_column(&self, i: usize) -> bool {
        self.parts.iter().any(|p| p.found[i].is_some())
    }
}
