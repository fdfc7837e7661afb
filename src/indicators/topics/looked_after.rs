//! Looked-after children (`lac_header.csv`, `lac_episodes.csv`, `lac_reviews.csv`, the
//! SSDA903 return): children in care at 31 March, who started and ceased, their ages and
//! placements, and review timeliness. Short breaks (legal status V3, V4) are not care.

use super::topic::Topic;
use crate::indicators::catalogue::{Builder, Polarity};
use crate::indicators::compute::{
    Computer, Tally, any_of, back_in_group, date_of, fy, shift_months, ties_in_file_order,
};
use crate::indicators::grouped::{count_latest, latest_at_31_march};
use chrono::NaiveDate;
use polars::prelude::*;

pub const TOPIC: Topic = Topic { name: "looked after", declare, count, dynamic: &[] };

/// Placement groups of the catalogue, by PLACE code.
pub const PLACEMENT_GROUPS: &[(&str, &[&str])] = &[
    ("foster", &["U1", "U2", "U3", "U4", "U5", "U6"]),
    ("adoption", &["A3", "A4", "A5", "A6"]),
    ("parents", &["P1"]),
    ("independent", &["P2", "P3", "H5", "K3"]),
    ("residential", &["K1", "K2", "R1", "R2", "R3", "R5", "S1"]),
    ("other", &["T0", "T1", "T2", "T3", "T4", "Z1", "Z11", "Z12", "Z13", "Z14"]),
];

/// Age bands at 31 March, youngest first.
const AGE_BANDS: [&str; 5] = ["under_1", "1_4", "5_9", "10_15", "16_plus"];

fn declare(b: &mut Builder) {
    b.count("lac.at_31_march", "children looked after at 31 March");
    b.rate("lac.at_31_march.rate", "lac.at_31_march", "children looked after per 10,000 children at 31 March");
    b.count("lac.started", "children who started to be looked after in year (an episode with RNE S), counted once");
    b.count("lac.ceased", "children who ceased to be looked after in year (REC not X1), counted once");
    for band in AGE_BANDS {
        let age = band.replace('_', " to ").replace(" to plus", " or over").replace("under to 1", "under 1");
        b.cell_and_share(
            format!("lac.age.{band}"),
            "lac.at_31_march",
            format!("children looked after at 31 March aged {age} then"),
            format!("share of children looked after at 31 March aged {age} then"),
        );
    }
    for (group, codes) in PLACEMENT_GROUPS {
        b.cell_and_share(
            format!("lac.placement.{group}"),
            "lac.at_31_march",
            format!("children looked after at 31 March in a placement coded {}", codes.join(", ")),
            format!("share of children looked after at 31 March placed {group}"),
        );
    }
    let none = "lac.age.not_recorded".to_string();
    b.cell(none, "lac.at_31_march", "children looked after at 31 March with no date of birth in lac_header.csv".into());
    b.count("lac.outside_la", "children looked after at 31 March placed outside the authority's boundary");
    b.subset("lac.outside_la", "lac.at_31_march");
    b.count("lac.outside_la.within_20_miles", "of those, placed 20 miles or less from home");
    b.share(
        "lac.outside_la.within_20_miles.pct",
        "lac.outside_la.within_20_miles",
        "lac.outside_la",
        Polarity::Neutral,
        "share of children placed outside the boundary who are 20 miles or less from home",
    );
    b.flow("lac.at_31_march", "lac.started", "lac.ceased");
    b.count("lac.reviews.held", "looked-after reviews dated in year");
    b.cell(
        "lac.reviews.due_known".into(),
        "lac.reviews.held",
        "looked-after reviews in year whose due date the data shows (their period of care starts in the data, or earlier reviews of it settle the rule)".into(),
    );
    b.cell(
        "lac.reviews.unknown_due".into(),
        "lac.reviews.held",
        "looked-after reviews in year whose due date the data cannot show (their period of care began before the data, with too few earlier reviews in it to tell)".into(),
    );
    b.count("lac.reviews.in_time", "looked-after reviews in year held in time");
    b.share("lac.reviews.in_time.pct", "lac.reviews.in_time", "lac.reviews.due_known", Polarity::HigherIsBetter, "share of reviews in year held in time, of those whose due date the data shows: a period of care's first review within 20 working days of its start, the second within 3 months of the first, each later one within 6 months of the one before");
}

