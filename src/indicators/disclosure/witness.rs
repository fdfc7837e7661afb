//! Fast proofs of protection, by example. A small figure is protected when the published
//! figures allow every value from 1 to the threshold; to show that, it is enough to exhibit
//! whole-number values for the hidden counts, consistent with every relation and every
//! reader's bound, in which the figure takes each end of that range. Starting from the true
//! values (which satisfy everything), the figure is moved to the end wanted and the relations
//! it unbalances are rebalanced by moving other hidden counts, the way cells are traded round
//! a cycle of a table (a 4-cycle across two authorities and two categories, say).
//!
//! The search is bounded; where it finds no example, the audit solves the linear programme.
//! An example found is a proof; none found proves nothing either way.

use super::audit::System;
use super::relations::{Key, Op};
use std::collections::HashMap;

/// Nodes the search may visit for one example, candidates it tries at each, and its depth.
const BUDGET: u32 = 1000;
const BRANCHES: usize = 6;
const DEPTH: u32 = 10;

/// Counts moved from their true values, and what that does to each constraint they are in.
struct Moves<'a> {
    by: HashMap<&'a Key, i64>,
    /// Constraint → the sum of its coefficients times the moves.
    change: HashMap<usize, i64>,
}

impl<'a> System<'a> {
    /// Whether values exist, consistent with everything published, in which the counts of
    /// `start` are moved by the amounts given (and held there).
    pub(super) fn example(&self, start: &[(&'a Key, i64)]) -> bool {
        let mut moves = Moves { by: HashMap::new(), change: HashMap::new() };
        for (k, d) in start {
            if self.reach(k, *d) != *d {
                return false;
            }
            self.shift(&mut moves, k, *d);
        }
        let mut budget = BUDGET;
        self.balance(&mut moves, DEPTH, &mut budget)
    }

    fn shift(&self, moves: &mut Moves<'a>, k: &'a Key, d: i64) {
        *moves.by.entry(k).or_default() += d;
        for &(c, coef) in self.by_var.get(k).into_iter().flatten() {
            *moves.change.entry(c).or_default() += coef * d;
        }
    }

    /// How far towards `d` a count can move within a reader's bounds on it (0 if not at all).
    fn reach(&self, k: &Key, d: i64) -> i64 {
        let (lo, hi) = self.bounds(k);
        let v = self.counts[k].value as f64;
        let room = if d > 0 { (hi - v).min(d as f64) } else { (lo - v).max(d as f64) };
        if room.is_finite() { room.trunc() as i64 } else { d }
    }

    /// How far constraint `c` is off: for an equality, the sum of its moves (to be brought to
    /// 0); for an inequality, how far past its bound it is (0 if within).
    fn excess(&self, c: usize, change: i64) -> i64 {
        let slack = self.slack[c];
        match self.constraints[c].1 {
            Op::Eq => change,
            Op::Le => (change - slack).max(0),
            Op::Ge => (change + slack).min(0),
        }
    }

    fn balance(&self, moves: &mut Moves<'a>, depth: u32, budget: &mut u32) -> bool {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        let mut off: Vec<(usize, i64)> =
            moves.change.iter().map(|(&c, &ch)| (c, self.excess(c, ch))).filter(|(_, e)| *e != 0).collect();
        if off.is_empty() {
            return true;
        }
        if depth == 0 {
            return false;
        }
        off.sort_unstable();
        let (c, excess) = off[0];
        // Counts of the constraint that can take up the excess, best first: those that also
        // rebalance other constraints that are off, then those that take all of it.
        let mut candidates: Vec<(i64, &'a Key, i64)> = Vec::new();
        for (k, coef) in &self.constraints[c].0 {
            let coef = *coef as i64;
            if moves.by.contains_key(*k) {
                continue;
            }
            let d = self.reach(k, -excess * coef);
            if d == 0 {
                continue;
            }
            let helps = self
                .by_var
                .get(*k)
                .into_iter()
                .flatten()
                .filter(|(o, ck)| *o != c && off.iter().any(|(oc, oe)| oc == o && (ck * d).signum() == -oe.signum()))
                .count() as i64;
            let whole = i64::from(d.abs() == excess.abs());
            // Trades close soonest within an authority, or through the all-authorities row.
            let local = i64::from(k.0 == crate::run::ALL || moves.by.keys().any(|m| m.0 == k.0));
            candidates.push((-(helps * 4 + local * 2 + whole), k, d));
        }
        candidates.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        for (_, k, d) in candidates.into_iter().take(BRANCHES) {
            self.shift(moves, k, d);
            if self.balance(moves, depth - 1, budget) {
                return true;
            }
            self.shift(moves, k, -d);
            moves.by.remove(k);
        }
        false
    }
}
