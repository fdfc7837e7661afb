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

/// Writes `returns/<year>/` for each year synthesised.
pub fn write(opts: &SynthOptions) -> io::Result<()> {
    let (eh, episodes) = read(&opts.out.join("lac_episodes.csv"))?;
    let (hh, headers) = read(&opts.out.join("lac_header.csv"))?;
    let (rh, reviews) = read(&opts.out.join("lac_reviews.csv"))?;
    let (decom, dec, child) = (column(&eh, "DECOM"), column(&eh, "DEC"), column(&eh, "CHILD"));
    let (h_child, r_child, review) = (column(&hh, "CHILD"), column(&rh, "CHILD"), column(&rh, "REVIEW"));
    // With several authorities the child is named by authority and id.
    let lea = |h: &csv::StringRecord| h.iter().position(|c| c == "LEA");
    let key = |r: &csv::StringRecord, i: usize, l: Option<usize>| (l.map(|l| r[l].to_string()), r[i].to_string());
    let day = |s: &str| date(s).ok();
    for y in 0..opts.years {
        let year = FinancialYear::new(opts.end_year.start_year - y as i32);
        let open = |r: &&csv::StringRecord| {
            let started = day(&r[decom]).is_some_and(|d| d <= year.last_day());
            started && day(&r[dec]).is_none_or(|d| d >= year.first_day())
        };
        let held: Vec<&csv::StringRecord> = episodes.iter().filter(open).collect();
        let children: BTreeSet<_> = held.iter().map(|r| key(r, child, lea(&eh))).collect();
        let their = |r: &&csv::StringRecord| children.contains(&key(r, h_child, lea(&hh)));
        let in_year = |r: &&csv::StringRecord| day(&r[review]).is_some_and(|d| year.contains(d));
        let dir = opts.out.join("returns").join(year.to_string());
        std::fs::create_dir_all(&dir)?;
        // An episode ending after the year is open on the return's reference date: its end,
        // and why it ended, are not known yet.
        let (rec, change) = (column(&eh, "REC"), eh.iter().position(|c| c == "REASON_PLACE_CHANGE"));
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
        write_table(&dir.join("episodes.csv"), &eh, &as_returned.iter().collect::<Vec<_>>())?;
        write_table(&dir.join("header.csv"), &hh, &headers.iter().filter(their).collect::<Vec<_>>())?;
        let held_reviews: Vec<&csv::StringRecord> =
            reviews.iter().filter(in_year).filter(|r| children.contains(&key(r, r_child, lea(&rh)))).collect();
        write_table(&dir.join("reviews.csv"), &rh, &held_reviews)?;
        if opts.las == 1 {
            let held = |header, rows| Held { header, rows };
            let xml = return_xml(
                &held(&hh, headers.iter().filter(their).collect()),
                &held(&eh, as_returned.iter().collect()),
                &held(&rh, held_reviews),
            );
            let xml_dir = opts.out.join("returns-903-xml").join(year.to_string());
            std::fs::create_dir_all(&xml_dir)?;
            std::fs::write(xml_dir.join(format!("SSDA903_{year}.xml")), xml)?;
        }
    }
    Ok(())
}