/// Episodes that are care: every legal status but the short breaks V3 and V4.
pub fn not_short_breaks() -> Expr {
    col("LS").neq(lit("V3")).and(col("LS").neq(lit("V4")))
}

/// Each child's latest episode of care open at each 31 March (see [`latest_at_31_march`]),
/// with their sex, date of birth and ethnicity from the header: the base of every count at
/// 31 March of the looked-after topics, collected once for all of them.
pub fn latest_episodes(c: &mut Computer) -> PolarsResult<Option<LazyFrame>> {
    let episodes = c.frame("lac_episodes").map(|lf| lf.filter(not_short_breaks()));
    let latest = latest_at_31_march(c, "lac_episodes: latest", episodes, ("DECOM", "DEC"), "CHILD")?;
    c.memo("lac_episodes: latest, with the header", |c| {
        let (Some(latest), Some(header)) = (latest.clone(), c.frame("lac_header")) else { return Ok(latest) };
        let about = header.select([col("LEA"), col("CHILD"), col("SEX"), col("DOB"), col("ETHNIC")]);
        let by = || [col("LEA"), col("CHILD")];
        Ok(Some(latest.join(about, by(), by(), JoinArgs::new(JoinType::Left))))
    })
}

fn placement_group() -> Expr {
    let [(g0, c0), (g1, c1), rest @ ..] = PLACEMENT_GROUPS else { unreachable!("six groups") };
    let mut chain = when(any_of("PLACE", c0)).then(lit(*g0)).when(any_of("PLACE", c1)).then(lit(*g1));
    for (group, codes) in rest {
        chain = chain.when(any_of("PLACE", codes)).then(lit(*group));
    }
    chain.otherwise(lit(""))
}

/// Age bands at `d`, from the date of birth; children without one are left out.
fn age_band(d: NaiveDate) -> Expr {
    use chrono::Datelike;
    let dob = || col("DOB");
    let birthday_later = (dob().dt().month().cast(DataType::Int32) * lit(100) + dob().dt().day().cast(DataType::Int32))
        .gt(lit(d.month() as i32 * 100 + d.day() as i32));
    let age = lit(d.year()) - dob().dt().year() - birthday_later.cast(DataType::Int32);
    let [under_1, one_4, five_9, ten_15, sixteen_plus] = AGE_BANDS;
    when(dob().is_null())
        .then(lit("not_recorded"))
        .when(age.clone().lt(lit(1)))
        .then(lit(under_1))
        .when(age.clone().lt(lit(5)))
        .then(lit(one_4))
        .when(age.clone().lt(lit(10)))
        .then(lit(five_9))
        .when(age.lt(lit(16)))
        .then(lit(ten_15))
        .otherwise(lit(sixteen_plus))
}

