//! The figures stage's output: every figure of the run, in catalogue order.

use super::catalogue::Indicator;
use super::disclosure::record::Record;
use super::figure::{Figure, Key, Unit};
use crate::period::{FinancialYear, Period};
use std::collections::BTreeMap;

/// A published comparator value (`benchmarks.csv`): England, the region, statistical neighbours.
#[derive(Debug, Clone, PartialEq)]
pub struct Benchmark {
    pub comparator: String,
    pub period: Period,
    pub value: f64,
    pub about: BenchmarkSource,
}

/// What `benchmarks.csv` says of a published value, each optional.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BenchmarkSource {
    /// The publication it is taken from ("DfE, Characteristics of children in need 2017-18").
    pub source: Option<String>,
    /// The catalogue id whose definition the published figure follows, when it is not the
    /// indicator it is listed under: such a value is shown, never compared.
    pub definition: Option<String>,
    /// When it was published or taken ("November 2018", "revised 2019").
    pub vintage: Option<String>,
    /// For statistical neighbours: the set (e.g. "CIPFA nearest neighbours 2017").
    pub neighbours: Option<String>,
    /// For statistical neighbours: "mean" or "median".
    pub method: Option<String>,
}

impl Benchmark {
    /// Whether it measures what the indicator it is listed under measures.
    pub fn same_definition(&self, indicator: &str) -> bool {
        self.about.definition.as_deref().is_none_or(|d| d.eq_ignore_ascii_case(indicator))
    }
}

/// Years shown in trends, ending with the reporting year.
pub const TREND_YEARS: i32 = 5;

#[derive(Debug, Clone)]
pub struct FigureRow {
    pub lea: String,
    pub indicator: String,
    pub period: Period,
    pub unit: Unit,
    pub figure: Figure,
}

#[derive(Debug)]
pub struct Figures {
    pub indicators: Vec<Indicator>,
    /// In catalogue order, then authority, then period.
    pub rows: Vec<FigureRow>,
    /// The authorities figured, with [`crate::run::ALL`] last when there are several.
    pub authorities: Vec<String>,
    pub reporting_year: FinancialYear,
    /// The financial years figures are given for, oldest first.
    pub periods: Vec<FinancialYear>,
    /// The latest comparator values for each indicator, from `benchmarks.csv`.
    pub benchmarks: BTreeMap<String, Vec<Benchmark>>,
    /// What disclosure control did (public editions only).
    pub disclosure: Option<Record>,
    /// Columns the figures needed that the data lacked, for the report's notes.
    pub gaps: Vec<super::gaps::Gap>,
    /// Figures outside the range any authority has published: check the data.
    pub implausible: Vec<super::plausible::Implausible>,
    /// The board's actions, in its words, and where each stood at the end of the year.
    pub actions: Vec<super::topics::reviews::ActionItem>,
}

impl Figures {
    pub fn several_authorities(&self) -> bool {
        self.authorities.len() > 1
    }

    /// (authority, indicator, period) → row.
    pub fn index(&self) -> BTreeMap<(&str, &str, Period), &FigureRow> {
        self.rows.iter().map(|r| ((r.lea.as_str(), r.indicator.as_str(), r.period), r)).collect()
    }
}

/// (authority, id, period) → figure, before disclosure control.
pub type Table = BTreeMap<Key, Figure>;
