//! The data contract (`datasets/README.md`), declared once as data.
//!
//! The loader, the validator, the synthetic generator's tests and the documentation all read
//! these tables, so a column is described in exactly one place.

mod spec;
pub use spec::{Column, FileSpec, Kind, LEA_COLUMN, Namespace, RowCheck};
use spec::{opt, req};

mod codes;
pub use codes::*;

use crate::dfe_rules::DfeRule::{Cin1104, Cin8630, Cin8925};
use Kind::*;
use Namespace as N;

pub const FILES: &[FileSpec] = &[
    FileSpec {
        stem: "contacts",
        core: true,
        purpose: "contacts to the children's social care front door (local; Ofsted Annex A list 1)",
        columns: &[
            req("ContactID", Id(N::Contact), "unique per row"),
            req("LAchildID", Id(N::Child), "the child"),
            req("ContactDate", Date, "date of the contact"),
            opt("ContactSource", Code(SOURCES), "who made the contact (referral-source codes 1A…10)"),
            opt("LevelOfNeed", Code(LEVELS), "threshold level at the front door: 1 Thriving … 5 Getting Risk Support"),
            // Required of a CSV; Ofsted's Annex A list 1 has none (its figures are then `x`).
            req("ContactOutcome", Code(CONTACT_OUTCOMES), "ADMIN, ADVICE, EARLY_HELP, REFERRAL or NFA"),
        ],
        unique: &["ContactID"],
        checks: &[],
    },
    FileSpec {
        stem: "referrals",
        core: true,
        purpose: "children in need episodes (CIN census CINdetails)",
        columns: &[
            req("LAchildID", Id(N::Child), "the child"),
            req("CINreferralDate", Date, "date of the referral"),
            opt("ReferralSource", Code(SOURCES), "who referred (1A…10)"),
            opt("PrimaryNeedCode", Code(PRIMARY_NEED), "main need (N0–N9)"),
            req("ReferralNFA", Bool, "the referral led to no further action"),
            opt("CINclosureDate", Date, "date the episode closed; empty while open"),
            opt("ReasonForClosure", Code(CLOSURE_REASONS), "RC1–RC9"),
            opt("DateOfInitialCPC", Date, "date of the episode's initial child protection conference, if one was held"),
        ],
        unique: &[],
        checks: &[
            RowCheck::EndNotBefore { start: "CINreferralDate", end: "CINclosureDate", rule: Some(Cin8630) },
            RowCheck::EndNotBefore { start: "CINreferralDate", end: "DateOfInitialCPC", rule: Some(Cin1104) },
        ],
    },
    FileSpec {
        stem: "children",
        core: false,
        purpose: "child characteristics (CIN census ChildIdentifiers and ChildCharacteristics)",
        columns: &[
            req("LAchildID", Id(N::Child), "the child; one row each"),
            opt("PersonBirthDate", BirthDate, "date of birth"),
            // The CIN census called it GenderCurrent until 2023-24.
            opt("Sex", Sex, "M, F or U (or Male/Female, or the older 1, 2, 0/9)").or_named(&["GenderCurrent"]),
            opt("Ethnicity", Code(ETHNICITY), "DfE ethnicity code"),
            opt("Disability", Multi(DISABILITY), "DfE disability codes, or NONE"),
        ],
        unique: &["LAchildID"],
        checks: &[],
    },
    FileSpec {
        stem: "assessments",
        core: true,
        purpose: "child and family assessments (CIN census Assessments)",
        columns: &[
            req("LAchildID", Id(N::Child), "the child"),
            req("AssessmentActualStartDate", Date, "start of the assessment (day 0)"),
            opt("AssessmentAuthorisationDate", Date, "date authorised; empty while not completed"),
            opt("AssessmentFactors", Multi(FACTORS), "factors identified (1A … 24A; 21 = none)"),
            opt("RequiresCSCSupport", Bool, "false = no further social care intervention"),
        ],
        unique: &[],
        checks: &[RowCheck::EndNotBefore {
            start: "AssessmentActualStartDate",
            end: "AssessmentAuthorisationDate",
            rule: None,
        }],
    },
    FileSpec {
        stem: "cp_plans",
        core: true,
        purpose: "child protection plans (CIN census ChildProtectionPlans)",
        columns: &[
            req("LAchildID", Id(N::Child), "the child"),
            req("CPPstartDate", Date, "start of the plan"),
            opt("CPPendDate", Date, "end of the plan; empty while open"),
            req("InitialCategoryOfAbuse", Code(ABUSE_CATEGORIES), "NEG, PHY, EMO, SAB or MUL"),
            opt("LatestCategoryOfAbuse", Code(ABUSE_CATEGORIES), "the same codes"),
            opt("NumberOfPreviousCPP", Int { min: 0, max: 99 }, "plans the child had before this one"),
        ],
        unique: &["LAchildID", "CPPstartDate"],
        checks: &[RowCheck::EndNotBefore { start: "CPPstartDate", end: "CPPendDate", rule: Some(Cin8925) }],
    },
    FileSpec {
        stem: "cp_reviews",
        core: false,
        purpose: "child protection review conferences (CIN census Reviews)",
        columns: &[
            req("LAchildID", Id(N::Child), "the child"),
            req("CPPstartDate", Date, "start of the plan reviewed (identifies the plan)"),
            req("CPPreviewDate", Date, "date of the review"),
        ],
        unique: &[],
        checks: &[RowCheck::EndNotBefore { start: "CPPstartDate", end: "CPPreviewDate", rule: None }],
    },
    FileSpec {
        stem: "section47",
        core: false,
        purpose: "section 47 enquiries (CIN census Section47)",
        columns: &[
            req("LAchildID", Id(N::Child), "the child"),
            req("S47ActualStartDate", Date, "start of the enquiry"),
            opt("InitialCPCtarget", Date, "the date by which an initial conference should be held"),
            opt("DateOfInitialCPC", Date, "date of the initial child protection conference, if one was held"),
            opt("ICPCnotRequired", Bool, "the enquiry ended with no conference needed"),
        ],
        unique: &[],
        checks: &[RowCheck::EndNotBefore { start: "S47ActualStartDate", end: "DateOfInitialCPC", rule: None }],
    },
    FileSpec {
        stem: "lac_header",
        core: true,
        purpose: "looked-after children (SSDA903 Header)",
        columns: &[
            req("CHILD", Id(N::Child), "the child; one row each"),
            req("SEX", Sex, "1/2 or M/F/U"),
            req("DOB", BirthDate, "date of birth"),
            opt("ETHNIC", Code(ETHNICITY), "DfE ethnicity code"),
            opt("UPN", PersonalText, "unique pupil number"),
            opt("MOTHER", Code(MOTHER), "the child is a mother (0/1)"),
            opt("MC_DOB", BirthDate, "date of birth of the mother's child"),
            // The 903 XML header carries it; the sector's validator adds it to the CSV header.
            opt("UASC", Bool, "an unaccompanied asylum-seeking child in the year (0/1)"),
        ],
        unique: &["CHILD"],
        checks: &[],
    },
    FileSpec {
        stem: "lac_episodes",
        core: true,
        purpose: "looked-after episodes (SSDA903 Episodes)",
        columns: &[
            req("CHILD", Id(N::Child), "the child"),
            req("DECOM", Date, "episode start"),
            req("RNE", Code(RNE), "reason for new episode (S = started to be looked after)"),
            req("LS", Code(LEGAL_STATUS), "legal status (V3/V4 are short breaks)"),
            opt("CIN", Code(CATEGORY_OF_NEED), "category of need N1–N8"),
            req("PLACE", Code(PLACEMENTS), "placement type"),
            opt("PLACE_PROVIDER", Code(PROVIDERS), "PR0–PR5"),
            opt("DEC", Date, "episode end; empty while open"),
            opt("REC", Code(REASONS_CEASED), "reason the episode ceased (X1 = care continues)"),
            opt("REASON_PLACE_CHANGE", Code(PLACE_CHANGE_REASONS), "why the placement changed"),
            opt("HOME_POST", PersonalText, "home postcode district"),
            opt("PL_POST", PersonalText, "placement postcode district"),
            opt("URN", Text, "Ofsted URN of the placement"),
            opt("PL_LOCATION", Code(LOCATIONS), "placement IN or OUT of the authority's boundary"),
            opt("PL_DISTANCE", Decimal { min: 0.0, max: 999.9 }, "miles from home"),
        ],
        unique: &["CHILD", "DECOM"],
        checks: &[RowCheck::EndNotBefore { start: "DECOM", end: "DEC", rule: None }],
    },
    FileSpec {
        stem: "lac_reviews",
        core: false,
        purpose: "looked-after reviews (SSDA903 Reviews)",
        columns: &[
            req("CHILD", Id(N::Child), "the child"),
            opt("DOB", BirthDate, "date of birth"),
            req("REVIEW", Date, "date of the review"),
            opt("REVIEW_CODE", Code(REVIEW_CODES), "how the child took part (PN0–PN7)"),
        ],
        unique: &[],
        checks: &[RowCheck::BornBy { birth: "DOB", date: "REVIEW" }],
    },
    FileSpec {
        stem: "cse_panel",
        core: true,
        purpose: "children discussed at the child sexual exploitation panel (local), one row per child per meeting",
        columns: &[
            req("LAchildID", Id(N::Child), "the child"),
            req("PanelDate", Date, "date of the panel meeting"),
            req("Sex", Sex, "M, F or U"),
            opt("Ethnicity", Code(ETHNICITY), "DfE ethnicity code; empty = unknown"),
            req("PersonBirthDate", BirthDate, "date of birth"),
            opt("RiskLevel", Code(RISK_LEVELS), "LOW, MEDIUM or HIGH"),
            req(
                "PlanType",
                Code(PLAN_TYPES),
                "the child's plan at the meeting (CIC, CIN, CPP, NONE, CFA, EARLY_HELP, PATHWAY, ADULT)",
            ),
        ],
        unique: &[],
        checks: &[RowCheck::BornBy { birth: "PersonBirthDate", date: "PanelDate" }],
    },
    FileSpec {
        stem: "missing_episodes",
        core: false,
        purpose: "missing-from-home and missing-from-care episodes (local)",
        columns: &[
            req("LAchildID", Id(N::Child), "the child"),
            req("MissingStartDate", Date, "start of the episode"),
            opt("MissingEndDate", Date, "end of the episode"),
            opt("MissingType", Code(MISSING_TYPES), "M missing, A away without authorisation"),
        ],
        unique: &[],
        checks: &[RowCheck::EndNotBefore { start: "MissingStartDate", end: "MissingEndDate", rule: None }],
    },
    FileSpec {
        stem: "training_sessions",
        core: true,
        purpose: "multi-agency safeguarding training sessions (local)",
        columns: &[
            req("SessionID", Id(N::Session), "unique per session"),
            req("CourseTitle", Label, "the course"),
            req("SessionDate", Date, "date of the session"),
            req("Status", Code(SESSION_STATUS), "DELIVERED or CANCELLED"),
            opt("Provider", Label, "who delivered it"),
        ],
        unique: &["SessionID"],
        checks: &[],
    },
    FileSpec {
        stem: "practice_reviews",
        core: false,
        purpose: "serious incidents notified to the national panel, their rapid reviews and practice reviews (local)",
        columns: &[
            req("ReviewID", Id(N::Review), "unique per notification"),
            req("NotificationDate", Date, "the serious incident notified to the national panel"),
            opt("RapidReviewDate", Date, "the rapid review completed and sent to the panel"),
            opt("Decision", Code(REVIEW_DECISIONS), "CSPR (a local practice review), NO_CSPR or PENDING"),
            opt("PublishedDate", Date, "the practice review's report published"),
            opt("Themes", Multi(REVIEW_THEMES), "themes of the learning (NEGLECT, INFORMATION_SHARING …)"),
        ],
        unique: &["ReviewID"],
        checks: &[
            RowCheck::EndNotBefore { start: "NotificationDate", end: "RapidReviewDate", rule: None },
            RowCheck::EndNotBefore { start: "NotificationDate", end: "PublishedDate", rule: None },
        ],
    },
    FileSpec {
        stem: "actions",
        core: false,
        purpose: "the board's actions from reviews and audits, and their progress (local)",
        columns: &[
            req("ActionID", Id(N::Action), "unique per action"),
            req("Action", Label, "what is to be done, as the board words it"),
            req("Owner", Label, "the agency that owns it"),
            req("DueDate", Date, "when it is due"),
            req("Status", Code(ACTION_STATUS), "NOT_STARTED, IN_PROGRESS or COMPLETED"),
            opt("CompletedDate", Date, "when it was completed"),
            opt("Evidence", Label, "what changed, as the board words it"),
        ],
        unique: &["ActionID"],
        checks: &[],
    },
    FileSpec {
        stem: "training_attendance",
        core: true,
        purpose: "bookings and attendance at training sessions (local)",
        columns: &[
            req("SessionID", Id(N::Session), "the session"),
            req("DelegateID", Id(N::Delegate), "the delegate"),
            req("Agency", Label, "the delegate's agency, as written"),
            req("Attendance", Code(ATTENDANCE), "ATTENDED, DNA (booked, did not attend) or WALK_IN"),
            opt("PreScore", Int { min: 0, max: 10 }, "self-rated understanding before (0–10)"),
            opt("PostScore", Int { min: 0, max: 10 }, "self-rated understanding after (0–10)"),
            opt("WouldRecommend", Bool, "would recommend the course"),
        ],
        unique: &[],
        checks: &[],
    },
    FileSpec {
        stem: "early_help",
        core: false,
        purpose: "early help assessments (local; Ofsted Annex A list 2)",
        columns: &[
            req("LAchildID", Id(N::Child), "the child"),
            req("EHAStartDate", Date, "start of the assessment"),
            opt("EHAEndDate", Date, "end; empty while open"),
            // Required of a CSV; Annex A's list 2 names the organisation, not whether it is the
            // authority's (the figures by lead agency are then `x`).
            req("LeadAgency", Code(LEAD_AGENCY), "INTERNAL to the authority or EXTERNAL"),
            opt("StartLevel", Code(LEVELS), "level of need at the start (1–5)"),
            opt("EndLevel", Code(LEVELS), "level of need at the end (1–5)"),
        ],
        unique: &[],
        checks: &[RowCheck::EndNotBefore { start: "EHAStartDate", end: "EHAEndDate", rule: None }],
    },
    FileSpec {
        stem: "population",
        core: true,
        purpose: "ONS mid-year estimates of the population aged 0 to 17 (rate denominators)",
        columns: &[
            req("Year", Int { min: 1990, max: 2100 }, "mid-year of the estimate (2017 is used for 2017-18)"),
            req("Population0to17", Int { min: 1, max: 100_000_000 }, "children aged 0 to 17"),
            // By group, for a group's share of the area's children beside its share of each
            // service (the ONS estimates by sex and age; the census by ethnic group).
            opt("Male", Int { min: 0, max: 100_000_000 }, "boys aged 0 to 17"),
            opt("Female", Int { min: 0, max: 100_000_000 }, "girls aged 0 to 17"),
            opt("White", Int { min: 0, max: 100_000_000 }, "children of White ethnicity"),
            opt("Mixed", Int { min: 0, max: 100_000_000 }, "children of mixed or multiple ethnicity"),
            opt("Asian", Int { min: 0, max: 100_000_000 }, "children of Asian or Asian British ethnicity"),
            opt(
                "Black",
                Int { min: 0, max: 100_000_000 },
                "children of Black, African, Caribbean or Black British ethnicity",
            ),
            opt("OtherEthnicity", Int { min: 0, max: 100_000_000 }, "children of any other ethnicity"),
            opt("Under1", Int { min: 0, max: 100_000_000 }, "children under 1"),
            opt("Age1to4", Int { min: 0, max: 100_000_000 }, "children aged 1 to 4"),
            opt("Age5to9", Int { min: 0, max: 100_000_000 }, "children aged 5 to 9"),
            opt("Age10to15", Int { min: 0, max: 100_000_000 }, "children aged 10 to 15"),
            opt("Age16to17", Int { min: 0, max: 100_000_000 }, "young people aged 16 and 17"),
        ],
        unique: &["Year"],
        checks: &[],
    },
    FileSpec {
        stem: "benchmarks",
        core: false,
        purpose: "published comparator values",
        columns: &[
            req("Indicator", Text, "an indicator id from the catalogue"),
            req("Period", FinancialYear, "the financial year (2016-17)"),
            req("Comparator", Label, "England, a region, or Statistical neighbours"),
            req("Value", Decimal { min: f64::MIN, max: f64::MAX }, "the published value"),
            opt("Source", Text, "the publication the value is taken from"),
            opt(
                "Definition",
                Text,
                "the catalogue id whose definition the published value follows, if not Indicator's (then shown, not compared)",
            ),
            opt("Vintage", Text, "when the value was published or taken"),
            opt("NeighbourSet", Text, "for statistical neighbours: the set of authorities"),
            opt("NeighbourMethod", Text, "for statistical neighbours: mean or median"),
        ],
        unique: &["Indicator", "Period", "Comparator"],
        checks: &[],
    },
    FileSpec {
        stem: "measures",
        core: false,
        purpose: "figures partners supply as aggregates (LADO, MARAC, child deaths, contributions…)",
        columns: &[
            req("Section", Label, "the report section"),
            req("Measure", Label, "the measure's label"),
            req("Period", YearOrMonth, "2017-18, or 2017-04 for a month"),
            req("Value", Decimal { min: f64::MIN, max: f64::MAX }, "the figure"),
            opt("Unit", Code(MEASURE_UNITS), "count, pct, gbp, weeks or rate_per_10k"),
            opt("Note", Label, "a footnote"),
            opt(
                "Subject",
                Code(MEASURE_SUBJECTS),
                "PEOPLE (the default) if a small count could identify someone; EVENTS if it discloses no one",
            ),
            opt(
                "Kind",
                Code(MEASURE_KINDS),
                "FLOW if counted over the period (months are summed to the year), STOCK if at a point (the year's is March's)",
            ),
        ],
        unique: &["Section", "Measure", "Period"],
        checks: &[],
    },
    FileSpec {
        stem: "budget",
        core: false,
        purpose: "the partnership's budget: each partner's contribution and what was spent (local)",
        columns: &[
            req("Period", FinancialYear, "the financial year, 2017-18"),
            req("Direction", Code(BUDGET_DIRECTIONS), "INCOME (a partner's contribution) or SPEND"),
            req("Item", Label, "the partner contributing, or what the money was spent on"),
            req("Amount", Decimal { min: 0.0, max: 1.0e12 }, "pounds"),
            opt("Note", Label, "a footnote"),
        ],
        unique: &["Period", "Direction", "Item"],
        checks: &[RowCheck::NotATotal { column: "Item" }],
    },
    // The SSDA903 return's other tables, under the DfE's column names: read, checked for
    // shape and listed (UASC, OC3, AD1 and Missing feed figures; the rest none yet).
    return_table(
        "lac_uasc",
        "unaccompanied asylum-seeking children (SSDA903 UASC)",
        &[RETURN_CHILD, opt("SEX", Sex, "1/2 or M/F/U"), RETURN_DOB, opt("DUC", Date, "date UASC status ceased")],
    ),
    return_table(
        "lac_oc2",
        "outcomes for children looked after 12 months (SSDA903 OC2)",
        &[
            RETURN_CHILD,
            RETURN_DOB,
            opt("SDQ_SCORE", Int { min: 0, max: 40 }, "strengths and difficulties score"),
            opt("SDQ_REASON", Text, "why no score"),
            opt("CONVICTED", Bool, "convicted in the year"),
            opt("HEALTH_CHECK", Bool, "health check up to date"),
            opt("IMMUNISATIONS", Bool, "immunisations up to date"),
            opt("TEETH_CHECK", Bool, "teeth checked"),
            opt("HEALTH_ASSESSMENT", Bool, "health assessment up to date"),
            opt("SUBSTANCE_MISUSE", Bool, "substance misuse problem"),
            opt("INTERVENTION_RECEIVED", Bool, "intervention received"),
            opt("INTERVENTION_OFFERED", Bool, "intervention offered"),
        ],
    ),
    return_table(
        "lac_oc3",
        "care leavers (SSDA903 OC3)",
        &[
            RETURN_CHILD,
            RETURN_DOB,
            opt("IN_TOUCH", Text, "in touch with the authority"),
            opt("ACTIV", Text, "main activity"),
            opt("ACCOM", Text, "accommodation"),
            // Not in the DfE's table: lets one CSV hold several years' outcomes.
            opt(
                "CollectionYear",
                FinancialYear,
                "the collection year the row was returned for (2017-18); without it, the return's year, or else the reporting year",
            ),
        ],
    ),
    return_table(
        "lac_ad1",
        "adoptions (SSDA903 AD1)",
        &[
            RETURN_CHILD,
            RETURN_DOB,
            opt("DATE_INT", Date, "date of the decision that the child should be placed for adoption"),
            opt("DATE_MATCH", Date, "date matched with adopters"),
            opt("FOSTER_CARE", Bool, "adopted by their foster carers"),
            opt("NB_ADOPTR", Text, "number of adopters"),
            opt("SEX_ADOPTR", Text, "adopters' sex"),
            opt("LS_ADOPTR", Text, "adopters' legal status"),
        ],
    ),
    return_table(
        "lac_placed_for_adoption",
        "should be placed for adoption (SSDA903 PlacedAdoption)",
        &[
            RETURN_CHILD,
            RETURN_DOB,
            opt("DATE_PLACED", Date, "date of the decision"),
            opt("DATE_PLACED_CEASED", Date, "date the decision was reversed, or the child adopted"),
            opt("REASON_PLACED_CEASED", Text, "why"),
        ],
    ),
    return_table(
        "lac_previous_permanence",
        "permanence before care (SSDA903 PrevPerm)",
        &[
            RETURN_CHILD,
            RETURN_DOB,
            opt("PREV_PERM", Text, "previous permanence option"),
            opt("LA_PERM", Text, "authority that arranged it"),
            // The DfE allows a part-known date (`zz/zz/2010`): kept as written.
            opt("DATE_PERM", PersonalText, "date of the previous permanence order"),
        ],
    ),
    return_table(
        "lac_missing",
        "missing or away from placement (SSDA903 Missing)",
        &[
            RETURN_CHILD,
            RETURN_DOB,
            opt("MISSING", Text, "M missing, A away from placement without authorisation"),
            opt("MIS_START", Date, "start of the episode"),
            opt("MIS_END", Date, "end of the episode"),
        ],
    ),
    return_table(
        "lac_social_workers",
        "social worker episodes (SSDA903 SWEpisodes)",
        &[
            RETURN_CHILD,
            RETURN_DOB,
            opt("SW_ID", PersonalText, "the social worker"),
            opt("SW_DECOM", Date, "start of the social worker's involvement"),
            opt("SW_DEC", Date, "end of it"),
            opt("SW_REASON", Text, "why it changed"),
        ],
    ),
];

/// The child, and their date of birth, as the return's tables name them.
const RETURN_CHILD: Column = req("CHILD", Id(N::Child), "the child");
const RETURN_DOB: Column = opt("DOB", BirthDate, "date of birth");

/// A table of the SSDA903 return beyond the header, episodes and reviews: optional, no row checks.
const fn return_table(stem: &'static str, purpose: &'static str, columns: &'static [Column]) -> FileSpec {
    FileSpec { stem, core: false, purpose, columns, unique: &[], checks: &[] }
}

pub fn file_spec(stem: &str) -> &'static FileSpec {
    FILES.iter().find(|f| f.stem == stem).unwrap_or_else(|| panic!("no file `{stem}` in the contract"))
}

#[cfg(test)]
mod tests;
