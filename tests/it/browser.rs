//! The sample report in a real browser: headless Chromium loads it with no console errors and
//! no network requests, axe-core finds no serious or critical accessibility violations, and
//! html-validate finds the HTML valid.
//!
//! Needs Debian's `chromium` and the npm packages of `tests/browser` (`npm ci --prefix
//! tests/browser`); `.ci/run` installs both when missing and sets SAFEGUARD_BROWSER_TESTS=required,
//! so in CI a missing browser fails the test rather than skipping it.

use crate::util::safeguard;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Why the browser check cannot run here, if it cannot.
fn missing() -> Option<String> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        return Some(format!("no Chromium at {chromium} (apt-get install chromium)"));
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("no node on the PATH".into());
    }
    if !root().join("tests/browser/node_modules/playwright-core").is_dir() {
        return Some("the npm packages are not installed (npm ci --prefix tests/browser)".into());
    }
    None
}

fn check(report: &Path, screenshot: &Path) -> std::process::Output {
    Command::new("node")
        .arg(root().join("tests/browser/check-report.mjs"))
        .arg(report)
        .arg(screenshot)
        .output()
        .expect("node runs")
}

#[test]
fn the_sample_report_passes_in_a_real_browser() {
    if let Some(why) = missing() {
        let required = std::env::var("SAFEGUARD_BROWSER_TESTS").is_ok_and(|v| v == "required");
        assert!(!required, "the browser check is required but cannot run: {why}");
        eprintln!("SKIPPED the browser check: {why}");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let artefacts = root().join("test-artefacts");
    std::fs::create_dir_all(&artefacts).unwrap();
    for edition in ["public", "internal"] {
        let dir = out.path().join(edition);
        safeguard(["build", "--quiet", "--edition", edition, "--out", dir.to_str().unwrap()]).expect_code(0);
        let screenshot = artefacts.join(format!("report-first-page-{edition}.png"));
        let _ = std::fs::remove_file(&screenshot);
        let report = match edition {
            "public" => "northshire-2017-18/report.html",
            _ => "northshire-2017-18-internal/report-internal.html",
        };
        let run = check(&dir.join(report), &screenshot);
        let said = format!("{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
        assert!(run.status.success(), "the {edition} report failed in the browser:\n{said}");
        assert!(said.contains("no console errors, no network requests"), "{said}");
        assert!(said.contains("valid HTML"), "{said}");
        let kept = std::fs::metadata(&screenshot).is_ok_and(|m| m.len() > 10_000);
        assert!(kept, "a screenshot of the first page is kept");
    }

    // The check itself can fail: a page with each fault is refused, for each reason.
    let bad = out.path().join("bad.html");
    std::fs::write(
        &bad,
        "<!DOCTYPE html><html><head><title>x</title></head><body><img src=\"http://example.invalid/x.png\">\
         <p style=\"color:#eee\">faint</p><script>console.error('boom')</script></body></html>",
    )
    .unwrap();
    let run = check(&bad, &out.path().join("bad.png"));
    let said = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success());
    for reason in ["request to another resource", "console error: boom", "image-alt", "color-contrast", "html-has-lang"]
    {
        assert!(said.contains(reason), "expected {reason} in:\n{said}");
    }
}
