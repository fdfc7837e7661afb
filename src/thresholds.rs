//! The partnership's levels of need and the route its threshold guidance gives each: the
//! default follows a five-level guidance in which levels 3 and 4 are met by an early help
//! assessment and only level 5 is a request for service to children's social care. A
//! partnership with other thresholds declares its own in report.toml (`[thresholds.N]`).

use serde::Serialize;

/// What a contact at a level should mostly become, by the contact outcomes' slugs.
pub const OUTCOMES: &[(&str, &str)] = &[
    ("admin", "be recorded for information only"),
    ("advice", "end in advice and signposting"),
    ("early_help", "be stepped to early help"),
    ("referral", "become referrals to children's social care"),
    ("nfa", "need no further action"),
];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Threshold {
    /// The level's code in `LevelOfNeed` (1 to 5).
    pub level: String,
    pub name: String,
    /// The service the guidance sends a child at this level to, in words.
    pub route: String,
    /// The contact outcome the route means (a slug of [`OUTCOMES`]).
    pub outcome: String,
}

/// The default: levels as the sample's guidance names them, routes as it gives them.
pub fn defaults() -> Vec<Threshold> {
    [
        ("1", "Thriving", "universal services; no additional action", "nfa"),
        ("2", "Getting advice", "advice, guidance and signposting", "advice"),
        ("3", "Getting help", "an early help assessment", "early_help"),
        ("4", "Getting more help", "an early help assessment with an enhanced offer of support", "early_help"),
        ("5", "Getting risk support", "a request for service to children's social care", "referral"),
    ]
    .into_iter()
    .map(|(level, name, route, outcome)| Threshold {
        level: level.into(),
        name: name.into(),
        route: route.into(),
        outcome: outcome.into(),
    })
    .collect()
}

/// Applies report.toml's `[thresholds]` table to the defaults: each level given replaces the
/// fields it names. Returns what is wrong with the table, every problem, in words.
pub fn apply(value: &toml::Value, thresholds: &mut [Threshold]) -> Vec<String> {
    let Some(table) = value.as_table() else {
        return vec!["`thresholds` must be a table of levels, such as [thresholds.4]".into()];
    };
    let mut problems = Vec::new();
    for (level, fields) in table {
        let shown = crate::load::personal::shorten(level);
        let Some(t) = thresholds.iter_mut().find(|t| t.level == *level) else {
            problems.push(format!("`thresholds.{shown}` is not a level of need (1 to 5)"));
            continue;
        };
        let Some(fields) = fields.as_table() else {
            problems.push(format!("`thresholds.{shown}` must be a table with name, route and outcome"));
            continue;
        };
        for (field, v) in fields {
            let text = v.as_str().map(str::trim).filter(|s| !s.is_empty());
            match (field.as_str(), text) {
                ("name", Some(s)) => t.name = s.to_string(),
                ("route", Some(s)) => t.route = s.to_string(),
                ("outcome", Some(s)) if OUTCOMES.iter().any(|(o, _)| *o == s) => t.outcome = s.to_string(),
                ("outcome", _) => problems.push(format!(
                    "`thresholds.{shown}.outcome` must be one of {}",
                    OUTCOMES.iter().map(|(o, _)| format!("\"{o}\"")).collect::<Vec<_>>().join(", ")
                )),
                ("name" | "route", None) => {
                    problems.push(format!("`thresholds.{shown}.{field}` must be a non-empty text in quotes"))
                }
                (other, _) => problems.push(format!(
                    "`thresholds.{shown}.{}` is not a field of a level (name, route, outcome)",
                    crate::load::personal::shorten(other)
                )),
            }
        }
    }
    problems
}

/// The sentence under the routing table: which levels should mostly become what, from the
/// declared thresholds, in the order of the levels ("contacts at level 1 should mostly need no
/// further action; at levels 3 and 4, be stepped to early help; …").
pub fn expectation(thresholds: &[Threshold]) -> String {
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    for t in thresholds {
        match groups.iter_mut().find(|(o, _)| *o == t.outcome) {
            Some((_, levels)) => levels.push(&t.level),
            None => groups.push((&t.outcome, vec![&t.level])),
        }
    }
    let parts: Vec<String> = groups
        .iter()
        .enumerate()
        .map(|(i, (outcome, levels))| {
            let words = OUTCOMES.iter().find(|(o, _)| o == outcome).map_or("", |(_, w)| w);
            let named = match levels.as_slice() {
                [one] => format!("level {one}"),
                [init @ .., last] => format!("levels {} and {last}", init.join(", ")),
                [] => String::new(),
            };
            if i == 0 { format!("contacts at {named} should mostly {words}") } else { format!("at {named}, {words}") }
        })
        .collect();
    format!("Levels and routes follow the partnership's threshold guidance: {}.", parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_4_is_early_help_and_only_level_5_goes_to_social_care() {
        let t = defaults();
        let route = |l: &str| t.iter().find(|t| t.level == l).map(|t| t.outcome.as_str());
        assert_eq!(route("4"), Some("early_help"));
        assert_eq!(route("5"), Some("referral"));
        assert_eq!(t.iter().filter(|t| t.outcome == "referral").count(), 1);
        assert_eq!(
            expectation(&t),
            "Levels and routes follow the partnership's threshold guidance: contacts at level 1 should mostly need no further action; at level 2, end in advice and signposting; at levels 3 and 4, be stepped to early help; at level 5, become referrals to children's social care."
        );
    }

    #[test]
    fn a_partnership_declares_its_own_and_mistakes_are_named() {
        let mut t = defaults();
        let value: toml::Value =
            toml::from_str("[4]\nroute = \"a referral\"\noutcome = \"referral\"\n[7]\nname = \"x\"\n[2]\noutcome = \"maybe\"\ncolour = \"red\"\n")
                .unwrap();
        let problems = apply(&value, &mut t);
        assert_eq!(t[3].outcome, "referral");
        assert_eq!(t[3].route, "a referral");
        assert_eq!(t[3].name, "Getting more help", "fields not given keep their default");
        assert_eq!(t[1].outcome, "advice", "a bad outcome leaves the default");
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("thresholds.7")));
        assert!(problems.iter().any(|p| p.contains("thresholds.2.outcome")));
        assert!(problems.iter().any(|p| p.contains("thresholds.2.colour")));
    }
}
