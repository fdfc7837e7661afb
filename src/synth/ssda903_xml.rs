//! Each year's SSDA903 return as the XML an authority sends to the DfE (`EXPSSDA903`): the
//! same records as the year's CSV return, one `CHILD` each with its `HEADER` (the year's
//! reviews and missing episodes inside it, its UASC, care leaver and adoption fields among its
//! own) and its `EPISODE`s. The XML names no authority, so it is written only
//! for a single authority.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One table of the year's return: its header and the rows held.
pub(super) struct Held<'a> {
    pub header: &'a csv::StringRecord,
    pub rows: Vec<&'a csv::StringRecord>,
}

impl Held<'_> {
    fn get<'r>(&self, row: &'r csv::StringRecord, name: &str) -> &'r str {
        self.header.iter().position(|h| h == name).map_or("", |i| &row[i])
    }

    /// Rows by child, in the table's order.
    fn by_child(&self) -> BTreeMap<&str, Vec<&csv::StringRecord>> {
        let mut m: BTreeMap<&str, Vec<&csv::StringRecord>> = BTreeMap::new();
        for r in &self.rows {
            m.entry(self.get(r, "CHILD")).or_default().push(r);
        }
        m
    }
}

/// Header leaves in the XSD's order; `CHILD` is written `CHILDID`.
const HEADER: &[&str] = &["CHILD", "UPN", "SEX", "DOB", "ETHNIC", "MOTHER", "MC_DOB"];
/// Episode leaves; `PLACE` is written `PL`. The XML has no PL_LOCATION or PL_DISTANCE.
const EPISODE: &[&str] = &[
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PL_POST",
    "HOME_POST",
    "URN",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "REASON_PLACE_CHANGE",
];

fn leaf(out: &mut String, indent: usize, name: &str, value: &str) {
    if value.is_empty() {
        return;
    }
    let name = match name {
        "CHILD" => "CHILDID",
        "PLACE" => "PL",
        n => n,
    };
    let value = quick_xml::escape::escape(value);
    let _ = writeln!(out, "{:indent$}<{name}>{value}</{name}>", "");
}

/// Elements inside the header, one per row: the review and missing tables.
const REPEATED: &[(&str, &[&str])] =
    &[("AREVIEW", &["REVIEW", "REVIEW_CODE"]), ("AMISSING", &["MISSING", "MIS_START", "MIS_END"])];

/// Header leaves from one row of another table (UASC, OC3, AD1), at most one a child, with
/// the header flag a row of the table sets (a child in the UASC table is flagged, ceased or not).
const FOLDED: &[(Option<&str>, &[&str])] = &[
    (Some("UASC"), &["DUC"]),
    (None, &["IN_TOUCH", "ACTIV", "ACCOM"]),
    (None, &["DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"]),
];

/// The return's XML: each child of `headers` with their episodes, the tables held inside the
/// header (`repeated`: reviews, missing) and those whose fields are the header's (`folded`:
/// UASC, OC3, AD1).
pub(super) fn return_xml(headers: &Held, episodes: &Held, repeated: &[Held], folded: &[Held]) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<EXPSSDA903>\n");
    let episodes_of = episodes.by_child();
    let repeated_of: Vec<_> = repeated.iter().map(Held::by_child).collect();
    let folded_of: Vec<_> = folded.iter().map(Held::by_child).collect();
    for h in &headers.rows {
        let child = headers.get(h, "CHILD");
        xml.push_str("  <CHILD>\n    <HEADER>\n");
        for name in HEADER {
            leaf(&mut xml, 6, name, headers.get(h, name));
        }
        for ((table, rows), (flag, leaves)) in folded.iter().zip(&folded_of).zip(FOLDED) {
            if let Some(r) = rows.get(child).and_then(|r| r.last()) {
                if let Some(flag) = flag {
                    leaf(&mut xml, 6, flag, "1");
                }
                for name in *leaves {
                    leaf(&mut xml, 6, name, table.get(r, name));
                }
            }
        }
        for ((table, rows), (element, leaves)) in repeated.iter().zip(&repeated_of).zip(REPEATED) {
            for r in rows.get(child).into_iter().flatten() {
                let _ = writeln!(xml, "      <{element}>");
                for name in *leaves {
                    leaf(&mut xml, 8, name, table.get(r, name));
                }
                let _ = writeln!(xml, "      </{element}>");
            }
        }
        xml.push_str("    </HEADER>\n");
        for e in episodes_of.get(child).into_iter().flatten() {
            xml.push_str("    <EPISODE>\n");
            for name in EPISODE {
                leaf(&mut xml, 6, name, episodes.get(e, name));
            }
            xml.push_str("    </EPISODE>\n");
        }
        xml.push_str("  </CHILD>\n");
    }
    xml.push_str("</EXPSSDA903>\n");
    xml
}
