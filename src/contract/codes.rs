//! The code lists of the contract's code columns (`datasets/README.md` lists their meanings).

pub const SOURCES: &[&str] = &[
    "1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A", "5B", "5C", "5D", "6", "7", "8",
    "9", "10",
];
pub const LEVELS: &[&str] = &["1", "2", "3", "4", "5"];
pub const CONTACT_OUTCOMES: &[&str] = &["ADMIN", "ADVICE", "EARLY_HELP", "REFERRAL", "NFA"];
pub const PRIMARY_NEED: &[&str] = &["N0", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9"];
pub const CLOSURE_REASONS: &[&str] = &["RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9"];
pub const ETHNICITY: &[&str] = &[
    "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH", "BCRB",
    "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
];
pub const DISABILITY: &[&str] =
    &["NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA"];
pub const FACTORS: &[&str] = &[
    "1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C", "5A", "5B", "5C", "6A", "6B", "6C", "7A",
    "8B", "8C", "8D", "8E", "8F", "9A", "10A", "11A", "12A", "13A", "14A", "15A", "16A", "17A", "18A", "18B", "18C",
    "19A", "19B", "19C", "20", "21", "22A", "23A", "24A",
];
pub const ABUSE_CATEGORIES: &[&str] = &["NEG", "PHY", "EMO", "SAB", "MUL"];
pub const RNE: &[&str] = &["S", "L", "P", "T", "B", "U"];
pub const LEGAL_STATUS: &[&str] = &["C1", "C2", "D1", "E1", "V2", "V3", "V4", "L1", "L2", "L3", "J1", "J2", "J3"];
pub const CATEGORY_OF_NEED: &[&str] = &["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"];
pub const PLACEMENTS: &[&str] = &[
    "A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6", "P1", "P2", "P3", "H5", "K1", "K2", "K3", "R1", "R2",
    "R3", "R5", "S1", "T0", "T1", "T2", "T3", "T4", "Z1", "Z11", "Z12", "Z13", "Z14",
];
pub const PROVIDERS: &[&str] = &["PR0", "PR1", "PR2", "PR3", "PR4", "PR5"];
pub const REASONS_CEASED: &[&str] = &[
    "X1", "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E43", "E44", "E45", "E46", "E47", "E48", "E5", "E6",
    "E7", "E9", "E14", "E15", "E16", "E17", "E8",
];
pub const PLACE_CHANGE_REASONS: &[&str] =
    &["CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE", "CUSTOD", "OTHER"];
pub const LOCATIONS: &[&str] = &["IN", "OUT"];
pub const REVIEW_CODES: &[&str] = &["PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"];
pub const RISK_LEVELS: &[&str] = &["LOW", "MEDIUM", "HIGH"];
pub const PLAN_TYPES: &[&str] = &["CIC", "CIN", "CPP", "NONE", "CFA", "EARLY_HELP", "PATHWAY", "ADULT"];
pub const MISSING_TYPES: &[&str] = &["M", "A"];
pub const SESSION_STATUS: &[&str] = &["DELIVERED", "CANCELLED"];
pub const ATTENDANCE: &[&str] = &["ATTENDED", "DNA", "WALK_IN"];
pub const LEAD_AGENCY: &[&str] = &["INTERNAL", "EXTERNAL"];
pub const MEASURE_UNITS: &[&str] = &["COUNT", "PCT", "GBP", "WEEKS", "RATE_PER_10K"];
pub const MEASURE_SUBJECTS: &[&str] = &["PEOPLE", "EVENTS"];
/// A measure counted over its period (summed to a year when given by month) or at a point in
/// time (a year's value is its last month's).
pub const MEASURE_KINDS: &[&str] = &["FLOW", "STOCK"];
/// A line of the partnership's budget: money in (a partner's contribution) or money spent.
pub const BUDGET_DIRECTIONS: &[&str] = &["INCOME", "SPEND"];
pub const MOTHER: &[&str] = &["0", "1"];
/// After a rapid review: a local child safeguarding practice review, none, or not yet decided.
pub const REVIEW_DECISIONS: &[&str] = &["CSPR", "NO_CSPR", "PENDING"];
/// Themes of learning from reviews, as the national panel's reports group them.
pub const REVIEW_THEMES: &[&str] = &[
    "NEGLECT",
    "DOMESTIC_ABUSE",
    "MENTAL_HEALTH",
    "SUBSTANCE_MISUSE",
    "EXPLOITATION",
    "SAFE_SLEEP",
    "NON_ACCIDENTAL_INJURY",
    "INFORMATION_SHARING",
    "ASSESSMENT",
    "ESCALATION",
    "VOICE_OF_THE_CHILD",
    "OTHER",
];
pub const ACTION_STATUS: &[&str] = &["NOT_STARTED", "IN_PROGRESS", "COMPLETED"];
