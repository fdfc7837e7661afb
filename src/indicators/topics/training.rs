//! The partnership's multi-agency training (`training_sessions.csv`,
//! `training_attendance.csv`): sessions, places, attendance and what attendees said of it.

use super::topic::{Dynamic, Topic};
use crate::indicators::catalogue::{Builder, Polarity, Recipe};
use crate::indicators::compute::{Computer, Tally, any_of, fy, in_span, tally_by};
use crate::indicators::figure::Unit;
use crate::period::Period;
use polars::prelude::*;

pub const TOPIC: Topic = Topic {
    name: "training",
    declare,
    count,
    dynamic: &[Dynamic {
        prefix: "training.agency",
        total: "training.places_taken",
        what: "places taken by delegates from",
    }],
};

fn declare(b: &mut Builder) {
    use Polarity::*;
    // Sessions and courses disclose no one, so they are never suppressed.
    b.count("training.sessions.planned", "sessions dated in year, delivered or cancelled");
    b.events();
    b.count("training.sessions.delivered", "sessions delivered in year");
    b.events();
    b.count("training.sessions.cancelled", "sessions cancelled in year");
    b.events();
    b.sum("training.sessions.planned", &["training.sessions.delivered", "training.sessions.cancelled"]);
    b.count("training.topics", "distinct course titles among sessions delivered in year");
    b.events();
    b.count(
        "training.topics.new",
        "of those, titles not delivered in the previous year (not available for the data's first year)",
    );
    b.events();
    b.count("training.places_taken", "places taken (attended or walk-in) at sessions in year");
    // Bookings are attended places and places not attended; a walk-in had no booking.
    b.count("training.booked", "places booked at sessions in year (attended or not attended; walk-ins excluded)");
    b.count("training.dna", "bookings in year where the delegate did not attend");
    b.subset("training.dna", "training.booked");
    // Judged as a share: fewer places not attended is no gain when fewer were booked.
    b.share(
        "training.dna.pct",
        "training.dna",
        "training.booked",
        LowerIsBetter,
        "share of places booked at sessions in year that the delegate did not attend",
    );
    b.count("training.walk_ins", "delegates in year who attended without a booking");
    b.subset("training.walk_ins", "training.places_taken");
    for (name, what) in [("pre", "before"), ("post", "after")] {
        let (sum, count) =
            (format!("training.understanding.{name}.sum"), format!("training.understanding.{name}.scored"));
        b.working(&sum, &format!("total self-rated understanding {what} (for the mean)"));
        b.events();
        b.working(&count, &format!("attendees in year who rated their understanding {what}"));
        let recipe = Recipe::Mean { sum, count };
        b.add(
            format!("training.understanding.{name}.mean"),
            Unit::Mean,
            Neutral,
            format!("mean self-rated understanding {what} the session (0–10) of attendees in year"),
            recipe,
        );
    }
    b.working("training.understanding.gain.sum", "total gain in self-rated understanding (for the mean)");
    b.events();
    b.working("training.understanding.gain.scored", "attendees in year who rated their understanding before and after");
    let gain = Recipe::Mean {
        sum: "training.understanding.gain.sum".into(),
        count: "training.understanding.gain.scored".into(),
    };
    b.add(
        "training.understanding.gain.mean",
        Unit::Mean,
        HigherIsBetter,
        "mean of (after − before) over attendees who gave both scores",
        gain,
    );
    b.working("training.recommend.recorded", "attendance rows in year with WouldRecommend recorded");
    b.working("training.recommend.yes", "of those, would recommend");
    b.share(
        "training.recommend.pct",
        "training.recommend.yes",
        "training.recommend.recorded",
        HigherIsBetter,
        "share of delegates who answered that would recommend the course",
    );
}

fn status(v: &str) -> Expr {
    col("Status").eq(lit(v.to_string()))
}

