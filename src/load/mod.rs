//! Stage 1: read every file of the data contract into typed columns.
//!
//! Each file is read once, streaming, with the `csv` crate (which knows physical line
//! numbers). Cells are parsed as they are read; a cell that cannot be parsed becomes a
//! diagnostic and an empty value. Identifiers are replaced by integer keys here, so no
//! identifier string travels further than this module.

pub mod cells;
pub mod text;

use crate::contract::{Column, FILES, FileSpec, Kind, LEA_COLUMN, Namespace};
use crate::diagnostics::{ColumnRef, Diagnostics, Problem};
use crate::settings::Settings;
use chrono::NaiveDate;
use polars::prelude::PlHashMap;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

/// Parsed values of one column, one entry per row; `None` is an empty or unparsable cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    Ids(Vec<Option<u32>>),
    Dates(Vec<Option<NaiveDate>>),
    Bools(Vec<Option<bool>>),
    Ints(Vec<Option<i64>>),
    Decimals(Vec<Option<f64>>),
    /// Codes (upper-cased), multi-valued codes (joined with `;`), text and periods.
    Strs(Texts),
}

/// A text column stored as a dictionary: each distinct value once, a number per cell.
/// Codes and agency names repeat endlessly, so this saves an allocation per cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Texts {
    dict: Vec<Box<str>>,
    index: PlHashMap<Box<str>, u32>,
    cells: Vec<Option<u32>>,
}

impl Texts {
    /// Appends a value; returns its dictionary index (`None` for an empty cell).
    pub fn push(&mut self, value: Option<&str>) -> Option<u32> {
        let k = value.map(|v| match self.index.get(v) {
            Some(&k) => k,
            None => {
                let k = self.dict.len() as u32;
                self.dict.push(v.into());
                self.index.insert(v.into(), k);
                k
            }
        });
        self.cells.push(k);
        k
    }

    /// Appends a value already in the dictionary.
    pub fn push_index(&mut self, k: u32) {
        self.cells.push(Some(k));
    }

    pub fn get(&self, row: usize) -> Option<&str> {
        self.cells[row].map(|k| &*self.dict[k as usize])
    }

