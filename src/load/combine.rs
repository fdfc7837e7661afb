//! Several years' returns in one folder: each file's collection year (from its XML header,
//! else its name or its folder's, else its dates, in that order), and one table per contract
//! file in which, where two returns hold the same record, the later return's wins (a record
//! open at one year's end is completed in the next year's return), as the DfE and the sector's
//! tools de-duplicate. Two files claiming one year for one authority are an error naming both.

use super::keys::KeyPart;
use super::table::{Table, Values};
use crate::diagnostics::{Diagnostics, Problem};
use crate::period::FinancialYear;
use polars::prelude::PlHashMap;

/// The columns that name one record across years' returns; a table with none keeps every row
/// of every return (each year's outcomes of a child are records of their own).
fn record_key(stem: &str) -> &'static [&'static str] {
    match stem {
        "lac_header" => &["CHILD"],
        "lac_episodes" => &["CHILD", "DECOM"],
        "lac_reviews" => &["CHILD", "REVIEW"],
        "lac_missing" => &["CHILD", "MIS_START"],
        "children" => &["LAchildID"],
        "referrals" => &["LAchildID", "CINreferralDate"],
        "assessments" => &["LAchildID", "AssessmentActualStartDate"],
        "section47" => &["LAchildID", "S47ActualStartDate"],
        "cp_plans" => &["LAchildID", "CPPstartDate"],
        "cp_reviews" => &["LAchildID", "CPPstartDate", "CPPreviewDate"],
        // Elsewhere the file's own unique key (a contact's id) names the record.
        _ => crate::contract::file_spec(stem).unique,
    }
}

/// The column a record's end is in, for the tables whose records a return holds while open.
fn end_column(stem: &str) -> Option<&'static str> {
    match stem {
        "lac_episodes" => Some("DEC"),
        "referrals" => Some("CINclosureDate"),
        "cp_plans" => Some("CPPendDate"),
        _ => None,
    }
}

/// A record a return holds open that a later return of its authority does not hold had ended
/// before that return's year began, on a day no return gives (the year between is missing):
/// for the figures, it ends the day before. Without this, a child who left care in a missing
/// year would be in care at every later 31 March. The table itself keeps the record as given
/// (its checks see what the files say); this is for the frames the figures are computed from.
pub fn close_what_later_returns_drop(t: &mut Table) {
    let Some(end) = end_column(t.spec.stem) else { return };
    let Some(i) = t.spec.columns.iter().position(|c| c.name == end) else { return };
    if t.parts.iter().all(|p| p.covers.is_none()) {
        return;
    }
    let next_return: Vec<Option<FinancialYear>> = (0..t.parts.len())
        .map(|p| {
            let (mine, leas) = (t.parts[p].covers?, &t.parts[p].leas);
            let later = t.parts.iter().filter(|q| q.covers.is_some_and(|y| y > mine));
            later.filter(|q| q.leas.iter().any(|l| leas.contains(l))).filter_map(|q| q.covers).min()
        })
        .collect();
    let part_of_row = t.part_of_rows();
    let Values::Dates(ends) = &mut t.columns[i] else { return };
    for (row, e) in ends.iter_mut().enumerate() {
        if e.is_none()
            && let Some(next) = next_return[part_of_row[row]]
        {
            *e = next.first_day().pred_opt();
        }
    }
}

/// A financial year in a name: `2017-18`, `2017_18` or `201718`; else a collection year
/// alone, `2018`, which the DfE names by the March it ends in (`SSDA903 2018` is 2017-18).
pub(super) fn year_in_name(name: &str) -> Option<FinancialYear> {
    let b = name.as_bytes();
    let digits_at = |i: usize, n: usize| i + n <= b.len() && b[i..i + n].iter().all(u8::is_ascii_digit);
    let alone =
        |i: usize, n: usize| (i == 0 || !b[i - 1].is_ascii_digit()) && (i + n == b.len() || !b[i + n].is_ascii_digit());
    let number = |i: usize, n: usize| name[i..i + n].parse::<i32>().ok();
    let plausible = |y: i32| (2000..2100).contains(&y);
    for i in 0..b.len() {
        if !digits_at(i, 4) || (i > 0 && b[i - 1].is_ascii_digit()) {
            continue;
        }
        let Some(start) = number(i, 4).filter(|y| plausible(*y)) else { continue };
        let sep = usize::from(matches!(b.get(i + 4), Some(b'-' | b'_')));
        if digits_at(i + 4 + sep, 2) && alone(i, 4 + sep + 2) && number(i + 4 + sep, 2) == Some((start + 1) % 100) {
            return Some(FinancialYear::new(start));
        }
    }
    (0..b.len())
        .find(|&i| digits_at(i, 4) && alone(i, 4))
        .and_then(|i| number(i, 4))
        .filter(|y| plausible(*y))
        .map(|y| FinancialYear::new(y - 1))
}