fn count(c: &mut Computer) -> PolarsResult<()> {
    // Means and shares from an optional column the file lacks are `x`.
    let (pre, post, gain) =
        ("training.understanding.pre", "training.understanding.post", "training.understanding.gain");
    c.needs("training_attendance", "PreScore", &[pre, gain]);
    c.needs("training_attendance", "PostScore", &[post, gain]);
    c.needs("training_attendance", "WouldRecommend", &["training.recommend"]);
    let (s, d) = ("training_sessions", "SessionDate");
    c.in_year(s, d, None, None, Tally::Rows, "training.sessions.planned")?;
    c.in_year(s, d, Some(status("DELIVERED")), None, Tally::Rows, "training.sessions.delivered")?;
    c.in_year(s, d, Some(status("CANCELLED")), None, Tally::Rows, "training.sessions.cancelled")?;
    c.in_year(s, d, Some(status("DELIVERED")), None, Tally::Distinct("CourseTitle"), "training.topics")?;
    new_topics(c)?;
    attendance(c)
}

/// Titles delivered in a year that were not delivered the year before.
fn new_topics(c: &mut Computer) -> PolarsResult<()> {
    let (s, d) = ("training_sessions", "SessionDate");
    let Some(sessions) = c.frame(s) else { return Ok(()) };
    let titles = sessions
        .filter(status("DELIVERED").and(in_span(d, c.first().previous(), c.last())))
        .select([col("LEA"), col("CourseTitle"), fy(d).alias("fy")])
        .unique(None, UniqueKeepStrategy::Any);
    let year_after = titles.clone().with_column((col("fy") + lit(1)).alias("fy"));
    let by = [col("LEA"), col("CourseTitle"), col("fy")];
    let new = titles
        .join(year_after, by.clone(), by, JoinArgs::new(JoinType::Anti))
        .filter(col("fy").gt_eq(lit(c.first().start_year)));
    c.absorb(tally_by(new, None, len()), "training.topics.new", false)?;
    // The first year has no year before it in the data.
    c.unavailable("training.topics.new", Period::Year(c.first()));
    Ok(())
}

fn attendance(c: &mut Computer) -> PolarsResult<()> {
    let d = "SessionDate";
    // Each attendance row takes its session's date.
    let attendance = match (c.frame("training_attendance"), c.frame("training_sessions")) {
        (Some(a), Some(sessions)) => {
            let by = [col("LEA"), col("SessionID")];
            Some(a.join(
                sessions.select([col("LEA"), col("SessionID"), col(d)]),
                by.clone(),
                by,
                JoinArgs::new(JoinType::Inner),
            ))
        }
        _ => None,
    };
    let took_place = || any_of("Attendance", &["ATTENDED", "WALK_IN"]);
    let places = Some(took_place());
    let rows = |c: &mut Computer, filter: Option<Expr>, tally: Tally, id: &str| {
        c.in_year_of(attendance.clone(), d, filter, None, tally, id)
    };
    rows(c, places.clone(), Tally::Rows, "training.places_taken")?;
    rows(c, Some(col("Attendance").eq(lit("DNA"))), Tally::Rows, "training.dna")?;
    rows(c, Some(any_of("Attendance", &["ATTENDED", "DNA"])), Tally::Rows, "training.booked")?;
    rows(c, Some(col("Attendance").eq(lit("WALK_IN"))), Tally::Rows, "training.walk_ins")?;
    c.in_year_of(attendance.clone(), d, places.clone(), Some(col("Agency")), Tally::Rows, "training.agency")?;
    for (score, name) in [("PreScore", "pre"), ("PostScore", "post")] {
        rows(c, places.clone(), Tally::Sum(score), &format!("training.understanding.{name}.sum"))?;
        rows(c, places.clone(), Tally::Filled(score), &format!("training.understanding.{name}.scored"))?;
    }
    let gain = attendance.clone().map(|a| a.with_column((col("PostScore") - col("PreScore")).alias("gain")));
    let both = took_place().and(col("PreScore").is_not_null()).and(col("PostScore").is_not_null());
    c.in_year_of(gain.clone(), d, Some(both.clone()), None, Tally::Sum("gain"), "training.understanding.gain.sum")?;
    c.in_year_of(gain, d, Some(both), None, Tally::Rows, "training.understanding.gain.scored")?;
    rows(c, None, Tally::Filled("WouldRecommend"), "training.recommend.recorded")?;
    rows(c, Some(col("WouldRecommend").eq(lit(true))), Tally::Rows, "training.recommend.yes")
}

