//! Stage 1: read every file of the data contract into typed columns.
//!
//! Each file is read once, streaming, with the `csv` crate (which knows physical line
//! numbers). Cells are parsed as they are read; a cell that cannot be parsed becomes a
//! diagnostic and an empty value. Identifiers are replaced by integer keys here, so no
//! identifier string travels further than this module.
//!
//! `files` finds and opens the files, `read` reads one file's header and records, `row` parses
//! a record's cells, `keys` turns identifiers into keys, `table` holds the typed columns.

mod annex_a;
pub mod cells;
mod combine;
pub mod files;
mod keys;
pub mod personal;
pub mod previous;
pub mod published;
mod read;
pub mod recognise;
mod row;
pub mod table;
pub mod text;
mod xml;
mod xml_record;
mod xml_schemas;
mod xml_stream;

pub use combine::close_what_later_returns_drop;
pub use personal::shorten;
pub use table::{Table, Texts, Values};

use crate::contract::{FILES, FileSpec};
use crate::diagnostics::{Diagnostics, Problem};
use keys::{Authorities, Interner, merge_keys};
use std::path::{Path, PathBuf};

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

/// Reads every contract file in `dir`. Problems go to `diag`; files that cannot be read at
/// all are left out of the result.
pub fn load_dir(dir: &Path, default_lea: Option<&str>, diag: &mut Diagnostics) -> Loaded {
    let listing = files::list_dir(dir, diag);
    let found = recognise::recognise(&listing, dir, diag);
    let mut jobs = csv_jobs(dir, &found.files, diag);
    jobs.extend(xml_jobs(&found.returns));
    jobs.extend(found.workbooks.iter().map(|p| Job::Workbook(p.clone())));
    if found.files.is_empty() && found.returns.is_empty() && found.workbooks.is_empty() {
        let why = format!(
            "{} holds none of the data contract's files (datasets/README.md lists them, with the names and headers they are recognised by)",
            dir.display()
        );
        diag.add(Problem::MissingFile, &dir.display().to_string(), None, None, why);
    }
    // Each file is read on its own thread with its own interner; the results are merged in
    // contract order, so the outcome does not depend on which file finished first.
    let started = std::time::Instant::now();
    let read = parallel_map(jobs, |job| {
        let (mut interner, mut authorities, mut local) = (Interner::default(), Authorities::new(), Diagnostics::new());
        let tables = match job {
            Job::Csv(spec, path) => {
                let name = files::relative_name(dir, &path);
                read::read_table(spec, &path, &name, &mut interner, &mut authorities, &mut local).into_iter().collect()
            }
            Job::Xml(schema, path) => {
                let name = files::shown_name(dir, &path);
                xml::read_return(schema, &path, &name, &mut interner, &mut authorities, &mut local)
                    .map_or_else(Vec::new, |r| r.tables)
            }
            Job::Workbook(path) => {
                let name = files::shown_name(dir, &path);
                annex_a::read_workbook(&path, &name, &mut interner, &mut authorities, &mut local)
            }
        };
        (tables, interner, authorities, local)
    });
    let mut interner = Interner::default();
    let mut authorities = Authorities::new();
    let mut tables = Vec::new();
    for (read_tables, local_ids, local_leas, local_diag) in read {
        diag.extend(local_diag);
        for mut t in read_tables {
            merge_keys(&mut t, &local_ids, &local_leas, &mut interner, &mut authorities);
            tables.push(t);
        }
    }
    tables.sort_by_key(|t| FILES.iter().position(|f| f.stem == t.spec.stem));
    crate::timing("load: reading files", started);
    let started = std::time::Instant::now();
    let tables = combine::combine(tables, diag);
    crate::timing("load: combining returns", started);
    let mut loaded = Loaded { tables, leas: authorities.codes };
    resolve_default_authority(&mut loaded, default_lea, diag);
    loaded
}

/// A file to read: a contract CSV, a return in XML, or an Annex A workbook (several tables each).
enum Job {
    Csv(&'static FileSpec, PathBuf),
    Xml(&'static xml_schemas::Schema, PathBuf),
    Workbook(PathBuf),
}

/// The CSV files to read: every file recognised, several years' returns of one contract file
/// too (they are combined once read). Two files under the contract's own name in one folder
/// (`Referrals.CSV` beside `referrals.csv`) are an error: which is meant?
fn csv_jobs(dir: &Path, found: &[recognise::Recognised], diag: &mut Diagnostics) -> Vec<Job> {
    let mut jobs = Vec::new();
    for spec in FILES {
        let matches: Vec<&recognise::Recognised> = found.iter().filter(|r| r.spec.stem == spec.stem).collect();
        let folder = |r: &recognise::Recognised| r.path.parent().map(Path::to_path_buf);
        let mut refused = Vec::new();
        for (i, r) in matches.iter().enumerate().filter(|(_, r)| !r.by_header) {
            let twins: Vec<&&recognise::Recognised> =
                matches.iter().filter(|o| !o.by_header && folder(o) == folder(r)).collect();
            if twins.len() > 1 && twins[0].path == r.path {
                let names: Vec<String> = twins.iter().map(|t| files::shown_name(dir, &t.path)).collect();
                let why = format!("found {}: keep one", names.join(" and "));
                diag.add(Problem::DuplicateFile, &spec.file_name(), None, None, why);
            }
            if twins.len() > 1 {
                refused.push(i);
            }
        }
        for (i, r) in matches.iter().enumerate() {
            if !refused.contains(&i) {
                jobs.push(Job::Csv(spec, r.path.clone()));
            }
        }
    }
    jobs
}

/// The XML returns to read.
fn xml_jobs(returns: &[recognise::XmlFound]) -> Vec<Job> {
    returns.iter().map(|r| Job::Xml(r.schema, r.path.clone())).collect()
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

/// Rows without an authority of their own belong to the only authority named anywhere,
/// else to `lea` in report.toml. With several authorities, every file needs the column.
fn resolve_default_authority(loaded: &mut Loaded, default_lea: Option<&str>, diag: &mut Diagnostics) {
    let named: Vec<&str> = loaded.leas.iter().skip(1).map(String::as_str).collect();
    let default = match named.as_slice() {
        [] => default_lea.unwrap_or_default().to_string(),
        [one] => one.to_string(),
        _ => {
            for t in &loaded.tables {
                if !t.has_lea_column && t.rows() > 0 && t.spec.per_authority() {
                    diag.add(
                        Problem::MissingLeaColumn,
                        t.file_name(),
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
                let unnamed: Vec<usize> = (0..t.rows()).filter(|&r| t.lea[r] == 0).collect();
                for row in unnamed {
                    diag.add(
                        Problem::RequiredCellEmpty,
                        t.file_of(row),
                        Some(t.lines[row]),
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
            let parts = t.parts.iter_mut().flat_map(|p| p.leas.iter_mut());
            for l in t.lea.iter_mut().chain(parts) {
                if *l == 0 {
                    *l = k;
                }
            }
        }
    }
    loaded.leas[0] = default;
}
