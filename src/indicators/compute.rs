//! Base counts, computed with polars by a few generic routines: events in a year, distinct
//! children in a year, what is open at 31 March, and flagged sequences (a child's previous
//! referral or plan). Every routine groups by authority and financial year in one pass.

use super::catalogue::slug;
use crate::frames::Frames;
use crate::period::FinancialYear;
use chrono::{Months, NaiveDate};
use polars::prelude::*;
use std::collections::BTreeMap;

/// (authority, id, period) → count.
pub type Counts = BTreeMap<(String, String, String), i64>;

/// Base counts, and which ids (or id prefixes) their source files could produce.
#[derive(Debug, Default)]
pub struct BaseCounts {
    pub counts: Counts,
    produced: Vec<String>,
}

impl BaseCounts {
    /// Whether `id` comes from a file that was supplied (so a missing cell means zero).
    pub fn is_produced(&self, id: &str) -> bool {
        self.produced.iter().any(|p| id == p || id.strip_prefix(p.as_str()).is_some_and(|rest| rest.starts_with('.')))
    }

    pub fn get(&self, lea: &str, id: &str, period: &str) -> Option<i64> {
        if !self.is_produced(id) {
            return None;
        }
        Some(self.counts.get(&(lea.to_string(), id.to_string(), period.to_string())).copied().unwrap_or(0))
    }
}

const EPOCH: NaiveDate = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");

/// The financial year of a date column, as the year it starts in.
fn fy(date: &str) -> Expr {
    col(date).dt().year() - col(date).dt().month().lt(lit(4)).cast(DataType::Int32)
}

fn in_span(date: &str, first: FinancialYear, last: FinancialYear) -> Expr {
    col(date).gt_eq(lit(first.first_day())).and(col(date).lt_eq(lit(last.last_day())))
}

/// Open at the end of `d`: started on or before, and not ended by then.
fn open_at(start: &str, end: Option<&str>, d: NaiveDate) -> Expr {
    let started = col(start).lt_eq(lit(d));
    match end {
        Some(end) => started.and(col(end).is_null().or(col(end).gt(lit(d)))),
        None => started,
    }
}

/// What to count in each group: rows, or distinct values of a column (children).
#[derive(Clone, Copy)]
enum Tally<'a> {
    Rows,
    Distinct(&'a str),
    /// The sum of a whole-number column (for means).
    Sum(&'a str),
    /// Rows where the column is filled in.
    Filled(&'a str),
}

impl Tally<'_> {
    fn expr(self) -> Expr {
        match self {
            Tally::Rows => len(),
            Tally::Distinct(c) => col(c).n_unique(),
            Tally::Sum(c) => col(c).sum(),
            Tally::Filled(c) => col(c).count(),
        }
    }
}

/// Dates shifted by whole calendar months, clamped to the month's end (31 May − 3 months = 28/29 Feb).
pub fn shift_months(c: &Column, months: i32, name: &str) -> PolarsResult<Column> {
    let days = c.cast(&DataType::Int32)?.rechunk();
    let days = days.i32()?;
    let shifted: Vec<Option<i32>> = (0..days.len())
        .map(|i| days.get(i))
        .map(|d| {
            let date = EPOCH.checked_add_signed(chrono::Duration::days(i64::from(d?)))?;
            let moved = if months >= 0 {
                date.checked_add_months(Months::new(months as u32))
            } else {
                date.checked_sub_months(Months::new(months.unsigned_abs()))
            }?;
            Some((moved - EPOCH).num_days() as i32)
        })
        .collect();
    Column::new(name.into(), shifted).cast(&DataType::Date)
}

pub struct Computer<'a> {
    frames: &'a Frames,
    first: FinancialYear,
    last: FinancialYear,
    out: BaseCounts,
}

impl<'a> Computer<'a> {
    pub fn new(frames: &'a Frames, first: FinancialYear, last: FinancialYear) -> Self {
        Self { frames, first, last, out: BaseCounts::default() }
    }

