//! Placement stability and distance from home for children looked after at 31 March, by the
//! DfE's definitions ("Children looked after in England including adoptions"; the former
//! national indicators 62 and 63 that ChAT and LAIT still show).
//!
//! A placement begins with an episode whose reason for new episode (RNE) is S (started to be
//! looked after), P (new placement and carers) or B (new legal status, placement and carers).
//! L changes only the legal status; T and U change the placement type with the same carers
//! (a foster carer becoming the child's adopter), which the DfE does not count as a move.

use super::looked_after::{latest_episodes, not_short_breaks};
use super::topic::Topic;
use crate::indicators::catalogue::{Builder, Polarity};
use crate::indicators::compute::{Computer, any_of, fy, in_span, tally_by, ties_in_file_order};
use crate::indicators::grouped::count_latest;
use chrono::{Months, NaiveDate};
use polars::prelude::*;

pub const TOPIC: Topic = Topic { name: "looked after: stability", declare, count, dynamic: &[] };

/// Episode reasons that begin a new placement with new carers.
const NEW_PLACEMENT: &[&str] = &["S", "P", "B"];
/// Placed for adoption (PLACE).
const ADOPTION: &[&str] = &["A3", "A4", "A5", "A6"];

fn declare(b: &mut Builder) {
    use Polarity::*;
    b.count("lac.placements_3plus", "children looked after at 31 March who had three or more placements in the year");
    b.subset("lac.placements_3plus", "lac.at_31_march");
    b.share(
        "lac.placements_3plus.pct",
        "lac.placements_3plus",
        "lac.at_31_march",
        LowerIsBetter,
        "the DfE's short-term stability measure: share of children looked after at 31 March with three or more placements during the year (the placement they were in on 1 April, and each begun in the year with RNE S, P or B)",
    );
    b.count(
        "lac.long_term.eligible",
        "children under 16 at 31 March who had been looked after continuously for 2½ years or more",
    );
    b.count(
        "lac.long_term.stable",
        "of those, children in the same placement for 2 years or more, or placed for adoption where that placement and the one before it together lasted 2 years",
    );
    b.subset("lac.long_term.stable", "lac.long_term.eligible");
    b.share(
        "lac.long_term_stability.pct",
        "lac.long_term.stable",
        "lac.long_term.eligible",
        HigherIsBetter,
        "the DfE's long-term stability measure: share of children under 16 at 31 March looked after for 2½ years or more who had lived in the same placement for 2 years, or were placed for adoption and their adoptive placement together with the one before lasted 2 years",
    );
    b.count(
        "lac.long_term.unknown",
        "children under 16 looked after at 31 March whose length of care the data cannot show (their care began before the data, and their first episode in it is under 2½ years old)",
    );
    b.count(
        "lac.over_20_miles",
        "children looked after at 31 March placed more than 20 miles from home (PL_DISTANCE over 20)",
    );
    b.subset("lac.over_20_miles", "lac.at_31_march");
    b.share(
        "lac.over_20_miles.pct",
        "lac.over_20_miles",
        "lac.at_31_march",
        LowerIsBetter,
        "share of all children looked after at 31 March placed more than 20 miles from home, inside or outside the boundary",
    );
    b.count("lac.distance_not_recorded", "children looked after at 31 March whose distance from home is not recorded");
    b.subset("lac.distance_not_recorded", "lac.at_31_march");
}

fn count(c: &mut Computer) -> PolarsResult<()> {
    c.needs("lac_episodes", "DEC", &["lac.placements_3plus", "lac.long_term", "lac.over_20_miles"]);
    c.needs("lac_episodes", "PL_DISTANCE", &["lac.over_20_miles", "lac.distance_not_recorded"]);
    // Placements in the year need the whole year's episodes; stability, the years before too
    // (the episodes of a return are those open in its year, with their first days).
    let stocks = ["lac.placements_3plus", "lac.long_term", "lac.over_20_miles", "lac.distance_not_recorded"];
    c.covered_from_first_end("lac_episodes", "DEC", &stocks, &[])?;
    let Some(episodes) = c.frame("lac_episodes").map(|lf| lf.filter(not_short_breaks())) else { return Ok(()) };
    let Some(latest) = latest_episodes(c)? else { return Ok(()) };
    let far = |_| Some(col("PL_DISTANCE").gt(lit(20.0)));
    count_latest(c, Some(latest.clone()), &far, None, "lac.over_20_miles")?;
    let unknown = |_| Some(col("PL_DISTANCE").is_null());
    count_latest(c, Some(latest.clone()), &unknown, None, "lac.distance_not_recorded")?;
    let three = placements_in_year(c, episodes.clone(), latest.clone());
    c.absorb(three, "lac.placements_3plus", false)?;
    if c.frame("lac_header").is_none() {
        return Ok(());
    }
    // Sorted once: each year's histories read the episodes in order.
    let sorted = episodes
        .select([col("LEA"), col("CHILD"), col("DECOM"), col("RNE"), col("PLACE")])
        .sort(["LEA", "CHILD", "DECOM"], ties_in_file_order())
        .collect()?;
    let mut stable = Vec::new();
    for y in c.years() {
        let at_end =
            latest.clone().filter(col("fy").eq(lit(y.start_year))).select([col("LEA"), col("CHILD"), col("DOB")]);
        stable.push(long_term(sorted.clone().lazy(), at_end, y.last_day()).with_column(lit(y.start_year).alias("fy")));
    }
    let stable = concat(stable, UnionArgs::default())?.collect()?.lazy();
    for (flag, id) in [
        ("eligible", "lac.long_term.eligible"),
        ("stable", "lac.long_term.stable"),
        ("unknown", "lac.long_term.unknown"),
    ] {
        c.absorb(tally_by(stable.clone().filter(col(flag)), None, len()), id, false)?;
    }
    Ok(())
}

