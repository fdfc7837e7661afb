//! The report's sections, declared as data: which figures each quotes, which charts it draws.
//! A section is shown only when the data behind its first headline is present.

pub use spec::{Cells, ChartSpec, SectionSpec, TableSpec};

mod care;
mod community;
pub mod plain;
mod referrals;
mod spec;

/// Contact outcomes, in the order the routing table shows them.
pub const OUTCOMES: [(&str, &str); 5] = [
    ("admin", "Administrative"),
    ("advice", "Advice and signposting"),
    ("early_help", "Stepped to early help"),
    ("referral", "Referral to social care"),
    ("nfa", "No further action"),
];

/// The sections in the order the report shows them.
pub const SECTIONS: &[&SectionSpec] = &[
    &referrals::CONTEXT,
    &referrals::CONTACTS,
    &referrals::ASSESSMENTS,
    &referrals::CIN,
    &referrals::S47,
    &referrals::CP,
    &care::LAC,
    &care::LEAVING_CARE,
    &care::WHO,
    &community::EXPLOITATION,
    &community::EARLY_HELP,
    &community::REVIEWS,
    &community::TRAINING,
    &community::PARTNERS,
    &community::BUDGET,
];

/// The ids a section names (headlines, chart series and cells, funnel plots) and the
/// prefixes of the cells it finds in the data or shows in its tables.
pub fn names(s: &SectionSpec) -> (Vec<&'static str>, Vec<&'static str>) {
    let mut ids: Vec<&'static str> = s.headlines.iter().map(|(id, _)| *id).collect();
    let mut prefixes = Vec::new();
    for chart in s.charts {
        match chart {
            ChartSpec::Trend { series, .. } | ChartSpec::Monthly { series, .. } | ChartSpec::Parts { series, .. } => {
                ids.extend(series.iter().map(|(id, _)| *id))
            }
            ChartSpec::Comparators { ids: listed, .. } | ChartSpec::Breakdown { cells: Cells::Listed(listed), .. } => {
                ids.extend(listed.iter().map(|(id, _)| *id))
            }
            ChartSpec::Breakdown { cells: Cells::Matching { prefix, .. }, .. } => prefixes.push(*prefix),
            ChartSpec::Funnel { indicator, .. } => ids.push(indicator),
        }
    }
    for t in s.tables {
        prefixes.extend(match t {
            TableSpec::Routing => Some("contacts.level."),
            TableSpec::PartnerMeasures => Some("measure."),
            TableSpec::Budget => Some("budget."),
            TableSpec::Actions => Some("actions."),
            // Its cells are the services' own breakdowns, found by their families.
            TableSpec::Characteristics => None,
        });
    }
    (ids, prefixes)
}

/// The first section, in the report's order, that shows `id`: one that names it or a prefix
/// of it, or else the one naming most figures of its family (`cp.` for `cp.at_31_march.neg`).
pub fn section_of(id: &str) -> Option<&'static SectionSpec> {
    let named = SECTIONS.iter().find(|s| {
        let (ids, prefixes) = names(s);
        ids.contains(&id) || prefixes.iter().any(|p| id.starts_with(p))
    });
    let family = id.split('.').next().unwrap_or(id);
    let kin = |s: &SectionSpec| names(s).0.iter().filter(|n| n.split('.').next() == Some(family)).count();
    // The earliest of those naming most, so that ties go to the report's order.
    let most = SECTIONS.iter().map(|s| kin(s)).max().unwrap_or(0);
    named.or_else(|| SECTIONS.iter().find(|s| most > 0 && kin(s) == most)).copied()
}

/// Sections in the board's own words that Working Together to Safeguard Children (2018,
/// chapter 3; carried into 2023) expects a yearly report to cover, each from the narrative file
/// named by its id (`narrative/scrutiny.md`) and titled by the file's first heading.
pub const BOARD_SECTIONS: &[(&str, &str)] = &[
    ("arrangements", "How the partnership works: its leaders, board and subgroups"),
    ("audits", "Multi-agency audits and section 11 self-assessments"),
    ("voice", "The voice of children and families"),
    ("scrutiny", "Independent scrutiny"),
];

