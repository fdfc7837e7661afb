//! Problems found in the input, grouped and counted for people to read.
//!
//! Every rule is a [`Problem`] variant with its severity and a plain summary; each occurrence
//! adds a detail (which may quote the cell, unless the column is personal). Occurrences of one
//! rule in one column of one file form a group: repeats print as a few examples and a count.

use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Every rule the loader and validator apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Problem {
    DataDirMissing,
    MissingFile,
    NotAFile,
    DuplicateFile,
    Unreadable,
    NotText,
    WrongDelimiter,
    Windows1252,
    NotDecodable,
    EmptyFile,
    MissingColumn,
    DuplicateColumn,
    UnknownColumn,
    RaggedRow,
    EmptyRows,
    RequiredCellEmpty,
    BadDate,
    PlaceholderDate,
    BadBool,
    BadNumber,
    NotWhole,
    WholeAsDecimal,
    OutOfRange,
    UnknownCode,
    UnknownOptionalCode,
    BadLea,
    BadPeriod,
    MissingLeaColumn,
    DuplicateKey,
    EndBeforeStart,
    BornAfter,
    TypedTotal,
    PersonalInLabel,
    TooManyLabels,
    ReviewWithoutPlan,
    AttendanceWithoutSession,
    EpisodeWithoutHeader,
    ReviewWithoutHeader,
    AfterReportingYear,
    PopulationYearMissing,
    PopulationReportingYearMissing,
    NoActivity,
    SettingsSyntax,
    SettingsUnknownKey,
    SettingsBadValue,
    NarrativeDirMissing,
    Implausible,
    NotRecognised,
    /// XML not well formed, declaring an encoding other than UTF-8, or not its claimed schema.
    BadXml,
    /// Returns of several years with one missing between them.
    ReturnYearMissing,
    /// A benchmark listed under an id the catalogue does not have.
    UnknownIndicator,
    /// Last year's figures (`build --previous`): unusable, or with no manifest beside them.
    PreviousFigures,
    PreviousWithoutManifest,
    /// One of the DfE's own rules for a statutory return.
    Dfe(crate::dfe_rules::DfeRule),
}

