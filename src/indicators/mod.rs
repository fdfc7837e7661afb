//! Stage 4: every indicator of the catalogue for every year and authority, with disclosure
//! control, year-on-year change, trends and benchmarks.
//!
//! The indicators are declared by topic (`topics/`); `compute.rs` is the generic engine their
//! base counts use; this module turns base counts into figures by each indicator's recipe.

pub mod catalogue;
pub mod compare;
pub mod compute;
pub mod disclosure;
pub mod figure;
pub mod figures;
pub mod gaps;
pub mod grouped;
pub mod plausible;
pub mod revisions;
pub mod stats;
pub mod topics;
pub mod years;

pub use figures::{FigureRow, Figures, TREND_YEARS, Table};

use crate::error::Error;
use crate::frames::Frames;
use crate::period::{FinancialYear, Month, Period};
use crate::run::{ALL, Run};
use crate::settings::Edition;
use catalogue::{Indicator, Recipe};
use figure::{Figure, Unit};
use std::collections::BTreeMap;

pub fn compute(frames: &Frames, run: &Run) -> Result<Figures, Error> {
    let (first, reporting) = (run.first_year, run.reporting_year);
    let earliest = FinancialYear::new(first.start_year.min(reporting.start_year - TREND_YEARS + 1));
    let periods: Vec<FinancialYear> = (earliest.start_year..=reporting.start_year).map(FinancialYear::new).collect();
    let base = topics::base_counts(frames, first, reporting)?;
    let started = std::time::Instant::now();
    let population = topics::given::population(frames.get("population"))?;
    let measures = topics::given::measures(frames.get("measures"))?;
    let actions = topics::reviews::register(frames.get("actions"), reporting.last_day())?;
    let budget = topics::budget::budget(frames.get("budget"))?;
    let mut authorities = run.authorities.clone();
    let mut indicators = topics::catalogue();
    declare_dynamic(&mut indicators, &base);
    let covered = |y: FinancialYear| y >= first && y <= reporting;

    let mut table = Table::new();
    for lea in &authorities {
        for ind in &indicators {
            if ind.recipe == Recipe::Monthly {
                add_months(&mut table, ind, lea, first, reporting, &base);
                continue;
            }
            for &y in &periods {
                let fig = if covered(y) { evaluate(ind, lea, y, &base, &population) } else { Figure::NotAvailable };
                table.insert((lea.clone(), ind.id.clone(), Period::Year(y)), fig);
            }
        }
    }
    topics::given::add_measures(&mut table, &mut indicators, &measures);
    topics::budget::add_budget(&mut table, &mut indicators, &budget);
    if authorities.len() > 1 {
        add_all_authorities(&mut table, &indicators, &authorities);
        authorities.push(ALL.to_string());
    }
    crate::timing("assembling figures", started);
    let unit_of: BTreeMap<&str, Unit> = indicators.iter().map(|i| (i.id.as_str(), i.unit)).collect();
    let implausible = plausible::check(&table, &|id| unit_of.get(id).copied());
    drop(unit_of);
    let mut record = None;
    if run.edition == Edition::Public {
        let started = std::time::Instant::now();
        let identities = topics::identities();
        let protected =
            disclosure::apply(&mut table, &indicators, &identities, run.small_number_threshold, &authorities);
        record = Some(protected.map_err(Error::Internal)?);
        crate::timing("disclosure control", started);
    }
    let started = std::time::Instant::now();
    // Working counts stay behind: they fed disclosure control and the figures built on them.
    let published: std::collections::HashSet<&str> =
        indicators.iter().filter(|i| i.published).map(|i| i.id.as_str()).collect();
    table.retain(|(_, id, _), _| published.contains(id.as_str()));
    let order: BTreeMap<&str, usize> = indicators.iter().enumerate().map(|(i, ind)| (ind.id.as_str(), i)).collect();
    let units: BTreeMap<&str, Unit> = indicators.iter().map(|i| (i.id.as_str(), i.unit)).collect();
    let mut rows: Vec<FigureRow> = table
        .into_iter()
        .map(|((lea, id, period), figure)| FigureRow { unit: units[id.as_str()], lea, indicator: id, period, figure })
        .collect();
    let lea_order = |l: &str| authorities.iter().position(|a| a == l).unwrap_or(usize::MAX);
    // Each row's key is worked out once, not in every comparison.
    rows.sort_by_cached_key(|r| (order[r.indicator.as_str()], lea_order(&r.lea), r.period));
    let indicators: Vec<Indicator> = indicators.into_iter().filter(|i| i.published).collect();
    crate::timing("ordering figures", started);
    let benchmarks = benchmarks(frames, run);
    let gaps = base.gaps;
    Ok(Figures {
        indicators,
        rows,
        authorities,
        reporting_year: reporting,
        periods,
        benchmarks,
        disclosure: record,
        gaps,
        implausible,
        actions,
    })
}

