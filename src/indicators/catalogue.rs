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

#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    pub id: String,
    pub unit: Unit,
    pub polarity: Polarity,
    pub definition: String,
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

/// Declares indicators in order; the topics' `declare` functions write through it.
#[derive(Default)]
pub struct Builder(Vec<Indicator>);

impl Builder {
    pub fn finish(self) -> Vec<Indicator> {
        self.0
    }

    pub fn add(
        &mut self,
        id: impl Into<String>,
        unit: Unit,
        polarity: Polarity,
        definition: impl Into<String>,
        recipe: Recipe,
    ) {
        self.0.push(Indicator {
            id: id.into(),
            unit,
            polarity,
            definition: definition.into(),
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
