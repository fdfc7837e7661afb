//! `report.toml`: the settings for one report, every one with a default.

use crate::diagnostics::{Diagnostics, Problem};
use crate::indicators::stats::Confidence;
use crate::period::FinancialYear;
use serde::Serialize;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Edition {
    /// Statistical disclosure control applied: small counts shown as `c`.
    Public,
    /// Every figure shown; every page marked "internal — not for publication".
    Internal,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Settings {
    pub area_name: String,
    pub lea: Option<String>,
    pub region: Option<String>,
    /// `None` means the latest financial year the data covers.
    pub reporting_year: Option<FinancialYear>,
    pub edition: Edition,
    pub small_number_threshold: u32,
    /// `None` means every comparator in benchmarks.csv.
    pub comparators: Option<Vec<String>>,
    pub narrative_dir: String,
    pub templates_dir: Option<String>,
    /// The level of confidence intervals and significance tests.
    pub confidence: Confidence,
    /// The levels of need and the route the partnership's threshold guidance gives each.
    pub thresholds: Vec<crate::thresholds::Threshold>,
    /// The order of the report's sections (computed and the board's own) by id; `None`: the
    /// default order, the board's own after the computed.
    pub outline: Option<Vec<String>>,
    /// The board's priorities with the figures that measure them (`[[priorities]]`).
    pub priorities: Vec<crate::priorities::Priority>,
    /// Whom readers of the figures may ask: the partnership's team, not a child's.
    pub contact: Option<String>,
    /// The authority's nine-character ONS code (`E10000028`), for the EES open data file.
    pub new_la_code: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            area_name: "Unnamed area".into(),
            lea: None,
            region: None,
            reporting_year: None,
            edition: Edition::Public,
            small_number_threshold: 5,
            comparators: None,
            narrative_dir: "narrative".into(),
            templates_dir: None,
            confidence: Confidence::P95,
            thresholds: crate::thresholds::defaults(),
            outline: None,
            priorities: Vec::new(),
            contact: None,
            new_la_code: None,
        }
    }
}

const FILE: &str = "report.toml";

/// An ONS code of an authority with children's services: unitary (E06), metropolitan (E08),
/// London borough (E09) or county (E10).
fn is_new_la_code(v: &str) -> bool {
    v.len() == 9 && ["E06", "E08", "E09", "E10"].contains(&&v[..3]) && v[3..].bytes().all(|b| b.is_ascii_digit())
}
const KEYS: &[&str] = &[
    "area_name",
    "lea",
    "region",
    "reporting_year",
    "edition",
    "small_number_threshold",
    "comparators",
    "narrative_dir",
    "templates_dir",
    "confidence",
    "thresholds",
    "outline",
    "priorities",
    "contact",
    "new_la_code",
];

/// Reads `report.toml` from the data directory if it is there; problems go to `diag`.
pub fn load(dir: &Path, diag: &mut Diagnostics) -> Settings {
    let Some(path) = crate::load::files::find_case_insensitive(dir, FILE) else {
        return Settings::default();
    };
    match crate::load::files::read_capped(&path, dir, crate::load::files::TEXT_FILE_CAP) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => {
                let settings = parse(&text, diag);
                check_narrative_dir(dir, &text, &settings, diag);
                settings
            }
            Err(_) => {
                diag.add(Problem::SettingsSyntax, FILE, None, None, "report.toml is not UTF-8 text");
                Settings::default()
            }
        },
        Err(why) => {
            diag.add(Problem::Unreadable, FILE, None, None, why);
            Settings::default()
        }
    }
}

/// Whether a folder named in report.toml stays inside the data folder: a relative path with no
/// `..`, so that a data folder received from someone else cannot point the tool at other
/// folders of the machine.
fn inside(folder: &str) -> bool {
    let path = Path::new(folder);
    !folder.trim().is_empty()
        && !folder.contains('\\')
        && path.components().all(|c| matches!(c, std::path::Component::Normal(_) | std::path::Component::CurDir))
}

