//! Statistical disclosure control for public editions, proven by an audit that plays the
//! attacker.
//!
//! 1. **Primary.** A count of people from 1 to the threshold is suppressed; so is a share,
//!    rate or weekly figure built on one. Figures that describe one person (the youngest or
//!    oldest age) are never published. Counts that disclose no one (training sessions, course
//!    titles, partner figures marked as events) are never suppressed.
//! 2. **Derived.** A share, rate or mean whose numerator or denominator is suppressed is
//!    suppressed, as its printed numerator and denominator would give it away.
//! 3. **Audit** ([`audit`]). Every relation a reader can use ([`relations`]) is set up as a
//!    linear programme over what a public edition prints, and every small count, and every
//!    small difference of a part from its whole, is bounded as tightly as a reader could. Where
//!    one could be narrowed below "any value from 1 to the threshold", the smallest shown count
//!    of people in a relation with it is suppressed too (secondary suppression), and the audit
//!    runs again until nothing can be narrowed. Suppressing only ever widens what a reader can
//!    derive, so a figure once protected stays protected.

pub mod audit;
mod programme;
pub mod record;
pub mod relations;
mod secondary;
mod witness;

pub use record::{Finding, Record, Sensitive, Suppressed};

use super::catalogue::{Identity, Indicator, Recipe, Subject};
use super::figure::{Figure, Suppression};
use super::figures::Table;
use audit::{Count, Seen};
use relations::{Key, count_value, is_count};
use secondary::{Hidden, choose, conceal};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// The protection rule, as the manifest and the audit file state it.
pub const RULE: &str = "every count of people from 1 to the threshold that is said to be small, and every difference of a part from its whole that is that small, could be any whole number from 1 to the threshold as far as everything published shows, for a reader who knows every relation between the figures and which suppressed figures are said to be small; no other suppressed count can be worked out exactly; where suppression within two relations of a count is exhausted, a small count it adds up with is concealed (no longer said to be small); where three concealments do not protect it either, it is taken to be as wide as suppression around it can make it (bounded by linear programming)";

/// Suppressions made for a failing figure that leave it no wider before it is taken to be as
/// wide as suppression around it can make it.
const STALE: u32 = 3;

fn suppress(fig: &mut Figure, reason: Suppression) -> bool {
    match *fig {
        Figure::Value { numerator, denominator } => *fig = Figure::Suppressed { reason, numerator, denominator },
        Figure::Given(v) => *fig = Figure::Suppressed { reason, numerator: v.round() as i64, denominator: None },
        _ => return false,
    }
    true
}

