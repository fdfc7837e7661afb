//! The generic engine the topics compute their base counts with, in polars: events in a year,
//! distinct children in a year, what is open at 31 March, flagged sequences (a child's previous
//! referral or plan) and grouped cubes. Every routine groups by authority and financial year in
//! one pass. The topics (`topics/`) say what to count; nothing here knows a topic.

use crate::frames::Frames;
use crate::period::{FinancialYear, Month, Period};
use chrono::{Months, NaiveDate};
use polars::prelude::*;
use std::collections::BTreeMap;

/// (authority, id, period) → count.
pub type Counts = BTreeMap<(String, String, Period), i64>;

/// Base counts, and which ids (or id prefixes) their source files could produce.
#[derive(Debug, Default)]
pub struct BaseCounts {
    pub counts: Counts,
    produced: Vec<String>,
    /// For ids made from free text (agency names): each spelling found, with its rows.
    spellings: BTreeMap<String, BTreeMap<String, i64>>,
    /// (id, period) pairs the data cannot answer, such as what is new in the first year.
    unavailable: std::collections::BTreeSet<(String, Period)>,
    /// (authority, id prefix, year): a dataset does not cover the year for the authority (a
    /// return holds only its own year).
    uncovered: Vec<(String, String, FinancialYear)>,
    /// Columns the figures need that a file lacks or leaves empty for a year: the figures
    /// built on them are not available there, never zero.
    pub gaps: Vec<super::gaps::Gap>,
}

impl BaseCounts {
    /// Whether `id` comes from a file that was supplied (so a missing cell means zero).
    pub fn is_produced(&self, id: &str) -> bool {
        let under = |p: &String| id == p || id.strip_prefix(p.as_str()).is_some_and(|rest| rest.starts_with('.'));
        self.produced.iter().any(under)
    }

    /// The label of an id made from free text: of the spellings that give it ("Police",
    /// "police", "Police."), the one on most rows, then the first in alphabetical order, so
    /// it never depends on the order rows are read in.
    pub fn label(&self, id: &str) -> Option<&str> {
        let spellings = self.spellings.get(id)?;
        spellings.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0))).map(|(s, _)| s.as_str())
    }

    fn is_uncovered(&self, lea: &str, id: &str, period: Period) -> bool {
        let year = FinancialYear::containing(period.first_day());
        self.uncovered.iter().any(|(l, p, y)| {
            *y == year && l == lea && (id == p || id.strip_prefix(p.as_str()).is_some_and(|rest| rest.starts_with('.')))
        })
    }

    pub fn get(&self, lea: &str, id: &str, period: Period) -> Option<i64> {
        if !self.is_produced(id)
            || self.unavailable.contains(&(id.to_string(), period))
            || self.gaps.iter().any(|g| g.hides(lea, id, period))
            || self.is_uncovered(lea, id, period)
        {
            return None;
        }
        Some(self.counts.get(&(lea.to_string(), id.to_string(), period)).copied().unwrap_or(0))
    }
}

const EPOCH: NaiveDate = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");

/// The date of a polars date value (days since 1970).
pub fn date_of(days: i32) -> Option<NaiveDate> {
    EPOCH.checked_add_signed(chrono::Duration::days(i64::from(days)))
}

pub use super::years::{fy, in_span};

/// Groups by authority and year (the frame has `fy`) and by `key` when given, tallying `n`.
/// Without a key, the empty key is added after grouping: grouping on a constant costs a pass.
pub fn tally_by(lf: LazyFrame, key: Option<Expr>, tally: Expr) -> LazyFrame {
    match key {
        Some(k) => lf.with_column(k.alias("key")).group_by([col("LEA"), col("fy"), col("key")]).agg([tally.alias("n")]),
        None => lf.group_by([col("LEA"), col("fy")]).agg([tally.alias("n")]).with_column(lit("").alias("key")),
    }
}

/// Open at the end of `d`: started on or before, and not ended by then.
pub fn open_at(start: &str, end: Option<&str>, d: NaiveDate) -> Expr {
    let started = col(start).lt_eq(lit(d));
    match end {
        Some(end) => started.and(col(end).is_null().or(col(end).gt(lit(d)))),
        None => started,
    }
}

/// Whether a code column holds one of `codes`.
pub fn any_of(column: &str, codes: &[&str]) -> Expr {
    codes.iter().map(|c| col(column).eq(lit(*c))).reduce(Expr::or).unwrap_or_else(|| lit(false))
}

