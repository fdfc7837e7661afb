//! The contract's own consistency.

use super::*;

#[test]
fn every_check_and_key_names_a_declared_column() {
    for f in FILES {
        for k in f.unique {
            assert!(f.column(k).is_some(), "{}: unique key {k}", f.stem);
        }
        for c in f.checks {
            let names = match *c {
                RowCheck::EndNotBefore { start, end, .. } => [start, end],
                RowCheck::BornBy { birth, date } => [birth, date],
                RowCheck::NotATotal { column } => [column, column],
            };
            for n in names {
                assert!(f.column(n).is_some(), "{}: check names {n}", f.stem);
            }
        }
    }
}

#[test]
fn column_names_are_unique_within_a_file_after_case_folding() {
    for f in FILES {
        let mut seen: Vec<String> = f.columns.iter().map(|c| c.name.to_lowercase()).collect();
        seen.push("lea".into());
        let n = seen.len();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), n, "{}", f.stem);
    }
}

mod key_width {
    #[test]
    fn unique_keys_have_at_most_three_columns() {
        // The loader's uniqueness key holds three parts.
        assert!(super::FILES.iter().all(|f| f.unique.len() <= 3));
    }
}
