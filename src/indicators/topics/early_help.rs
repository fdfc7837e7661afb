//! Early help assessments (`early_help.csv`): started in the year, open at 31 March, and open
//! at the end of each month by lead agency.

use super::topic::Topic;
use crate::indicators::catalogue::{Builder, Polarity, Recipe, slug};
use crate::indicators::compute::{Computer, Tally, shift_months};
use crate::indicators::figure::Unit;
use crate::indicators::grouped::in_year_rows;
use crate::period::{Month, Period};
use polars::prelude::*;
use std::collections::BTreeMap;

pub const TOPIC: Topic = Topic { name: "early help", declare, count, dynamic: &[] };

fn declare(b: &mut Builder) {
    b.count("early_help.started", "early help assessments started in year");
    b.count("early_help.open_at_31_march", "early help assessments open at 31 March");
    // Monthly: the period is a month (2017-04), not a financial year.
    b.add(
        "early_help.open_at_month_end.total",
        Unit::Count,
        Polarity::Neutral,
        "early help assessments open at the end of the month",
        Recipe::Monthly,
    );
    for lead in ["internal", "external"] {
        b.add(
            format!("early_help.open_at_month_end.{lead}"),
            Unit::Count,
            Polarity::Neutral,
            format!("early help assessments led by an {lead} agency open at the end of the month"),
            Recipe::Monthly,
        );
        b.in_family("early_help.open_at_month_end.total");
    }
    declare_outcomes(b);
}

/// What followed early help: the level of need at its end against its start, and whether
/// the child was referred to children's social care soon after.
fn declare_outcomes(b: &mut Builder) {
    use Polarity::*;
    b.count("early_help.ended", "early help assessments ended in year (EHAEndDate in year)");
    b.count("early_help.ended.levels_known", "of those, with a level of need recorded at the start and at the end");
    b.subset("early_help.ended.levels_known", "early_help.ended");
    let levels = [
        ("reduced", "ended at a level of need below the one they started at", HigherIsBetter),
        ("unchanged", "ended at the level of need they started at", Neutral),
        ("increased", "ended at a level of need above the one they started at", LowerIsBetter),
    ];
    for (what, definition, polarity) in levels {
        let id = format!("early_help.ended.{what}");
        b.count(&id, &format!("early help assessments ended in year that {definition}"));
        b.share(
            format!("{id}.pct"),
            id.clone(),
            "early_help.ended.levels_known",
            polarity,
            format!("share of early help assessments ended in year, with both levels recorded, that {definition}"),
        );
    }
    b.sum(
        "early_help.ended.levels_known",
        &["early_help.ended.reduced", "early_help.ended.unchanged", "early_help.ended.increased"],
    );
    for (months, what, then) in [(3, "stepped_up", "stepped up"), (12, "referred_12m", "referred")] {
        let followed = format!("early_help.ended.followed_{months}m");
        let id = format!("early_help.ended.{what}");
        b.count(
            &followed,
            &format!("early help assessments ended in year at least {months} months before the data's last day (so the {months} months after show)"),
        );
        b.subset(&followed, "early_help.ended");
        b.count(&id, &format!("of those, {then}: the child was referred to children's social care within {months} months of the end (from the day it ended)"));
        b.subset(&id, &followed);
        b.share(
            format!("{id}.pct"),
            id.clone(),
            &followed,
            Neutral,
            format!("share of early help assessments ended in year whose child was referred to children's social care within {months} months of the end"),
        );
    }
}

