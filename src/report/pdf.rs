//! `report.pdf`: the finished report printed by a headless Chromium, through the report's own
//! print styles (print.css: A4, a contents page, numbered pages, data tables under charts).
//! No PDF library of ours: the browser that lays out the HTML is the one that paginates it.
//!
//! Chromium stamps the time of printing into the PDF; the stamp is replaced by the last day
//! of the reporting year, so the same inputs give a byte-identical file like every other output.

use crate::period::FinancialYear;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The names a Chromium goes by on the PATH, Debian's first.
const NAMES: [&str; 4] = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/// How long a print may take before it is given up.
const PATIENCE: Duration = Duration::from_secs(180);

/// The Chromium to print with: `$CHROMIUM`, or the first of `NAMES` on the PATH.
pub fn find_chromium() -> Result<PathBuf, String> {
    if let Some(given) = std::env::var_os("CHROMIUM").filter(|v| !v.is_empty()) {
        let given = PathBuf::from(given);
        return if given.is_file() {
            Ok(given)
        } else {
            Err(format!("--pdf: CHROMIUM names {}, which is not a file", given.display()))
        };
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .flat_map(|dir| NAMES.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
        .ok_or_else(|| {
            "--pdf needs a Chromium to print the report, and none was found (looked for chromium, \
             chromium-browser and google-chrome on the PATH; Debian: apt-get install chromium; or \
             set CHROMIUM to its path). The report was not built; build it without --pdf and print \
             report.html from a browser instead."
                .to_string()
        })
}

/// The report's HTML printed to PDF by `chromium`.
pub fn print(chromium: &Path, html: &[u8], year: FinancialYear) -> Result<Vec<u8>, String> {
    let dir = std::env::temp_dir().join(format!("safeguard-pdf-{}-{}", std::process::id(), unique()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot make a folder to print in: {e}"))?;
    let printed = print_in(chromium, html, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(with_fixed_dates(&printed?, year))
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

fn print_in(chromium: &Path, html: &[u8], dir: &Path) -> Result<Vec<u8>, String> {
    let page = dir.join("report.html");
    let pdf = dir.join("report.pdf");
    std::fs::write(&page, html).map_err(|e| format!("cannot write the page to print: {e}"))?;
    let mut said = run(chromium, dir, &page, &pdf, false)?;
    // Chromium refuses to run as root inside its sandbox; the page runs no script and fetches
    // nothing (its content security policy), so it is printed without the sandbox then.
    if !pdf.is_file() && said.contains("--no-sandbox") {
        said = run(chromium, dir, &page, &pdf, true)?;
    }
    std::fs::read(&pdf).map_err(|_| {
        let last = said.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no message");
        format!("{} printed no PDF ({last})", chromium.display())
    })
}

/// Runs one print; what Chromium said on stderr.
fn run(chromium: &Path, dir: &Path, page: &Path, pdf: &Path, no_sandbox: bool) -> Result<String, String> {
    let mut command = Command::new(chromium);
    command
        .args(["--headless", "--disable-gpu", "--no-pdf-header-footer", "--no-first-run"])
        .args(["--disable-background-networking", "--disable-component-update", "--disable-sync"])
        .args(["--disable-extensions", "--disable-quic"])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--print-to-pdf={}", pdf.display()));
    if no_sandbox {
        command.arg("--no-sandbox");
    }
    let url = format!("file://{}", page.display());
    let mut child = command
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", chromium.display()))?;
    let stderr = child.stderr.take();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut s) = stderr {
            let _ = std::io::Read::read_to_string(&mut s, &mut text);
        }
        text
    });
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if started.elapsed() > PATIENCE => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("{} took over {} s to print; stopped", chromium.display(), PATIENCE.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(format!("waiting for {}: {e}", chromium.display())),
        }
    }
    Ok(reader.join().unwrap_or_default())
}

/// `pdf` with the digits of every date stamp (`(D:20261204041825+00'00')`) replaced by the
/// year's last day at midnight, each stamp keeping its length so the file's offsets stay true.
fn with_fixed_dates(pdf: &[u8], year: FinancialYear) -> Vec<u8> {
    let fixed = format!("{}0331000000", year.start_year + 1).into_bytes();
    let mut out = pdf.to_vec();
    let mut i = 0;
    while let Some(at) = find(&out[i..], b"(D:") {
        let start = i + at + 3;
        let mut k = 0;
        while let Some(&c) = out.get(start + k).filter(|&&c| c != b')') {
            if c.is_ascii_digit() {
                out[start + k] = fixed.get(count_digits(&out[start..start + k])).copied().unwrap_or(b'0');
            }
            k += 1;
        }
        i = start + k;
    }
    out
}

fn count_digits(s: &[u8]) -> usize {
    s.iter().filter(|c| c.is_ascii_digit()).count()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_print_date_becomes_the_years_last_day_and_keeps_its_length() {
        let pdf = b"<</Producer (Skia/PDF m156)\n/CreationDate (D:20261204041825+00'00')\n/ModDate (D:20261204041826+01'30')>>";
        let fixed = with_fixed_dates(pdf, FinancialYear::new(2017));
        let text = String::from_utf8(fixed.clone()).unwrap();
        assert_eq!(fixed.len(), pdf.len(), "offsets after the stamp stay true");
        assert!(text.contains("/CreationDate (D:20180331000000+00'00')"), "{text}");
        assert!(text.contains("/ModDate (D:20180331000000+00'00')"), "{text}");
        assert!(text.contains("(Skia/PDF m156)"), "other strings are left alone");
    }

    #[test]
    fn a_chromium_named_that_is_not_there_is_refused_before_any_work() {
        // Only this test sets CHROMIUM in the library's tests.
        unsafe { std::env::set_var("CHROMIUM", "/no/such/chromium") };
        let said = find_chromium().unwrap_err();
        unsafe { std::env::remove_var("CHROMIUM") };
        assert!(said.contains("/no/such/chromium") && said.contains("not a file"), "{said}");
    }
}
