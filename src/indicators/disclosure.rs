//! Statistical disclosure control for public editions, as DfE applies it to local figures.
//!
//! 1. Primary: a count from 1 to the threshold is suppressed.
//! 2. Derived: a percentage, rate or weekly figure on such a count is suppressed.
//! 3. Secondary: when a breakdown (or the authorities of a multi-authority run) has exactly
//!    one suppressed cell and a published total, the smallest other non-zero cell is
//!    suppressed too, so the first cannot be worked out by subtraction. Repeated until stable.
//! 4. Stock and flow: last year's stock + started − ended = this year's stock (child
//!    protection plans, children looked after), so one suppressed figure among the four could
//!    be worked out from the other three; the smallest other non-zero one is suppressed too.
//! 5. A share or rate whose numerator or denominator ended up suppressed is suppressed.

use super::catalogue::{Indicator, Recipe};
use super::figure::{Figure, Suppression, Unit};
use super::figures::Table;
use crate::period::Period;
use crate::run::ALL;
use std::collections::{BTreeMap, HashMap};

type Key = (String, String, Period);

fn suppress(fig: &mut Figure, reason: Suppression) {
    if let Figure::Value { numerator, denominator } = *fig {
        *fig = Figure::Suppressed { reason, numerator, denominator };
    } else if let Figure::Given(v) = *fig {
        *fig = Figure::Suppressed { reason, numerator: v.round() as i64, denominator: None };
    }
}

fn small(n: i64, threshold: i64) -> bool {
    (1..=threshold).contains(&n)
}

pub fn apply(table: &mut Table, indicators: &[Indicator], threshold: u32, authorities: &[String]) {
    let t = i64::from(threshold);
    let by_id: HashMap<&str, &Indicator> = indicators.iter().map(|i| (i.id.as_str(), i)).collect();
    for ((_, id, _), fig) in table.iter_mut() {
        let ind = by_id[id.as_str()];
        match (&ind.recipe, ind.unit, &*fig) {
            (Recipe::Population, ..) => {}
            (_, Unit::Count, Figure::Value { numerator, .. }) if small(*numerator, t) => {
                suppress(fig, Suppression::SmallCount)
            }
            (_, Unit::Count, Figure::Given(v)) if v.fract() == 0.0 && small(*v as i64, t) => {
                suppress(fig, Suppression::SmallCount)
            }
            (
                Recipe::Share { .. } | Recipe::Rate { .. } | Recipe::PerWeek { .. },
                _,
                Figure::Value { numerator, .. },
            ) if small(*numerator, t) => suppress(fig, Suppression::SmallNumerator),
            _ => {}
        }
    }
    let families = families(table, indicators, authorities);
    let flows = stocks_and_flows(table);
    // Passes over every family until one changes nothing (a change can expose another family).
    loop {
        let mut changed = false;
        for (cells, total) in &families {
            changed |= protect(table, cells, total);
        }
        for cells in &flows {
            changed |= protect_relation(table, cells);
        }
        if !changed {
            break;
        }
    }
    follow_numerators(table, indicators);
}

/// Each breakdown's cells with the total they add up to. A total can head several
/// breakdowns (categories, and authorities), so this is a list, not a map.
fn families(table: &Table, indicators: &[Indicator], authorities: &[String]) -> Vec<(Vec<Key>, Key)> {
    // Keyed by the total and the breakdown's name (`lac.age`, `lac.placement`): one total can
    // head several breakdowns, each protected on its own.
    let mut within: BTreeMap<(Key, String), Vec<Key>> = BTreeMap::new();
    let family_of: HashMap<&str, &str> =
        indicators.iter().filter_map(|i| i.family.as_ref().map(|f| (i.id.as_str(), f.total.as_str()))).collect();
    for (lea, id, period) in table.keys() {
        if let Some(total) = family_of.get(id.as_str()) {
            let total_key = (lea.clone(), total.to_string(), *period);
            let breakdown = id.rsplit_once('.').map_or(id.as_str(), |(b, _)| b).to_string();
            within.entry((total_key, breakdown)).or_default().push((lea.clone(), id.clone(), *period));
        }
    }
    let mut out: Vec<(Vec<Key>, Key)> = within.into_iter().map(|((total, _), cells)| (cells, total)).collect();
    // Authorities are a breakdown of the all-authorities figure too.
    if authorities.iter().any(|a| a == ALL) {
        for (lea, id, period) in table.keys().filter(|(lea, ..)| lea == ALL) {
            let cells = authorities.iter().filter(|a| *a != ALL).map(|a| (a.clone(), id.clone(), *period)).collect();
            out.push((cells, (lea.clone(), id.clone(), *period)));
        }
    }
    out
}

/// Suppresses one more cell if exactly one is suppressed and the total is published.
/// Returns whether it changed anything.
fn protect(table: &mut Table, cells: &[Key], total: &Key) -> bool {
    let published_total = matches!(table.get(total), Some(Figure::Value { .. } | Figure::Given(_)));
    let suppressed = cells.iter().filter(|k| table.get(*k).is_some_and(Figure::is_suppressed)).count();
    if suppressed != 1 || !published_total {
        return false;
    }
    suppress_smallest(table, cells)
}