/// Children in care at 31 March with three or more placements in the year: one if they were
/// in a placement on 1 April (open at the 31 March before), and one for each placement begun
/// in the year. A move on 31 March itself counts. One grouped pass over the episodes; the
/// rest reads the children open at each 31 March (`latest`).
fn placements_in_year(c: &Computer, episodes: LazyFrame, latest: LazyFrame) -> LazyFrame {
    let by = || [col("LEA"), col("CHILD"), col("fy")];
    let begun = episodes
        .filter(any_of("RNE", NEW_PLACEMENT).and(in_span("DECOM", c.first(), c.last())))
        .with_column(fy("DECOM").alias("fy"))
        .group_by(by())
        .agg([len().cast(DataType::Int32).alias("begun")]);
    let open = latest.select([col("LEA"), col("CHILD"), col("fy")]);
    let on_first =
        open.clone().select([col("LEA"), col("CHILD"), (col("fy") + lit(1)).alias("fy"), lit(1).alias("on_first")]);
    let placements = col("begun").fill_null(lit(0)) + col("on_first").fill_null(lit(0));
    let at_end = open.filter(col("fy").gt_eq(lit(c.first().start_year)));
    let joined = at_end.join(begun, by(), by(), JoinArgs::new(JoinType::Left)).join(
        on_first,
        by(),
        by(),
        JoinArgs::new(JoinType::Left),
    );
    tally_by(joined.filter(placements.gt_eq(lit(3))), None, len())
}

/// Each child under 16 in care at `d`, flagged `eligible` (in care for 2½ years or more),
/// `stable` (and in the same placement for 2 years, or placed for adoption where that and
/// the placement before lasted 2 years) and `unknown` (care began before the data, which
/// cannot show it was 2½ years ago).
///
/// Care began at the child's latest start (RNE S) on or before `d`. With none in the data,
/// care began on or before their first episode in it: if that is 2½ years before, they are
/// eligible (and their placement, begun before the data too, has lasted as long); if not,
/// how long is unknown, and they are left out of both counts.
fn long_term(sorted: LazyFrame, at_end: LazyFrame, d: NaiveDate) -> LazyFrame {
    let by = || [col("LEA"), col("CHILD")];
    let placed = || any_of("RNE", NEW_PLACEMENT);
    let histories = sorted.filter(col("DECOM").lt_eq(lit(d))).group_by(by()).agg([
        col("DECOM").filter(col("RNE").eq(lit("S"))).max().alias("care_start"),
        col("DECOM").min().alias("earliest"),
        col("DECOM").filter(placed()).last().alias("placement_start"),
        col("PLACE").filter(placed()).last().alias("placement_type"),
        col("DECOM").filter(placed()).shift(lit(1)).last().alias("previous_start"),
    ]);
    let months_before = |n: u32| lit(d.checked_sub_months(Months::new(n)).expect("a date 30 months earlier"));
    let under_16 = col("DOB").gt(lit(d.checked_sub_months(Months::new(16 * 12)).expect("a date 16 years earlier")));
    let start_known = col("care_start").is_not_null();
    let eligible = under_16.clone().and(
        when(start_known.clone())
            .then(col("care_start").lt_eq(months_before(30)))
            .otherwise(col("earliest").lt_eq(months_before(30))),
    );
    let unknown = under_16.and(start_known.clone().not()).and(col("earliest").gt(months_before(30)));
    // The placement measured from: an adoptive placement (begun with new carers) is counted
    // with the one before it; a placement begun before the data, from the data's first day.
    let adoptive = || any_of("placement_type", ADOPTION);
    let from = when(adoptive().and(col("previous_start").is_not_null()))
        .then(col("previous_start"))
        .when(adoptive().and(start_known.clone().not()))
        .then(col("earliest"))
        .when(col("placement_start").is_not_null())
        .then(col("placement_start"))
        .otherwise(col("earliest"));
    let stable = eligible.clone().and(from.lt_eq(months_before(24)));
    histories.join(at_end.filter(col("DOB").is_not_null()), by(), by(), JoinArgs::new(JoinType::Inner)).select([
        col("LEA"),
        eligible.fill_null(lit(false)).alias("eligible"),
        stable.fill_null(lit(false)).alias("stable"),
        unknown.fill_null(lit(false)).alias("unknown"),
    ])
}