fn benchmarks(frames: &Frames, run: &Run) -> BTreeMap<String, Vec<compare::Benchmark>> {
    let Some(df) = frames.get("benchmarks") else { return BTreeMap::new() };
    let (Ok(ind), Ok(period), Ok(comp), Ok(value)) = (
        df.column("Indicator").and_then(|c| c.str().cloned()),
        df.column("Period").and_then(|c| c.str().cloned()),
        df.column("Comparator").and_then(|c| c.str().cloned()),
        df.column("Value").and_then(|c| c.f64().cloned()),
    ) else {
        return BTreeMap::new();
    };
    // The optional columns: absent ones read as empty.
    let text = |name: &str| df.column(name).ok().and_then(|c| c.str().ok().cloned());
    let [source, definition, vintage, neighbours, method] =
        ["Source", "Definition", "Vintage", "NeighbourSet", "NeighbourMethod"].map(text);
    let cell = |col: &Option<polars::prelude::StringChunked>, i: usize| {
        col.as_ref().and_then(|c| c.get(i)).map(str::trim).filter(|v| !v.is_empty()).map(str::to_string)
    };
    let rows = (0..df.height()).filter_map(|i| {
        let period = period.get(i)?.parse::<Period>().ok()?;
        let about = figures::BenchmarkSource {
            source: cell(&source, i),
            definition: cell(&definition, i),
            vintage: cell(&vintage, i),
            neighbours: cell(&neighbours, i),
            method: cell(&method, i),
        };
        Some((ind.get(i)?.to_string(), period, comp.get(i)?.to_string(), value.get(i)?, about))
    });
    compare::latest_benchmarks(rows, run.reporting_year, run.comparators.as_ref())
}

fn evaluate(
    ind: &Indicator,
    lea: &str,
    year: FinancialYear,
    base: &compute::BaseCounts,
    population: &topics::given::Population,
) -> Figure {
    let count = |id: &str| base.get(lea, id, Period::Year(year));
    let pop = || population.get(&(lea.to_string(), year)).copied();
    let result = match &ind.recipe {
        Recipe::Count | Recipe::Extreme { .. } => count(&ind.id).map(|n| Figure::of(n, None)),
        Recipe::Population => pop().map(|n| Figure::of(n, None)),
        Recipe::Share { numerator, denominator } => {
            count(numerator).zip(count(denominator)).map(|(n, d)| Figure::of(n, Some(d)))
        }
        Recipe::Rate { numerator } => count(numerator).zip(pop()).map(|(n, p)| Figure::of(n, Some(p))),
        Recipe::PerWeek { numerator } => count(numerator).map(|n| Figure::of(n, Some(year.days()))),
        Recipe::Mean { sum, count: rows } => count(sum).zip(count(rows)).map(|(s, n)| Figure::of(s, Some(n))),
        Recipe::Given | Recipe::Monthly => None,
    };
    result.unwrap_or(Figure::NotAvailable)
}

/// A monthly count for each month of the years covered.
fn add_months(
    table: &mut Table,
    ind: &Indicator,
    lea: &str,
    first: FinancialYear,
    last: FinancialYear,
    base: &compute::BaseCounts,
) {
    for y in first.start_year..=last.start_year {
        for month in Month::of_year(FinancialYear::new(y)) {
            let period = Period::Month(month);
            let fig = base.get(lea, &ind.id, period).map_or(Figure::NotAvailable, |n| Figure::of(n, None));
            table.insert((lea.to_string(), ind.id.clone(), period), fig);
        }
    }
}

/// One count per free-text value found (agency names), in the breakdown of its total.
fn declare_dynamic(indicators: &mut Vec<Indicator>, base: &compute::BaseCounts) {
    for d in topics::TOPICS.iter().flat_map(|t| t.dynamic) {
        let prefix = format!("{}.", d.prefix);
        let ids: std::collections::BTreeSet<&String> =
            base.counts.keys().map(|(_, id, _)| id).filter(|id| id.starts_with(&prefix)).collect();
        for id in ids {
            let label = base.label(id).map_or_else(|| id.clone(), str::to_string);
            indicators.push(Indicator {
                id: id.clone(),
                unit: Unit::Count,
                polarity: catalogue::Polarity::Neutral,
                definition: format!("{} {label}", d.what),
                about: catalogue::Subject::People,
                label: Some(label),
                group: None,
                family: Some(catalogue::Family { total: d.total.to_string() }),
                recipe: Recipe::Count,
                published: true,
            });
        }
    }
}

