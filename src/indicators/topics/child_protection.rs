//! Child protection plans and their reviews (`cp_plans.csv`, `cp_reviews.csv`, the CIN
//! census's ChildProtectionPlans and Reviews).

use super::topic::Topic;
use crate::contract::ABUSE_CATEGORIES;
use crate::indicators::catalogue::{Builder, Polarity, lower};
use crate::indicators::compute::{Computer, Tally, back_in_group, shift_months, tally_by, ties_in_file_order};
use crate::indicators::years::fy;
use chrono::{Months, NaiveDate};
use polars::prelude::*;

pub const TOPIC: Topic = Topic { name: "child protection", declare, count, dynamic: &[] };

fn declare(b: &mut Builder) {
    use Polarity::*;
    b.count("cp.at_31_march", "children on a plan at 31 March");
    b.rate("cp.at_31_march.rate", "cp.at_31_march", "children on a plan per 10,000 children at 31 March");
    for c in ABUSE_CATEGORIES {
        b.cell_and_share(
            format!("cp.at_31_march.category.{}", lower(c)),
            "cp.at_31_march",
            format!("children on a plan at 31 March, initial category {c}"),
            format!("share of children on a plan at 31 March, initial category {c}"),
        );
    }
    b.count("cp.started", "plans with CPPstartDate in year");
    b.rate("cp.started.rate", "cp.started", "plans started per 10,000 children");
    b.count("cp.ended", "plans with CPPendDate in year");
    b.count("cp.over_2_years", "plans open at 31 March that started two years or more before");
    b.count(
        "cp.repeat_within_12m",
        "plans started in year for a child whose previous plan ended in the 12 months before",
    );
    // Counts move with the number of plans: better or worse is judged on the shares.
    b.share(
        "cp.over_2_years.pct",
        "cp.over_2_years",
        "cp.at_31_march",
        LowerIsBetter,
        "plans open at 31 March that started two years or more before, per 100 children on a plan at 31 March",
    );
    b.share(
        "cp.repeat_within_12m.pct",
        "cp.repeat_within_12m",
        "cp.started",
        LowerIsBetter,
        "share of plans started in year for a child whose previous plan ended in the 12 months before",
    );
    b.count("cp.ended.over_2_years", "plans ended in year that had lasted two years or more");
    b.subset("cp.ended.over_2_years", "cp.ended");
    b.share(
        "cp.ended.over_2_years.pct",
        "cp.ended.over_2_years",
        "cp.ended",
        LowerIsBetter,
        "the DfE's measure: share of plans ended in year that had lasted two years or more (ended on or after the second anniversary of the start)",
    );
    for c in ABUSE_CATEGORIES {
        b.cell(
            format!("cp.at_31_march.latest.{}", lower(c)),
            "cp.at_31_march",
            format!("children on a plan at 31 March, latest category {c}"),
        );
    }
    b.cell(
        "cp.at_31_march.latest.not_recorded".into(),
        "cp.at_31_march",
        "children on a plan at 31 March with no latest category recorded".into(),
    );
    b.flow("cp.at_31_march", "cp.started", "cp.ended");
    b.subset("cp.repeat_within_12m", "cp.started");
    b.count("cp.second_or_subsequent", "plans started in year for a child with an earlier plan");
    b.share(
        "cp.second_or_subsequent.pct",
        "cp.second_or_subsequent",
        "cp.started",
        LowerIsBetter,
        "share of plans started in year that were second or subsequent",
    );
    b.count("cp.reviews.held", "child protection reviews dated in year");
    b.count("cp.reviews.in_time", "reviews in year held in time");
    b.cell(
        "cp.reviews.due_known".into(),
        "cp.reviews.held",
        "child protection reviews in year whose due date the data shows".into(),
    );
    b.cell(
        "cp.reviews.unknown_due".into(),
        "cp.reviews.held",
        "child protection reviews in year whose due date the data cannot show: the first in the data of a plan begun before it, more than 3 months after the plan's start".into(),
    );
    b.count(
        "cp.reviews.plans_3_months",
        "children on a plan at 31 March for 3 months or more, whose reviews the data shows in full",
    );
    b.count(
        "cp.reviews.all_in_time",
        "of those, children whose reviews in the year were all held in time and none overdue",
    );
    b.subset("cp.reviews.all_in_time", "cp.reviews.plans_3_months");
    b.share(
        "cp.reviews.all_in_time.pct",
        "cp.reviews.all_in_time",
        "cp.reviews.plans_3_months",
        HigherIsBetter,
        "the DfE's measure: share of children on a plan at 31 March for 3 months or more whose reviews in the year were all held in time (first within 3 months of the start, then within 6 months of the last) and none overdue at 31 March",
    );
    b.share("cp.reviews.in_time.pct", "cp.reviews.in_time", "cp.reviews.due_known", HigherIsBetter, "share of reviews held in time, of those whose due date the data shows: the first within 3 months of the plan's start, each later one within 6 months of the previous");
}

