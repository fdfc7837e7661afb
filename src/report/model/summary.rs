//! The report's summary: key messages on demand, the largest changes, and the comparisons
//! with England.

use super::super::html::{self, Html};
use super::super::narrative::{self, Wording};
use super::super::sections::SECTIONS;
use super::lookup::Lookup;
use crate::indicators::catalogue::Polarity;
use crate::indicators::compare::{Delta, Direction};
use crate::indicators::figure::Unit;
use serde::Serialize;

/// A group of key messages under its heading.
#[derive(Debug, Serialize)]
pub struct KeyMessages {
    pub heading: String,
    pub items: Vec<Html>,
}

/// The core demand figures every reader asks for first.
pub const DEMAND: [&str; 5] =
    ["contacts.total", "referrals.total", "cin.at_31_march", "cp.at_31_march", "lac.at_31_march"];
/// Compared with England in the summary: timeliness, repeat work and the main rates, each
/// with the words that name it.
pub const AGAINST_ENGLAND: [(&str, &str); 5] = [
    ("cfa.within_45wd.pct", "assessments completed within 45 working days"),
    ("cp.reviews.all_in_time.pct", "children on a plan whose reviews were all on time"),
    ("referrals.rereferral_12m.pct", "re-referrals within 12 months"),
    ("cp.at_31_march.rate", "children on a child protection plan per 10,000 children"),
    ("lac.at_31_march.rate", "children looked after per 10,000 children"),
];

pub(super) fn wording(id: &str) -> Option<&'static Wording> {
    SECTIONS.iter().flat_map(|s| s.headlines.iter()).find(|(i, _)| *i == id).map(|(_, w)| w)
}

/// The summary: demand, the largest other changes, and the comparisons with England.
pub fn key_messages(look: &Lookup) -> Vec<KeyMessages> {
    let demand: Vec<Html> = DEMAND
        .iter()
        .filter_map(|id| {
            Some(narrative::headline(wording(id)?, look.comparison(id)?, look.polarity(id), look.threshold()))
        })
        .collect();
    let mut scored: Vec<(f64, Html)> = Vec::new();
    for (id, w) in SECTIONS.iter().flat_map(|s| s.headlines.iter()).filter(|(id, _)| !DEMAND.contains(id)) {
        let Some(c) = look.comparison(id) else { continue };
        let Delta::Change(ch) = &c.delta else { continue };
        let (Some(a), Some(b)) = (c.row.figure.exact(c.row.unit), c.previous.exact(c.row.unit)) else { continue };
        // A share or rate whose change is within chance is not a key message.
        if ch.negligible || ch.direction == Direction::Unchanged || c.test.is_some_and(|t| !t.significant) {
            continue;
        }
        // Five percentage points weigh like a 10% change in a count. Small counts swing by
        // large percentages without meaning much, so they are left to their sections.
        let size = match c.row.unit {
            Unit::Pct => (a - b).abs() / 50.0,
            _ if b.abs() < 100.0 => continue,
            _ => ((a - b) / b).abs(),
        };
        let weight = if look.polarity(id) == Polarity::Neutral { 1.0 } else { 1.5 };
        scored.push((size * weight, narrative::headline(w, c, look.polarity(id), look.threshold())));
    }
    scored.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
    let changes: Vec<Html> = scored.into_iter().take(5).map(|(_, h)| h).collect();
    let mut england = Vec::new();
    for (id, label) in AGAINST_ENGLAND {
        let Some(c) = look.comparison(id) else { continue };
        // England's figure of another definition is not set beside ours.
        let Some(b) = c.benchmarks.iter().find(|b| b.comparator == "England" && b.same_definition(id)) else {
            continue;
        };
        if c.row.figure.exact(c.row.unit).is_none() {
            continue;
        }
        let shown = crate::indicators::compare::round_f64(b.value, c.row.unit.places() as usize);
        // "88.6% in 2017-18, significantly higher than England's 83.5% (2016-17), which is better."
        let standing = narrative::standing(c, b, look.polarity(id));
        let mut s = Html::text(&format!("{}: ", narrative::capitalise(label)));
        s.push(&narrative::current(c)).push_text(&format!(" in {}, ", c.row.period));
        s.push_text(&format!("{} England's ", standing.map_or("against", |(words, _)| words)));
        s.push(&html::derived("benchmark", id, b.period, &shown, &html::readable(&shown, c.row.unit)));
        s.push_text(&format!(" ({})", b.period));
        s.push_text(&match standing {
            Some((_, Some(verdict))) => format!(", which is {verdict}."),
            _ => ".".to_string(),
        });
        england.push(s);
    }
    [("Demand", demand), ("What changed most", changes), ("Against England", england)]
        .into_iter()
        .filter(|(_, items)| !items.is_empty())
        .map(|(heading, items)| KeyMessages { heading: heading.into(), items })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::topics::is_known;

    #[test]
    fn the_summary_names_only_declared_figures_each_with_words_to_say_it() {
        for id in DEMAND {
            assert!(is_known(id), "DEMAND names {id}, which is not declared");
            // A demand figure is worded by its section's headline; without one it would vanish.
            assert!(wording(id).is_some(), "{id} is no section's headline");
        }
        for (id, label) in AGAINST_ENGLAND {
            assert!(is_known(id), "AGAINST_ENGLAND names {id}, which is not declared");
            assert!(!label.is_empty());
        }
    }
}