const INSIDE: &str = "(a name such as \"words\" or \"report/words\", with no `..` and not starting with `/`)";

/// Warns where report.toml names a narrative folder that is not there: the report would be
/// built without the board's words, and nothing else would say why.
fn check_narrative_dir(dir: &Path, text: &str, s: &Settings, diag: &mut Diagnostics) {
    let named = text.parse::<toml::Table>().is_ok_and(|t| t.contains_key("narrative_dir"));
    if named && !dir.join(&s.narrative_dir).is_dir() {
        let line = text.lines().position(|l| l.trim_start().starts_with("narrative_dir")).map(|i| i as u64 + 1);
        diag.add(
            Problem::NarrativeDirMissing,
            FILE,
            line,
            None,
            format!(
                "narrative_dir = \"{}\", but the data folder has no such folder: the report has none of the board's own words",
                crate::load::personal::shorten(&s.narrative_dir)
            ),
        );
    }
}

fn line_of(text: &str, offset: usize) -> u64 {
    text[..offset.min(text.len())].bytes().filter(|&b| b == b'\n').count() as u64 + 1
}

pub fn parse(text: &str, diag: &mut Diagnostics) -> Settings {
    let mut s = Settings::default();
    let table: toml::Table = match text.parse() {
        Ok(t) => t,
        Err(e) => {
            let line = e.span().map(|r| line_of(text, r.start));
            diag.add(Problem::SettingsSyntax, FILE, line, None, e.message().to_string());
            return s;
        }
    };
    // Spans are lost once parsed into a Table, so find a key's line by searching for it.
    let key_line = |key: &str| {
        text.lines()
            .position(|l| {
                l.trim_start().starts_with(key)
                    && l[l.find(key).unwrap_or(0) + key.len()..].trim_start().starts_with('=')
            })
            .map(|i| i as u64 + 1)
    };
    // Problems are gathered first and reported after the loop, in the file's order.
    let mut bad_values: Vec<(String, String)> = Vec::new();
    let mut unknown: Vec<(String, String)> = Vec::new();
    let mut thresholds: Vec<String> = Vec::new();
    let mut priorities: Vec<String> = Vec::new();
    let mut bad = |key: &str, why: String| bad_values.push((key.to_string(), format!("`{key}` {why}")));
    for (key, value) in &table {
        match key.as_str() {
            "area_name" => match value.as_str() {
                Some(v) if !v.trim().is_empty() => s.area_name = v.trim().to_string(),
                _ => bad(key, "must be a non-empty text in quotes".into()),
            },
            "lea" => match value.as_str().and_then(crate::load::cells::lea) {
                Some(v) => s.lea = Some(v.to_string()),
                None => bad(key, "must be a 3-digit code in quotes, such as \"999\"".into()),
            },
            "contact" => match value.as_str() {
                Some(v) if !v.trim().is_empty() && v.len() <= 300 => s.contact = Some(v.trim().to_string()),
                _ => bad(key, "must be a non-empty text in quotes of at most 300 characters, such as \"Partnership business unit, team@example.org\"".into()),
            },
            "new_la_code" => match value.as_str() {
                Some(v) if is_new_la_code(v) => s.new_la_code = Some(v.to_string()),
                _ => bad(key, "must be an authority's nine-character ONS code in quotes, such as \"E10000028\" (E06, E08, E09 or E10 and six digits)".into()),
            },
            "region" => match value.as_str() {
                Some(v) => s.region = Some(v.trim().to_string()),
                None => bad(key, "must be a text in quotes".into()),
            },
            "reporting_year" => match value.as_str().map(str::parse::<FinancialYear>) {
                Some(Ok(y)) => s.reporting_year = Some(y),
                Some(Err(e)) => bad(key, format!("is not valid: {e}")),
                None => bad(key, "must be a financial year in quotes, such as \"2017-18\"".into()),
            },
            "edition" => match value.as_str() {
                Some("public") => s.edition = Edition::Public,
                Some("internal") => s.edition = Edition::Internal,
                _ => bad(key, "must be \"public\" or \"internal\"".into()),
            },
            "small_number_threshold" => match value.as_integer() {
                // A threshold of 1 would make every `c` mean 1: nothing would be protected.
                Some(v) if v == 0 || (2..=100).contains(&v) => s.small_number_threshold = v as u32,
                _ => bad(key, "must be 0 (no suppression) or a whole number from 2 to 100".into()),
            },
            "comparators" => match value.as_array() {
                Some(a) if a.iter().all(|v| v.is_str()) => {
                    s.comparators = Some(a.iter().filter_map(|v| v.as_str()).map(|v| v.trim().to_string()).collect());
                }
                _ => bad(key, "must be a list of names in quotes".into()),
            },
            "narrative_dir" => match value.as_str() {
                Some(v) if inside(v) => s.narrative_dir = v.to_string(),
                Some(_) => bad(key, format!("must be a folder inside the data folder {INSIDE}")),
                None => bad(key, "must be a folder name in quotes".into()),
            },
            "templates_dir" => match value.as_str() {
                Some("") => s.templates_dir = None,
                Some(v) if inside(v) => s.templates_dir = Some(v.to_string()),
                Some(_) => bad(
                    key,
                    format!("must be a folder inside the data folder {INSIDE}; give any other with `--templates`"),
                ),
                None => bad(key, "must be a folder name in quotes".into()),
            },
            "confidence" => match value.as_str().map(str::to_string).or_else(|| {
                value.as_float().map(|f| f.to_string()).or_else(|| value.as_integer().map(|i| i.to_string()))
            }) {
                Some(v) if Confidence::parse(&v).is_some() => s.confidence = Confidence::parse(&v).unwrap_or_default(),
                _ => bad(key, "must be 95 or 99.8 (the level of confidence intervals, in per cent)".into()),
            },
            "thresholds" => thresholds = crate::thresholds::apply(value, &mut s.thresholds),
            "priorities" => {
                let (list, problems) = crate::priorities::parse(value);
                s.priorities = list;
                priorities = problems;
            }
            "outline" => match value.as_array() {
                Some(a) if !a.is_empty() && a.iter().all(|v| v.as_str().is_some_and(|t| !t.trim().is_empty())) => {
                    s.outline = Some(a.iter().filter_map(|v| v.as_str()).map(|v| v.trim().to_string()).collect());
                }
                _ => bad(
                    key,
                    "must be a list of section ids in quotes, such as [\"context\", \"governance\", \"contacts\"]"
                        .into(),
                ),
            },
            other => {
                let hint = KEYS
                    .iter()
                    .find(|k| close(k, other))
                    .map(|k| format!(" (did you mean `{k}`?)"))
                    .unwrap_or_default();
                let shown = crate::load::personal::shorten(other);
                unknown.push((other.to_string(), format!("`{shown}` is not a setting and was ignored{hint}")));
            }
        }
    }
    for (key, why) in bad_values {
        diag.add(Problem::SettingsBadValue, FILE, key_line(&key), None, why);
    }
    for (key, why) in unknown {
        diag.add(Problem::SettingsUnknownKey, FILE, key_line(&key), None, why);
    }
    // Priorities are tables too: each problem at the first `[[priorities]]`.
    let first_priority = text.lines().position(|l| l.trim() == "[[priorities]]").map(|i| i as u64 + 1);
    for why in priorities {
        diag.add(Problem::SettingsBadValue, FILE, first_priority, None, why);
    }
    // Levels are tables (`[thresholds.4]`): the problem is placed at its level's heading.
    for why in thresholds {
        let level = why.split('`').nth(1).and_then(|k| k.split('.').nth(1)).unwrap_or("");
        let heading = format!("[thresholds.{level}]");
        let line =
            text.lines().position(|l| l.trim() == heading).map(|i| i as u64 + 1).or_else(|| key_line("thresholds"));
        diag.add(Problem::SettingsBadValue, FILE, line, None, why);
    }
    s
}