fn count(c: &mut Computer) -> PolarsResult<()> {
    // Without end dates every assessment would look open.
    let stocks = ["early_help.open_at_31_march", "early_help.open_at_month_end"];
    c.needs("early_help", "EHAEndDate", &stocks);
    // Annex A's list 2 names no lead agency, and holds only assessments begun in its period.
    c.needs(
        "early_help",
        "LeadAgency",
        &["early_help.open_at_month_end.internal", "early_help.open_at_month_end.external"],
    );
    c.covered_by_returns("early_help", &["early_help.started", "early_help.ended"], &stocks);
    c.needs("early_help", "EHAEndDate", &["early_help.ended"]);
    c.needs(
        "early_help",
        "StartLevel",
        &[
            "early_help.ended.levels_known",
            "early_help.ended.reduced",
            "early_help.ended.unchanged",
            "early_help.ended.increased",
        ],
    );
    c.needs(
        "early_help",
        "EndLevel",
        &[
            "early_help.ended.levels_known",
            "early_help.ended.reduced",
            "early_help.ended.unchanged",
            "early_help.ended.increased",
        ],
    );
    let started = std::time::Instant::now();
    outcomes(c)?;
    crate::timing("early help: outcomes", started);
    c.in_year("early_help", "EHAStartDate", None, None, Tally::Rows, "early_help.started")?;
    let eh = c.frame("early_help");
    let span = ("EHAStartDate", Some("EHAEndDate"));
    c.at_31_march(eh.clone(), span, &|_| None, None, Tally::Rows, "early_help.open_at_31_march")?;
    let Some(eh) = eh else { return Ok(()) };
    // Open at a month's end = started by then − ended by then (an end on or before the
    // month's last day closes it). Two grouped passes and running sums, not a scan a month.
    let month = |date: &str| col(date).dt().year() * lit(100) + col(date).dt().month().cast(DataType::Int32);
    let by_month = |date: &str, lf: LazyFrame| {
        lf.group_by([col("LEA"), col("LeadAgency"), month(date).alias("month")])
            .agg([len().cast(DataType::Int64).alias("n")])
            .collect()
    };
    let starts = by_month("EHAStartDate", eh.clone())?;
    let ends = by_month("EHAEndDate", eh.filter(col("EHAEndDate").is_not_null()))?;
    // (authority, lead agency if recorded) → month (YYYYMM) → change in the number open.
    let mut changes: BTreeMap<(String, Option<String>), BTreeMap<i32, i64>> = BTreeMap::new();
    for (df, sign) in [(&starts, 1), (&ends, -1)] {
        let (lea, lead, m, n) = (
            df.column("LEA")?.str()?,
            df.column("LeadAgency")?.str()?,
            df.column("month")?.i32()?,
            df.column("n")?.i64()?,
        );
        for i in 0..df.height() {
            if let (Some(l), Some(m), Some(n)) = (lea.get(i), m.get(i), n.get(i)) {
                let key = (l.to_string(), lead.get(i).map(str::to_string));
                *changes.entry(key).or_default().entry(m).or_default() += sign * n;
            }
        }
    }
    let months: Vec<(i32, Month)> =
        c.years().flat_map(Month::of_year).map(|m| (m.year() * 100 + m.number() as i32, m)).collect();
    c.produces("early_help.open_at_month_end");
    for ((lea, lead), deltas) in changes {
        let (mut open, mut pending) = (0i64, deltas.into_iter().peekable());
        for (code, month) in &months {
            while let Some((_, n)) = pending.next_if(|(m, _)| m <= code) {
                open += n;
            }
            let period = Period::Month(*month);
            let by_lead = lead.as_deref().map(|l| format!("early_help.open_at_month_end.{}", slug(l)));
            for id in by_lead.into_iter().chain(["early_help.open_at_month_end.total".to_string()]) {
                c.add(&lea, id, period, open);
            }
        }
    }
    Ok(())
}

