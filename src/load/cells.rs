//! Parsing one cell. Each parser returns the value or a plain reason; the caller adds the
//! file, line, column and (unless the column is personal) the cell as written.

use chrono::NaiveDate;

/// A day, month and year in either unambiguous order: year first (`2018-03-31`, `2018/03/31`,
/// `2018.03.31`) or year last (`31/03/2018`, `31.03.2018`, `31-03-2018`), each with an optional
/// trailing time, which is ignored. A two-digit year is refused: its century is a guess.
/// Dates before this are placeholders (1900-01-01, 1901-01-01), not events.
pub const PLACEHOLDER_BEFORE: NaiveDate = NaiveDate::from_ymd_opt(1950, 1, 1).expect("valid date");

pub fn date(raw: &str) -> Result<NaiveDate, String> {
    if let Some(d) = plain_date(raw.as_bytes()) {
        return Ok(d);
    }
    let s = raw.trim();
    let (day_part, time_part) = match s.find([' ', 'T']) {
        Some(i) => (&s[..i], Some(s[i + 1..].trim())),
        None => (s, None),
    };
    // `43101` or `43101.5`: a day count, not a date with separators.
    if !day_part.is_empty()
        && day_part.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && day_part.bytes().filter(|&b| b == b'.').count() <= 1
    {
        return Err(
            "looks like an Excel date serial number: format the column as a date (DD/MM/YYYY) before saving".into()
        );
    }
    let Some(sep) = ['-', '/', '.'].into_iter().find(|&c| day_part.contains(c)) else {
        return Err(expected_formats());
    };
    // Three parts without allocating: this runs for every date cell of every file.
    let three = || -> Option<(&str, &str, &str)> {
        let mut it = day_part.split(sep);
        let parts = (it.next()?, it.next()?, it.next()?);
        it.next().is_none().then_some(parts)
    };
    let Some((a, b, c)) = three() else { return Err(expected_formats()) };
    let year_first = a.len() == 4;
    let (y, m, d) = match (a.len(), c.len()) {
        (4, _) => (a, b, c),
        (_, 4) => (c, b, a),
        (_, 2) => return Err("has a two-digit year: write the year in full (DD/MM/YYYY)".into()),
        _ => return Err(expected_formats()),
    };
    let digits = |p: &str, widths: std::ops::RangeInclusive<usize>| -> Option<u32> {
        (widths.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse().ok()).flatten()
    };
    let (Some(yy), Some(mm), Some(dd)) = (digits(y, 4..=4), digits(m, 1..=2), digits(d, 1..=2)) else {
        return Err(expected_formats());
    };
    if !(1900..=2100).contains(&yy) {
        return Err(format!("has the year {yy}, which is outside 1900–2100"));
    }
    if !year_first && mm > 12 && dd <= 12 {
        return Err(
            "is not a UK date (month above 12): it looks like a US month/day/year date; write DD/MM/YYYY".into()
        );
    }
    if mm == 0 || mm > 12 {
        return Err(format!("has month {mm}, which does not exist"));
    }
    let date = NaiveDate::from_ymd_opt(yy as i32, mm, dd)
        .ok_or_else(|| format!("has day {dd}, which month {mm} of {yy} does not have"))?;
    if let Some(t) = time_part
        && !(t.is_empty() || looks_like_time(t))
    {
        return Err("has text after the date that is not a time".into());
    }
    Ok(date)
}

/// The fast path for nearly every cell: exactly `YYYY-MM-DD` or `DD/MM/YYYY` and a real date.
/// Anything else, including every mistake, goes through the full parser and its messages.
fn plain_date(b: &[u8]) -> Option<NaiveDate> {
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    if b.len() != 10 {
        return None;
    }
    let (y, m, d) = match (b[2], b[4], b[5], b[7]) {
        (_, b'-', _, b'-') => (digits(0..4)?, digits(5..7)?, digits(8..10)?),
        (b'/', _, b'/', _) => (digits(6..10)?, digits(3..5)?, digits(0..2)?),
        _ => return None,
    };
    if !(1900..=2100).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

fn looks_like_time(t: &str) -> bool {
    t.contains(':')
        && t.bytes().all(|b| b.is_ascii_digit() || b":.+-Z ".contains(&b) || b == b'A' || b == b'P' || b == b'M')
}

fn expected_formats() -> String {
    "is not a date in DD/MM/YYYY or YYYY-MM-DD form (`.` or `/` also separate the parts)".into()
}

pub fn boolean(raw: &str) -> Result<bool, String> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "y" | "yes" => Ok(true),
        "false" | "0" | "n" | "no" => Ok(false),
        _ => Err("is not true/false, 1/0, Y/N or Yes/No".into()),
    }
}