/// Protects `table` for publication. Fails only if no further suppression can protect a
/// figure, which the relations' construction should make impossible.
pub fn apply(
    table: &mut Table,
    indicators: &[Indicator],
    identities: &[Identity],
    threshold: u32,
    authorities: &[String],
) -> Result<Record, String> {
    let t = i64::from(threshold);
    let by_id: HashMap<&str, &Indicator> = indicators.iter().map(|i| (i.id.as_str(), i)).collect();
    let mut record = Record { threshold, ..Record::default() };
    let started = std::time::Instant::now();
    primary(table, &by_id, t, &mut record);
    follow_numerators(table, indicators);
    crate::timing("disclosure: primary", started);
    if t == 0 {
        return Ok(record);
    }
    // Relations are fixed by the true figures, which suppression does not change.
    let started = std::time::Instant::now();
    let relations = relations::relations(table, indicators, identities, authorities);
    crate::timing("disclosure: relations", started);
    record.relations = relations.len();
    let started = std::time::Instant::now();
    let complements = complement_keys(table, indicators, identities);
    let dependents = dependents(table, &by_id);
    let mut touching: HashMap<&Key, Vec<usize>> = HashMap::new();
    for (i, r) in relations.iter().enumerate() {
        for (k, _) in &r.terms {
            touching.entry(k).or_default().push(i);
        }
    }
    crate::timing("disclosure: indexes", started);
    let mut only: Option<BTreeSet<Sensitive>> = None;
    let mut findings: BTreeMap<Sensitive, Finding> = BTreeMap::new();
    let mut exhausted: BTreeSet<Sensitive> = BTreeSet::new();
    // Each failing figure's interval when a suppression was last made for it, and how many
    // suppressions since have not widened it.
    let mut tried: BTreeMap<Sensitive, ((i64, i64), u32)> = BTreeMap::new();
    // How many small counts have been concealed for each failing figure.
    let mut concealed: BTreeMap<Sensitive, u32> = BTreeMap::new();
    // What a reader sees, kept up to date with each round's suppressions.
    let started = std::time::Instant::now();
    let mut counts = view(table, &by_id, &dependents);
    crate::timing("disclosure: view", started);
    // Secondary suppressions a reader could work out exactly anyway, shown again: suppressing
    // them protected nothing, and they are never chosen again.
    let mut revealed: HashSet<Key> = HashSet::new();
    loop {
        loop {
            let started = std::time::Instant::now();
            let outcome =
                audit::audit(&counts, &relations, &complements, t, only.as_ref().map(|o| (o, &touching)), false)?;
            crate::timing("disclosure: audit", started);
            let failing: Vec<Finding> = outcome.failures().cloned().collect();
            for f in outcome.findings {
                findings.insert(f.item.clone(), f);
            }
            if failing.is_empty() {
                break;
            }

            let started = std::time::Instant::now();
            let mut changed: HashSet<Key> = HashSet::new();
            let hidden = Hidden::new(&counts, &relations);
            for f in &failing {
                // Suppressions around it that stop widening it are not made for ever.
                let now = (f.lower as i64, f.upper.min(1e15) as i64);
                let entry = tried.entry(f.item.clone()).or_insert((now, 0));
                entry.1 = if entry.0 == now { entry.1 + 1 } else { 1 };
                entry.0 = now;
                let stale = entry.1 > STALE;
                // One change per figure a round: the next round re-audits with it in place.
                if f.item.keys().iter().any(|k| changed.contains(*k)) {
                    continue;
                }
                // Suppression around it first; where that is exhausted (every non-zero figure within
                // two relations suppressed, or three suppressions that did not widen it), a small
                // count it adds up with is no longer said to be small; where that is exhausted too,
                // it is as wide as suppression can make it, which the rule accepts.
                let next = if stale { None } else { choose(f, &counts, &relations, &touching, &hidden, &revealed, t) };
                let concealments = concealed.entry(f.item.clone()).or_insert(0);
                let next = next.or_else(|| {
                    (*concealments < STALE).then(|| conceal(f, &counts, &relations, &touching, &hidden)).flatten()
                });
                let Some((key, reason, via)) = next else {
                    exhausted.insert(f.item.clone());
                    if let Some(found) = findings.get_mut(&f.item) {
                        found.protected = true;
                        found.widest = true;
                    }
                    continue;
                };
                let protects = via.map(|v| (f.item.clone(), v));
                if reason == Suppression::Concealed {
                    *concealments += 1;
                    if let Some(Figure::Suppressed { reason, .. }) = table.get_mut(&key) {
                        *reason = Suppression::Concealed;
                    }
                    if let Some(s) = record.suppressed.iter_mut().find(|s| s.key == key) {
                        s.reason = Suppression::Concealed;
                        s.protects = protects;
                    }
                    changed.insert(key);
                } else if let Some(fig) = table.get_mut(&key)
                    && suppress(fig, reason)
                {
                    record.suppressed.push(Suppressed { key: key.clone(), reason, protects });
                    changed.insert(key);
                }
            }
            crate::timing("disclosure: choose", started);
            // Still to check: what failed, and every count just suppressed to protect it.
            let mut pending: BTreeSet<Sensitive> =
                failing.into_iter().map(|f| f.item).filter(|i| !exhausted.contains(i)).collect();
            pending.extend(changed.iter().map(|k| Sensitive::Count(k.clone())));
            if pending.is_empty() {
                break;
            }
            if changed.is_empty() {
                return Err("disclosure control made no progress protecting the figures".into());
            }
            let mut touched: Vec<Key> = changed.into_iter().collect();
            let started = std::time::Instant::now();
            touched.extend(follow_changed(table, &dependents, &touched));
            crate::timing("disclosure: derived", started);
            let started = std::time::Instant::now();
            refresh(&mut counts, table, &by_id, &dependents, &touched);
            crate::timing("disclosure: refresh", started);
            only = Some(pending);
        }
        // Each figure's last finding stands: suppression and concealment only widen what a reader
        // can derive, so a figure found protected stays protected. Figures accepted as wide as
        // suppression allows are solved exactly, so that the audit file says how wide.
        if !exhausted.is_empty() {
            let outcome = audit::audit(&counts, &relations, &complements, t, Some((&exhausted, &touching)), true)?;
            for mut f in outcome.findings {
                if !f.protected {
                    f.protected = true;
                    f.widest = true;
                }
                findings.insert(f.item.clone(), f);
            }
        }
        // A secondary suppression solved exactly hides nothing: shown again (with the shares
        // it alone hid), and everything audited afresh, as showing can narrow what the linear
        // programme's relaxation allowed.
        let pointless: Vec<Key> = findings
            .values()
            .filter(|f| f.widest && f.solved && f.lower == f.upper)
            .filter_map(|f| match &f.item {
                Sensitive::Count(k) => Some(k),
                Sensitive::Complement { .. } => None,
            })
            .filter(|k| revealable(table, &by_id, k, t))
            .cloned()
            .collect();
        if pointless.is_empty() {
            break;
        }
        let mut touched = Vec::new();
        for k in pointless {
            findings.remove(&Sensitive::Count(k.clone()));
            exhausted.remove(&Sensitive::Count(k.clone()));
            touched.extend(reveal(table, &by_id, &dependents, &k));
            revealed.insert(k);
        }
        record.suppressed.retain(|s| !touched.contains(&s.key));
        refresh(&mut counts, table, &by_id, &dependents, &touched);
        only = None;
    }
    let started = std::time::Instant::now();
    // The proof from scratch, for the tests: one audit of everything on what is published
    // must find every figure the protection found protected protected too.
    if std::env::var_os("SAFEGUARD_DISCLOSURE_PROOF").is_some() {
        let fresh = view(table, &by_id, &dependents);
        if fresh != counts {
            return Err("the disclosure audit's view of what is published is out of date".into());
        }
        let scratch = audit::audit(&fresh, &relations, &complements, t, None, true)?;
        for f in &scratch.findings {
            let agrees = findings.get(&f.item).is_some_and(|k| f.protected || k.widest);
            if !agrees {
                return Err(format!("the disclosure audit from scratch disagrees about {:?}", f.item));
            }
        }
    }
    crate::timing("disclosure: final audit", started);
    if std::env::var_os("SAFEGUARD_TIMINGS").is_some() {
        use std::sync::atomic::Ordering::Relaxed;
        eprintln!(
            "timing: disclosure: examples {:.2} s, {} linear programmes ({} protected, {} counts in all) {:.2} s (both cores)",
            audit::WITNESS_NANOS.load(Relaxed) as f64 / 1e9,
            audit::LP_COUNT.load(Relaxed),
            audit::LP_PROTECTED.load(Relaxed),
            audit::LP_VARS.load(Relaxed),
            audit::LP_NANOS.load(Relaxed) as f64 / 1e9
        );
    }
    record.findings = findings.into_values().collect();
    let started = std::time::Instant::now();
    drop((touching, counts, dependents, complements, tried, concealed));
    drop(relations);
    crate::timing("disclosure: freeing", started);
    Ok(record)
}

