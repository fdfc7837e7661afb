//! The looked-after, section 47 and conference figures worked out again, independently, from
//! a year's returns as an authority sends them: the SSDA903 tables in the DfE's CSV layout and
//! the CIN census XML. Plain loops over the records, with the DfE's definitions as its guides
//! state them (Children looked after in England: short breaks V3 and V4 are not care, a child
//! who started is counted once, a child who ceased on the last occasion, REC X1 is no
//! ceasing; the CIN census guide: `S47ActualStartDate`, `DateOfInitialCPC` at either level, 15
//! working days from the enquiry's start), and England's bank holidays typed from the
//! government's list: none of safeguard's code. Compared with safeguard's internal figures.

use crate::util::{figures_csv, figures_reader, safeguard};
use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// England and Wales bank holidays, 2014 to 2018 (gov.uk/bank-holidays).
const BANK_HOLIDAYS: &[&str] = &[
    "2014-01-01",
    "2014-04-18",
    "2014-04-21",
    "2014-05-05",
    "2014-05-26",
    "2014-08-25",
    "2014-12-25",
    "2014-12-26",
    "2015-01-01",
    "2015-04-03",
    "2015-04-06",
    "2015-05-04",
    "2015-05-25",
    "2015-08-31",
    "2015-12-25",
    "2015-12-28",
    "2016-01-01",
    "2016-03-25",
    "2016-03-28",
    "2016-05-02",
    "2016-05-30",
    "2016-08-29",
    "2016-12-26",
    "2016-12-27",
    "2017-01-02",
    "2017-04-14",
    "2017-04-17",
    "2017-05-01",
    "2017-05-29",
    "2017-08-28",
    "2017-12-25",
    "2017-12-26",
    "2018-01-01",
    "2018-03-30",
    "2018-04-02",
    "2018-05-07",
    "2018-05-28",
    "2018-08-27",
    "2018-12-25",
    "2018-12-26",
];

/// A date as the returns write it: DD/MM/YYYY in the 903, ISO in the census.
fn date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%d/%m/%Y").or_else(|_| NaiveDate::parse_from_str(text, "%Y-%m-%d")).ok()
}

/// The collection year ending on 31 March `end_year`: its first and last days.
struct Year {
    first: NaiveDate,
    last: NaiveDate,
}

impl Year {
    fn ending(end_year: i32) -> Year {
        Year {
            first: NaiveDate::from_ymd_opt(end_year - 1, 4, 1).unwrap(),
            last: NaiveDate::from_ymd_opt(end_year, 3, 31).unwrap(),
        }
    }

    fn holds(&self, d: NaiveDate) -> bool {
        self.first <= d && d <= self.last
    }
}

/// Working days after `from` up to and including `to`.
fn working_days(from: NaiveDate, to: NaiveDate) -> i64 {
    static HOLIDAYS: std::sync::LazyLock<BTreeSet<NaiveDate>> =
        std::sync::LazyLock::new(|| BANK_HOLIDAYS.iter().map(|d| date(d).unwrap()).collect());
    let holidays = &*HOLIDAYS;
    from.iter_days()
        .skip(1)
        .take_while(|d| *d <= to)
        .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(d))
        .count() as i64
}

/// A CSV table's rows, each by column name.
fn rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records().map(|rec| header.iter().cloned().zip(rec.unwrap().iter().map(str::to_string)).collect()).collect()
}

struct Episode {
    child: String,
    decom: NaiveDate,
    rne: String,
    ls: String,
    dec: Option<NaiveDate>,
    rec: String,
}

/// The episodes of care: every episode but short breaks (V3, V4).
fn episodes(dir: &Path) -> Vec<Episode> {
    rows(&dir.join("episodes.csv"))
        .into_iter()
        .map(|r| Episode {
            child: r["CHILD"].clone(),
            decom: date(&r["DECOM"]).unwrap(),
            rne: r["RNE"].clone(),
            ls: r["LS"].clone(),
            dec: date(&r["DEC"]),
            rec: r["REC"].clone(),
        })
        .filter(|e| e.ls != "V3" && e.ls != "V4")
        .collect()
}