#[cfg(test)]
mod tests {
    use crate::indicators::topics::fixture::{check, figures, two_years};

    #[test]
    fn training_by_hand() {
        let figs = figures(&two_years(&[
            (
                "training_sessions.csv",
                "SessionID,CourseTitle,SessionDate,Status\nS1,Neglect,2017-09-12,DELIVERED\nS2,Neglect,2017-10-02,DELIVERED\nS3,Domestic abuse & coercive control,2017-11-01,CANCELLED\nS4,Safer recruitment,2016-06-01,DELIVERED\n",
            ),
            (
                "training_attendance.csv",
                "SessionID,DelegateID,Agency,Attendance,PreScore,PostScore,WouldRecommend
S1,D1,Police,ATTENDED,4,7,Y
S1,D2,Children's social care,ATTENDED,5,9,N
S1,D3,Police,DNA,,,
S2,D4,Police,WALK_IN,6,,
S2,D5,Schools,ATTENDED,,,Y
S4,D1,Police,ATTENDED,3,6,Y
",
            ),
        ]));
        // 2017-18: S1 and S2 delivered, S3 cancelled; one topic delivered (Neglect).
        check(&figs, "training.sessions.planned", "2017-18", "3");
        check(&figs, "training.sessions.cancelled", "2017-18", "1");
        check(&figs, "training.topics", "2017-18", "1");
        // Neglect was not delivered in 2016-17 (only Safer recruitment was): new. The first year of
        // the data has no year before it.
        check(&figs, "training.topics.new", "2017-18", "1");
        check(&figs, "training.topics.new", "2016-17", "x");
        // Places: D1, D2, D4 (walk-in), D5 → 4; D3 did not attend.
        check(&figs, "training.places_taken", "2017-18", "4");
        check(&figs, "training.dna", "2017-18", "1");
        // Booked: D1, D2, D3 (not attended) and D5; D4 walked in. 1 of 4 = 25.0% not attended.
        check(&figs, "training.booked", "2017-18", "4");
        check(&figs, "training.dna.pct", "2017-18", "25.0");
        check(&figs, "training.walk_ins", "2017-18", "1");
        // Before: 4, 5, 6 → 15/3 = 5.00; after: 7, 9 → 8.00; gain where both: 3 and 4 → 3.50.
        check(&figs, "training.understanding.pre.mean", "2017-18", "5.00");
        check(&figs, "training.understanding.post.mean", "2017-18", "8.00");
        check(&figs, "training.understanding.gain.mean", "2017-18", "3.50");
        // Would recommend: Y, N, Y → 2 of 3 = 66.7%.
        check(&figs, "training.recommend.pct", "2017-18", "66.7");
        // By agency, slugged: Police D1 and D4; "Children's social care" → children_s_social_care.
        check(&figs, "training.agency.police", "2017-18", "2");
        check(&figs, "training.agency.children_s_social_care", "2017-18", "1");
        check(&figs, "training.understanding.pre.mean", "2016-17", "3.00");
        assert!(
            !figs.keys().any(|(id, _)| id.ends_with(".sum") || id.ends_with(".scored")),
            "working counts are not published"
        );
    }

    #[test]
    fn without_attendance_rows_training_counts_are_zero_not_missing() {
        // The training files are required, so empty ones mean no activity: 0, not x.
        let figs = figures(&two_years(&[]));
        check(&figs, "training.dna", "2017-18", "0");
        check(&figs, "training.places_taken", "2017-18", "0");
        // No bookings: a share of nothing.
        check(&figs, "training.dna.pct", "2017-18", "z");
    }
}
