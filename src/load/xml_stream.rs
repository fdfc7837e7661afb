//! The byte stream under the XML reader: hashed as it is read, with the line and column of any
//! position already read, and quick-xml's errors said in words.

use sha2::{Digest, Sha256};
use std::collections::VecDeque;
use std::io::Read;

/// Passes the file through while hashing it and noting where its lines end, so the line and
/// column of any byte position already read can be told without keeping the file.
pub(super) struct Tracked<R> {
    inner: R,
    pub(super) hasher: Sha256,
    read: u64,
    newlines: VecDeque<u64>,
    line: u64,
    line_start: u64,
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        let read = self.read;
        self.newlines.extend(memchr::memchr_iter(b'\n', &buf[..n]).map(|i| read + i as u64));
        self.read += n as u64;
        Ok(n)
    }
}

impl<R> Tracked<R> {
    pub(super) fn new(inner: R, hasher: Sha256) -> Self {
        Tracked { inner, hasher, read: 0, newlines: VecDeque::new(), line: 1, line_start: 0 }
    }

    /// Line and column of byte `pos`; positions asked for never go backwards.
    pub(super) fn place(&mut self, pos: u64) -> (u64, u64) {
        while let Some(&nl) = self.newlines.front() {
            if nl >= pos {
                break;
            }
            self.newlines.pop_front();
            self.line += 1;
            self.line_start = nl + 1;
        }
        (self.line, pos.saturating_sub(self.line_start) + 1)
    }
}

/// quick-xml's reason, in words, without any of the file's text beyond element names.
pub(super) fn xml_reason(e: &quick_xml::Error) -> String {
    use quick_xml::Error as E;
    let said = e.to_string();
    let safe = !super::personal::could_identify(&said);
    match e {
        E::Io(_) => "the file could not be read to its end".into(),
        E::Syntax(_) | E::IllFormed(_) if safe => format!("the XML is not well formed: {said}"),
        E::Encoding(_) => "the text is not UTF-8: save the file as UTF-8".into(),
        _ if safe => format!("the XML cannot be read: {said}"),
        _ => "the XML is not well formed".into(),
    }
}
