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

/// Declarations that ids are counted from a column of a file, and the (authority, year) pairs
/// where a topic's own grouped pass already found the column empty.
#[derive(Debug, Default)]
pub struct Needs {
    ids: BTreeMap<(&'static str, &'static str), Vec<String>>,
    known: BTreeMap<(&'static str, &'static str), Vec<(String, FinancialYear)>>,
}

impl Needs {
    pub fn add(&mut self, stem: &'static str, column: &'static str, ids: &[&str]) {
        self.ids.entry((stem, column)).or_default().extend(ids.iter().map(|id| id.to_string()));
    }

    /// As [`Needs::add`], with the empty years worked out by the caller (saving a pass).
    pub fn add_counted(
        &mut self,
        stem: &'static str,
        column: &'static str,
        ids: &[&str],
        empty_in: Vec<(String, FinancialYear)>,
    ) {
        self.add(stem, column, ids);
        self.known.insert((stem, column), empty_in);
    }

    /// The (authority, year) pairs of `rows` (authority, year, rows, rows with the column
    /// filled) that are empty by the rule [`ROWS_FOR_NOT_RECORDED`] states.
    pub fn empty_by_count(
        rows: impl IntoIterator<Item = (String, FinancialYear, i64, i64)>,
    ) -> Vec<(String, FinancialYear)> {
        let mut out: Vec<_> = rows
            .into_iter()
            .filter(|(_, _, n, filled)| *filled == 0 && *n >= i64::from(ROWS_FOR_NOT_RECORDED))
            .map(|(lea, y, _, _)| (lea, y))
            .collect();
        out.sort();
        out
    }

    /// The gaps among the declared columns, over the years `first` to `last`: one grouped pass
    /// per file, counting rows and filled cells by authority and by the year of the file's
    /// first date column.
    pub fn gaps(self, frames: &Frames, first: FinancialYear, last: FinancialYear) -> PolarsResult<Vec<Gap>> {
        let mut by_file: BTreeMap<&'static str, Vec<(&'static str, Vec<String>)>> = BTreeMap::new();
        let mut known = self.known;
        for ((stem, column), mut ids) in self.ids {
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
            // An end date empty for a year says only that nothing begun then has ended yet; a
            // column with fewer empty cells than a year needs has no empty year.
            let emptiable = |c: &str| {
                let nulls = df.column(c).map_or(0, |c| c.null_count());
                file_spec(stem).column(c).is_some_and(|c| !c.kind.is_date()) && nulls >= ROWS_FOR_NOT_RECORDED as usize
            };
            let (counted, present): (Vec<_>, Vec<_>) =
                present.into_iter().filter(|(c, _)| emptiable(c)).partition(|(c, _)| known.contains_key(&(stem, *c)));
            // Columns whose emptiness a topic's grouped pass has counted need no pass here.
            for (column, figures) in counted {
                let empty_in = known.remove(&(stem, column)).unwrap_or_default();
                if !empty_in.is_empty() {
                    gaps.push(Gap { file: file.clone(), column, empty_in, figures });
                }
            }
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