fn count(c: &mut Computer) -> PolarsResult<()> {
    // Figures from an optional column the file lacks are `x`, not 0 (without end dates every
    // episode would look open).
    let stocks = ["lac.ceased", "lac.at_31_march", "lac.placement", "lac.outside_la", "lac.age"];
    c.needs("lac_episodes", "DEC", &stocks);
    c.needs("lac_episodes", "PL_LOCATION", &["lac.outside_la"]);
    c.needs("lac_episodes", "PL_DISTANCE", &["lac.outside_la.within_20_miles"]);
    let episodes = c.frame("lac_episodes").map(|lf| lf.filter(not_short_breaks()));
    let child = Tally::Distinct("CHILD");
    // What an episode records is counted from each child's latest open episode: a child with
    // two open on 31 March was counted in both their placements.
    let latest = latest_episodes(c)?;
    count_latest(c, latest.clone(), &|_| None, None, "lac.at_31_march")?;
    c.in_year_of(episodes.clone(), "DECOM", Some(col("RNE").eq(lit("S"))), None, child, "lac.started")?;
    c.in_year_of(episodes, "DEC", Some(col("REC").neq(lit("X1"))), None, child, "lac.ceased")?;
    let placement = |_| placement_group();
    count_latest(c, latest.clone(), &|_| None, Some(&placement), "lac.placement")?;
    let outside = || col("PL_LOCATION").eq(lit("OUT"));
    count_latest(c, latest.clone(), &|_| Some(outside()), None, "lac.outside_la")?;
    let near = |_| Some(outside().and(col("PL_DISTANCE").lt_eq(lit(20.0))));
    count_latest(c, latest.clone(), &near, None, "lac.outside_la.within_20_miles")?;
    if c.frame("lac_header").is_some() {
        count_latest(c, latest, &|_| None, Some(&age_band), "lac.age")?;
    }
    c.in_year("lac_reviews", "REVIEW", None, None, Tally::Rows, "lac.reviews.held")?;
    reviews_in_time(c)?;
    coverage(c)
}

/// An SSDA903 return holds every episode open in its year, so the data holds every episode
/// from the first year in which one ends: flows before that year are not covered (a single
/// 2017-18 return said "657 children ceased to be looked after, an increase of 657 from 0"),
/// nor stocks before its opening 31 March.
fn coverage(c: &mut Computer) -> PolarsResult<()> {
    let flows = ["lac.started", "lac.ceased", "lac.reviews"];
    let stocks = ["lac.at_31_march", "lac.placement", "lac.outside_la", "lac.age"];
    c.covered_from_first_end("lac_episodes", "DEC", &flows, &stocks)
}