    pub fn finish(self) -> BaseCounts {
        self.out
    }

    fn years(&self) -> impl Iterator<Item = FinancialYear> {
        (self.first.start_year..=self.last.start_year).map(FinancialYear::new)
    }

    /// Reads a grouped result with columns LEA, fy, key, n into the counts.
    fn absorb(&mut self, lf: LazyFrame, id: &str, keyed: bool) -> PolarsResult<()> {
        self.out.produced.push(id.to_string());
        let df = lf
            .select([
                col("LEA"),
                col("fy").cast(DataType::Int32),
                col("key").cast(DataType::String),
                col("n").cast(DataType::Int64),
            ])
            .collect()?;
        let (lea, year, key, n) =
            (df.column("LEA")?.str()?, df.column("fy")?.i32()?, df.column("key")?.str()?, df.column("n")?.i64()?);
        for i in 0..df.height() {
            let (Some(lea), Some(y), Some(n)) = (lea.get(i), year.get(i), n.get(i)) else { continue };
            let full = match (keyed, key.get(i)) {
                (true, Some(k)) if !k.is_empty() => format!("{id}.{}", slug(k)),
                (true, _) => continue, // a breakdown counts only rows where the key is recorded
                (false, _) => id.to_string(),
            };
            let period = FinancialYear::new(y).to_string();
            *self.out.counts.entry((lea.to_string(), full, period)).or_default() += n;
        }
        Ok(())
    }

    fn frame(&self, stem: &str) -> Option<LazyFrame> {
        self.frames.get(stem).map(|df| df.clone().lazy())
    }

    /// Rows (or distinct children) dated in each year, optionally filtered and broken down by `key`.
    fn in_year(
        &mut self,
        stem: &str,
        date: &str,
        filter: Option<Expr>,
        key: Option<&str>,
        tally: Tally,
        id: &str,
    ) -> PolarsResult<()> {
        let lf = self.frame(stem);
        self.in_year_of(lf, date, filter, key, tally, id)
    }

    /// As [`Self::in_year`], for a frame joined or filtered first.
    fn in_year_of(
        &mut self,
        lf: Option<LazyFrame>,
        date: &str,
        filter: Option<Expr>,
        key: Option<&str>,
        tally: Tally,
        id: &str,
    ) -> PolarsResult<()> {
        let Some(mut lf) = lf else { return Ok(()) };
        lf = lf.filter(in_span(date, self.first, self.last));
        if let Some(f) = filter {
            lf = lf.filter(f);
        }
        let key_expr = key.map_or_else(|| lit(""), col);
        let grouped = lf
            .with_columns([fy(date).alias("fy"), key_expr.alias("key")])
            .group_by([col("LEA"), col("fy"), col("key")])
            .agg([tally.expr().alias("n")]);
        self.absorb(grouped, id, key.is_some())
    }

    /// Distinct children (or rows) open at 31 March of each year; `filter` may depend on the date.
    fn at_31_march(
        &mut self,
        lf: Option<LazyFrame>,
        span: (&str, Option<&str>),
        filter: &dyn Fn(NaiveDate) -> Option<Expr>,
        key: Option<&str>,
        tally: Tally,
        id: &str,
    ) -> PolarsResult<()> {
        let Some(lf) = lf else { return Ok(()) };
        let mut parts = Vec::new();
        for y in self.years() {
            let d = y.last_day();
            let mut part = lf.clone().filter(open_at(span.0, span.1, d));
            if let Some(f) = filter(d) {
                part = part.filter(f);
            }
            let key_expr = key.map_or_else(|| lit(""), col);
            parts.push(
                part.with_columns([lit(y.start_year).alias("fy"), key_expr.alias("key")])
                    .group_by([col("LEA"), col("fy"), col("key")])
                    .agg([tally.expr().alias("n")]),
            );
        }
        self.absorb(concat(parts, UnionArgs::default())?, id, key.is_some())
    }

