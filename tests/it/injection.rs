//! The report runs no script and fetches nothing, whatever the board's words or a template
//! override hold: each payload the review used, through the real binary.

use crate::util::{safeguard, sample_copy};
use std::path::Path;

fn build(data: &Path, extra: &[&str]) -> (tempfile::TempDir, String) {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec!["build", "--quiet", "--data", data.to_str().unwrap(), "--out", out.path().to_str().unwrap()];
    args.extend_from_slice(extra);
    safeguard(&args).expect_code(0);
    let html = std::fs::read_to_string(out.path().join("northshire-2017-18/report.html")).unwrap();
    (out, html)
}

const POLICY: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';";

#[test]
fn the_boards_links_cannot_run_script_and_figures_stay_out_of_attributes() {
    let data = sample_copy();
    std::fs::write(
        data.path().join("narrative/foreword.md"),
        "Read [our plan](javascript:alert(document.cookie)) and [this](data:text/html;base64,PHNjcmlwdD4=), \
         [the old site](http://example.org/old), [VBS](vbscript:msgbox), \
         [the plan](https://example.org/plan \"{{ value('contacts.total') }}\") and \
         [us](mailto:board@example.org).\n",
    )
    .unwrap();
    let (_out, html) = build(data.path(), &[]);
    for scheme in ["javascript:", "data:", "http:", "vbscript:"] {
        assert!(!html.contains(&format!("href=\"{scheme}")), "{scheme} is a live link");
    }
    // The addresses refused are shown as text; those kept are shown after the link's words.
    assert!(html.contains("our plan (javascript:alert(document.cookie))"));
    assert!(html.contains("<a href=\"https://example.org/plan\">the plan</a> (https://example.org/plan)"));
    assert!(html.contains("<a href=\"mailto:board@example.org\">us</a>"));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains(POLICY));
}

#[test]
fn a_template_override_cannot_leave_out_the_policy() {
    let templates = tempfile::tempdir().unwrap();
    std::fs::write(
        templates.path().join("report.html.j2"),
        "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><title>{{ report.area }}</title>\
         <script src=\"https://example.org/track.js\"></script></head><body><h1>{{ report.area }}</h1></body></html>\n",
    )
    .unwrap();
    let (_out, html) = build(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/sample"),
        &["--templates", templates.path().to_str().unwrap()],
    );
    let policy = html.find(POLICY).expect("the policy is in the head");
    assert!(policy < html.find("<script").unwrap(), "before anything it governs: {html}");
}