fn primary(table: &mut Table, by_id: &HashMap<&str, &Indicator>, t: i64, record: &mut Record) {
    let small = |n: i64| (1..=t).contains(&n);
    for (key, fig) in table.iter_mut() {
        let ind = by_id[key.1.as_str()];
        let reason = match ind.about {
            Subject::Events => continue,
            Subject::Individual => Suppression::Individual,
            Subject::People if is_count(ind) && count_value(fig).is_some_and(small) => Suppression::SmallCount,
            Subject::People => match (&ind.recipe, &*fig) {
                (
                    Recipe::Share { .. } | Recipe::Rate { .. } | Recipe::PerWeek { .. },
                    Figure::Value { numerator, .. },
                ) if small(*numerator) => Suppression::SmallNumerator,
                _ => continue,
            },
        };
        if suppress(fig, reason) {
            record.suppressed.push(Suppressed { key: key.clone(), reason, protects: None });
        }
    }
}

/// Count → the shares, rates and means built on it.
fn dependents(table: &Table, by_id: &HashMap<&str, &Indicator>) -> HashMap<Key, Vec<Key>> {
    let mut out: HashMap<Key, Vec<Key>> = HashMap::new();
    for key @ (lea, id, period) in table.keys() {
        for p in by_id[id.as_str()].recipe.parts() {
            out.entry((lea.clone(), p.to_string(), *period)).or_default().push(key.clone());
        }
    }
    out
}

/// [`follow_numerators`] for the figures built on `changed` only. Returns those it suppressed.
fn follow_changed(table: &mut Table, dependents: &HashMap<Key, Vec<Key>>, changed: &[Key]) -> Vec<Key> {
    let mut hidden = Vec::new();
    // Figures built on figures built on a changed one are followed too.
    let mut work: Vec<Key> = changed.to_vec();
    while let Some(k) = work.pop() {
        if !table.get(&k).is_some_and(Figure::is_suppressed) {
            continue;
        }
        for d in dependents.get(&k).into_iter().flatten() {
            if let Some(fig) = table.get_mut(d)
                && suppress(fig, Suppression::Secondary)
            {
                hidden.push(d.clone());
                work.push(d.clone());
            }
        }
    }
    hidden
}

