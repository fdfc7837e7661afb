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

use super::audit::{System, Var};
use super::relations::Op;

/// Nodes the search may visit for one example, candidates it tries at each, and its depth.
const BUDGET: u32 = 1000;
const BRANCHES: usize = 6;
const DEPTH: u32 = 10;

/// Counts moved from their true values, and what that does to each constraint they are in.
/// Both stay short (a move per level of the search), so they are lists, not maps.
#[derive(Default)]
struct Moves {
    by: Vec<(Var, i64)>,
    /// Constraint → the sum of its coefficients times the moves.
    change: Vec<(usize, i64)>,
}

impl System<'_> {
    /// Whether values exist, consistent with everything published, in which count `x` is
    /// moved by `d` from its true value (and held there).
    pub(super) fn example(&self, x: Var, d: i64) -> bool {
        if self.reach(x, d) != d {
            return false;
        }
        let mut moves = Moves::default();
        self.shift(&mut moves, x, d);
        let mut budget = BUDGET;
        self.balance(&mut moves, DEPTH, &mut budget)
    }

    fn shift(&self, moves: &mut Moves, x: Var, d: i64) {
        match moves.by.iter_mut().find(|(v, _)| *v == x) {
            Some((_, by)) => *by += d,
            None => moves.by.push((x, d)),
        }
        for &(c, coef) in &self.by_var[x as usize] {
            match moves.change.iter_mut().find(|(o, _)| *o == c) {
                Some((_, ch)) => *ch += coef * d,
                None => moves.change.push((c, coef * d)),
            }
        }
    }

    /// How far towards `d` a count can move within a reader's bounds on it (0 if not at all).
    fn reach(&self, x: Var, d: i64) -> i64 {
        let (lo, hi) = self.bound[x as usize];
        let v = self.value[x as usize] as f64;
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

    fn balance(&self, moves: &mut Moves, depth: u32, budget: &mut u32) -> bool {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        let mut off: Vec<(usize, i64)> =
            moves.change.iter().map(|&(c, ch)| (c, self.excess(c, ch))).filter(|(_, e)| *e != 0).collect();
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
        let mut candidates: Vec<(i64, Var, i64)> = Vec::new();
        for &(x, coef) in &self.constraints[c].0 {
            let coef = coef as i64;
            if moves.by.iter().any(|(m, _)| *m == x) {
                continue;
            }
            let d = self.reach(x, -excess * coef);
            if d == 0 {
                continue;
            }
            let helps = self.by_var[x as usize]
                .iter()
                .filter(|(o, ck)| *o != c && off.iter().any(|(oc, oe)| oc == o && (ck * d).signum() == -oe.signum()))
                .count() as i64;
            let whole = i64::from(d.abs() == excess.abs());
            // Trades close soonest within an authority, or through the all-authorities row.
            let place = self.place[x as usize];
            let local = i64::from(place == 0 || moves.by.iter().any(|(m, _)| self.place[*m as usize] == place));
            candidates.push((-(helps * 4 + local * 2 + whole), x, d));
        }
        candidates.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        for (_, x, d) in candidates.into_iter().take(BRANCHES) {
            self.shift(moves, x, d);
            if self.balance(moves, depth - 1, budget) {
                return true;
            }
            self.shift(moves, x, -d);
            moves.by.retain(|(m, _)| *m != x);
        }
        false
    }
}
