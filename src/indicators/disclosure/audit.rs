//! The attacker's audit: for every small count of people, and every small difference a reader
//! could take ("3 reviews were late"), the tightest interval that can be worked out from
//! everything a public edition publishes, by linear programming (microlp).
//!
//! What a reader knows, taken at its strongest:
//! - every figure shown, and the exact numerator and denominator printed beside each shown
//!   share, rate, mean and weekly figure (so the working counts behind them);
//! - a count shown as `c` for being small is from 1 to the threshold ("fewer than 6" in the
//!   report's prose); zeros are shown, so no `c` is 0; a `c` the report does not call small
//!   (one suppressed to protect another, or a small count concealed so that small counts
//!   adding up to it cannot be worked out, worded alike) is at least 1;
//! - a count nobody prints is at least 0;
//! - every relation of [`super::relations`].
//!
//! **The rule.** A small figure (1 to the threshold) known to be small is protected when the
//! published figures are consistent with every value from 1 to the threshold: the interval a
//! reader can derive reaches down to 1 and up to the threshold. Any other `c` is protected
//! when it cannot be worked out exactly. The interval is the linear programme's, rounded
//! inwards to whole numbers; for tables of sums (the usual case) that is exactly the bound an
//! attacker reasoning in whole numbers gets, since such systems have whole-number vertices.

use super::record::{Finding, Sensitive};
use super::relations::{Key, Op, Relation};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// What a reader knows of one count.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Seen {
    /// Printed, exactly.
    Shown,
    /// `c`, suppressed for being small: 1 to the threshold.
    Small,
    /// `c`, not said to be small: suppressed to protect another figure, or a small count
    /// concealed; at least 1.
    Protecting,
    /// Printed nowhere: at least 0.
    Unseen,
}

/// One count in the audit: its true value, what a reader sees, and whether it is about people.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Count {
    pub value: i64,
    pub seen: Seen,
    pub people: bool,
}

/// The audit of one published system.
#[derive(Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
}

impl Outcome {
    pub fn failures(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| !f.protected)
    }
}

/// Audits every sensitive item. Relations are solved component by component: the counts a
/// reader does not know, joined by the relations between them.
/// With `exact`, every figure not proven protected by example is solved, so its interval is
/// exact; without, a figure that bounds alone expose is reported failing without solving.
/// With `only`, just those items are audited (figures found protected stay protected, as
/// further suppression only widens what a reader can derive), over the relations of their
/// components, found through `touching` (each count → the relations it is in).
pub fn audit<'k>(
    counts: &BTreeMap<Key, Count>,
    relations: &'k [Relation],
    complements: &[(Key, Key)],
    threshold: i64,
    only: Option<(&BTreeSet<Sensitive>, &HashMap<&'k Key, Vec<usize>>)>,
    exact: bool,
) -> Result<Outcome, String> {
    let small = |v: i64| (1..=threshold).contains(&v);
    // Small counts, and every count suppressed to protect one: no `c` may be worked out exactly.
    let mut items: Vec<(Sensitive, i64)> = counts
        .iter()
        .filter(|(_, c)| c.people && (small(c.value) || c.seen == Seen::Protecting))
        .map(|(k, c)| (Sensitive::Count(k.clone()), c.value))
        .collect();
    for (part, whole) in complements {
        if let (Some(p), Some(w)) = (counts.get(part), counts.get(whole))
            && small(w.value - p.value)
        {
            items.push((Sensitive::Complement { part: part.clone(), whole: whole.clone() }, w.value - p.value));
        }
    }
    if let Some((only, _)) = only {
        items.retain(|(item, _)| only.contains(item));
    }
    let started = std::time::Instant::now();
    // Only the relations the audited figures' components hold, when not every figure is audited.
    let scope = only.map(|(_, touching)| reachable(&items, counts, relations, touching));
    let system = System::new(counts, relations, scope.as_deref(), threshold);
    crate::timing("disclosure: system", started);
    // Each figure on its own, on every core, taken one at a time (the hard ones cluster, as
    // breakdowns are in key order); the findings keep the items' order.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let judged: Vec<Result<Vec<(usize, Finding)>, String>> = std::thread::scope(|scope| {
        let (system, items, next) = (&system, &items, &next);
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(move || {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((item, value)) = items.get(i) else { return Ok(out) };
                        out.push((i, judge(system, item, *value, exact)?));
                    }
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err("the disclosure audit failed".into()))).collect()
    });
    let mut found: Vec<(usize, Finding)> = Vec::with_capacity(items.len());
    for part in judged {
        found.extend(part?);
    }
    found.sort_unstable_by_key(|(i, _)| *i);
    Ok(Outcome { findings: found.into_iter().map(|(_, f)| f).collect() })
}