/// A derived figure is suppressed when anything it is built from is.
fn follow_numerators(table: &mut Table, indicators: &[Indicator]) {
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

/// What a reader sees of one count, or `None` for a figure that is not a count.
fn seen(
    key: &Key,
    table: &Table,
    by_id: &HashMap<&str, &Indicator>,
    dependents: &HashMap<Key, Vec<Key>>,
) -> Option<Count> {
    let fig = table.get(key)?;
    let ind = by_id[key.1.as_str()];
    if !is_count(ind) {
        return None;
    }
    let value = count_value(fig)?;
    // A shown share, rate or mean prints its numerator and denominator beside it.
    let revealed = || {
        dependents.get(key).is_some_and(|by| {
            by.iter().any(|s| by_id[s.1.as_str()].published && matches!(table.get(s), Some(Figure::Value { .. })))
        })
    };
    let seen = match fig {
        Figure::Suppressed { .. } if !ind.published => Seen::Unseen,
        Figure::Suppressed { reason: Suppression::Secondary | Suppression::Concealed, .. } => Seen::Protecting,
        Figure::Suppressed { .. } => Seen::Small,
        _ if ind.published || revealed() => Seen::Shown,
        _ => Seen::Unseen,
    };
    Some(Count { value, seen, people: ind.about == Subject::People })
}

/// What a reader sees of every count.
fn view(table: &Table, by_id: &HashMap<&str, &Indicator>, dependents: &HashMap<Key, Vec<Key>>) -> BTreeMap<Key, Count> {
    table.keys().filter_map(|k| seen(k, table, by_id, dependents).map(|c| (k.clone(), c))).collect()
}

/// Brings `counts` up to date after `touched` figures changed: each of them, and the counts a
/// share among them printed.
fn refresh(
    counts: &mut BTreeMap<Key, Count>,
    table: &Table,
    by_id: &HashMap<&str, &Indicator>,
    dependents: &HashMap<Key, Vec<Key>>,
    touched: &[Key],
) {
    let mut again: Vec<Key> = touched.to_vec();
    for (lea, id, period) in touched {
        again.extend(by_id[id.as_str()].recipe.parts().into_iter().map(|p| (lea.clone(), p.to_string(), *period)));
    }
    for k in again {
        if let Some(c) = seen(&k, table, by_id, dependents) {
            counts.insert(k, c);
        }
    }
}

/// Whether a suppressed count may be shown again when a reader can solve it: one suppressed
/// to protect another (never a small count itself), of a count the data made.
fn revealable(table: &Table, by_id: &HashMap<&str, &Indicator>, k: &Key, t: i64) -> bool {
    let made = !matches!(by_id[k.1.as_str()].recipe, Recipe::Given);
    let secondary = |fig: &Figure| matches!(fig, Figure::Suppressed { reason: Suppression::Secondary, numerator, .. } if *numerator > t);
    made && table.get(k).is_some_and(secondary)
}

/// Shows `key` again, and the shares, rates and means hidden only because of it (those whose
/// parts are all shown now). Returns every figure it showed.
fn reveal(
    table: &mut Table,
    by_id: &HashMap<&str, &Indicator>,
    dependents: &HashMap<Key, Vec<Key>>,
    key: &Key,
) -> Vec<Key> {
    let unsuppress = |fig: &mut Figure| {
        if let Figure::Suppressed { numerator, denominator, .. } = *fig {
            *fig = Figure::Value { numerator, denominator };
        }
    };
    unsuppress(table.get_mut(key).expect("key exists"));
    let mut shown = vec![key.clone()];
    let mut work = vec![key.clone()];
    while let Some(k) = work.pop() {
        for d in dependents.get(&k).into_iter().flatten() {
            let secondary = matches!(table.get(d), Some(Figure::Suppressed { reason: Suppression::Secondary, .. }));
            let parts_shown = by_id[d.1.as_str()]
                .recipe
                .parts()
                .iter()
                .all(|p| !table.get(&(d.0.clone(), (*p).to_string(), d.2)).is_some_and(Figure::is_suppressed));
            if secondary && parts_shown {
                unsuppress(table.get_mut(d).expect("key exists"));
                shown.push(d.clone());
                work.push(d.clone());
            }
        }
    }
    shown
}

/// Every (part, whole) pair of complements, for each authority and period both exist in.
fn complement_keys(table: &Table, indicators: &[Indicator], identities: &[Identity]) -> Vec<(Key, Key)> {
    let pairs = relations::complements(indicators, identities);
    let mut out = Vec::new();
    for (lea, id, period) in table.keys() {
        for (part, whole) in pairs.iter().filter(|(_, w)| w == id) {
            let part = (lea.clone(), part.clone(), *period);
            if table.contains_key(&part) {
                out.push((part, (lea.clone(), whole.clone(), *period)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