impl Problem {
    pub fn severity(self) -> Severity {
        use Problem::*;
        match self {
            Windows1252
            | PlaceholderDate
            | WholeAsDecimal
            | UnknownColumn
            | EmptyRows
            | UnknownOptionalCode
            | ReviewWithoutPlan
            | AttendanceWithoutSession
            | EpisodeWithoutHeader
            | ReviewWithoutHeader
            | AfterReportingYear
            | SettingsUnknownKey
            | NarrativeDirMissing
            | Implausible
            | NotRecognised
            | ReturnYearMissing
            | UnknownIndicator
            | PreviousWithoutManifest
            | PopulationYearMissing => Severity::Warning,
            Dfe(rule) if !rule.is_error() => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// A stable identifier for machine-readable output.
    pub fn code(self) -> &'static str {
        use Problem::*;
        match self {
            DataDirMissing => "data-dir-missing",
            MissingFile => "missing-file",
            NotAFile => "not-a-file",
            DuplicateFile => "duplicate-file",
            Unreadable => "unreadable",
            NotText => "not-csv-text",
            WrongDelimiter => "wrong-delimiter",
            Windows1252 => "windows-1252",
            NotDecodable => "not-decodable",
            EmptyFile => "empty-file",
            MissingColumn => "missing-column",
            DuplicateColumn => "duplicate-column",
            UnknownColumn => "unknown-column",
            RaggedRow => "ragged-row",
            EmptyRows => "empty-rows",
            RequiredCellEmpty => "required-cell-empty",
            BadDate => "bad-date",
            PlaceholderDate => "placeholder-date",
            BadBool => "bad-boolean",
            BadNumber => "bad-number",
            NotWhole => "not-whole-number",
            WholeAsDecimal => "whole-number-as-decimal",
            OutOfRange => "out-of-range",
            UnknownCode => "unknown-code",
            UnknownOptionalCode => "unknown-code-optional",
            BadLea => "bad-lea",
            BadPeriod => "bad-period",
            MissingLeaColumn => "missing-lea-column",
            DuplicateKey => "duplicate-key",
            EndBeforeStart => "end-before-start",
            BornAfter => "born-after-record",
            TypedTotal => "typed-total",
            PersonalInLabel => "personal-data-in-published-text",
            TooManyLabels => "too-many-labels",
            ReviewWithoutPlan => "review-without-plan",
            AttendanceWithoutSession => "attendance-without-session",
            EpisodeWithoutHeader => "episode-without-header",
            ReviewWithoutHeader => "review-without-header",
            AfterReportingYear => "after-reporting-year",
            PopulationYearMissing => "population-year-missing",
            PopulationReportingYearMissing => "population-reporting-year-missing",
            NoActivity => "no-activity",
            SettingsSyntax => "settings-syntax",
            SettingsUnknownKey => "settings-unknown-key",
            SettingsBadValue => "settings-bad-value",
            NarrativeDirMissing => "narrative-folder-missing",
            Implausible => "implausible-figure",
            BadXml => "bad-xml",
            ReturnYearMissing => "return-year-missing",
            UnknownIndicator => "unknown-indicator",
            NotRecognised => "file-not-recognised",
            PreviousFigures => "previous-figures",
            PreviousWithoutManifest => "previous-without-manifest",
            Dfe(rule) => rule.code(),
        }
    }

    /// What the rule says, for the heading of a group.
    pub fn summary(self) -> &'static str {
        use Problem::*;
        match self {
            DataDirMissing => "the data directory cannot be read",
            MissingFile => "a required file is missing",
            NotAFile => "expected a file",
            DuplicateFile => "two files have the same name apart from case",
            Unreadable => "the file cannot be read",
            NotText => "the file is not comma-separated text",
            WrongDelimiter => "the file is not comma-separated",
            Windows1252 => "the file is not UTF-8; it was read as Windows-1252",
            NotDecodable => "the file is neither UTF-8 nor Windows-1252",
            EmptyFile => "the file has no header row",
            MissingColumn => "a required column is missing",
            DuplicateColumn => "a column name appears twice",
            UnknownColumn => "a column is not in the data contract and was ignored",
            RaggedRow => "the row has a different number of fields from the header",
            EmptyRows => "rows with every cell empty were skipped",
            RequiredCellEmpty => "a required cell is empty",
            BadDate => "not a valid date",
            PlaceholderDate => "a date before 1950, taken for a placeholder",
            BadBool => "not a yes/no value",
            BadNumber => "not a number",
            NotWhole => "a whole number is required",
            WholeAsDecimal => "a whole number written as a decimal (`1.0`) was read as whole",
            OutOfRange => "the number is outside the allowed range",
            UnknownCode => "the code is not in the list",
            UnknownOptionalCode => "the code is not in the list (optional column, kept as given)",
            BadLea => "not a 3-digit local authority code",
            BadPeriod => "not a valid period",
            MissingLeaColumn => "several authorities are present, but this file has no LEA column",
            DuplicateKey => "the same key appears on more than one row",
            EndBeforeStart => "an end date is before its start date",
            BornAfter => "the date of birth is after the record's date",
            TypedTotal => "a row gives a total, which is worked out from the other rows instead",
            PersonalInLabel => "text the report publishes holds what looks like personal data",
            TooManyLabels => "text the report publishes has more different values than a report can show",
            ReviewWithoutPlan => "a review whose plan is not in cp_plans.csv",
            AttendanceWithoutSession => "an attendance row whose session is not in training_sessions.csv",
            EpisodeWithoutHeader => "an episode whose child has no row in lac_header.csv",
            ReviewWithoutHeader => "a review whose child has no row in lac_header.csv",
            AfterReportingYear => "a date after the end of the reporting year",
            PopulationYearMissing => "no population estimate for a year the data covers",
            PopulationReportingYearMissing => "no population estimate for the reporting year",
            NoActivity => "no contacts or referrals to fix the reporting year",
            SettingsSyntax => "report.toml is not valid TOML",
            SettingsUnknownKey => "report.toml has a setting this version does not know",
            SettingsBadValue => "a report.toml setting has a value it cannot take",
            NarrativeDirMissing => "report.toml names a narrative folder that is not there",
            Implausible => "a figure is outside the range of every authority's published figures",
            NotRecognised => "a file in the folder is not one safeguard reads",
            PreviousFigures => "last year's figures (--previous) cannot be used",
            PreviousWithoutManifest => "last year's figures have no manifest beside them",
            ReturnYearMissing => "the returns of several years leave a year out",
            UnknownIndicator => "a benchmark names an indicator the catalogue does not have",
            BadXml => "the XML cannot be read: it is not well formed or not the schema it claims",
            Dfe(rule) => rule.message(),
        }
    }
}

/// A column as the file spells it, with its position (0-based).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ColumnRef {
    pub position: usize,
    pub name: String,
    /// An XML element path (`Child/CINdetails/CINreferralDate`), not a spreadsheet column.
    pub element: bool,
}

impl ColumnRef {
    pub fn column(position: usize, name: impl Into<String>) -> Self {
        ColumnRef { position, name: name.into(), element: false }
    }

    pub fn element(position: usize, path: impl Into<String>) -> Self {
        ColumnRef { position, name: path.into(), element: true }
    }