fn count(c: &mut Computer) -> PolarsResult<()> {
    // Figures from an optional column the file lacks are `x`, not 0 (without end dates every
    // plan would look open).
    c.needs(
        "cp_plans",
        "CPPendDate",
        &[
            "cp.ended",
            "cp.at_31_march",
            "cp.ended.over_2_years",
            "cp.over_2_years",
            "cp.repeat_within_12m",
            "cp.reviews.all_in_time",
            "cp.reviews.plans_3_months",
        ],
    );
    c.needs("cp_plans", "NumberOfPreviousCPP", &["cp.second_or_subsequent"]);
    c.needs("cp_plans", "LatestCategoryOfAbuse", &["cp.at_31_march.latest"]);
    // Plans come from the CIN census too: covered as its episodes are.
    let flows =
        ["cp.started", "cp.ended", "cp.over_2_years", "cp.repeat_within_12m", "cp.second_or_subsequent", "cp.reviews"];
    c.covered_from_first_end("referrals", "CINclosureDate", &flows, &["cp.at_31_march"])?;
    let Some(df) = c.table("cp_plans") else { return Ok(()) };
    let (f, start, end) = ("cp_plans", "CPPstartDate", "CPPendDate");
    let span = (start, Some(end));
    let all = Some(df.clone().lazy());
    c.at_31_march(all.clone(), span, &|_| None, None, Tally::Distinct("LAchildID"), "cp.at_31_march")?;
    c.at_31_march(
        all.clone(),
        span,
        &|_| None,
        Some(&|_| col("InitialCategoryOfAbuse")),
        Tally::Distinct("LAchildID"),
        "cp.at_31_march.category",
    )?;
    c.at_31_march(
        all.clone(),
        span,
        &|_| None,
        Some(&|_| col("LatestCategoryOfAbuse").fill_null(lit("not_recorded"))),
        Tally::Distinct("LAchildID"),
        "cp.at_31_march.latest",
    )?;
    let two_years_before = |d: NaiveDate| d.checked_sub_months(Months::new(24)).map(|b| col(start).lt_eq(lit(b)));
    c.at_31_march(all, span, &two_years_before, None, Tally::Rows, "cp.over_2_years")?;
    c.in_year(f, start, None, None, Tally::Rows, "cp.started")?;
    c.in_year(f, end, None, None, Tally::Rows, "cp.ended")?;

    // The child's previous plan: for repeats within 12 months and second or subsequent plans.
    let mut df = df.clone();
    df.with_column(shift_months(df.column(start)?, -12, "year_before")?)?;
    df.with_column(shift_months(df.column(start)?, 24, "second_anniversary")?)?;
    let lasted = col(end).gt_eq(col("second_anniversary"));
    c.in_year_of(Some(df.clone().lazy()), end, Some(lasted), None, Tally::Rows, "cp.ended.over_2_years")?;
    let by_child = ["LEA", "LAchildID"];
    let sequenced = df.lazy().sort(["LEA", "LAchildID", start], ties_in_file_order()).with_columns([
        back_in_group(start, 1, &by_child).alias("previous_start"),
        back_in_group(end, 1, &by_child).alias("previous_end"),
    ]);
    let repeat = col("previous_end")
        .is_not_null()
        .and(col("previous_end").lt_eq(col(start)))
        .and(col("previous_end").gt_eq(col("year_before")));
    let earlier = col("previous_start").is_not_null().or(col("NumberOfPreviousCPP").fill_null(lit(0)).gt(lit(0)));
    for (flag, id) in [(repeat, "cp.repeat_within_12m"), (earlier, "cp.second_or_subsequent")] {
        c.in_year_of(Some(sequenced.clone()), start, Some(flag), None, Tally::Rows, id)?;
    }
    reviews(c)
}

