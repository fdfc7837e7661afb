//! Child and family assessments (`assessments.csv`, the CIN census's Assessments): how many
//! were completed, how many within 45 working days, and the factors recorded.

use super::topic::Topic;
use crate::indicators::catalogue::{Builder, Polarity};
use crate::indicators::compute::{Computer, Sums, date_of};
use crate::indicators::grouped::cube;
use crate::period::{FinancialYear, Period};
use polars::prelude::*;

pub const TOPIC: Topic = Topic { name: "assessments", declare, count, dynamic: &[] };

/// Assessment factor groups of the catalogue.
pub const FACTOR_GROUPS: &[(&str, &[&str])] = &[
    ("alcohol", &["1A", "1B", "1C"]),
    ("drugs", &["2A", "2B", "2C"]),
    ("domestic_abuse", &["3A", "3B", "3C"]),
    ("mental_health", &["4A", "4B", "4C"]),
    ("learning_disability", &["5A", "5B", "5C"]),
    ("physical_disability", &["6A", "6B", "6C"]),
    ("young_carer", &["7A"]),
    ("privately_fostered", &["8B", "8C", "8D", "8E", "8F"]),
    ("uasc", &["9A"]),
    ("missing", &["10A"]),
    ("cse", &["11A"]),
    ("trafficking", &["12A"]),
    ("gangs", &["13A"]),
    ("socially_unacceptable_behaviour", &["14A"]),
    ("self_harm", &["15A"]),
    ("neglect", &["16A"]),
    ("emotional_abuse", &["17A"]),
    ("physical_abuse", &["18A", "18B", "18C"]),
    ("sexual_abuse", &["19A", "19B", "19C"]),
    ("other", &["20"]),
    ("fgm", &["22A"]),
    ("faith_or_belief", &["23A"]),
    ("cce", &["24A"]),
];

fn declare(b: &mut Builder) {
    use Polarity::*;
    b.count("cfa.completed", "assessments with AssessmentAuthorisationDate in year");
    b.count("cfa.within_45wd", "assessments completed in year within 45 working days of their start");
    b.share("cfa.within_45wd.pct", "cfa.within_45wd", "cfa.completed", HigherIsBetter, "share of assessments completed in year that were authorised within 45 working days of the start (day 0); weekends and England and Wales bank holidays do not count");
    b.count("cfa.no_factors", "assessments completed in year with no factor, or only code 21");
    b.share(
        "cfa.no_factors.pct",
        "cfa.no_factors",
        "cfa.completed",
        Neutral,
        "share of assessments completed in year with no factor recorded, or only code 21",
    );
    for (group, codes) in FACTOR_GROUPS {
        let count = format!("cfa.factor.{group}");
        b.count(&count, &format!("assessments completed in year with a factor coded {}", codes.join(", ")));
        b.share(
            format!("{count}.pct"),
            count,
            "cfa.completed",
            Neutral,
            format!("share of assessments completed in year with at least one of {}", codes.join(", ")),
        );
    }
    b.count("cfa.nfa", "assessments completed in year with RequiresCSCSupport false");
    b.share(
        "cfa.nfa.pct",
        "cfa.nfa",
        "cfa.completed",
        Neutral,
        "share of assessments completed in year that led to no further social care intervention",
    );
}

/// Adds per-assessment columns that need the calendar or the factor lists: whether it was
/// authorised within 45 working days, whether no factor (or only 21) was recorded, and a
/// bitmask of the factor groups present (bit k for `FACTOR_GROUPS[k]`).
fn assessment_columns(df: &DataFrame) -> PolarsResult<DataFrame> {
    let mut df = df.clone();
    let start = df.column("AssessmentActualStartDate")?.cast(&DataType::Int32)?.rechunk();
    let end = df.column("AssessmentAuthorisationDate")?.cast(&DataType::Int32)?.rechunk();
    let (start, end) = (start.i32()?, end.i32()?);
    let within: Vec<Option<bool>> = (0..df.height())
        .map(|i| {
            let (from, to) = (date_of(start.get(i)?)?, date_of(end.get(i)?)?);
            Some(crate::calendar::working_days_between(from, to) <= 45)
        })
        .collect();
    df.with_column(Column::new("within_45wd".into(), within))?;
    let factors = df.column("AssessmentFactors")?.str()?.clone();
    let (mut none, mut masks) = (Vec::with_capacity(df.height()), Vec::with_capacity(df.height()));
    for i in 0..df.height() {
        let (mut mask, mut only_none) = (0i64, true);
        for code in factors.get(i).unwrap_or("").split(';').filter(|x| !x.is_empty()) {
            only_none &= code == "21";
            if let Some(k) = FACTOR_GROUPS.iter().position(|(_, members)| members.contains(&code)) {
                mask |= 1 << k;
            }
        }
        none.push(only_none);
        masks.push(mask);
    }
    df.with_column(Column::new("no_factors".into(), none))?;
    df.with_column(Column::new("factor_mask".into(), masks))?;
    Ok(df)
}

