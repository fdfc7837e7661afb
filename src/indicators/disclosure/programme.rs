//! The audit's linear programmes (microlp) over one system: whether a figure can take a value,
//! and the least and greatest value it can take, given everything published.

use super::audit::{LP_VARS, System, Var};
use super::record::Sensitive;
use super::relations::Op;
use microlp::{ComparisonOp, OptimizationDirection, Problem};
use std::collections::{BTreeSet, HashMap};

impl System<'_> {
    /// `item` as a constant (its shown terms) plus its unknown terms.
    fn split(&self, item: &Sensitive) -> Result<(f64, Vec<(Var, f64)>), String> {
        let (mut constant, mut unknown): (f64, Vec<(Var, f64)>) = (0.0, Vec::new());
        for (k, coef) in item.terms() {
            match (self.var(k), self.counts.get(k)) {
                (Some(v), _) => unknown.push((v, coef)),
                (None, Some(c)) => constant += coef * c.value as f64,
                (None, None) => return Err(format!("{k:?} is not a count")),
            }
        }
        Ok((constant, unknown))
    }

    /// The linear programme over the components of `unknown`: every constraint over them, the
    /// objective `unknown` in `direction`, and `extra` rows (over `unknown`'s terms).
    fn programme(&self, unknown: &[(Var, f64)], direction: OptimizationDirection, extra: Option<f64>) -> Problem {
        // The components the item's unknowns are in, and every constraint over them.
        let roots: BTreeSet<Var> = unknown.iter().map(|(v, _)| self.component[*v as usize]).collect();
        let mut rows: Vec<usize> =
            roots.iter().flat_map(|r| self.by_component.get(r).into_iter().flatten()).copied().collect();
        rows.sort_unstable();
        let mut vars: BTreeSet<Var> = unknown.iter().map(|(v, _)| *v).collect();
        for &i in &rows {
            vars.extend(self.constraints[i].0.iter().map(|(v, _)| *v));
        }
        LP_VARS.fetch_add(vars.len() as u64, std::sync::atomic::Ordering::Relaxed);
        let mut problem = Problem::new(direction);
        let mut lp: HashMap<Var, microlp::Variable> = HashMap::with_capacity(vars.len());
        for &v in &vars {
            let objective = match extra {
                Some(_) => 0.0,
                None => unknown.iter().find(|(u, _)| *u == v).map_or(0.0, |(_, c)| *c),
            };
            lp.insert(v, problem.add_var(objective, self.bound[v as usize]));
        }
        for &i in &rows {
            let (terms, op, rhs) = &self.constraints[i];
            let row: Vec<(microlp::Variable, f64)> = terms.iter().map(|(v, c)| (lp[v], *c)).collect();
            let op = match op {
                Op::Eq => ComparisonOp::Eq,
                Op::Le => ComparisonOp::Le,
                Op::Ge => ComparisonOp::Ge,
            };
            problem.add_constraint(&row, op, *rhs);
        }
        if let Some(target) = extra {
            let row: Vec<(microlp::Variable, f64)> = unknown.iter().map(|(v, c)| (lp[v], *c)).collect();
            problem.add_constraint(&row, ComparisonOp::Eq, target);
        }
        problem
    }

    /// Whether everything published allows `item` to be `target`: one programme with no
    /// objective, which stops at the first consistent values (about half the work of bounding
    /// the item from both sides).
    pub(super) fn possible(&self, item: &Sensitive, target: i64) -> Result<bool, String> {
        let (constant, unknown) = self.split(item)?;
        if unknown.is_empty() {
            return Ok(constant == target as f64);
        }
        let problem = self.programme(&unknown, OptimizationDirection::Minimize, Some(target as f64 - constant));
        match problem.solve() {
            Ok(_) => Ok(true),
            Err(microlp::Error::Infeasible) => Ok(false),
            Err(e) => Err(format!("the disclosure audit's solver failed: {e}")),
        }
    }

    /// The least and greatest value of `item` consistent with everything published.
    pub(super) fn interval(&self, item: &Sensitive) -> Result<(f64, f64), String> {
        let (constant, unknown) = self.split(item)?;
        if unknown.is_empty() {
            return Ok((constant, constant));
        }
        let mut result = [0.0; 2];
        for (slot, direction) in [(0, OptimizationDirection::Minimize), (1, OptimizationDirection::Maximize)] {
            let problem = self.programme(&unknown, direction, None);
            result[slot] = match problem.solve() {
                Ok(outcome) => match outcome.into_solution() {
                    Ok(s) => constant + s.objective(),
                    Err(_) => return Err("the disclosure audit's solver stopped without an answer".into()),
                },
                Err(microlp::Error::Unbounded) => {
                    if slot == 0 {
                        f64::NEG_INFINITY
                    } else {
                        f64::INFINITY
                    }
                }
                Err(e) => return Err(format!("the disclosure audit's solver failed: {e}")),
            };
        }
        Ok((result[0], result[1]))
    }
}