/// A review is in time if the first of its plan is within 3 months of the plan's start and
/// each later one within 6 months of the previous review (on the due date counts as in time).
/// The first review in the data of a plan begun before the first year of reviews held (a CIN
/// census holds only its own year's reviews) may follow reviews the data does not hold: within
/// 3 months of the start it is in time either way; later, its due date is unknown, and it is
/// counted apart, not as late.
fn reviews(c: &mut Computer) -> PolarsResult<()> {
    let Some(df) = c.table("cp_reviews") else { return Ok(()) };
    let (start, review) = ("CPPstartDate", "CPPreviewDate");
    c.in_year("cp_reviews", review, None, None, Tally::Rows, "cp.reviews.held")?;
    let mut df = df.clone();
    df.with_column(shift_months(df.column(start)?, 3, "first_due")?)?;
    df.with_column(shift_months(df.column(review)?, 6, "next_due")?)?;
    let plan = ["LEA", "LAchildID", start];
    let due = when(col("previous_due").is_null()).then(col("first_due")).otherwise(col("previous_due"));
    // Each authority's reviews begin in its own year (a census beside years of CSV history).
    let reviews_from = df.clone().lazy().group_by([col("LEA")]).agg([col(review).min().alias("first_review")]);
    let sequenced = df
        .lazy()
        .join(reviews_from, [col("LEA")], [col("LEA")], JoinArgs::new(JoinType::Left))
        .sort(["LEA", "LAchildID", start, review], ties_in_file_order())
        .with_column(back_in_group("next_due", 1, &plan).alias("previous_due"));
    let unknown =
        col("previous_due").is_null().and(fy(start).lt(fy("first_review"))).and(col(review).gt(col("first_due")));
    let rows = Tally::Rows;
    c.in_year_of(Some(sequenced.clone()), review, Some(unknown.clone().not()), None, rows, "cp.reviews.due_known")?;
    c.in_year_of(Some(sequenced.clone()), review, Some(unknown.clone()), None, rows, "cp.reviews.unknown_due")?;
    let in_time = unknown.clone().not().and(col(review).lt_eq(due.clone()));
    c.in_year_of(Some(sequenced.clone()), review, Some(in_time), None, rows, "cp.reviews.in_time")?;
    let flagged = sequenced.with_columns([
        unknown.alias("unknown_due"),
        col(review).gt(due).alias("late"),
        fy("first_review").cast(DataType::Int32).alias("reviews_from_year"),
    ]);
    children_reviewed_in_time(c, flagged)
}