/// The report's order when report.toml gives no outline: the partnership's arrangements, what
/// the data shows, what was learned and checked, what children and families said, training,
/// partners' figures and money, and what the independent scrutineer found. The summary comes
/// first and the priorities last whatever the outline.
pub const DEFAULT_OUTLINE: &[&str] = &[
    "arrangements",
    "context",
    "contacts",
    "assessments",
    "cin",
    "s47",
    "cp",
    "lac",
    "leaving_care",
    "who",
    "exploitation",
    "early_help",
    "reviews",
    "audits",
    "voice",
    "training",
    "partners",
    "budget",
    "scrutiny",
];

/// Abbreviations the report may use; the glossary lists those that appear.
pub const GLOSSARY: &[(&str, &str)] = &[
    ("CCE", "Child criminal exploitation"),
    ("CIN", "Child in need: a child assessed as needing social care services"),
    ("CP", "Child protection"),
    ("CSE", "Child sexual exploitation"),
    ("DfE", "Department for Education"),
    ("FGM", "Female genital mutilation"),
    ("LA", "Local authority"),
    ("LADO", "Local authority designated officer, who handles allegations against adults working with children"),
    ("MARAC", "Multi-agency risk assessment conference, for victims of high-risk domestic abuse"),
    ("NFA", "No further action"),
    ("SHA-256", "A fingerprint of a file's contents: any change to the file changes it"),
    ("UASC", "Unaccompanied asylum-seeking child"),
];

/// Terms of the trade in plain words; the glossary lists those the report uses.
pub const TERMS: &[(&str, &str)] = &[
    (
        "care leaver",
        "A young person aged 16 to 25 who was looked after for at least 13 weeks after turning 14, some of it after turning 16; the local authority keeps in touch and supports them",
    ),
    (
        "child in need",
        "A child whose health or development is likely to be impaired without services, whom the local authority assesses and supports (section 17 of the Children Act 1989)",
    ),
    (
        "child protection plan",
        "A plan the agencies agree for a child whom an initial child protection conference judged to be at continuing risk of significant harm",
    ),
    (
        "child safeguarding practice review",
        "A local review of a serious incident, decided on at a rapid review, to learn how the agencies can protect children better",
    ),
    (
        "confidence interval",
        "The range in which the true value of a share or rate is likely to lie, given the numbers it is worked out from; a difference is more than chance when the other value lies outside it",
    ),
    (
        "early help",
        "Support for a child and family from any agency as soon as problems emerge, before they need children's social care",
    ),
    (
        "initial child protection conference",
        "A meeting of the family and the professionals that decides whether a child needs a child protection plan",
    ),
    (
        "looked after",
        "In the care of the local authority: under a care order, or provided with accommodation for more than 24 hours",
    ),
    (
        "rapid review",
        "The agencies' first review of a serious incident, expected within 15 working days, which decides whether a local child safeguarding practice review should follow",
    ),
    ("re-referral", "A referral of a child within 12 months of an earlier referral of the same child"),
    (
        "section 47 enquiry",
        "Enquiries the local authority makes when it has reasonable cause to suspect that a child is suffering, or is likely to suffer, significant harm (section 47 of the Children Act 1989)",
    ),
    (
        "special guardianship order",
        "A court order appointing a child's special guardian, often a relative, with parental responsibility until the child is 18",
    ),
    (
        "statistical neighbours",
        "The ten local authorities most like this area in their population and circumstances, as the DfE's children's services benchmarking tool chooses them; their average is a fairer comparison than England's",
    ),
];