/// One grouped pass by timeliness, factors and outcome; every count is folded from it.
fn count(c: &mut Computer) -> PolarsResult<()> {
    // Figures from an optional column the file lacks are `x`, not 0.
    let done = ["cfa.completed", "cfa.factor", "cfa.no_factors", "cfa.within_45wd", "cfa.nfa"];
    c.needs("assessments", "AssessmentAuthorisationDate", &done);
    c.needs("assessments", "AssessmentFactors", &["cfa.factor", "cfa.no_factors"]);
    c.needs("assessments", "RequiresCSCSupport", &["cfa.nfa"]);
    // Assessments come from the CIN census too: covered as its episodes are.
    c.covered_from_first_end("referrals", "CINclosureDate", &["cfa"], &[])?;
    let Some(df) = c.table("assessments") else { return Ok(()) };
    let lf = Some(assessment_columns(df)?.lazy());
    let dims = ["within_45wd", "no_factors", "RequiresCSCSupport", "factor_mask"];
    let rows = cube(c, lf, "AssessmentAuthorisationDate", &dims)?;
    for id in ["cfa.completed", "cfa.within_45wd", "cfa.no_factors", "cfa.nfa", "cfa.factor"] {
        c.produces(id);
    }
    let mut sums = Sums::default();
    for (lea, y, dims, n) in rows {
        let period = Period::Year(FinancialYear::new(y));
        let mut add = |id: String| *sums.entry((lea.clone(), id, period)).or_default() += n;
        add("cfa.completed".into());
        if dims[0].as_deref() == Some("true") {
            add("cfa.within_45wd".into());
        }
        if dims[1].as_deref() == Some("true") {
            add("cfa.no_factors".into());
        }
        if dims[2].as_deref() == Some("false") {
            add("cfa.nfa".into());
        }
        let mask: i64 = dims[3].as_deref().and_then(|m| m.parse().ok()).unwrap_or(0);
        for (k, (group, _)) in FACTOR_GROUPS.iter().enumerate() {
            if mask & (1 << k) != 0 {
                add(format!("cfa.factor.{group}"));
            }
        }
    }
    c.merge(sums);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::FACTOR_GROUPS;
    use crate::indicators::topics::fixture::{check, figures, two_years};

    #[test]
    fn assessments_by_hand() {
        let figs = figures(&two_years(&[(
            "assessments.csv",
            "LAchildID,AssessmentActualStartDate,AssessmentAuthorisationDate,AssessmentFactors,RequiresCSCSupport
A1,2017-04-03,2017-06-09,3B;4B,true
A3,2017-04-03,2017-06-12,21,false
A8,2017-09-01,,,
A5,2016-05-10,2016-06-01,,true
",
        )]));
        // From Monday 3 April 2017 (day 0) to Friday 9 June is 45 working days once Good Friday,
        // Easter Monday, 1 May and 29 May are skipped (see calendar.rs): in time. Monday 12 June is
        // the 46th: late. 1 of 2 = 50.0%. A8 is not yet authorised, so not completed.
        check(&figs, "cfa.completed", "2017-18", "2");
        check(&figs, "cfa.within_45wd.pct", "2017-18", "50.0");
        // 2016-17: 10 May → 1 June 2016 is 15 working days (30 May was a bank holiday): in time.
        check(&figs, "cfa.within_45wd.pct", "2016-17", "100.0");
        // A3 recorded only 21 (no factors) and needs no further support; A1 has domestic abuse (3B).
        check(&figs, "cfa.no_factors.pct", "2017-18", "50.0");
        check(&figs, "cfa.nfa.pct", "2017-18", "50.0");
        check(&figs, "cfa.factor.domestic_abuse.pct", "2017-18", "50.0");
        check(&figs, "cfa.factor.mental_health", "2017-18", "1");
        check(&figs, "cfa.factor.alcohol.pct", "2017-18", "0.0");
        // A5's empty factors count as none: 1 of 1.
        check(&figs, "cfa.no_factors.pct", "2016-17", "100.0");
    }

    #[test]
    fn factor_groups_use_each_code_once_and_only_codes_of_the_contract() {
        let codes: Vec<&str> = FACTOR_GROUPS.iter().flat_map(|(_, c)| c.iter().copied()).collect();
        let mut unique = codes.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), codes.len(), "a code in two groups");
        assert!(codes.iter().all(|c| crate::contract::FACTORS.contains(c)));
        // The factor mask has one bit a group.
        assert!(FACTOR_GROUPS.len() < 63);
    }
}