/// What the DfE would publish for the looked-after children of the year, by id: each value,
/// and for shares their numerator and denominator.
fn looked_after(dir: &Path, y: &Year) -> BTreeMap<String, (i64, Option<i64>)> {
    let eps = episodes(dir);
    let mut out: BTreeMap<String, (i64, Option<i64>)> = BTreeMap::new();
    let mut put = |id: &str, n: i64, d: Option<i64>| {
        out.insert(id.to_string(), (n, d));
    };
    let open_on = |e: &Episode, day: NaiveDate| e.decom <= day && e.dec.is_none_or(|dec| dec > day);
    // At 31 March: the episode open that night, the latest if a child has two.
    let mut at_end: BTreeMap<&str, &Episode> = BTreeMap::new();
    for e in eps.iter().filter(|e| open_on(e, y.last)) {
        let slot = at_end.entry(&e.child).or_insert(e);
        if e.decom > slot.decom {
            *slot = e;
        }
    }
    let stock = at_end.len() as i64;
    put("lac.at_31_march", stock, None);
    for code in ["C1", "C2", "D1", "E1", "V2", "L1", "L2", "L3", "J1", "J2", "J3"] {
        let n = at_end.values().filter(|e| e.ls == code).count() as i64;
        put(&format!("lac.legal_status.{}", code.to_lowercase()), n, None);
    }
    // Started: an episode with RNE S begun in the year; a child once, by the first start.
    let mut first_start: BTreeMap<&str, &Episode> = BTreeMap::new();
    for e in eps.iter().filter(|e| e.rne == "S" && y.holds(e.decom)) {
        let slot = first_start.entry(&e.child).or_insert(e);
        if e.decom < slot.decom {
            *slot = e;
        }
    }
    put("lac.started", first_start.len() as i64, None);
    for code in ["C1", "C2", "E1", "V2", "L1", "L2", "J1"] {
        let n = first_start.values().filter(|e| e.ls == code).count() as i64;
        put(&format!("lac.started.legal_status.{}", code.to_lowercase()), n, None);
    }
    // Ceased: an episode ended in the year for a reason other than X1; the last occasion.
    let mut last_end: BTreeMap<&str, &Episode> = BTreeMap::new();
    for e in eps.iter().filter(|e| e.dec.is_some_and(|d| y.holds(d)) && e.rec != "X1") {
        let slot = last_end.entry(&e.child).or_insert(e);
        if e.dec > slot.dec {
            *slot = e;
        }
    }
    put("lac.ceased", last_end.len() as i64, None);
    // The DfE's groups of reasons (its ceased tables).
    let groups: [(&str, &[&str]); 7] = [
        ("adopted", &["E11", "E12"]),
        ("special_guardianship", &["E43", "E44", "E45", "E46", "E47", "E48"]),
        ("child_arrangements", &["E41"]),
        ("returned_home", &["E4A", "E4B"]),
        ("with_relatives", &["E13"]),
        ("independent_living", &["E5", "E6"]),
        ("staying_put", &["E17"]),
    ];
    let grouped = |rec: &str| groups.iter().find(|(_, codes)| codes.contains(&rec)).map_or("other", |(g, _)| *g);
    for g in groups.iter().map(|(g, _)| *g).chain(["other"]) {
        let n = last_end.values().filter(|e| grouped(&e.rec) == g).count() as i64;
        put(&format!("lac.ceased.reason.{g}"), n, None);
    }
    // Looked after at any time in the year.
    let during: BTreeSet<&str> = eps
        .iter()
        .filter(|e| e.decom <= y.last && e.dec.is_none_or(|d| d >= y.first))
        .map(|e| e.child.as_str())
        .collect();
    put("lac.during_year", during.len() as i64, None);
    // Short-term stability: of those at 31 March, three or more placements in the year: the
    // one they were in as the year began, and each begun in it with a new carer (RNE S, P, B).
    let mut by_child: BTreeMap<&str, Vec<&Episode>> = BTreeMap::new();
    for e in &eps {
        by_child.entry(&e.child).or_default().push(e);
    }
    let three_plus = at_end
        .keys()
        .filter(|child| {
            let theirs = &by_child[**child];
            let on_1_april = theirs.iter().any(|e| e.decom < y.first && e.dec.is_none_or(|d| d >= y.first));
            let begun = theirs.iter().filter(|e| y.holds(e.decom) && matches!(e.rne.as_str(), "S" | "P" | "B")).count();
            usize::from(on_1_april) + begun >= 3
        })
        .count() as i64;
    put("lac.placements_3plus", three_plus, None);
    put("lac.placements_3plus.pct", three_plus, Some(stock));
    // Unaccompanied asylum-seeking children at 31 March: in the UASC table, status not ceased.
    let uasc: BTreeSet<String> = rows(&dir.join("uasc.csv"))
        .into_iter()
        .filter(|r| date(&r["DUC"]).is_none_or(|d| d > y.last))
        .map(|r| r["CHILD"].clone())
        .collect();
    let n = at_end.keys().filter(|c| uasc.contains(**c)).count() as i64;
    put("lac.uasc", n, None);
    put("lac.uasc.pct", n, Some(stock));
    // Missing (M) and away (A) episodes begun in the year, of children looked after in it.
    let missing = rows(&dir.join("missing.csv"));
    for (code, what) in [("M", "missing"), ("A", "away")] {
        let theirs: Vec<&HashMap<String, String>> = missing
            .iter()
            .filter(|r| r["MISSING"] == code && date(&r["MIS_START"]).is_some_and(|d| y.holds(d)))
            .filter(|r| during.contains(r["CHILD"].as_str()))
            .collect();
        let children: BTreeSet<&str> = theirs.iter().map(|r| r["CHILD"].as_str()).collect();
        put(&format!("lac.{what}.episodes"), theirs.len() as i64, None);
        put(&format!("lac.{what}.children"), children.len() as i64, None);
        put(&format!("lac.{what}.children.pct"), children.len() as i64, Some(during.len() as i64));
    }
    out
}

