//! What a topic is: its declarations, its base-count routine and its breakdowns named by data.

use crate::indicators::catalogue::Builder;
use crate::indicators::compute::Computer;
use polars::prelude::PolarsResult;

pub struct Topic {
    pub name: &'static str,
    /// Declares the topic's indicators, in the order they are listed.
    pub declare: fn(&mut Builder),
    /// Computes the topic's base counts, for every authority and year of the run.
    pub count: fn(&mut Computer) -> PolarsResult<()>,
    /// Breakdowns whose cells are named by free text in the data (agency names).
    pub dynamic: &'static [Dynamic],
}

/// A breakdown whose cells are found in the data: ids `<prefix>.<slug>`, summing to `total`.
pub struct Dynamic {
    pub prefix: &'static str,
    pub total: &'static str,
    /// What a cell counts, before the text it is named by.
    pub what: &'static str,
}
