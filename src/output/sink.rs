//! The one shape every output sink has.

use crate::error::Error;
use crate::indicators::Figures;
use crate::indicators::compare::Comparison;
use crate::run::Run;

/// A file to write, by its path inside the output folder (`charts/chart-01-contacts.svg`).
#[derive(Debug, Clone, PartialEq)]
pub struct OutputFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        Self { name: name.into(), bytes }
    }
}

/// What every sink takes.
pub struct Published<'a> {
    pub figures: &'a Figures,
    pub comparisons: &'a [Comparison<'a>],
    pub run: &'a Run,
    /// Figures revised since last year's report, when `build --previous` names it.
    pub revisions: Option<&'a crate::indicators::revisions::Revisions>,
}

pub type Sink = fn(&Published) -> Result<Vec<OutputFile>, Error>;
