//! Which contract file each file of the folder is: by its name (`lac_episodes.csv`, any case),
//! or, failing that, by its header row, so a return under the names the DfE's guidance and the
//! sector's tools use (`episodes.csv`, `SSDA903_Episodes_2018.csv`, `header.csv`) is read as it
//! is. Every other file is accounted for: a CSV recognised as nothing, and a return format not
//! read yet (XML, workbooks), are warnings naming it.

use crate::contract::{FILES, FileSpec};
use crate::diagnostics::{Diagnostics, Problem};
use std::path::{Path, PathBuf};

/// How much of a file is read to find its header row.
const HEADER_BYTES: u64 = 64 * 1024;

/// A file of the folder, and the contract file it was taken for.
#[derive(Debug, Clone)]
pub struct Recognised {
    pub spec: &'static FileSpec,
    pub path: PathBuf,
    /// Taken for it by its header row, not its name.
    pub by_header: bool,
}

fn name_of(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// The header row's names, trimmed, from the first line of the file (UTF-8 or Windows-1252,
/// a byte-order mark dropped); `None` when it cannot be read.
fn header_names(path: &Path, root: &Path) -> Option<Vec<String>> {
    use std::io::Read;
    if !super::files::within(root, path) {
        return None;
    }
    let mut head = Vec::new();
    std::fs::File::open(path).ok()?.take(HEADER_BYTES).read_to_end(&mut head).ok()?;
    let line = head.split(|&b| b == b'\n' || b == b'\r').next()?;
    let text = super::row::text_of(line);
    let text = text.trim_start_matches('\u{feff}');
    Some(text.split(',').map(|n| n.trim().trim_matches('"').trim().to_string()).collect())
}

/// The contract files whose required columns the header holds, and which name at least two
/// and a third of its columns (a CIN plans extract has `LAchildID`, but is not `children.csv`),
/// best match first (the one whose columns the header names most of).
fn candidates(names: &[String]) -> Vec<&'static FileSpec> {
    let mut found: Vec<(usize, &'static FileSpec)> = FILES
        .iter()
        .filter(|spec| spec.columns.iter().filter(|c| c.required).all(|c| names.iter().any(|n| c.is_named(n))))
        .map(|spec| (names.iter().filter(|n| spec.column(n).is_some()).count(), spec))
        .filter(|(known, _)| *known >= 2 && known * 3 >= names.len())
        .collect();
    found.sort_by(|a, b| b.0.cmp(&a.0));
    // A tie for the best match names no file: `CHILD,DOB` could be any of the return's tables.
    if found.len() > 1 && found[0].0 == found[1].0 {
        return Vec::new();
    }
    found.into_iter().map(|(_, s)| s).collect()
}

/// Each contract file found in `listing`, by name first, then by header. Problems (two files
/// for one contract file, a file recognised as nothing, a format not read yet) go to `diag`.
pub fn recognise(listing: &[PathBuf], root: &Path, diag: &mut Diagnostics) -> Vec<Recognised> {
    let mut found: Vec<Recognised> = Vec::new();
    let mut rest: Vec<&PathBuf> = Vec::new();
    // A file a contract name links to is that file, not a second one.
    let same_file = |a: &Path, found: &[Recognised]| {
        let a = a.canonicalize().ok();
        a.is_some() && found.iter().any(|r| r.path.canonicalize().ok() == a)
    };
    for path in listing {
        let name = name_of(path);
        match FILES.iter().find(|s| s.file_name().eq_ignore_ascii_case(&name)) {
            Some(spec) => found.push(Recognised { spec, path: path.clone(), by_header: false }),
            None => rest.push(path),
        }
    }
    for path in rest {
        let name = super::personal::shown_file_name(&name_of(path));
        if has_extension(path, "xml") || has_extension(path, "xlsx") || has_extension(path, "xls") {
            let why = format!(
                "{name} was not read: statutory returns as XML and Annex A workbooks are not read yet; export the return as CSV (see datasets/README.md)"
            );
            diag.add(Problem::NotRecognised, &name, None, None, why);
            continue;
        }
        if !has_extension(path, "csv") || !path.is_file() || same_file(path, &found) {
            continue;
        }
        let Some(header) = header_names(path, root) else { continue };
        match candidates(&header).first() {
            Some(spec) => found.push(Recognised { spec, path: path.clone(), by_header: true }),
            None => {
                // Its first row is not quoted: a file with no header row starts with data,
                // which in a folder of children's records may be a name.
                let why = format!(
                    "{name} was not read: its first row ({} columns) is not the header of any file of the data contract (datasets/README.md lists each file's columns)",
                    header.len()
                );
                diag.add(Problem::NotRecognised, &name, None, None, why);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &str) -> Vec<String> {
        names.split(',').map(str::to_string).collect()
    }

    #[test]
    fn a_header_names_its_file() {
        // The best match: the file whose columns the header names most of.
        let best = |names: &str| candidates(&header(names)).first().map(|s| s.stem);
        // The SSDA903 tables under the DfE's column names.
        let episodes = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN";
        assert_eq!(best(episodes), Some("lac_episodes"));
        assert_eq!(best("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"), Some("lac_header"));
        assert_eq!(best("CHILD,SEX,DOB,DUC"), Some("lac_uasc"));
        assert_eq!(best("CHILD,DOB,REVIEW,REVIEW_CODE"), Some("lac_reviews"));
        assert_eq!(best("LAchildID,CPPstartDate,CPPreviewDate"), Some("cp_reviews"));
        // The CIN census's ChildIdentifiers as exported, beside its characteristics.
        let identifiers =
            "LAchildID,UPN,FormerUPN,UPNunknown,PersonBirthDate,ExpectedPersonBirthDate,GenderCurrent,PersonDeathDate";
        assert_eq!(best(identifiers), Some("children"));
        // Nothing for a header no file has, nor for one sharing only the child's id.
        assert_eq!(best("LAchildID,CINPlanStartDate,CINPlanEndDate"), None);
        assert_eq!(best("a,b,c"), None);
        assert_eq!(best("CHILD,DOB"), None, "a tie between the return's tables");
    }
}