    pub fn len(&self) -> usize {
        self.cells.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// The distinct values, and each cell's index into them.
    pub fn parts(&self) -> (&[Box<str>], &[Option<u32>]) {
        (&self.dict, &self.cells)
    }
}

impl Values {
    fn for_kind(kind: Kind) -> Self {
        match kind {
            Kind::Id(_) => Values::Ids(Vec::new()),
            Kind::Date | Kind::BirthDate => Values::Dates(Vec::new()),
            Kind::Bool => Values::Bools(Vec::new()),
            Kind::Int { .. } => Values::Ints(Vec::new()),
            Kind::Decimal { .. } => Values::Decimals(Vec::new()),
            _ => Values::Strs(Texts::default()),
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Values::Ids(v) => v.len(),
            Values::Dates(v) => v.len(),
            Values::Bools(v) => v.len(),
            Values::Ints(v) => v.len(),
            Values::Decimals(v) => v.len(),
            Values::Strs(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn is_null(&self, row: usize) -> bool {
        match self {
            Values::Ids(v) => v[row].is_none(),
            Values::Dates(v) => v[row].is_none(),
            Values::Bools(v) => v[row].is_none(),
            Values::Ints(v) => v[row].is_none(),
            Values::Decimals(v) => v[row].is_none(),
            Values::Strs(v) => v.get(row).is_none(),
        }
    }

    fn push_null(&mut self) {
        match self {
            Values::Ids(v) => v.push(None),
            Values::Dates(v) => v.push(None),
            Values::Bools(v) => v.push(None),
            Values::Ints(v) => v.push(None),
            Values::Decimals(v) => v.push(None),
            Values::Strs(v) => {
                v.push(None);
            }
        }
    }

    pub fn dates(&self) -> Option<&[Option<NaiveDate>]> {
        match self {
            Values::Dates(v) => Some(v),
            _ => None,
        }
    }

    pub fn ids(&self) -> Option<&[Option<u32>]> {
        match self {
            Values::Ids(v) => Some(v),
            _ => None,
        }
    }

    pub fn strs(&self) -> Option<&Texts> {
        match self {
            Values::Strs(v) => Some(v),
            _ => None,
        }
    }
}

/// One file of the contract, parsed.
#[derive(Debug)]
pub struct Table {
    pub spec: &'static FileSpec,
    /// The file name as found on disk.
    pub file_name: String,
    /// Where each contract column is in the file (`None` when the file lacks it).
    pub found: Vec<Option<ColumnRef>>,
    /// Values of each contract column, in contract order.
    pub columns: Vec<Values>,
    /// Index into [`Loaded::leas`] for each row.
    pub lea: Vec<u16>,
    pub has_lea_column: bool,
    /// Physical line where each row starts.
    pub lines: Vec<u64>,
    pub bytes: u64,
    /// SHA-256 of the file's bytes, hex, for the provenance manifest.
    pub sha256: String,
}

impl Table {
    pub fn rows(&self) -> usize {
        self.lines.len()
    }

    fn index(&self, name: &str) -> usize {
        self.spec
            .columns
            .iter()
            .position(|c| c.name == name)
            .unwrap_or_else(|| panic!("{} has no column {name}", self.spec.stem))
    }

    pub fn values(&self, name: &str) -> &Values {
        &self.columns[self.index(name)]
    }

    pub fn column_ref(&self, name: &str) -> Option<&ColumnRef> {
        self.found[self.index(name)].as_ref()
    }
}

/// Everything loaded from a data directory.
#[derive(Debug)]
pub struct Loaded {
    pub tables: Vec<Table>,
    /// Authority codes; index 0 is the run's default authority ("" when none is named).
    pub leas: Vec<String>,
}

impl Loaded {
    pub fn table(&self, stem: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.spec.stem == stem)
    }

    /// Authorities present in the data, excluding the unnamed default.
    pub fn authorities(&self) -> Vec<&str> {
        let mut used = vec![false; self.leas.len()];
        for t in self.tables.iter().filter(|t| t.spec.per_authority()) {
            for &l in &t.lea {
                used[l as usize] = true;
            }
        }
        let mut v: Vec<&str> =
            self.leas.iter().zip(used).filter(|(c, u)| *u && !c.is_empty()).map(|(c, _)| c.as_str()).collect();
        v.sort_unstable();
        v
    }
}

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

/// Interns identifier strings per namespace.
/// Interns identifiers per namespace. polars' hash map (a fast, non-cryptographic hasher)
/// rather than std's SipHash: the keys come from our own files, not from an attacker.
#[derive(Default)]
struct Interner {
    /// One map per namespace, indexed by the namespace's position.
    maps: [PlHashMap<Box<str>, u32>; 4],
}

impl Interner {
    fn map(&self, ns: Namespace) -> &PlHashMap<Box<str>, u32> {
        &self.maps[ns as usize]
    }

    fn key(&mut self, ns: Namespace, id: &str) -> u32 {
        let map = &mut self.maps[ns as usize];
        // Look up first: allocating the key is only needed the first time an id is seen.
        if let Some(&k) = map.get(id) {
            return k;
        }
        let next = map.len() as u32;
        map.insert(id.into(), next);
        next
    }
}

/// Authority codes seen so far; index 0 stands for "the default authority".
struct Authorities {
    codes: Vec<String>,
    index: PlHashMap<String, u16>,
    /// The last code looked up: rows of one authority usually come together.
    last: Option<(String, u16)>,
}

impl Authorities {
    fn new() -> Self {
        Self { codes: vec![String::new()], index: PlHashMap::default(), last: None }
    }

    fn key(&mut self, code: &str) -> u16 {
        if let Some((c, k)) = &self.last
            && c == code
        {
            return *k;
        }
        let k = match self.index.get(code) {
            Some(&k) => k,
            None => {
                let k = u16::try_from(self.codes.len()).unwrap_or(u16::MAX);
                self.codes.push(code.to_string());
                self.index.insert(code.to_string(), k);
                k
            }
        };
        self.last = Some((code.to_string(), k));
        k
    }
}

/// Reads every contract file in `dir`. Problems go to `diag`; files that cannot be read at
/// all are left out of the result.
pub fn load_dir(dir: &Path, settings: &Settings, diag: &mut Diagnostics) -> Loaded {
    let listing = list_dir(dir, diag);
    let mut jobs: Vec<(&'static FileSpec, PathBuf)> = Vec::new();
    for spec in FILES {
        let wanted = spec.file_name();
        let matches: Vec<&PathBuf> = listing
            .iter()
            .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().eq_ignore_ascii_case(&wanted)))
            .collect();
        match matches.as_slice() {
            [] if spec.required => diag.add(
                Problem::MissingFile,
                &wanted,
                None,
                None,
                format!("{wanted} is required ({}) but is not in {}", spec.purpose, dir.display()),
            ),
            [] => {}
            [path] => jobs.push((spec, (*path).clone())),
            several => {
                let names: Vec<String> =
                    several.iter().map(|p| p.file_name().unwrap_or_default().to_string_lossy().into_owned()).collect();
                diag.add(
                    Problem::DuplicateFile,
                    &wanted,
                    None,
                    None,
                    format!("found {}: keep one", names.join(" and ")),
                );
            }
        }
    }
    // Each file is read on its own thread with its own interner; the results are merged in
    // contract order, so the outcome does not depend on which file finished first.
    let read = parallel_map(jobs, |(spec, path)| {
        let (mut interner, mut authorities, mut local) = (Interner::default(), Authorities::new(), Diagnostics::new());
        let table = read_table(spec, &path, &mut interner, &mut authorities, &mut local);
        (table, interner, authorities, local)
    });
    let mut interner = Interner::default();
    let mut authorities = Authorities::new();
    let mut tables = Vec::new();
    for (table, local_ids, local_leas, local_diag) in read {
        diag.extend(local_diag);
        if let Some(mut t) = table {
            merge_keys(&mut t, &local_ids, &local_leas, &mut interner, &mut authorities);
            tables.push(t);
        }
    }
    let mut loaded = Loaded { tables, leas: authorities.codes };
    resolve_default_authority(&mut loaded, settings, diag);
    loaded
}

/// Rewrites a table's identifier and authority keys from its own interner to the shared one.
fn merge_keys(t: &mut Table, ids: &Interner, leas: &Authorities, global: &mut Interner, global_leas: &mut Authorities) {
    let lea_map: Vec<u16> =
        leas.codes.iter().enumerate().map(|(i, c)| if i == 0 { 0 } else { global_leas.key(c) }).collect();
    for l in &mut t.lea {
        *l = lea_map[*l as usize];
    }
    for (col, values) in t.spec.columns.iter().zip(&mut t.columns) {
        let (Kind::Id(ns), Values::Ids(v)) = (col.kind, values) else { continue };
        // Contacts and delegates are only compared within their own file.
        if matches!(ns, Namespace::Contact | Namespace::Delegate) {
            continue;
        }
        let local = ids.map(ns);
        let mut map = vec![0u32; local.len()];
        for (id, &k) in local {
            map[k as usize] = global.key(ns, id);
        }
        for k in v.iter_mut().flatten() {
            *k = map[*k as usize];
        }
    }
}

/// Runs `f` over `items` on as many threads as there are cores, largest work first, and
/// returns the results in the items' order.
fn parallel_map<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let n = items.len();
    let threads = std::thread::available_parallelism().map_or(1, |c| c.get()).min(n).max(1);
    let queue = std::sync::Mutex::new(items.into_iter().enumerate());
    let done = std::sync::Mutex::new(Vec::with_capacity(n));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let next = queue.lock().map(|mut q| q.next()).unwrap_or(None);
                    let Some((i, item)) = next else { break };
                    let r = f(item);
                    if let Ok(mut d) = done.lock() {
                        d.push((i, r));
                    }
                }
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_default();
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

fn list_dir(dir: &Path, diag: &mut Diagnostics) -> Vec<PathBuf> {
    match std::fs::read_dir(dir) {
        Ok(rd) => {
            let mut v: Vec<PathBuf> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
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

/// Rows without an authority of their own belong to the only authority named anywhere,
/// else to `lea` in report.toml. With several authorities, every file needs the column.
fn resolve_default_authority(loaded: &mut Loaded, settings: &Settings, diag: &mut Diagnostics) {
    let named: Vec<&str> = loaded.leas.iter().skip(1).map(String::as_str).collect();
    let default = match named.as_slice() {
        [] => settings.lea.clone().unwrap_or_default(),
        [one] => one.to_string(),
        _ => {
            for t in &loaded.tables {
                if !t.has_lea_column && t.rows() > 0 && t.spec.per_authority() {
                    diag.add(
                        Problem::MissingLeaColumn,
                        &t.file_name,
                        Some(1),
                        None,
                        format!(
                            "the data holds {} authorities, so every file needs an LEA column saying whose each row is",
                            named.len()
                        ),
                    );
                }
            }
            for t in loaded.tables.iter().filter(|t| t.has_lea_column) {
                let unnamed: Vec<u64> =
                    t.lea.iter().zip(&t.lines).filter(|(l, _)| **l == 0).map(|(_, line)| *line).collect();
                for line in unnamed {
                    diag.add(
                        Problem::RequiredCellEmpty,
                        &t.file_name,
                        Some(line),
                        None,
                        "the LEA cell is empty, but the data holds several authorities",
                    );
                }
            }
            return;
        }
    };
    // Fold the default into the named code so one authority has one index.
    if let Some(k) = loaded.leas.iter().skip(1).position(|c| *c == default) {
        let k = (k + 1) as u16;
        for t in &mut loaded.tables {
            for l in &mut t.lea {
                if *l == 0 {
                    *l = k;
                }
            }
        }
    }
    loaded.leas[0] = default;
}

/// Where each header cell goes: a contract column, the LEA column, or nowhere.
enum Slot {
    Column(usize),
    Lea,
    Ignored,
}

struct Header {
    slots: Vec<Slot>,
    found: Vec<Option<ColumnRef>>,
    lea: Option<ColumnRef>,
    width: usize,
}

fn read_table(
    spec: &'static FileSpec,
    path: &Path,
    interner: &mut Interner,
    authorities: &mut Authorities,
    diag: &mut Diagnostics,
) -> Option<Table> {
    let file_name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
    let fname = file_name.as_str();
    if !path.is_file() {
        diag.add(
            Problem::NotAFile,
            fname,
            None,
            None,
            format!("{fname} is a directory or other non-file; it should be a CSV file"),
        );
        return None;
    }
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(e) => {
            diag.add(Problem::Unreadable, fname, None, None, format!("cannot be read: {}", io_reason(&e)));
            return None;
        }
    };
    let bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut head = vec![0u8; 8192];
    let n = read_up_to(&mut file, &mut head);
    head.truncate(n);
    if n == 0 {
        diag.add(Problem::EmptyFile, fname, None, None, "the file is empty: it needs at least a header row");
        return None;
    }
    if let Some(what) = text::not_text(&head) {
        diag.add(Problem::NotText, fname, None, None, format!("this is not a CSV text file: {what}"));
        return None;
    }
    let skip = if head.starts_with(text::UTF8_BOM) { 3 } else { 0 };
    let mut hasher = Sha256::new();
    hasher.update(&head);
    let hashing = Hashing { inner: BufReader::with_capacity(1 << 16, file), hasher };
    let rest = std::io::Cursor::new(head[skip..].to_vec()).chain(hashing);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(rest);
    let mut record = csv::ByteRecord::new();
    let mut reader_state = Reading {
        spec,
        fname,
        diag,
        windows_1252_lines: 0,
        filled: Vec::new(),
        code_cache: vec![PlHashMap::default(); spec.columns.len()],
    };

    match reader.read_byte_record(&mut record) {
        Ok(true) => {}
        Ok(false) => {
            reader_state.diag.add(Problem::EmptyFile, fname, None, None, "the file has no header row");
            return None;
        }
        Err(e) => {
            reader_state.diag.add(Problem::Unreadable, fname, Some(1), None, csv_reason(&e));
            return None;
        }
    }
    let header = reader_state.header(&record)?;
    let mut table = Table {
        spec,
        file_name: file_name.clone(),
        found: header.found.clone(),
        columns: spec.columns.iter().map(|c| Values::for_kind(c.kind)).collect(),
        lea: Vec::new(),
        has_lea_column: header.lea.is_some(),
        lines: Vec::new(),
        bytes,
        sha256: String::new(),
    };
    let mut empty_rows = 0u64;
    let mut keys = SeenKeys::default();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map(|p| p.line());
                reader_state.diag.add(Problem::Unreadable, fname, line, None, csv_reason(&e));
                break;
            }
        }
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            empty_rows += 1;
            continue;
        }
        if record.len() != header.width {
            reader_state.diag.add(
                Problem::RaggedRow,
                fname,
                Some(line),
                None,
                format!(
                    "has {} fields but the header has {}: check for an unquoted comma or a missing cell",
                    record.len(),
                    header.width
                ),
            );
            continue;
        }
        reader_state.row(&record, &header, line, &mut table, interner, authorities, &mut keys);
    }
    let (_, hashing) = reader.into_inner().into_inner();
    table.sha256 = hashing.hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    if empty_rows > 0 {
        reader_state.diag.add(
            Problem::EmptyRows,
            fname,
            None,
            None,
            format!("{empty_rows} rows with every cell empty were skipped"),
        );
    }
    if reader_state.windows_1252_lines > 0 {
        // Reported once per file with its count, not once per cell.
        let n = reader_state.windows_1252_lines;
        reader_state.diag.add(Problem::Windows1252, fname, None, None, format!("{n} rows are not UTF-8 and were read as Windows-1252 (Excel's \"CSV (Comma delimited)\"); save as \"CSV UTF-8\" to avoid this"));
    }
    Some(table)
}