/// The relations joined through counts a reader does not know to the unknown counts of
/// `items`: exactly those of the components the items are in.
fn reachable<'k>(
    items: &'k [(Sensitive, i64)],
    counts: &BTreeMap<Key, Count>,
    relations: &'k [Relation],
    touching: &HashMap<&'k Key, Vec<usize>>,
) -> Vec<usize> {
    let unknown = |k: &Key| counts.get(k).is_some_and(|c| c.seen != Seen::Shown);
    let mut queue: Vec<&Key> = items.iter().flat_map(|(item, _)| item.keys()).filter(|k| unknown(k)).collect();
    let mut seen: HashSet<&Key> = queue.iter().copied().collect();
    let mut taken: BTreeSet<usize> = BTreeSet::new();
    while let Some(k) = queue.pop() {
        for &i in touching.get(k).into_iter().flatten() {
            if taken.insert(i) {
                for (o, _) in &relations[i].terms {
                    if unknown(o) && seen.insert(o) {
                        queue.push(o);
                    }
                }
            }
        }
    }
    taken.into_iter().collect()
}

/// Time spent proving by example and solving, for SAFEGUARD_TIMINGS.
pub static WITNESS_NANOS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
pub static LP_NANOS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
pub static LP_COUNT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
pub static LP_PROTECTED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
pub static LP_VARS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// One figure's finding: proven by example, plainly exposed, or solved.
fn judge(system: &System, item: &Sensitive, value: i64, exact: bool) -> Result<Finding, String> {
    let (item, threshold) = (item.clone(), system.threshold);
    let small = system.known_small(&item, value);
    // While protecting, a figure bounds alone expose fails at once; the final audit (every
    // figure) solves each one it cannot prove, so what it reports is exact.
    if !exact && system.plainly_exposed(&item, small) {
        let (lower, upper) = match &item {
            Sensitive::Count(k) => system.outer_bounds(k),
            _ => (value as f64, value as f64),
        };
        let (lower, upper) = ((lower - 1e-6).ceil(), (upper + 1e-6).floor());
        return Ok(Finding { item, value, lower, upper, protected: false, small, widest: false, solved: false });
    }
    let started = std::time::Instant::now();
    let proven = system.proven(&item, value, small);
    WITNESS_NANOS.fetch_add(started.elapsed().as_nanos() as u64, std::sync::atomic::Ordering::Relaxed);
    if let Some((lower, upper)) = proven {
        // Shown possible by example: the interval a reader can derive holds at least this.
        return Ok(Finding { item, value, lower, upper, protected: true, small, widest: false, solved: false });
    }
    // Then by programmes with no objective: values consistent with everything published in
    // which the figure takes each value the rule needs. Only where one of those is impossible
    // is it bounded from both sides, for how far it fails. (Figures audited `exact` are those
    // accepted as failing, or every figure for the proof from scratch: bounded at once.)
    let started = std::time::Instant::now();
    let other = if exact {
        None
    } else if small {
        let mut every = true;
        for v in [1, threshold].into_iter().filter(|&v| v != value) {
            if !system.possible(&item, v)? {
                every = false;
                break;
            }
        }
        every.then_some(value)
    } else if system.possible(&item, value + 1)? {
        Some(value + 1)
    } else {
        system.possible(&item, value - 1)?.then_some(value - 1)
    };
    LP_NANOS.fetch_add(started.elapsed().as_nanos() as u64, std::sync::atomic::Ordering::Relaxed);
    if let Some(other) = other {
        LP_COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        LP_PROTECTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let (lower, upper) = if small { (1, threshold) } else { (value.min(other), value.max(other)) };
        return Ok(Finding {
            item,
            value,
            lower: lower as f64,
            upper: upper as f64,
            protected: true,
            small,
            widest: false,
            solved: true,
        });
    }
    let started = std::time::Instant::now();
    let interval = system.interval(&item);
    LP_NANOS.fetch_add(started.elapsed().as_nanos() as u64, std::sync::atomic::Ordering::Relaxed);
    LP_COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let (lower, upper) = interval?;
    // Whole numbers, rounded inwards with a little slack for the solver's floating point.
    let (lower, upper) = ((lower - 1e-6).ceil(), (upper + 1e-6).floor());
    // A `c` not said to be small must not be exact.
    let protected = if small { lower <= 1.0 && upper >= threshold as f64 } else { upper > lower };
    if protected {
        LP_PROTECTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
    Ok(Finding { item, value, lower, upper, protected, small, widest: false, solved: true })
}

/// A hidden count's number within one [`System`]: counts are numbered in key order, so that
/// the searches and programmes over them go in the same order as over the keys.
pub(super) type Var = u32;

/// The relations with what a reader knows substituted in: constraints on the unknown counts,
/// which are numbered so that the searches over them hash and compare integers, not keys.
pub(super) struct System<'a> {
    pub(super) counts: &'a BTreeMap<Key, Count>,
    threshold: i64,
    /// Each unknown count's number.
    index: HashMap<&'a Key, Var>,
    /// Each unknown count's true value and a reader's bounds on it.
    pub(super) value: Vec<i64>,
    pub(super) bound: Vec<(f64, f64)>,
    /// Each unknown count's authority, numbered (0 for the all-authorities row).
    pub(super) place: Vec<u32>,
    /// Each constraint: unknown terms, op, right-hand side.
    pub(super) constraints: Vec<(Vec<(Var, f64)>, Op, f64)>,
    /// How far each constraint's true sum is inside its bound (0 for an equality).
    pub(super) slack: Vec<i64>,
    /// Unknown count → the constraints it is in, with its coefficient in each.
    pub(super) by_var: Vec<Vec<(usize, i64)>>,
    /// Unknown count → its component (a representative unknown).
    pub(super) component: Vec<Var>,
    /// Component → the constraints over it.
    pub(super) by_component: HashMap<Var, Vec<usize>>,
}

