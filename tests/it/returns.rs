//! Statutory returns as analysts hold them: a folder holding only an SSDA903 return, under the
//! DfE's own file names, builds a looked-after report, and a single year's return is not
//! turned into years of trends.

use crate::util::{safeguard, values};
use std::collections::BTreeMap;

const HEADER: &str = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
A,1,01/01/2005,WBRI,,,
B,2,02/02/2008,WBRI,,,
C,1,03/03/2010,WBRI,,,
D,2,04/04/2012,WBRI,,,
";

/// A 2017-18 return: every episode open during the year. A has been in care since 2015; B
/// started and left in the year; C moved placement on 1 September (X1 then P); D started on
/// 1 March 2017 and left on 20 April 2017.
const EPISODES: &str = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
A,01/05/2015,S,C2,N1,U1,PR1,,,,,,
B,10/06/2017,S,C2,N1,U1,PR1,15/01/2018,E11,,,,
C,01/02/2016,S,C2,N1,U1,PR1,01/09/2017,X1,,,,
C,01/09/2017,P,C2,N1,K2,PR1,,,CARPL,,,
D,01/03/2017,S,V2,N1,U1,PR1,20/04/2017,E11,,,,
";

fn return_only() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("header.csv"), HEADER).unwrap();
    std::fs::write(dir.path().join("episodes.csv"), EPISODES).unwrap();
    dir
}

#[test]
fn one_years_903_return_gives_that_year_and_its_opening_stock_only() {
    let dir = return_only();
    let d = dir.path().to_str().unwrap();
    // Before: seven files "required", and with stubs, five years of trends from one return.
    safeguard(["validate", "--data", d])
        .expect_code(0)
        .expect("episodes.csv read as lac_episodes.csv (looked-after episodes (SSDA903 Episodes)), 5 rows")
        .expect("header.csv read as lac_header.csv");
    let figs = values(dir.path());
    let get = |id: &str, period: &str| figs.get(&(id.to_string(), period.to_string())).cloned();
    // Started in 2017-18: B (C's second episode continues care). Ceased: B and D.
    assert_eq!(get("lac.started", "2017-18").as_deref(), Some("1"));
    assert_eq!(get("lac.ceased", "2017-18").as_deref(), Some("2"));
    // At 31 March 2018: A and C. At 31 March 2017, the return's opening day: A, C and D.
    assert_eq!(get("lac.at_31_march", "2017-18").as_deref(), Some("2"));
    assert_eq!(get("lac.at_31_march", "2016-17").as_deref(), Some("3"));
    // The return does not cover 2016-17's flows (D's start), nor any earlier stock.
    assert_eq!(get("lac.started", "2016-17").as_deref(), Some("x"));
    assert_eq!(get("lac.ceased", "2016-17").as_deref(), Some("x"));
    assert_eq!(get("lac.at_31_march", "2015-16").as_deref(), Some("x"));
    // No contacts were supplied: not available, never "0 contacts were received".
    assert_eq!(get("contacts.total", "2017-18").as_deref(), Some("x"));
}

#[test]
fn a_folder_with_only_the_903_return_builds_a_looked_after_report() {
    let dir = return_only();
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_str().unwrap();
    safeguard(["build", "--quiet", "--data", dir.path().to_str().unwrap(), "--out", o, "--edition", "internal"])
        .expect_code(0);
    let html = std::fs::read_to_string(out.path().join("unnamed_area-2017-18-internal/report-internal.html")).unwrap();
    assert!(html.contains(">Looked-after children</h2>"));
    assert!(!html.contains(">Contacts and referrals</h2>"));
    assert!(
        html.contains("<li>Contacts and referrals: contacts.csv, referrals.csv</li>"),
        "the missing files are named"
    );
    assert!(!html.contains("<li>Looked-after children:"));
}

#[test]
fn a_folder_with_no_contract_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.csv"), "Item,Owner\nAudit,Board\n").unwrap();
    safeguard(["validate", "--data", dir.path().to_str().unwrap()])
        .expect_code(1)
        .expect("holds none of the data contract's files");
}