/// Suppresses the smallest non-zero shown figure among `cells` (counted here or supplied by a
/// partner; ties go to the first key). Returns whether there was one.
fn suppress_smallest(table: &mut Table, cells: &[Key]) -> bool {
    let next = cells
        .iter()
        .filter_map(|k| match table.get(k) {
            Some(Figure::Value { numerator, .. }) if *numerator > 0 => Some((*numerator as f64, k)),
            Some(Figure::Given(v)) if *v > 0.0 => Some((*v, k)),
            _ => None,
        })
        .min_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    match next {
        Some((_, k)) => {
            let k = k.clone();
            suppress(table.get_mut(&k).expect("cell exists"), Suppression::Secondary);
            true
        }
        None => false,
    }
}

/// (stock, started, ended): stock at 31 March = last year's + started − ended in year.
pub const STOCK_AND_FLOWS: [(&str, &str, &str); 2] =
    [("cp.at_31_march", "cp.started", "cp.ended"), ("lac.at_31_march", "lac.started", "lac.ceased")];

/// For each authority and year with a year before it: the four figures tied by a stock-and-flow
/// identity (last year's stock, started, ended, this year's stock).
fn stocks_and_flows(table: &Table) -> Vec<Vec<Key>> {
    let mut out = Vec::new();
    for (lea, id, period) in table.keys() {
        for (stock, started, ended) in STOCK_AND_FLOWS {
            if id != stock {
                continue;
            }
            let Period::Year(year) = *period else { continue };
            let at = |id: &str, p: Period| (lea.clone(), id.to_string(), p);
            let previous = Period::Year(year.previous());
            if table.contains_key(&at(stock, previous)) {
                out.push(vec![at(stock, previous), at(started, *period), at(ended, *period), at(stock, *period)]);
            }
        }
    }
    out
}

/// Suppresses one more figure when exactly one of `cells` is suppressed and all the others are
/// shown, as the identity tying them would give the hidden one away. Returns whether it did.
fn protect_relation(table: &mut Table, cells: &[Key]) -> bool {
    let figs: Vec<Option<&Figure>> = cells.iter().map(|k| table.get(k)).collect();
    let suppressed = figs.iter().filter(|f| f.is_some_and(Figure::is_suppressed)).count();
    let others_shown = figs.iter().all(|f| matches!(f, Some(Figure::Value { .. } | Figure::Suppressed { .. })));
    if suppressed != 1 || !others_shown {
        return false;
    }
    suppress_smallest(table, cells)
}

fn follow_numerators(table: &mut Table, indicators: &[Indicator]) {
    // What each derived figure is built on, looked up once per figure in a single pass.
    let parts: HashMap<&str, Vec<&str>> = indicators
        .iter()
        .map(|ind| (ind.id.as_str(), ind.recipe.parts()))
        .filter(|(_, parts)| !parts.is_empty())
        .collect();
    let mut hide = Vec::new();
    for ((lea, id, period), fig) in table.iter() {
        let Some(built_on) = parts.get(id.as_str()) else { continue };
        if fig.is_suppressed() {
            continue;
        }
        if built_on
            .iter()
            .any(|p| table.get(&(lea.clone(), (*p).to_string(), *period)).is_some_and(Figure::is_suppressed))
        {
            hide.push((lea.clone(), id.clone(), *period));
        }
    }
    for k in hide {
        suppress(table.get_mut(&k).expect("key exists"), Suppression::Secondary);
    }
}

#[cfg(test)]
mod tests {
    use super::super::catalogue::{Family, Polarity};
    use super::*;

    fn ind(id: &str, unit: Unit, recipe: Recipe, total: Option<&str>) -> Indicator {
        Indicator {
            id: id.into(),
            unit,
            polarity: Polarity::Neutral,
            definition: String::new(),
            label: None,
            group: None,
            family: total.map(|t| Family { total: t.into() }),
            recipe,
            published: true,
        }
    }

    fn year(p: &str) -> Period {
        p.parse().unwrap()
    }

    fn key(lea: &str, id: &str) -> Key {
        (lea.into(), id.into(), year("2017-18"))
    }

    fn count(n: i64) -> Figure {
        Figure::Value { numerator: n, denominator: None }
    }