/// Age in whole years on the date in `date`, from the birth date in `birth`.
pub fn age_on(birth: &str, date: &str) -> Expr {
    let md = |c: &str| col(c).dt().month().cast(DataType::Int32) * lit(100) + col(c).dt().day().cast(DataType::Int32);
    col(date).dt().year() - col(birth).dt().year() - md(birth).gt(md(date)).cast(DataType::Int32)
}

/// What to count in each group: rows, or distinct values of a column (children).
#[derive(Clone, Copy)]
pub enum Tally<'a> {
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
    pub fn expr(self) -> Expr {
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
            let date = date_of(d?)?;
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

/// Sort options for ordering a child's records: rows that tie on every key keep the order of
/// the file, so "the previous plan" and "the latest discussion" are the same on every run
/// (polars' default sort may reorder ties, differently from run to run on large frames).
pub fn ties_in_file_order() -> SortMultipleOptions {
    SortMultipleOptions::default().with_maintain_order(true)
}

/// The value of `column` `n` rows back, if that row is in the same group. The frame must be
/// sorted by the group's columns first. (Cheaper than a window function, which regroups.)
pub fn back_in_group(column: &str, n: i64, group: &[&str]) -> Expr {
    let same = group.iter().map(|g| col(*g).shift(lit(n)).eq(col(*g))).reduce(Expr::and).expect("a group column");
    when(same).then(col(column).shift(lit(n))).otherwise(lit(NULL))
}

/// Counts being folded from a grouped pass: a hash map, merged into the ordered base counts
/// once per distinct key (inserting millions of times into the ordered map was slow).
pub type Sums = PlHashMap<(String, String, Period), i64>;

/// Computes base counts over the years `first` to `last` of a run's frames.
pub struct Computer<'a> {
    frames: &'a Frames,
    first: FinancialYear,
    last: FinancialYear,
    out: BaseCounts,
    needs: super::gaps::Needs,
    /// Each file's first covered year per authority, by (file, end column): several topics ask
    /// of the CIN census's `referrals.csv`.
    covered: BTreeMap<(String, String), Vec<(String, FinancialYear)>>,
    /// Frames collected once and read by several topics (`grouped.rs`).
    memo: BTreeMap<String, DataFrame>,
}

impl<'a> Computer<'a> {
    pub fn new(frames: &'a Frames, first: FinancialYear, last: FinancialYear) -> Self {
        Self {
            frames,
            first,
            last,
            out: BaseCounts::default(),
            needs: Default::default(),
            covered: BTreeMap::new(),
            memo: BTreeMap::new(),
        }
    }

    /// The base counts, with the gaps among the columns the topics said they need.
    pub fn finish(mut self) -> PolarsResult<BaseCounts> {
        self.out.gaps = self.needs.gaps(self.frames, self.first, self.last)?;
        Ok(self.out)
    }

    pub fn first(&self) -> FinancialYear {
        self.first
    }

    pub fn last(&self) -> FinancialYear {
        self.last
    }

    pub fn years(&self) -> impl Iterator<Item = FinancialYear> + use<> {
        (self.first.start_year..=self.last.start_year).map(FinancialYear::new)
    }

