//! Figures outside the range any authority in England has published: a warning in `validate`,
//! a "check the data" note in the internal edition, and never called better or worse.

use crate::util::{safeguard, sample_copy};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// The sample with every 2017-18 re-referral (a child's referral within 12 months of their
/// previous one) taken out: 2017-18's re-referral rate becomes 0.0%, below every authority's
/// published 2.7%, while 2016-17 keeps its ordinary rate, so the fall would have read as "an
/// improvement".
fn without_rereferrals_in_2017_18() -> tempfile::TempDir {
    let data = sample_copy();
    let path = data.path().join("referrals.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap().to_string();
    let rows: Vec<&str> = lines.collect();
    let date = |row: &str| NaiveDate::parse_from_str(row.split(',').nth(1).unwrap(), "%Y-%m-%d").unwrap();
    let mut by_child: BTreeMap<&str, Vec<NaiveDate>> = BTreeMap::new();
    for row in &rows {
        by_child.entry(row.split(',').next().unwrap()).or_default().push(date(row));
    }
    let (from, to) = (NaiveDate::from_ymd_opt(2017, 4, 1).unwrap(), NaiveDate::from_ymd_opt(2018, 3, 31).unwrap());
    let kept: Vec<&str> = rows
        .iter()
        .copied()
        .filter(|row| {
            let (child, d) = (row.split(',').next().unwrap(), date(row));
            let again =
                by_child[child].iter().any(|e| *e < d && d <= e.checked_add_months(chrono::Months::new(12)).unwrap());
            !(again && (from..=to).contains(&d))
        })
        .collect();
    assert!(kept.len() + 1000 < rows.len(), "the sample has re-referrals in 2017-18 to take out");
    std::fs::write(&path, format!("{header}\n{}\n", kept.join("\n"))).unwrap();
    data
}

#[test]
fn a_figure_no_authority_has_published_is_a_warning_and_never_praised() {
    let data = without_rereferrals_in_2017_18();
    let dir = data.path().to_str().unwrap();
    safeguard(["validate", "--data", dir]).expect_code(0).expect(
        "warning: referrals.csv: referrals.rereferral_12m.pct is 0.0 in 2017-18, outside 2.7 to 67.6, the range of every authority's published figures (DfE, Characteristics of children in need",
    ).expect_not("referrals.rereferral_12m.pct is 0.0 in 2016-17");
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap();
    safeguard(["build", "--quiet", "--edition", "internal", "--data", dir, "--out", o]).expect_code(0);
    let html = std::fs::read_to_string(out.path().join("northshire-2017-18-internal/report-internal.html")).unwrap();
    assert!(html.contains("Figures to check before publishing"), "no note in the internal edition");
    assert!(html.contains("<code>referrals.rereferral_12m.pct</code>"), "the note does not name the figure");
    // The sentence on re-referrals states the fall without judging it.
    let sentences = html.replace("</li>", "</p>");
    let sentence = sentences
        .split("</p>")
        .find(|p| p.contains("data-figure=\"referrals.rereferral_12m.pct\"") && p.contains("decrease"))
        .expect("a sentence on the re-referral rate");
    assert!(!sentence.contains("improvement"), "an implausible fall is praised: {sentence}");
    // The public edition does not carry the internal note.
    let public = tempfile::tempdir().unwrap();
    safeguard(["build", "--quiet", "--data", dir, "--out", public.path().to_str().unwrap()]).expect_code(0);
    let html = std::fs::read_to_string(public.path().join("northshire-2017-18/report.html")).unwrap();
    assert!(!html.contains("Figures to check before publishing"));
}
