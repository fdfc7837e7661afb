//! Adoption and special guardianship (`lac_episodes.csv` with the SSDA903 AD1 table): children
//! adopted and leaving care on special guardianship orders, and the DfE's adoption
//! timeliness measures A1 and A2 (the adoption scorecards), for the year and over three years.

use super::looked_after::not_short_breaks;
use super::topic::Topic;
use crate::indicators::catalogue::{Builder, Polarity, Recipe};
use crate::indicators::compute::{Computer, Tally, any_of};
use crate::indicators::figure::Unit;
use crate::indicators::years::{fy, in_span};
use crate::period::{FinancialYear, Period};
use polars::prelude::*;
use std::collections::BTreeMap;

pub const TOPIC: Topic = Topic { name: "adoption", declare, count, dynamic: &[] };

const ADOPTED: &[&str] = &["E11", "E12"];
const SPECIAL_GUARDIANSHIP: &[&str] = &["E43", "E44", "E45", "E46", "E47", "E48"];
/// Court authority to place for adoption: a placement order (E1) or, before 2005, a freeing order (D1).
const COURT_AUTHORITY: &[&str] = &["E1", "D1"];

/// (id, what it measures) of the two timeliness measures.
const MEASURES: [(&str, &str); 2] = [
    ("a1", "days from entering care to moving in with the adoptive family"),
    ("a2", "days from the court's authority to place for adoption to the match with the adopters"),
];

fn declare(b: &mut Builder) {
    b.count("adoption.adopted", "children adopted in year (an episode ending with REC E11 or E12)");
    b.count("adoption.sgo", "children who left care in year on a special guardianship order (REC E43–E48)");
    for (m, what) in MEASURES {
        for (suffix, span) in [("", "in year"), ("_3yr", "in the three years to the year's end")] {
            let (sum, children) = (format!("adoption.{m}.days_sum{suffix}"), format!("adoption.{m}.children{suffix}"));
            b.working(&sum, &format!("total {what}, of children adopted {span} (for the mean)"));
            b.events();
            b.working(
                &children,
                &format!(
                    "children adopted {span} whose {} the data shows",
                    if m == "a1" { "entry to care and move to their adopters" } else { "placement order and match" }
                ),
            );
            b.add(
                format!("adoption.{m}.days{suffix}"),
                Unit::Days,
                Polarity::LowerIsBetter,
                format!("the DfE's {}: average {what}, for children adopted {span}", m.to_uppercase()),
                Recipe::Mean { sum, count: children },
            );
        }
    }
}

fn count(c: &mut Computer) -> PolarsResult<()> {
    c.needs("lac_episodes", "DEC", &["adoption"]);
    c.needs("lac_episodes", "REC", &["adoption"]);
    c.needs("lac_ad1", "DATE_MATCH", &["adoption.a2"]);
    c.covered_from_first_end("lac_episodes", "DEC", &["adoption"], &[])?;
    let Some(episodes) = c.frame("lac_episodes").map(|lf| lf.filter(not_short_breaks())) else { return Ok(()) };
    let child = Tally::Distinct("CHILD");
    c.in_year_of(Some(episodes.clone()), "DEC", Some(any_of("REC", ADOPTED)), None, child, "adoption.adopted")?;
    let sgo = Some(any_of("REC", SPECIAL_GUARDIANSHIP));
    c.in_year_of(Some(episodes.clone()), "DEC", sgo, None, child, "adoption.sgo")?;
    timeliness(c, episodes)
}