#[cfg(test)]
mod tests {
    use crate::indicators::topics::fixture::{check, figures, two_years};

    const HEADER: &str = "CHILD,SEX,DOB
M1,1,01/01/2008
M2,2,01/01/2008
M3,1,01/01/2008
M4,2,01/01/2008
M5,1,01/01/2013
M6,2,01/01/2008
M7,1,31/03/2002
";
    const EPISODES: &str = "CHILD,DECOM,RNE,LS,PLACE,DEC,REC,PL_DISTANCE
M1,01/02/2017,S,C2,U6,15/06/2017,X1,3.0
M1,15/06/2017,P,C2,U4,01/12/2017,X1,4.0
M1,01/12/2017,L,C2,U4,31/03/2018,X1,4.0
M1,31/03/2018,P,C2,K2,,,25.0
M2,01/01/2017,S,C2,U6,01/06/2017,X1,2.0
M2,01/06/2017,P,C2,U4,01/09/2017,X1,20.0
M2,01/09/2017,T,E1,A5,,,20.0
M3,01/06/2015,S,V2,U4,01/01/2016,X1,5.0
M3,01/01/2016,L,C2,U4,,,5.0
M4,30/09/2015,S,C2,U6,01/05/2016,X1,5.0
M4,01/05/2016,P,C2,U4,,,5.0
M5,01/01/2015,S,C2,U4,01/08/2016,X1,5.0
M5,01/08/2016,P,E1,A6,,,5.0
M6,01/12/2014,L,C2,U4,,,
M7,01/01/2014,S,C2,U4,,,5.0
";

    #[test]
    fn placement_stability_and_distance_by_hand() {
        let figs = figures(&two_years(&[("lac_header.csv", HEADER), ("lac_episodes.csv", EPISODES)]));
        check(&figs, "lac.at_31_march", "2017-18", "7");
        // Placements in 2017-18 of the 7 in care at 31 March 2018: M1 was in her U6 placement
        // on 1 April (1), moved on 15 June (2), changed legal status only on 1 December (not
        // a move) and moved again on 31 March itself (3): three. M2: on 1 April (1), moved on
        // 1 June (2); on 1 September her foster carers became her adopters (T, same carers):
        // two. Everyone else stayed put: one. 1 of 7 = 14.3%.
        check(&figs, "lac.placements_3plus", "2017-18", "1");
        check(&figs, "lac.placements_3plus.pct", "2017-18", "14.3");
        // Under 16 and looked after for 2½ years at 31 March 2018 (since 30 September 2015 or
        // before): M3 (June 2015), M4 (30 September 2015, to the day), M5 (January 2015), and
        // M6, whose care began before the data's first end (2015-16) and on or before 1
        // December 2014. M7 turned 16 that day; M1 and M2 came into care in 2017. → 4.
        check(&figs, "lac.long_term.eligible", "2017-18", "4");
        // In the same placement since 31 March 2016 or before: M3 (since June 2015; her legal
        // status changed in January 2016, her placement did not) and M6 (since the data began).
        // M4 moved on 1 May 2016: not. M5 was placed for adoption with new carers on 1 August
        // 2016, under 2 years, but with the placement before (from January 2015) it is over
        // 2: stable. 3 of 4 = 75.0%.
        check(&figs, "lac.long_term.stable", "2017-18", "3");
        check(&figs, "lac.long_term_stability.pct", "2017-18", "75.0");
        check(&figs, "lac.long_term.unknown", "2017-18", "0");
        // More than 20 miles from home: M1 (25.0, from 31 March); M2 at exactly 20.0 is not.
        // M6's distance is not recorded.
        check(&figs, "lac.over_20_miles", "2017-18", "1");
        check(&figs, "lac.over_20_miles.pct", "2017-18", "14.3");
        check(&figs, "lac.distance_not_recorded", "2017-18", "1");
    }

    #[test]
    fn care_begun_before_the_data_and_under_two_and_a_half_years_in_it_is_unknown() {
        // U1's first episode in the data (a legal status change, 1 January 2016) follows a start
        // the data does not hold: on 31 March 2018 she has been looked after for at least 2¼
        // years, perhaps 2½; which, the data cannot show. She is counted apart, not as
        // ineligible. V1 came into care in the data, 1 year before: not eligible.
        let header = "CHILD,SEX,DOB\nU1,2,01/01/2008\nV1,1,01/01/2009\n";
        let episodes = "CHILD,DECOM,RNE,LS,PLACE,DEC,REC
U1,01/01/2016,L,C2,U4,01/07/2017,X1
U1,01/07/2017,P,C2,U6,,
V1,01/04/2017,S,V2,U6,,
";
        let figs = figures(&two_years(&[("lac_header.csv", header), ("lac_episodes.csv", episodes)]));
        check(&figs, "lac.long_term.unknown", "2017-18", "1");
        check(&figs, "lac.long_term.eligible", "2017-18", "0");
        check(&figs, "lac.long_term_stability.pct", "2017-18", "z");
    }
}
