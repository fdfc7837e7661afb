//! Which figure to suppress next for a figure that fails the audit (secondary suppression),
//! and which small count to stop calling small where suppression cannot protect it.

use super::audit::{Count, Seen};
use super::record::{Finding, Sensitive};
use super::relations::{self, Key, Relation};
use crate::indicators::figure::Suppression;
use std::collections::{BTreeMap, HashMap, HashSet};

/// How many relations out from a failing figure the next suppression is looked for.
const REACH: usize = 2;

/// How many counts of each relation a reader does not know, in one round's view, and how many
/// of its terms are no count at all; worked out once a relation is first asked about
/// (relations through the all-authorities row hold 151 counts, and choosing asks about each
/// many times).
pub(super) struct Hidden<'a> {
    counts: &'a BTreeMap<Key, Count>,
    relations: &'a [Relation],
    known: Vec<std::cell::Cell<Option<(u32, u32)>>>,
}

impl<'a> Hidden<'a> {
    pub(super) fn new(counts: &'a BTreeMap<Key, Count>, relations: &'a [Relation]) -> Self {
        Hidden { counts, relations, known: vec![std::cell::Cell::new(None); relations.len()] }
    }

    fn counted(&self, i: usize) -> (u32, u32) {
        if let Some(known) = self.known[i].get() {
            return known;
        }
        let (mut hidden, mut absent) = (0, 0);
        for (k, _) in &self.relations[i].terms {
            match self.counts.get(k) {
                Some(c) if c.seen != Seen::Shown => hidden += 1,
                Some(_) => {}
                None => absent += 1,
            }
        }
        self.known[i].set(Some((hidden, absent)));
        (hidden, absent)
    }

    /// Counts of relation `i` a reader does not know.
    fn of(&self, i: usize) -> usize {
        self.counted(i).0 as usize
    }

    /// Terms of relation `i` not shown: hidden counts, and terms that are no count.
    fn not_shown(&self, i: usize) -> usize {
        let (hidden, absent) = self.counted(i);
        (hidden + absent) as usize
    }
}

/// The next figure to suppress for a failing item: a small count a reader can see is
/// suppressed itself; a complement loses its part; otherwise the smallest shown count of
/// people in a relation with the item (ties to the first key), then in a relation with the
/// hidden figures of those; preferring one that no equality would then pin down on its own.
pub(super) fn choose(
    f: &Finding,
    counts: &BTreeMap<Key, Count>,
    relations: &[Relation],
    touching: &HashMap<&Key, Vec<usize>>,
    hidden: &Hidden,
    revealed: &HashSet<Key>,
    t: i64,
) -> Option<(Key, Suppression, Option<String>)> {
    let shown = |k: &Key| counts.get(k).is_some_and(|c| c.seen == Seen::Shown);
    match &f.item {
        Sensitive::Count(k) if shown(k) => return Some((k.clone(), Suppression::SmallCount, None)),
        Sensitive::Complement { part, whole } if shown(part) && shown(whole) => {
            let k = if counts[part].value > 0 { part } else { whole };
            if !revealed.contains(k) {
                let why = format!("{} is part of {}", part.1, whole.1);
                return Some((k.clone(), Suppression::Secondary, Some(why)));
            }
        }
        _ => {}
    }
    // A candidate that some equality would pin down on its own (every other figure in it
    // shown) would only need protecting in turn: it comes after those that would not.
    // (The candidate is shown, so every other figure is shown when none of the relation is hidden.)
    let pinned = |k: &Key| {
        touching.get(k).into_iter().flatten().any(|&i| relations[i].op == relations::Op::Eq && hidden.not_shown(i) == 0)
    };
    let candidate = |k: &Key| {
        counts
            .get(k)
            .filter(|c| c.seen == Seen::Shown && c.people && c.value > 0 && !revealed.contains(k))
            .map(|c| (i64::from(pinned(k)), c.value))
    };
    // Outwards through the figures a reader does not know, nearest relations first: those it
    // is in, then those of the hidden figures in them. Further out rarely widens anything.
    let mut frontier: Vec<&Key> = f.item.keys();
    let mut seen: HashSet<&Key> = frontier.iter().copied().collect();
    for _ in 0..REACH {
        // A relation that pins the figure down on its own (nothing else in it hidden) first, as
        // a suppression anywhere else leaves it pinned; then counts no equality would pin; then
        // the smallest.
        let mut best: Option<((usize, i64, i64), &Key, &str)> = None;
        let mut next = Vec::new();
        for k in &frontier {
            for &i in touching.get(k).into_iter().flatten() {
                let r = &relations[i];
                if loose(r, counts, t) {
                    continue;
                }
                let pins = r.op == relations::Op::Eq && hidden.not_shown(i) == 1;
                let hidden = usize::from(!pins);
                for (other, _) in &relations[i].terms {
                    if let Some((p, v)) = candidate(other)
                        && best.is_none_or(|(bs, bk, _)| ((hidden, p, v), other) < (bs, bk))
                    {
                        best = Some(((hidden, p, v), other, relations[i].what.as_str()));
                    }
                    if !shown(other) && seen.insert(other) {
                        next.push(other);
                    }
                }
            }
        }
        if let Some((_, k, what)) = best {
            return Some((k.clone(), Suppression::Secondary, Some(what.to_string())));
        }
        frontier = next;
    }
    None
}

/// An inequality that holds with the threshold to spare (a part of 2 within a whole of 170): a
/// small count in it moving anywhere from 1 to the threshold stays clear of its bound, so
/// suppressing another of its figures would widen nothing.
fn loose(r: &Relation, counts: &BTreeMap<Key, Count>, t: i64) -> bool {
    let sum: Option<i64> = r.terms.iter().map(|(k, c)| counts.get(k).map(|n| n.value * c)).sum();
    r.op != relations::Op::Eq && sum.is_some_and(|s| s.abs() >= t)
}

/// A small count to stop calling small, for a failing figure suppression cannot protect: of
/// the figure itself and the counts in a relation with it that are said to be small, one in
/// the relation with the fewest hidden counts (the one that pins it: a breakdown of the
/// figure's own authority rather than the sum over 150 authorities), then the largest, then
/// the first key. Five `c` counts of 1 adding up to a `c` total of 5 are each 1 while the
/// total is known to be small; once it is not, each could be 1 to 5.
pub(super) fn conceal(
    f: &Finding,
    counts: &BTreeMap<Key, Count>,
    relations: &[Relation],
    touching: &HashMap<&Key, Vec<usize>>,
    hidden: &Hidden,
) -> Option<(Key, Suppression, Option<String>)> {
    let said_small = |k: &Key| counts.get(k).filter(|c| c.seen == Seen::Small && c.people).map(|c| c.value);
    // Every relation the figure is in holds the figure too, so it is a candidate of each.
    let mut best: Option<((usize, std::cmp::Reverse<i64>), &Key, &str)> = None;
    for k in f.item.keys() {
        for (i, r) in touching.get(k).into_iter().flatten().map(|&i| (i, &relations[i])) {
            let size = hidden.of(i);
            for (o, _) in &r.terms {
                let Some(v) = said_small(o) else { continue };
                let rank = (size, std::cmp::Reverse(v));
                if best.is_none_or(|(br, bk, _)| (rank, o) < (br, bk)) {
                    best = Some((rank, o, r.what.as_str()));
                }
            }
        }
    }
    best.map(|(_, k, what)| (k.clone(), Suppression::Concealed, Some(what.to_string())))
}