    #[test]
    fn a_lone_small_cell_takes_the_next_smallest_with_it() {
        // Categories 3, 40, 7, 0 of a published total 50: the 3 is suppressed (primary); alone,
        // it could be recovered as 50 − 40 − 7 − 0, so the 7 goes too (secondary); the 0 stays.
        let inds = vec![
            ind("t", Unit::Count, Recipe::Count, None),
            ind("t.a", Unit::Count, Recipe::Count, Some("t")),
            ind("t.b", Unit::Count, Recipe::Count, Some("t")),
            ind("t.c", Unit::Count, Recipe::Count, Some("t")),
            ind("t.d", Unit::Count, Recipe::Count, Some("t")),
            ind("t.a.pct", Unit::Pct, Recipe::Share { numerator: "t.a".into(), denominator: "t".into() }, None),
            ind("t.c.pct", Unit::Pct, Recipe::Share { numerator: "t.c".into(), denominator: "t".into() }, None),
        ];
        let mut table = Table::new();
        for (id, n) in [("t", 50), ("t.a", 3), ("t.b", 40), ("t.c", 7), ("t.d", 0)] {
            table.insert(key("999", id), count(n));
        }
        table.insert(key("999", "t.a.pct"), Figure::Value { numerator: 3, denominator: Some(50) });
        table.insert(key("999", "t.c.pct"), Figure::Value { numerator: 7, denominator: Some(50) });
        apply(&mut table, &inds, 5, &["999".into()]);
        let shown = |id: &str| table[&key("999", id)].shown(Unit::Count);
        assert_eq!(
            (shown("t"), shown("t.a"), shown("t.b"), shown("t.c"), shown("t.d")),
            ("50".into(), "c".into(), "40".into(), "c".into(), "0".into())
        );
        // Both percentages go with their counts: 3/50 is small, 7/50 would reveal the 7.
        assert_eq!((shown("t.a.pct"), shown("t.c.pct")), ("c".into(), "c".into()));
    }

    #[test]
    fn a_small_flow_cannot_be_recovered_from_the_stocks() {
        // 35 on a plan at 31 March 2017, 10 started and 3 ended in 2017-18, 42 at 31 March
        // 2018: 35 + 10 − 3 = 42. The 3 is suppressed (primary); alone it would be 35 + 10 − 42,
        // so the smallest other non-zero figure of the four, the 10 started, goes too.
        let inds = vec![
            ind("cp.at_31_march", Unit::Count, Recipe::Count, None),
            ind("cp.started", Unit::Count, Recipe::Count, None),
            ind("cp.ended", Unit::Count, Recipe::Count, None),
        ];
        let mut table = Table::new();
        let at = |id: &str, p: &str| ("999".to_string(), id.to_string(), year(p));
        table.insert(at("cp.at_31_march", "2016-17"), count(35));
        table.insert(at("cp.at_31_march", "2017-18"), count(42));
        table.insert(at("cp.started", "2017-18"), count(10));
        table.insert(at("cp.ended", "2017-18"), count(3));
        apply(&mut table, &inds, 5, &["999".into()]);
        let shown = |id: &str, p: &str| table[&at(id, p)].shown(Unit::Count);
        assert_eq!(
            [
                shown("cp.at_31_march", "2016-17"),
                shown("cp.started", "2017-18"),
                shown("cp.ended", "2017-18"),
                shown("cp.at_31_march", "2017-18")
            ],
            ["35", "c", "c", "42"]
        );
        // Without the previous year's stock (not available) nothing can be recovered.
        let mut table = Table::new();
        table.insert(at("cp.at_31_march", "2016-17"), Figure::NotAvailable);
        table.insert(at("cp.at_31_march", "2017-18"), count(42));
        table.insert(at("cp.started", "2017-18"), count(10));
        table.insert(at("cp.ended", "2017-18"), count(3));
        apply(&mut table, &inds, 5, &["999".into()]);
        assert_eq!(table[&at("cp.started", "2017-18")].shown(Unit::Count), "10");
    }

    #[test]
    fn stock_and_flow_identities_name_declared_counts() {
        for (stock, started, ended) in STOCK_AND_FLOWS {
            for id in [stock, started, ended] {
                assert!(crate::indicators::topics::is_known(id), "{id} is not declared");
            }
        }
    }

    #[test]
    fn zero_and_counts_above_the_threshold_are_shown() {
        let inds = vec![ind("n", Unit::Count, Recipe::Count, None)];
        for (n, shown) in [(0, "0"), (1, "c"), (5, "c"), (6, "6")] {
            let mut table = Table::new();
            table.insert(key("999", "n"), count(n));
            apply(&mut table, &inds, 5, &["999".into()]);
            assert_eq!(table[&key("999", "n")].shown(Unit::Count), shown, "{n}");
        }
    }

    #[test]
    fn one_small_authority_cannot_be_recovered_from_the_all_authorities_total() {
        // Authorities 201: 4, 202: 30, 203: 12, all: 46. 4 is suppressed; 12 goes with it.
        let inds = vec![ind("n", Unit::Count, Recipe::Count, None)];
        let mut table = Table::new();
        for (lea, n) in [("201", 4), ("202", 30), ("203", 12), (ALL, 46)] {
            table.insert(key(lea, "n"), count(n));
        }
        let leas: Vec<String> = ["201", "202", "203", ALL].map(String::from).to_vec();
        apply(&mut table, &inds, 5, &leas);
        let shown: Vec<String> =
            ["201", "202", "203", ALL].iter().map(|l| table[&key(l, "n")].shown(Unit::Count)).collect();
        assert_eq!(shown, ["c", "30", "c", "46"]);
    }
}
