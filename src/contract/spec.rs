//! What a file of the contract is: its columns, the kind of each, and the checks on its rows.

/// Identifier namespaces. Identifiers are interned per namespace and authority, so no
/// identifier string survives past loading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Namespace {
    /// `LAchildID` (CIN census) and `CHILD` (SSDA903) name the same child within an authority.
    Child,
    Contact,
    Delegate,
    Session,
    Review,
    Action,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// An opaque identifier: personal data, never quoted back.
    Id(Namespace),
    Date,
    /// A date of birth: parsed like any date, but never quoted back.
    BirthDate,
    Bool,
    Int {
        min: i64,
        max: i64,
    },
    Decimal {
        min: f64,
        max: f64,
    },
    /// One code from a list, matched case-insensitively.
    Code(&'static [&'static str]),
    /// Sex as M/F/U, also accepting the older numeric 1/2/0/9 coding.
    Sex,
    /// Several codes in one cell separated by `;`, `,` or spaces.
    Multi(&'static [&'static str]),
    /// Free text kept to the data (an Ofsted URN).
    Text,
    /// Free text the report publishes (agency names, course titles, partners' labels): an error
    /// where it holds what looks like an identifier, UPN, postcode or date.
    Label,
    /// Free text that is personal (postcodes, UPN): never quoted back.
    PersonalText,
    /// A 3-digit local authority code.
    Lea,
    /// A financial year `2017-18`.
    FinancialYear,
    /// A financial year `2017-18` or a month `2017-04`.
    YearOrMonth,
}

impl Kind {
    /// Whether a cell's value may appear in a message.
    pub fn is_personal(self) -> bool {
        matches!(self, Kind::Id(_) | Kind::BirthDate | Kind::PersonalText)
    }

    pub fn is_date(self) -> bool {
        matches!(self, Kind::Date | Kind::BirthDate)
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub required: bool,
    pub kind: Kind,
    pub meaning: &'static str,
    /// Other headers the same column goes by in the DfE's own files.
    pub aliases: &'static [&'static str],
}

impl Column {
    /// A header names this column, ignoring case, by its contract name or an alias.
    pub fn is_named(&self, header: &str) -> bool {
        self.name.eq_ignore_ascii_case(header) || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(header))
    }

    pub(super) const fn or_named(self, aliases: &'static [&'static str]) -> Column {
        Column { aliases, ..self }
    }
}

/// Checks across the cells of one row. Each is an error when broken.
#[derive(Debug, Clone, Copy)]
pub enum RowCheck {
    /// `end` may not be before `start`; under the DfE's number where the DfE has the rule.
    EndNotBefore { start: &'static str, end: &'static str, rule: Option<crate::dfe_rules::DfeRule> },
    /// The date of birth may not be after the record's date.
    BornBy { birth: &'static str, date: &'static str },
    /// A row may not be a total of the others (`Total`, `Grand total`): totals are worked out,
    /// as a total typed by hand can disagree with its parts.
    NotATotal { column: &'static str },
}

#[derive(Debug, Clone, Copy)]
pub struct FileSpec {
    /// File stem; the file is `<stem>.csv`, matched case-insensitively.
    pub stem: &'static str,
    /// One of the files the report is built around (the statutory returns, contacts, the
    /// panel, training, population). No file is needed for a build: each report section needs
    /// only its own files and is left out without them.
    pub core: bool,
    pub purpose: &'static str,
    pub columns: &'static [Column],
    /// Columns whose values together must be unique (within an authority).
    pub unique: &'static [&'static str],
    pub checks: &'static [RowCheck],
}

impl FileSpec {
    pub fn file_name(&self) -> String {
        format!("{}.csv", self.stem)
    }

    /// Whether rows belong to one authority. Comparators describe England and regions.
    pub fn per_authority(&self) -> bool {
        self.stem != "benchmarks"
    }

    pub fn column(&self, name: &str) -> Option<&'static Column> {
        self.columns.iter().find(|c| c.is_named(name))
    }
}

pub(super) const fn req(name: &'static str, kind: Kind, meaning: &'static str) -> Column {
    Column { name, required: true, kind, meaning, aliases: &[] }
}

pub(super) const fn opt(name: &'static str, kind: Kind, meaning: &'static str) -> Column {
    Column { name, required: false, kind, meaning, aliases: &[] }
}

/// The optional authority column every file may carry.
pub const LEA_COLUMN: Column = opt("LEA", Kind::Lea, "3-digit local authority code");