/// The DfE's measure: of children on a plan at 31 March who had been on it for 3 months or
/// more, those whose reviews in the year were all held in time and none overdue at 31 March
/// (the next review, 3 months after the start or 6 after the last, not yet past). A plan with
/// a review in the year whose due date the data cannot show (the first held of a plan begun
/// before the reviews held) is left out of both.
fn children_reviewed_in_time(c: &mut Computer, reviews: LazyFrame) -> PolarsResult<()> {
    let Some(plans) = c.table("cp_plans") else { return Ok(()) };
    let (start, end, review) = ("CPPstartDate", "CPPendDate", "CPPreviewDate");
    let mut plans = plans.clone();
    plans.with_column(shift_months(plans.column(start)?, 3, "first_due")?)?;
    let key = || [col("LEA"), col("LAchildID"), col(start)];
    // The first financial year of each authority's reviews: before it nothing can be told.
    let from: Vec<(String, i32)> = {
        let df = reviews.clone().group_by([col("LEA")]).agg([col("reviews_from_year").min()]).collect()?;
        let (lea, year) = (df.column("LEA")?.str()?, df.column("reviews_from_year")?.i32()?);
        (0..df.height()).filter_map(|i| Some((lea.get(i)?.to_string(), year.get(i)?))).collect()
    };
    let ids = ["cp.reviews.all_in_time", "cp.reviews.plans_3_months"];
    let mut parts = Vec::new();
    let mut known = Vec::new();
    for y in c.years().collect::<Vec<_>>() {
        for (lea, first) in &from {
            // Reviews from April of `first` on: 31 March of an earlier year cannot be judged.
            if y.start_year < *first {
                c.not_covered(lea, &ids, y);
            }
        }
        let d = y.last_day();
        let Some(three_months_before) = d.checked_sub_months(Months::new(3)) else { continue };
        // Late or unknown reviews of the year count; the last review of any year says when the
        // next was due.
        let in_year = col(review).gt(lit(y.previous().last_day()));
        let held = reviews.clone().filter(col(review).lt_eq(lit(d))).group_by(key()).agg([
            col("late").and(in_year.clone()).any(true).alias("any_late"),
            col("unknown_due").and(in_year).any(true).alias("any_unknown"),
            col("next_due").max().alias("last_next_due"),
        ]);
        let open = plans
            .clone()
            .lazy()
            .filter(col(start).lt_eq(lit(three_months_before)).and(col(end).is_null().or(col(end).gt(lit(d)))))
            .join(held, key(), key(), JoinArgs::new(JoinType::Left))
            .with_columns([
                lit(y.start_year).alias("fy"),
                col("any_unknown").fill_null(lit(false)).alias("any_unknown"),
                col("any_late").fill_null(lit(false)).alias("any_late"),
                col("last_next_due").fill_null(col("first_due")).alias("next_due"),
            ])
            .filter(col("any_unknown").not());
        let all_in_time = col("any_late").not().and(col("next_due").gt_eq(lit(d)));
        known.push(tally_by(open.clone(), None, col("LAchildID").n_unique()));
        parts.push(tally_by(open.filter(all_in_time), None, col("LAchildID").n_unique()));
    }
    if parts.is_empty() {
        return Ok(());
    }
    c.absorb(concat(known, UnionArgs::default())?, "cp.reviews.plans_3_months", false)?;
    c.absorb(concat(parts, UnionArgs::default())?, "cp.reviews.all_in_time", false)
}

#[cfg(test)]
mod tests {
    use crate::indicators::topics::fixture::{check, figures, two_years};

