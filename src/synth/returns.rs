//! Each year's SSDA903 return, cut from the synthetic extract as a local authority sends it to
//! the DfE: every episode open at some point in the collection year (one still open at the
//! year's end without its end date), the header of each child with one, and the reviews held
//! in the year, under the DfE's file names and columns; for a single authority, the same
//! return as the DfE's XML too (`returns-903-xml/<year>/`).

use super::options::SynthOptions;
use super::ssda903_xml::{Held, return_xml};
use crate::load::cells::date;
use crate::period::FinancialYear;
use std::collections::BTreeSet;
use std::io;
use std::path::Path;

fn read(path: &Path) -> io::Result<(csv::StringRecord, Vec<csv::StringRecord>)> {
    let mut r = csv::Reader::from_path(path).map_err(io::Error::other)?;
    let header = r.headers().map_err(io::Error::other)?.clone();
    let rows = r.records().collect::<Result<Vec<_>, _>>().map_err(io::Error::other)?;
    Ok((header, rows))
}

fn write_table(path: &Path, header: &csv::StringRecord, rows: &[&csv::StringRecord]) -> io::Result<()> {
    let mut w = csv::Writer::from_path(path).map_err(io::Error::other)?;
    w.write_record(header).map_err(io::Error::other)?;
    for r in rows {
        w.write_record(*r).map_err(io::Error::other)?;
    }
    w.flush()
}

fn column(header: &csv::StringRecord, name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap_or_else(|| panic!("synth writes a {name} column"))
}

/// The extract's table `name`, with a row's key (authority if several, child).
struct Table {
    header: csv::StringRecord,
    rows: Vec<csv::StringRecord>,
    lea: Option<usize>,
    child: usize,
}

impl Table {
    fn read(opts: &SynthOptions, name: &str) -> io::Result<Self> {
        let (header, rows) = read(&opts.out.join(name))?;
        let (lea, child) = (header.iter().position(|c| c == "LEA"), column(&header, "CHILD"));
        Ok(Self { header, rows, lea, child })
    }

    fn key(&self, r: &csv::StringRecord) -> (Option<String>, String) {
        (self.lea.map(|l| r[l].to_string()), r[self.child].to_string())
    }

    fn col(&self, name: &str) -> usize {
        column(&self.header, name)
    }
}

