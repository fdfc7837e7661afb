//! What an indicator is (`../shared/spec/indicators.md`): an id, a unit, a polarity, a
//! definition and a recipe. Recipes name base counts (computed by the topics with the generic
//! routines of `compute.rs`) or other indicators, so most indicators are one line of a topic's
//! declarations and no code of their own. The declarations themselves are in `topics/`.

use super::figure::Unit;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    HigherIsBetter,
    LowerIsBetter,
    /// Demand and activity: the change is stated, never judged.
    Neutral,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Recipe {
    /// A base count of the same id, from `compute.rs`.
    Count,
    /// The population estimate used for the year's rates.
    Population,
    /// Share of another indicator: numerator base count over denominator indicator.
    Share { numerator: String, denominator: String },
    /// Per 10,000 children aged 0–17.
    Rate { numerator: String },
    /// Per week of the year.
    PerWeek { numerator: String },
    /// A sum over a count of the rows summed (mean score).
    Mean { sum: String, count: String },
    /// A base count by calendar month (periods `2017-04` …), not by financial year.
    Monthly,
    /// The youngest or oldest age in a group; shown only when the group `of` is.
    Extreme { of: String, max: bool },
    /// A value supplied in measures.csv.
    Given,
}

impl Recipe {
    /// The ids this recipe is built from (none for a base count).
    pub fn parts(&self) -> Vec<&str> {
        match self {
            Recipe::Share { numerator, denominator } => vec![numerator, denominator],
            Recipe::Rate { numerator } | Recipe::PerWeek { numerator } => vec![numerator],
            Recipe::Mean { sum, count } => vec![sum, count],
            Recipe::Extreme { of, .. } => vec![of],
            Recipe::Count | Recipe::Population | Recipe::Monthly | Recipe::Given => vec![],
        }
    }
}

/// What a figure is about, which decides whether disclosure control protects it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    /// Children, families or staff, or events that each concern one of them (a referral, a
    /// review, a missing episode): a small count could identify someone, so it is suppressed.
    People,
    /// Things that disclose no one: training sessions, course titles, sums of scores, partner
    /// figures marked as events.
    Events,
    /// One person's attribute (the youngest or oldest age): never in a public edition.
    Individual,
}

/// A relation between figures of the same authority and period that a reader can use, declared
/// by a topic (breakdowns and their totals come from `Indicator::family`, shares from recipes).
#[derive(Debug, Clone, PartialEq)]
pub enum Identity {
    /// `total` is the sum of `parts`.
    Sum { total: String, parts: Vec<String> },
    /// `part` counts some of what `whole` counts.
    Subset { part: String, whole: String },
    /// The stock at 31 March is last year's stock + started − ended in the year.
    Flow { stock: String, started: String, ended: String },
}

#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    pub id: String,
    pub unit: Unit,
    pub polarity: Polarity,
    pub definition: String,
    /// Whether it is about people, events or one individual.
    pub about: Subject,
    /// The name as the data gives it, for ids made from free text (agencies, partner measures).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The heading it is shown under, for partner measures (their Section).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The breakdown it belongs to, for secondary suppression: its cells sum to `total`.
    #[serde(skip)]
    pub family: Option<Family>,
    #[serde(skip)]
    pub recipe: Recipe,
    /// False for working counts behind a published figure (the sum behind a mean).
    #[serde(skip)]
    pub published: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Family {
    pub total: String,
}

/// A code as it appears in an id: `NEG` → `neg`.
pub fn lower(code: &str) -> String {
    code.to_ascii_lowercase()
}

/// Declares indicators in order, and the identities between them; the topics' `declare`
/// functions write through it.
#[derive(Default)]
pub struct Builder(Vec<Indicator>, Vec<Identity>);

impl Builder {
    pub fn finish(self) -> Vec<Indicator> {
        self.0
    }

    pub fn identities(self) -> Vec<Identity> {
        self.1
    }

    /// Marks the indicator just declared as disclosing no one (sessions, courses).
    pub fn events(&mut self) {
        self.0.last_mut().expect("an indicator was declared").about = Subject::Events;
    }

    /// `total` is the sum of `parts`, for every authority and period.
    pub fn sum(&mut self, total: &str, parts: &[&str]) {
        self.1.push(Identity::Sum { total: total.into(), parts: parts.iter().map(|p| p.to_string()).collect() });
    }

    /// `part` counts some of what `whole` counts.
    pub fn subset(&mut self, part: &str, whole: &str) {
        self.1.push(Identity::Subset { part: part.into(), whole: whole.into() });
    }

    /// The stock at 31 March is last year's + started − ended.
    pub fn flow(&mut self, stock: &str, started: &str, ended: &str) {
        self.1.push(Identity::Flow { stock: stock.into(), started: started.into(), ended: ended.into() });
    }

    pub fn add(
        &mut self,
        id: impl Into<String>,
        unit: Unit,
        polarity: Polarity,
        definition: impl Into<String>,
        recipe: Recipe,
    ) {
        let about = if matches!(recipe, Recipe::Extreme { .. }) { Subject::Individual } else { Subject::People };
        self.0.push(Indicator {
            id: id.into(),
            unit,
            polarity,
            definition: definition.into(),
            about,
            label: None,
            group: None,
            family: None,
            recipe,
            published: true,
        });
    }

    /// A working count that feeds a published figure but is not one itself.
    pub fn working(&mut self, id: &str, definition: &str) {
        self.count(id, definition);
        self.0.last_mut().expect("just added").published = false;
    }

    pub fn count(&mut self, id: &str, definition: &str) {
        self.add(id, Unit::Count, Polarity::Neutral, definition, Recipe::Count);
    }

    /// Puts the indicator just declared in the breakdown of `total` (for secondary suppression).
    pub fn in_family(&mut self, total: &str) {
        self.0.last_mut().expect("an indicator was declared").family = Some(Family { total: total.into() });
    }

    /// A count that is one cell of a breakdown summing to `total`.
    pub fn cell(&mut self, id: String, total: &str, definition: String) {
        self.add(id, Unit::Count, Polarity::Neutral, definition, Recipe::Count);
        self.0.last_mut().expect("just added").family = Some(Family { total: total.into() });
    }

    /// A cell of a breakdown with its share of the total (`<cell>.pct`).
    pub fn cell_and_share(&mut self, cell: String, total: &str, count: String, share: String) {
        self.cell(cell.clone(), total, count);
        self.share(format!("{cell}.pct"), cell, total, Polarity::Neutral, share);
    }

    pub fn share(
        &mut self,
        id: impl Into<String>,
        numerator: impl Into<String>,
        denominator: &str,
        polarity: Polarity,
        definition: impl Into<String>,
    ) {
        let recipe = Recipe::Share { numerator: numerator.into(), denominator: denominator.into() };
        self.add(id, Unit::Pct, polarity, definition, recipe);
    }

    /// A rate per 10,000 children of the base count `numerator`.
    pub fn rate(&mut self, id: &str, numerator: &str, definition: &str) {
        let recipe = Recipe::Rate { numerator: numerator.into() };
        self.add(id, Unit::RatePer10k, Polarity::Neutral, definition, recipe);
    }
}

/// Slug for free-text parts of an id: lower case, runs of other characters become `_`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for ch in text.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_the_catalogue_rule() {
        assert_eq!(slug("Referrals to the LADO"), "referrals_to_the_lado");
        assert_eq!(slug("  Children's social care & early help! "), "children_s_social_care_early_help");
    }
}
