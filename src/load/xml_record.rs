//! One record of an XML return being read: its cells held in one reused buffer (a census has
//! millions of cells; none gets an allocation of its own), and the records kept for reuse.

use std::ops::Range;

/// A record being read.
pub(super) struct Open {
    pub record: usize,
    /// Depth of its element in the element stack.
    pub depth: usize,
    pub line: u64,
    /// Each column's text, as a range of `text`; `None` where no element gave it.
    cells: Vec<Option<Range<usize>>>,
    text: String,
    /// Which field path gave each cell, for repeats.
    pub given: Vec<Option<&'static str>>,
    /// The line each cell is on.
    pub lines: Vec<u64>,
    /// Rows closed inside it start here in the reader's closed rows.
    pub closed_from: usize,
    /// Whether it held any element at all (an empty `<Reviews/>` is no record).
    pub any: bool,
    /// Records read from this one's own element (an SSDA903 header's UASC fields).
    pub alongside: Vec<Open>,
}

impl Open {
    /// A record of kind `record` with `columns` columns, reusing `spare`'s buffers if given.
    pub fn new(
        spare: Option<Open>,
        record: usize,
        columns: usize,
        depth: usize,
        line: u64,
        closed_from: usize,
    ) -> Open {
        let mut o = spare.unwrap_or_else(|| Open {
            record,
            depth,
            line,
            cells: Vec::new(),
            text: String::new(),
            given: Vec::new(),
            lines: Vec::new(),
            closed_from,
            any: false,
            alongside: Vec::new(),
        });
        (o.record, o.depth, o.line, o.closed_from, o.any) = (record, depth, line, closed_from, false);
        o.text.clear();
        (o.cells.clear(), o.given.clear(), o.lines.clear());
        (o.cells.resize(columns, None), o.given.resize(columns, None), o.lines.resize(columns, 0));
        o
    }

    pub fn get(&self, i: usize) -> Option<&str> {
        self.cells[i].clone().map(|r| &self.text[r])
    }

    pub fn is_set(&self, i: usize) -> bool {
        self.cells[i].is_some()
    }

    pub fn set(&mut self, i: usize, value: &str, line: u64) {
        let start = self.text.len();
        self.text.push_str(value);
        self.cells[i] = Some(start..self.text.len());
        self.lines[i] = line;
    }

    /// Adds `value` to a column that takes several, after a space.
    pub fn append(&mut self, i: usize, value: &str) {
        let Some(r) = self.cells[i].clone() else { return self.set(i, value, 0) };
        if r.end != self.text.len() {
            // Another cell was given since: move this one to the end first.
            let old = self.text[r].to_string();
            self.set(i, &old, self.lines[i]);
        }
        self.text.push(' ');
        self.text.push_str(value);
        if let Some(r) = &mut self.cells[i] {
            r.end = self.text.len();
        }
    }

    /// Takes column `from` of `other` as its column `to`, where it has none of its own.
    pub fn inherit(&mut self, to: usize, other: &Open, from: usize) {
        if let (false, Some(v)) = (self.is_set(to), other.get(from)) {
            self.set(to, v, other.lines[from]);
        }
    }

    /// Whether any of its cells holds text.
    pub fn has_text(&self) -> bool {
        self.cells.iter().flatten().any(|r| !r.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::Open;

    #[test]
    fn cells_share_one_buffer_and_a_reused_record_starts_empty() {
        let mut o = Open::new(None, 0, 3, 1, 10, 0);
        o.set(0, "A", 11);
        o.set(2, "1A", 12);
        o.append(2, "2B");
        o.set(1, "x", 13);
        o.append(2, "3C");
        assert_eq!((o.get(0), o.get(1), o.get(2)), (Some("A"), Some("x"), Some("1A 2B 3C")));
        assert!(o.has_text());
        let mut p = Open::new(None, 1, 2, 2, 20, 0);
        p.set(1, "", 21);
        p.inherit(0, &o, 0);
        p.inherit(1, &o, 1);
        assert_eq!((p.get(0), p.get(1), p.lines[0]), (Some("A"), Some(""), 11));
        let o = Open::new(Some(o), 2, 4, 1, 30, 5);
        assert_eq!((o.record, o.line, o.closed_from), (2, 30, 5));
        assert!((0..4).all(|i| o.get(i).is_none()) && !o.has_text());
    }
}
