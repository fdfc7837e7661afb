//! Grouped passes that several counts share: a file's cube by its codes, and the records
//! open at each 31 March, one a child, collected once. Each count is then folded from the
//! small result instead of scanning the file again.

use super::compute::{Computer, Tally, open_at, tally_by, ties_in_file_order};
use super::years::{fy, in_span};
use crate::period::FinancialYear;
use chrono::NaiveDate;
use polars::prelude::*;

/// One grouped pass over a file: rows by authority, year and every combination of `dims`.
/// Counts that are sums over such combinations are then folded from this small table
/// instead of each scanning the file again.
pub type CubeRow = (String, i32, Vec<Option<String>>, i64);

pub fn cube(c: &Computer, lf: Option<LazyFrame>, date: &str, dims: &[&str]) -> PolarsResult<Vec<CubeRow>> {
    let Some(lf) = lf else { return Ok(Vec::new()) };
    let mut by = vec![col("LEA"), col("fy")];
    // Group on the columns' own types; only the small grouped result is turned into text.
    by.extend(dims.iter().map(|d| col(*d)));
    let df = lf
        .filter(in_span(date, c.first(), c.last()))
        .with_column(fy(date).alias("fy"))
        .group_by(by)
        .agg([len().cast(DataType::Int64).alias("n")])
        .collect()?;
    let (lea, year, n) = (df.column("LEA")?.str()?, df.column("fy")?.i32()?, df.column("n")?.i64()?);
    let dim_cols = dims
        .iter()
        .map(|d| df.column(d).and_then(|c| c.cast(&DataType::String)).and_then(|c| c.str().cloned()))
        .collect::<PolarsResult<Vec<_>>>()?;
    Ok((0..df.height())
        .filter_map(|i| {
            let values = dim_cols.iter().map(|c| c.get(i).map(str::to_string)).collect();
            Some((lea.get(i)?.to_string(), year.get(i)?, values, n.get(i)?))
        })
        .collect())
}

/// Each child's latest open record at each 31 March from the year before the run's first to
/// its last (the one started last; of two started on one day, the later row), one row a
/// child and year, with the year in `fy`: collected once under `name`, so that every count
/// of what such a record holds sums to the children open. The year before the first is there
/// for what was open at the start of the first year.
pub fn latest_at_31_march(
    c: &mut Computer,
    name: &str,
    lf: Option<LazyFrame>,
    (start, end): (&str, &str),
    child: &str,
) -> PolarsResult<Option<LazyFrame>> {
    let years: Vec<FinancialYear> = std::iter::once(c.first().previous()).chain(c.years()).collect();
    let (start, end, child) = (start.to_string(), end.to_string(), child.to_string());
    c.memo(name, move |_| {
        let Some(lf) = lf else { return Ok(None) };
        let (first, last) = (years[0].last_day(), years[years.len() - 1].last_day());
        // Open on some 31 March of the years; sorted once for all of them.
        let open_some = col(&start).lt_eq(lit(last)).and(col(&end).is_null().or(col(&end).gt(lit(first))));
        let sorted = lf.filter(open_some).sort(["LEA", &child, &start], ties_in_file_order()).collect()?;
        let parts = years
            .iter()
            .map(|y| {
                sorted
                    .clone()
                    .lazy()
                    .filter(open_at(&start, Some(&end), y.last_day()))
                    .unique_stable_generic(Some(vec![col("LEA"), col(&child)]), UniqueKeepStrategy::Last)
                    .with_column(lit(y.start_year).alias("fy"))
            })
            .collect::<Vec<_>>();
        Ok(Some(concat(parts, UnionArgs::default())?))
    })
}

/// Children at each 31 March of the run's years in `latest` (from [`latest_at_31_march`]),
/// filtered by `filter` and broken down by `key` (either may depend on the date).
pub fn count_latest(
    c: &mut Computer,
    latest: Option<LazyFrame>,
    filter: &dyn Fn(NaiveDate) -> Option<Expr>,
    key: Option<&dyn Fn(NaiveDate) -> Expr>,
    id: &str,
) -> PolarsResult<()> {
    let Some(latest) = latest else { return Ok(()) };
    let mut parts = Vec::new();
    for y in c.years() {
        let d = y.last_day();
        let mut part = latest.clone().filter(col("fy").eq(lit(y.start_year)));
        if let Some(f) = filter(d) {
            part = part.filter(f);
        }
        parts.push(tally_by(part, key.map(|k| k(d)), Tally::Rows.expr()));
    }
    c.absorb(concat(parts, UnionArgs::default())?, id, key.is_some())
}

/// Several counts of the rows dated in each year, each with its filter (none: every row), in
/// one grouped pass (a row whose filter is null is not counted, as [`Computer::in_year_of`]
/// leaves it out).
pub fn in_year_rows(
    c: &mut Computer,
    lf: Option<LazyFrame>,
    date: &str,
    counts: &[(&str, Option<Expr>)],
) -> PolarsResult<()> {
    let Some(lf) = lf else { return Ok(()) };
    let n = |i: usize| format!("n{i}");
    // A filter summed counts its rows; a literal would count once a group.
    let tally = |f: &Option<Expr>| match f {
        Some(f) => f.clone().fill_null(lit(false)).cast(DataType::Int64).sum(),
        None => len().cast(DataType::Int64),
    };
    let tallies = counts.iter().enumerate().map(|(i, (_, f))| tally(f).alias(n(i)));
    let df = lf
        .filter(in_span(date, c.first(), c.last()))
        .with_column(fy(date).alias("fy"))
        .group_by([col("LEA"), col("fy")])
        .agg(tallies.collect::<Vec<_>>())
        .collect()?;
    for (i, (id, _)) in counts.iter().enumerate() {
        let one = df.clone().lazy().filter(col(n(i)).gt(lit(0)));
        c.absorb(one.select([col("LEA"), col("fy"), lit("").alias("key"), col(n(i)).alias("n")]), id, false)?;
    }
    Ok(())
}