    /// Children open at 31 March of year `y` in a file, as (LEA, child).
    fn open_children(&self, lf: LazyFrame, span: (&str, Option<&str>), child: &str, d: NaiveDate) -> LazyFrame {
        lf.filter(open_at(span.0, span.1, d))
            .select([col("LEA"), col(child).alias("child")])
            .unique(None, UniqueKeepStrategy::Any)
    }
}

fn not_short_breaks() -> Expr {
    col("LS").neq(lit("V3")).and(col("LS").neq(lit("V4")))
}

/// Every base count the catalogue needs, for every year from `first` to `last`.
pub fn base_counts(frames: &Frames, first: FinancialYear, last: FinancialYear) -> PolarsResult<BaseCounts> {
    let mut c = Computer::new(frames, first, last);
    contacts(&mut c)?;
    referrals(&mut c)?;
    child_protection(&mut c)?;
    looked_after(&mut c)?;
    children_in_need(&mut c)?;
    Ok(c.finish())
}

fn contacts(c: &mut Computer) -> PolarsResult<()> {
    let (f, d) = ("contacts", "ContactDate");
    c.in_year(f, d, None, None, Tally::Rows, "contacts.total")?;
    c.in_year(f, d, None, None, Tally::Distinct("LAchildID"), "contacts.children")?;
    c.in_year(f, d, None, Some("ContactOutcome"), Tally::Rows, "contacts.outcome")?;
    let screened = col("ContactOutcome").neq(lit("ADMIN")).and(col("ContactOutcome").neq(lit("ADVICE")));
    c.in_year(f, d, Some(screened), None, Tally::Rows, "contacts.screened")?;
    c.in_year(f, d, Some(col("ContactSource").is_not_null()), None, Tally::Rows, "contacts.source.recorded")?;
    c.in_year(f, d, None, Some("ContactSource"), Tally::Rows, "contacts.source")?;
    c.in_year(f, d, None, Some("LevelOfNeed"), Tally::Rows, "contacts.level")?;
    for level in crate::contract::LEVELS {
        let at_level = col("LevelOfNeed").eq(lit(*level));
        c.in_year(f, d, Some(at_level), Some("ContactOutcome"), Tally::Rows, &format!("contacts.level.{level}"))?;
    }
    Ok(())
}

fn referrals(c: &mut Computer) -> PolarsResult<()> {
    let Some(df) = c.frames.get("referrals") else { return Ok(()) };
    let (f, d) = ("referrals", "CINreferralDate");
    c.in_year(f, d, None, None, Tally::Rows, "referrals.total")?;
    c.in_year(f, d, Some(col("ReferralNFA").eq(lit(true))), None, Tally::Rows, "referrals.nfa")?;
    // A re-referral: the child's previous referral is earlier, and no more than 12 months earlier.
    let mut df = df.clone();
    df.with_column(shift_months(df.column(d)?, -12, "year_before")?)?;
    let previous = col(d).shift(lit(1)).over([col("LEA"), col("LAchildID")])?;
    let flagged = df
        .lazy()
        .sort(["LEA", "LAchildID", d], SortMultipleOptions::default())
        .with_column(previous.alias("previous"))
        .filter(
            col("previous")
                .is_not_null()
                .and(col("previous").lt(col(d)))
                .and(col("previous").gt_eq(col("year_before"))),
        );
    let grouped = flagged
        .filter(in_span(d, c.first, c.last))
        .with_columns([fy(d).alias("fy"), lit("").alias("key")])
        .group_by([col("LEA"), col("fy"), col("key")])
        .agg([len().alias("n")]);
    c.absorb(grouped, "referrals.rereferral_12m", false)
}

