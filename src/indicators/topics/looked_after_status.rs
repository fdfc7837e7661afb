//! Looked-after children by legal status and by why they left care, unaccompanied children,
//! missing from care (the SSDA903 Missing table) and how children took part in their reviews,
//! by the DfE's definitions ("Children looked after in England including adoptions").

use super::looked_after::{latest_episodes, not_short_breaks};
use super::topic::Topic;
use crate::indicators::catalogue::{Builder, Polarity, lower};
use crate::indicators::compute::{Computer, Tally, age_on, any_of, tally_by, ties_in_file_order};
use crate::indicators::grouped::count_latest;
use crate::indicators::years::{fy, in_span};
use polars::prelude::*;

pub const TOPIC: Topic = Topic { name: "looked after: status", declare, count, dynamic: &[] };

/// Legal statuses that are care, with what each is (V3 and V4, short breaks, are not care).
pub const LEGAL_STATUSES: &[(&str, &str)] = &[
    ("C1", "interim care order"),
    ("C2", "full care order"),
    ("D1", "freeing order"),
    ("E1", "placement order"),
    ("V2", "accommodated under section 20"),
    ("L1", "police protection"),
    ("L2", "emergency protection order"),
    ("L3", "child assessment order"),
    ("J1", "remanded"),
    ("J2", "placed under PACE"),
    ("J3", "youth rehabilitation order with residence"),
];

/// Why children left care, grouped as the DfE's tables group the reasons (REC).
pub const CEASED_GROUPS: &[(&str, &str, &[&str])] = &[
    ("adopted", "adopted", &["E11", "E12"]),
    ("special_guardianship", "a special guardianship order", &["E43", "E44", "E45", "E46", "E47", "E48"]),
    ("child_arrangements", "a residence or child arrangements order", &["E41"]),
    ("returned_home", "returned home to parents or others with parental responsibility", &["E4A", "E4B"]),
    ("with_relatives", "went to live with parents, relatives or others without parental responsibility", &["E13"]),
    ("independent_living", "moved to independent living", &["E5", "E6"]),
    ("staying_put", "aged 18 or over and stayed with their carers", &["E17"]),
    (
        "other",
        "another reason: care taken over by another authority, died, adult social care, custody, remand ended, age assessed as 18 or over, moved abroad, or any other",
        &["E2", "E3", "E7", "E8", "E9", "E14", "E15", "E16"],
    ),
];

/// Review participation codes by which the child's views were conveyed (PN0 is a child under 4;
/// PN7, views not conveyed).
const TOOK_PART: &[&str] = &["PN1", "PN2", "PN3", "PN4", "PN5", "PN6"];