impl<'a> System<'a> {
    /// The system of `relations`, or of those of them in `scope`.
    fn new(
        counts: &'a BTreeMap<Key, Count>,
        relations: &'a [Relation],
        scope: Option<&[usize]>,
        threshold: i64,
    ) -> Self {
        let (mut index, mut value, mut bound, mut place) = (HashMap::new(), Vec::new(), Vec::new(), Vec::new());
        let mut places: HashMap<&str, u32> = HashMap::from([(crate::run::ALL, 0)]);
        for (k, c) in counts.iter().filter(|(_, c)| c.seen != Seen::Shown) {
            index.insert(k, value.len() as Var);
            value.push(c.value);
            bound.push(reader_bounds(c, threshold));
            let next = places.len() as u32;
            place.push(*places.entry(k.0.as_str()).or_insert(next));
        }
        let mut constraints = Vec::new();
        let chosen: Box<dyn Iterator<Item = &Relation>> = match scope {
            Some(scope) => Box::new(scope.iter().map(|&i| &relations[i])),
            None => Box::new(relations.iter()),
        };
        for r in chosen {
            let (mut terms, mut rhs) = (Vec::new(), 0.0);
            for (k, coef) in &r.terms {
                match (index.get(k), counts.get(k)) {
                    (Some(&v), _) => terms.push((v, *coef as f64)),
                    (None, Some(c)) => rhs -= (c.value * coef) as f64,
                    (None, None) => {}
                }
            }
            if !terms.is_empty() {
                constraints.push((terms, r.op, rhs));
            }
        }
        // Components by union-find over the unknowns each constraint joins.
        let mut parent: Vec<Var> = (0..value.len() as Var).collect();
        fn find(parent: &mut [Var], v: Var) -> Var {
            let mut root = v;
            while parent[root as usize] != root {
                root = parent[root as usize];
            }
            let mut at = v;
            while parent[at as usize] != root {
                let up = parent[at as usize];
                parent[at as usize] = root;
                at = up;
            }
            root
        }
        for (terms, ..) in &constraints {
            let first = find(&mut parent, terms[0].0);
            for &(v, _) in &terms[1..] {
                let root = find(&mut parent, v);
                if root != first {
                    parent[root as usize] = first;
                }
            }
        }
        let component: Vec<Var> = (0..value.len() as Var).map(|v| find(&mut parent, v)).collect();
        let mut by_component: HashMap<Var, Vec<usize>> = HashMap::new();
        let mut by_var: Vec<Vec<(usize, i64)>> = vec![Vec::new(); value.len()];
        let mut slack = Vec::with_capacity(constraints.len());
        for (i, (terms, op, rhs)) in constraints.iter().enumerate() {
            by_component.entry(component[terms[0].0 as usize]).or_default().push(i);
            let truth: i64 = terms.iter().map(|&(v, c)| c as i64 * value[v as usize]).sum();
            slack.push(match op {
                Op::Eq => 0,
                Op::Le => *rhs as i64 - truth,
                Op::Ge => truth - *rhs as i64,
            });
            for &(v, coef) in terms {
                by_var[v as usize].push((i, coef as i64));
            }
        }
        System { counts, threshold, index, value, bound, place, constraints, slack, by_var, component, by_component }
    }