fn children_in_need(c: &mut Computer) -> PolarsResult<()> {
    let Some(refs) = c.frame("referrals") else { return Ok(()) };
    let cin = refs.filter(col("ReferralNFA").eq(lit(false)));
    let span = ("CINreferralDate", Some("CINclosureDate"));
    c.at_31_march(Some(cin.clone()), span, &|_| None, None, Tally::Distinct("LAchildID"), "cin.at_31_march")?;
    // Less children on a plan or looked after at the same date.
    let (plans, episodes) = (c.frame("cp_plans"), c.frame("lac_episodes"));
    let mut parts = Vec::new();
    for y in c.years() {
        let d = y.last_day();
        let mut open = c.open_children(cin.clone(), span, "LAchildID", d);
        if let Some(p) = &plans {
            let on_plan = c.open_children(p.clone(), ("CPPstartDate", Some("CPPendDate")), "LAchildID", d);
            open = open.join(
                on_plan,
                [col("LEA"), col("child")],
                [col("LEA"), col("child")],
                JoinArgs::new(JoinType::Anti),
            );
        }
        if let Some(e) = &episodes {
            let in_care = c.open_children(e.clone().filter(not_short_breaks()), ("DECOM", Some("DEC")), "CHILD", d);
            open = open.join(
                in_care,
                [col("LEA"), col("child")],
                [col("LEA"), col("child")],
                JoinArgs::new(JoinType::Anti),
            );
        }
        parts.push(
            open.with_columns([lit(y.start_year).alias("fy"), lit("").alias("key")])
                .group_by([col("LEA"), col("fy"), col("key")])
                .agg([len().alias("n")]),
        );
    }
    c.absorb(concat(parts, UnionArgs::default())?, "cin.at_31_march.excl_cp_lac", false)
}

fn child_protection(c: &mut Computer) -> PolarsResult<()> {
    let Some(df) = c.frames.get("cp_plans") else { return Ok(()) };
    let (f, start, end) = ("cp_plans", "CPPstartDate", "CPPendDate");
    let span = (start, Some(end));
    let all = Some(df.clone().lazy());
    c.at_31_march(all.clone(), span, &|_| None, None, Tally::Distinct("LAchildID"), "cp.at_31_march")?;
    c.at_31_march(
        all.clone(),
        span,
        &|_| None,
        Some("InitialCategoryOfAbuse"),
        Tally::Distinct("LAchildID"),
        "cp.at_31_march.category",
    )?;
    let two_years_before = |d: NaiveDate| d.checked_sub_months(Months::new(24)).map(|b| col(start).lt_eq(lit(b)));
    c.at_31_march(all, span, &two_years_before, None, Tally::Rows, "cp.over_2_years")?;
    c.in_year(f, start, None, None, Tally::Rows, "cp.started")?;
    c.in_year(f, end, None, None, Tally::Rows, "cp.ended")?;

    // The child's previous plan: for repeats within 12 months and second or subsequent plans.
    let mut df = df.clone();
    df.with_column(shift_months(df.column(start)?, -12, "year_before")?)?;
    let by_child = [col("LEA"), col("LAchildID")];
    let sequenced = df.lazy().sort(["LEA", "LAchildID", start], SortMultipleOptions::default()).with_columns([
        col(start).shift(lit(1)).over(by_child.clone())?.alias("previous_start"),
        col(end).shift(lit(1)).over(by_child)?.alias("previous_end"),
    ]);
    let repeat = col("previous_end")
        .is_not_null()
        .and(col("previous_end").lt_eq(col(start)))
        .and(col("previous_end").gt_eq(col("year_before")));
    let earlier = col("previous_start").is_not_null().or(col("NumberOfPreviousCPP").fill_null(lit(0)).gt(lit(0)));
    for (flag, id) in [(repeat, "cp.repeat_within_12m"), (earlier, "cp.second_or_subsequent")] {
        let grouped = sequenced
            .clone()
            .filter(in_span(start, c.first, c.last).and(flag))
            .with_columns([fy(start).alias("fy"), lit("").alias("key")])
            .group_by([col("LEA"), col("fy"), col("key")])
            .agg([len().alias("n")]);
        c.absorb(grouped, id, false)?;
    }
    cp_reviews(c)
}