fn declare(b: &mut Builder) {
    use Polarity::*;
    for (code, what) in LEGAL_STATUSES {
        b.cell(
            format!("lac.legal_status.{}", lower(code)),
            "lac.at_31_march",
            format!("children looked after at 31 March with legal status {code} ({what}), by their latest episode"),
        );
    }
    for (code, what) in LEGAL_STATUSES {
        b.cell(
            format!("lac.started.legal_status.{}", lower(code)),
            "lac.started",
            format!("children who started to be looked after in year with legal status {code} ({what}), on their first start in the year"),
        );
    }
    for (group, what, codes) in CEASED_GROUPS {
        b.cell(
            format!("lac.ceased.reason.{group}"),
            "lac.ceased",
            format!(
                "children who ceased to be looked after in year who {what} (REC {}), on the last occasion in the year",
                codes.join(", ")
            ),
        );
    }
    b.count("lac.ceased.aged_18", "children who ceased to be looked after in year on or after their 18th birthday");
    b.subset("lac.ceased.aged_18", "lac.ceased");
    b.count(
        "lac.uasc",
        "unaccompanied asylum-seeking children looked after at 31 March (in the UASC table with no date status ceased by then, or flagged in the header)",
    );
    b.subset("lac.uasc", "lac.at_31_march");
    b.share(
        "lac.uasc.pct",
        "lac.uasc",
        "lac.at_31_march",
        Neutral,
        "share of children looked after at 31 March who were unaccompanied asylum-seeking children",
    );
    b.count("lac.during_year", "children looked after at any time in year");
    b.count("lac.missing.children", "children looked after who went missing (MISSING M) in year");
    b.count("lac.missing.episodes", "missing episodes (MISSING M) of children looked after that began in year");
    b.count(
        "lac.away.children",
        "children looked after who were away from placement without authorisation (MISSING A) in year",
    );
    b.count("lac.away.episodes", "away-from-placement episodes (MISSING A) that began in year");
    b.subset("lac.missing.children", "lac.during_year");
    b.subset("lac.away.children", "lac.during_year");
    b.share(
        "lac.missing.children.pct",
        "lac.missing.children",
        "lac.during_year",
        Neutral,
        "share of children looked after during the year who went missing",
    );
    b.share(
        "lac.away.children.pct",
        "lac.away.children",
        "lac.during_year",
        Neutral,
        "share of children looked after during the year who were away from placement without authorisation",
    );
    b.count("lac.reviews.aged_4_plus", "looked-after reviews in year of children aged 4 or over (REVIEW_CODE PN1–PN7)");
    b.count(
        "lac.reviews.participated",
        "of those, reviews in which the child's views were conveyed (REVIEW_CODE PN1–PN6)",
    );
    b.subset("lac.reviews.participated", "lac.reviews.aged_4_plus");
    b.share(
        "lac.reviews.participated.pct",
        "lac.reviews.participated",
        "lac.reviews.aged_4_plus",
        HigherIsBetter,
        "share of reviews in year of children aged 4 or over in which the child's views were conveyed, in person, through an advocate or by another means (PN1–PN6)",
    );
}

fn count(c: &mut Computer) -> PolarsResult<()> {
    c.needs("lac_episodes", "DEC", &["lac.legal_status", "lac.uasc", "lac.during_year"]);
    c.needs("lac_episodes", "REC", &["lac.ceased.reason"]);
    c.needs("lac_reviews", "REVIEW_CODE", &["lac.reviews.aged_4_plus", "lac.reviews.participated"]);
    let flows = ["lac.during_year", "lac.missing", "lac.away"];
    c.covered_from_first_end("lac_episodes", "DEC", &flows, &["lac.legal_status", "lac.uasc"])?;
    let episodes = c.frame("lac_episodes").map(|lf| lf.filter(not_short_breaks()));
    let latest = latest_episodes(c)?;
    let status = |_| col("LS");
    count_latest(c, latest.clone(), &|_| None, Some(&status), "lac.legal_status")?;
    if let (Some(e), Some(latest)) = (episodes, latest) {
        started_by_status(c, e.clone())?;
        ceased(c, e.clone())?;
        during_year(c, e)?;
        uasc(c, latest)?;
    }
    missing(c)?;
    let code = || col("REVIEW_CODE");
    let rows = Tally::Rows;
    let aged_4 = code().is_not_null().and(code().neq(lit("PN0")));
    c.in_year("lac_reviews", "REVIEW", Some(aged_4), None, rows, "lac.reviews.aged_4_plus")?;
    c.in_year("lac_reviews", "REVIEW", Some(any_of("REVIEW_CODE", TOOK_PART)), None, rows, "lac.reviews.participated")
}

/// Each child's first start in the year (RNE S), by its legal status: the cells sum to the
/// children who started.
fn started_by_status(c: &mut Computer, episodes: LazyFrame) -> PolarsResult<()> {
    let firsts = episodes
        .filter(col("RNE").eq(lit("S")).and(in_span("DECOM", c.first(), c.last())))
        .with_column(fy("DECOM").alias("start_year"))
        .sort(["LEA", "CHILD", "DECOM"], ties_in_file_order())
        .unique_stable_generic(Some(vec![col("LEA"), col("CHILD"), col("start_year")]), UniqueKeepStrategy::First);
    let child = Tally::Distinct("CHILD");
    c.in_year_of(Some(firsts), "DECOM", None, Some(col("LS")), child, "lac.started.legal_status")
}