    /// Spreadsheet-style letter: 0 → A, 25 → Z, 26 → AA.
    pub fn letter(&self) -> String {
        let mut n = self.position + 1;
        let mut s = Vec::new();
        while n > 0 {
            let r = (n - 1) % 26;
            s.push(b'A' + r as u8);
            n = (n - 1) / 26;
        }
        s.reverse();
        String::from_utf8(s).expect("ASCII letters")
    }
}

impl std::fmt::Display for ColumnRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.element {
            write!(f, "element {}", self.name)
        } else {
            write!(f, "column {} ({})", self.letter(), self.name)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct GroupKey {
    problem: Problem,
    file: String,
    column: Option<ColumnRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Example {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    pub detail: String,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub problem: Problem,
    pub file: String,
    pub column: Option<ColumnRef>,
    pub count: u64,
    pub examples: Vec<Example>,
}

/// How many occurrences of one group are kept word for word.
const KEPT_EXAMPLES: usize = 100;
/// How many of those the text report prints before "and N more".
const SHOWN_EXAMPLES: usize = 5;

/// Collects problems, keeping only a bounded number of examples per group.
#[derive(Debug, Default)]
pub struct Diagnostics {
    index: HashMap<GroupKey, usize>,
    groups: Vec<Group>,
    total: u64,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(
        &mut self,
        problem: Problem,
        file: &str,
        line: Option<u64>,
        column: Option<&ColumnRef>,
        detail: impl Into<String>,
    ) {
        self.total += 1;
        let key = GroupKey { problem, file: file.to_string(), column: column.cloned() };
        let groups = &mut self.groups;
        let i = *self.index.entry(key).or_insert_with(|| {
            groups.push(Group {
                problem,
                file: file.to_string(),
                column: column.cloned(),
                count: 0,
                examples: Vec::new(),
            });
            groups.len() - 1
        });
        let g = &mut self.groups[i];
        g.count += 1;
        if g.examples.len() < KEPT_EXAMPLES {
            g.examples.push(Example { line, detail: detail.into() });
        }
    }

    /// One of the DfE's rules broken at `line`: under its number, in the message too.
    pub fn add_dfe(
        &mut self,
        rule: crate::dfe_rules::DfeRule,
        file: &str,
        line: u64,
        column: Option<&ColumnRef>,
        why: &str,
    ) {
        self.add(Problem::Dfe(rule), file, Some(line), column, format!("({}) {why}", rule.reference()));
    }

    pub fn extend(&mut self, other: Diagnostics) {
        for g in other.groups {
            for ex in &g.examples {
                self.add(g.problem, &g.file, ex.line, g.column.as_ref(), ex.detail.clone());
            }
            // Occurrences beyond the kept examples still count.
            let extra = g.count - g.examples.len() as u64;
            if extra > 0 {
                let key = GroupKey { problem: g.problem, file: g.file.clone(), column: g.column.clone() };
                let i = self.index[&key];
                self.groups[i].count += extra;
                self.total += extra;
            }
        }
    }

    /// Every problem added so far, of any severity.
    pub fn total(&self) -> u64 {
        self.total
    }

    pub fn count(&self, severity: Severity) -> u64 {
        self.groups.iter().filter(|g| g.problem.severity() == severity).map(|g| g.count).sum()
    }

    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    /// Groups in reading order: errors first, then by file and first line.
    pub fn groups(&self) -> Vec<&Group> {
        let mut v: Vec<&Group> = self.groups.iter().collect();
        v.sort_by(|a, b| {
            let first = |g: &Group| g.examples.first().and_then(|e| e.line).unwrap_or(0);
            (a.problem.severity(), &a.file, first(a), a.column.as_ref().map(|c| c.position), a.problem).cmp(&(
                b.problem.severity(),
                &b.file,
                first(b),
                b.column.as_ref().map(|c| c.position),
                b.problem,
            ))
        });
        v
    }

    pub fn render_text(&self) -> String {
        let mut out = String::new();
        for g in self.groups() {
            render_group(&mut out, g);
        }
        let (e, w) = (self.count(Severity::Error), self.count(Severity::Warning));
        let _ = writeln!(
            out,
            "{} {}, {} {}",
            thousands(e),
            plural(e, "error", "errors"),
            thousands(w),
            plural(w, "warning", "warnings")
        );
        out
    }

    pub fn render_json(&self) -> String {
        #[derive(Serialize)]
        struct JsonGroup<'a> {
            severity: Severity,
            rule: &'static str,
            /// The DfE's rule, where the problem is one: `SSDA903 148`.
            #[serde(skip_serializing_if = "Option::is_none")]
            dfe_rule: Option<&'static str>,
            summary: &'static str,
            file: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            column: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            column_letter: Option<String>,
            count: u64,
            examples: &'a [Example],
        }
        #[derive(Serialize)]
        struct JsonReport<'a> {
            errors: u64,
            warnings: u64,
            problems: Vec<JsonGroup<'a>>,
        }
        let report = JsonReport {
            errors: self.count(Severity::Error),
            warnings: self.count(Severity::Warning),
            problems: self
                .groups()
                .into_iter()
                .map(|g| JsonGroup {
                    severity: g.problem.severity(),
                    rule: g.problem.code(),
                    dfe_rule: match g.problem {
                        Problem::Dfe(r) => Some(r.reference()),
                        _ => None,
                    },
                    summary: g.problem.summary(),
                    file: &g.file,
                    column: g.column.as_ref().map(|c| c.name.as_str()),
                    column_letter: g.column.as_ref().filter(|c| !c.element).map(ColumnRef::letter),
                    count: g.count,
                    examples: &g.examples,
                })
                .collect(),
        };
        serde_json::to_string_pretty(&report).expect("diagnostics serialise") + "\n"
    }
}