    #[test]
    fn child_protection_by_hand() {
        let figs = figures(&two_years(&[]));
        // On a plan at 31 March 2018: A1 (NEG), A9 (NEG) and A7's PHY plan that started that very
        // day; A7's EMO plan ended that day, so is not open → 3: NEG 2, PHY 1, EMO 0.
        check(&figs, "cp.at_31_march", "2017-18", "3");
        check(&figs, "cp.at_31_march.category.neg", "2017-18", "2");
        check(&figs, "cp.at_31_march.category.phy", "2017-18", "1");
        check(&figs, "cp.at_31_march.category.emo", "2017-18", "0");
        check(&figs, "cp.at_31_march.category.neg.pct", "2017-18", "66.7");
        // 31 March 2017: A7 (EMO), A9 → 2 (A10 ended 15 March).
        check(&figs, "cp.at_31_march", "2016-17", "2");
        check(&figs, "cp.at_31_march.rate", "2016-17", "2.0");
        // Started 2017-18: A1, A7 (31 March 2018) → 2; 2016-17: A10 → 1. Ended: A7 (31 March 2018); A10.
        check(&figs, "cp.started", "2017-18", "2");
        check(&figs, "cp.started", "2016-17", "1");
        check(&figs, "cp.ended", "2017-18", "1");
        check(&figs, "cp.ended", "2016-17", "1");
        // Two years or more at 31 March 2018 (started by 31 March 2016): A9 only; A7's PHY plan is new.
        check(&figs, "cp.over_2_years", "2017-18", "1");
        check(&figs, "cp.over_2_years", "2016-17", "1");
        // 1 of the 3 children on a plan at 31 March 2018 → 33.3%; 1 of 2 a year before → 50.0%.
        check(&figs, "cp.over_2_years.pct", "2017-18", "33.3");
        check(&figs, "cp.over_2_years.pct", "2016-17", "50.0");
        // A7's new plan starts the day the previous one ended: a repeat within 12 months, and a
        // second plan; A1's first plan is neither → 1 of 2 = 50.0%.
        check(&figs, "cp.repeat_within_12m", "2017-18", "1");
        check(&figs, "cp.second_or_subsequent", "2017-18", "1");
        check(&figs, "cp.second_or_subsequent.pct", "2017-18", "50.0");
        check(&figs, "cp.repeat_within_12m.pct", "2017-18", "50.0");
    }

    #[test]
    fn review_timeliness_by_hand() {
        let figs = figures(&two_years(&[]));
        // 2017-18: A1's first review on 20 July 2017, exactly 3 months after 20 April → in time;
        // its second on 21 January 2018, one day after the 6 months from 20 July → late. 1 of 2.
        check(&figs, "cp.reviews.held", "2017-18", "2");
        check(&figs, "cp.reviews.in_time.pct", "2017-18", "50.0");
        // 2016-17: A7's first review on 30 June 2016, exactly 3 months after its 31 March start;
        // its second on 30 December 2016, exactly 6 months after → in time; A10's first on
        // 28 February 2017: 3 months after 30 November is clamped to 28 February → in time. 3 of 3.
        check(&figs, "cp.reviews.held", "2016-17", "3");
        check(&figs, "cp.reviews.in_time.pct", "2016-17", "100.0");
        // A7's plan began the day before the data (1 April 2016), but its first review in the
        // data is within 3 months of the start: in time whether or not it was the first.
        check(&figs, "cp.reviews.unknown_due", "2016-17", "0");
    }

    #[test]
    fn a_plan_begun_before_the_data_is_not_late_for_reviews_the_data_does_not_hold() {
        // P1's plan began on 1 June 2015, a year before the data; its reviews in the data are on
        // 1 June 2016 and 1 November 2016. The first may follow reviews held before the data
        // (due 6 months after the last of them) or be long overdue: unknown. The second is
        // within 6 months of it: in time. Before, the first was late (due 1 September 2015).
        let reviews = "LAchildID,CPPstartDate,CPPreviewDate
P1,2015-06-01,2016-06-01
P1,2015-06-01,2016-11-01
";
        let plans =
            "LAchildID,CPPstartDate,CPPendDate,InitialCategoryOfAbuse,NumberOfPreviousCPP\nP1,2015-06-01,,NEG,0\n";
        let figs = figures(&two_years(&[("cp_plans.csv", plans), ("cp_reviews.csv", reviews)]));
        check(&figs, "cp.reviews.held", "2016-17", "2");
        check(&figs, "cp.reviews.unknown_due", "2016-17", "1");
        check(&figs, "cp.reviews.due_known", "2016-17", "1");
        check(&figs, "cp.reviews.in_time.pct", "2016-17", "100.0");
    }

