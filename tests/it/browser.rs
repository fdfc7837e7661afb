//! The sample report in a real browser: headless Chromium loads it with no console errors and
//! no network requests, axe-core finds no serious or critical accessibility violations, and
//! html-validate finds the HTML valid; on a phone's width no chart text is under 12 pixels; and
//! `build --pdf` prints it with a contents page, numbered pages, every table and whole charts.
//!
//! Needs Debian's `chromium` and the npm packages of `tests/browser` (`npm ci --prefix
//! tests/browser`); `.ci/run` installs both when missing and sets SAFEGUARD_BROWSER_TESTS=required,
//! so in CI a missing browser fails the test rather than skipping it.

use crate::util::{safeguard, safeguard_with};
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
    if ["playwright-core", "pdfjs-dist"].iter().any(|p| !root().join("tests/browser/node_modules").join(p).is_dir()) {
        return Some("the npm packages are not installed (npm ci --prefix tests/browser)".into());
    }
    None
}

fn check_pdf(report: &Path, pdf: &Path) -> std::process::Output {
    Command::new("node")
        .arg(root().join("tests/browser/check-pdf.mjs"))
        .arg(report)
        .arg(pdf)
        .output()
        .expect("node runs")
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
        safeguard(["build", "--quiet", "--pdf", "--edition", edition, "--out", dir.to_str().unwrap()]).expect_code(0);
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
        assert!(said.contains("at 390 px:") && said.contains("at 320 px:"), "the phone widths were measured: {said}");
        let kept = std::fs::metadata(&screenshot).is_ok_and(|m| m.len() > 10_000);
        assert!(kept, "a screenshot of the first page is kept");

        let pdf = dir.join(report).with_extension("pdf");
        let run = check_pdf(&dir.join(report), &pdf);
        let said = format!("{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
        assert!(run.status.success(), "the {edition} report's PDF failed:\n{said}");
        let manifest = std::fs::read_to_string(pdf.with_file_name("manifest.json")).unwrap();
        assert!(manifest.contains(&format!("\"{}\"", pdf.file_name().unwrap().to_str().unwrap())), "{manifest}");
    }

    // The PDF is the same file from the same inputs, whenever it is printed.
    let again = out.path().join("again");
    safeguard(["build", "--quiet", "--pdf", "--out", again.to_str().unwrap()]).expect_code(0);
    let first = std::fs::read(out.path().join("public/northshire-2017-18/report.pdf")).unwrap();
    let second = std::fs::read(again.join("northshire-2017-18/report.pdf")).unwrap();
    assert!(first == second, "two prints of one report differ");

    // The check itself can fail: a page with each fault is refused, for each reason.
    let bad = out.path().join("bad.html");
    std::fs::write(
        &bad,
        "<!DOCTYPE html><html><head><title>x</title></head><body><img src=\"http://example.invalid/x.png\">\
         <p style=\"color:#eee\">faint</p><script>console.error('boom')</script>\
         <svg class=\"chart\" viewBox=\"0 0 760 100\" style=\"width:100%\"><text x=\"0\" y=\"50\" font-size=\"11\">tiny</text></svg>\
         <div style=\"width:900px\">wide</div></body></html>",
    )
    .unwrap();
    let run = check(&bad, &out.path().join("bad.png"));
    let said = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success());
    for reason in [
        "request to another resource",
        "console error: boom",
        "image-alt",
        "color-contrast",
        "html-has-lang",
        "at 390 px chart text is",
        "the page is 9",
    ] {
        assert!(said.contains(reason), "expected {reason} in:\n{said}");
    }
}

/// A PDF without its contents page, page numbers, data tables or whole charts is refused: the
/// report printed with the print styles it had before issue 14.
#[test]
fn a_pdf_without_contents_numbers_tables_or_whole_charts_is_refused() {
    if let Some(why) = missing() {
        let required = std::env::var("SAFEGUARD_BROWSER_TESTS").is_ok_and(|v| v == "required");
        assert!(!required, "the browser check is required but cannot run: {why}");
        eprintln!("SKIPPED the PDF check: {why}");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let plain = out.path().join("plain");
    std::fs::create_dir_all(&plain).unwrap();
    std::fs::write(plain.join("print.css"), BEFORE_ISSUE_14).unwrap();
    let dir = out.path().join("built");
    let templates = plain.to_str().unwrap();
    safeguard(["build", "--quiet", "--pdf", "--templates", templates, "--out", dir.to_str().unwrap()]).expect_code(0);
    let report = dir.join("northshire-2017-18/report.html");
    let run = check_pdf(&report, &report.with_extension("pdf"));
    let said = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success(), "{said}");
    for reason in ["no contents page", "is not numbered", "is not printed", "is not whole on one page"] {
        assert!(said.contains(reason), "expected {reason} in:\n{said}");
    }
}

/// print.css as it was before issue 14: the contents hidden, no page numbers, the charts' data
/// folded away, and charts kept whole only when they fit a page.
const BEFORE_ISSUE_14: &str = r#"/* Print on A4: no navigation aids, charts and tables kept whole, the internal edition's pages are
   marked from report.html.j2 (a page-margin box). */
@page { size: A4; margin: 18mm 16mm 20mm; }
@media print {
  html { font-size: 10.5pt; }
  body { max-width: none; padding: 0; }
  .skip-link, .contents, details.chart-data summary { display: none; }
  h2 { break-before: page; border-top: none; }
  #summary h2 { break-before: auto; }
  h2, h3, figcaption, caption { break-after: avoid; }
  figure.chart-figure, table, tr, .key-messages li { break-inside: avoid; }
  svg.chart { max-width: 100%; }
  a { color: var(--ink); text-decoration: none; }
  .edition-banner { margin: 0; padding: 2mm; }
  .cover { padding-top: 20mm; }
}
"#;

/// `--pdf` with no Chromium to print with says so and builds nothing.
#[test]
fn pdf_without_a_chromium_says_so_and_writes_nothing() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("reports");
    let run = safeguard_with(
        ["build", "--quiet", "--pdf", "--out", dir.to_str().unwrap()],
        &[("CHROMIUM", "/no/such/chromium")],
    );
    run.expect_code(2).expect("/no/such/chromium");
    assert!(!dir.exists(), "nothing is written");
    let run = safeguard_with(["build", "--quiet", "--pdf", "--out", dir.to_str().unwrap()], &[("PATH", "/nowhere")]);
    run.expect_code(2).expect("none was found").expect("apt-get install chromium");
    assert!(!dir.exists(), "nothing is written");
}