/// A review is in time if the first of its plan is within 3 months of the plan's start and
/// each later one within 6 months of the previous review (on the due date counts as in time).
fn cp_reviews(c: &mut Computer) -> PolarsResult<()> {
    let Some(df) = c.frames.get("cp_reviews") else { return Ok(()) };
    let (start, review) = ("CPPstartDate", "CPPreviewDate");
    c.in_year("cp_reviews", review, None, None, Tally::Rows, "cp.reviews.held")?;
    let mut df = df.clone();
    df.with_column(shift_months(df.column(start)?, 3, "first_due")?)?;
    df.with_column(shift_months(df.column(review)?, 6, "next_due")?)?;
    let plan = [col("LEA"), col("LAchildID"), col(start)];
    let due = when(col("previous_due").is_null()).then(col("first_due")).otherwise(col("previous_due"));
    let grouped = df
        .lazy()
        .sort(["LEA", "LAchildID", start, review], SortMultipleOptions::default())
        .with_column(col("next_due").shift(lit(1)).over(plan)?.alias("previous_due"))
        .filter(in_span(review, c.first, c.last).and(col(review).lt_eq(due)))
        .with_columns([fy(review).alias("fy"), lit("").alias("key")])
        .group_by([col("LEA"), col("fy"), col("key")])
        .agg([len().alias("n")]);
    c.absorb(grouped, "cp.reviews.in_time", false)
}

fn looked_after(c: &mut Computer) -> PolarsResult<()> {
    let episodes = c.frame("lac_episodes").map(|lf| lf.filter(not_short_breaks()));
    c.at_31_march(episodes, ("DECOM", Some("DEC")), &|_| None, None, Tally::Distinct("CHILD"), "lac.at_31_march")
}

/// Population estimates: the mid-year estimate of a financial year's first calendar year.
pub fn population(frames: &Frames) -> PolarsResult<BTreeMap<(String, String), i64>> {
    let mut out = BTreeMap::new();
    let Some(df) = frames.get("population") else { return Ok(out) };
    let (lea, year, pop) = (df.column("LEA")?.str()?, df.column("Year")?.i64()?, df.column("Population0to17")?.i64()?);
    for i in 0..df.height() {
        if let (Some(l), Some(y), Some(p)) = (lea.get(i), year.get(i), pop.get(i)) {
            out.insert((l.to_string(), FinancialYear::new(y as i32).to_string()), p);
        }
    }
    Ok(out)
}

/// Partner measures as given: (authority, id, period) → (value, unit).
pub type Measures = BTreeMap<(String, String, String), (f64, String)>;

pub fn measures(frames: &Frames) -> PolarsResult<Measures> {
    let mut out = BTreeMap::new();
    let Some(df) = frames.get("measures") else { return Ok(out) };
    let cols = ["LEA", "Section", "Measure", "Period", "Unit"].map(|n| df.column(n).and_then(|c| c.str().cloned()));
    let [lea, section, measure, period, unit] = cols;
    let (lea, section, measure, period, unit) = (lea?, section?, measure?, period?, unit?);
    let value = df.column("Value")?.f64()?;
    for i in 0..df.height() {
        if let (Some(l), Some(s), Some(m), Some(p), Some(v)) =
            (lea.get(i), section.get(i), measure.get(i), period.get(i), value.get(i))
        {
            let id = format!("measure.{}.{}", slug(s), slug(m));
            let u = unit.get(i).unwrap_or("COUNT").to_ascii_lowercase();
            out.insert((l.to_string(), id, p.to_string()), (v, u));
        }
    }
    Ok(out)
}