/// Labels for breakdown cells whose code is an abbreviation.
pub const LABELS: &[(&str, &str)] = &[
    ("cse", "Sexual exploitation (CSE)"),
    ("cce", "Criminal exploitation (CCE)"),
    ("uasc", "Unaccompanied asylum seeker (UASC)"),
    ("fgm", "Female genital mutilation (FGM)"),
    ("socially_unacceptable_behaviour", "Socially unacceptable behaviour"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::topics::{TOPICS, catalogue, is_known};

    /// Every literal id a section names, with the section naming it.
    fn named() -> Vec<(&'static str, String)> {
        SECTIONS.iter().flat_map(|s| names(s).0.into_iter().map(|id| (id, s.id.to_string()))).collect()
    }

    #[test]
    fn each_figure_is_placed_in_the_section_that_shows_it() {
        assert_eq!(section_of("contacts.total").map(|s| s.id), Some("contacts"));
        assert_eq!(section_of("contacts.level.4.early_help.pct").map(|s| s.id), Some("contacts"));
        assert_eq!(section_of("budget.income.police").map(|s| s.id), Some("budget"));
        assert_eq!(section_of("measure.lado.referrals").map(|s| s.id), Some("partners"));
        assert_eq!(section_of("cp.at_31_march.latest.neg").map(|s| s.id), Some("cp"));
        assert!(section_of("nothing.like.this").is_none());
    }

    #[test]
    fn the_default_outline_places_every_section_once() {
        let board: Vec<&str> = BOARD_SECTIONS.iter().map(|(id, _)| *id).collect();
        for s in SECTIONS {
            assert_eq!(DEFAULT_OUTLINE.iter().filter(|id| **id == s.id).count(), 1, "{}", s.id);
        }
        for id in &board {
            assert_eq!(DEFAULT_OUTLINE.iter().filter(|o| *o == id).count(), 1, "{id}");
        }
        let places = |id: &str| SECTIONS.iter().any(|s| s.id == id) || board.contains(&id);
        assert!(DEFAULT_OUTLINE.iter().all(|id| places(id)), "every id of the outline is a section");
    }

    #[test]
    fn every_file_a_section_names_is_in_the_contract() {
        for s in SECTIONS {
            assert!(!s.files.is_empty(), "{}", s.id);
            for f in s.files {
                assert!(crate::contract::FILES.iter().any(|c| c.file_name() == *f), "{}: {f}", s.id);
            }
        }
    }

    #[test]
    fn every_id_a_section_names_is_declared() {
        let unknown: Vec<String> =
            named().into_iter().filter(|(id, _)| !is_known(id)).map(|(id, at)| format!("{id} ({at})")).collect();
        assert!(unknown.is_empty(), "not in the catalogue: {unknown:?}");
    }

    #[test]
    fn every_breakdown_found_in_the_figures_has_cells_to_find() {
        let all = catalogue();
        let given = crate::indicators::topics::GIVEN_PREFIXES;
        let dynamic: Vec<&str> = TOPICS.iter().flat_map(|t| t.dynamic).map(|d| d.prefix).chain(given).collect();
        for s in SECTIONS {
            for chart in s.charts {
                let ChartSpec::Breakdown { cells: Cells::Matching { prefix, suffix }, .. } = chart else { continue };
                let declared = all.iter().any(|i| i.id.starts_with(prefix) && i.id.ends_with(suffix));
                let found = suffix.is_empty() && dynamic.iter().any(|d| format!("{d}.") == *prefix);
                assert!(declared || found, "{}: no indicator matches {prefix}…{suffix}", s.id);
            }
        }
    }

    #[test]
    fn the_routing_table_names_declared_cells() {
        for t in crate::thresholds::defaults() {
            let n = &t.level;
            assert!(is_known(&format!("contacts.level.{n}")));
            for (o, _) in OUTCOMES {
                assert!(is_known(&format!("contacts.level.{n}.{o}.pct")), "level {n} outcome {o}");
            }
        }
        // A threshold's expected outcome is one the table shows.
        for (o, _) in crate::thresholds::OUTCOMES {
            assert!(OUTCOMES.iter().any(|(shown, _)| shown == o), "{o}");
        }
    }

    #[test]
    fn section_ids_are_unique_and_name_narrative_files() {
        let mut ids: Vec<&str> = SECTIONS.iter().map(|s| s.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), SECTIONS.len());
        assert!(ids.iter().all(|id| !id.contains('.') && !id.is_empty()), "a section id is a file stem");
    }
}