    #[test]
    fn children_whose_reviews_were_all_in_time_by_the_dfes_definition() {
        // At 31 March 2018 (3 months before: 31 December 2017):
        //   R1 from 1 June 2017: reviews 1 September (due that day) and 1 March (due that day),
        //      next due 1 September 2018: all in time.
        //   R2 from 15 May 2017: first review 20 August, due 15 August: late.
        //   R3 from 1 July 2017: no review, the first due 1 October 2017: overdue.
        //   R4 from 15 January 2018: under 3 months, left out.
        //   R5 ended 1 February 2018: not on a plan, left out.
        //   R6 from 1 June 2015, before the reviews held: its first review's due date is
        //      unknown, so it is left out of both.
        //   R7 from 1 October 2016: 20 December 2016 in time (due 1 January), 25 June 2017 late
        //      (due 20 June), 1 November 2017 in time: not all in time.
        //   R8 from 1 January 2016: its first review held, 1 May 2016, has an unknown due date,
        //      but it fell in 2016-17; in 2017-18, 1 April 2017 (6 months after 1 October 2016),
        //      1 September and 1 March are in time: all in time.
        //   R6 again: no review in 2017-18, the last (1 November 2016) due again by 1 May 2017:
        //      overdue.
        // → R1 and R8 of R1, R2, R3, R6, R7, R8 = 2 of 6 = 33.3%. At 31 March 2017 R6 and R8 had
        // reviews of unknown due date in the year, so only R7 counts, with one review in time
        // and the next due 20 June 2017: 1 of 1 = 100.0%.
        let plans = "LAchildID,CPPstartDate,CPPendDate,InitialCategoryOfAbuse,NumberOfPreviousCPP
R1,2017-06-01,,NEG,0
R2,2017-05-15,,NEG,0
R3,2017-07-01,,NEG,0
R4,2018-01-15,,NEG,0
R5,2017-04-10,2018-02-01,NEG,0
R6,2015-06-01,,NEG,0
R7,2016-10-01,,NEG,0
R8,2016-01-01,,NEG,0
";
        let reviews = "LAchildID,CPPstartDate,CPPreviewDate
R1,2017-06-01,2017-09-01
R1,2017-06-01,2018-03-01
R2,2017-05-15,2017-08-20
R2,2017-05-15,2018-01-10
R6,2015-06-01,2016-06-01
R6,2015-06-01,2016-11-01
R7,2016-10-01,2016-12-20
R7,2016-10-01,2017-06-25
R7,2016-10-01,2017-11-01
R8,2016-01-01,2016-05-01
R8,2016-01-01,2016-10-01
R8,2016-01-01,2017-04-01
R8,2016-01-01,2017-09-01
R8,2016-01-01,2018-03-01
";
        let figs = figures(&two_years(&[("cp_plans.csv", plans), ("cp_reviews.csv", reviews)]));
        check(&figs, "cp.reviews.plans_3_months", "2017-18", "6");
        check(&figs, "cp.reviews.all_in_time", "2017-18", "2");
        check(&figs, "cp.reviews.all_in_time.pct", "2017-18", "33.3");
        check(&figs, "cp.reviews.all_in_time.pct", "2016-17", "100.0");
        // The review-based measure of the same reviews differs: in 2017-18, of the 9 reviews held
        // R1's two, R2's second, R7's third and R8's three are in time → 7 of 9 = 77.8%.
        check(&figs, "cp.reviews.in_time.pct", "2017-18", "77.8");
    }

    #[test]
    fn before_the_first_year_of_reviews_held_the_dfes_review_measure_is_not_available() {
        let plans =
            "LAchildID,CPPstartDate,CPPendDate,InitialCategoryOfAbuse,NumberOfPreviousCPP\nP1,2016-01-01,,NEG,0\n";
        // Reviews held from 2017-18 only (a census): 31 March 2017 cannot be judged.
        let reviews = "LAchildID,CPPstartDate,CPPreviewDate\nP1,2016-01-01,2017-06-01\n";
        let figs = figures(&two_years(&[("cp_plans.csv", plans), ("cp_reviews.csv", reviews)]));
        check(&figs, "cp.reviews.all_in_time.pct", "2016-17", "x");
        // The 2017-18 review's due date is unknown (a review may have been held before): left out.
        check(&figs, "cp.reviews.all_in_time.pct", "2017-18", "z");
    }