/// One child's section 47 enquiries (start, conference, not required) and the conference
/// dates on their CIN episodes.
#[derive(Default)]
struct Child {
    id: String,
    enquiries: Vec<(Option<NaiveDate>, Option<NaiveDate>, bool)>,
    episode_conferences: Vec<NaiveDate>,
}

/// Every child of a CIN census XML, read element by element.
fn census(path: &Path) -> Vec<Child> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut reader = quick_xml::Reader::from_str(&text);
    let (mut children, mut path, mut child) = (Vec::new(), Vec::<String>::new(), Child::default());
    let mut enquiry: (Option<NaiveDate>, Option<NaiveDate>, bool) = (None, None, false);
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Start(e) => {
                path.push(String::from_utf8(e.name().as_ref().to_vec()).unwrap());
                if path.last().unwrap() == "Section47" {
                    enquiry = (None, None, false);
                }
            }
            quick_xml::events::Event::Text(t) => {
                let value = t.decode().unwrap().trim().to_string();
                let at: Vec<&str> = path.iter().rev().take(2).map(String::as_str).collect();
                match at.as_slice() {
                    ["LAchildID", "ChildIdentifiers"] => child.id = value,
                    ["S47ActualStartDate", "Section47"] => enquiry.0 = date(&value),
                    ["DateOfInitialCPC", "Section47"] => enquiry.1 = date(&value),
                    ["ICPCnotRequired", "Section47"] => enquiry.2 = matches!(value.as_str(), "true" | "1"),
                    ["DateOfInitialCPC", "CINdetails"] => child.episode_conferences.extend(date(&value)),
                    _ => {}
                }
            }
            quick_xml::events::Event::End(_) => match path.pop().as_deref() {
                Some("Section47") => child.enquiries.push(enquiry),
                Some("Child") => children.push(std::mem::take(&mut child)),
                _ => {}
            },
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    children
}

