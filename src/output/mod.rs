//! Stage 5 (sinks): every output is a sink of one shape: it takes the figures, their
//! comparisons and the run, and returns the files to write. Nothing here computes a figure:
//! it formats what `indicators` produced. No timestamps are written, so the same inputs and
//! settings give byte-identical files; a report folder is written atomically.
//!
//! The sinks: `csv` (figures.csv), `json` (figures.json), `table` (the terminal's table) and
//! the HTML report (`crate::report::sink`); `manifest` records what a folder holds.

pub mod audit;
pub mod csv;
pub mod json;
pub mod manifest;
mod sink;
pub mod table;

pub use sink::{OutputFile, Published, Sink};

use crate::error::Error;
use crate::period::FinancialYear;
use crate::settings::Edition;
use std::io;
use std::path::{Path, PathBuf};

/// The files of `sinks`, in order, and then the manifest. The manifest lists the files at the
/// folder's top level first (itself among them), then those in its subfolders.
pub fn with_manifest(published: &Published, sinks: &[Sink]) -> Result<Vec<OutputFile>, Error> {
    let mut files = Vec::new();
    for sink in sinks {
        files.extend(sink(published)?);
    }
    let (top, nested): (Vec<&OutputFile>, Vec<&OutputFile>) = files.iter().partition(|f| !f.name.contains('/'));
    let mut names: Vec<&str> = top.iter().map(|f| f.name.as_str()).collect();
    names.push("manifest.json");
    names.extend(nested.iter().map(|f| f.name.as_str()));
    let manifest = manifest::file(published.run, published.figures.disclosure.as_ref(), &names);
    let at = files.iter().position(|f| f.name.contains('/')).unwrap_or(files.len());
    files.insert(at, manifest);
    Ok(files)
}

/// Writes every file into a fresh directory beside `dest`, then renames it into place, so a
/// reader sees the old output or the new, never a mixture or a partial one.
pub fn write_atomically(dest: &Path, files: &[OutputFile]) -> io::Result<PathBuf> {
    let parent = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "report".into());
    let staging = parent.join(format!(".{name}.partial-{}", std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    std::fs::create_dir(&staging)?;
    for OutputFile { name, bytes } in files {
        let path = staging.join(name);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, bytes)?;
    }
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    if dest.exists() {
        std::fs::rename(dest, &old)?;
    }
    std::fs::rename(&staging, dest)?;
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    Ok(dest.to_path_buf())
}

/// The folder for a report: `<area>-<year>`, e.g. `northshire-2017-18`, and
/// `northshire-2017-18-internal` for the internal edition, so the two never share a folder.
pub fn report_dir_name(area: &str, year: FinancialYear, edition: Edition) -> String {
    let area = crate::indicators::catalogue::slug(area);
    match edition {
        Edition::Public => format!("{area}-{year}"),
        Edition::Internal => format!("{area}-{year}-internal"),
    }
}

/// The internal-only folder beside a public report that holds its disclosure audit.
pub fn audit_dir_name(area: &str, year: FinancialYear) -> String {
    format!("{}-{year}-disclosure-audit", crate::indicators::catalogue::slug(area))
}

/// A file's name in an edition: `figures.csv`, or `figures-internal.csv`.
pub fn file_name(stem: &str, extension: &str, edition: Edition) -> String {
    match edition {
        Edition::Public => format!("{stem}.{extension}"),
        Edition::Internal => format!("{stem}-internal.{extension}"),
    }
}

/// The first line of every internal file that has room for one.
pub const INTERNAL_WARNING: &str =
    "Internal edition: not for publication. Every figure is shown, including small numbers that identify children.";

/// Refuses to replace a folder that holds the other edition (whatever it is called), so a
/// public report is never overwritten by an internal one, or the reverse.
pub fn check_edition(dest: &Path, edition: Edition) -> io::Result<()> {
    let Ok(text) = std::fs::read_to_string(dest.join("manifest.json")) else { return Ok(()) };
    let found =
        serde_json::from_str::<serde_json::Value>(&text).ok().and_then(|m| m["edition"].as_str().map(str::to_string));
    let wanted = match edition {
        Edition::Public => "public",
        Edition::Internal => "internal",
    };
    match found {
        Some(f) if f != wanted => Err(io::Error::other(format!(
            "it holds the {f} edition, which a {wanted} build does not replace; choose another --out"
        ))),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_writes_replace_the_whole_directory() {
        let root = tempfile::tempdir().unwrap();
        let dest = root.path().join("area-2017-18");
        let file = |name: &str, text: &str| OutputFile::new(name, text.as_bytes().to_vec());
        write_atomically(&dest, &[file("a.txt", "one"), file("b.txt", "two")]).unwrap();
        write_atomically(&dest, &[file("a.txt", "three")]).unwrap();
        assert_eq!(std::fs::read(dest.join("a.txt")).unwrap(), b"three");
        assert!(!dest.join("b.txt").exists(), "no stale file survives");
        let leftovers: Vec<_> = std::fs::read_dir(root.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging directories left behind");
    }
}
