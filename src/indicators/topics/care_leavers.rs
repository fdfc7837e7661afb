//! Care leavers (the SSDA903 OC3 table): young people aged 17 to 21 who were looked after
//! for 13 weeks or more after their 14th birthday, as returned each year around their
//! birthday, by the DfE's measures of being in touch, in education, employment or training,
//! and in suitable accommodation ("Children looked after in England": care leavers).
//!
//! Their age is the one reached on their birthday in the collection year. A row's year is
//! the return it came in; rows of a file that names no year are the reporting year's.

use super::topic::Topic;
use crate::frames::COLLECTION_YEAR;
use crate::indicators::catalogue::{Builder, Polarity};
use crate::indicators::compute::{Computer, any_of, tally_by};
use crate::period::Period;
use polars::prelude::*;

pub const TOPIC: Topic = Topic { name: "care leavers", declare, count, dynamic: &[] };

/// Main activity codes (ACTIV) that are education, employment or training.
const IN_EET: &[&str] = &["F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5"];

/// The age groups the DfE publishes, with the ages in each.
const AGE_GROUPS: [(&str, i32, i32); 2] = [("17_18", 17, 18), ("19_21", 19, 21)];

const OUTCOMES: [(&str, &str); 3] = [
    ("in_touch", "in touch with the authority (IN_TOUCH YES)"),
    ("eet", "in education, employment or training (ACTIV F1–F5 or P1–P5)"),
    ("suitable_accommodation", "in accommodation judged suitable (ACCOM ending 1)"),
];

fn declare(b: &mut Builder) {
    for (group, from, to) in AGE_GROUPS {
        let total = format!("care_leavers.{group}");
        b.count(
            &total,
            &format!("care leavers aged {from} to {to} on their birthday in the year (OC3 rows returned for the year)"),
        );
        for (outcome, what) in OUTCOMES {
            let id = format!("{total}.{outcome}");
            b.count(&id, &format!("care leavers aged {from} to {to} {what}"));
            b.subset(&id, &total);
            b.share(
                format!("{id}.pct"),
                id.clone(),
                &total,
                Polarity::HigherIsBetter,
                format!("share of care leavers aged {from} to {to} {what}, of all those aged {from} to {to} (whether in touch or not)"),
            );
        }
    }
}