/// A period of care's first review is due within 20 working days of its start, the second
/// within 3 months of the first, each later one within 6 months of the one before. A review is
/// placed in the period that started most recently on or before it. Where that start is not in
/// the data (care began before it: most children in long-term care), a review's due date is
/// known only from earlier reviews of the period: after two, 6 months from the last; after one,
/// it is in time within 3 months and late after 6 whichever rule applies, and unknown between;
/// after none, unknown. Reviews of unknown due date are counted apart, not as late.
fn reviews_in_time(c: &mut Computer) -> PolarsResult<()> {
    let (Some(reviews), Some(episodes)) = (c.frame("lac_reviews"), c.frame("lac_episodes")) else { return Ok(()) };
    // A start before the first year the reviews file holds is as good as unknown: the
    // period's earlier reviews are not in the data (a single year's return holds the start
    // episode of a child in care since 2015, and none of the reviews before April), so its
    // first review in the data is not the period's first.
    let reviews_from = reviews.clone().group_by([col("LEA")]).agg([col("REVIEW").min().alias("first_review")]);
    let starts = episodes
        .filter(not_short_breaks().and(col("RNE").eq(lit("S"))))
        .select([col("LEA"), col("CHILD"), col("DECOM").alias("period_start")])
        .join(reviews_from, [col("LEA")], [col("LEA")], JoinArgs::new(JoinType::Inner))
        .filter(fy("period_start").gt_eq(fy("first_review")))
        .select([col("LEA"), col("CHILD"), col("period_start")]);
    let by = [col("LEA"), col("CHILD")];
    let placed = reviews
        .select([col("LEA"), col("CHILD"), col("REVIEW")])
        .with_row_index("review", None)
        .join(starts, by.clone(), by, JoinArgs::new(JoinType::Left))
        .with_column(
            when(col("period_start").lt_eq(col("REVIEW")))
                .then(col("period_start"))
                .otherwise(lit(NULL))
                .alias("period_start"),
        )
        .group_by([col("review"), col("LEA"), col("CHILD"), col("REVIEW")])
        .agg([col("period_start").max()])
        // Reviews before any start in the data form one period of their own.
        .with_column(col("period_start").cast(DataType::Int32).fill_null(lit(i32::MIN)).alias("period"))
        .sort(["LEA", "CHILD", "REVIEW", "review"], ties_in_file_order());
    let period = ["LEA", "CHILD", "period"];
    let mut df = placed
        .with_columns([
            back_in_group("REVIEW", 1, &period).alias("previous"),
            back_in_group("REVIEW", 2, &period).alias("before_previous"),
        ])
        .collect()?;
    // Working days and month offsets need the calendar, so they are added in Rust.
    let (start, review) = (
        df.column("period_start")?.cast(&DataType::Int32)?.rechunk(),
        df.column("REVIEW")?.cast(&DataType::Int32)?.rechunk(),
    );
    let (start, review) = (start.i32()?, review.i32()?);
    let from_start: Vec<Option<i64>> = (0..df.height())
        .map(|i| Some(crate::calendar::working_days_between(date_of(start.get(i)?)?, date_of(review.get(i)?)?)))
        .collect();
    df.with_column(Column::new("from_start".into(), from_start))?;
    df.with_column(shift_months(df.column("previous")?, 3, "previous_3m")?)?;
    df.with_column(shift_months(df.column("previous")?, 6, "previous_6m")?)?;
    let (review, previous, before_previous) = (|| col("REVIEW"), || col("previous"), || col("before_previous"));
    let start_known = || col("period_start").is_not_null();
    let by_later_rules = || {
        when(before_previous().is_null())
            .then(review().lt_eq(col("previous_3m")))
            .otherwise(review().lt_eq(col("previous_6m")))
    };
    let due_known = start_known().or(previous().is_not_null().and(
        before_previous().is_not_null().or(review().lt_eq(col("previous_3m"))).or(review().gt(col("previous_6m"))),
    ));
    let in_time = when(start_known())
        .then(when(previous().is_null()).then(col("from_start").lt_eq(lit(20))).otherwise(by_later_rules()))
        .otherwise(due_known.clone().and(by_later_rules()));
    let df = df.lazy();
    let rows = Tally::Rows;
    c.in_year_of(Some(df.clone()), "REVIEW", Some(due_known.clone()), None, rows, "lac.reviews.due_known")?;
    c.in_year_of(Some(df.clone()), "REVIEW", Some(due_known.not()), None, rows, "lac.reviews.unknown_due")?;
    c.in_year_of(Some(df), "REVIEW", Some(in_time), None, rows, "lac.reviews.in_time")
}

#[cfg(test)]
mod tests {
    use crate::indicators::topics::fixture::{check, figures, two_years};

    const HEADER: &str = "CHILD,SEX,DOB\nA7,2,01/02/2005\nB2,1,01/02/2010\nB3,1,31/03/2017\nB4,2,01/04/2002\n";
    const EPISODES: &str = "CHILD,DECOM,RNE,LS,PLACE,DEC,REC,PL_LOCATION,PL_DISTANCE
A7,01/01/2018,S,C1,U6,,,IN,2.0
B2,30/03/2018,S,V3,K2,,,IN,1.0
B3,01/06/2017,S,V2,U4,01/09/2017,X1,IN,3.0
B3,01/09/2017,P,C2,K2,,,OUT,25.0
B4,01/05/2016,S,C1,U6,31/03/2018,E4A,OUT,12.5
";
    const REVIEWS: &str = "CHILD,REVIEW\nB3,15/06/2017\nB3,14/09/2017\nB3,16/03/2018\nA7,29/01/2018\n";

    #[test]
    fn short_breaks_are_not_care() {
        // A7 is looked after from 1 January 2018; B2's V3 short break is excluded → 1.
        let figs = figures(&two_years(&[]));
        check(&figs, "lac.at_31_march", "2017-18", "1");
        check(&figs, "lac.at_31_march", "2016-17", "0");
    }