/// The last time each child left care in the year, by the DfE's group of its reason; and
/// whether they were 18 or over then.
fn ceased(c: &mut Computer, episodes: LazyFrame) -> PolarsResult<()> {
    let lasts = episodes
        .filter(col("REC").neq(lit("X1")).and(in_span("DEC", c.first(), c.last())))
        .with_column(fy("DEC").alias("end_year"))
        .sort(["LEA", "CHILD", "DEC"], ties_in_file_order())
        .unique_stable_generic(Some(vec![col("LEA"), col("CHILD"), col("end_year")]), UniqueKeepStrategy::Last);
    let [(g0, _, c0), (g1, _, c1), rest @ ..] = CEASED_GROUPS else { unreachable!("groups are listed") };
    let mut group = when(any_of("REC", c0)).then(lit(*g0)).when(any_of("REC", c1)).then(lit(*g1));
    for (g, _, codes) in rest {
        group = group.when(any_of("REC", codes)).then(lit(*g));
    }
    let group = group.otherwise(lit(NULL).cast(DataType::String));
    let child = Tally::Distinct("CHILD");
    c.in_year_of(Some(lasts.clone()), "DEC", None, Some(group), child, "lac.ceased.reason")?;
    let Some(header) = c.frame("lac_header") else { return Ok(()) };
    let by = [col("LEA"), col("CHILD")];
    let born = lasts.join(
        header.select([col("LEA"), col("CHILD"), col("DOB")]),
        by.clone(),
        by,
        JoinArgs::new(JoinType::Inner),
    );
    let adult = age_on("DOB", "DEC").gt_eq(lit(18));
    c.in_year_of(Some(born), "DEC", Some(adult), None, child, "lac.ceased.aged_18")
}

/// Children with an episode open at some time in each year.
fn during_year(c: &mut Computer, episodes: LazyFrame) -> PolarsResult<()> {
    let mut parts = Vec::new();
    for y in c.years() {
        let open =
            col("DECOM").lt_eq(lit(y.last_day())).and(col("DEC").is_null().or(col("DEC").gt_eq(lit(y.first_day()))));
        let part = episodes.clone().filter(open).with_column(lit(y.start_year).alias("fy"));
        parts.push(tally_by(part, None, col("CHILD").n_unique()));
    }
    c.absorb(concat(parts, UnionArgs::default())?, "lac.during_year", false)
}

/// Unaccompanied asylum-seeking children at 31 March: in the UASC table with no date their
/// status ceased by then, or (where the header has the column) flagged in the header and not
/// shown by the table to have ceased. With neither source, not available.
fn uasc(c: &mut Computer, latest: LazyFrame) -> PolarsResult<()> {
    let by = || [col("LEA"), col("CHILD")];
    let (table, flag) = (c.frame("lac_uasc"), c.has_column("lac_header", "UASC"));
    let mut e = latest;
    match table {
        Some(t) => {
            // Listed twice: UASC until the later date; a row with no date: still UASC.
            let ceased = when(col("DUC").null_count().gt(lit(0)))
                .then(lit(NULL).cast(DataType::Date))
                .otherwise(col("DUC").max());
            let t = t.group_by(by()).agg([ceased.alias("status_ceased"), len().gt(lit(0)).alias("listed")]);
            e = e.join(t, by(), by(), JoinArgs::new(JoinType::Left));
        }
        None if flag => {
            e = e.with_columns([lit(NULL).cast(DataType::Date).alias("status_ceased"), lit(false).alias("listed")]);
        }
        None => return Ok(()),
    }
    e = match (flag, c.frame("lac_header")) {
        (true, Some(h)) => {
            let h = h.select([col("LEA"), col("CHILD"), col("UASC").alias("header_uasc")]);
            e.join(h, by(), by(), JoinArgs::new(JoinType::Left))
        }
        _ => e.with_column(lit(false).alias("header_uasc")),
    };
    let filter = |d: chrono::NaiveDate| {
        let ceased = col("status_ceased").is_not_null().and(col("status_ceased").lt_eq(lit(d)));
        let uasc = col("listed").fill_null(lit(false)).or(col("header_uasc").fill_null(lit(false)));
        Some(uasc.and(ceased.not()))
    };
    count_latest(c, Some(e), &filter, None, "lac.uasc")
}

