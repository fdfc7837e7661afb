//! Section 47 enquiries and initial child protection conferences (`section47.csv`, the CIN
//! census's Section47 module, and the conference date its CINdetails may carry instead).
//!
//! The census records a conference's date on the enquiry that led to it or, where there was
//! none in the episode, on the episode; the DfE counts both. A conference recorded in both
//! places (an extract that copies it) is counted once: one child, one date.

use super::topic::Topic;
use crate::indicators::catalogue::{Builder, Polarity};
use crate::indicators::compute::{Computer, Tally, date_of};
use polars::prelude::*;

pub const TOPIC: Topic = Topic { name: "section 47", declare, count, dynamic: &[] };

/// Working Together: an initial conference within 15 working days of the strategy
/// discussion that starts the enquiry (the start is day 0).
pub const CONFERENCE_WITHIN: i64 = 15;

fn declare(b: &mut Builder) {
    use Polarity::*;
    b.count("s47.started", "section 47 enquiries with S47ActualStartDate in year");
    b.rate("s47.rate", "s47.started", "section 47 enquiries started per 10,000 children");
    b.count(
        "icpc.held",
        "initial child protection conferences held in year: DateOfInitialCPC in year on a section 47 enquiry or a CIN episode, one a child a day",
    );
    b.rate("icpc.rate", "icpc.held", "initial child protection conferences held per 10,000 children");
    b.count(
        "icpc.from_s47",
        "initial conferences held in year that followed a section 47 enquiry whose start the data shows",
    );
    b.subset("icpc.from_s47", "icpc.held");
    b.count("icpc.within_15wd", "of those, conferences held within 15 working days of the enquiry's start");
    b.subset("icpc.within_15wd", "icpc.from_s47");
    b.share(
        "icpc.within_15wd.pct",
        "icpc.within_15wd",
        "icpc.from_s47",
        HigherIsBetter,
        "share of initial conferences in year held within 15 working days of the start of the section 47 enquiry (the start is day 0; weekends and England's bank holidays are not working days)",
    );
    b.count("s47.to_icpc", "section 47 enquiries started in year that led to an initial conference");
    b.subset("s47.to_icpc", "s47.started");
    b.share(
        "s47.to_icpc.pct",
        "s47.to_icpc",
        "s47.started",
        Neutral,
        "share of section 47 enquiries started in year that led to an initial child protection conference",
    );
    b.count("s47.icpc_not_required", "section 47 enquiries started in year that ended with no conference needed");
    b.subset("s47.icpc_not_required", "s47.started");
}

fn count(c: &mut Computer) -> PolarsResult<()> {
    // Enquiries and conferences come from the CIN census: covered as its episodes are.
    c.covered_from_first_end("referrals", "CINclosureDate", &["s47", "icpc"], &[])?;
    c.needs("section47", "DateOfInitialCPC", &["s47.to_icpc", "icpc.from_s47", "icpc.within_15wd"]);
    c.needs("section47", "ICPCnotRequired", &["s47.icpc_not_required"]);
    let rows = Tally::Rows;
    let enquiries = c.frame("section47");
    c.in_year_of(enquiries.clone(), "S47ActualStartDate", None, None, rows, "s47.started")?;
    let led_to = || col("DateOfInitialCPC").is_not_null();
    c.in_year_of(enquiries.clone(), "S47ActualStartDate", Some(led_to()), None, rows, "s47.to_icpc")?;
    let not_required = col("ICPCnotRequired").eq(lit(true));
    c.in_year_of(enquiries.clone(), "S47ActualStartDate", Some(not_required), None, rows, "s47.icpc_not_required")?;
    conferences(c, enquiries.clone())?;
    let Some(enquiries) = enquiries else { return Ok(()) };
    let held = enquiries.filter(led_to()).select([col("LEA"), col("S47ActualStartDate"), col("DateOfInitialCPC")]);
    c.in_year_of(Some(held.clone()), "DateOfInitialCPC", None, None, rows, "icpc.from_s47")?;
    let mut df = held.collect()?;
    df.with_column(working_days(&df)?)?;
    let in_time = col("working_days").lt_eq(lit(CONFERENCE_WITHIN));
    c.in_year_of(Some(df.lazy()), "DateOfInitialCPC", Some(in_time), None, rows, "icpc.within_15wd")
}

/// Conferences from both copies of the date, each child's conference on a day once. With
/// section47.csv, both files must have the column (one copy alone undercounts); without it,
/// the episodes' copy is counted alone, as extracts without the module hold every conference
/// there. Where neither holds the date, the figure is `x`, not 0.
fn conferences(c: &mut Computer, enquiries: Option<LazyFrame>) -> PolarsResult<()> {
    let on = |lf: LazyFrame| {
        lf.filter(col("DateOfInitialCPC").is_not_null()).select([col("LEA"), col("LAchildID"), col("DateOfInitialCPC")])
    };
    // Either copy missing from a file that has the other is an undercount: not available.
    let episode_copy = c.has_column("referrals", "DateOfInitialCPC");
    if enquiries.is_some() && !(episode_copy && c.has_column("section47", "DateOfInitialCPC")) {
        return Ok(());
    }
    let mut parts: Vec<LazyFrame> = enquiries.map(on).into_iter().collect();
    if episode_copy && let Some(episodes) = c.frame("referrals") {
        parts.push(on(episodes));
    }
    if parts.is_empty() {
        return Ok(());
    }
    let all = concat(parts, UnionArgs::default())?.unique_stable(None, UniqueKeepStrategy::First);
    c.in_year_of(Some(all), "DateOfInitialCPC", None, None, Tally::Rows, "icpc.held")
}