/// Passes bytes through while hashing them, so each file is read once.
struct Hashing<R> {
    inner: R,
    hasher: Sha256,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> usize {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) | Err(_) => break,
            Ok(k) => n += k,
        }
    }
    n
}

fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) => format!("reading stopped: {}", io_reason(io)),
        _ => format!("the CSV structure is broken here: {e}"),
    }
}

/// A uniqueness key: the authority and up to three parts, with no allocation for the usual
/// identifier and date keys (text keys occur only in the small comparator files).
type UniqueKey = (u16, [KeyPart; 3]);

/// Keys seen so far in one file, with the line each was first seen on.
#[derive(Default)]
struct SeenKeys {
    /// Keys of numbers only (ids, dates, small integers), packed into one integer: most files.
    packed: PlHashMap<u128, u64>,
    general: PlHashMap<UniqueKey, u64>,
}

impl SeenKeys {
    /// The line where `key` was first seen, or `None` (and remembers it) if it is new.
    fn first_seen(&mut self, key: UniqueKey, line: u64) -> Option<u64> {
        match pack(&key) {
            Some(p) => match self.packed.get(&p) {
                Some(&first) => Some(first),
                None => {
                    self.packed.insert(p, line);
                    None
                }
            },
            None => match self.general.get(&key) {
                Some(&first) => Some(first),
                None => {
                    self.general.insert(key, line);
                    None
                }
            },
        }
    }
}

