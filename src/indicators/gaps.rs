//! Columns the figures need and the data lacks: absent from a file, or in the file but empty
//! for a whole year of an authority's rows. Figures built on such a column are `x`, never the
//! zeros an empty column would count, and the report names each gap.

use crate::contract::{Kind, file_spec};
use crate::frames::Frames;
use crate::period::{FinancialYear, Period};
use polars::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    pub file: String,
    pub column: &'static str,
    /// Nothing when the file has no such column; otherwise the (authority, year) pairs in
    /// which the file has rows and every one of them leaves the column empty.
    pub empty_in: Vec<(String, FinancialYear)>,
    /// The ids (and id prefixes) built on the column.
    pub figures: Vec<String>,
}

impl Gap {
    pub fn absent(&self) -> bool {
        self.empty_in.is_empty()
    }

    fn covers(&self, id: &str) -> bool {
        self.figures.iter().any(|p| id == p || id.strip_prefix(p.as_str()).is_some_and(|rest| rest.starts_with('.')))
    }

    /// Whether the gap leaves `id` without a value for `lea` in `period`.
    pub fn hides(&self, lea: &str, id: &str, period: Period) -> bool {
        if !self.covers(id) {
            return false;
        }
        let year = FinancialYear::containing(period.first_day());
        self.absent() || self.empty_in.iter().any(|(l, y)| l == lea && *y == year)
    }
}

/// One declaration that `ids` are counted from `column` of `stem`.
#[derive(Debug, Default)]
pub struct Needs(BTreeMap<(&'static str, &'static str), Vec<String>>);

impl Needs {
    pub fn add(&mut self, stem: &'static str, column: &'static str, ids: &[&str]) {
        self.0.entry((stem, column)).or_default().extend(ids.iter().map(|id| id.to_string()));
    }

    /// The gaps among the declared columns, over the years `first` to `last`: one grouped pass
    /// per file, counting rows and filled cells by authority and by the year of the file's
    /// first date column.
    pub fn gaps(self, frames: &Frames, first: FinancialYear, last: FinancialYear) -> PolarsResult<Vec<Gap>> {
        let mut by_file: BTreeMap<&'static str, Vec<(&'static str, Vec<String>)>> = BTreeMap::new();
        for ((stem, column), mut ids) in self.0 {
            ids.sort();
            ids.dedup();
            by_file.entry(stem).or_default().push((column, ids));
        }
        let mut gaps = Vec::new();
        for (stem, columns) in by_file {
            let Some(df) = frames.get(stem) else { continue };
            let file = file_spec(stem).file_name();
            let (absent, present): (Vec<_>, Vec<_>) =
                columns.into_iter().partition(|(column, _)| !frames.has_column(stem, column));
            for (column, figures) in absent {
                gaps.push(Gap { file: file.clone(), column, empty_in: Vec::new(), figures });
            }
            // An end date empty for a year says only that nothing started then has ended yet.
            let present: Vec<_> = present
                .into_iter()
                .filter(|(c, _)| file_spec(stem).column(c).is_some_and(|c| !c.kind.is_date()))
                .collect();
            let dated = file_spec(stem).columns.iter().find(|c| c.kind == Kind::Date);
            let (Some(date), false) = (dated, present.is_empty()) else { continue };
            let empty = empty_years(df, date.name, &present, first, last)?;
            for ((column, figures), empty_in) in present.into_iter().zip(empty) {
                if !empty_in.is_empty() {
                    gaps.push(Gap { file: file.clone(), column, empty_in, figures });
                }
            }
        }
        Ok(gaps)
    }
}

/// Rows a year needs before an empty column is taken for one not recorded: in a handful of
/// rows, every cell empty can be what happened (no factor recorded on three assessments).
pub const ROWS_FOR_NOT_RECORDED: u32 = 20;

/// For each column, the (authority, year) pairs with enough rows and no filled cell.
fn empty_years(
    df: &DataFrame,
    date: &str,
    columns: &[(&'static str, Vec<String>)],
    first: FinancialYear,
    last: FinancialYear,
) -> PolarsResult<Vec<Vec<(String, FinancialYear)>>> {
    let mut tallies: Vec<Expr> =
        columns.iter().enumerate().map(|(i, (c, _))| col(*c).count().alias(format!("f{i}"))).collect();
    tallies.push(len().alias("rows"));
    let grouped = df
        .clone()
        .lazy()
        .filter(super::years::in_span(date, first, last))
        .with_column(super::years::fy(date).alias("fy"))
        .group_by([col("LEA"), col("fy")])
        .agg(tallies)
        .sort(["LEA", "fy"], Default::default())
        .collect()?;
    let (lea, fy) = (grouped.column("LEA")?.str()?.clone(), grouped.column("fy")?.i32()?.clone());
    let rows = grouped.column("rows")?.cast(&DataType::UInt32)?;
    let rows = rows.u32()?;
    let mut out = Vec::new();
    for i in 0..columns.len() {
        let n = grouped.column(&format!("f{i}"))?.cast(&DataType::UInt32)?;
        let n = n.u32()?;
        let empty = (0..grouped.height())
            .filter(|&r| n.get(r) == Some(0) && rows.get(r).is_some_and(|n| n >= ROWS_FOR_NOT_RECORDED))
            .filter_map(|r| Some((lea.get(r)?.to_string(), FinancialYear::new(fy.get(r)?))))
            .collect();
        out.push(empty);
    }
    Ok(out)
}