/// Removes thousands separators when they are well placed (`56,748`, not `5,67`).
fn strip_thousands(s: &str) -> Option<String> {
    if !s.contains(',') {
        return Some(s.to_string());
    }
    let (sign, body) = match s.strip_prefix('-') {
        Some(b) => ("-", b),
        None => ("", s),
    };
    let (int_part, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let groups: Vec<&str> = int_part.split(',').collect();
    let well_placed = (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
    if !well_placed {
        return None;
    }
    let mut out = format!("{sign}{}", groups.concat());
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    Some(out)
}

#[derive(Debug, PartialEq)]
pub enum NumberError {
    NotANumber,
    NotWhole,
}

pub fn integer(raw: &str) -> Result<i64, NumberError> {
    let s = strip_thousands(raw.trim()).ok_or(NumberError::NotANumber)?;
    if let Ok(v) = s.parse::<i64>() {
        return Ok(v);
    }
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() => Err(NumberError::NotWhole),
        _ => Err(NumberError::NotANumber),
    }
}

pub fn decimal(raw: &str) -> Result<f64, NumberError> {
    let s = strip_thousands(raw.trim()).ok_or(NumberError::NotANumber)?;
    // Rust accepts "inf" and "NaN": a statistic never is.
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && s.bytes().any(|b| b.is_ascii_digit()) => Ok(v),
        _ => Err(NumberError::NotANumber),
    }
}

/// Codes match ignoring case and surrounding spaces. Borrowed when already in canonical form,
/// as nearly every cell is.
pub fn code(raw: &str) -> std::borrow::Cow<'_, str> {
    let t = raw.trim();
    if t.bytes().any(|b| b.is_ascii_lowercase()) {
        std::borrow::Cow::Owned(t.to_ascii_uppercase())
    } else {
        std::borrow::Cow::Borrowed(t)
    }
}

/// M/F/U, the words, or the CIN census's `GenderCurrent` coding 1 male, 2 female, 0 not known,
/// 9 not specified.
pub fn sex(raw: &str) -> Option<&'static str> {
    match &*code(raw) {
        "M" | "MALE" | "1" => Some("M"),
        "F" | "FEMALE" | "2" => Some("F"),
        "U" | "UNKNOWN" | "NOT KNOWN" | "0" | "9" => Some("U"),
        _ => None,
    }
}

/// The whole part of `12.0` or `-3.00`: a whole number a program wrote as a decimal.
pub fn whole_written_as_decimal(raw: &str) -> Option<&str> {
    let (whole, fraction) = raw.split_once('.')?;
    let digits = whole.strip_prefix('-').unwrap_or(whole);
    let ok = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !fraction.is_empty()
        && fraction.bytes().all(|b| b == b'0');
    ok.then_some(whole)
}

/// Codes separated by `;`, `,` or whitespace.
pub fn multi(raw: &str) -> Vec<String> {
    raw.split(|c: char| c == ';' || c == ',' || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .map(|c| code(c).into_owned())
        .collect()
}

pub fn lea(raw: &str) -> Option<&str> {
    let s = raw.trim();
    (s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit())).then_some(s)
}

