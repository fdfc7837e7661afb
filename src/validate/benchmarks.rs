//! `benchmarks.csv` names indicators by id: an id this version does not know would drop the
//! row without a word, so each is checked against the catalogue.

use crate::diagnostics::{Diagnostics, Problem};
use crate::indicators::topics::{catalogue, is_known};
use crate::load::Table;

/// An id is echoed only when it has an id's shape (lower case, digits, `_` and dots), so that
/// a file of other data put in its place can never bring a value into a message.
fn looks_like_an_id(s: &str) -> bool {
    s.contains('.') && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
}

pub fn check(t: &Table, diag: &mut Diagnostics) {
    let ids: Vec<String> = catalogue().into_iter().map(|i| i.id).collect();
    let effects = [
        ("Indicator", "the row is not used"),
        ("Definition", "the value is shown beside its indicator and not compared"),
    ];
    for (column, effect) in effects {
        // An optional column the file lacks is read as empty cells.
        let Some(values) = t.values(column).strs() else { continue };
        for row in 0..values.len() {
            let Some(id) = values.get(row).map(str::trim).filter(|v| !v.is_empty()) else { continue };
            if is_known(id) {
                continue;
            }
            let detail = if looks_like_an_id(id) {
                let hint = ids.iter().find(|k| crate::settings::close(k, id));
                let hint = hint.map(|k| format!(" (did you mean `{k}`?)")).unwrap_or_default();
                format!("`{id}` is not an indicator of this version's catalogue{hint}; {effect}")
            } else {
                format!("this is not an indicator id of the catalogue; {effect}")
            };
            diag.add(
                Problem::UnknownIndicator,
                t.file_of(row),
                Some(t.lines[row]),
                t.column_ref_at(row, column),
                detail,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_values_shaped_like_ids_are_echoed() {
        assert!(looks_like_an_id("cp.reviews.in_tme.pct"));
        assert!(!looks_like_an_id("A123456789012"));
        assert!(!looks_like_an_id("Jane Smith"));
        assert!(!looks_like_an_id("b12 3cd"));
        assert!(!looks_like_an_id("2009-05-01"));
    }
}