/// All authorities together: numerators and denominators add up, because a child key belongs
/// to one authority. Any authority without the figure makes the total not available.
fn add_all_authorities(table: &mut Table, indicators: &[Indicator], authorities: &[String]) {
    let mut parts: BTreeMap<(String, Period), Vec<Figure>> = BTreeMap::new();
    for ((lea, id, period), fig) in table.iter() {
        if authorities.contains(lea) {
            parts.entry((id.clone(), *period)).or_default().push(fig.clone());
        }
    }
    let declared: BTreeMap<&str, &Indicator> = indicators.iter().map(|i| (i.id.as_str(), i)).collect();
    for ((id, period), figs) in parts {
        let fig = match declared.get(id.as_str()).map(|i| (&i.recipe, i.unit)) {
            None => continue,
            Some((Recipe::Extreme { max, .. }, _)) => extreme(&figs, *max),
            // A partner's percentage, rate or weeks cannot be added across authorities, and
            // measures.csv gives no numerators to recompute them from.
            Some((Recipe::Given, unit)) if !matches!(unit, Unit::Count | Unit::Gbp) => Figure::NotApplicable,
            Some(_) => sum(&figs),
        };
        table.insert((ALL.to_string(), id, period), fig);
    }
}

/// The youngest (or oldest) over authorities that have one; none at all is not applicable.
fn extreme(figs: &[Figure], max: bool) -> Figure {
    let mut values = Vec::new();
    for f in figs {
        match f {
            Figure::Value { numerator, .. } => values.push(*numerator),
            Figure::NotAvailable => return Figure::NotAvailable,
            _ => {}
        }
    }
    let pick = if max { values.iter().max() } else { values.iter().min() };
    pick.map_or(Figure::NotApplicable, |v| Figure::of(*v, None))
}

fn sum(figs: &[Figure]) -> Figure {
    if figs.iter().all(|f| matches!(f, Figure::Given(_))) {
        return Figure::Given(figs.iter().filter_map(|f| if let Figure::Given(v) = f { Some(*v) } else { None }).sum());
    }
    let (mut n, mut d, mut with_denominator) = (0i64, 0i64, None);
    for f in figs {
        // A share of nothing (z) still adds 0 of 0.
        let (fn_, fd) = match f {
            Figure::Value { numerator, denominator } => (*numerator, *denominator),
            Figure::NotApplicable => (0, Some(0)),
            _ => return Figure::NotAvailable,
        };
        if *with_denominator.get_or_insert(fd.is_some()) != fd.is_some() {
            return Figure::NotAvailable;
        }
        n += fn_;
        d += fd.unwrap_or(0);
    }
    Figure::of(n, with_denominator.unwrap_or(false).then_some(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn given(id: &str, unit: Unit) -> Indicator {
        Indicator {
            id: id.into(),
            unit,
            polarity: catalogue::Polarity::Neutral,
            definition: String::new(),
            about: catalogue::Subject::People,
            label: None,
            group: None,
            family: None,
            recipe: Recipe::Given,
            published: true,
        }
    }

    #[test]
    fn partner_percentages_are_not_added_across_authorities() {
        // Two authorities' partners give 40% and 70% of something, and 3 and 4 notices: the
        // notices add up to 7 for all together; the percentages do not make 110%.
        let period: Period = "2017-18".parse().unwrap();
        let mut table = Table::new();
        for (lea, pct, notices) in [("201", 40.0, 3.0), ("202", 70.0, 4.0)] {
            table.insert((lea.into(), "measure.p.share".into(), period), Figure::Given(pct));
            table.insert((lea.into(), "measure.p.notices".into(), period), Figure::Given(notices));
        }
        let indicators = [given("measure.p.share", Unit::Pct), given("measure.p.notices", Unit::Count)];
        add_all_authorities(&mut table, &indicators, &["201".into(), "202".into()]);
        assert_eq!(table[&(ALL.to_string(), "measure.p.notices".to_string(), period)], Figure::Given(7.0));
        assert_eq!(table[&(ALL.to_string(), "measure.p.share".to_string(), period)], Figure::NotApplicable);
    }
}