/// Per child adopted in the years computed (and the two before, for the three-year means):
/// the start of the period of care (their latest start, RNE S, before the adoption), the day
/// they moved in with the adopters (the start of the adoptive placement, or of the placement
/// with the foster carers who adopted them: the latest new placement, RNE S, P or B, at or
/// before the adoptive one), the first placement order of the period, and the match.
fn timeliness(c: &mut Computer, episodes: LazyFrame) -> PolarsResult<()> {
    let by = || [col("LEA"), col("CHILD")];
    let adopted = episodes.clone().filter(any_of("REC", ADOPTED).and(in_span("DEC", c.first(), c.last()))).select([
        col("LEA"),
        col("CHILD"),
        col("DEC").alias("adopted_on"),
        col("DECOM").alias("adoptive_episode"),
    ]);
    let history = episodes
        .join(adopted, by(), by(), JoinArgs::new(JoinType::Inner))
        .filter(col("DECOM").lt_eq(col("adoptive_episode")));
    let key = || [col("LEA"), col("CHILD"), col("adopted_on")];
    let started = history.clone().group_by(key()).agg([
        col("DECOM").filter(col("RNE").eq(lit("S"))).max().alias("care_start"),
        col("DECOM").filter(any_of("RNE", &["S", "P", "B"])).max().alias("moved_in"),
    ]);
    let court = history
        .join(started.clone(), key(), key(), JoinArgs::new(JoinType::Inner))
        .filter(any_of("LS", COURT_AUTHORITY).and(col("DECOM").gt_eq(col("care_start"))))
        .group_by(key())
        .agg([col("DECOM").min().alias("authority")]);
    let mut per_child = started.join(court, key(), key(), JoinArgs::new(JoinType::Left));
    per_child = match c.frame("lac_ad1") {
        Some(ad1) => {
            let matched = ad1.select([col("LEA"), col("CHILD"), col("DATE_MATCH")]);
            per_child
                .join(matched, by(), by(), JoinArgs::new(JoinType::Left))
                .with_column(
                    when(col("DATE_MATCH").lt_eq(col("adopted_on")))
                        .then(col("DATE_MATCH"))
                        .otherwise(lit(NULL))
                        .alias("DATE_MATCH"),
                )
                .group_by(key())
                .agg([
                    col("care_start").first(),
                    col("moved_in").first(),
                    col("authority").first(),
                    col("DATE_MATCH").max(),
                ])
        }
        None => per_child.with_column(lit(NULL).cast(DataType::Date).alias("DATE_MATCH")),
    };
    let days = |to: &str, from: &str| (col(to).cast(DataType::Int32) - col(from).cast(DataType::Int32)).alias("days");
    let a1 = per_child.clone().select([col("LEA"), col("adopted_on"), days("moved_in", "care_start")]);
    let a2 = per_child.select([col("LEA"), col("adopted_on"), days("DATE_MATCH", "authority")]);
    for (m, lf) in [("a1", a1), ("a2", a2)] {
        if m == "a2" && c.frame("lac_ad1").is_none() {
            continue;
        }
        let by_year = lf
            .filter(col("days").is_not_null().and(col("days").gt_eq(lit(0))))
            .group_by([col("LEA"), fy("adopted_on").alias("fy")])
            .agg([col("days").cast(DataType::Int64).sum().alias("sum"), len().cast(DataType::Int64).alias("n")])
            .collect()?;
        add_means(c, m, &by_year)?;
    }
    Ok(())
}