    #[test]
    fn care_by_hand() {
        let files = [("lac_header.csv", HEADER), ("lac_episodes.csv", EPISODES), ("lac_reviews.csv", REVIEWS)];
        let figs = figures(&two_years(&files));
        // Looked after at 31 March 2018: A7 and B3 (B2's V3 short break is excluded; B4 left on
        // 31 March itself). At 31 March 2017: B4.
        check(&figs, "lac.at_31_march", "2017-18", "2");
        check(&figs, "lac.at_31_march", "2016-17", "1");
        // Started: A7 and B3 (once, though B3 has two episodes); ceased: B4 (B3's X1 is a change of placement).
        check(&figs, "lac.started", "2017-18", "2");
        check(&figs, "lac.ceased", "2017-18", "1");
        // Ages at 31 March 2018: A7 is 13 (10–15); B3 turns 1 that very day (1–4), so no one is under 1.
        check(&figs, "lac.age.10_15", "2017-18", "1");
        check(&figs, "lac.age.1_4", "2017-18", "1");
        check(&figs, "lac.age.under_1", "2017-18", "0");
        // At 31 March 2017 B4 is 14: her 15th birthday is 1 April.
        check(&figs, "lac.age.10_15", "2016-17", "1");
        // Placements in 2018: A7 foster (U6), B3 residential (K2): 50.0% each.
        check(&figs, "lac.placement.foster.pct", "2017-18", "50.0");
        check(&figs, "lac.placement.residential", "2017-18", "1");
        // Outside the boundary: B3 at 25 miles (not within 20) in 2018; B4 at 12.5 miles in 2017.
        check(&figs, "lac.outside_la", "2017-18", "1");
        check(&figs, "lac.outside_la.within_20_miles.pct", "2017-18", "0.0");
        check(&figs, "lac.outside_la.within_20_miles.pct", "2016-17", "100.0");
    }

    #[test]
    fn review_timeliness_by_hand() {
        let files = [("lac_header.csv", HEADER), ("lac_episodes.csv", EPISODES), ("lac_reviews.csv", REVIEWS)];
        let figs = figures(&two_years(&files));
        check(&figs, "lac.reviews.held", "2017-18", "4");
        // B3's care began Thursday 1 June 2017: the review on 15 June is 10 working days on (in
        // time); the next, 14 September, is within 3 months of 15 June (due 15 September); the
        // third, 16 March 2018, is past 6 months from 14 September (due 14 March): late. A7's began
        // on New Year's Day 2018, a bank holiday but still day 0; Monday 29 January is the 20th
        // working day: in time. 3 of 4 = 75.0%.
        check(&figs, "lac.reviews.in_time.pct", "2017-18", "75.0");
    }

    #[test]
    fn a_child_with_two_open_episodes_is_refused_as_the_dfe_refuses_it() {
        // C1's foster episode (U1) was never closed when a residential one (K2) began on
        // 1 March 2018: both are open on 31 March. She was counted in both placements (the
        // groups summed to 2 of 1 child). The DfE's rules refuse the return: an episode before
        // the child's latest must have ended (142), and a continuation (RNE P) must start the
        // day the previous episode ended (433). Stocks still take the latest open episode
        // (`grouped::latest_at_31_march`), should a check ever let such a pair through.
        let episodes = "CHILD,DECOM,RNE,LS,PLACE,DEC,REC,PL_LOCATION,PL_DISTANCE
C1,01/06/2017,S,C2,U1,,,OUT,30.0
C1,01/03/2018,P,C2,K2,,,IN,2.0
";
        let header = "CHILD,SEX,DOB\nC1,2,01/02/2006\n";
        let said = super::super::fixture::problems(&[("lac_header.csv", header), ("lac_episodes.csv", episodes)]);
        assert!(said.contains("line 2, column F (DEC): (SSDA903 142)"), "{said}");
        assert!(said.contains("line 3, column C (RNE): (SSDA903 433)"), "{said}");
        // Past the checks (the engine alone), she is counted once, by her latest episode (K2,
        // begun last), inside the boundary as that episode records.
        let files = [("lac_header.csv", header), ("lac_episodes.csv", episodes)];
        let counts = super::super::fixture::unvalidated_counts(&files, &super::TOPIC);
        let count = |id: &str| super::super::fixture::count(&counts, id, "2017-18");
        assert_eq!(count("lac.at_31_march"), Some(1));
        assert_eq!((count("lac.placement.residential"), count("lac.placement.foster")), (Some(1), Some(0)));
        assert_eq!(count("lac.outside_la"), Some(0));
    }

