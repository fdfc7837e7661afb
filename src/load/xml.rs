//! Statutory returns in XML, read streaming with quick-xml: no file is held whole, so a census
//! of several hundred MB costs what its largest child costs. Each record element (a child's
//! `CINdetails`, an `Assessments`…) becomes a row of a contract table and goes through the same
//! row reader as a CSV record, so a value is checked and reported as it would be in a CSV, at
//! the line of its record's element and under its element path
//! (`Child/CINdetails/Assessments/AssessmentActualStartDate`). The schemas are in
//! `xml_schemas`.

use super::keys::{Authorities, Interner, SeenKeys};
use super::row::{Header, Reading, Slot};
use super::table::{Part, Table, Values};
use super::xml_record::Open;
use super::xml_schemas::{RecordSpec, Schema};
use super::xml_stream::{Tracked, xml_reason};
use crate::contract::{FileSpec, file_spec};
use crate::diagnostics::{ColumnRef, Diagnostics, Problem};
use crate::period::FinancialYear;
use polars::prelude::PlHashMap;
use quick_xml::events::Event;
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::io::{BufReader, Read};
use std::path::Path;

/// What one XML return gave.
pub(super) struct XmlReturn {
    pub tables: Vec<Table>,
}

/// The longest text any element of a return holds (a code, a date, an id).
const LONGEST_TEXT: usize = 4096;
/// Deeper nesting than any return's schema: a hostile or broken file.
const DEEPEST: usize = 32;

/// One contract table being filled, with its row reader's state.
struct Out {
    table: Table,
    header: Option<Header>,
    keys: SeenKeys,
    filled: Vec<bool>,
    code_cache: Vec<PlHashMap<Box<str>, u32>>,
    decimal_warned: Vec<bool>,
}

struct Reader<'a> {
    schema: &'static Schema,
    fname: &'a str,
    diag: &'a mut Diagnostics,
    interner: &'a mut Interner,
    authorities: &'a mut Authorities,
    /// The path of the innermost element from the root, each name after a `/`.
    path: String,
    /// For each open element, where its `/name` begins in `path` and the line it opened on.
    stack: Vec<(usize, u64)>,
    /// Per record kind: its table, and each field's path, column and whether it takes several.
    specs: Vec<&'static FileSpec>,
    fields: Vec<Vec<(&'static str, usize, bool)>>,
    open: Vec<Open>,
    /// Rows of the current child closed so far, written when the child closes.
    closed: Vec<Open>,
    outs: Vec<Out>,
    text: String,
    /// The innermost open element has no element inside it (so far).
    leaf: bool,
    lea: Option<String>,
    year: Option<FinancialYear>,
    unknown_seen: HashSet<String>,
    /// Whether the element holding the records (`Children`) was met: an empty census has one.
    saw_records: bool,
    /// Per record kind, the (parent column, own column) of each column it inherits.
    inherits: Vec<Vec<(usize, usize)>>,
    /// Records written, kept for their buffers; and the buffers a row is passed in.
    spare: Vec<Open>,
    record: csv::ByteRecord,
    field_lines: Vec<u64>,
}