fn outcomes(c: &mut Computer) -> PolarsResult<()> {
    let Some(eh) = c.frame("early_help") else { return Ok(()) };
    // A list of the assessments begun in a period (Annex A's list 2) leaves out those begun
    // earlier that ended in it.
    if c.begun_only("early_help") {
        return Ok(());
    }
    let end = "EHAEndDate";
    let started = std::time::Instant::now();
    let level = |name: &str| col(name).cast(DataType::Int32);
    let known = || level("StartLevel").is_not_null().and(level("EndLevel").is_not_null());
    let counts = [
        ("early_help.ended", None),
        ("early_help.ended.levels_known", Some(known())),
        ("early_help.ended.reduced", Some(known().and(level("EndLevel").lt(level("StartLevel"))))),
        ("early_help.ended.unchanged", Some(known().and(level("EndLevel").eq(level("StartLevel"))))),
        ("early_help.ended.increased", Some(known().and(level("EndLevel").gt(level("StartLevel"))))),
    ];
    in_year_rows(c, Some(eh.clone()), end, &counts)?;
    crate::timing("early help: outcomes: levels", started);
    let Some(referrals) = c.frame("referrals") else { return Ok(()) };
    let in_span = crate::indicators::years::in_span(end, c.first(), c.last());
    let mut ended = eh.filter(in_span).select([col("LEA"), col("LAchildID"), col(end)]).collect()?;
    ended.with_column(shift_months(ended.column(end)?, 3, "after_3m")?)?;
    ended.with_column(shift_months(ended.column(end)?, 12, "after_12m")?)?;
    let ended = ended.lazy().with_row_index("assessment", None);
    // Each assessment's first referral from the day it ended to 12 months on: only the
    // child's referrals in that window are kept from the join, so the grouping is small.
    let by = [col("LEA"), col("LAchildID")];
    let r = || col("CINreferralDate");
    let first_referral = ended
        .clone()
        .join(
            referrals.select([col("LEA"), col("LAchildID"), r()]).filter(r().gt_eq(lit(c.first().first_day()))),
            by.clone(),
            by,
            JoinArgs::new(JoinType::Inner),
        )
        .filter(r().gt_eq(col(end)).and(r().lt_eq(col("after_12m"))))
        .group_by([col("assessment")])
        .agg([r().min().alias("referred")]);
    let followed = ended.join(first_referral, [col("assessment")], [col("assessment")], JoinArgs::new(JoinType::Left));
    let data_end = lit(c.last().last_day());
    let seen = |months: i32| col(&format!("after_{months}m")).lt_eq(data_end.clone());
    let within = |months: i32| col("referred").lt_eq(col(&format!("after_{months}m")));
    let counts = [
        ("early_help.ended.followed_3m", Some(seen(3))),
        ("early_help.ended.stepped_up", Some(seen(3).and(within(3)))),
        ("early_help.ended.followed_12m", Some(seen(12))),
        ("early_help.ended.referred_12m", Some(seen(12).and(within(12)))),
    ];
    in_year_rows(c, Some(followed), end, &counts)
}

#[cfg(test)]
mod tests {
    use crate::indicators::topics::fixture::{check, figures, two_years};

    #[test]
    fn early_help_by_hand() {
        let figs = figures(&two_years(&[(
            "early_help.csv",
            "LAchildID,EHAStartDate,EHAEndDate,LeadAgency\nA20,2017-05-01,2017-09-01,INTERNAL\nA21,2017-10-01,,EXTERNAL\nA22,2016-06-01,2018-03-31,INTERNAL\n",
        )]));
        // Started A20, A21 in 2017-18; A22 in 2016-17. Open at 31 March 2018: A21 only (A22
        // ended that day); at 31 March 2017: A22.
        check(&figs, "early_help.started", "2017-18", "2");
        check(&figs, "early_help.open_at_31_march", "2017-18", "1");
        check(&figs, "early_help.open_at_31_march", "2016-17", "1");
        // Month ends: 30 April 2017 A22; 31 May A20 and A22 (both internal); 31 August A20 (ends
        // 1 September) and A22; 30 September A22 only; 31 October A21 (external) and A22; 31 March
        // 2018 A21 only (A22 ended that day). June 2016: A22, just started.
        check(&figs, "early_help.open_at_month_end.total", "2017-04", "1");
        check(&figs, "early_help.open_at_month_end.internal", "2017-05", "2");
        check(&figs, "early_help.open_at_month_end.total", "2017-08", "2");
        check(&figs, "early_help.open_at_month_end.total", "2017-09", "1");
        check(&figs, "early_help.open_at_month_end.external", "2017-10", "1");
        check(&figs, "early_help.open_at_month_end.internal", "2018-03", "0");
        check(&figs, "early_help.open_at_month_end.total", "2018-03", "1");
        check(&figs, "early_help.open_at_month_end.total", "2016-06", "1");
        check(&figs, "early_help.open_at_month_end.total", "2016-04", "0");
    }