/// The authority in the top 32 bits and each part in 32 bits below; `None` for text parts or
/// numbers that do not fit. A file's keys always have the same parts, so packing is unambiguous.
fn pack((lea, parts): &UniqueKey) -> Option<u128> {
    let mut packed = u128::from(*lea) << 96;
    for (i, part) in parts.iter().enumerate() {
        let bits: u32 = match part {
            KeyPart::Absent => 0,
            KeyPart::Id(k) => *k,
            KeyPart::Date(d) => {
                (*d - NaiveDate::from_ymd_opt(1900, 1, 1).expect("valid date")).num_days().try_into().ok()?
            }
            KeyPart::Int(n) => (*n).try_into().ok()?,
            KeyPart::Str(_) => return None,
        };
        packed |= u128::from(bits) << (64 - 32 * i);
    }
    Some(packed)
}

/// A part of a uniqueness key: an interned id, a date, a number or a text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum KeyPart {
    /// Filler for keys of fewer than three columns.
    Absent,
    Id(u32),
    Date(NaiveDate),
    Int(i64),
    Str(String),
}

struct Reading<'a> {
    spec: &'static FileSpec,
    fname: &'a str,
    diag: &'a mut Diagnostics,
    windows_1252_lines: u64,
    /// Which contract columns a row filled; kept between rows to save an allocation each.
    filled: Vec<bool>,
    /// Per contract column: code cells already validated, as written → dictionary index.
    code_cache: Vec<PlHashMap<Box<str>, u32>>,
}