/// A month period `2017-04`.
pub fn month(raw: &str) -> Option<(i32, u32)> {
    let (y, m) = raw.trim().split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    let (y, m): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
    ((1..=12).contains(&m) && (1900..=2200).contains(&y)).then_some((y, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn both_date_forms_and_trailing_times() {
        assert_eq!(date("2018-03-31"), Ok(d(2018, 3, 31)));
        assert_eq!(date("31/03/2018"), Ok(d(2018, 3, 31)));
        assert_eq!(date(" 1/4/2017 "), Ok(d(2017, 4, 1)));
        assert_eq!(date("2017-05-01 10:00:00"), Ok(d(2017, 5, 1)));
        assert_eq!(date("01/05/2017 00:00"), Ok(d(2017, 5, 1)));
        assert_eq!(date("2017-05-01T10:00:00Z"), Ok(d(2017, 5, 1)));
    }

    #[test]
    fn dots_and_slashes_in_either_unambiguous_order() {
        // The forms real extracts carry: German-style dots from some case systems, and
        // year-first slashes from others. Both were refused (as an Excel serial, a two-digit year).
        assert_eq!(date("31.03.2018"), Ok(d(2018, 3, 31)));
        assert_eq!(date("1.4.2017"), Ok(d(2017, 4, 1)));
        assert_eq!(date("2018/03/31"), Ok(d(2018, 3, 31)));
        assert_eq!(date("2018.03.31"), Ok(d(2018, 3, 31)));
        assert_eq!(date("31-03-2018"), Ok(d(2018, 3, 31)));
        assert_eq!(date("2018/03/31 09:15:00"), Ok(d(2018, 3, 31)));
        // Year first is never read as a US date: 2018/12/31 is 31 December.
        assert_eq!(date("2018/12/31"), Ok(d(2018, 12, 31)));
        assert!(date("12.31.2017").unwrap_err().contains("US month/day/year"));
        assert!(date("31.12.17").unwrap_err().contains("two-digit year"));
        assert!(date("2018/3").is_err());
        assert!(date("2018/03-31").is_err());
        assert!(date("+1/03/2018").is_err());
        assert!(date("43101.5").unwrap_err().contains("Excel"));
    }

    #[test]
    fn leap_days_exist_only_in_leap_years() {
        assert_eq!(date("29/02/2016"), Ok(d(2016, 2, 29)));
        assert!(date("29/02/2017").unwrap_err().contains("day 29"));
        assert!(date("2100-02-29").is_err()); // 2100 is not a leap year
    }

    #[test]
    fn impossible_and_ambiguous_dates_are_refused_with_a_reason() {
        assert!(date("2017-13-01").unwrap_err().contains("month 13"));
        assert!(date("12/31/2017").unwrap_err().contains("US month/day/year"));
        assert!(date("31/12/17").unwrap_err().contains("two-digit year"));
        assert!(date("43101").unwrap_err().contains("Excel"));
        assert!(date("1 May 2017").is_err());
        assert!(date("2017-05-01 later").unwrap_err().contains("not a time"));
        assert!(date("0000-01-01").is_err());
        assert!(date("2017-5").is_err());
        assert!(date("").is_err());
    }

    #[test]
    fn booleans_in_every_spelling_the_contract_allows() {
        for t in ["true", "TRUE", "1", "Y", "yes", " Yes "] {
            assert_eq!(boolean(t), Ok(true), "{t}");
        }
        for f in ["false", "FALSE", "0", "N", "no", "No"] {
            assert_eq!(boolean(f), Ok(false), "{f}");
        }
        assert!(boolean("maybe").is_err());
    }

    #[test]
    fn integers_take_thousands_separators_but_not_decimals() {
        assert_eq!(integer("56,748"), Ok(56748));
        assert_eq!(integer("1,234,567"), Ok(1234567));
        assert_eq!(integer(" 12 "), Ok(12));
        assert_eq!(integer("5,67"), Err(NumberError::NotANumber));
        assert_eq!(integer("2.5"), Err(NumberError::NotWhole));
        assert_eq!(integer("5.0"), Err(NumberError::NotWhole));
        assert_eq!(integer("ten"), Err(NumberError::NotANumber));
        assert_eq!(decimal("43.3"), Ok(43.3));
        assert_eq!(decimal("1,234.5"), Ok(1234.5));
        assert_eq!(decimal("NaN"), Err(NumberError::NotANumber));
        assert_eq!(decimal("inf"), Err(NumberError::NotANumber));
    }

    #[test]
    fn codes_sex_and_multi_valued_cells() {
        assert_eq!(code(" neg "), "NEG");
        assert_eq!(sex("2"), Some("F"));
        assert_eq!(sex("9"), Some("U"));
        assert_eq!(sex("x"), None);
        assert_eq!(sex("Male"), Some("M"));
        assert_eq!(sex(" female "), Some("F"));
        assert_eq!(whole_written_as_decimal("1.0"), Some("1"));
        assert_eq!(whole_written_as_decimal("-12.00"), Some("-12"));
        assert_eq!(whole_written_as_decimal("1.5"), None);
        assert_eq!(whole_written_as_decimal(".0"), None);
        assert_eq!(whole_written_as_decimal("1."), None);
        assert_eq!(whole_written_as_decimal("E1.0"), None);
        assert_eq!(multi("3b; 4B,16a  21"), vec!["3B", "4B", "16A", "21"]);
        assert_eq!(lea("999"), Some("999"));
        assert_eq!(lea("99"), None);
        assert_eq!(month("2017-04"), Some((2017, 4)));
        assert_eq!(month("2017-13"), None);
    }
}