    #[test]
    fn what_followed_early_help_by_hand() {
        let eh = "LAchildID,EHAStartDate,EHAEndDate,LeadAgency,StartLevel,EndLevel
E1,2017-04-10,2017-06-30,INTERNAL,3,2
E2,2017-05-01,2017-11-15,EXTERNAL,3,3
E3,2017-06-01,2017-12-31,INTERNAL,2,4
E4,2017-09-01,2018-01-15,INTERNAL,3,
E5,2016-06-01,2016-09-30,INTERNAL,4,2
E6,2016-10-01,2017-03-01,INTERNAL,3,1
";
        let referrals = "LAchildID,CINreferralDate,ReferralNFA,CINclosureDate
A1,2016-04-03,false,2016-10-01
E3,2018-03-31,false,
E5,2017-09-29,true,2017-09-30
E6,2017-02-20,false,2017-06-01
";
        let figs = figures(&two_years(&[("early_help.csv", eh), ("referrals.csv", referrals)]));
        // 2017-18: E1–E4 ended. Both levels known for E1 (3 → 2, reduced), E2 (3 → 3) and E3
        // (2 → 4): a third each; E4's end level is not recorded.
        check(&figs, "early_help.ended", "2017-18", "4");
        check(&figs, "early_help.ended.levels_known", "2017-18", "3");
        check(&figs, "early_help.ended.reduced.pct", "2017-18", "33.3");
        check(&figs, "early_help.ended.increased", "2017-18", "1");
        // Three months on from E1 (30 September), E2 (15 February) and E3 (31 December + 3
        // months = 31 March 2018, the data's last day) are in the data; E4's (15 April) is not.
        // E3 was referred on 31 March 2018, the last day of her three months: stepped up. 1 of 3.
        check(&figs, "early_help.ended.followed_3m", "2017-18", "3");
        check(&figs, "early_help.ended.stepped_up.pct", "2017-18", "33.3");
        // No 2017-18 end has 12 months after it in the data: not applicable.
        check(&figs, "early_help.ended.followed_12m", "2017-18", "0");
        check(&figs, "early_help.ended.referred_12m.pct", "2017-18", "z");
        // 2016-17: E5 (4 → 2) and E6 (3 → 1) both reduced. E5 was referred on 29 September
        // 2017, a day inside 12 months of her end (30 September 2016) but not within 3; E6's
        // referral came before her early help ended, so it does not count. 1 of 2 within 12
        // months; none within 3.
        check(&figs, "early_help.ended.reduced.pct", "2016-17", "100.0");
        check(&figs, "early_help.ended.referred_12m.pct", "2016-17", "50.0");
        check(&figs, "early_help.ended.stepped_up.pct", "2016-17", "0.0");
        // Without levels recorded (the shared fixture's file has no level columns), unknown.
        let eh = "LAchildID,EHAStartDate,EHAEndDate,LeadAgency\nE1,2017-04-10,2017-06-30,INTERNAL\n";
        let figs = figures(&two_years(&[("early_help.csv", eh)]));
        check(&figs, "early_help.ended.reduced.pct", "2017-18", "x");
        check(&figs, "early_help.ended", "2017-18", "1");
    }
}