#[test]
fn each_authoritys_return_covers_its_own_years() {
    // Authority 201 holds years of history (an episode ended in 2014); 202 only its 2017-18
    // return. 202's 2016-17 flows are not covered, whatever 201's data holds; 201's are.
    let dir = tempfile::tempdir().unwrap();
    let header = format!("LEA,{}", HEADER.lines().next().unwrap());
    let mut heads = vec![header];
    let mut eps = vec![format!("LEA,{}", EPISODES.lines().next().unwrap())];
    for lea in ["201", "202"] {
        heads.extend(HEADER.lines().skip(1).map(|l| format!("{lea},{l}")));
        eps.extend(EPISODES.lines().skip(1).map(|l| format!("{lea},{l}")));
    }
    eps.push("201,E,S,C2,N1,U1,PR1,01/06/2013,E11,,,,".replace("E,S", "E,01/05/2013,S").replacen(
        ",01/06/2013",
        ",01/06/2014",
        1,
    ));
    heads.push("201,E,1,01/01/2006,WBRI,,,".to_string());
    std::fs::write(dir.path().join("header.csv"), heads.join("\n") + "\n").unwrap();
    std::fs::write(dir.path().join("episodes.csv"), eps.join("\n") + "\n").unwrap();
    let run =
        safeguard(["figures", "--format", "csv", "--edition", "internal", "--data", dir.path().to_str().unwrap()]);
    run.expect_code(0);
    let mut r = crate::util::figures_reader(run.stdout.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let get = |id: &str, period: &str, lea: &str| {
        rows.iter().find(|r| &r[0] == id && &r[1] == period && &r[6] == lea).map(|r| r[2].to_string())
    };
    // 201 covers 2014-15 on: D's start on 1 March 2017 counts in 2016-17.
    assert_eq!(get("lac.started", "2016-17", "201").as_deref(), Some("1"));
    assert_eq!(get("lac.started", "2016-17", "202").as_deref(), Some("x"));
    assert_eq!(get("lac.started", "2016-17", "all").as_deref(), Some("x"));
    assert_eq!(get("lac.started", "2017-18", "202").as_deref(), Some("1"));
}

#[test]
fn every_table_of_the_return_is_read_and_listed() {
    // The 903's other tables under the names the sector's tools give them: each is read as
    // the contract's table of its header, checked for shape and listed; before, all eight
    // were skipped without a word.
    let dir = return_only();
    let tables = [
        ("uasc.csv", "CHILD,SEX,DOB,DUC\nA,1,01/01/2005,\n", "lac_uasc.csv"),
        (
            "oc2.csv",
            "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\nA,01/01/2005,12,,0,1,1,1,1,0,,\n",
            "lac_oc2.csv",
        ),
        ("oc3.csv", "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nA,01/01/2005,YES,F2,S\n", "lac_oc3.csv"),
        ("ad1.csv", "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR\n", "lac_ad1.csv"),
        (
            "placed_for_adoption.csv",
            "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\n",
            "lac_placed_for_adoption.csv",
        ),
        (
            "previous_permanence.csv",
            "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM\nC,03/03/2010,Z1,,zz/zz/2009\n",
            "lac_previous_permanence.csv",
        ),
        (
            "missing.csv",
            "CHILD,DOB,MISSING,MIS_START,MIS_END\nC,03/03/2010,M,01/07/2017,02/07/2017\n",
            "lac_missing.csv",
        ),
        ("sw_episodes.csv", "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\n", "lac_social_workers.csv"),
        ("reviews.csv", "CHILD,DOB,REVIEW,REVIEW_CODE\nA,01/01/2005,01/06/2017,PN1\n", "lac_reviews.csv"),
    ];
    for (name, text, _) in tables {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let run = safeguard(["validate", "--data", dir.path().to_str().unwrap()]);
    run.expect_code(0).expect("0 errors, 0 warnings").expect("11 files");
    for (name, _, read_as) in tables {
        run.expect(&format!("  {name} read as {read_as} ("));
    }
    // Shape is checked: a date that is not one is an error at its line and column.
    std::fs::write(dir.path().join("missing.csv"), "CHILD,DOB,MISSING,MIS_START,MIS_END\nC,03/03/2010,M,next week,\n")
        .unwrap();
    safeguard(["validate", "--data", dir.path().to_str().unwrap()])
        .expect_code(1)
        .expect("error: missing.csv, line 2, column D (MIS_START):");
}

#[test]
fn one_years_cin_census_gives_that_year_and_its_opening_stock_only() {
    // A 2017-18 census: every CIN episode open in the year. A's has been open since 2015; D's
    // began in November 2016 and closed in June 2017; B and C began and closed in the year.
    let dir = tempfile::tempdir().unwrap();
    let referrals = "LAchildID,CINreferralDate,ReferralNFA,CINclosureDate,ReasonForClosure
A,2015-06-01,false,,
B,2017-05-01,false,2017-09-01,RC7
C,2017-08-01,true,2017-08-03,RC8
D,2016-11-01,false,2017-06-01,RC7
";
    std::fs::write(dir.path().join("referrals.csv"), referrals).unwrap();
    let figs = values(dir.path());
    let get = |id: &str, period: &str| figs.get(&(id.to_string(), period.to_string())).cloned();
    // D's referral in 2016-17 is in the census only because her episode was still open: that
    // year's referrals are not covered. Before, 2016-17 showed 1 referral beside 2017-18's 2.
    assert_eq!(get("referrals.total", "2016-17").as_deref(), Some("x"));
    assert_ne!(get("referrals.total", "2017-18").as_deref(), Some("x"));
    // In need at 31 March 2017, the census's opening day: A and D.
    assert_eq!(get("cin.at_31_march", "2016-17").as_deref(), Some("2"));
    assert_eq!(get("cin.at_31_march", "2015-16").as_deref(), Some("x"));
}

#[test]
fn a_years_return_cut_from_the_extract_gives_the_extracts_figures_for_that_year() {
    // synth --returns cuts each year's SSDA903 return from the extract as an authority sends
    // it (every episode open in the year, its children, the year's reviews). The return's
    // looked-after figures for its year are the full extract's, but for rates (no population
    // in a return) and review timeliness (a return cannot show most due dates: counted apart).
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    safeguard(["synth", "--out", d, "--seed", "5", "--scale", "0.3", "--returns"]).expect_code(0);
    let (full, one) = (values(dir.path()), values(&dir.path().join("returns/2017-18")));
    let mut compared = 0;
    for ((id, period), v) in &one {
        let timeliness = id.starts_with("lac.reviews.") && id != "lac.reviews.held";
        // Long-term stability looks back 2½ years, before the return: checked below.
        let history = id.starts_with("lac.long_term");
        if period != "2017-18" || !id.starts_with("lac.") || id.ends_with(".rate") || timeliness || history {
            continue;
        }
        assert_eq!(Some(v), full.get(&(id.clone(), period.clone())), "{id} {period}");
        compared += 1;
    }
    assert!(compared >= 20, "{compared} figures compared");
    // A child the return shows in care 2½ years is so in the extract; one whose care began
    // before the return is counted apart, as unknown, never as not eligible.
    let n = |figs: &BTreeMap<(String, String), String>, id: &str| -> u64 {
        figs[&(id.to_string(), "2017-18".to_string())].parse().unwrap()
    };
    let (eligible, unknown) = (n(&one, "lac.long_term.eligible"), n(&one, "lac.long_term.unknown"));
    assert!(eligible <= n(&full, "lac.long_term.eligible"));
    assert!(eligible + unknown >= n(&full, "lac.long_term.eligible"));
    assert!(n(&one, "lac.long_term.stable") <= n(&full, "lac.long_term.stable"));
    // And the stock at the return's opening day, 31 March 2017.
    let key = ("lac.at_31_march".to_string(), "2016-17".to_string());
    assert_eq!(one.get(&key), full.get(&key));
}

#[test]
fn five_years_returns_in_one_folder_give_the_extracts_figures_for_every_year_they_cover() {
    // synth --returns writes a folder per collection year (`2013-14/episodes.csv` …). Read as
    // one folder, the five returns are combined (an episode open at one year's end is read from
    // the next year's return, which completes it): each covered year's looked-after figures
    // are the full extract's. Rates need the population, which no return holds; in the first
    // two returns' years, a review's due date can rest on the one or two reviews before it,
    // which may be in years no return holds (counted apart, as unknown).
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    safeguard(["synth", "--out", d, "--seed", "5", "--scale", "0.3", "--returns"]).expect_code(0);
    let returns = dir.path().join("returns");
    safeguard(["validate", "--data", returns.to_str().unwrap()])
        .expect_code(0)
        .expect("  2016-17/episodes.csv: collection year 2016-17 (from its folder's name)\n")
        .expect("are held again by a later return, whose record is read");
    let (full, combined) = (values(dir.path()), values(&returns));
    let mut compared = 0;
    for ((id, period), v) in &combined {
        let early = period.as_str() < "2015-16";
        let early_timeliness = early && id.starts_with("lac.reviews.") && id != "lac.reviews.held";
        // Likewise long-term stability, which looks back 2½ years: from 2015-16 the returns
        // hold all of that.
        let early_history = early && id.starts_with("lac.long_term");
        let skip = early_timeliness || early_history || period.as_str() < "2013-14";
        if !id.starts_with("lac.") || id.ends_with(".rate") || skip {
            continue;
        }
        assert_eq!(Some(v), full.get(&(id.clone(), period.clone())), "{id} {period}");
        compared += 1;
    }
    assert!(compared >= 100, "{compared} figures compared");
    // Before the first return, flows are not covered.
    assert_eq!(combined.get(&("lac.started".to_string(), "2012-13".to_string())).map(String::as_str), Some("x"));
}

#[test]
fn a_later_return_completes_an_episode_an_earlier_one_held_open() {
    // A's episode began in 2016-17 and was open at 31 March 2017, so the 2016-17 return holds
    // it with no end; the 2017-18 return holds it again, ended on 1 June 2017. Combined: one
    // start (2016-17) and one end (2017-18), never a second start. Before, the second file was
    // not read ("several years' returns in one folder are not combined yet").
    let dir = tempfile::tempdir().unwrap();
    let header = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA,1,01/01/2005,WBRI,,,\nB,2,02/02/2008,WBRI,,,\n";
    let cols = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN";
    let earlier = format!("{cols}\nA,01/10/2016,S,C2,N1,U1,PR1,,,,,,\n");
    let later = format!("{cols}\nA,01/10/2016,S,C2,N1,U1,PR1,01/06/2017,E11,,,,\nB,01/09/2017,S,C2,N1,U1,PR1,,,,,,\n");
    for (year, episodes) in [("2016-17", &earlier), ("2017-18", &later)] {
        std::fs::create_dir(dir.path().join(year)).unwrap();
        std::fs::write(dir.path().join(year).join("header.csv"), header).unwrap();
        std::fs::write(dir.path().join(year).join("episodes.csv"), episodes).unwrap();
    }
    let figs = values(dir.path());
    let get = |id: &str, period: &str| figs.get(&(id.to_string(), period.to_string())).cloned();
    assert_eq!(get("lac.started", "2016-17").as_deref(), Some("1"));
    assert_eq!(get("lac.started", "2017-18").as_deref(), Some("1"), "B only");
    assert_eq!(get("lac.ceased", "2017-18").as_deref(), Some("1"));
    // At 31 March 2017, A; at 31 March 2018, B.
    assert_eq!(get("lac.at_31_march", "2016-17").as_deref(), Some("1"));
    assert_eq!(get("lac.at_31_march", "2017-18").as_deref(), Some("1"));
    // The same year twice for one authority is refused, naming both files.
    std::fs::write(dir.path().join("2017-18").join("episodes_copy.csv"), &later).unwrap();
    safeguard(["validate", "--data", dir.path().to_str().unwrap()])
        .expect_code(1)
        .expect("2017-18/episodes.csv and 2017-18/episodes_copy.csv both hold the 2017-18 return of one authority (lac_episodes.csv): keep one");
}

#[test]
fn a_year_between_two_returns_is_not_covered() {
    // The 2015-16 and 2017-18 returns without 2016-17's: 2016-17's flows are not available
    // (before, they would have been counted from whatever the two returns held), while the
    // stocks at 31 March 2016 (the end of 2015-16) and 31 March 2017 (the opening of 2017-18)
    // are held.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    safeguard(["synth", "--out", d, "--seed", "6", "--scale", "0.3", "--returns"]).expect_code(0);
    let returns = dir.path().join("returns");
    std::fs::remove_dir_all(returns.join("2016-17")).unwrap();
    let (full, gapped) = (values(dir.path()), values(&returns));
    let get = |figs: &std::collections::BTreeMap<(String, String), String>, id: &str, period: &str| {
        figs.get(&(id.to_string(), period.to_string())).cloned()
    };
    assert_eq!(get(&gapped, "lac.started", "2016-17").as_deref(), Some("x"));
    assert_eq!(get(&gapped, "lac.ceased", "2016-17").as_deref(), Some("x"));
    for year in ["2015-16", "2016-17", "2017-18"] {
        assert_eq!(get(&gapped, "lac.at_31_march", year), get(&full, "lac.at_31_march", year), "{year}");
    }
    assert_eq!(get(&gapped, "lac.started", "2017-18"), get(&full, "lac.started", "2017-18"));
}