/// Reads `path` as a return of `schema`. `None` when the file cannot be read through (not well
/// formed, the wrong schema, unreadable); the reason is in `diag`.
pub(super) fn read_return(
    schema: &'static Schema,
    path: &Path,
    fname: &str,
    interner: &mut Interner,
    authorities: &mut Authorities,
    diag: &mut Diagnostics,
) -> Option<XmlReturn> {
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            let why = format!("cannot be read: {}", super::files::io_reason(&e));
            diag.add(Problem::Unreadable, fname, None, None, why);
            return None;
        }
    };
    let bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut head = vec![0u8; 8192];
    let n = super::files::read_up_to(&mut file, &mut head);
    head.truncate(n);
    if let Some(what) = super::text::not_text(&head) {
        diag.add(Problem::NotText, fname, None, None, format!("this is not an XML text file: {what}"));
        return None;
    }
    let skip = if head.starts_with(super::text::UTF8_BOM) { 3 } else { 0 };
    let mut hasher = Sha256::new();
    hasher.update(&head[..skip]);
    let body = std::io::Cursor::new(head[skip..].to_vec()).chain(file);
    let tracked = Tracked::new(body, hasher);
    let mut xml = quick_xml::Reader::from_reader(BufReader::with_capacity(1 << 16, tracked));
    xml.config_mut().expand_empty_elements = true;
    let outs = schema.records.iter().map(|r| Out::new(file_spec(r.stem), fname)).collect();
    let mut reader = Reader {
        schema,
        fname,
        diag,
        interner,
        authorities,
        path: String::new(),
        stack: Vec::new(),
        specs: schema.records.iter().map(|r| file_spec(r.stem)).collect(),
        fields: schema.records.iter().map(field_columns).collect(),
        open: Vec::new(),
        closed: Vec::new(),
        outs,
        text: String::new(),
        leaf: false,
        lea: None,
        year: None,
        unknown_seen: HashSet::new(),
        saw_records: false,
        inherits: (0..schema.records.len()).map(|r| inherited_columns(schema, r)).collect(),
        spare: Vec::new(),
        record: csv::ByteRecord::new(),
        field_lines: Vec::new(),
    };
    let mut buf = Vec::new();
    loop {
        let before = xml.buffer_position();
        let event = xml.read_event_into(&mut buf);
        let step = match event {
            Ok(Event::Eof) => break,
            Ok(event) => {
                let line = xml.get_mut().get_mut().place(before).0;
                reader.event(event, line)
            }
            Err(e) => {
                let at = xml.error_position();
                let (line, column) = xml.get_mut().get_mut().place(at);
                Err((line, format!("at column {column}: {}", xml_reason(&e))))
            }
        };
        if let Err((line, why)) = step {
            // What was said of the records before it may be an effect of the break (an
            // unclosed element makes the next ones look misplaced): the break alone is said.
            *reader.diag = Diagnostics::new();
            let why = format!("{why}; problems in its records are reported once it can be read");
            reader.diag.add(Problem::BadXml, fname, Some(line), None, why);
            return None;
        }
        buf.clear();
    }
    if let Some(&(at, line)) = reader.stack.last() {
        let name = &reader.path[at + 1..];
        let name = if super::personal::could_identify(name) { "an element".to_string() } else { format!("<{name}>") };
        let why = format!(
            "the file ends inside {name} (opened on line {line}): it was cut short, or an element is not closed"
        );
        *reader.diag = Diagnostics::new();
        reader.diag.add(Problem::BadXml, fname, Some(line), None, why);
        return None;
    }
    let holder = schema.records_at.split('/').next().unwrap_or(schema.records_at);
    if !reader.saw_records {
        let why = format!("the file has no <{holder}> element: it is not a {} return", schema.name);
        reader.diag.add(Problem::BadXml, fname, None, None, why);
        return None;
    }
    let mut tracked = xml.into_inner().into_inner();
    // Bytes the XML reader did not need (after the root closed) are hashed too.
    let _ = std::io::copy(&mut tracked, &mut std::io::sink());
    let sha256: String = tracked.hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    let has_lea = reader.lea.is_some();
    let year = reader.year;
    let source = match year {
        Some(y) => format!("{}, collection year {y}", schema.name),
        None => schema.name.to_string(),
    };
    let diag = reader.diag;
    let tables = reader
        .outs
        .into_iter()
        .enumerate()
        .map(|(r, mut o)| {
            let part = &mut o.table.parts[0];
            part.bytes = bytes;
            part.sha256 = sha256.clone();
            part.source = Some(source.clone());
            part.year = year;
            // Every column the schema has is in the file, given or left empty by each record
            // (an optional element left out is an empty cell): even in a table of no rows.
            part.found = found_columns(schema, r);
            o.table.has_lea_column = has_lea;
            super::personal::check_labels(&o.table, diag);
            o.table
        })
        .collect();
    Some(XmlReturn { tables })
}

/// A record's fields: element path, contract column index, and whether it takes several values.
fn field_columns(r: &RecordSpec) -> Vec<(&'static str, usize, bool)> {
    let columns = file_spec(r.stem).columns;
    r.fields
        .iter()
        .filter_map(|&(path, name)| {
            let i = columns.iter().position(|c| c.name == name)?;
            Some((path, i, matches!(columns[i].kind, crate::contract::Kind::Multi(_))))
        })
        .collect()
}

/// The (parent's column, own column) of each column record `r` takes from its parent.
fn inherited_columns(schema: &Schema, r: usize) -> Vec<(usize, usize)> {
    let rec = &schema.records[r];
    let Some(parent) = rec.parent else { return Vec::new() };
    let (own, theirs) = (file_spec(rec.stem).columns, file_spec(schema.records[parent].stem).columns);
    let at = |cols: &[crate::contract::Column], name: &str| cols.iter().position(|c| c.name == name);
    rec.inherits.iter().filter_map(|name| Some((at(theirs, name)?, at(own, name)?))).collect()
}

