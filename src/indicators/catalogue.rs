//! The indicator catalogue (`../shared/spec/indicators.md`), declared once as data.
//!
//! Each indicator has an id, a unit, a polarity, a definition and a recipe. Recipes name base
//! counts (computed by the generic routines in `compute.rs`) or other indicators, so most
//! indicators are one line here and no code of their own.

use super::figure::Unit;
use crate::contract;
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

fn lower(code: &str) -> String {
    code.to_ascii_lowercase()
}

struct Builder(Vec<Indicator>);

impl Builder {
    fn add(
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
    fn working(&mut self, id: &str, definition: &str) {
        self.count(id, definition);
        self.0.last_mut().expect("just added").published = false;
    }

    fn count(&mut self, id: &str, definition: &str) {
        self.add(id, Unit::Count, Polarity::Neutral, definition, Recipe::Count);
    }

    /// A count that is one cell of a breakdown summing to `total`.
    fn cell(&mut self, id: String, total: &str, definition: String) {
        self.add(id, Unit::Count, Polarity::Neutral, definition, Recipe::Count);
        self.0.last_mut().expect("just added").family = Some(Family { total: total.into() });
    }

    /// A cell of a breakdown with its share of the total (`<cell>.pct`).
    fn cell_and_share(&mut self, cell: String, total: &str, count: String, share: String) {
        self.cell(cell.clone(), total, count);
        self.share(format!("{cell}.pct"), cell, total, Polarity::Neutral, share);
    }

    fn share(
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
    fn rate(&mut self, id: &str, numerator: &str, definition: &str) {
        let recipe = Recipe::Rate { numerator: numerator.into() };
        self.add(id, Unit::RatePer10k, Polarity::Neutral, definition, recipe);
    }
}

/// Outcomes of a screened contact (everything but administration and advice).
pub const SCREENED_OUTCOMES: &[&str] = &["REFERRAL", "EARLY_HELP", "NFA"];

/// Every indicator computed in this version.
pub fn catalogue() -> Vec<Indicator> {
    use Polarity::*;
    let mut b = Builder(Vec::new());
    b.add(
        "population.0_17",
        Unit::Count,
        Neutral,
        "the population estimate used for the period's rates",
        Recipe::Population,
    );

    // Contacts
    b.count("contacts.total", "contacts dated in year");
    let per_week = Recipe::PerWeek { numerator: "contacts.total".into() };
    b.add("contacts.per_week", Unit::PerWeek, Neutral, "contacts.total ÷ (days in year ÷ 7)", per_week);
    b.count("contacts.children", "distinct children with a contact in year");
    for o in contract::CONTACT_OUTCOMES {
        b.cell(
            format!("contacts.outcome.{}", lower(o)),
            "contacts.total",
            format!("contacts in year with outcome {o}"),
        );
    }
    b.count("contacts.screened", "contacts in year whose outcome is not ADMIN or ADVICE");
    for o in SCREENED_OUTCOMES {
        let (id, num) = (format!("contacts.screened.{}.pct", lower(o)), format!("contacts.outcome.{}", lower(o)));
        b.share(id, num, "contacts.screened", Neutral, format!("share of screened contacts with outcome {o}"));
    }
    b.count("contacts.source.recorded", "contacts in year with a source recorded");
    for s in contract::SOURCES {
        b.cell_and_share(
            format!("contacts.source.{}", lower(s)),
            "contacts.source.recorded",
            format!("contacts in year from source {s}"),
            format!("share of contacts with a source recorded that came from source {s}"),
        );
    }
    for n in contract::LEVELS {
        let level = format!("contacts.level.{n}");
        b.count(&level, &format!("contacts in year at level of need {n}"));
        for o in contract::CONTACT_OUTCOMES {
            b.cell_and_share(
                format!("{level}.{}", lower(o)),
                &level,
                format!("contacts in year at level {n} with outcome {o}"),
                format!("share of level {n} contacts with outcome {o}"),
            );
        }
    }

    // Referrals and children in need
    b.count("referrals.total", "referrals with CINreferralDate in year");
    b.rate("referrals.rate", "referrals.total", "referrals per 10,000 children");
    b.count("referrals.nfa", "referrals in year with ReferralNFA true");
    b.share(
        "referrals.nfa.pct",
        "referrals.nfa",
        "referrals.total",
        Neutral,
        "share of referrals in year with no further action",
    );
    b.count(
        "referrals.rereferral_12m",
        "referrals in year for a child with an earlier referral in the 12 months before",
    );
    b.share(
        "referrals.rereferral_12m.pct",
        "referrals.rereferral_12m",
        "referrals.total",
        LowerIsBetter,
        "share of referrals in year that were re-referrals within 12 months",
    );
    b.count("cin.at_31_march", "children with a referral that is not NFA, started by 31 March and not closed by then");
    b.rate("cin.at_31_march.rate", "cin.at_31_march", "children in need per 10,000 children at 31 March");
    b.count("cin.at_31_march.excl_cp_lac", "cin.at_31_march less children on a CP plan or looked after at 31 March");

    // Child protection
    b.count("cp.at_31_march", "children on a plan at 31 March");
    b.rate("cp.at_31_march.rate", "cp.at_31_march", "children on a plan per 10,000 children at 31 March");
    for c in contract::ABUSE_CATEGORIES {
        b.cell_and_share(
            format!("cp.at_31_march.category.{}", lower(c)),
            "cp.at_31_march",
            format!("children on a plan at 31 March, initial category {c}"),
            format!("share of children on a plan at 31 March, initial category {c}"),
        );
    }
    b.count("cp.started", "plans with CPPstartDate in year");
    b.rate("cp.started.rate", "cp.started", "plans started per 10,000 children");
    b.count("cp.ended", "plans with CPPendDate in year");
    b.add(
        "cp.over_2_years",
        Unit::Count,
        LowerIsBetter,
        "plans open at 31 March that started two years or more before",
        Recipe::Count,
    );
    b.add(
        "cp.repeat_within_12m",
        Unit::Count,
        LowerIsBetter,
        "plans started in year for a child whose previous plan ended in the 12 months before",
        Recipe::Count,
    );
    b.count("cp.second_or_subsequent", "plans started in year for a child with an earlier plan");
    b.share(
        "cp.second_or_subsequent.pct",
        "cp.second_or_subsequent",
        "cp.started",
        LowerIsBetter,
        "share of plans started in year that were second or subsequent",
    );
    b.count("cp.reviews.held", "child protection reviews dated in year");
    b.count("cp.reviews.in_time", "reviews in year held in time");
    b.share("cp.reviews.in_time.pct", "cp.reviews.in_time", "cp.reviews.held", HigherIsBetter, "share of reviews held in time: the first within 3 months of the plan's start, each later one within 6 months of the previous");

    // Child and family assessments
    b.count("cfa.completed", "assessments with AssessmentAuthorisationDate in year");
    b.count("cfa.within_45wd", "assessments completed in year within 45 working days of their start");
    b.share("cfa.within_45wd.pct", "cfa.within_45wd", "cfa.completed", HigherIsBetter, "share of assessments completed in year that were authorised within 45 working days of the start (day 0); weekends and England and Wales bank holidays do not count");
    b.count("cfa.no_factors", "assessments completed in year with no factor, or only code 21");
    b.share(
        "cfa.no_factors.pct",
        "cfa.no_factors",
        "cfa.completed",
        Neutral,
        "share of assessments completed in year with no factor recorded, or only code 21",
    );
    for (group, codes) in super::compute::FACTOR_GROUPS {
        let count = format!("cfa.factor.{group}");
        b.count(&count, &format!("assessments completed in year with a factor coded {}", codes.join(", ")));
        b.share(
            format!("{count}.pct"),
            count,
            "cfa.completed",
            Neutral,
            format!("share of assessments completed in year with at least one of {}", codes.join(", ")),
        );
    }
    b.count("cfa.nfa", "assessments completed in year with RequiresCSCSupport false");
    b.share(
        "cfa.nfa.pct",
        "cfa.nfa",
        "cfa.completed",
        Neutral,
        "share of assessments completed in year that led to no further social care intervention",
    );

    // Looked-after children (short breaks, legal status V3/V4, excluded throughout)
    b.count("lac.at_31_march", "children looked after at 31 March");
    b.rate("lac.at_31_march.rate", "lac.at_31_march", "children looked after per 10,000 children at 31 March");
    b.count("lac.started", "children who started to be looked after in year (an episode with RNE S), counted once");
    b.count("lac.ceased", "children who ceased to be looked after in year (REC not X1), counted once");
    for band in ["under_1", "1_4", "5_9", "10_15", "16_plus"] {
        b.cell(
            format!("lac.age.{band}"),
            "lac.at_31_march",
            format!(
                "children looked after at 31 March aged {} then",
                band.replace('_', " to ").replace(" to plus", " or over").replace("under to 1", "under 1")
            ),
        );
    }
    for (group, codes) in super::compute::PLACEMENT_GROUPS {
        b.cell_and_share(
            format!("lac.placement.{group}"),
            "lac.at_31_march",
            format!("children looked after at 31 March in a placement coded {}", codes.join(", ")),
            format!("share of children looked after at 31 March placed {group}"),
        );
    }
    b.count("lac.outside_la", "children looked after at 31 March placed outside the authority's boundary");
    b.count("lac.outside_la.within_20_miles", "of those, placed 20 miles or less from home");
    b.share(
        "lac.outside_la.within_20_miles.pct",
        "lac.outside_la.within_20_miles",
        "lac.outside_la",
        Neutral,
        "share of children placed outside the boundary who are 20 miles or less from home",
    );
    b.count("lac.reviews.held", "looked-after reviews dated in year");
    b.count("lac.reviews.in_time", "looked-after reviews in year held in time");
    b.share("lac.reviews.in_time.pct", "lac.reviews.in_time", "lac.reviews.held", HigherIsBetter, "share of reviews in year held in time: a period of care's first review within 20 working days of its start, the second within 3 months of the first, each later one within 6 months of the one before");

    // Multi-agency training
    b.count("training.sessions.planned", "sessions dated in year, delivered or cancelled");
    b.count("training.sessions.delivered", "sessions delivered in year");
    b.count("training.sessions.cancelled", "sessions cancelled in year");
    b.count("training.topics", "distinct course titles among sessions delivered in year");
    b.count(
        "training.topics.new",
        "of those, titles not delivered in the previous year (not available for the data's first year)",
    );
    b.count("training.places_taken", "places taken (attended or walk-in) at sessions in year");
    b.add(
        "training.dna",
        Unit::Count,
        LowerIsBetter,
        "bookings in year where the delegate did not attend",
        Recipe::Count,
    );
    b.count("training.walk_ins", "delegates in year who attended without a booking");
    for (name, what) in [("pre", "before"), ("post", "after")] {
        let (sum, count) =
            (format!("training.understanding.{name}.sum"), format!("training.understanding.{name}.scored"));
        b.working(&sum, &format!("total self-rated understanding {what} (for the mean)"));
        b.working(&count, &format!("attendees in year who rated their understanding {what}"));
        let recipe = Recipe::Mean { sum, count };
        b.add(
            format!("training.understanding.{name}.mean"),
            Unit::Mean,
            Neutral,
            format!("mean self-rated understanding {what} the session (0–10) of attendees in year"),
            recipe,
        );
    }
    b.working("training.understanding.gain.sum", "total gain in self-rated understanding (for the mean)");
    b.working("training.understanding.gain.scored", "attendees in year who rated their understanding before and after");
    let gain = Recipe::Mean {
        sum: "training.understanding.gain.sum".into(),
        count: "training.understanding.gain.scored".into(),
    };
    b.add(
        "training.understanding.gain.mean",
        Unit::Mean,
        HigherIsBetter,
        "mean of (after − before) over attendees who gave both scores",
        gain,
    );
    b.working("training.recommend.recorded", "attendance rows in year with WouldRecommend recorded");
    b.working("training.recommend.yes", "of those, would recommend");
    b.share(
        "training.recommend.pct",
        "training.recommend.yes",
        "training.recommend.recorded",
        HigherIsBetter,
        "share of delegates who answered that would recommend the course",
    );

    // Child sexual exploitation panel
    b.count("cse.children", "distinct children discussed at the panel in year");
    for sex in ["m", "f", "u"] {
        b.cell_and_share(
            format!("cse.sex.{sex}"),
            "cse.children",
            format!("children discussed in year recorded as {} at their latest discussion", sex.to_uppercase()),
            format!("share of children discussed in year recorded as {}", sex.to_uppercase()),
        );
    }
    for (group, what) in
        [("white_british", "WBRI"), ("other", "any other ethnicity code"), ("unknown", "no ethnicity, REFU or NOBT")]
    {
        b.cell_and_share(
            format!("cse.ethnicity.{group}"),
            "cse.children",
            format!("children discussed in year with ethnicity {what} at their latest discussion"),
            format!("share of children discussed in year with ethnicity {what}"),
        );
    }
    for (id, max, what) in [("cse.age.min", false, "youngest"), ("cse.age.max", true, "oldest")] {
        let recipe = Recipe::Extreme { of: "cse.children".into(), max };
        b.add(id, Unit::Years, Neutral, format!("age of the {what} child at their first discussion in year"), recipe);
    }
    b.working("cse.age.14_16", "children aged 14, 15 or 16 at their first discussion in year");
    b.share(
        "cse.age.14_16.pct",
        "cse.age.14_16",
        "cse.children",
        Neutral,
        "share of children discussed in year aged 14 to 16 at their first discussion",
    );
    b.working("cse.discussions", "panel discussions in year (a child at a meeting)");
    for plan in contract::PLAN_TYPES {
        let cell = format!("cse.plan.{}", lower(plan));
        b.working(&cell, &format!("discussions in year of a child whose plan was {plan}"));
        b.0.last_mut().expect("just added").family = Some(Family { total: "cse.discussions".into() });
        b.share(
            format!("{cell}.pct"),
            cell,
            "cse.discussions",
            Neutral,
            format!("share of panel discussions in year about a child whose plan was {plan}"),
        );
    }
    for risk in contract::RISK_LEVELS {
        b.count(
            &format!("cse.risk.{}", lower(risk)),
            &format!("children discussed in year whose risk was {risk} at their latest discussion"),
        );
    }

    // Missing from home and care
    b.count("missing.episodes", "missing episodes starting in year");
    b.count("missing.children", "distinct children with an episode starting in year");
    b.working(
        "missing.open_to_csc.children",
        "children with an episode that started while they were open to children's social care",
    );
    b.share("missing.open_to_csc.children.pct", "missing.open_to_csc.children", "missing.children", Neutral, "share of children missing in year who were open to children's social care (a CIN episode not NFA, a plan, or care) at the start of at least one episode");
    b.count(
        "missing.open_to_csc.episodes",
        "episodes starting in year while the child was open to children's social care",
    );
    b.share(
        "missing.open_to_csc.episodes.pct",
        "missing.open_to_csc.episodes",
        "missing.episodes",
        Neutral,
        "share of episodes in year that started while the child was open to children's social care",
    );
    b.count(
        "missing.cse_known.episodes",
        "episodes in year of children discussed at the panel in the 365 days up to and including the start",
    );
    b.count("missing.cse_known.children", "distinct children among those episodes");

    // Early help
    b.count("early_help.started", "early help assessments started in year");
    b.count("early_help.open_at_31_march", "early help assessments open at 31 March");
    // Monthly: the period is a month (2017-04), not a financial year.
    b.add(
        "early_help.open_at_month_end.total",
        Unit::Count,
        Neutral,
        "early help assessments open at the end of the month",
        Recipe::Monthly,
    );
    for lead in ["internal", "external"] {
        let id = format!("early_help.open_at_month_end.{lead}");
        b.add(
            id,
            Unit::Count,
            Neutral,
            format!("early help assessments led by an {lead} agency open at the end of the month"),
            Recipe::Monthly,
        );
        b.0.last_mut().expect("just added").family =
            Some(Family { total: "early_help.open_at_month_end.total".into() });
    }
    b.0
}

/// Breakdowns whose cells are named by free text in the data: (id prefix, total, what a cell counts).
pub const DYNAMIC: &[(&str, &str, &str)] =
    &[("training.agency", "training.places_taken", "places taken by delegates from")];

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

    #[test]
    fn ids_are_unique_and_recipes_refer_to_declared_ids() {
        let all = catalogue();
        let ids: std::collections::HashSet<&str> = all.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids.len(), all.len(), "duplicate id");
        for i in &all {
            let refs: Vec<&String> = match &i.recipe {
                Recipe::Share { numerator, denominator } => vec![numerator, denominator],
                Recipe::Rate { numerator } | Recipe::PerWeek { numerator } => vec![numerator],
                Recipe::Mean { sum, count } => vec![sum, count],
                Recipe::Extreme { of, .. } => vec![of],
                _ => vec![],
            };
            for r in refs {
                assert!(ids.contains(r.as_str()), "{} refers to undeclared {r}", i.id);
            }
            if let Some(f) = &i.family {
                assert!(ids.contains(f.total.as_str()), "{}: family total {}", i.id, f.total);
            }
        }
    }
}
