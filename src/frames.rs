//! Stage 3: the validated tables as polars frames, the typed input of every later stage.
//!
//! Column names are the contract's (DfE field names) plus `LEA`. Identifier columns hold
//! integer keys, never the original strings; a key means the same child across files, and
//! joins always pair it with `LEA`, so equal identifiers in two authorities stay two children.

use crate::load::{Loaded, Table, Values};
use crate::period::FinancialYear;
use crate::settings::Settings;
use crate::validate::Validated;
use chrono::NaiveDate;
use polars::prelude::*;
use std::collections::BTreeMap;

/// One input file as received: for provenance (manifest) and summaries.
#[derive(Debug, Clone)]
pub struct InputFile {
    pub stem: &'static str,
    pub file_name: String,
    pub rows: usize,
    pub bytes: u64,
    pub sha256: String,
}

#[derive(Debug)]
pub struct Frames {
    frames: BTreeMap<&'static str, DataFrame>,
    pub inputs: Vec<InputFile>,
    /// Authority codes present (empty for a single unnamed authority).
    pub authorities: Vec<String>,
    pub settings: Settings,
    pub reporting_year: FinancialYear,
    pub first_year: FinancialYear,
}

impl Frames {
    /// A file's frame, or `None` when an optional file was not supplied.
    pub fn get(&self, stem: &str) -> Option<&DataFrame> {
        self.frames.get(stem)
    }
}

const EPOCH: NaiveDate = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");

pub fn build(v: Validated) -> PolarsResult<Frames> {
    let Validated { loaded, settings, reporting_year, first_year } = v;
    let authorities = loaded.authorities().into_iter().map(str::to_string).collect();
    let inputs = loaded
        .tables
        .iter()
        .map(|t| InputFile {
            stem: t.spec.stem,
            file_name: t.file_name.clone(),
            rows: t.rows(),
            bytes: t.bytes,
            sha256: t.sha256.clone(),
        })
        .collect();
    let mut frames = BTreeMap::new();
    for t in &loaded.tables {
        frames.insert(t.spec.stem, frame(t, &loaded)?);
    }
    Ok(Frames { frames, inputs, authorities, settings, reporting_year, first_year })
}

fn frame(t: &Table, loaded: &Loaded) -> PolarsResult<DataFrame> {
    let mut columns = Vec::with_capacity(t.columns.len() + 1);
    let lea: Vec<&str> = t.lea.iter().map(|&l| loaded.leas[l as usize].as_str()).collect();
    columns.push(Column::new("LEA".into(), lea));
    for (spec, values) in t.spec.columns.iter().zip(&t.columns) {
        columns.push(column(spec.name, values)?);
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
        Values::Strs(v) => Column::new(name, (0..v.len()).map(|i| v.get(i)).collect::<Vec<Option<&str>>>()),
        Values::Dates(v) => {
            let days: Vec<Option<i32>> = v.iter().map(|d| d.map(|d| (d - EPOCH).num_days() as i32)).collect();
            Column::new(name, days).cast(&DataType::Date)?
        }
    })
}
