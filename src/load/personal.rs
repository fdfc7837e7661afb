//! Values that could identify a child, recognised by what they look like, not by the header
//! above them: a swapped pair of columns or a file without its header puts identifiers, UPNs,
//! postcodes and dates of birth under any name.

/// Whether a cell could identify someone, so that no message may quote it: three digits or
/// more (identifiers, UPNs, dates, numbers that may be identifiers), a postcode or a postcode
/// district (`NE12`, which is also the shape of a mistyped code such as `E99`: it goes
/// unquoted too). Names (`Police`) and most codes (`RNE S`, `2A`, `WBRI`) are quoted.
pub fn could_identify(s: &str) -> bool {
    s.chars().filter(char::is_ascii_digit).count() >= 3 || is_postcode(s) || is_district(s)
}

/// Whether a file's name could identify someone, so that no message or output may show it: a
/// run of five digits or more (a child's id, a UPN), a postcode or a date among its words
/// (`Smith_1234567.csv`, `NE12 3AB.csv`, `episodes_2010-01-01.csv`). Years and return names
/// (`SSDA903_Episodes_2018.csv`) are shown.
pub fn name_could_identify(name: &str) -> bool {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let mut run = 0;
    let long_number = stem.chars().any(|c| {
        run = if c.is_ascii_digit() { run + 1 } else { 0 };
        run >= 5
    });
    let words: Vec<&str> = stem.split(|c: char| c == '_' || c == ' ' || c == '-' || c == '.').collect();
    let pair = words.windows(2).any(|w| is_postcode(&format!("{} {}", w[0], w[1])));
    long_number
        || pair
        || words.iter().any(|w| is_postcode(w))
        || super::cells::date(stem).is_ok()
        || stem.split(|c: char| c == '_' || c == ' ').any(|w| super::cells::date(w).is_ok())
}

/// How a file is named in messages and outputs: as it is, unless its name could identify
/// someone.
pub fn shown_file_name(name: &str) -> String {
    if name_could_identify(name) {
        "a file whose name is not shown (it could identify someone)".into()
    } else {
        name.into()
    }
}

/// A postcode's outward code alone (`NE12`, `M1`, `SW1A`).
fn is_district(s: &str) -> bool {
    let b = s.trim().as_bytes();
    let letters = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    let rest = &b[letters..];
    (1..=2).contains(&letters)
        && !rest.is_empty()
        && rest.len() <= 2
        && rest[0].is_ascii_digit()
        && rest[1..].iter().all(u8::is_ascii_alphanumeric)
}

/// A cell quoted for a message: in backticks, or described when it could identify someone.
pub fn quote(s: &str) -> String {
    if could_identify(s) {
        "the value (not shown, as it could identify someone)".to_string()
    } else {
        format!("`{}`", shorten(s))
    }
}

/// Whether a value of free text that the report publishes looks like something personal in
/// the wrong column: a UPN, a postcode, a date, or an identifier (one word, at least three
/// digits, a third of it or more digits: `D00153`, `123456`, `K-00912`). Names with a number
/// in them (`0-19 Healthy Child Programme`, `Team 3`) are not.
pub fn looks_misplaced(s: &str) -> bool {
    let s = s.trim();
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let word = !s.contains(char::is_whitespace);
    is_postcode(s) || super::cells::date(s).is_ok() || (word && digits >= 3 && digits * 3 >= s.chars().count())
}

/// Different values a published text column may hold: each becomes figures of its own (an
/// agency's training places, a course's sessions), and a column of 300,000 names is a mistake
/// that would cost minutes and gigabytes to publish.
pub const MAX_LABELS: usize = 1_000;

