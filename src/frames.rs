//! Stage 3: the validated tables as polars frames, the typed input of every later stage.
//!
//! Column names are the contract's (DfE field names) plus `LEA`. Identifier columns hold
//! integer keys, never the original strings; a key means the same child across files, and
//! joins always pair it with `LEA`, so equal identifiers in two authorities stay two children.

use crate::load::{Loaded, Table, Values};
use crate::period::FinancialYear;
use chrono::NaiveDate;
use polars::prelude::*;
use std::collections::BTreeMap;

/// One frame per file supplied, keyed by the contract's file stem. Every contract column is
/// in its frame (empty where the file lacked it), so which columns the file had is kept too.
#[derive(Debug)]
pub struct Frames {
    frames: BTreeMap<&'static str, DataFrame>,
    supplied: BTreeMap<&'static str, Vec<&'static str>>,
    /// Per file, the (authority, collection year) of each return it was read from, where the
    /// returns said their years.
    return_years: BTreeMap<&'static str, Vec<(String, FinancialYear)>>,
    /// Files read (in part) from lists of the records begun in a period (Annex A).
    begun_only: Vec<&'static str>,
}

impl Frames {
    /// A file's frame, or `None` when an optional file was not supplied.
    pub fn get(&self, stem: &str) -> Option<&DataFrame> {
        self.frames.get(stem)
    }

    /// The (authority, collection year) of each return `stem` was read from; empty where the
    /// data did not come as returns of known years (a contract CSV of several years).
    pub fn return_years(&self, stem: &str) -> &[(String, FinancialYear)] {
        self.return_years.get(stem).map_or(&[], Vec::as_slice)
    }

    /// Whether some of the file's records came from a list of those begun in its period (an
    /// Annex A list), which cannot show what was open on a day.
    pub fn begun_only(&self, stem: &str) -> bool {
        self.begun_only.contains(&stem)
    }

    /// Whether the file was supplied with this column in its header.
    pub fn has_column(&self, stem: &str, column: &str) -> bool {
        self.supplied.get(stem).is_some_and(|cols| cols.contains(&column))
    }
}

/// Tables whose frames carry [`COLLECTION_YEAR`].
const DATED_BY_RETURN: &[&str] = &["lac_oc3"];

/// The first calendar year of the collection year a row was returned for.
pub const COLLECTION_YEAR: &str = "collection_year";

const EPOCH: NaiveDate = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");

pub fn build(loaded: Loaded) -> PolarsResult<Frames> {
    let (mut frames, mut supplied, mut return_years) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    let mut begun_only = Vec::new();
    let Loaded { tables, leas } = loaded;
    // Each table is freed as soon as its frame exists, so at most one is held twice.
    for mut t in tables {
        crate::load::close_what_later_returns_drop(&mut t);
        let found = t.spec.columns.iter().enumerate().filter(|(i, _)| t.has_column(*i)).map(|(_, c)| c.name);
        supplied.insert(t.spec.stem, found.collect());
        let mut years: Vec<(String, FinancialYear)> = Vec::new();
        for p in &t.parts {
            if let Some(y) = p.covers {
                years.extend(p.leas.iter().map(|&l| (leas[l as usize].clone(), y)));
            }
        }
        if !years.is_empty() {
            return_years.insert(t.spec.stem, years);
        }
        if t.parts.iter().any(|p| p.begun_only) {
            begun_only.push(t.spec.stem);
        }
        frames.insert(t.spec.stem, frame(&t, &leas)?);
    }
    Ok(Frames { frames, supplied, return_years, begun_only })
}

fn frame(t: &Table, leas: &[String]) -> PolarsResult<DataFrame> {
    let mut columns = Vec::with_capacity(t.columns.len() + 1);
    let lea_idx = IdxCa::from_vec("".into(), t.lea.iter().map(|&l| l as IdxSize).collect());
    columns.push(Column::new("LEA".into(), leas).take(&lea_idx)?);
    for (spec, values) in t.spec.columns.iter().zip(&t.columns) {
        columns.push(column(spec.name, values)?);
    }
    // A return's table whose rows carry no date of their own (a care leaver's outcomes are
    // the year's) keeps the collection year each row was returned for, null where unknown.
    if DATED_BY_RETURN.contains(&t.spec.stem) {
        let part_of_row = t.part_of_rows();
        let given: Vec<Option<i32>> = match t.values("CollectionYear") {
            Values::Strs(v) => {
                let (dict, cells) = v.parts();
                let years: Vec<Option<i32>> =
                    dict.iter().map(|s| s.parse::<FinancialYear>().ok().map(|y| y.start_year)).collect();
                cells.iter().map(|c| c.and_then(|k| years[k as usize])).collect()
            }
            _ => vec![None; t.rows()],
        };
        let year = part_of_row.iter().zip(given).map(|(&p, g)| g.or(t.parts[p].covers.map(|y| y.start_year)));
        columns.push(Column::new(COLLECTION_YEAR.into(), year.collect::<Vec<Option<i32>>>()));
    }
    DataFrame::new(t.rows(), columns)
}

fn column(name: &str, values: &Values) -> PolarsResult<Column> {
    let name: PlSmallStr = name.into();
    Ok(match values {
        Values::Ids(v) => Column::new(name, v),
        Values::Bools(v) => Column::new(name, v),
        Values::Ints(v) => Column::new(name, v),
        Values::Decimals(v) => Column::new(name, v),
        // Gathered from the column's dictionary: one polars take, not a string per cell.
        Values::Strs(v) => {
            let (dict, cells) = v.parts();
            let idx = IdxCa::from_iter_options("".into(), cells.iter().map(|c| c.map(|k| k as IdxSize)));
            Column::new(name, dict.iter().map(|s| &**s).collect::<Vec<&str>>()).take(&idx)?
        }
        // Days since 1970 straight into an Int32 array, then relabelled as dates (no second copy).
        Values::Dates(v) => {
            let days =
                Int32Chunked::from_iter_options(name, v.iter().map(|d| d.map(|d| (d - EPOCH).num_days() as i32)));
            days.into_series().into_date().into_column()
        }
    })
}