/// Adds each year's sums and counts, and each year's three-year totals (this year and the two
/// before), where the run holds all three years; earlier, the three-year means are `x`.
fn add_means(c: &mut Computer, m: &str, df: &DataFrame) -> PolarsResult<()> {
    let (lea, year, sum, n) =
        (df.column("LEA")?.str()?, df.column("fy")?.i32()?, df.column("sum")?.i64()?, df.column("n")?.i64()?);
    let mut by_year: BTreeMap<(String, i32), (i64, i64)> = BTreeMap::new();
    for i in 0..df.height() {
        if let (Some(l), Some(y), Some(s), Some(k)) = (lea.get(i), year.get(i), sum.get(i), n.get(i)) {
            by_year.insert((l.to_string(), y), (s, k));
        }
    }
    let ids = |suffix: &str| (format!("adoption.{m}.days_sum{suffix}"), format!("adoption.{m}.children{suffix}"));
    let (one, three) = (ids(""), ids("_3yr"));
    for id in [&one.0, &one.1, &three.0, &three.1] {
        c.produces(id);
    }
    let years: Vec<FinancialYear> = c.years().collect();
    let leas: Vec<String> = {
        let mut v: Vec<String> = by_year.keys().map(|(l, _)| l.clone()).collect();
        v.dedup();
        v
    };
    for y in &years {
        let period = Period::Year(*y);
        if y.start_year - 2 < c.first().start_year {
            c.unavailable(&three.0, period);
            c.unavailable(&three.1, period);
        }
        for l in &leas {
            let get = |y: i32| by_year.get(&(l.clone(), y)).copied().unwrap_or((0, 0));
            let (s, k) = get(y.start_year);
            c.add(l, one.0.clone(), period, s);
            c.add(l, one.1.clone(), period, k);
            let (s3, k3) = (y.start_year - 2..=y.start_year).map(get).fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
            c.add(l, three.0.clone(), period, s3);
            c.add(l, three.1.clone(), period, k3);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::indicators::topics::fixture::{check, figures, two_years};

    const HEADER: &str = "CHILD,SEX,DOB\nD1,1,01/01/2014\nD2,2,01/01/2015\nD3,1,01/01/2010\nD4,2,01/01/2012\n";
    const EPISODES: &str = "CHILD,DECOM,RNE,LS,PLACE,DEC,REC
D1,01/06/2015,S,C1,U6,01/01/2016,X1
D1,01/01/2016,L,E1,U6,01/09/2016,X1
D1,01/09/2016,P,E1,A6,15/05/2017,E11
D2,01/04/2016,S,C2,U4,01/02/2017,X1
D2,01/02/2017,L,E1,U4,01/08/2017,X1
D2,01/08/2017,T,E1,A5,20/02/2018,E12
D3,01/06/2016,S,V2,U3,01/12/2017,E45
D4,01/01/2015,S,C2,U6,01/06/2015,X1
D4,01/06/2015,P,E1,A4,01/03/2017,E11
";
    const AD1: &str = "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE
D1,01/01/2014,01/12/2015,15/07/2016,0
D2,01/01/2015,01/01/2017,01/06/2017,1
D4,01/01/2012,01/05/2015,01/05/2016,0
";

    #[test]
    fn adoption_timeliness_by_hand() {
        let files = [("lac_header.csv", HEADER), ("lac_episodes.csv", EPISODES), ("lac_ad1.csv", AD1)];
        let figs = figures(&two_years(&files));
        // Adopted in 2017-18: D1 (15 May 2017) and D2 (20 February 2018); D4 in 2016-17. D3
        // left on a special guardianship order (E45) in 2017-18.
        check(&figs, "adoption.adopted", "2017-18", "2");
        check(&figs, "adoption.adopted", "2016-17", "1");
        check(&figs, "adoption.sgo", "2017-18", "1");
        // A1. D1 entered care on 1 June 2015 and moved in with her adopters (new carers, P) on
        // 1 September 2016: 366 days to 1 June 2016 (February 2016 had 29) + 92 = 458. D2's
        // foster carers became her adopters (T, same carers), so she moved in with her family
        // the day she entered care, 1 April 2016: 0 days. (458 + 0) ÷ 2 = 229.
        check(&figs, "adoption.a1.days", "2017-18", "229");
        // A2. D1's placement order (E1) began on 1 January 2016; matched 15 July 2016: 196 days.
        // D2's order 1 February 2017, matched 1 June 2017: 120 days. (196 + 120) ÷ 2 = 158.
        check(&figs, "adoption.a2.days", "2017-18", "158");
        // 2016-17: D4 entered care 1 January 2015 and moved in with her adopters on 1 June
        // 2015: 151 days; her order is dated by that episode (1 June 2015), matched 1 May 2016:
        // 335 days.
        check(&figs, "adoption.a1.days", "2016-17", "151");
        check(&figs, "adoption.a2.days", "2016-17", "335");
        // The three-year means need 2015-16 too, which this run does not hold.
        check(&figs, "adoption.a1.days_3yr", "2017-18", "x");
    }

    #[test]
    fn without_the_adoption_table_a2_is_not_available() {
        let files = [("lac_header.csv", HEADER), ("lac_episodes.csv", EPISODES)];
        let figs = figures(&two_years(&files));
        check(&figs, "adoption.a1.days", "2017-18", "229");
        check(&figs, "adoption.a2.days", "2017-18", "x");
    }
}