/// The year of the latest date (not a date of birth) in rows `rows` of `t`.
fn year_of_dates(t: &Table, rows: std::ops::Range<usize>) -> Option<FinancialYear> {
    let latest = t
        .spec
        .columns
        .iter()
        .zip(&t.columns)
        .filter(|(c, _)| c.kind == crate::contract::Kind::Date)
        .filter_map(|(_, v)| v.dates())
        .flat_map(|d| d[rows.clone()].iter().flatten().copied())
        .max()?;
    Some(FinancialYear::containing(latest))
}

/// A file's collection year and how it was told.
fn year_of(t: &Table, part: usize) -> Option<(FinancialYear, &'static str)> {
    let p = &t.parts[part];
    if let Some(y) = p.year {
        return Some((y, "its header"));
    }
    let (folder, name) = p.file_name.rsplit_once('/').map_or(("", p.file_name.as_str()), |(f, n)| (f, n));
    if let Some(y) = year_in_name(name) {
        return Some((y, "its name"));
    }
    if let Some(y) = year_in_name(folder) {
        return Some((y, "its folder's name"));
    }
    year_of_dates(t, t.rows_of(part)).map(|y| (y, "its dates"))
}

/// One table per contract file: several files of one (several years' returns) made one.
pub(super) fn combine(tables: Vec<Table>, diag: &mut Diagnostics) -> Vec<Table> {
    let mut clashes = Vec::new();
    let mut by_stem: Vec<(&'static str, Vec<Table>)> = Vec::new();
    for t in tables {
        match by_stem.iter_mut().find(|(s, _)| *s == t.spec.stem) {
            Some((_, v)) => v.push(t),
            None => by_stem.push((t.spec.stem, vec![t])),
        }
    }
    by_stem.into_iter().filter_map(|(_, files)| combine_files(files, &mut clashes, diag)).collect()
}

fn combine_files(files: Vec<Table>, clashes: &mut Vec<(String, String)>, diag: &mut Diagnostics) -> Option<Table> {
    if files.len() < 2 {
        // One return that says its year (a census's header) covers that year.
        let mut t = files.into_iter().next()?;
        if let Some(y) = t.parts[0].year {
            covers(&mut t, y);
        }
        return Some(t);
    }
    // Oldest return first, so each later one's records win.
    let mut dated: Vec<Dated> = files.into_iter().map(|t| (year_of(&t, 0), t)).collect();
    dated.sort_by(|a, b| (a.0.map(|y| y.0), a.1.file_name()).cmp(&(b.0.map(|y| y.0), b.1.file_name())));
    // Without a year, which return is the later cannot be told.
    let undated: Vec<&str> = dated.iter().filter(|(y, _)| y.is_none()).map(|(_, t)| t.file_name()).collect();
    if !undated.is_empty() {
        let all: Vec<&str> = dated.iter().map(|(_, t)| t.file_name()).collect();
        let why = format!(
            "found {} for {}, and cannot tell which year's return {} (no year in its name or its folder's, and no dates): name each by its year (2017-18/{}) or keep one",
            all.join(" and "),
            dated[0].1.spec.file_name(),
            if undated.len() == 1 { format!("{} is", undated[0]) } else { format!("{} are", undated.join(" and ")) },
            dated[0].1.spec.file_name(),
        );
        diag.add(Problem::DuplicateFile, &dated[0].1.spec.file_name(), None, None, why);
    }
    same_year_clashes(&dated, clashes, diag);
    let mut combined: Option<Table> = None;
    for (year, mut t) in dated {
        if let Some((y, how)) = year {
            covers(&mut t, y);
            let part = &mut t.parts[0];
            let said = format!("collection year {y} (from {how})");
            part.source = Some(match part.source.take() {
                Some(s) if part.year.is_some() => s,
                Some(s) => format!("{s}, {said}"),
                None => said,
            });
        }
        match &mut combined {
            None => combined = Some(t),
            Some(c) => c.append(t),
        }
    }
    let mut t = combined?;
    years_left_out(&t, diag);
    supersede(&mut t);
    Some(t)
}

/// Marks a table of one file as the return of `year` for the authorities its rows name.
fn covers(t: &mut Table, year: FinancialYear) {
    t.parts[0].covers = Some(year);
    t.parts[0].leas = distinct(&t.lea);
}

/// The authorities of a table's rows, sorted, each once.
fn distinct(leas: &[u16]) -> Vec<u16> {
    let mut seen = [false; 1 << 16];
    leas.iter().for_each(|&l| seen[l as usize] = true);
    (0..=u16::MAX).filter(|&l| seen[l as usize]).collect()
}

/// Two returns of one year holding rows of the same authority: which is meant? Said once per
/// pair of files, though a census clashes in each of its tables.
type Dated = (Option<(FinancialYear, &'static str)>, Table);
fn same_year_clashes(dated: &[Dated], said: &mut Vec<(String, String)>, diag: &mut Diagnostics) {
    let leas: Vec<Vec<u16>> = dated.iter().map(|(_, t)| distinct(&t.lea)).collect();
    for (i, (year, a)) in dated.iter().enumerate() {
        let Some((y, _)) = year else { continue };
        for (j, (other, b)) in dated.iter().enumerate().skip(i + 1) {
            if other.map(|o| o.0) != Some(*y) || !leas[i].iter().any(|l| leas[j].binary_search(l).is_ok()) {
                continue;
            }
            let (x, z) = (a.file_name(), b.file_name());
            if said.iter().any(|(p, q)| p == x && q == z) {
                continue;
            }
            said.push((x.to_string(), z.to_string()));
            let why =
                format!("{x} and {z} both hold the {y} return of one authority ({}): keep one", a.spec.file_name());
            diag.add(Problem::DuplicateFile, z, None, None, why);
        }
    }
}

/// Warns of each year between an authority's first and last returns that none is of.
fn years_left_out(t: &Table, diag: &mut Diagnostics) {
    let mut leas: Vec<u16> = t.parts.iter().flat_map(|p| p.leas.iter().copied()).collect();
    leas.sort_unstable();
    leas.dedup();
    for lea in leas {
        let years: Vec<FinancialYear> =
            t.parts.iter().filter(|p| p.leas.contains(&lea)).filter_map(|p| p.covers).collect();
        let (Some(&first), Some(&last)) = (years.iter().min(), years.iter().max()) else { continue };
        let mut y = first.next();
        while y < last {
            if !years.contains(&y) {
                let why = format!(
                    "the folder holds {} returns for {first} to {last} but none for {y}: {y}'s flows are not available, and the DfE's rules on a child's records in turn are not checked across it",
                    t.spec.file_name()
                );
                diag.add(Problem::ReturnYearMissing, t.file_name(), None, None, why);
            }
            y = y.next();
        }
    }
}

/// Drops each row a later file holds again (by the table's record key), counting them.
fn supersede(t: &mut Table) {
    let key_columns = record_key(t.spec.stem);
    if key_columns.is_empty() {
        return;
    }
    let part_of_row = t.part_of_rows();
    let columns: Vec<&Values> = key_columns.iter().map(|c| t.values(c)).collect();
    let keys: Vec<Option<(u16, [KeyPart; 3])>> = (0..t.rows()).map(|row| key(t, &columns, row)).collect();
    let mut latest: PlHashMap<&(u16, [KeyPart; 3]), usize> = PlHashMap::default();
    for (row, k) in keys.iter().enumerate() {
        if let Some(k) = k {
            latest.insert(k, part_of_row[row]);
        }
    }
    let keep: Vec<bool> =
        keys.iter().enumerate().map(|(row, k)| k.as_ref().is_none_or(|k| latest[k] == part_of_row[row])).collect();
    let mut dropped = vec![0usize; t.parts.len()];
    for (row, k) in keep.iter().enumerate() {
        if !k {
            dropped[part_of_row[row]] += 1;
        }
    }
    for (p, n) in t.parts.iter_mut().zip(dropped) {
        p.superseded = n;
    }
    t.retain_rows(&keep);
}

/// A row's record key; `None` when a part of it is empty (such a row is kept).
fn key(t: &Table, columns: &[&Values], row: usize) -> Option<(u16, [KeyPart; 3])> {
    let mut parts = [KeyPart::Absent, KeyPart::Absent, KeyPart::Absent];
    for (slot, values) in parts.iter_mut().zip(columns) {
        *slot = match values {
            Values::Ids(v) => KeyPart::Id(v[row]?),
            Values::Dates(v) => KeyPart::Date(v[row]?),
            _ => return None,
        };
    }
    Some((t.lea[row], parts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_in_a_name_is_read_as_the_dfe_names_collections() {
        let y = |s: &str| year_in_name(s).map(|y| y.to_string());
        assert_eq!(y("2017-18").as_deref(), Some("2017-18"));
        assert_eq!(y("episodes_2017_18.csv").as_deref(), Some("2017-18"));
        assert_eq!(y("cin201718.xml").as_deref(), Some("2017-18"));
        // A collection is named by the March it ends in.
        assert_eq!(y("SSDA903_Episodes_2018.csv").as_deref(), Some("2017-18"));
        assert_eq!(y("2021-episodes.csv").as_deref(), Some("2020-21"));
        assert_eq!(y("episodes.csv"), None);
        assert_eq!(y("extract_12345678.csv"), None);
    }
}