fn render_group(out: &mut String, g: &Group) {
    let sev = match g.problem.severity() {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let place = |line: Option<u64>| {
        let mut s = g.file.clone();
        if let Some(l) = line {
            let _ = write!(s, ", line {l}");
        }
        if let Some(c) = &g.column {
            let _ = write!(s, ", {c}");
        }
        s
    };
    if g.count as usize <= SHOWN_EXAMPLES {
        for ex in &g.examples {
            let _ = writeln!(out, "{sev}: {}: {}", place(ex.line), ex.detail);
        }
        return;
    }
    let _ = writeln!(out, "{sev}: {}: {} ({} times)", place(None), g.problem.summary(), thousands(g.count));
    for ex in g.examples.iter().take(SHOWN_EXAMPLES) {
        match ex.line {
            Some(l) => {
                let _ = writeln!(out, "    line {l}: {}", ex.detail);
            }
            None => {
                let _ = writeln!(out, "    {}", ex.detail);
            }
        }
    }
    let _ = writeln!(out, "    … and {} more", thousands(g.count - SHOWN_EXAMPLES as u64));
}

fn plural(n: u64, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

/// 1234567 → "1,234,567".
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Text for a terminal with its control characters shown, not obeyed: a file named with an
/// escape sequence (or a cell holding one) could otherwise rewrite what the terminal shows.
/// Line ends and tabs stay as they are.
pub fn printable(s: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() && c != '\n' && c != '\t' {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_spreadsheets() {
        let c = |p| ColumnRef::column(p, "").letter();
        assert_eq!(
            (c(0), c(25), c(26), c(27), c(701), c(702)),
            ("A".into(), "Z".into(), "AA".into(), "AB".into(), "ZZ".into(), "AAA".into())
        );
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(2311), "2,311");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn many_repeats_print_a_few_examples_and_a_count() {
        let mut d = Diagnostics::new();
        let col = ColumnRef::column(2, "ContactDate");
        for line in 2..=2318u64 {
            d.add(Problem::BadDate, "contacts.csv", Some(line), Some(&col), format!("`x{line}` is not a date"));
        }
        let text = d.render_text();
        assert!(text.contains("error: contacts.csv, column C (ContactDate): not a valid date (2,317 times)"), "{text}");
        assert!(text.contains("    line 2: `x2` is not a date"));
        assert!(text.contains("    line 6: "));
        assert!(!text.contains("    line 7: "));
        assert!(text.contains("… and 2,312 more"));
        assert!(text.ends_with("2,317 errors, 0 warnings\n"));
        assert_eq!(d.groups()[0].examples.len(), KEPT_EXAMPLES);
    }

    #[test]
    fn a_few_problems_print_one_line_each_with_file_line_and_column() {
        let mut d = Diagnostics::new();
        let col = ColumnRef::column(0, "Year");
        d.add(Problem::NotWhole, "population.csv", Some(3), Some(&col), "`2017.5` is a decimal");
        d.add(Problem::UnknownColumn, "contacts.csv", Some(1), None, "`Notes` ignored");
        let text = d.render_text();
        assert_eq!(
            text,
            "error: population.csv, line 3, column A (Year): `2017.5` is a decimal\n\
             warning: contacts.csv, line 1: `Notes` ignored\n\
             1 error, 1 warning\n"
        );
        assert!(d.has_errors());
    }

    #[test]
    fn merged_collections_keep_their_counts() {
        let mut a = Diagnostics::new();
        let mut b = Diagnostics::new();
        for l in 0..250 {
            b.add(Problem::BadDate, "f.csv", Some(l), None, "bad");
        }
        a.add(Problem::BadDate, "f.csv", Some(1000), None, "bad");
        a.extend(b);
        assert_eq!(a.count(Severity::Error), 251);
    }
}