/// Reports each published text column of `table` holding values that look misplaced: one
/// error per column, with how many rows and the first line, never the values.
pub(super) fn check_labels(table: &super::table::Table, diag: &mut crate::diagnostics::Diagnostics) {
    use crate::contract::Kind;
    for (col, values) in table.spec.columns.iter().zip(&table.columns) {
        let (Kind::Label, Some(texts)) = (col.kind, values.strs()) else { continue };
        let (dict, cells) = texts.parts();
        if dict.len() > MAX_LABELS {
            let why = format!(
                "{} different values; the report shows each as a figure of its own and takes at most {}, \
                 so check that `{}` holds names as the data contract describes, not free text or identifiers",
                crate::diagnostics::thousands(dict.len() as u64),
                crate::diagnostics::thousands(MAX_LABELS as u64),
                col.name
            );
            diag.add(
                crate::diagnostics::Problem::TooManyLabels,
                table.file_name(),
                None,
                table.column_ref(col.name),
                why,
            );
        }
        let misplaced: Vec<bool> = dict.iter().map(|v| looks_misplaced(v)).collect();
        let rows: Vec<usize> = cells
            .iter()
            .enumerate()
            .filter(|(_, c)| c.is_some_and(|k| misplaced[k as usize]))
            .map(|(i, _)| i)
            .collect();
        let Some(&first) = rows.first() else { continue };
        let why = format!(
            "{} rows, the first on line {}, hold what looks like an identifier, UPN, postcode or date (not shown); \
             `{}` is published in the report, so check that the file's headers are in the right order",
            crate::diagnostics::thousands(rows.len() as u64),
            table.lines[first],
            col.name
        );
        let column = table.column_ref_at(first, col.name);
        diag.add(crate::diagnostics::Problem::PersonalInLabel, table.file_of(first), None, column, why);
    }
}

/// Keeps messages short whatever is in a cell (a 5 MB field stays one line).
pub fn shorten(s: &str) -> String {
    const MAX: usize = 40;
    let one_line: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if one_line.chars().count() <= MAX {
        one_line
    } else {
        let cut: String = one_line.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

/// A full UK postcode (`SW1A 1AA`, `m1 1ae`, `B338TH`), with or without its space.
pub fn is_postcode(s: &str) -> bool {
    let compact: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).map(|b| b.to_ascii_uppercase()).collect();
    if !(5..=7).contains(&compact.len()) || s.trim().split_whitespace().count() > 2 {
        return false;
    }
    let (outward, inward) = compact.split_at(compact.len() - 3);
    let inward_ok = inward[0].is_ascii_digit() && inward[1..].iter().all(u8::is_ascii_alphabetic);
    // Outward code: one or two letters, a digit, then an optional letter or digit.
    let letters = outward.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let rest = &outward[letters..];
    let outward_ok = (1..=2).contains(&letters)
        && !rest.is_empty()
        && rest[0].is_ascii_digit()
        && rest.len() <= 2
        && rest[1..].iter().all(u8::is_ascii_alphanumeric);
    inward_ok && outward_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_that_could_identify_someone_are_recognised() {
        for shown in ["episodes.csv", "SSDA903_Episodes_2018.csv", "header_last.csv", "2017-episodes.csv", "notes.csv"]
        {
            assert!(!name_could_identify(shown), "{shown}");
        }
        for hidden in
            ["Smith_J_1234567.csv", "NE12 3AB.csv", "case_NE12_3AB.csv", "episodes_2010-01-01.csv", "01.02.2010.csv"]
        {
            assert!(name_could_identify(hidden), "{hidden}");
        }
    }

    #[test]
    fn identifiers_upns_postcodes_and_dates_could_identify_and_codes_do_not() {
        for personal in [
            "D00153",
            "A123456789012",
            "123456",
            "2003-05-01",
            "01/06/2017",
            "SW1A 1AA",
            "m1 1ae",
            "B338TH",
            "NE12",
            "E99",
        ] {
            assert!(could_identify(personal), "{personal}");
            assert!(quote(personal).contains("not shown"), "{personal}");
        }
        for code in ["RNE S", "Police", "2A", "WBRI", "CAMHS Tier 3", "REFERRAL"] {
            assert!(!could_identify(code), "{code}");
            assert_eq!(quote(code), format!("`{code}`"));
        }
    }

    #[test]
    fn published_text_that_looks_like_an_identifier_is_told_from_names_with_numbers() {
        for misplaced in ["D00153", "123456", "K-00912", "2003-05-01", "SW1A 1AA", "A123456789012"] {
            assert!(looks_misplaced(misplaced), "{misplaced}");
        }
        for name in ["Police", "0-19 Healthy Child Programme", "Team 3", "Secondary schools", "NHS 111 service", "E11"]
        {
            assert!(!looks_misplaced(name), "{name}");
        }
    }
}
