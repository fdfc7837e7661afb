//! Every linear relation a reader can use between published figures, declared from the
//! catalogue rather than listed by hand:
//!
//! - each breakdown and its total (`Indicator::family`: the cells with a common id prefix);
//! - the identities the topics declare (`Identity`: sums, subsets, stocks and flows);
//! - every share's numerator within its denominator (a share's recipe);
//! - the authorities and their `all` row, for every count.
//!
//! Each relation is checked against the true figures before it is used: it is taken as the
//! equality or inequality that the data satisfies (cells that can count a child twice sum to at
//! least their total), and a stock-and-flow identity only where it holds exactly. So the audit
//! never assumes something false, and assumes the strongest thing true.

use super::super::catalogue::{Identity, Indicator, Recipe, Subject};
pub use super::super::figure::Key;
use super::super::figure::{Figure, Unit};
use super::super::figures::Table;
use crate::period::Period;
use crate::run::ALL;
use std::collections::{BTreeMap, HashMap};

/// How the sum of a relation's terms compares with zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Le,
    Ge,
}

/// `Σ coefficient × figure op 0`, over counts of one authority and period (or of the
/// authorities and their total).
#[derive(Debug, Clone)]
pub struct Relation {
    pub terms: Vec<(Key, i64)>,
    pub op: Op,
    /// What it is, for the audit's record: "the breakdown of cp.at_31_march".
    pub what: String,
}

/// A count the relations can be written in: a count-unit figure of people or events, with its
/// true value.
pub fn count_value(fig: &Figure) -> Option<i64> {
    match fig {
        Figure::Value { numerator, denominator: None } => Some(*numerator),
        Figure::Suppressed { numerator, denominator: None, .. } => Some(*numerator),
        // Partner figures are counts when whole (2.9999999999999996 from a spreadsheet is 3).
        Figure::Given(v) if (v - v.round()).abs() < 1e-6 && v.is_finite() => Some(v.round() as i64),
        _ => None,
    }
}

/// Whether an indicator's figures are counts the relations speak of.
pub fn is_count(ind: &Indicator) -> bool {
    ind.unit == Unit::Count
        && ind.about != Subject::Individual
        && matches!(ind.recipe, Recipe::Count | Recipe::Monthly | Recipe::Given)
}