impl Reading<'_> {
    fn header(&mut self, record: &csv::ByteRecord) -> Option<Header> {
        let fname = self.fname;
        let names: Vec<String> = record.iter().map(|f| text_of(f).trim().to_string()).collect();
        if names.len() == 1 {
            let only = &names[0];
            let guess = [(';', "semicolons"), ('\t', "tabs"), ('|', "vertical bars")]
                .into_iter()
                .find(|(c, _)| only.contains(*c));
            if let Some((_, what)) = guess {
                self.diag.add(Problem::WrongDelimiter, fname, Some(1), None, format!("the header is separated by {what}, not commas: save the file as \"CSV UTF-8 (comma delimited)\""));
                return None;
            }
        }
        let mut slots = Vec::with_capacity(names.len());
        let mut found: Vec<Option<ColumnRef>> = vec![None; self.spec.columns.len()];
        let mut lea = None;
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut ok = true;
        for (pos, name) in names.iter().enumerate() {
            let cref = ColumnRef { position: pos, name: name.clone() };
            let folded = name.to_lowercase();
            if let Some(&first) = seen.get(&folded) {
                let first_ref = ColumnRef { position: first, name: names[first].clone() };
                self.diag.add(
                    Problem::DuplicateColumn,
                    fname,
                    Some(1),
                    Some(&cref),
                    format!("`{name}` repeats {first_ref}: keep one"),
                );
                ok = false;
                slots.push(Slot::Ignored);
                continue;
            }
            seen.insert(folded, pos);
            if name.eq_ignore_ascii_case(LEA_COLUMN.name) {
                lea = Some(cref);
                slots.push(Slot::Lea);
            } else if let Some(i) = self.spec.columns.iter().position(|c| c.name.eq_ignore_ascii_case(name)) {
                found[i] = Some(cref);
                slots.push(Slot::Column(i));
            } else {
                let shown =
                    if name.is_empty() { "an unnamed column".to_string() } else { format!("`{}`", shorten(name)) };
                self.diag.add(
                    Problem::UnknownColumn,
                    fname,
                    Some(1),
                    Some(&cref),
                    format!("{shown} is not in the data contract and was ignored"),
                );
                slots.push(Slot::Ignored);
            }
        }
        for (col, f) in self.spec.columns.iter().zip(&found) {
            if col.required && f.is_none() {
                self.diag.add(
                    Problem::MissingColumn,
                    fname,
                    Some(1),
                    None,
                    format!(
                        "the header has no `{}` column ({}); columns are matched ignoring case and spaces",
                        col.name, col.meaning
                    ),
                );
                ok = false;
            }
        }
        ok.then_some(Header { slots, found, lea, width: names.len() })
    }

    #[allow(clippy::too_many_arguments)]
    fn row(
        &mut self,
        record: &csv::ByteRecord,
        header: &Header,
        line: u64,
        table: &mut Table,
        interner: &mut Interner,
        authorities: &mut Authorities,
        keys: &mut SeenKeys,
    ) {
        let mut decoded_1252 = false;
        let mut lea = 0u16;
        // Nearly every record is UTF-8 throughout: check it once, not once per cell.
        let whole = std::str::from_utf8(record.as_slice()).ok();
        let mut filled = std::mem::take(&mut self.filled);
        filled.clear();
        filled.resize(self.spec.columns.len(), false);
        // The authority first: identifiers and keys are scoped by it.
        if let Some(lref) = &header.lea {
            let raw = self.cell(record, whole, lref.position, line, lref, &mut decoded_1252);
            if let Some(raw) = raw.filter(|r| !r.trim().is_empty()) {
                match cells::lea(&raw) {
                    Some(code) => lea = authorities.key(code),
                    None => self.diag.add(
                        Problem::BadLea,
                        self.fname,
                        Some(line),
                        Some(lref),
                        format!("`{}` is not a 3-digit local authority code", shorten(&raw)),
                    ),
                }
            }
        }
        for (pos, slot) in header.slots.iter().enumerate() {
            let Slot::Column(i) = *slot else { continue };
            let col = &self.spec.columns[i];
            let cref = header.found[i].as_ref().expect("slot implies found");
            let raw = self.cell(record, whole, pos, line, cref, &mut decoded_1252);
            let values = &mut table.columns[i];
            match raw.as_deref().map(str::trim) {
                None => values.push_null(),
                Some("") => {
                    if col.required {
                        self.diag.add(
                            Problem::RequiredCellEmpty,
                            self.fname,
                            Some(line),
                            Some(cref),
                            format!("`{}` must be filled in", col.name),
                        );
                    }
                    values.push_null();
                }
                Some(text) => {
                    if let (Some(&k), Values::Strs(v)) = (self.code_cache[i].get(text), &mut *values) {
                        // A code already seen in this column, and valid then: valid now.
                        v.push_index(k);
                    } else {
                        self.parse_cell(i, col, text, values, line, cref, interner);
                    }
                }
            }
            filled[i] = true;
        }
        for (i, f) in filled.iter().enumerate() {
            if !f {
                table.columns[i].push_null();
            }
        }
        self.filled = filled;
        if decoded_1252 {
            self.windows_1252_lines += 1;
        }
        let row = table.lines.len();
        table.lines.push(line);
        table.lea.push(lea);
        self.check_unique(table, row, line, keys);
    }

    fn cell<'r>(
        &mut self,
        record: &'r csv::ByteRecord,
        whole: Option<&'r str>,
        pos: usize,
        line: u64,
        cref: &ColumnRef,
        decoded_1252: &mut bool,
    ) -> Option<Cow<'r, str>> {
        // Field boundaries fall on ASCII commas, so slicing valid UTF-8 there stays valid.
        if let Some(cell) = whole.zip(record.range(pos)).and_then(|(w, r)| w.get(r)) {
            return Some(Cow::Borrowed(cell));
        }
        match text::decode(&record[pos]) {
            text::Decoded::Utf8(s) => Some(Cow::Borrowed(s)),
            text::Decoded::Windows1252(s) => {
                *decoded_1252 = true;
                Some(Cow::Owned(s))
            }
            text::Decoded::Undecodable => {
                self.diag.add(
                    Problem::NotDecodable,
                    self.fname,
                    Some(line),
                    Some(cref),
                    "the cell is neither UTF-8 nor Windows-1252 text: save the file as \"CSV UTF-8\"",
                );
                None
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn parse_cell(
        &mut self,
        index: usize,
        col: &Column,
        text: &str,
        values: &mut Values,
        line: u64,
        cref: &ColumnRef,
        interner: &mut Interner,
    ) {
        let shown = || if col.kind.is_personal() { "the value".to_string() } else { format!("`{}`", shorten(text)) };
        let report =
            |diag: &mut Diagnostics, p: Problem, why: String| diag.add(p, self.fname, Some(line), Some(cref), why);
        match (col.kind, values) {
            (Kind::Id(ns), Values::Ids(v)) => v.push(Some(interner.key(ns, text))),
            (Kind::Date | Kind::BirthDate, Values::Dates(v)) => match cells::date(text) {
                Ok(d) => v.push(Some(d)),
                Err(why) => {
                    report(self.diag, Problem::BadDate, format!("{} {why}", shown()));
                    v.push(None);
                }
            },
            (Kind::Bool, Values::Bools(v)) => match cells::boolean(text) {
                Ok(b) => v.push(Some(b)),
                Err(why) => {
                    report(self.diag, Problem::BadBool, format!("{} {why}", shown()));
                    v.push(None);
                }
            },
            (Kind::Int { min, max }, Values::Ints(v)) => match cells::integer(text) {
                Ok(n) if (min..=max).contains(&n) => v.push(Some(n)),
                Ok(n) => {
                    report(self.diag, Problem::OutOfRange, format!("{n} is outside the allowed range {min} to {max}"));
                    v.push(None);
                }
                Err(cells::NumberError::NotWhole) => {
                    report(
                        self.diag,
                        Problem::NotWhole,
                        format!("{} is a decimal; `{}` takes whole numbers", shown(), col.name),
                    );
                    v.push(None);
                }
                Err(cells::NumberError::NotANumber) => {
                    report(self.diag, Problem::BadNumber, format!("{} is not a whole number", shown()));
                    v.push(None);
                }
            },
            (Kind::Decimal { min, max }, Values::Decimals(v)) => match cells::decimal(text) {
                Ok(n) if n >= min && n <= max => v.push(Some(n)),
                Ok(n) => {
                    report(self.diag, Problem::OutOfRange, format!("{n} is outside the allowed range {min} to {max}"));
                    v.push(None);
                }
                Err(_) => {
                    report(self.diag, Problem::BadNumber, format!("{} is not a number", shown()));
                    v.push(None);
                }
            },
            (kind, Values::Strs(v)) => {
                let problems = self.diag.total();
                let value = self.parse_text(col, kind, text, line, cref);
                let k = v.push(value.as_deref());
                // Codes that passed cleanly are remembered; anything with a problem is checked
                // (and reported) again on every row it appears.
                if let (Kind::Code(_) | Kind::Sex, Some(k), true) = (kind, k, self.diag.total() == problems) {
                    self.code_cache[index].insert(text.into(), k);
                }
            }
            _ => unreachable!("Values::for_kind matches every kind"),
        }
    }

    /// Codes, multi-valued codes, text and periods, normalised.
    fn parse_text<'t>(
        &mut self,
        col: &Column,
        kind: Kind,
        text: &'t str,
        line: u64,
        cref: &ColumnRef,
    ) -> Option<Cow<'t, str>> {
        let unknown = if col.required { Problem::UnknownCode } else { Problem::UnknownOptionalCode };
        let fname = self.fname;
        match kind {
            Kind::Code(list) => {
                let c = cells::code(text);
                if !list.contains(&&*c) {
                    self.diag.add(
                        unknown,
                        fname,
                        Some(line),
                        Some(cref),
                        format!("`{}` is not one of {}", shorten(text), list_of(list)),
                    );
                    if col.required {
                        return None;
                    }
                }
                Some(c)
            }
            Kind::Sex => match cells::sex(text) {
                Some(s) => Some(Cow::Borrowed(s)),
                None => {
                    self.diag.add(
                        unknown,
                        fname,
                        Some(line),
                        Some(cref),
                        format!("`{}` is not M, F or U (or 1, 2, 0, 9)", shorten(text)),
                    );
                    None
                }
            },
            Kind::Multi(list) => {
                let codes = cells::multi(text);
                let bad: Vec<&String> = codes.iter().filter(|c| !list.contains(&c.as_str())).collect();
                if !bad.is_empty() {
                    let shown: Vec<String> = bad.iter().map(|b| format!("`{}`", shorten(b))).collect();
                    self.diag.add(
                        unknown,
                        fname,
                        Some(line),
                        Some(cref),
                        format!("{} not in the code list", shown.join(", ")),
                    );
                }
                Some(Cow::Owned(codes.join(";")))
            }
            Kind::FinancialYear => match text.parse::<crate::period::FinancialYear>() {
                Ok(y) => Some(Cow::Owned(y.to_string())),
                Err(e) => {
                    self.diag.add(Problem::BadPeriod, fname, Some(line), Some(cref), e.to_string());
                    None
                }
            },
            Kind::YearOrMonth => {
                if let Ok(y) = text.parse::<crate::period::FinancialYear>() {
                    Some(Cow::Owned(y.to_string()))
                } else if let Some((y, m)) = cells::month(text) {
                    Some(Cow::Owned(format!("{y}-{m:02}")))
                } else {
                    self.diag.add(
                        Problem::BadPeriod,
                        fname,
                        Some(line),
                        Some(cref),
                        format!("`{}` is neither a financial year (2017-18) nor a month (2017-04)", shorten(text)),
                    );
                    None
                }
            }
            _ => Some(Cow::Borrowed(text)),
        }
    }

    fn check_unique(&mut self, table: &Table, row: usize, line: u64, keys: &mut SeenKeys) {
        if self.spec.unique.is_empty() {
            return;
        }
        let mut parts = [KeyPart::Absent, KeyPart::Absent, KeyPart::Absent];
        for (slot, name) in parts.iter_mut().zip(self.spec.unique) {
            let part = match table.values(name) {
                Values::Ids(v) => v[row].map(KeyPart::Id),
                Values::Dates(v) => v[row].map(KeyPart::Date),
                Values::Ints(v) => v[row].map(KeyPart::Int),
                Values::Strs(v) => v.get(row).map(|s| KeyPart::Str(s.to_lowercase())),
                _ => None,
            };
            // A key with an empty or bad cell is already an error; do not also call it a duplicate.
            let Some(part) = part else { return };
            *slot = part;
        }
        if let Some(first) = keys.first_seen((table.lea[row], parts), line) {
            let names = self.spec.unique.join(" + ");
            let column =
                (self.spec.unique.len() == 1).then(|| table.column_ref(self.spec.unique[0]).cloned()).flatten();
            self.diag.add(
                Problem::DuplicateKey,
                self.fname,
                Some(line),
                column.as_ref(),
                format!("the same {names} as line {first}; each must be unique"),
            );
        }
    }
}

fn text_of(bytes: &[u8]) -> String {
    match text::decode(bytes) {
        text::Decoded::Utf8(s) => s.to_string(),
        text::Decoded::Windows1252(s) => s,
        text::Decoded::Undecodable => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// Keeps messages short whatever is in a cell (a 5 MB field stays one line).
pub fn shorten(s: &str) -> String {
    const MAX: usize = 40;
    let one_line: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if one_line.chars().count() <= MAX {
        one_line
    } else {
        let cut: String = one_line.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

fn list_of(codes: &[&str]) -> String {
    if codes.len() <= 8 {
        codes.join(", ")
    } else {
        format!("{}, … {} (see datasets/README.md)", codes[..4].join(", "), codes[codes.len() - 1])
    }
}