/// The section 47 and conference figures of the year from the census.
fn section47(path: &Path, y: &Year) -> BTreeMap<String, (i64, Option<i64>)> {
    let children = census(path);
    let mut out = BTreeMap::new();
    let begun: Vec<(Option<NaiveDate>, Option<NaiveDate>, bool)> =
        children.iter().flat_map(|c| c.enquiries.iter().copied()).filter(|e| e.0.is_some_and(|d| y.holds(d))).collect();
    let started = begun.len() as i64;
    let to_icpc = begun.iter().filter(|e| e.1.is_some()).count() as i64;
    out.insert("s47.started".to_string(), (started, None));
    out.insert("s47.to_icpc".to_string(), (to_icpc, None));
    out.insert("s47.to_icpc.pct".to_string(), (to_icpc, Some(started)));
    out.insert("s47.icpc_not_required".to_string(), (begun.iter().filter(|e| e.2).count() as i64, None));
    // Conferences held in the year: one a child a day, from either copy of the date.
    let (mut held, mut after_enquiry, mut in_time) = (BTreeSet::new(), BTreeMap::new(), BTreeSet::new());
    for c in &children {
        let dates = c.enquiries.iter().filter_map(|e| e.1).chain(c.episode_conferences.iter().copied());
        held.extend(dates.filter(|d| y.holds(*d)).map(|d| (c.id.as_str(), d)));
        for (start, conference, _) in &c.enquiries {
            let (Some(start), Some(conference)) = (start, conference) else { continue };
            if y.holds(*conference) {
                after_enquiry.insert((c.id.as_str(), *conference), *start);
                if working_days(*start, *conference) <= 15 {
                    in_time.insert((c.id.as_str(), *conference));
                }
            }
        }
    }
    out.insert("icpc.held".to_string(), (held.len() as i64, None));
    out.insert("icpc.from_s47".to_string(), (after_enquiry.len() as i64, None));
    out.insert("icpc.within_15wd".to_string(), (in_time.len() as i64, None));
    out.insert("icpc.within_15wd.pct".to_string(), (in_time.len() as i64, Some(after_enquiry.len() as i64)));
    out
}

/// safeguard's internal figures for `period`: id → (numerator, denominator).
fn safeguards(dir: &Path, period: &str) -> BTreeMap<String, (Option<i64>, Option<i64>)> {
    let text = figures_csv(dir);
    let mut r = figures_reader(text.as_bytes());
    r.records()
        .map(Result::unwrap)
        .filter(|r| &r[1] == period)
        .map(|r| (r[0].to_string(), (r[3].parse().ok(), r[4].parse().ok())))
        .collect()
}

/// Compares every independent figure with safeguard's; returns how many were compared.
#[track_caller]
fn compare(dir: &Path, end_year: i32) -> usize {
    let y = Year::ending(end_year);
    let period = format!("{}-{:02}", end_year - 1, end_year % 100);
    let mut expected = looked_after(dir, &y);
    expected.extend(section47(&dir.join("cin_census.xml"), &y));
    let got = safeguards(dir, &period);
    let wrong: Vec<String> = expected
        .iter()
        .filter(|(id, want)| got.get(*id) != Some(&(Some(want.0), want.1)))
        .map(|(id, want)| format!("{id}: worked out {want:?}, safeguard {:?}", got.get(id)))
        .collect();
    assert!(wrong.is_empty(), "{} {period}: {wrong:#?}", dir.display());
    // The data is not empty of what is compared.
    for id in ["lac.at_31_march", "lac.started", "lac.ceased", "lac.placements_3plus", "s47.started", "icpc.held"] {
        assert!(expected[id].0 > 0, "{id} is 0 in {}", dir.display());
    }
    expected.len()
}

#[test]
fn the_working_day_count_is_the_governments_calendar() {
    // From Tuesday 19 December 2017: 20–22 Dec (3), 27–29 Dec (6), 2–5 Jan (10), 8–12 Jan
    // (15), past Christmas, Boxing Day and New Year's Day.
    assert_eq!(working_days(date("2017-12-19").unwrap(), date("2018-01-12").unwrap()), 15);
    assert_eq!(working_days(date("2017-12-19").unwrap(), date("2018-01-15").unwrap()), 16);
    assert_eq!(working_days(date("2018-03-29").unwrap(), date("2018-03-29").unwrap()), 0);
}

#[test]
fn the_committed_returns_give_the_figures_worked_out_independently() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/returns-sample/2017-18");
    assert!(compare(&sample, 2018) >= 40);
}

#[test]
fn a_larger_authoritys_returns_give_the_figures_worked_out_independently() {
    // A whole authority's return (scale 1), for the years that begin and end the data.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    safeguard(["synth", "--out", d, "--seed", "13", "--returns"]).expect_code(0);
    for (year, end) in [("2017-18", 2018), ("2014-15", 2015)] {
        compare(&dir.path().join("returns").join(year), end);
    }
}