/// Working days from each enquiry's start to its conference: the calendar is in Rust.
fn working_days(df: &DataFrame) -> PolarsResult<Column> {
    let days = |name: &str| df.column(name).and_then(|c| c.cast(&DataType::Int32));
    let (start, held) = (days("S47ActualStartDate")?, days("DateOfInitialCPC")?);
    let (start, held) = (start.i32()?, held.i32()?);
    let n: Vec<Option<i64>> = start
        .iter()
        .zip(held.iter())
        .map(|(s, h)| Some(crate::calendar::working_days_between(date_of(s?)?, date_of(h?)?)))
        .collect();
    Ok(Column::new("working_days".into(), n))
}

#[cfg(test)]
mod tests {
    use crate::indicators::topics::fixture::{check, figures, two_years};

    const ENQUIRIES: &str = "LAchildID,S47ActualStartDate,InitialCPCtarget,DateOfInitialCPC,ICPCnotRequired
S1,2017-12-19,2018-01-12,2018-01-12,false
S2,2017-12-19,2018-01-12,2018-01-15,false
S3,2017-06-05,2017-06-26,,true
S4,2018-03-29,2018-04-20,2018-04-10,false
S5,2016-11-01,2016-11-22,2016-11-21,false
S6,2017-09-04,2017-09-25,,
A8,2017-09-01,2017-09-22,2018-03-31,false
";

    #[test]
    fn enquiries_and_conferences_by_hand() {
        // The shared referrals give A1 a conference on 19 April 2017 (its episode's copy) and
        // A8 one on 31 March 2018, which A8's enquiry also records: counted once.
        let referrals = "LAchildID,CINreferralDate,ReferralNFA,CINclosureDate,DateOfInitialCPC
A1,2016-04-03,false,2016-10-01,
A1,2017-04-03,false,,2017-04-19
A5,2016-05-10,false,2018-03-31,
A8,2017-09-01,false,2018-01-01,2018-03-31
";
        let figs = figures(&two_years(&[("section47.csv", ENQUIRIES), ("referrals.csv", referrals)]));
        // 2017-18 enquiries: S1, S2, S3, S4, S6 and A8 started in year (S5 in 2016-17) → 6.
        check(&figs, "s47.started", "2017-18", "6");
        check(&figs, "s47.started", "2016-17", "1");
        // Rate: 6 ÷ 12,000 (the 2017 estimate) × 10,000 = 5.0.
        check(&figs, "s47.rate", "2017-18", "5.0");
        // Led to a conference: S1, S2, S4 (its conference falls in April 2018, still this
        // enquiry's) and A8 → 4 of 6 = 66.7%. Not required: S3 only (S6 says nothing) → 1.
        check(&figs, "s47.to_icpc", "2017-18", "4");
        check(&figs, "s47.to_icpc.pct", "2017-18", "66.7");
        check(&figs, "s47.icpc_not_required", "2017-18", "1");
        // Conferences held in 2017-18: S1 (12 Jan), S2 (15 Jan), A8 (31 Mar, recorded twice,
        // once), A1 (19 Apr 2017, the episode's copy) → 4. S4's is in 2018-19; S5's in 2016-17.
        check(&figs, "icpc.held", "2017-18", "4");
        check(&figs, "icpc.held", "2016-17", "1");
        // From an enquiry: S1, S2, A8 → 3. S1 and S2 began on Tuesday 19 December 2017:
        // working days 20, 21, 22 Dec (1–3), not 25 or 26 Dec (bank holidays), 27–29 Dec (4–6),
        // not 1 Jan, 2–5 Jan (7–10), 8–12 Jan (11–15). S1's conference on Friday 12 January is
        // the 15th working day: in time; S2's on Monday 15 January is the 16th: late. A8's
        // enquiry began on 1 September 2017; its conference on 31 March 2018 is months late.
        // 1 of 3 = 33.3%.
        check(&figs, "icpc.from_s47", "2017-18", "3");
        check(&figs, "icpc.within_15wd", "2017-18", "1");
        check(&figs, "icpc.within_15wd.pct", "2017-18", "33.3");
        // S5: 1 November 2016 to 21 November 2016 is 14 working days: in time, 1 of 1.
        check(&figs, "icpc.within_15wd.pct", "2016-17", "100.0");
    }

    #[test]
    fn without_either_copy_of_the_date_conferences_are_not_available() {
        // The shared referrals have no DateOfInitialCPC column and there is no section47.csv.
        let figs = figures(&two_years(&[]));
        check(&figs, "icpc.held", "2017-18", "x");
        check(&figs, "s47.started", "2017-18", "x");
        // The episode's copy alone still counts (an extract without the Section47 module).
        let referrals = "LAchildID,CINreferralDate,ReferralNFA,CINclosureDate,DateOfInitialCPC
A1,2016-04-03,false,2016-10-01,
A1,2017-04-03,false,,2017-04-19
A8,2017-09-01,false,2018-01-01,2018-03-31
";
        let figs = figures(&two_years(&[("referrals.csv", referrals)]));
        check(&figs, "icpc.held", "2017-18", "2");
        check(&figs, "icpc.within_15wd.pct", "2017-18", "x");
    }

    #[test]
    fn without_the_not_required_column_that_count_is_not_available() {
        let enquiries = "LAchildID,S47ActualStartDate,DateOfInitialCPC\nS1,2017-12-19,2018-01-12\n";
        let figs = figures(&two_years(&[("section47.csv", enquiries)]));
        check(&figs, "s47.started", "2017-18", "1");
        check(&figs, "s47.icpc_not_required", "2017-18", "x");
        check(&figs, "icpc.within_15wd.pct", "2017-18", "100.0");
    }
}
