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
    /// The text as written for ids made from free text (agency names).
    pub labels: BTreeMap<String, String>,
    /// (id, period) pairs the data cannot answer, such as what is new in the first year.
    unavailable: std::collections::BTreeSet<(String, String)>,
}

impl BaseCounts {
    /// Whether `id` comes from a file that was supplied (so a missing cell means zero).
    pub fn is_produced(&self, id: &str) -> bool {
        self.produced.iter().any(|p| id == p || id.strip_prefix(p.as_str()).is_some_and(|rest| rest.starts_with('.')))
    }

    pub fn get(&self, lea: &str, id: &str, period: &str) -> Option<i64> {
        if !self.is_produced(id) || self.unavailable.contains(&(id.to_string(), period.to_string())) {
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

/// Groups by authority and year (the frame has `fy`) and by `key` when given, tallying `n`.
/// Without a key, the empty key is added after grouping: grouping on a constant costs a pass.
fn tally_by(lf: LazyFrame, key: Option<Expr>, tally: Expr) -> LazyFrame {
    match key {
        Some(k) => lf.with_column(k.alias("key")).group_by([col("LEA"), col("fy"), col("key")]).agg([tally.alias("n")]),
        None => lf.group_by([col("LEA"), col("fy")]).agg([tally.alias("n")]).with_column(lit("").alias("key")),
    }
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
    Min(&'a str),
    Max(&'a str),
}

impl Tally<'_> {
    fn expr(self) -> Expr {
        match self {
            Tally::Rows => len(),
            Tally::Distinct(c) => col(c).n_unique(),
            Tally::Sum(c) => col(c).sum(),
            Tally::Filled(c) => col(c).count(),
            Tally::Min(c) => col(c).min(),
            Tally::Max(c) => col(c).max(),
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

    fn merge(&mut self, sums: Sums) {
        for (key, n) in sums {
            *self.out.counts.entry(key).or_default() += n;
        }
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
            // `fy` is a financial year's first calendar year, or a month written YYYYMM.
            let period =
                if y >= 100_000 { format!("{}-{:02}", y / 100, y % 100) } else { FinancialYear::new(y).to_string() };
            let full = match (keyed, key.get(i)) {
                (true, Some(k)) if !k.is_empty() => {
                    let full = format!("{id}.{}", slug(k));
                    self.out.labels.entry(full.clone()).or_insert_with(|| k.trim().to_string());
                    full
                }
                (true, _) => continue, // a breakdown counts only rows where the key is recorded
                (false, _) => id.to_string(),
            };
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
        key: Option<Expr>,
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
        key: Option<Expr>,
        tally: Tally,
        id: &str,
    ) -> PolarsResult<()> {
        let Some(mut lf) = lf else { return Ok(()) };
        lf = lf.filter(in_span(date, self.first, self.last));
        if let Some(f) = filter {
            lf = lf.filter(f);
        }
        let keyed = key.is_some();
        let grouped = tally_by(lf.with_column(fy(date).alias("fy")), key, tally.expr());
        self.absorb(grouped, id, keyed)
    }

    /// Distinct children (or rows) open at 31 March of each year; `filter` may depend on the date.
    fn at_31_march(
        &mut self,
        lf: Option<LazyFrame>,
        span: (&str, Option<&str>),
        filter: &dyn Fn(NaiveDate) -> Option<Expr>,
        key: Option<&dyn Fn(NaiveDate) -> Expr>,
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
            parts.push(tally_by(part.with_column(lit(y.start_year).alias("fy")), key.map(|k| k(d)), tally.expr()));
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

/// The value of `column` `n` rows back, if that row is in the same group. The frame must be
/// sorted by the group's columns first. (Cheaper than a window function, which regroups.)
fn back_in_group(column: &str, n: i64, group: &[&str]) -> Expr {
    let same = group.iter().map(|g| col(*g).shift(lit(n)).eq(col(*g))).reduce(Expr::and).expect("a group column");
    when(same).then(col(column).shift(lit(n))).otherwise(lit(NULL))
}

fn not_short_breaks() -> Expr {
    col("LS").neq(lit("V3")).and(col("LS").neq(lit("V4")))
}

/// Every base count the catalogue needs, for every year from `first` to `last`.
pub fn base_counts(frames: &Frames, first: FinancialYear, last: FinancialYear) -> PolarsResult<BaseCounts> {
    let mut c = Computer::new(frames, first, last);
    type Section = fn(&mut Computer) -> PolarsResult<()>;
    let sections: [(&str, Section); 10] = [
        ("contacts", contacts),
        ("referrals", referrals),
        ("child protection", child_protection),
        ("looked after", looked_after),
        ("children in need", children_in_need),
        ("assessments", assessments),
        ("training", training),
        ("early help", early_help),
        ("exploitation", exploitation),
        ("missing", missing),
    ];
    // SAFEGUARD_TIMINGS=1 prints how long each section takes, for finding slow queries.
    let timings = std::env::var_os("SAFEGUARD_TIMINGS").is_some();
    for (name, section) in sections {
        let started = std::time::Instant::now();
        section(&mut c)?;
        if timings {
            eprintln!("timing: {name}: {:.2} s", started.elapsed().as_secs_f64());
        }
    }
    Ok(c.finish())
}

/// Counts being folded from a grouped pass: a hash map, merged into the ordered base counts
/// once per distinct key (inserting millions of times into the ordered map was slow).
type Sums = PlHashMap<(String, String, String), i64>;

/// One grouped pass over a file: rows by authority, year and every combination of `dims`.
/// Counts that are sums over such combinations are then folded from this small table
/// instead of each scanning the file again.
type CubeRow = (String, i32, Vec<Option<String>>, i64);

fn cube(c: &Computer, lf: Option<LazyFrame>, date: &str, dims: &[&str]) -> PolarsResult<Vec<CubeRow>> {
    let Some(lf) = lf else { return Ok(Vec::new()) };
    let mut by = vec![col("LEA"), col("fy")];
    // Group on the columns' own types; only the small grouped result is turned into text.
    by.extend(dims.iter().map(|d| col(*d)));
    let df = lf
        .filter(in_span(date, c.first, c.last))
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

fn contacts(c: &mut Computer) -> PolarsResult<()> {
    let (f, d) = ("contacts", "ContactDate");
    if c.frames.get(f).is_none() {
        return Ok(());
    }
    let started = std::time::Instant::now();
    c.in_year(f, d, None, None, Tally::Distinct("LAchildID"), "contacts.children")?;
    crate::timing("contacts: distinct children", started);
    let started = std::time::Instant::now();
    let rows = cube(c, c.frame(f), d, &["ContactOutcome", "ContactSource", "LevelOfNeed"])?;
    crate::timing("contacts: grouped pass", started);
    for id in ["contacts.total", "contacts.outcome", "contacts.screened", "contacts.source", "contacts.level"] {
        c.out.produced.push(id.to_string());
    }
    let mut sums = Sums::default();
    for (lea, y, dims, n) in rows {
        let period = FinancialYear::new(y).to_string();
        let (outcome, source, level) = (dims[0].as_deref(), dims[1].as_deref(), dims[2].as_deref());
        let mut add = |id: String| *sums.entry((lea.clone(), id, period.clone())).or_default() += n;
        add("contacts.total".into());
        if let Some(o) = outcome {
            add(format!("contacts.outcome.{}", slug(o)));
            if !matches!(o, "ADMIN" | "ADVICE") {
                add("contacts.screened".into());
            }
        }
        if let Some(s) = source {
            add("contacts.source.recorded".into());
            add(format!("contacts.source.{}", slug(s)));
        }
        if let Some(l) = level {
            add(format!("contacts.level.{l}"));
            if let Some(o) = outcome {
                add(format!("contacts.level.{l}.{}", slug(o)));
            }
        }
    }
    c.merge(sums);
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
    let previous = back_in_group(d, 1, &["LEA", "LAchildID"]);
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
    c.in_year_of(Some(flagged), d, None, None, Tally::Rows, "referrals.rereferral_12m")
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
        parts.push(tally_by(open.with_column(lit(y.start_year).alias("fy")), None, len()));
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
        Some(&|_| col("InitialCategoryOfAbuse")),
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
    let by_child = ["LEA", "LAchildID"];
    let sequenced = df.lazy().sort(["LEA", "LAchildID", start], SortMultipleOptions::default()).with_columns([
        back_in_group(start, 1, &by_child).alias("previous_start"),
        back_in_group(end, 1, &by_child).alias("previous_end"),
    ]);
    let repeat = col("previous_end")
        .is_not_null()
        .and(col("previous_end").lt_eq(col(start)))
        .and(col("previous_end").gt_eq(col("year_before")));
    let earlier = col("previous_start").is_not_null().or(col("NumberOfPreviousCPP").fill_null(lit(0)).gt(lit(0)));
    for (flag, id) in [(repeat, "cp.repeat_within_12m"), (earlier, "cp.second_or_subsequent")] {
        c.in_year_of(Some(sequenced.clone()), start, Some(flag), None, Tally::Rows, id)?;
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
    let plan = ["LEA", "LAchildID", start];
    let due = when(col("previous_due").is_null()).then(col("first_due")).otherwise(col("previous_due"));
    let sequenced = df
        .lazy()
        .sort(["LEA", "LAchildID", start, review], SortMultipleOptions::default())
        .with_column(back_in_group("next_due", 1, &plan).alias("previous_due"));
    c.in_year_of(Some(sequenced), review, Some(col(review).lt_eq(due)), None, Tally::Rows, "cp.reviews.in_time")
}

fn any_of(column: &str, codes: &[&str]) -> Expr {
    codes.iter().map(|c| col(column).eq(lit(*c))).reduce(Expr::or).unwrap_or_else(|| lit(false))
}

/// Placement groups of the catalogue, by PLACE code.
pub const PLACEMENT_GROUPS: &[(&str, &[&str])] = &[
    ("foster", &["U1", "U2", "U3", "U4", "U5", "U6"]),
    ("adoption", &["A3", "A4", "A5", "A6"]),
    ("parents", &["P1"]),
    ("independent", &["P2", "P3", "H5", "K3"]),
    ("residential", &["K1", "K2", "R1", "R2", "R3", "R5", "S1"]),
    ("other", &["T0", "T1", "T2", "T3", "T4", "Z1", "Z11", "Z12", "Z13", "Z14"]),
];

fn placement_group() -> Expr {
    let [(g0, c0), (g1, c1), rest @ ..] = PLACEMENT_GROUPS else { unreachable!("six groups") };
    let mut chain = when(any_of("PLACE", c0)).then(lit(*g0)).when(any_of("PLACE", c1)).then(lit(*g1));
    for (group, codes) in rest {
        chain = chain.when(any_of("PLACE", codes)).then(lit(*group));
    }
    chain.otherwise(lit(""))
}

/// Age bands at `d`, from the date of birth; children without one are left out.
fn age_band(d: NaiveDate) -> Expr {
    use chrono::Datelike;
    let dob = || col("DOB");
    let birthday_later = (dob().dt().month().cast(DataType::Int32) * lit(100) + dob().dt().day().cast(DataType::Int32))
        .gt(lit(d.month() as i32 * 100 + d.day() as i32));
    let age = lit(d.year()) - dob().dt().year() - birthday_later.cast(DataType::Int32);
    when(dob().is_null())
        .then(lit(""))
        .when(age.clone().lt(lit(1)))
        .then(lit("under_1"))
        .when(age.clone().lt(lit(5)))
        .then(lit("1_4"))
        .when(age.clone().lt(lit(10)))
        .then(lit("5_9"))
        .when(age.lt(lit(16)))
        .then(lit("10_15"))
        .otherwise(lit("16_plus"))
}

fn looked_after(c: &mut Computer) -> PolarsResult<()> {
    let episodes = c.frame("lac_episodes").map(|lf| lf.filter(not_short_breaks()));
    let span = ("DECOM", Some("DEC"));
    let child = Tally::Distinct("CHILD");
    c.at_31_march(episodes.clone(), span, &|_| None, None, child, "lac.at_31_march")?;
    c.in_year_of(episodes.clone(), "DECOM", Some(col("RNE").eq(lit("S"))), None, child, "lac.started")?;
    c.in_year_of(episodes.clone(), "DEC", Some(col("REC").neq(lit("X1"))), None, child, "lac.ceased")?;
    c.at_31_march(episodes.clone(), span, &|_| None, Some(&|_| placement_group()), child, "lac.placement")?;
    let outside = || col("PL_LOCATION").eq(lit("OUT"));
    c.at_31_march(episodes.clone(), span, &|_| Some(outside()), None, child, "lac.outside_la")?;
    let near = |_| Some(outside().and(col("PL_DISTANCE").lt_eq(lit(20.0))));
    c.at_31_march(episodes.clone(), span, &near, None, child, "lac.outside_la.within_20_miles")?;
    if let (Some(e), Some(h)) = (episodes, c.frame("lac_header")) {
        let by = [col("LEA"), col("CHILD")];
        let with_birth =
            e.join(h.select([col("LEA"), col("CHILD"), col("DOB")]), by.clone(), by, JoinArgs::new(JoinType::Left));
        c.at_31_march(Some(with_birth), span, &|_| None, Some(&age_band), child, "lac.age")?;
    }
    c.in_year("lac_reviews", "REVIEW", None, None, Tally::Rows, "lac.reviews.held")?;
    lac_reviews_in_time(c)
}

/// A period of care's first review is due within 20 working days of its start, the second
/// within 3 months of the first, each later one within 6 months of the one before. A review is
/// placed in the period that started most recently on or before it; one with no such start
/// cannot be shown to be in time.
fn lac_reviews_in_time(c: &mut Computer) -> PolarsResult<()> {
    let (Some(reviews), Some(episodes)) = (c.frame("lac_reviews"), c.frame("lac_episodes")) else { return Ok(()) };
    let starts = episodes.filter(not_short_breaks().and(col("RNE").eq(lit("S")))).select([
        col("LEA"),
        col("CHILD"),
        col("DECOM").alias("period_start"),
    ]);
    let by = [col("LEA"), col("CHILD")];
    let placed = reviews
        .select([col("LEA"), col("CHILD"), col("REVIEW")])
        .with_row_index("review", None)
        .join(starts, by.clone(), by, JoinArgs::new(JoinType::Left))
        .with_column(
            when(col("period_start").lt_eq(col("REVIEW")))
                .then(col("period_start"))
                .otherwise(lit(NULL))
                .alias("period_start"),
        )
        .group_by([col("review"), col("LEA"), col("CHILD"), col("REVIEW")])
        .agg([col("period_start").max()])
        .sort(["LEA", "CHILD", "REVIEW", "review"], SortMultipleOptions::default());
    let period = ["LEA", "CHILD", "period_start"];
    let mut df = placed
        .with_columns([
            back_in_group("REVIEW", 1, &period).alias("previous"),
            back_in_group("REVIEW", 2, &period).alias("before_previous"),
        ])
        .collect()?;
    // Working days and month offsets need the calendar, so they are added in Rust.
    let (start, review) = (
        df.column("period_start")?.cast(&DataType::Int32)?.rechunk(),
        df.column("REVIEW")?.cast(&DataType::Int32)?.rechunk(),
    );
    let (start, review) = (start.i32()?, review.i32()?);
    let day = |n: i32| EPOCH.checked_add_signed(chrono::Duration::days(i64::from(n)));
    let from_start: Vec<Option<i64>> = (0..df.height())
        .map(|i| Some(crate::calendar::working_days_between(day(start.get(i)?)?, day(review.get(i)?)?)))
        .collect();
    df.with_column(Column::new("from_start".into(), from_start))?;
    df.with_column(shift_months(df.column("previous")?, 3, "previous_3m")?)?;
    df.with_column(shift_months(df.column("previous")?, 6, "previous_6m")?)?;
    let in_time = col("period_start").is_not_null().and(
        when(col("previous").is_null())
            .then(col("from_start").lt_eq(lit(20)))
            .when(col("before_previous").is_null())
            .then(col("REVIEW").lt_eq(col("previous_3m")))
            .otherwise(col("REVIEW").lt_eq(col("previous_6m"))),
    );
    c.in_year_of(Some(df.lazy()), "REVIEW", Some(in_time), None, Tally::Rows, "lac.reviews.in_time")
}

fn training(c: &mut Computer) -> PolarsResult<()> {
    let (s, d) = ("training_sessions", "SessionDate");
    let status = |v: &str| col("Status").eq(lit(v.to_string()));
    c.in_year(s, d, None, None, Tally::Rows, "training.sessions.planned")?;
    c.in_year(s, d, Some(status("DELIVERED")), None, Tally::Rows, "training.sessions.delivered")?;
    c.in_year(s, d, Some(status("CANCELLED")), None, Tally::Rows, "training.sessions.cancelled")?;
    c.in_year(s, d, Some(status("DELIVERED")), None, Tally::Distinct("CourseTitle"), "training.topics")?;
    if let Some(sessions) = c.frame(s) {
        // Titles delivered in a year that were not delivered the year before.
        let titles = sessions
            .filter(status("DELIVERED").and(in_span(d, c.first.previous(), c.last)))
            .select([col("LEA"), col("CourseTitle"), fy(d).alias("fy")])
            .unique(None, UniqueKeepStrategy::Any);
        let year_after = titles.clone().with_column((col("fy") + lit(1)).alias("fy"));
        let by = [col("LEA"), col("CourseTitle"), col("fy")];
        let new = titles
            .join(year_after, by.clone(), by, JoinArgs::new(JoinType::Anti))
            .filter(col("fy").gt_eq(lit(c.first.start_year)));
        let new = tally_by(new, None, len());
        c.absorb(new, "training.topics.new", false)?;
        // The first year has no year before it in the data.
        c.out.unavailable.insert(("training.topics.new".into(), c.first.to_string()));
    }
    // Each attendance row takes its session's date.
    let attendance = match (c.frame("training_attendance"), c.frame(s)) {
        (Some(a), Some(sessions)) => {
            let by = [col("LEA"), col("SessionID")];
            Some(a.join(
                sessions.select([col("LEA"), col("SessionID"), col(d)]),
                by.clone(),
                by,
                JoinArgs::new(JoinType::Inner),
            ))
        }
        _ => None,
    };
    let took_place = || any_of("Attendance", &["ATTENDED", "WALK_IN"]);
    let places = Some(took_place());
    c.in_year_of(attendance.clone(), d, places.clone(), None, Tally::Rows, "training.places_taken")?;
    c.in_year_of(attendance.clone(), d, Some(col("Attendance").eq(lit("DNA"))), None, Tally::Rows, "training.dna")?;
    c.in_year_of(
        attendance.clone(),
        d,
        Some(col("Attendance").eq(lit("WALK_IN"))),
        None,
        Tally::Rows,
        "training.walk_ins",
    )?;
    c.in_year_of(attendance.clone(), d, places.clone(), Some(col("Agency")), Tally::Rows, "training.agency")?;
    for (score, name) in [("PreScore", "pre"), ("PostScore", "post")] {
        c.in_year_of(
            attendance.clone(),
            d,
            places.clone(),
            None,
            Tally::Sum(score),
            &format!("training.understanding.{name}.sum"),
        )?;
        c.in_year_of(
            attendance.clone(),
            d,
            places.clone(),
            None,
            Tally::Filled(score),
            &format!("training.understanding.{name}.scored"),
        )?;
    }
    let gain = attendance.clone().map(|a| a.with_column((col("PostScore") - col("PreScore")).alias("gain")));
    let both = took_place().and(col("PreScore").is_not_null()).and(col("PostScore").is_not_null());
    c.in_year_of(gain.clone(), d, Some(both.clone()), None, Tally::Sum("gain"), "training.understanding.gain.sum")?;
    c.in_year_of(gain, d, Some(both), None, Tally::Rows, "training.understanding.gain.scored")?;
    c.in_year_of(attendance.clone(), d, None, None, Tally::Filled("WouldRecommend"), "training.recommend.recorded")?;
    c.in_year_of(attendance, d, Some(col("WouldRecommend").eq(lit(true))), None, Tally::Rows, "training.recommend.yes")
}

fn early_help(c: &mut Computer) -> PolarsResult<()> {
    c.in_year("early_help", "EHAStartDate", None, None, Tally::Rows, "early_help.started")?;
    let eh = c.frame("early_help");
    let span = ("EHAStartDate", Some("EHAEndDate"));
    c.at_31_march(eh.clone(), span, &|_| None, None, Tally::Rows, "early_help.open_at_31_march")?;
    let Some(eh) = eh else { return Ok(()) };
    // Open at a month's end = started by then − ended by then (an end on or before the
    // month's last day closes it). Two grouped passes and running sums, not a scan a month.
    let month = |date: &str| col(date).dt().year() * lit(100) + col(date).dt().month().cast(DataType::Int32);
    let by_month = |date: &str, lf: LazyFrame| {
        lf.group_by([col("LEA"), col("LeadAgency"), month(date).alias("month")])
            .agg([len().cast(DataType::Int64).alias("n")])
            .collect()
    };
    let starts = by_month("EHAStartDate", eh.clone())?;
    let ends = by_month("EHAEndDate", eh.filter(col("EHAEndDate").is_not_null()))?;
    // (authority, lead agency) → month → change in the number open.
    let mut changes: BTreeMap<(String, String), BTreeMap<i32, i64>> = BTreeMap::new();
    for (df, sign) in [(&starts, 1), (&ends, -1)] {
        let (lea, lead, m, n) = (
            df.column("LEA")?.str()?,
            df.column("LeadAgency")?.str()?,
            df.column("month")?.i32()?,
            df.column("n")?.i64()?,
        );
        for i in 0..df.height() {
            if let (Some(l), Some(a), Some(m), Some(n)) = (lea.get(i), lead.get(i), m.get(i), n.get(i)) {
                *changes.entry((l.to_string(), a.to_string())).or_default().entry(m).or_default() += sign * n;
            }
        }
    }
    let months: Vec<(i32, String)> = c
        .years()
        .flat_map(|y| (0..12).map(move |k| y.first_day().checked_add_months(Months::new(k)).expect("month exists")))
        .map(|d| (d.format("%Y%m").to_string().parse().expect("digits"), d.format("%Y-%m").to_string()))
        .collect();
    c.out.produced.push("early_help.open_at_month_end".into());
    for ((lea, lead), deltas) in changes {
        let (mut open, mut pending) = (0i64, deltas.into_iter().peekable());
        for (code, label) in &months {
            while let Some((_, n)) = pending.next_if(|(m, _)| m <= code) {
                open += n;
            }
            for id in
                [format!("early_help.open_at_month_end.{}", slug(&lead)), "early_help.open_at_month_end.total".into()]
            {
                *c.out.counts.entry((lea.clone(), id, label.clone())).or_default() += open;
            }
        }
    }
    Ok(())
}

/// Assessment factor groups of the catalogue.
pub const FACTOR_GROUPS: &[(&str, &[&str])] = &[
    ("alcohol", &["1A", "1B", "1C"]),
    ("drugs", &["2A", "2B", "2C"]),
    ("domestic_abuse", &["3A", "3B", "3C"]),
    ("mental_health", &["4A", "4B", "4C"]),
    ("learning_disability", &["5A", "5B", "5C"]),
    ("physical_disability", &["6A", "6B", "6C"]),
    ("young_carer", &["7A"]),
    ("privately_fostered", &["8B", "8C", "8D", "8E", "8F"]),
    ("uasc", &["9A"]),
    ("missing", &["10A"]),
    ("cse", &["11A"]),
    ("trafficking", &["12A"]),
    ("gangs", &["13A"]),
    ("socially_unacceptable_behaviour", &["14A"]),
    ("self_harm", &["15A"]),
    ("neglect", &["16A"]),
    ("emotional_abuse", &["17A"]),
    ("physical_abuse", &["18A", "18B", "18C"]),
    ("sexual_abuse", &["19A", "19B", "19C"]),
    ("other", &["20"]),
    ("fgm", &["22A"]),
    ("faith_or_belief", &["23A"]),
    ("cce", &["24A"]),
];

/// Adds per-assessment columns that need the calendar or the factor lists: whether it was
/// authorised within 45 working days, whether no factor (or only 21) was recorded, and a
/// bitmask of the factor groups present (bit k for `FACTOR_GROUPS[k]`).
fn assessment_columns(df: &DataFrame) -> PolarsResult<DataFrame> {
    let mut df = df.clone();
    let start = df.column("AssessmentActualStartDate")?.cast(&DataType::Int32)?.rechunk();
    let end = df.column("AssessmentAuthorisationDate")?.cast(&DataType::Int32)?.rechunk();
    let (start, end) = (start.i32()?, end.i32()?);
    let day = |n: i32| EPOCH.checked_add_signed(chrono::Duration::days(i64::from(n)));
    let within: Vec<Option<bool>> = (0..df.height())
        .map(|i| Some(crate::calendar::working_days_between(day(start.get(i)?)?, day(end.get(i)?)?) <= 45))
        .collect();
    df.with_column(Column::new("within_45wd".into(), within))?;
    let factors = df.column("AssessmentFactors")?.str()?.clone();
    let (mut none, mut masks) = (Vec::with_capacity(df.height()), Vec::with_capacity(df.height()));
    for i in 0..df.height() {
        let (mut mask, mut only_none) = (0i64, true);
        for code in factors.get(i).unwrap_or("").split(';').filter(|x| !x.is_empty()) {
            only_none &= code == "21";
            if let Some(k) = FACTOR_GROUPS.iter().position(|(_, members)| members.contains(&code)) {
                mask |= 1 << k;
            }
        }
        none.push(only_none);
        masks.push(mask);
    }
    df.with_column(Column::new("no_factors".into(), none))?;
    df.with_column(Column::new("factor_mask".into(), masks))?;
    Ok(df)
}

fn assessments(c: &mut Computer) -> PolarsResult<()> {
    let Some(df) = c.frames.get("assessments") else { return Ok(()) };
    let lf = Some(assessment_columns(df)?.lazy());
    let dims = ["within_45wd", "no_factors", "RequiresCSCSupport", "factor_mask"];
    let rows = cube(c, lf, "AssessmentAuthorisationDate", &dims)?;
    for id in ["cfa.completed", "cfa.within_45wd", "cfa.no_factors", "cfa.nfa", "cfa.factor"] {
        c.out.produced.push(id.to_string());
    }
    let mut sums = Sums::default();
    for (lea, y, dims, n) in rows {
        let period = FinancialYear::new(y).to_string();
        let mut add = |id: String| *sums.entry((lea.clone(), id, period.clone())).or_default() += n;
        add("cfa.completed".into());
        if dims[0].as_deref() == Some("true") {
            add("cfa.within_45wd".into());
        }
        if dims[1].as_deref() == Some("true") {
            add("cfa.no_factors".into());
        }
        if dims[2].as_deref() == Some("false") {
            add("cfa.nfa".into());
        }
        let mask: i64 = dims[3].as_deref().and_then(|m| m.parse().ok()).unwrap_or(0);
        for (k, (group, _)) in FACTOR_GROUPS.iter().enumerate() {
            if mask & (1 << k) != 0 {
                add(format!("cfa.factor.{group}"));
            }
        }
    }
    c.merge(sums);
    Ok(())
}

/// Age in whole years on the date in `date`, from the birth date in `birth`.
fn age_on(birth: &str, date: &str) -> Expr {
    let md = |c: &str| col(c).dt().month().cast(DataType::Int32) * lit(100) + col(c).dt().day().cast(DataType::Int32);
    col(date).dt().year() - col(birth).dt().year() - md(birth).gt(md(date)).cast(DataType::Int32)
}

fn exploitation(c: &mut Computer) -> PolarsResult<()> {
    let Some(panel) = c.frame("cse_panel") else { return Ok(()) };
    let d = "PanelDate";
    c.in_year_of(Some(panel.clone()), d, None, None, Tally::Distinct("LAchildID"), "cse.children")?;
    c.in_year_of(Some(panel.clone()), d, None, None, Tally::Rows, "cse.discussions")?;
    c.in_year_of(Some(panel.clone()), d, None, Some(col("PlanType")), Tally::Rows, "cse.plan")?;
    // One row per child and year: sex, ethnicity and risk at the latest discussion; age at the first.
    let per_child = panel
        .filter(in_span(d, c.first, c.last))
        .with_column(fy(d).alias("year"))
        .sort(["LEA", "LAchildID", d], SortMultipleOptions::default())
        .with_column(age_on("PersonBirthDate", d).alias("age"))
        .group_by_stable([col("LEA"), col("LAchildID"), col("year")])
        .agg([
            col(d).first().alias("first_date"),
            col("age").first().alias("age"),
            col("Sex").last(),
            col("Ethnicity").last(),
            col("RiskLevel").last(),
        ]);
    let first = "first_date";
    let child = Some(per_child.clone());
    c.in_year_of(child.clone(), first, None, Some(col("Sex")), Tally::Rows, "cse.sex")?;
    let ethnicity = when(col("Ethnicity").is_null().or(any_of("Ethnicity", &["REFU", "NOBT"])))
        .then(lit("unknown"))
        .when(col("Ethnicity").eq(lit("WBRI")))
        .then(lit("white_british"))
        .otherwise(lit("other"));
    c.in_year_of(child.clone(), first, None, Some(ethnicity), Tally::Rows, "cse.ethnicity")?;
    c.in_year_of(child.clone(), first, None, Some(col("RiskLevel")), Tally::Rows, "cse.risk")?;
    c.in_year_of(child.clone(), first, None, None, Tally::Min("age"), "cse.age.min")?;
    c.in_year_of(child.clone(), first, None, None, Tally::Max("age"), "cse.age.max")?;
    let mid_teens = col("age").gt_eq(lit(14)).and(col("age").lt_eq(lit(16)));
    c.in_year_of(child, first, Some(mid_teens), None, Tally::Rows, "cse.age.14_16")
}

/// Spans when a child was open to children's social care: a CIN episode that was not NFA, a
/// protection plan, or care (short breaks excluded), as (LEA, child, from, to).
fn open_to_social_care(c: &Computer) -> Option<LazyFrame> {
    let span = |lf: LazyFrame, child: &str, from: &str, to: &str| {
        lf.select([col("LEA"), col(child).alias("child"), col(from).alias("from"), col(to).alias("to")])
    };
    let mut parts = Vec::new();
    if let Some(r) = c.frame("referrals") {
        parts.push(span(r.filter(col("ReferralNFA").eq(lit(false))), "LAchildID", "CINreferralDate", "CINclosureDate"));
    }
    if let Some(p) = c.frame("cp_plans") {
        parts.push(span(p, "LAchildID", "CPPstartDate", "CPPendDate"));
    }
    if let Some(e) = c.frame("lac_episodes") {
        parts.push(span(e.filter(not_short_breaks()), "CHILD", "DECOM", "DEC"));
    }
    concat(parts, UnionArgs::default()).ok()
}

fn missing(c: &mut Computer) -> PolarsResult<()> {
    let Some(episodes) = c.frame("missing_episodes") else { return Ok(()) };
    let d = "MissingStartDate";
    let episodes = episodes.with_row_index("episode", None);
    c.in_year_of(Some(episodes.clone()), d, None, None, Tally::Rows, "missing.episodes")?;
    c.in_year_of(Some(episodes.clone()), d, None, None, Tally::Distinct("LAchildID"), "missing.children")?;
    let by = |who: &str| [col("LEA"), col(who)];
    if let Some(open) = open_to_social_care(c) {
        // Episodes that started while one of the child's spans was open.
        let flagged = episodes
            .clone()
            .join(open, by("LAchildID"), by("child"), JoinArgs::new(JoinType::Inner))
            .filter(col("from").lt_eq(col(d)).and(col("to").is_null().or(col("to").gt(col(d)))))
            .unique(Some(cols(["episode"])), UniqueKeepStrategy::First);
        c.in_year_of(Some(flagged.clone()), d, None, None, Tally::Rows, "missing.open_to_csc.episodes")?;
        c.in_year_of(Some(flagged), d, None, None, Tally::Distinct("LAchildID"), "missing.open_to_csc.children")?;
    }
    if let Some(panel) = c.frame("cse_panel") {
        // Discussed at the panel in the 365 days up to and including the start.
        let seen = panel.select([col("LEA"), col("LAchildID").alias("child"), col("PanelDate")]);
        let days_before = col(d).cast(DataType::Int32) - col("PanelDate").cast(DataType::Int32);
        let known = episodes
            .join(seen, by("LAchildID"), by("child"), JoinArgs::new(JoinType::Inner))
            .filter(days_before.clone().gt_eq(lit(0)).and(days_before.lt_eq(lit(364))))
            .unique(Some(cols(["episode"])), UniqueKeepStrategy::First);
        c.in_year_of(Some(known.clone()), d, None, None, Tally::Rows, "missing.cse_known.episodes")?;
        c.in_year_of(Some(known), d, None, None, Tally::Distinct("LAchildID"), "missing.cse_known.children")?;
    }
    Ok(())
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
/// (authority, id, period) → the value as given, its unit, and the section and measure names.
pub type Measures = BTreeMap<(String, String, String), Measure>;

#[derive(Debug, Clone)]
pub struct Measure {
    pub value: f64,
    pub unit: String,
    pub section: String,
    pub name: String,
}

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
            let m = Measure { value: v, unit: u, section: s.trim().to_string(), name: m.trim().to_string() };
            out.insert((l.to_string(), id, p.to_string()), m);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::{SynthOptions, generate};

    /// Open at 31 March = open a year before + started in year − ended in year, for every
    /// record-level stock, on synthetic data of a few seeds. This pins the boundary rules
    /// (start ≤ 31 March < end; "in year" includes both 1 April and 31 March) to each other.
    #[test]
    fn stocks_and_flows_reconcile_on_synthetic_data() {
        for seed in [11, 12] {
            let dir = tempfile::tempdir().unwrap();
            let opts = SynthOptions { out: dir.path().into(), seed, scale: 0.1, years: 3, ..SynthOptions::default() };
            generate(&opts).unwrap();
            let (frames, diag) = crate::ingest(dir.path(), &crate::Overrides::default());
            let frames = frames.unwrap_or_else(|| panic!("{}", diag.render_text()));
            let (first, last) = (frames.first_year, frames.reporting_year);
            let mut c = Computer::new(&frames, first, last);
            for (stem, start, end, label) in
                [("cp_plans", "CPPstartDate", "CPPendDate", "plans"), ("lac_episodes", "DECOM", "DEC", "episodes")]
            {
                let lf = c.frame(stem);
                c.at_31_march(lf, (start, Some(end)), &|_| None, None, Tally::Rows, &format!("{label}.open")).unwrap();
                c.in_year(stem, start, None, None, Tally::Rows, &format!("{label}.started")).unwrap();
                c.in_year(stem, end, None, None, Tally::Rows, &format!("{label}.ended")).unwrap();
            }
            let counts = c.finish();
            for label in ["plans", "episodes"] {
                let get = |what: &str, y: FinancialYear| {
                    counts.get("999", &format!("{label}.{what}"), &y.to_string()).unwrap()
                };
                let mut y = first.next();
                while y <= last {
                    let (before, after) = (get("open", y.previous()), get("open", y));
                    let (started, ended) = (get("started", y), get("ended", y));
                    assert!(started > 0 && ended > 0, "seed {seed}: {label} move in {y}");
                    assert_eq!(after, before + started - ended, "seed {seed}: {label} in {y}");
                    y = y.next();
                }
            }
        }
    }

    #[test]
    fn months_clamp_to_the_end_of_the_month() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let days = |x: NaiveDate| (x - EPOCH).num_days() as i32;
        let c = Column::new("d".into(), [days(d(2016, 11, 30)), days(d(2016, 2, 29)), days(d(2017, 5, 31))])
            .cast(&DataType::Date)
            .unwrap();
        let shifted = shift_months(&c, 3, "x").unwrap().cast(&DataType::Int32).unwrap();
        let ca = shifted.i32().unwrap();
        let got: Vec<Option<i32>> = (0..ca.len()).map(|i| ca.get(i)).collect();
        // 30 Nov + 3 months = 28 Feb (2017 is not a leap year); 29 Feb 2016 + 3 = 29 May; 31 May + 3 = 31 Aug.
        assert_eq!(got, vec![Some(days(d(2017, 2, 28))), Some(days(d(2016, 5, 29))), Some(days(d(2017, 8, 31)))]);
        let back = shift_months(&c, -12, "y").unwrap().cast(&DataType::Int32).unwrap();
        // 29 February 2016 − 12 months = 28 February 2015.
        assert_eq!(back.i32().unwrap().get(1), Some(days(d(2015, 2, 28))));
    }
}
