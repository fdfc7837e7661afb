//! Referrals and children in need (`referrals.csv`, the CIN census's CINdetails): referrals in
//! the year, re-referrals, and the children in need at 31 March.

use super::looked_after::not_short_breaks;
use super::topic::Topic;
use crate::indicators::catalogue::{Builder, Polarity};
use crate::indicators::compute::{Computer, Tally, back_in_group, shift_months, tally_by, ties_in_file_order};
use polars::prelude::*;

pub const TOPIC: Topic = Topic { name: "referrals and children in need", declare, count, dynamic: &[] };

fn declare(b: &mut Builder) {
    b.count("referrals.total", "referrals with CINreferralDate in year");
    b.rate("referrals.rate", "referrals.total", "referrals per 10,000 children");
    b.count("referrals.nfa", "referrals in year with ReferralNFA true");
    b.share(
        "referrals.nfa.pct",
        "referrals.nfa",
        "referrals.total",
        Polarity::Neutral,
        "share of referrals in year with no further action",
    );
    b.count(
        "referrals.rereferral_12m",
        "referrals in year for a child with an earlier referral in the 12 months before",
    );
    b.share(
        "referrals.rereferral_12m.pct",
        "referrals.rereferral_12m",
        "referrals.total",
        Polarity::LowerIsBetter,
        "share of referrals in year that were re-referrals within 12 months",
    );
    b.count("cin.at_31_march", "children with a referral that is not NFA, started by 31 March and not closed by then");
    b.rate("cin.at_31_march.rate", "cin.at_31_march", "children in need per 10,000 children at 31 March");
    b.count("cin.at_31_march.excl_cp_lac", "cin.at_31_march less children on a CP plan or looked after at 31 March");
    b.subset("cin.at_31_march.excl_cp_lac", "cin.at_31_march");
}

fn count(c: &mut Computer) -> PolarsResult<()> {
    // Without closure dates every episode would look open; the stock less those on a plan or
    // in care needs their end dates too.
    c.needs("referrals", "CINclosureDate", &["cin.at_31_march"]);
    c.needs("cp_plans", "CPPendDate", &["cin.at_31_march.excl_cp_lac"]);
    c.needs("lac_episodes", "DEC", &["cin.at_31_march.excl_cp_lac"]);
    // A CIN census holds every episode open in its year (see `covered_from_first_end`).
    c.covered_from_first_end("referrals", "CINclosureDate", &["referrals"], &["cin"])?;
    // A return holds no referral of the year before its own, closed before its year began.
    c.needs_year_before("referrals", &["referrals.rereferral_12m"]);
    referrals(c)?;
    children_in_need(c)
}

fn referrals(c: &mut Computer) -> PolarsResult<()> {
    let Some(df) = c.table("referrals") else { return Ok(()) };
    let (f, d) = ("referrals", "CINreferralDate");
    c.in_year(f, d, None, None, Tally::Rows, "referrals.total")?;
    c.in_year(f, d, Some(col("ReferralNFA").eq(lit(true))), None, Tally::Rows, "referrals.nfa")?;
    // A re-referral: the child's previous referral is earlier, and no more than 12 months earlier.
    let mut df = df.clone();
    df.with_column(shift_months(df.column(d)?, -12, "year_before")?)?;
    let previous = back_in_group(d, 1, &["LEA", "LAchildID"]);
    let flagged =
        df.lazy().sort(["LEA", "LAchildID", d], ties_in_file_order()).with_column(previous.alias("previous")).filter(
            col("previous")
                .is_not_null()
                .and(col("previous").lt(col(d)))
                .and(col("previous").gt_eq(col("year_before"))),
        );
    c.in_year_of(Some(flagged), d, None, None, Tally::Rows, "referrals.rereferral_12m")
}

fn children_in_need(c: &mut Computer) -> PolarsResult<()> {
    let Some(refs) = c.frame("referrals") else { return Ok(()) };
    let cin = refs.filter(col("ReferralNFA").eq(lit(false)));
    let span = ("CINreferralDate", Some("CINclosureDate"));
    c.at_31_march(Some(cin.clone()), span, &|_| None, None, Tally::Distinct("LAchildID"), "cin.at_31_march")?;
    // Less children on a plan or looked after at the same date.
    let (plans, episodes) = (c.frame("cp_plans"), c.frame("lac_episodes"));
    let by_child = || [col("LEA"), col("child")];
    let mut parts = Vec::new();
    for y in c.years() {
        let d = y.last_day();
        let mut open = c.open_children(cin.clone(), span, "LAchildID", d);
        if let Some(p) = &plans {
            let on_plan = c.open_children(p.clone(), ("CPPstartDate", Some("CPPendDate")), "LAchildID", d);
            open = open.join(on_plan, by_child(), by_child(), JoinArgs::new(JoinType::Anti));
        }
        if let Some(e) = &episodes {
            let in_care = c.open_children(e.clone().filter(not_short_breaks()), ("DECOM", Some("DEC")), "CHILD", d);
            open = open.join(in_care, by_child(), by_child(), JoinArgs::new(JoinType::Anti));
        }
        parts.push(tally_by(open.with_column(lit(y.start_year).alias("fy")), None, len()));
    }
    c.absorb(concat(parts, UnionArgs::default())?, "cin.at_31_march.excl_cp_lac", false)
}

#[cfg(test)]
mod tests {
    use crate::indicators::topics::fixture::{check, figures, two_years};

    #[test]
    fn referrals_and_children_in_need_by_hand() {
        let figs = figures(&two_years(&[]));
        // 2017-18 referrals: A1 (3 Apr 2017), A3, A8 → 3; per 10,000 of 12,000: 2.5.
        check(&figs, "referrals.total", "2017-18", "3");
        check(&figs, "referrals.rate", "2017-18", "2.5");
        check(&figs, "referrals.nfa.pct", "2017-18", "33.3");
        // A1's referral on 3 April 2017 comes exactly 12 months after the one on 3 April 2016:
        // within 12 months, so a re-referral. 1 of 3 = 33.3%. None in 2016-17.
        check(&figs, "referrals.rereferral_12m", "2017-18", "1");
        check(&figs, "referrals.rereferral_12m.pct", "2017-18", "33.3");
        check(&figs, "referrals.rereferral_12m.pct", "2016-17", "0.0");
        // Open at 31 March 2018: A1 (open), A7 (open since 2015); A5 closed on 31 March itself
        // (closed by then), A8 closed in January, A3 was NFA → 2. Per 10,000 of 12,000: 1.666… → 1.7.
        check(&figs, "cin.at_31_march", "2017-18", "2");
        check(&figs, "cin.at_31_march.rate", "2017-18", "1.7");
        // At 31 March 2017: A5 and A7 (A1's first referral closed in October) → 2, rate 2.0.
        check(&figs, "cin.at_31_march", "2016-17", "2");
        check(&figs, "cin.at_31_march.rate", "2016-17", "2.0");
        // Less those on a plan or looked after: 2018 A1 (plan), A7 (plan, care) → 0; 2017 A7 on plan → 1.
        check(&figs, "cin.at_31_march.excl_cp_lac", "2017-18", "0");
        check(&figs, "cin.at_31_march.excl_cp_lac", "2016-17", "1");
    }
}
