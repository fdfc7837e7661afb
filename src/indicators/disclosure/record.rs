//! What disclosure control did, kept for the audit file and the manifest.

use super::super::figure::{Key, Suppression};

/// Something the audit must protect: a count, or a whole minus its part.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Sensitive {
    Count(Key),
    Complement { part: Key, whole: Key },
}

impl Sensitive {
    /// The counts it is made of, with their signs.
    pub fn terms(&self) -> Vec<(&Key, f64)> {
        match self {
            Sensitive::Count(k) => vec![(k, 1.0)],
            Sensitive::Complement { part, whole } => vec![(whole, 1.0), (part, -1.0)],
        }
    }

    pub fn keys(&self) -> Vec<&Key> {
        self.terms().into_iter().map(|(k, _)| k).collect()
    }
}

/// A sensitive figure and the interval a reader can derive for it.
#[derive(Debug, Clone)]
pub struct Finding {
    pub item: Sensitive,
    pub value: i64,
    pub lower: f64,
    pub upper: f64,
    pub protected: bool,
    /// Judged by the rule for small figures (any value from 1 to the threshold must stay
    /// possible); otherwise it must only not be exact.
    pub small: bool,
    /// Protected only as far as suppression can: every non-zero figure it could be worked out
    /// from is suppressed, yet a reader who knows which are small can narrow it to the interval.
    pub widest: bool,
    /// The interval is the tightest a reader can derive (solved); otherwise values shown
    /// possible by example, which a reader cannot rule out (the interval holds at least them).
    pub solved: bool,
}

/// One suppression and why it was made.
#[derive(Debug, Clone)]
pub struct Suppressed {
    pub key: Key,
    pub reason: Suppression,
    /// For a secondary suppression, the figure it protects and the relation that tied them.
    pub protects: Option<(Sensitive, String)>,
}

/// What disclosure control did, and what the final audit found.
#[derive(Debug, Default)]
pub struct Record {
    pub threshold: u32,
    pub relations: usize,
    pub suppressed: Vec<Suppressed>,
    /// Every sensitive figure with the interval a reader can derive for it, after protection.
    pub findings: Vec<Finding>,
}

impl Record {
    pub fn passed(&self) -> bool {
        self.findings.iter().all(|f| f.protected)
    }
}