/// Missing (M) and away (A) episodes of children looked after, from the return's Missing table.
fn missing(c: &mut Computer) -> PolarsResult<()> {
    let kind = || col("MISSING").str().strip_chars(lit(NULL)).str().to_uppercase();
    for (code, what) in [("M", "lac.missing"), ("A", "lac.away")] {
        let is = kind().eq(lit(code));
        c.in_year(
            "lac_missing",
            "MIS_START",
            Some(is.clone()),
            None,
            Tally::Distinct("CHILD"),
            &format!("{what}.children"),
        )?;
        c.in_year("lac_missing", "MIS_START", Some(is), None, Tally::Rows, &format!("{what}.episodes"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::indicators::topics::fixture::{check, figures, two_years};

    const HEADER: &str = "CHILD,SEX,DOB
L1,1,01/06/2005
L2,2,31/03/2000
L3,1,15/08/2001
L4,2,01/01/2016
L5,1,10/10/2002
L6,2,01/01/2010
";
    const EPISODES: &str = "CHILD,DECOM,RNE,LS,PLACE,DEC,REC
L1,01/05/2016,S,V2,U4,01/09/2017,X1
L1,01/09/2017,L,C2,U4,,
L2,01/04/2015,S,C2,U6,31/03/2018,E17
L3,01/05/2017,S,V2,K2,01/07/2017,E4A
L3,01/12/2017,S,C1,K2,01/03/2018,E13
L4,01/02/2018,S,L1,U6,03/02/2018,X1
L4,03/02/2018,L,C1,U6,,
L5,10/11/2017,S,V2,U6,,
L6,01/03/2016,S,V2,U6,30/06/2016,E4A
";
    const UASC: &str = "CHILD,SEX,DOB,DUC\nL5,1,10/10/2002,\nL1,1,01/06/2005,31/03/2018\n";
    const MISSING: &str = "CHILD,DOB,MISSING,MIS_START,MIS_END
L1,01/06/2005,M,03/04/2017,04/04/2017
L1,01/06/2005,M,10/05/2017,10/05/2017
L3,15/08/2001,A,01/06/2017,02/06/2017
L3,15/08/2001,m,05/12/2017,
L2,31/03/2000,M,31/03/2017,01/04/2017
";
    const REVIEWS: &str = "CHILD,DOB,REVIEW,REVIEW_CODE
L1,01/06/2005,01/06/2017,PN1
L1,01/06/2005,01/12/2017,PN7
L4,01/01/2016,20/02/2018,PN0
L5,10/10/2002,01/12/2017,
";

    fn files<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
        let mut f = vec![("lac_header.csv", HEADER), ("lac_episodes.csv", EPISODES), ("lac_reviews.csv", REVIEWS)];
        f.extend_from_slice(extra);
        two_years(&f)
    }

    #[test]
    fn legal_status_starts_and_leavers_by_hand() {
        let figs = figures(&files(&[]));
        // In care at 31 March 2018: L1 (C2 since 1 September), L4 (C1 since 3 February), L5
        // (V2). L2 left on 31 March itself; L3 on 1 March.
        check(&figs, "lac.at_31_march", "2017-18", "3");
        check(&figs, "lac.legal_status.c2", "2017-18", "1");
        check(&figs, "lac.legal_status.c1", "2017-18", "1");
        check(&figs, "lac.legal_status.v2", "2017-18", "1");
        check(&figs, "lac.legal_status.l1", "2017-18", "0");
        // Started in 2017-18: L3 twice (first on 1 May under V2), L4 (L1, police protection, on
        // its first day), L5 (V2): V2 2, L1 1, summing to the 3 children who started.
        check(&figs, "lac.started", "2017-18", "3");
        check(&figs, "lac.started.legal_status.v2", "2017-18", "2");
        check(&figs, "lac.started.legal_status.l1", "2017-18", "1");
        check(&figs, "lac.started.legal_status.c1", "2017-18", "0");
        // Ceased in 2017-18: L2 on her 18th birthday, staying put (E17); L3 twice, counted by
        // the last occasion (E13, to relatives without parental responsibility), not the first
        // (E4A, home). 2016-17: L6 went home (E4A).
        check(&figs, "lac.ceased", "2017-18", "2");
        check(&figs, "lac.ceased.reason.staying_put", "2017-18", "1");
        check(&figs, "lac.ceased.reason.with_relatives", "2017-18", "1");
        check(&figs, "lac.ceased.reason.returned_home", "2017-18", "0");
        check(&figs, "lac.ceased.reason.returned_home", "2016-17", "1");
        check(&figs, "lac.ceased.aged_18", "2017-18", "1");
        // Looked after at some time in 2017-18: all but L6 → 5; in 2016-17: L1, L2, L6 → 3.
        check(&figs, "lac.during_year", "2017-18", "5");
        check(&figs, "lac.during_year", "2016-17", "3");
    }

    #[test]
    fn unaccompanied_children_by_hand() {
        let figs = figures(&files(&[("lac_uasc.csv", UASC)]));
        // L5 is listed with no date status ceased: UASC at 31 March 2018. L1's status ceased on
        // 31 March 2018 itself: no longer UASC that day. 1 of 3 = 33.3%.
        check(&figs, "lac.uasc", "2017-18", "1");
        check(&figs, "lac.uasc.pct", "2017-18", "33.3");
        // Without the UASC table or the header's flag, unknown, not none.
        let figs = figures(&files(&[]));
        check(&figs, "lac.uasc", "2017-18", "x");
        // The header's flag alone (the XML return's UASC field).
        let header = "CHILD,SEX,DOB,UASC
L1,1,01/06/2005,0
L2,2,31/03/2000,0
L3,1,15/08/2001,0
L4,2,01/01/2016,0
L5,1,10/10/2002,1
L6,2,01/01/2010,0
";
        let figs = figures(&files(&[("lac_header.csv", header)]));
        check(&figs, "lac.uasc", "2017-18", "1");
    }

    #[test]
    fn missing_and_away_from_care_by_hand() {
        let figs = figures(&files(&[("lac_missing.csv", MISSING)]));
        // 2017-18: missing (M, written m once) L1 twice and L3 once → 2 children, 3 episodes;
        // away (A): L3 once. Of the 5 children looked after in the year, 2 went missing: 40.0%.
        check(&figs, "lac.missing.children", "2017-18", "2");
        check(&figs, "lac.missing.episodes", "2017-18", "3");
        check(&figs, "lac.away.children", "2017-18", "1");
        check(&figs, "lac.away.episodes", "2017-18", "1");
        check(&figs, "lac.missing.children.pct", "2017-18", "40.0");
        // 2016-17: L2 went missing on 31 March 2017: 1 of 3 = 33.3%.
        check(&figs, "lac.missing.children.pct", "2016-17", "33.3");
        let figs = figures(&files(&[]));
        check(&figs, "lac.missing.children", "2017-18", "x");
    }

    #[test]
    fn review_participation_by_hand() {
        let figs = figures(&files(&[]));
        // Reviews in 2017-18 of children aged 4 or over with a code: L1's two (PN1 spoke for
        // herself, PN7 views not conveyed); L4's is PN0 (under 4); L5's has no code. 1 of 2.
        check(&figs, "lac.reviews.aged_4_plus", "2017-18", "2");
        check(&figs, "lac.reviews.participated", "2017-18", "1");
        check(&figs, "lac.reviews.participated.pct", "2017-18", "50.0");
    }

    #[test]
    fn every_reason_for_leaving_care_is_in_one_group() {
        for code in crate::contract::REASONS_CEASED.iter().filter(|c| **c != "X1") {
            let n = super::CEASED_GROUPS.iter().filter(|(_, _, codes)| codes.contains(code)).count();
            assert_eq!(n, 1, "{code}");
        }
        for code in crate::contract::LEGAL_STATUS.iter().filter(|c| !matches!(**c, "V3" | "V4")) {
            assert!(super::LEGAL_STATUSES.iter().any(|(c, _)| c == code), "{code}");
        }
    }
}