    /// A file's frame, or `None` when an optional file was not supplied.
    pub fn table(&self, stem: &str) -> Option<&'a DataFrame> {
        self.frames.get(stem)
    }

    /// Whether the file was supplied with `column`: a count from an optional column the file
    /// lacks is not available, not zero.
    pub fn has_column(&self, stem: &str, column: &str) -> bool {
        self.frames.has_column(stem, column)
    }

    /// Whether some of `stem`'s records came from a list of those begun in a period (Annex A),
    /// which cannot show what ended in it.
    pub fn begun_only(&self, stem: &str) -> bool {
        self.frames.begun_only(stem)
    }

    pub fn frame(&self, stem: &str) -> Option<LazyFrame> {
        self.table(stem).map(|df| df.clone().lazy())
    }

    /// The frame `make` gives, collected the first time `name` is asked for and shared after.
    pub fn memo(
        &mut self,
        name: &str,
        make: impl FnOnce(&Self) -> PolarsResult<Option<LazyFrame>>,
    ) -> PolarsResult<Option<LazyFrame>> {
        if !self.memo.contains_key(name) {
            let Some(lf) = make(self)? else { return Ok(None) };
            self.memo.insert(name.to_string(), lf.collect()?);
        }
        Ok(self.memo.get(name).map(|df| df.clone().lazy()))
    }

    /// Declares that ids `ids` (and `id.*`) are counted from `column` of `stem`: where the file
    /// was supplied without that optional column, or leaves it empty for a year, they are not
    /// available (`x`) there, however they are computed, instead of the zeros (or the guesses)
    /// the column's emptiness would give.
    pub fn needs(&mut self, stem: &'static str, column: &'static str, ids: &[&str]) {
        self.needs.add(stem, column, ids);
    }

    /// As [`Computer::needs`], for a column whose emptiness the topic's own grouped pass
    /// counted: (authority, year, rows, rows with the column filled).
    pub fn needs_counted(
        &mut self,
        stem: &'static str,
        column: &'static str,
        ids: &[&str],
        rows: impl IntoIterator<Item = (String, FinancialYear, i64, i64)>,
    ) {
        self.needs.add_counted(stem, column, ids, super::gaps::Needs::empty_by_count(rows));
    }

    /// Declares that ids `id` and `id.*` are counted (a missing count is then zero, not `x`).
    pub fn produces(&mut self, id: &str) {
        self.out.produced.push(id.to_string());
    }

    /// Adds to one count.
    pub fn add(&mut self, lea: &str, id: String, period: Period, n: i64) {
        *self.out.counts.entry((lea.to_string(), id, period)).or_default() += n;
    }

    /// Adds counts folded from a grouped pass.
    pub fn merge(&mut self, sums: Sums) {
        for (key, n) in sums {
            *self.out.counts.entry(key).or_default() += n;
        }
    }

    /// Marks ids `prefixes` (and `prefix.*`) as not covered by their dataset in `year` for
    /// authority `lea`.
    pub fn not_covered(&mut self, lea: &str, prefixes: &[&str], year: FinancialYear) {
        self.out.uncovered.extend(prefixes.iter().map(|p| (lea.to_string(), p.to_string(), year)));
    }

    /// A statutory return holds every record open in its year, so `stem` holds every record
    /// from the first year in which one of an authority's records ends (`end`): for each
    /// authority, `flows` before that year are not covered, nor `stocks` before its opening
    /// 31 March. Data holding no end date is taken to cover every year.
    pub fn covered_from_first_end(
        &mut self,
        stem: &str,
        end: &str,
        flows: &[&str],
        stocks: &[&str],
    ) -> PolarsResult<()> {
        if self.covered_by_returns(stem, flows, stocks) {
            return Ok(());
        }
        let years: Vec<FinancialYear> = self.years().collect();
        let key = (stem.to_string(), end.to_string());
        if !self.covered.contains_key(&key) {
            let first = self.first_covered(stem, end)?;
            self.covered.insert(key.clone(), first);
        }
        for (lea, covered) in self.covered[&key].clone() {
            for &y in years.iter().filter(|y| **y < covered) {
                self.not_covered(&lea, flows, y);
                if y < covered.previous() {
                    self.not_covered(&lea, stocks, y);
                }
            }
        }
        Ok(())
    }

    /// Where `stem` came as returns that said their years (or Annex A lists covering a year
    /// whole), those years are covered and no others (a year between two returns is not); a
    /// stock at 31 March is held by the return of the year it ends or the one it opens, and
    /// never by a list of records begun in its period. Whether the returns settled it.
    pub fn covered_by_returns(&mut self, stem: &str, flows: &[&str], stocks: &[&str]) -> bool {
        let years: Vec<FinancialYear> = self.years().collect();
        let returns = self.frames.return_years(stem);
        if returns.is_empty() {
            return false;
        }
        let begun_only = self.frames.begun_only(stem);
        let mut leas: Vec<&str> = returns.iter().map(|(l, _)| l.as_str()).collect();
        leas.sort_unstable();
        leas.dedup();
        let mut missing = Vec::new();
        for lea in leas {
            let held = |y: FinancialYear| returns.iter().any(|(l, r)| l == lea && *r == y);
            for &y in &years {
                if !held(y) || begun_only {
                    missing.push((lea.to_string(), y, !held(y), begun_only || !held(y.next())));
                }
            }
        }
        for (lea, y, flows_too, stock_too) in missing {
            if flows_too {
                self.not_covered(&lea, flows, y);
            }
            if stock_too {
                self.not_covered(&lea, stocks, y);
            }
        }
        true
    }

    /// `ids` rest on the records of the year before (a re-referral looks back 12 months):
    /// where `stem` came as returns, they are `x` in a year whose previous year no return holds.
    pub fn needs_year_before(&mut self, stem: &str, ids: &[&str]) {
        let returns = self.frames.return_years(stem).to_vec();
        for (lea, y) in &returns {
            if !returns.iter().any(|(l, r)| l == lea && *r == y.previous()) {
                self.not_covered(lea, ids, *y);
            }
        }
    }

    /// Each authority's first year in which a record of `stem` ends (its own: one authority's
    /// long history beside another's single return).
    fn first_covered(&self, stem: &str, end: &str) -> PolarsResult<Vec<(String, FinancialYear)>> {
        let Some(lf) = self.frame(stem) else { return Ok(Vec::new()) };
        let firsts = lf.group_by([col("LEA")]).agg([col(end).min().cast(DataType::Int32).alias("first")]).collect()?;
        let (leas, ends) = (firsts.column("LEA")?.str()?, firsts.column("first")?.i32()?);
        Ok(leas
            .iter()
            .zip(ends.iter())
            .filter_map(|(lea, first)| Some((lea?.to_string(), FinancialYear::containing(first.and_then(date_of)?))))
            .collect())
    }

    /// Marks a count the data cannot answer for a period (`x`, not zero).
    pub fn unavailable(&mut self, id: &str, period: Period) {
        self.out.unavailable.insert((id.to_string(), period));
    }

    /// Reads a grouped result with columns LEA, fy, key, n into the counts.
    pub fn absorb(&mut self, lf: LazyFrame, id: &str, keyed: bool) -> PolarsResult<()> {
        self.produces(id);
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
            let period = if y >= 100_000 {
                match Month::new(y / 100, (y % 100) as u32) {
                    Some(m) => Period::Month(m),
                    None => continue,
                }
            } else {
                Period::Year(FinancialYear::new(y))
            };
            let full = match (keyed, key.get(i)) {
                (true, Some(k)) if !k.is_empty() => {
                    let full = format!("{id}.{}", super::catalogue::slug(k));
                    *self.out.spellings.entry(full.clone()).or_default().entry(k.trim().to_string()).or_default() += n;
                    full
                }
                (true, _) => continue, // a breakdown counts only rows where the key is recorded
                (false, _) => id.to_string(),
            };
            *self.out.counts.entry((lea.to_string(), full, period)).or_default() += n;
        }
        Ok(())
    }

    /// Rows (or distinct children) dated in each year, optionally filtered and broken down by `key`.
    pub fn in_year(
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
    pub fn in_year_of(
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
    pub fn at_31_march(
        &mut self,
        lf: Option<LazyFrame>,
        span: (&str, Option<&str>),
        filter: &dyn Fn(NaiveDate) -> Option<Expr>,
        key: Option<&dyn Fn(NaiveDate) -> Expr>,
        tally: Tally,
        id: &str,
    ) -> PolarsResult<()> {
        self.stock(lf, span, filter, key, tally, id)
    }

    fn stock(
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

    /// Children open at `d` in a file, as (LEA, child).
    pub fn open_children(&self, lf: LazyFrame, span: (&str, Option<&str>), child: &str, d: NaiveDate) -> LazyFrame {
        lf.filter(open_at(span.0, span.1, d))
            .select([col("LEA"), col(child).alias("child")])
            .unique(None, UniqueKeepStrategy::Any)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Open at 31 March = open a year before + started in year − ended in year, for every
    /// record-level stock, on synthetic data of a few seeds. This pins the boundary rules
    /// (start ≤ 31 March < end; "in year" includes both 1 April and 31 March) to each other.
    #[test]
    fn stocks_and_flows_reconcile_on_synthetic_data() {
        use crate::synth::{SynthOptions, generate};
        for seed in [11, 12] {
            let dir = tempfile::tempdir().unwrap();
            let opts = SynthOptions { out: dir.path().into(), seed, scale: 0.1, years: 3, ..SynthOptions::default() };
            generate(&opts).unwrap();
            let request = crate::run::Request { data: dir.path().into(), ..Default::default() };
            let (checked, diag) = crate::pipeline::check(&request).unwrap();
            let checked = checked.unwrap_or_else(|| panic!("{}", diag.render_text()));
            let (first, last) = (checked.run.first_year, checked.run.reporting_year);
            let mut c = Computer::new(&checked.frames, first, last);
            for (stem, start, end, label) in
                [("cp_plans", "CPPstartDate", "CPPendDate", "plans"), ("lac_episodes", "DECOM", "DEC", "episodes")]
            {
                let lf = c.frame(stem);
                c.at_31_march(lf, (start, Some(end)), &|_| None, None, Tally::Rows, &format!("{label}.open")).unwrap();
                c.in_year(stem, start, None, None, Tally::Rows, &format!("{label}.started")).unwrap();
                c.in_year(stem, end, None, None, Tally::Rows, &format!("{label}.ended")).unwrap();
            }
            let counts = c.finish().unwrap();
            for label in ["plans", "episodes"] {
                let get = |what: &str, y: FinancialYear| {
                    counts.get("999", &format!("{label}.{what}"), Period::Year(y)).unwrap()
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
