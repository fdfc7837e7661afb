//! Inputs that once crashed or hung a command: each now ends with a clear status.

use crate::util::{safeguard, sample_copy};

#[test]
fn a_measure_named_with_more_characters_than_a_format_width_does_not_crash_figures() {
    // `figures` panicked (exit 101) on a name of 65,536 characters or more, which `validate`
    // and `build` accepted.
    let data = sample_copy();
    let path = data.path().join("measures.csv");
    let mut measures = std::fs::read_to_string(&path).unwrap();
    measures.push_str(&format!("LADO,{},2017-18,12,count,\n", "A".repeat(70_000)));
    std::fs::write(&path, measures).unwrap();
    let dir = data.path().to_str().unwrap();
    let run = safeguard(["figures", "--data", dir]);
    run.expect_code(0);
    assert!(run.all().contains(&"a".repeat(70_000)), "the figure is listed under its whole id");
}
