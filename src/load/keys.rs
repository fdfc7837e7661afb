//! Identifier keys: identifiers become integers as they are read (no identifier string goes
//! further than loading), authority codes become indexes, and uniqueness keys are checked.

use super::table::{Table, Values};
use crate::contract::{Kind, Namespace};
use chrono::NaiveDate;
use polars::prelude::PlHashMap;

/// Interns identifier strings per namespace.
/// Interns identifiers per namespace. polars' hash map (a fast, non-cryptographic hasher)
/// rather than std's SipHash: the keys come from our own files, not from an attacker.
#[derive(Default)]
pub(super) struct Interner {
    /// One map per namespace, indexed by the namespace's position.
    maps: [PlHashMap<Box<str>, u32>; 6],
}

impl Interner {
    pub(super) fn map(&self, ns: Namespace) -> &PlHashMap<Box<str>, u32> {
        &self.maps[ns as usize]
    }

    pub(super) fn key(&mut self, ns: Namespace, id: &str) -> u32 {
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
pub(super) struct Authorities {
    pub(super) codes: Vec<String>,
    index: PlHashMap<String, u16>,
    /// The last code looked up: rows of one authority usually come together.
    last: Option<(String, u16)>,
}

impl Authorities {
    pub(super) fn new() -> Self {
        Self { codes: vec![String::new()], index: PlHashMap::default(), last: None }
    }

    pub(super) fn key(&mut self, code: &str) -> u16 {
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

/// Rewrites a table's identifier and authority keys from its own interner to the shared one.
pub(super) fn merge_keys(
    t: &mut Table,
    ids: &Interner,
    leas: &Authorities,
    global: &mut Interner,
    global_leas: &mut Authorities,
) {
    let lea_map: Vec<u16> =
        leas.codes.iter().enumerate().map(|(i, c)| if i == 0 { 0 } else { global_leas.key(c) }).collect();
    for l in &mut t.lea {
        *l = lea_map[*l as usize];
    }
    for (col, values) in t.spec.columns.iter().zip(&mut t.columns) {
        let (Kind::Id(ns), Values::Ids(v)) = (col.kind, values) else { continue };
        // Contacts, delegates, reviews and actions are only compared within their own file.
        if matches!(ns, Namespace::Contact | Namespace::Delegate | Namespace::Review | Namespace::Action) {
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

/// A uniqueness key: the authority and up to three parts, with no allocation for the usual
/// identifier and date keys (text keys occur only in the small comparator files).
pub(super) type UniqueKey = (u16, [KeyPart; 3]);

/// Keys seen so far in one file, with the line each was first seen on.
#[derive(Default)]
pub(super) struct SeenKeys {
    /// Keys of numbers only (ids, dates, small integers), packed into one integer: most files.
    packed: PlHashMap<u128, u64>,
    general: PlHashMap<UniqueKey, u64>,
}

impl SeenKeys {
    /// The line where `key` was first seen, or `None` (and remembers it) if it is new.
    pub(super) fn first_seen(&mut self, key: UniqueKey, line: u64) -> Option<u64> {
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
pub(super) enum KeyPart {
    /// Filler for keys of fewer than three columns.
    Absent,
    Id(u32),
    Date(NaiveDate),
    Int(i64),
    Str(String),
}