/// Where each contract column of record `r`'s table comes from in the schema.
fn found_columns(schema: &Schema, r: usize) -> Vec<Option<ColumnRef>> {
    let columns = file_spec(schema.records[r].stem).columns;
    columns.iter().enumerate().map(|(i, c)| schema.source_of(r, c.name).map(|p| ColumnRef::element(i, p))).collect()
}

impl Out {
    fn new(spec: &'static FileSpec, fname: &str) -> Self {
        let n = spec.columns.len();
        Out {
            table: Table {
                spec,
                columns: spec.columns.iter().map(|c| Values::for_kind(c.kind)).collect(),
                lea: Vec::new(),
                has_lea_column: false,
                lines: Vec::new(),
                parts: vec![Part::new(fname.to_string(), vec![None; n], 0)],
            },
            header: None,
            keys: SeenKeys::default(),
            filled: Vec::new(),
            code_cache: vec![PlHashMap::default(); n],
            decimal_warned: vec![false; n],
        }
    }
}

type Step = Result<(), (u64, String)>;

impl Reader<'_> {
    fn event(&mut self, event: Event<'_>, line: u64) -> Step {
        match event {
            Event::Start(e) => {
                let qname = e.name();
                let name = String::from_utf8_lossy(qname.as_ref());
                self.start(&name, line)
            }
            Event::End(_) => self.end(line),
            Event::Text(t) => {
                let text =
                    t.decode().map_err(|_| (line, "the text is not UTF-8: save the file as UTF-8".to_string()))?;
                self.push_text(&text, line)
            }
            Event::CData(t) => {
                let text =
                    t.decode().map_err(|_| (line, "the text is not UTF-8: save the file as UTF-8".to_string()))?;
                self.push_text(&text, line)
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => {
                        let name = r.decode().map(|n| n.into_owned()).unwrap_or_default();
                        match quick_xml::escape::resolve_predefined_entity(&name) {
                            Some(s) => s.to_string(),
                            None => return Err((line, "an entity reference (`&…;`) that XML does not define".into())),
                        }
                    }
                    Err(_) => return Err((line, "a character reference (`&#…;`) that is not a character".into())),
                };
                self.push_text(&resolved, line)
            }
            Event::Decl(d) => match d.encoding() {
                Some(Ok(enc)) => {
                    let enc = String::from_utf8_lossy(&enc).to_ascii_lowercase();
                    if matches!(enc.as_str(), "utf-8" | "utf8" | "us-ascii" | "ascii") {
                        Ok(())
                    } else {
                        let shown = super::personal::quote(&enc);
                        Err((
                            line,
                            format!(
                                "the file declares the encoding {shown}; returns are read as UTF-8, as the DfE's systems write them: save it as UTF-8"
                            ),
                        ))
                    }
                }
                Some(Err(_)) => Err((line, "the XML declaration's encoding cannot be read".into())),
                None => Ok(()),
            },
            Event::Empty(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) | Event::Eof => Ok(()),
        }
    }

    fn push_text(&mut self, text: &str, line: u64) -> Step {
        if self.text.len() + text.len() > LONGEST_TEXT {
            return Err((
                line,
                format!("an element holds more than {LONGEST_TEXT} characters of text, which no return does"),
            ));
        }
        self.text.push_str(text);
        Ok(())
    }

    /// The element path below the root of the innermost element.
    fn path_below_root(&self) -> &str {
        self.stack.get(1).map_or("", |&(at, _)| &self.path[at + 1..])
    }

    fn start(&mut self, name: &str, line: u64) -> Step {
        if self.stack.is_empty() && name != self.schema.root {
            let shown =
                if super::personal::could_identify(name) { "an element".to_string() } else { format!("<{name}>") };
            return Err((
                line,
                format!(
                    "the root element is {shown}, not <{}>: this is not a {} return",
                    self.schema.root, self.schema.name
                ),
            ));
        }
        if self.stack.len() >= DEEPEST {
            return Err((line, format!("elements are nested more than {DEEPEST} deep, which no return is")));
        }
        if let Some(top) = self.open.last_mut() {
            top.any = true;
        }
        if self.stack.len() == 1 && self.schema.records_at.split('/').next() == Some(name) {
            self.saw_records = true;
        }
        self.stack.push((self.path.len(), line));
        self.path.push('/');
        self.path.push_str(name);
        self.text.clear();
        self.leaf = true;
        let depth = self.stack.len() - 1;
        let record = match self.open.last() {
            // A record opens at its path within its parent's element (`EPISODE`, `HEADER/AREVIEW`).
            Some(top) => {
                let rel = &self.path[self.stack[top.depth + 1].0 + 1..];
                let parent = top.record;
                self.schema
                    .records
                    .iter()
                    .position(|r| r.parent == Some(parent) && !r.element.is_empty() && r.element == rel)
            }
            None => (self.path_below_root() == self.schema.records_at)
                .then(|| self.schema.records.iter().position(|r| r.parent.is_none()))
                .flatten(),
        };
        if let Some(record) = record {
            let mut open = self.new_open(record, depth, line);
            for r in 0..self.schema.records.len() {
                if self.schema.records[r].parent == Some(record) && self.schema.records[r].element.is_empty() {
                    let alongside = self.new_open(r, depth, line);
                    open.alongside.push(alongside);
                }
            }
            self.open.push(open);
        }
        Ok(())
    }

    fn new_open(&mut self, record: usize, depth: usize, line: u64) -> Open {
        let n = self.specs[record].columns.len();
        Open::new(self.spare.pop(), record, n, depth, line, self.closed.len())
    }

    fn end(&mut self, line: u64) -> Step {
        let was_leaf = std::mem::replace(&mut self.leaf, false);
        let depth = self.stack.len() - 1;
        match self.open.last() {
            Some(top) if top.depth == depth => self.close_record(),
            Some(top) => {
                // The path below the record's element.
                let from = self.stack[top.depth + 1].0 + 1;
                if was_leaf {
                    self.field(from, line);
                } else {
                    self.known_or_warn(from, line);
                }
            }
            None => {
                if was_leaf {
                    self.header_field(line)?;
                }
            }
        }
        if let Some((at, _)) = self.stack.pop() {
            self.path.truncate(at);
        }
        self.text.clear();
        Ok(())
    }

    fn header_field(&mut self, line: u64) -> Step {
        let path = self.path_below_root().to_string();
        let value = self.text.trim().to_string();
        if Some(path.as_str()) == self.schema.lea {
            self.lea = Some(value);
        } else if Some(path.as_str()) == self.schema.year {
            match value.parse::<i32>() {
                Ok(y) if (2000..=2100).contains(&y) => self.year = Some(FinancialYear::new(y - 1)),
                _ => {
                    let why = format!("{path} is not a collection year such as 2024");
                    self.diag.add(Problem::BadXml, self.fname, Some(line), None, why);
                }
            }
        } else if let Some((at, expected)) = self.schema.collection
            && at == path
            && !value.eq_ignore_ascii_case(expected)
        {
            let shown = super::personal::quote(&value);
            return Err((line, format!("{path} is {shown}: this is not a {} return", self.schema.name)));
        }
        Ok(())
    }

    /// A leaf element inside a record: a field (of the record or of one read alongside it), an
    /// element of the schema not used, or unknown.
    fn field(&mut self, from: usize, line: u64) {
        let Some(top) = self.open.last_mut() else { return };
        let rel = &self.path[from..];
        let find = |o: &Open| self.fields[o.record].iter().find(|(p, ..)| *p == rel).copied();
        let (rec, (path, i, multi)) = match find(top) {
            Some(f) => (top, f),
            None => match top.alongside.iter_mut().find_map(|a| find(a).map(|f| (a, f))) {
                Some(found) => found,
                None => return self.known_or_warn(from, line),
            },
        };
        let value = self.text.trim();
        match (rec.is_set(i), multi) {
            (true, true) => rec.append(i, value),
            (true, false) => {
                let first = rec.given[i].unwrap_or(path);
                let at = self.schema.record_path(rec.record);
                let why = format!("the record has both {at}/{first} and {at}/{path}; the schema allows one");
                let cref = ColumnRef::element(i, format!("{at}/{path}"));
                self.diag.add(Problem::DuplicateColumn, self.fname, Some(line), Some(&cref), why);
            }
            (false, _) => {
                rec.set(i, value, self.stack.last().map_or(line, |&(_, opened)| opened));
                rec.given[i] = Some(path);
            }
        }
    }

    fn known_or_warn(&mut self, from: usize, line: u64) {
        let Some(top) = self.open.last() else { return };
        let rel = &self.path[from..];
        let container = |p: &str| p.len() > rel.len() && p.starts_with(rel) && p.as_bytes()[rel.len()] == b'/';
        let knows = |r: usize| {
            let rec = &self.schema.records[r];
            let holds_record = |c: &RecordSpec| c.parent == Some(r) && container(c.element);
            rec.unused.contains(&rel)
                || rec.fields.iter().any(|(p, _)| container(p))
                || self.schema.records.iter().any(holds_record)
        };
        if knows(top.record) || top.alongside.iter().any(|a| knows(a.record)) {
            return;
        }
        let path = format!("{}/{rel}", self.schema.record_path(top.record));
        if !self.unknown_seen.insert(path.clone()) {
            return;
        }
        let shown = if super::personal::could_identify(&path) { "an element".to_string() } else { path.clone() };
        let why =
            format!("this element is not part of the {} as safeguard reads it, and was ignored", self.schema.name);
        // After every column, in the order first met.
        let cref = ColumnRef::element(1000 + self.unknown_seen.len(), shown);
        self.diag.add(Problem::UnknownColumn, self.fname, Some(line), Some(&cref), why);
    }

    fn close_record(&mut self) {
        let Some(mut rec) = self.open.pop() else { return };
        let spec = &self.schema.records[rec.record];
        // A record read alongside is kept when it was given anything of its own.
        for a in std::mem::take(&mut rec.alongside) {
            if a.has_text() { self.closed.push(a) } else { self.spare.push(a) }
        }
        // What the rows inside it did not give themselves, they take from it.
        for inner in &mut self.closed[rec.closed_from..] {
            for &(from, to) in &self.inherits[inner.record] {
                inner.inherit(to, &rec, from);
            }
        }
        if spec.parent.is_some() {
            if rec.any {
                self.closed.push(rec)
            } else {
                self.spare.push(rec)
            }
            return;
        }
        rec.any = true;
        let inner = std::mem::take(&mut self.closed);
        for r in std::iter::once(rec).chain(inner) {
            self.write_row(r);
        }
    }

    fn write_row(&mut self, rec: Open) {
        let schema = self.schema;
        let out = &mut self.outs[rec.record];
        let spec = out.table.spec;
        let header = out.header.get_or_insert_with(|| {
            // One slot per column the schema gives, then the authority's.
            let mut found = found_columns(schema, rec.record);
            // A column two elements may give (`GenderCurrent`, `Sex`) is named as the file gives it.
            let at = schema.record_path(rec.record);
            for (f, given) in found.iter_mut().zip(&rec.given) {
                if let (Some(f), Some(path)) = (f, given) {
                    f.name = format!("{at}/{path}");
                }
            }
            let mut slots: Vec<Slot> =
                found.iter().enumerate().filter(|(_, f)| f.is_some()).map(|(i, _)| Slot::Column(i)).collect();
            let lea = self.lea.as_ref().and(schema.lea).map(|p| ColumnRef::element(slots.len(), p));
            if lea.is_some() {
                slots.push(Slot::Lea);
            }
            Header { width: slots.len(), slots, found, lea }
        });
        // The record and its lines are built in buffers kept from row to row.
        let (record, mut field_lines) = (&mut self.record, std::mem::take(&mut self.field_lines));
        record.clear();
        field_lines.clear();
        for slot in &header.slots {
            field_lines.push(match slot {
                Slot::Column(i) => rec.lines[*i],
                _ => 0,
            });
            match slot {
                Slot::Column(i) => record.push_field(rec.get(*i).unwrap_or("").as_bytes()),
                _ => record.push_field(self.lea.as_deref().unwrap_or("").as_bytes()),
            }
        }
        let mut reading = Reading {
            spec,
            fname: self.fname,
            diag: self.diag,
            windows_1252_lines: 0,
            filled: std::mem::take(&mut out.filled),
            code_cache: std::mem::take(&mut out.code_cache),
            decimal_warned: std::mem::take(&mut out.decimal_warned),
            field_lines,
        };
        reading.row(&self.record, header, rec.line, &mut out.table, self.interner, self.authorities, &mut out.keys);
        self.field_lines = std::mem::take(&mut reading.field_lines);
        out.filled = reading.filled;
        out.code_cache = reading.code_cache;
        out.decimal_warned = reading.decimal_warned;
        self.spare.push(rec);
    }
}