/// Writes `returns/<year>/` for each year synthesised.
pub fn write(opts: &SynthOptions) -> io::Result<()> {
    let [episodes, headers, reviews, missing, uasc, oc3, ad1] = [
        "lac_episodes.csv",
        "lac_header.csv",
        "lac_reviews.csv",
        "lac_missing.csv",
        "lac_uasc.csv",
        "lac_oc3.csv",
        "lac_ad1.csv",
    ]
    .map(|name| Table::read(opts, name));
    let (episodes, headers, reviews, missing, uasc, oc3, ad1) =
        (episodes?, headers?, reviews?, missing?, uasc?, oc3?, ad1?);
    let (decom, dec, rec) = (episodes.col("DECOM"), episodes.col("DEC"), episodes.col("REC"));
    let day = |s: &str| date(s).ok();
    // OC3 rows carry their collection year in the extract; a return's OC3 table does not.
    let oc3_year = oc3.col("CollectionYear");
    let oc3_header: csv::StringRecord = oc3.header.iter().filter(|c| *c != "CollectionYear").collect();
    for y in 0..opts.years {
        let year = FinancialYear::new(opts.end_year.start_year - y as i32);
        let open = |r: &&csv::StringRecord| {
            let started = day(&r[decom]).is_some_and(|d| d <= year.last_day());
            started && day(&r[dec]).is_none_or(|d| d >= year.first_day())
        };
        let held: Vec<&csv::StringRecord> = episodes.rows.iter().filter(open).collect();
        let leavers: Vec<csv::StringRecord> = oc3
            .rows
            .iter()
            .filter(|r| r[oc3_year] == *year.to_string())
            .map(|r| r.iter().enumerate().filter(|(i, _)| *i != oc3_year).map(|(_, v)| v).collect())
            .collect();
        // The return's children: those looked after in the year, and its care leavers.
        let mut children: BTreeSet<_> = held.iter().map(|r| episodes.key(r)).collect();
        children.extend(leavers.iter().map(|r| oc3.key(r)));
        let in_year = |t: &Table, c: &str| {
            let i = t.col(c);
            move |r: &&csv::StringRecord| day(&r[i]).is_some_and(|d| year.contains(d))
        };
        let dir = opts.out.join("returns").join(year.to_string());
        std::fs::create_dir_all(&dir)?;
        // An episode ending after the year is open on the return's reference date: its end,
        // and why it ended, are not known yet.
        let change = episodes.header.iter().position(|c| c == "REASON_PLACE_CHANGE");
        let as_returned: Vec<csv::StringRecord> = held
            .iter()
            .map(|r| {
                if day(&r[dec]).is_none_or(|d| d <= year.last_day()) {
                    return (*r).clone();
                }
                let blank = |i: usize| i == dec || i == rec || Some(i) == change;
                r.iter().enumerate().map(|(i, v)| if blank(i) { "" } else { v }).collect()
            })
            .collect();
        let adopted: BTreeSet<_> = held
            .iter()
            .filter(|r| matches!(&r[rec], "E11" | "E12") && day(&r[dec]).is_some_and(|d| year.contains(d)))
            .map(|r| episodes.key(r))
            .collect();
        fn theirs<'t>(t: &'t Table, children: &BTreeSet<(Option<String>, String)>) -> Vec<&'t csv::StringRecord> {
            t.rows.iter().filter(|r| children.contains(&t.key(r))).collect()
        }
        let held_headers = theirs(&headers, &children);
        let held_reviews: Vec<&csv::StringRecord> =
            theirs(&reviews, &children).into_iter().filter(in_year(&reviews, "REVIEW")).collect();
        let held_missing: Vec<&csv::StringRecord> =
            theirs(&missing, &children).into_iter().filter(in_year(&missing, "MIS_START")).collect();
        // UASC in the year: status not ceased before it began; a later end is not known yet.
        let duc = uasc.col("DUC");
        let held_uasc: Vec<csv::StringRecord> = theirs(&uasc, &children)
            .into_iter()
            .filter(|r| day(&r[duc]).is_none_or(|d| d >= year.first_day()))
            .map(|r| {
                let later = day(&r[duc]).is_some_and(|d| d > year.last_day());
                r.iter().enumerate().map(|(i, v)| if later && i == duc { "" } else { v }).collect()
            })
            .collect();
        let held_ad1: Vec<&csv::StringRecord> = ad1.rows.iter().filter(|r| adopted.contains(&ad1.key(r))).collect();
        write_table(&dir.join("episodes.csv"), &episodes.header, &as_returned.iter().collect::<Vec<_>>())?;
        write_table(&dir.join("header.csv"), &headers.header, &held_headers)?;
        write_table(&dir.join("reviews.csv"), &reviews.header, &held_reviews)?;
        write_table(&dir.join("missing.csv"), &missing.header, &held_missing)?;
        write_table(&dir.join("uasc.csv"), &uasc.header, &held_uasc.iter().collect::<Vec<_>>())?;
        write_table(&dir.join("oc3.csv"), &oc3_header, &leavers.iter().collect::<Vec<_>>())?;
        write_table(&dir.join("ad1.csv"), &ad1.header, &held_ad1)?;
        if opts.las == 1 {
            let held = |header, rows| Held { header, rows };
            let xml = return_xml(
                &held(&headers.header, held_headers),
                &held(&episodes.header, as_returned.iter().collect()),
                &[held(&reviews.header, held_reviews), held(&missing.header, held_missing)],
                &[
                    held(&uasc.header, held_uasc.iter().collect()),
                    held(&oc3_header, leavers.iter().collect()),
                    held(&ad1.header, held_ad1),
                ],
            );
            let xml_dir = opts.out.join("returns-903-xml").join(year.to_string());
            std::fs::create_dir_all(&xml_dir)?;
            std::fs::write(xml_dir.join(format!("SSDA903_{year}.xml")), xml)?;
        }
    }
    Ok(())
}
