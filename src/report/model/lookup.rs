//! The figures of the authority a report describes, looked up by indicator and period.

use super::super::html::{self, Html};
use super::super::narrative;
use crate::indicators::catalogue::{Indicator, Polarity};
use crate::indicators::compare::Comparison;
use crate::indicators::figure::{Figure, Suppression, Unit};
use crate::indicators::gaps::Gap;
use crate::indicators::{FigureRow, Figures};
use crate::period::Period;
use std::collections::BTreeMap;

/// The figures of one authority, looked up by indicator and period.
pub struct Lookup<'a> {
    pub lea: &'a str,
    /// The area's name, as report.toml gives it.
    pub area: &'a str,
    pub figs: &'a Figures,
    rows: BTreeMap<(&'a str, Period), &'a FigureRow>,
    comparisons: BTreeMap<&'a str, &'a Comparison<'a>>,
    indicators: BTreeMap<&'a str, &'a Indicator>,
    /// The levels of need and their routes (report.toml's `[thresholds]`).
    pub thresholds: Vec<crate::thresholds::Threshold>,
}

impl<'a> Lookup<'a> {
    pub fn new(figs: &'a Figures, comparisons: &'a [Comparison<'a>], lea: &'a str, area: &'a str) -> Self {
        let rows = figs.rows.iter().filter(|r| r.lea == lea).map(|r| ((r.indicator.as_str(), r.period), r)).collect();
        let comparisons =
            comparisons.iter().filter(|c| c.row.lea == lea).map(|c| (c.row.indicator.as_str(), c)).collect();
        let indicators = figs.indicators.iter().map(|i| (i.id.as_str(), i)).collect();
        Lookup { lea, area, figs, rows, comparisons, indicators, thresholds: crate::thresholds::defaults() }
    }

    /// The same, with the partnership's own levels of need and routes.
    pub fn with_thresholds(self, thresholds: Vec<crate::thresholds::Threshold>) -> Self {
        Lookup { thresholds, ..self }
    }

    /// The small-number threshold of a public edition (0 when nothing is suppressed).
    pub fn threshold(&self) -> u32 {
        self.figs.disclosure.as_ref().map_or(0, |r| r.threshold)
    }

    /// A figure as prose quotes it: a count suppressed for being small is "fewer than 6".
    pub fn figure_in_prose(&self, id: &str, period: Period) -> Html {
        match self.row(id, period) {
            Some(r)
                if r.unit == Unit::Count
                    && matches!(r.figure, Figure::Suppressed { reason: Suppression::SmallCount, .. }) =>
            {
                html::fewer_than(id, period, self.threshold())
            }
            _ => self.figure(id, period),
        }
    }

    /// The reporting year, as a period.
    pub fn year(&self) -> Period {
        Period::Year(self.figs.reporting_year)
    }

    pub fn row(&self, id: &str, period: Period) -> Option<&'a FigureRow> {
        self.rows.get(&(id, period)).copied()
    }

    pub fn comparison(&self, id: &str) -> Option<&'a Comparison<'a>> {
        self.comparisons.get(id).copied()
    }

    /// The columns the figures needed and the data lacked, as they concern this report's
    /// authority (all of them for all authorities together).
    pub fn gaps(&self) -> Vec<Gap> {
        let mine = |g: &Gap| {
            let mut g = g.clone();
            if self.lea != crate::run::ALL {
                g.empty_in.retain(|(lea, _)| lea == self.lea);
            }
            g
        };
        self.figs.gaps.iter().filter_map(|g| Some(mine(g)).filter(|m| g.absent() || !m.empty_in.is_empty())).collect()
    }

    pub fn indicator(&self, id: &str) -> Option<&'a Indicator> {
        self.indicators.get(id).copied()
    }

    /// How a change is judged; never "better" or "worse" for a figure of the reporting year
    /// outside every authority's published range, which more likely says the data is wrong.
    pub fn polarity(&self, id: &str) -> Polarity {
        if self.implausible(id) {
            return Polarity::Neutral;
        }
        self.indicator(id).map_or(Polarity::Neutral, |i| i.polarity)
    }

    /// Whether this authority's figure of the reporting year, or of the year it is compared
    /// with, is outside the published range.
    pub fn implausible(&self, id: &str) -> bool {
        let years = [self.figs.reporting_year, self.figs.reporting_year.previous()].map(Period::Year);
        self.figs.implausible.iter().any(|i| i.lea == self.lea && i.indicator == id && years.contains(&i.period))
    }

    /// Marked-up figure, or a plain `x` when the figures have no such row (a partner measure
    /// not supplied for the year): nothing claims a row figures.csv does not have.
    pub fn figure(&self, id: &str, period: Period) -> Html {
        match self.row(id, period) {
            Some(r) => html::figure(id, period, &r.figure, r.unit),
            None => Html::trusted("<span class=\"symbol\" title=\"not available\">x</span>".into()),
        }
    }

    /// The figure as a reader sees it, in plain text (chart descriptions): "20,351", "c", "x".
    pub(super) fn readable(&self, id: &str, period: Period) -> String {
        self.row(id, period).map_or_else(|| "x".to_string(), |r| html::readable(&r.figure.shown(r.unit), r.unit))
    }

    pub(super) fn value(&self, id: &str, period: Period) -> Option<f64> {
        self.row(id, period).and_then(|r| r.figure.exact(r.unit))
    }

    /// Indicator ids `prefix…suffix` that have a row in the reporting year, in catalogue order.
    pub(super) fn matching(&self, prefix: &str, suffix: &str) -> Vec<(String, String)> {
        let year = self.year();
        self.figs
            .indicators
            .iter()
            .filter(|i| i.id.starts_with(prefix) && i.id.ends_with(suffix) && i.id.len() > prefix.len() + suffix.len())
            .filter(|i| !i.id[prefix.len()..i.id.len() - suffix.len()].contains('.'))
            .filter(|i| self.row(&i.id, year).is_some())
            .map(|i| {
                let part = &i.id[prefix.len()..i.id.len() - suffix.len()];
                let known =
                    super::super::sections::LABELS.iter().find(|(k, _)| *k == part).map(|(_, l)| (*l).to_string());
                (i.id.clone(), i.label.clone().or(known).unwrap_or_else(|| humanise(part)))
            })
            .collect()
    }
}

/// "domestic_abuse" → "Domestic abuse".
pub(super) fn humanise(slug: &str) -> String {
    narrative::capitalise(&slug.replace('_', " "))
}
