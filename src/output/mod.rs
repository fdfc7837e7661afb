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
    fn listed<'a>(f: &&'a OutputFile) -> manifest::Listed<'a> {
        (f.name.as_str(), Some(f.bytes.as_slice()))
    }
    let mut names: Vec<manifest::Listed> = top.iter().map(listed).collect();
    names.push(("manifest.json", None));
    names.extend(nested.iter().map(listed));
    let manifest = manifest::file(published.run, published.figures.disclosure.as_ref(), published.revisions, &names);
    let at = files.iter().position(|f| f.name.contains('/')).unwrap_or(files.len());
    files.insert(at, manifest);
    Ok(files)
}

/// Writes every file into a fresh directory beside `dest`, then swaps it into place in one
/// step, so a reader sees the old output or the new at every instant, never a mixture, a
/// partial one or none. One build writes into a folder at a time (a second waits for the
/// first); what killed builds left behind is removed; a failed write leaves nothing.
pub fn write_atomically(dest: &Path, files: &[OutputFile]) -> io::Result<PathBuf> {
    let parent = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "report".into());
    // The lock is the parent folder's own (no lock file to leave behind), released on return.
    let lock = std::fs::File::open(parent)?;
    lock.lock()?;
    remove_leftovers(parent, &name)?;
    let staging = parent.join(format!(".{name}.partial-{}", std::process::id()));
    let written = stage(&staging, files).and_then(|()| swap(&staging, dest, parent, &name));
    if written.is_err() {
        let _ = remove(&staging);
    }
    written?;
    Ok(dest.to_path_buf())
}

fn stage(staging: &Path, files: &[OutputFile]) -> io::Result<()> {
    std::fs::create_dir(staging)?;
    for OutputFile { name, bytes } in files {
        let path = staging.join(name);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, bytes)?;
    }
    Ok(())
}

/// Puts `staging` at `dest`: by exchanging the two where the system can (Linux), then removing
/// the old, which is now at `staging`; elsewhere by two renames.
fn swap(staging: &Path, dest: &Path, parent: &Path, name: &str) -> io::Result<()> {
    if std::fs::symlink_metadata(dest).is_err() {
        return std::fs::rename(staging, dest);
    }
    if exchange(staging, dest)? {
        return remove(staging);
    }
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    std::fs::rename(dest, &old)?;
    std::fs::rename(staging, dest)?;
    remove(&old)
}

/// Exchanges two paths atomically; `false` where the system or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes()).map_err(io::Error::other);
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths for the duration of the call.
    let done =
        unsafe { libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) };
    if done == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::ENOSYS | libc::EINVAL | libc::ENOTSUP) => Ok(false),
        _ => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Staging and old folders of `name` that builds killed part way left behind.
fn remove_leftovers(parent: &Path, name: &str) -> io::Result<()> {
    let (partial, old) = (format!(".{name}.partial-"), format!(".{name}.old-"));
    for entry in std::fs::read_dir(parent)?.filter_map(Result::ok) {
        let file = entry.file_name().to_string_lossy().into_owned();
        let pid = file.strip_prefix(&partial).or_else(|| file.strip_prefix(&old));
        if pid.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
            remove(&entry.path())?;
        }
    }
    Ok(())
}

fn remove(path: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
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

    #[test]
    fn the_output_folder_is_there_at_every_instant_while_it_is_replaced() {
        // Replaced by two renames (the folder away, the new one in), there was a moment with no
        // folder at all, when a web server publishing it would have served nothing.
        let root = tempfile::tempdir().unwrap();
        let dest = root.path().join("area-2017-18");
        let files = [OutputFile::new("a.txt", b"one".to_vec())];
        write_atomically(&dest, &files).unwrap();
        let done = std::sync::atomic::AtomicBool::new(false);
        let missing = std::thread::scope(|s| {
            let watcher = s.spawn(|| {
                let mut missing = 0;
                while !done.load(std::sync::atomic::Ordering::Relaxed) {
                    missing += usize::from(!dest.join("a.txt").exists());
                }
                missing
            });
            for _ in 0..300 {
                write_atomically(&dest, &files).unwrap();
            }
            done.store(true, std::sync::atomic::Ordering::Relaxed);
            watcher.join().unwrap()
        });
        assert_eq!(missing, 0, "the folder was missing {missing} times");
    }

    #[test]
    fn what_killed_builds_left_behind_is_removed() {
        // A build killed while writing left `.area-2017-18.partial-<pid>` for ever.
        let root = tempfile::tempdir().unwrap();
        let dest = root.path().join("area-2017-18");
        for left in [".area-2017-18.partial-4242", ".area-2017-18.old-17"] {
            std::fs::create_dir_all(root.path().join(left).join("sub")).unwrap();
        }
        std::fs::create_dir(root.path().join(".other.partial-1")).unwrap();
        write_atomically(&dest, &[OutputFile::new("a.txt", b"one".to_vec())]).unwrap();
        let mut left: Vec<String> =
            std::fs::read_dir(root.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
        left.sort();
        assert_eq!(left, [".other.partial-1", "area-2017-18"], "another folder's are its own business");
    }

    #[test]
    fn a_write_that_fails_leaves_the_old_output_and_nothing_else() {
        let root = tempfile::tempdir().unwrap();
        let dest = root.path().join("area-2017-18");
        write_atomically(&dest, &[OutputFile::new("a.txt", b"one".to_vec())]).unwrap();
        // A file and a folder of one name: the second write fails part way.
        let clash = [OutputFile::new("x", b"1".to_vec()), OutputFile::new("x/y.txt", b"2".to_vec())];
        assert!(write_atomically(&dest, &clash).is_err());
        assert_eq!(std::fs::read(dest.join("a.txt")).unwrap(), b"one");
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 1, "no staging folder left");
    }
}
