//! Early help assessments (`early_help.csv`): started in the year, open at 31 March, and open
//! at the end of each month by lead agency.

use super::topic::Topic;
use crate::indicators::catalogue::{Builder, Polarity, Recipe, slug};
use crate::indicators::compute::{Computer, Tally};
use crate::indicators::figure::Unit;
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
    c.covered_by_returns("early_help", &["early_help.started"], &stocks);
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
}