    #[test]
    fn a_plan_begun_before_the_first_year_of_reviews_held_is_not_late_for_reviews_before_it() {
        // A CIN census holds the reviews of its own year only, beside episodes and plans begun
        // years before. P1's plan began on 1 June 2016; the reviews held are all in 2017-18
        // (1 June and 1 November 2017). The first may follow 2016-17 reviews the census does
        // not hold: its due date is unknown. The second is within 6 months of it: in time.
        // Before, the plan's start was compared with the data's first year (2016-17), so the
        // first review was due on 1 September 2016 and counted late: 1 of 2 in time.
        let reviews = "LAchildID,CPPstartDate,CPPreviewDate
P1,2016-06-01,2017-06-01
P1,2016-06-01,2017-11-01
";
        let plans =
            "LAchildID,CPPstartDate,CPPendDate,InitialCategoryOfAbuse,NumberOfPreviousCPP\nP1,2016-06-01,,NEG,0\n";
        let figs = figures(&two_years(&[("cp_plans.csv", plans), ("cp_reviews.csv", reviews)]));
        check(&figs, "cp.reviews.held", "2017-18", "2");
        check(&figs, "cp.reviews.unknown_due", "2017-18", "1");
        check(&figs, "cp.reviews.in_time.pct", "2017-18", "100.0");
    }

    #[test]
    fn plans_ended_after_two_years_and_latest_categories_by_hand() {
        let plans = "LAchildID,CPPstartDate,CPPendDate,InitialCategoryOfAbuse,LatestCategoryOfAbuse,NumberOfPreviousCPP
P1,2015-06-01,2017-05-31,NEG,NEG,0
P2,2016-02-29,2018-02-28,PHY,EMO,0
P3,2017-05-01,2017-11-01,NEG,NEG,0
P4,2017-06-01,,NEG,EMO,0
P5,2017-07-01,,SAB,,0
";
        let figs = figures(&two_years(&[("cp_plans.csv", plans)]));
        // Ended in 2017-18: P1, P2, P3. P1's second anniversary is 1 June 2017, a day after it
        // ended: short of two years. P2 began on 29 February 2016; 24 months on is 28 February
        // 2018 (no 29th), the day it ended: two years. 1 of 3 = 33.3%.
        check(&figs, "cp.ended", "2017-18", "3");
        check(&figs, "cp.ended.over_2_years", "2017-18", "1");
        check(&figs, "cp.ended.over_2_years.pct", "2017-18", "33.3");
        // On a plan at 31 March 2018: P4 (initial NEG, latest EMO) and P5 (latest not recorded,
        // counted so). By initial category NEG 1, SAB 1; by latest EMO 1, not recorded 1.
        check(&figs, "cp.at_31_march", "2017-18", "2");
        check(&figs, "cp.at_31_march.category.neg", "2017-18", "1");
        check(&figs, "cp.at_31_march.latest.emo", "2017-18", "1");
        check(&figs, "cp.at_31_march.latest.neg", "2017-18", "0");
        check(&figs, "cp.at_31_march.latest.not_recorded", "2017-18", "1");
        // Without the column the latest categories are not available.
        let figs = figures(&two_years(&[]));
        check(&figs, "cp.at_31_march.latest.neg", "2017-18", "x");
    }

    #[test]
    fn without_the_reviews_file_review_figures_are_not_available() {
        let mut files = two_years(&[]);
        files.retain(|(name, _)| *name != "cp_reviews.csv");
        let figs = figures(&files);
        check(&figs, "cp.reviews.held", "2017-18", "x");
        check(&figs, "cp.reviews.in_time.pct", "2017-18", "x");
        check(&figs, "cp.started", "2017-18", "2");
    }
}
