//! A parsed file: typed columns in contract order, each row's authority and physical line.

use crate::contract::{FileSpec, Kind};
use crate::diagnostics::ColumnRef;
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

/// One file of the contract, parsed.
#[derive(Debug)]
pub struct Table {
    pub spec: &'static FileSpec,
    /// The file name as found on disk.
    pub file_name: String,
    /// Where each contract column is in the file (`None` when the file lacks it).
    pub found: Vec<Option<ColumnRef>>,
    /// Values of each contract column, in contract order.
    pub columns: Vec<Values>,
    /// Index into [`Loaded::leas`] for each row.
    pub lea: Vec<u16>,
    pub has_lea_column: bool,
    /// Physical line where each row starts.
    pub lines: Vec<u64>,
    pub bytes: u64,
    /// SHA-256 of the file's bytes, hex, for the provenance manifest.
    pub sha256: String,
    /// The return the table was read from, where one file gives several tables
    /// ("CIN census, collection year 2017-18").
    pub source: Option<String>,
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

    pub fn column_ref(&self, name: &str) -> Option<&ColumnRef> {
        self.found[self.index(name)].as_ref()
    }
}