/// A typo: same letters give or take one edit.
/// Within two edits: close enough to suggest as the word meant.
pub(crate) fn close(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()] <= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_is_read() {
        let mut d = Diagnostics::new();
        let s = parse(
            r#"area_name = "Northshire"
lea = "999"
region = "West Midlands"
reporting_year = "2017-18"
edition = "internal"
small_number_threshold = 3
comparators = ["England"]
narrative_dir = "words"
templates_dir = ""
confidence = 99.8
outline = ["governance", "contacts"]
[thresholds.4]
outcome = "referral"
"#,
            &mut d,
        );
        assert!(!d.has_errors(), "{}", d.render_text());
        assert_eq!(s.thresholds[3].outcome, "referral");
        assert_eq!(s.outline, Some(vec!["governance".to_string(), "contacts".to_string()]));
        assert_eq!(s.area_name, "Northshire");
        assert_eq!(s.lea.as_deref(), Some("999"));
        assert_eq!(s.reporting_year, Some(FinancialYear::new(2017)));
        assert_eq!(s.edition, Edition::Internal);
        assert_eq!(s.small_number_threshold, 3);
        assert_eq!(s.comparators, Some(vec!["England".to_string()]));
        assert_eq!(s.templates_dir, None);
        assert_eq!(s.confidence, Confidence::P998);
    }

    #[test]
    fn a_mistake_in_a_threshold_is_named_at_its_heading() {
        let mut d = Diagnostics::new();
        let s = parse("area_name = \"N\"\n\n[thresholds.4]\noutcome = \"statutory\"\n", &mut d);
        assert!(d.has_errors());
        let said = d.render_text();
        assert!(said.contains("line 3") && said.contains("thresholds.4.outcome"), "{said}");
        assert_eq!(s.thresholds[3].outcome, "early_help");
    }

    #[test]
    fn confidence_is_95_or_99_8() {
        for (text, level) in [("confidence = 95", Confidence::P95), ("confidence = \"99.8%\"", Confidence::P998)] {
            let mut d = Diagnostics::new();
            assert_eq!(parse(text, &mut d).confidence, level, "{text}");
            assert!(!d.has_errors());
        }
        let mut d = Diagnostics::new();
        assert_eq!(parse("confidence = 90", &mut d).confidence, Confidence::P95);
        assert!(d.render_text().contains("`confidence` must be 95 or 99.8"), "{}", d.render_text());
    }

    #[test]
    fn an_unknown_key_is_a_warning_naming_it_and_its_line() {
        let mut d = Diagnostics::new();
        let s = parse("area_name = \"A\"\nreportng_year = \"2017-18\"\n", &mut d);
        assert!(!d.has_errors());
        let text = d.render_text();
        assert!(text.contains("warning: report.toml, line 2: `reportng_year` is not a setting and was ignored (did you mean `reporting_year`?)"), "{text}");
        // A key of any length is quoted in a line of its own size (the fuzzer's 74 KB key).
        let mut diag = Diagnostics::new();
        parse(&format!("{} = 1\n", "k9".repeat(40_000)), &mut diag);
        let text = diag.render_text();
        assert!(text.len() < 500 && text.contains("is not a setting"), "{} bytes", text.len());
        assert_eq!(s.reporting_year, None);
    }

    #[test]
    fn a_syntax_error_names_its_line() {
        let mut d = Diagnostics::new();
        parse("area_name = \"A\"\nedition = public\n", &mut d);
        assert!(d.has_errors());
        assert!(d.render_text().starts_with("error: report.toml, line 2: "), "{}", d.render_text());
    }

    #[test]
    fn bad_values_are_errors() {
        let mut d = Diagnostics::new();
        parse("reporting_year = \"2017-19\"\nlea = 999\nedition = \"draft\"\nsmall_number_threshold = 1\n", &mut d);
        assert_eq!(d.count(crate::diagnostics::Severity::Error), 4, "{}", d.render_text());
    }
}
