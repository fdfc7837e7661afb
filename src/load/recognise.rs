//! Which contract file each file of the folder is: by its name (`lac_episodes.csv`, any case),
//! or, failing that, by its header row, so a return under the names the DfE's guidance and the
//! sector's tools use (`episodes.csv`, `SSDA903_Episodes_2018.csv`, `header.csv`) is read as it
//! is. XML returns are known by their root element and `.xlsx` workbooks are read as Ofsted's
//! Annex A. Every other file is accounted for: a CSV or XML recognised as nothing is a warning
//! naming it.

use super::xml_schemas::Schema;
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

/// A statutory return in XML, found by its root element whatever its name.
pub(super) struct XmlFound {
    pub path: PathBuf,
    pub schema: &'static Schema,
}

/// What the folder holds that safeguard reads.
pub(super) struct Found {
    pub files: Vec<Recognised>,
    pub returns: Vec<XmlFound>,
    /// Excel workbooks, read as Ofsted's Annex A.
    pub workbooks: Vec<PathBuf>,
}

fn name_of(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// The first bytes of a regular file inside `root`, else `None`.
fn head_of(path: &Path, root: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    if !path.is_file() || !super::files::within(root, path) {
        return None;
    }
    let mut head = Vec::new();
    std::fs::File::open(path).ok()?.take(HEADER_BYTES).read_to_end(&mut head).ok()?;
    Some(head)
}

/// The root element's name of XML text (after a byte-order mark, the declaration, comments and
/// a doctype); `None` when the text does not begin as XML does.
fn xml_root(head: &[u8]) -> Option<String> {
    let mut rest = head.strip_prefix(super::text::UTF8_BOM).unwrap_or(head);
    loop {
        rest = &rest[rest.iter().position(|b| !b.is_ascii_whitespace())?..];
        let skip_past = |rest: &[u8], end: &[u8]| rest.windows(end.len()).position(|w| w == end).map(|i| i + end.len());
        if rest.starts_with(b"<?") {
            rest = &rest[skip_past(rest, b"?>")?..];
        } else if rest.starts_with(b"<!--") {
            rest = &rest[skip_past(rest, b"-->")?..];
        } else if rest.starts_with(b"<!") {
            rest = &rest[skip_past(rest, b">")?..];
        } else if let Some(tag) = rest.strip_prefix(b"<") {
            let end = tag.iter().position(|b| b.is_ascii_whitespace() || b"/>".contains(b))?;
            return std::str::from_utf8(&tag[..end]).ok().filter(|n| !n.is_empty()).map(str::to_string);
        } else {
            return None;
        }
    }
}

/// The header row's names, trimmed, from the first line of the file (UTF-8 or Windows-1252,
/// a byte-order mark dropped).
fn header_names(head: &[u8]) -> Option<Vec<String>> {
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
pub(super) fn recognise(listing: &[PathBuf], root: &Path, diag: &mut Diagnostics) -> Found {
    let mut found: Vec<Recognised> = Vec::new();
    let mut returns: Vec<XmlFound> = Vec::new();
    let mut workbooks: Vec<PathBuf> = Vec::new();
    let mut rest: Vec<&PathBuf> = Vec::new();
    // A file a contract name links to is that file, not a second one.
    let same_file = |a: &Path, found: &[Recognised]| {
        let a = a.canonicalize().ok();
        a.is_some() && found.iter().any(|r| r.path.canonicalize().ok() == a)
    };
    for path in listing {
        let name = name_of(path);
        // XML is known by its root element, whatever the file is called (but a narrative's
        // Markdown or a settings file beginning with `<!--` is not XML).
        let may_be_xml = has_extension(path, "xml") || has_extension(path, "csv");
        if let Some(xml) = head_of(path, root).as_deref().filter(|_| may_be_xml).and_then(xml_root) {
            let shown = super::files::shown_name(root, path);
            match super::xml_schemas::by_root(&xml) {
                Some(schema) => returns.push(XmlFound { path: path.clone(), schema }),
                None => {
                    let root = if super::personal::could_identify(&xml) {
                        "an unknown element".to_string()
                    } else {
                        format!("<{xml}>")
                    };
                    let why = format!(
                        "{shown} was not read: it is XML whose root element is {root}, which is no return safeguard reads"
                    );
                    diag.add(Problem::NotRecognised, &shown, None, None, why);
                }
            }
            continue;
        }
        match FILES.iter().find(|s| s.file_name().eq_ignore_ascii_case(&name)) {
            Some(spec) => found.push(Recognised { spec, path: path.clone(), by_header: false }),
            None => rest.push(path),
        }
    }
    for path in rest {
        let name = super::files::shown_name(root, path);
        if has_extension(path, "xml") {
            let why = format!("{name} was not read: it does not begin as XML does (it may be empty, or not text)");
            diag.add(Problem::NotRecognised, &name, None, None, why);
            continue;
        }
        if has_extension(path, "xlsx") {
            workbooks.push(path.clone());
            continue;
        }
        if has_extension(path, "xls") {
            let why = format!("{name} was not read: it is an Excel 97–2003 workbook; save it as .xlsx");
            diag.add(Problem::NotRecognised, &name, None, None, why);
            continue;
        }
        if !has_extension(path, "csv") || !path.is_file() || same_file(path, &found) {
            continue;
        }
        let Some(header) = head_of(path, root).as_deref().and_then(header_names) else { continue };
        match candidates(&header).first() {
            Some(spec) => found.push(Recognised { spec, path: path.clone(), by_header: true }),
            None => {
                // Its first row is not quoted: a file with no header row starts with data,
                // which in a folder of children's records may be a name.
                let mut why = format!(
                    "{name} was not read: its first row ({} columns) is not the header of any file of the data contract (datasets/README.md lists each file's columns)",
                    header.len()
                );
                if let Some(meant) = near_miss(&name_of(path)) {
                    why.push_str(&format!("; if it is {meant}, name it so"));
                }
                diag.add(Problem::NotRecognised, &name, None, None, why);
            }
        }
    }
    Found { files: found, returns, workbooks }
}

/// The contract file a name misspells (`refferals.csv`, `Contacts .csv`): one within two
/// edits of its stem, ignoring case and spaces.
fn near_miss(name: &str) -> Option<String> {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s).to_lowercase().replace(' ', "");
    FILES.iter().find(|s| edits(&stem, s.stem) <= 2).map(|s| s.file_name())
}

/// Levenshtein distance.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(here + 1);
            prev = here;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &str) -> Vec<String> {
        names.split(',').map(str::to_string).collect()
    }

    #[test]
    fn a_near_miss_names_the_file_meant() {
        assert_eq!(near_miss("refferals.csv").as_deref(), Some("referrals.csv"));
        assert_eq!(near_miss("CP_Plan.csv").as_deref(), Some("cp_plans.csv"));
        assert_eq!(near_miss("Contacts .csv").as_deref(), Some("contacts.csv"));
        assert_eq!(near_miss("notes.csv"), None);
        assert_eq!(near_miss("budgets.csv").as_deref(), Some("budget.csv"));
        assert_eq!(near_miss("finance.csv"), None);
    }

    #[test]
    fn xml_is_known_by_its_root_element() {
        let root = |s: &str| xml_root(s.as_bytes());
        assert_eq!(root("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message>"), Some("Message".into()));
        assert_eq!(root("\u{feff}<!-- exported -->\n<!DOCTYPE x>\n  <EXPSSDA903 a=\"1\">"), Some("EXPSSDA903".into()));
        assert_eq!(root("<Message/>"), Some("Message".into()));
        assert_eq!(root("LAchildID,ContactDate\n"), None);
        assert_eq!(root("<?xml version=\"1.0\""), None, "cut short in the declaration");
    }

    #[test]
    fn a_header_names_its_file() {
        // The best match: the file whose columns the header names most of.
        let best = |names: &str| candidates(&header(names)).first().map(|s| s.stem);
        assert_eq!(header_names(b"\xef\xbb\xbfCHILD, DOB\r\n1,2"), Some(vec!["CHILD".into(), "DOB".into()]));
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