    #[test]
    fn a_start_before_the_reviews_held_does_not_date_the_first_review_held() {
        // F1 has been in care since 1 May 2015, and her start episode is in the data (as in a
        // single year's return, which holds every episode open in the year), but the reviews
        // held begin in 2017-18: 1 June and 1 November 2017. Before, the first was taken for
        // the period's first review, due 20 working days after 1 May 2015 (late), and the
        // second for its second, due within 3 months of it (late). Neither due date can be
        // known: the first's follows reviews not held; the second is 5 months after one.
        let episodes = "CHILD,DECOM,RNE,LS,PLACE,DEC,REC\nF1,01/05/2015,S,C2,U1,,\n";
        let header = "CHILD,SEX,DOB\nF1,2,01/02/2006\n";
        let reviews = "CHILD,REVIEW\nF1,01/06/2017\nF1,01/11/2017\n";
        let files = [("lac_header.csv", header), ("lac_episodes.csv", episodes), ("lac_reviews.csv", reviews)];
        let figs = figures(&two_years(&files));
        check(&figs, "lac.reviews.held", "2017-18", "2");
        check(&figs, "lac.reviews.unknown_due", "2017-18", "2");
        check(&figs, "lac.reviews.due_known", "2017-18", "0");
    }

    #[test]
    fn reviews_of_care_begun_before_the_data_are_not_counted_late() {
        // D1 has been looked after since before the data (no start episode in it); her 2017-18
        // reviews are on 10 May 2017, 1 September 2017 and 20 February 2018. The first could be
        // due any time: unknown. The second is 3 months 22 days after it: in time if it is the
        // period's third or later review (6 months), late if the second (3 months): unknown.
        // The third follows two: due within 6 months of 1 September, in time. D2's only review,
        // 1 June 2017, follows one on 1 February 2017 (2016-17) by 4 months: unknown too; E1's
        // care starts in the data, as before. Before, every review of D1 and D2 was late.
        let episodes = "CHILD,DECOM,RNE,LS,PLACE,DEC,REC
D1,01/04/2016,P,C2,U1,,
D2,01/04/2016,P,C2,U1,,
E1,01/05/2017,S,C2,U1,,
";
        let header = "CHILD,SEX,DOB\nD1,2,01/02/2006\nD2,1,01/02/2007\nE1,1,01/02/2008\n";
        let reviews = "CHILD,REVIEW
D1,10/05/2017
D1,01/09/2017
D1,20/02/2018
D2,01/02/2017
D2,01/06/2017
E1,25/05/2017
";
        let files = [("lac_header.csv", header), ("lac_episodes.csv", episodes), ("lac_reviews.csv", reviews)];
        let figs = figures(&two_years(&files));
        // 2017-18: 5 reviews held. Unknown due date: D1's first two and D2's → 3; known: D1's
        // third (in time) and E1's (18 working days after 1 May 2017, in time) → 2 of 2.
        check(&figs, "lac.reviews.held", "2017-18", "5");
        check(&figs, "lac.reviews.unknown_due", "2017-18", "3");
        check(&figs, "lac.reviews.due_known", "2017-18", "2");
        check(&figs, "lac.reviews.in_time.pct", "2017-18", "100.0");
        // 2016-17: D2's 1 February review, the first of her period in the data: unknown.
        check(&figs, "lac.reviews.unknown_due", "2016-17", "1");
        check(&figs, "lac.reviews.in_time.pct", "2016-17", "z");
    }
}