/// Every relation that holds between the figures of `table`.
pub fn relations(
    table: &Table,
    indicators: &[Indicator],
    identities: &[Identity],
    authorities: &[String],
) -> Vec<Relation> {
    let value = |k: &Key| table.get(k).and_then(count_value);
    let by_id: HashMap<&str, &Indicator> = indicators.iter().map(|i| (i.id.as_str(), i)).collect();
    let mut out = Vec::new();
    let mut push = |terms: Vec<(Key, i64)>, exact_only: bool, what: String| {
        // A relation with a figure the data does not have (x, z) is not published.
        let Some(sum) = terms.iter().map(|(k, c)| value(k).map(|v| v * c)).sum::<Option<i64>>() else { return };
        let op = match sum.cmp(&0) {
            std::cmp::Ordering::Equal => Op::Eq,
            _ if exact_only => return,
            std::cmp::Ordering::Less => Op::Le,
            std::cmp::Ordering::Greater => Op::Ge,
        };
        out.push(Relation { terms, op, what });
    };
    // Where each id's figures are: (authority, period) pairs.
    let mut cells_of: BTreeMap<&str, Vec<(&str, Period)>> = BTreeMap::new();
    for (lea, id, period) in table.keys() {
        cells_of.entry(id.as_str()).or_default().push((lea.as_str(), *period));
    }
    let at = |lea: &str, id: &str, p: Period| (lea.to_string(), id.to_string(), p);

    // Breakdowns: cells sharing a prefix and a total.
    let mut families: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for ind in indicators.iter().filter(|i| is_count(i)) {
        if let Some(f) = &ind.family {
            let breakdown = ind.id.rsplit_once('.').map_or(ind.id.as_str(), |(b, _)| b);
            families.entry((f.total.as_str(), breakdown)).or_default().push(&ind.id);
        }
    }
    for ((total, breakdown), cells) in &families {
        for &(lea, p) in cells_of.get(total).into_iter().flatten() {
            let mut terms: Vec<(Key, i64)> = cells.iter().map(|c| (at(lea, c, p), 1)).collect();
            terms.push((at(lea, total, p), -1));
            push(terms, false, format!("the breakdown {breakdown}.* of {total}"));
        }
    }
    // The topics' identities.
    for identity in identities {
        let (ids, coefs, exact, what): (Vec<&str>, Vec<i64>, bool, String) = match identity {
            Identity::Sum { total, parts } => {
                let mut ids: Vec<&str> = parts.iter().map(String::as_str).collect();
                ids.push(total);
                let mut coefs = vec![1; parts.len()];
                coefs.push(-1);
                (ids, coefs, false, format!("{total} = {}", parts.join(" + ")))
            }
            Identity::Subset { part, whole } => {
                (vec![part, whole], vec![1, -1], false, format!("{part} is part of {whole}"))
            }
            Identity::Flow { .. } => continue,
        };
        for &(lea, p) in cells_of.get(ids[ids.len() - 1]).into_iter().flatten() {
            let terms = ids.iter().zip(&coefs).map(|(id, c)| (at(lea, id, p), *c)).collect();
            push(terms, exact, what.clone());
        }
    }
    for identity in identities {
        let Identity::Flow { stock, started, ended } = identity else { continue };
        for &(lea, p) in cells_of.get(stock.as_str()).into_iter().flatten() {
            let Period::Year(y) = p else { continue };
            let before = Period::Year(y.previous());
            let terms = vec![
                (at(lea, stock, before), 1),
                (at(lea, started, p), 1),
                (at(lea, ended, p), -1),
                (at(lea, stock, p), -1),
            ];
            push(terms, true, format!("{stock} last year + {started} − {ended} = {stock}"));
        }
    }
    // A share's numerator counts some of its denominator.
    for ind in indicators {
        let Recipe::Share { numerator, denominator } = &ind.recipe else { continue };
        let counts = [numerator, denominator].iter().all(|id| by_id.get(id.as_str()).is_some_and(|i| is_count(i)));
        if !counts {
            continue;
        }
        for &(lea, p) in cells_of.get(denominator.as_str()).into_iter().flatten() {
            let terms = vec![(at(lea, numerator, p), 1), (at(lea, denominator, p), -1)];
            push(terms, false, format!("{numerator} is part of {denominator}"));
        }
    }
    // The authorities add up to all of them.
    if authorities.iter().any(|a| a == ALL) {
        for (id, cells) in &cells_of {
            if !by_id.get(id).is_some_and(|i| is_count(i)) {
                continue;
            }
            for &(lea, p) in cells.iter().filter(|(lea, _)| *lea == ALL) {
                let mut terms: Vec<(Key, i64)> =
                    authorities.iter().filter(|a| *a != ALL).map(|a| (at(a, id, p), 1)).collect();
                terms.push((at(lea, id, p), -1));
                push(terms, false, format!("the authorities' {id} add up to all of them"));
            }
        }
    }
    out
}

/// The complements a reader can work out by subtraction ("3 reviews were late"): every
/// share's denominator minus its numerator, and every declared subset's whole minus its part,
/// when both are counts of people. Breakdown cells are left out: their complements are sums
/// of other published cells, which the breakdown's own relation covers.
pub fn complements(indicators: &[Indicator], identities: &[Identity]) -> Vec<(String, String)> {
    let by_id: HashMap<&str, &Indicator> = indicators.iter().map(|i| (i.id.as_str(), i)).collect();
    let people = |id: &str| by_id.get(id).is_some_and(|i| is_count(i) && i.about == Subject::People);
    let cell_of =
        |part: &str, whole: &str| by_id.get(part).and_then(|i| i.family.as_ref()).is_some_and(|f| f.total == whole);
    let mut out: Vec<(String, String)> = Vec::new();
    let shares = indicators.iter().filter_map(|i| match &i.recipe {
        Recipe::Share { numerator, denominator } => Some((numerator.as_str(), denominator.as_str())),
        _ => None,
    });
    let subsets = identities.iter().filter_map(|i| match i {
        Identity::Subset { part, whole } => Some((part.as_str(), whole.as_str())),
        _ => None,
    });
    for (part, whole) in shares.chain(subsets) {
        let pair = (part.to_string(), whole.to_string());
        if people(part) && people(whole) && !cell_of(part, whole) && !out.contains(&pair) {
            out.push(pair);
        }
    }
    out
}