fn count(c: &mut Computer) -> PolarsResult<()> {
    c.needs("lac_oc3", "DOB", &["care_leavers"]);
    c.needs("lac_oc3", "IN_TOUCH", &["care_leavers.17_18.in_touch", "care_leavers.19_21.in_touch"]);
    c.needs("lac_oc3", "ACTIV", &["care_leavers.17_18.eet", "care_leavers.19_21.eet"]);
    let accommodation = ["care_leavers.17_18.suitable_accommodation", "care_leavers.19_21.suitable_accommodation"];
    c.needs("lac_oc3", "ACCOM", &accommodation);
    let Some(oc3) = c.frame("lac_oc3") else { return Ok(()) };
    // Returns say their years, or the CollectionYear column does; a file that does neither
    // holds the reporting year's outcomes alone.
    let named: Vec<i32> = if c.has_column("lac_oc3", "CollectionYear") {
        let years = oc3.clone().select([col(COLLECTION_YEAR)]).unique(None, UniqueKeepStrategy::Any).collect()?;
        years.column(COLLECTION_YEAR)?.i32()?.iter().flatten().collect()
    } else {
        vec![c.last().start_year]
    };
    if !c.covered_by_returns("lac_oc3", &["care_leavers"], &[]) {
        for y in c.years().filter(|y| !named.contains(&y.start_year)) {
            for (group, _, _) in AGE_GROUPS {
                c.unavailable(&format!("care_leavers.{group}"), Period::Year(y));
                for (outcome, _) in OUTCOMES {
                    c.unavailable(&format!("care_leavers.{group}.{outcome}"), Period::Year(y));
                }
            }
        }
    }
    let year = col(COLLECTION_YEAR).fill_null(lit(c.last().start_year));
    // The birthday in a collection year (1 April to 31 March) is in its first calendar year
    // from April, in the next from January to March.
    let born_before_april = col("DOB").dt().month().lt(lit(4)).cast(DataType::Int32);
    let age = year.clone() + born_before_april - col("DOB").dt().year();
    let text = |c: &str| col(c).str().strip_chars(lit(NULL)).str().to_uppercase();
    let rows = oc3
        .with_columns([year.alias("fy"), age.alias("age"), text("ACTIV").alias("activity")])
        .filter(col("fy").gt_eq(lit(c.first().start_year)).and(col("fy").lt_eq(lit(c.last().start_year))));
    for (group, from, to) in AGE_GROUPS {
        let total = format!("care_leavers.{group}");
        let aged = rows.clone().filter(col("age").gt_eq(lit(from)).and(col("age").lt_eq(lit(to))));
        c.absorb(tally_by(aged.clone(), None, len()), &total, false)?;
        let tests = [
            ("in_touch", text("IN_TOUCH").eq(lit("YES"))),
            ("eet", any_of("activity", IN_EET)),
            ("suitable_accommodation", text("ACCOM").str().ends_with(lit("1"))),
        ];
        for (outcome, test) in tests {
            let lf = aged.clone().filter(test.fill_null(lit(false)));
            c.absorb(tally_by(lf, None, len()), &format!("{total}.{outcome}"), false)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::indicators::topics::fixture::{check, figures, two_years};

    #[test]
    fn care_leavers_by_hand() {
        // One OC3 table with no year in its name: the reporting year's, 2017-18.
        let oc3 = "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM
K1,31/03/2000,YES,F2,D1
K2,01/04/2000,YES,G5,U2
K3,01/04/1996,yes,P5,z1
K4,31/03/1996,YES,F1,U1
K5,15/06/1998,NO,0,0
K6,10/10/1997,REFU,,
";
        let figs = figures(&two_years(&[("lac_oc3.csv", oc3)]));
        // Ages on the birthday in 2017-18: K1 turns 18 on 31 March 2018, the collection's last
        // day (17–18); K2 turns 17 on 1 April 2017, its first (17–18); K3 turns 21 on 1 April
        // 2017 (19–21); K4 turns 22 on 31 March 2018: too old, not counted; K5 turns 19 and K6
        // 20. So 2 aged 17–18, 3 aged 19–21.
        check(&figs, "care_leavers.17_18", "2017-18", "2");
        check(&figs, "care_leavers.19_21", "2017-18", "3");
        // 17–18: both in touch; K1 in education (F2), K2 not (G5) → 50.0%; K1's accommodation
        // suitable (D1), K2's not (U2).
        check(&figs, "care_leavers.17_18.in_touch.pct", "2017-18", "100.0");
        check(&figs, "care_leavers.17_18.eet.pct", "2017-18", "50.0");
        check(&figs, "care_leavers.17_18.suitable_accommodation.pct", "2017-18", "50.0");
        // 19–21: K3 in touch (written yes), part-time work (P5), suitable (z1); K5 not in touch;
        // K6 refuses contact. 1 of 3 each, of all three, whether in touch or not.
        check(&figs, "care_leavers.19_21.in_touch.pct", "2017-18", "33.3");
        check(&figs, "care_leavers.19_21.eet.pct", "2017-18", "33.3");
        check(&figs, "care_leavers.19_21.suitable_accommodation.pct", "2017-18", "33.3");
        // The file names no year, so it says nothing of 2016-17.
        check(&figs, "care_leavers.19_21", "2016-17", "x");
        // Without the table, nothing is known.
        let figs = figures(&two_years(&[]));
        check(&figs, "care_leavers.19_21.eet.pct", "2017-18", "x");
        // With the collection year given, one file holds two years.
        let oc3 = "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM,CollectionYear
K1,31/03/2000,YES,F2,D1,2017-18
K1,31/03/2000,YES,F2,D1,2016-17
K5,15/06/1998,NO,0,0,2016-17
";
        let figs = figures(&two_years(&[("lac_oc3.csv", oc3)]));
        // 2016-17: K1 turned 17 on 31 March 2017; K5 turned 18 in June 2016. K1 in education: 50.0%.
        check(&figs, "care_leavers.17_18", "2016-17", "2");
        check(&figs, "care_leavers.17_18.eet.pct", "2016-17", "50.0");
        check(&figs, "care_leavers.17_18", "2017-18", "1");
    }
}
