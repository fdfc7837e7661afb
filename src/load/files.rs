//! The data directory and its files: listing, names matched ignoring case, reasons in words.

use crate::diagnostics::{Diagnostics, Problem};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Finds `name` in `dir` ignoring case (`Contacts.CSV`).
pub fn find_case_insensitive(dir: &Path, name: &str) -> Option<PathBuf> {
    let exact = dir.join(name);
    if exact.exists() {
        return Some(exact);
    }
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().eq_ignore_ascii_case(name))
        .map(|e| e.path())
}

pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "it does not exist".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// The folder's entries, and those of its subfolders one level down (a return per year's
/// folder, `2017-18/episodes.csv`), sorted. Hidden entries and links to folders are passed over.
pub(super) fn list_dir(dir: &Path, diag: &mut Diagnostics) -> Vec<PathBuf> {
    let entries = |d: &Path| -> Vec<PathBuf> {
        let Ok(rd) = std::fs::read_dir(d) else { return Vec::new() };
        let visible = |e: &std::fs::DirEntry| !e.file_name().to_string_lossy().starts_with('.');
        rd.filter_map(Result::ok).filter(visible).map(|e| e.path()).collect()
    };
    match std::fs::read_dir(dir) {
        Ok(_) => {
            let mut v = Vec::new();
            for entry in entries(dir) {
                // A folder under a file's name (`lac_header.csv/`) is reported as not a file.
                let file_like =
                    entry.extension().is_some_and(|e| ["csv", "xml", "xlsx"].iter().any(|x| e.eq_ignore_ascii_case(x)));
                let real_folder = !file_like && std::fs::symlink_metadata(&entry).is_ok_and(|m| m.is_dir());
                if real_folder {
                    v.extend(entries(&entry).into_iter().filter(|p| !p.is_dir()));
                } else {
                    v.push(entry);
                }
            }
            v.sort();
            v
        }
        Err(e) => {
            diag.add(
                Problem::DataDirMissing,
                &dir.display().to_string(),
                None,
                None,
                format!("the data directory cannot be read: {}", io_reason(&e)),
            );
            Vec::new()
        }
    }
}

/// How a file of the data folder is named in messages: its path within the folder
/// (`2017-18/episodes.csv`), unless that could identify someone.
pub fn shown_name(root: &Path, path: &Path) -> String {
    super::personal::shown_file_name(&relative_name(root, path))
}

/// A file's path within the data folder, `/`-separated, as it is (it may identify someone).
pub(super) fn relative_name(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Passes bytes through while hashing them, so each file is read once.
pub(super) struct Hashing<R> {
    pub(super) inner: R,
    pub(super) hasher: Sha256,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

/// Passes bytes through with each CR LF, and each CR on its own, turned into LF. The csv crate
/// numbers lines by their LF and, where records end in CR LF, gives each record after the first
/// the line before its own (rust-csv issue 395), so every message on a file saved by Excel
/// named the wrong line; a file of CR line ends had every record on line 1.
pub(super) struct Lf<R> {
    pub(super) inner: R,
    /// Bytes converted and not yet handed on, from `at`.
    out: Vec<u8>,
    at: usize,
    /// A CR that ended the last chunk read, not yet known to precede an LF.
    cr: bool,
}

impl<R> Lf<R> {
    pub(super) fn new(inner: R) -> Self {
        Lf { inner, out: Vec::new(), at: 0, cr: false }
    }
}

impl<R: Read> Read for Lf<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.out.len() {
            let mut chunk = [0u8; 1 << 14];
            let n = self.inner.read(&mut chunk)?;
            self.out.clear();
            self.at = 0;
            if n == 0 {
                if !std::mem::take(&mut self.cr) {
                    return Ok(0);
                }
                self.out.push(b'\n');
                break;
            }
            for &b in &chunk[..n] {
                // A lone CR (old Mac files) ends a line too.
                if std::mem::take(&mut self.cr) && b != b'\n' {
                    self.out.push(b'\n');
                }
                if b == b'\r' {
                    self.cr = true;
                } else {
                    self.out.push(b);
                }
            }
        }
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Whether `path` resolves, through any links, to somewhere inside `root`. A link out of the
/// folder is not followed: a data folder received from someone else must not make the tool
/// read, hash or quote other files of the machine (`contacts.csv` → `/etc/passwd`).
/// What does not resolve counts as inside: the reader reports it as missing or unreadable.
pub fn within(root: &Path, path: &Path) -> bool {
    match (root.canonicalize(), path.canonicalize()) {
        (Ok(root), Ok(path)) => path.starts_with(root),
        _ => true,
    }
}

/// Why a file linked from outside its folder is not read.
pub const OUTSIDE: &str = "is a link to a file outside its folder, which is not followed; copy the file in instead";

/// Reads a settings, narrative or template file inside `root`: only a regular file (not a device such as
/// `/dev/zero`, not a pipe, which would never end), and at most `cap` bytes, so a mistaken
/// path cannot fill memory. The error says why, for the file's own message.
pub fn read_capped(path: &Path, root: &Path, cap: u64) -> Result<Vec<u8>, String> {
    if !within(root, path) {
        return Err(OUTSIDE.into());
    }
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot be read: {}", io_reason(&e)))?;
    if !meta.is_file() {
        return Err("is not a regular file (a device, a pipe or a folder), so it is not read".into());
    }
    let too_big = || format!("is larger than {} bytes, the most a file of this kind may be", cap);
    if meta.len() > cap {
        return Err(too_big());
    }
    let file = std::fs::File::open(path).map_err(|e| format!("cannot be read: {}", io_reason(&e)))?;
    let mut bytes = Vec::new();
    file.take(cap + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot be read: {}", io_reason(&e)))?;
    if bytes.len() as u64 > cap {
        return Err(too_big());
    }
    Ok(bytes)
}

/// The most `report.toml`, a narrative file or a template override may hold.
pub const TEXT_FILE_CAP: u64 = 4 << 20;

pub(super) fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> usize {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) | Err(_) => break,
            Ok(k) => n += k,
        }
    }
    n
}

pub(super) fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) => format!("reading stopped: {}", io_reason(io)),
        _ => format!("the CSV structure is broken here: {e}"),
    }
}

#[cfg(test)]
mod lf_tests {
    use super::*;

    /// A reader that hands out at most `size` bytes at a time.
    struct Chunked<'a>(&'a [u8], usize);

    impl Read for Chunked<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.1.min(buf.len()).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    /// Reads all of `input` through [`Lf`], `size` bytes at a time in and out.
    fn through(input: &[u8], size: usize) -> Vec<u8> {
        let mut r = Lf::new(Chunked(input, size));
        let (mut out, mut buf) = (Vec::new(), vec![0u8; size]);
        loop {
            let n = r.read(&mut buf).unwrap();
            if n == 0 {
                return out;
            }
            out.extend_from_slice(&buf[..n]);
        }
    }

    #[test]
    fn crlf_and_a_lone_cr_become_lf_at_any_chunk_boundary() {
        let input = b"a,b\r\n1,\"x\r\ny\"\r\n2,z\rw\r\n3,\r\r4,\r";
        let want = b"a,b\n1,\"x\ny\"\n2,z\nw\n3,\n\n4,\n".to_vec();
        for size in 1..=input.len() + 1 {
            assert_eq!(through(input, size), want, "chunks of {size}");
        }
    }
}