    /// The number of a count a reader does not know.
    pub(super) fn var(&self, k: &Key) -> Option<Var> {
        self.index.get(k).copied()
    }

    /// Bounds on a hidden count from each relation it is in on its own (the others at their
    /// bounds): wider than, or as wide as, what the linear programme finds, so a figure they
    /// already narrow too far fails without solving anything.
    fn outer_bounds(&self, k: &Key) -> (f64, f64) {
        let Some(x) = self.var(k) else { return self.bounds(k) };
        let (mut lo, mut hi) = self.bound[x as usize];
        for &(c, coef) in &self.by_var[x as usize] {
            let (terms, op, rhs) = &self.constraints[c];
            // coef·x + Σ others (op) rhs, so coef·x (op) rhs − Σ others.
            let (mut others_lo, mut others_hi) = (0.0, 0.0);
            for &(o, oc) in terms.iter().filter(|(o, _)| *o != x) {
                let (olo, ohi) = self.bound[o as usize];
                let (a, b) = if oc > 0.0 { (oc * olo, oc * ohi) } else { (oc * ohi, oc * olo) };
                others_lo += a;
                others_hi += b;
            }
            // coef·x lies in [rhs − others_hi, rhs − others_lo] for an equality; one side for ≤, ≥.
            let (mut xlo, mut xhi) = (f64::NEG_INFINITY, f64::INFINITY);
            if matches!(op, Op::Eq | Op::Le) {
                xhi = rhs - others_lo;
            }
            if matches!(op, Op::Eq | Op::Ge) {
                xlo = rhs - others_hi;
            }
            let (xlo, xhi) =
                if coef > 0 { (xlo / coef as f64, xhi / coef as f64) } else { (xhi / coef as f64, xlo / coef as f64) };
            if xlo.is_finite() || xlo == f64::INFINITY {
                lo = lo.max(xlo);
            }
            if xhi.is_finite() || xhi == f64::NEG_INFINITY {
                hi = hi.min(xhi);
            }
        }
        (lo, hi)
    }

    /// Whether the rule for a small figure applies to `item`: it is from 1 to the threshold
    /// and not a `c` the report leaves unqualified.
    fn known_small(&self, item: &Sensitive, value: i64) -> bool {
        let unqualified = matches!(item, Sensitive::Count(k) if self.counts[k].seen == Seen::Protecting);
        (1..=self.threshold).contains(&value) && !unqualified
    }

    /// Whether bounds alone show `item` cannot be protected.
    fn plainly_exposed(&self, item: &Sensitive, small: bool) -> bool {
        let Sensitive::Count(k) = item else { return false };
        if self.counts.get(k).is_some_and(|c| c.seen == Seen::Shown) {
            return true;
        }
        let (lo, hi) = self.outer_bounds(k);
        let (lo, hi) = ((lo - 1e-6).ceil(), (hi + 1e-6).floor());
        if small { lo > 1.0 || hi < self.threshold as f64 } else { hi <= lo }
    }

    /// Whether examples prove `item` protected, and the values they show possible: for a small
    /// figure, consistent values in which it is 1 and in which it is the threshold; for a count
    /// protecting another, values in which it is something else.
    fn proven(&self, item: &Sensitive, value: i64, small: bool) -> Option<(f64, f64)> {
        let t = self.threshold;
        let range = |lower: i64, upper: i64| Some((lower as f64, upper as f64));
        match item {
            Sensitive::Count(k) => {
                let x = self.var(k)?;
                if small {
                    [1 - value, t - value].iter().all(|&d| d == 0 || self.example(x, d)).then_some((1.0, t as f64))
                } else if self.example(x, 1) {
                    range(value, value + 1)
                } else if self.example(x, -1) {
                    range(value - 1, value)
                } else {
                    None
                }
            }
            Sensitive::Complement { part, whole } => [1 - value, t - value]
                .iter()
                .all(|&d| {
                    d == 0
                        || self.var(whole).is_some_and(|w| self.example(w, d))
                        || self.var(part).is_some_and(|p| self.example(p, -d))
                })
                .then_some((1.0, t as f64)),
        }
    }

    /// The bounds a reader has on a count before any relation.
    pub(super) fn bounds(&self, k: &Key) -> (f64, f64) {
        reader_bounds(&self.counts[k], self.threshold)
    }
}

/// What a reader knows of a count before any relation.
fn reader_bounds(c: &Count, threshold: i64) -> (f64, f64) {
    match c.seen {
        Seen::Shown => (c.value as f64, c.value as f64),
        Seen::Small => (1.0, threshold as f64),
        Seen::Protecting => (1.0, f64::INFINITY),
        Seen::Unseen => (0.0, f64::INFINITY),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: &str) -> Key {
        ("999".into(), id.into(), "2017-18".parse().unwrap())
    }

    fn counts(cells: &[(&str, i64, Seen)]) -> BTreeMap<Key, Count> {
        cells.iter().map(|(id, v, seen)| (key(id), Count { value: *v, seen: *seen, people: true })).collect()
    }

    fn family(total: &str, cells: &[&str]) -> Relation {
        let mut terms: Vec<(Key, i64)> = cells.iter().map(|c| (key(c), 1)).collect();
        terms.push((key(total), -1));
        Relation { terms, op: Op::Eq, what: "test".into() }
    }

    #[test]
    fn two_small_cells_that_sum_to_two_are_both_recovered() {
        // Categories 27, 8, 26, c, c of a total 63: the two c cells sum to 63 − 27 − 8 − 26 = 2,
        // and neither is 0, so both are 1.
        let c = counts(&[
            ("t", 63, Seen::Shown),
            ("a", 27, Seen::Shown),
            ("b", 8, Seen::Shown),
            ("d", 26, Seen::Shown),
            ("x", 1, Seen::Small),
            ("y", 1, Seen::Small),
        ]);
        let out = audit(&c, &[family("t", &["a", "b", "d", "x", "y"])], &[], 5, None, true).unwrap();
        let x = out.findings.iter().find(|f| f.item == Sensitive::Count(key("x"))).unwrap();
        assert_eq!((x.lower, x.upper, x.protected), (1.0, 1.0, false));
    }

    #[test]
    fn a_small_cell_is_protected_when_every_value_up_to_the_threshold_remains_possible() {
        // 50 = a + 40 + s + 0 with a small (1 to 5) and s a `c` not said to be small (at least
        // 1): a + s = 10, so a is 1 to 5 and s is 5 to 9. If s were said to be small too, a + s
        // = 10 would leave a at least 5: a reader would know it is 5.
        let rel = [family("t", &["a", "b", "s", "z"])];
        let cells = |s_seen| {
            counts(&[
                ("t", 50, Seen::Shown),
                ("a", 3, Seen::Small),
                ("b", 40, Seen::Shown),
                ("s", 7, s_seen),
                ("z", 0, Seen::Shown),
            ])
        };
        let out = audit(&cells(Seen::Protecting), &rel, &[], 5, None, true).unwrap();
        let (a, s) = (&out.findings[0], &out.findings[1]);
        assert_eq!((a.lower, a.upper, a.protected), (1.0, 5.0, true));
        // Shown possible by example (7 and 8), not solved: the interval holds at least those.
        assert!(s.protected && s.lower <= 7.0 && s.upper >= 8.0, "{s:?}");
        let a = &audit(&cells(Seen::Small), &rel, &[], 5, None, true).unwrap().findings[0];
        assert_eq!((a.lower, a.upper, a.protected), (5.0, 5.0, false));
    }

    #[test]
    fn a_complement_shown_by_subtraction_is_found() {
        // 100 reviews, 97 on time: 3 were late, which anyone can subtract.
        let c = counts(&[("held", 100, Seen::Shown), ("in_time", 97, Seen::Shown)]);
        let out = audit(&c, &[], &[(key("in_time"), key("held"))], 5, None, true).unwrap();
        assert_eq!(out.failures().count(), 1);
        // With the on-time count hidden (above the threshold, at most the whole) it is safe.
        let c = counts(&[("held", 100, Seen::Shown), ("in_time", 97, Seen::Protecting)]);
        let subset = Relation { terms: vec![(key("in_time"), 1), (key("held"), -1)], op: Op::Le, what: "t".into() };
        let out = audit(&c, &[subset], &[(key("in_time"), key("held"))], 5, None, true).unwrap();
        assert_eq!(out.failures().count(), 0, "{:?}", out.findings);
    }
}
