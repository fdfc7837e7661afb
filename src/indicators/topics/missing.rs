//! Children missing from home and care (`missing_episodes.csv`), and how many of them were
//! already known to children's social care or to the exploitation panel.

use super::looked_after::not_short_breaks;
use super::topic::Topic;
use crate::indicators::catalogue::{Builder, Polarity};
use crate::indicators::compute::{Computer, Tally};
use polars::prelude::*;

pub const TOPIC: Topic = Topic { name: "missing", declare, count, dynamic: &[] };

fn declare(b: &mut Builder) {
    b.count("missing.episodes", "missing episodes starting in year");
    b.count("missing.children", "distinct children with an episode starting in year");
    b.working(
        "missing.open_to_csc.children",
        "children with an episode that started while they were open to children's social care",
    );
    b.share("missing.open_to_csc.children.pct", "missing.open_to_csc.children", "missing.children", Polarity::Neutral, "share of children missing in year who were open to children's social care (a CIN episode not NFA, a plan, or care) at the start of at least one episode");
    b.count(
        "missing.open_to_csc.episodes",
        "episodes starting in year while the child was open to children's social care",
    );
    b.share(
        "missing.open_to_csc.episodes.pct",
        "missing.open_to_csc.episodes",
        "missing.episodes",
        Polarity::Neutral,
        "share of episodes in year that started while the child was open to children's social care",
    );
    b.count(
        "missing.cse_known.episodes",
        "episodes in year of children discussed at the panel in the 365 days up to and including the start",
    );
    b.count("missing.cse_known.children", "distinct children among those episodes");
    b.subset("missing.cse_known.episodes", "missing.episodes");
    b.subset("missing.cse_known.children", "missing.children");
}

/// Spans when a child was open to children's social care: a CIN episode that was not NFA, a
/// protection plan, or care (short breaks excluded), as (LEA, child, from, to).
fn open_to_social_care(c: &Computer) -> Option<LazyFrame> {
    let span = |lf: LazyFrame, child: &str, from: &str, to: &str| {
        lf.select([col("LEA"), col(child).alias("child"), col(from).alias("from"), col(to).alias("to")])
    };
    let mut parts = Vec::new();
    if let Some(r) = c.frame("referrals") {
        parts.push(span(r.filter(col("ReferralNFA").eq(lit(false))), "LAchildID", "CINreferralDate", "CINclosureDate"));
    }
    if let Some(p) = c.frame("cp_plans") {
        parts.push(span(p, "LAchildID", "CPPstartDate", "CPPendDate"));
    }
    if let Some(e) = c.frame("lac_episodes") {
        parts.push(span(e.filter(not_short_breaks()), "CHILD", "DECOM", "DEC"));
    }
    concat(parts, UnionArgs::default()).ok()
}

fn count(c: &mut Computer) -> PolarsResult<()> {
    // Open to social care needs every source's end dates.
    let open = ["missing.open_to_csc"];
    c.needs("referrals", "CINclosureDate", &open);
    c.needs("cp_plans", "CPPendDate", &open);
    c.needs("lac_episodes", "DEC", &open);
    let Some(episodes) = c.frame("missing_episodes") else { return Ok(()) };
    let d = "MissingStartDate";
    let episodes = episodes.with_row_index("episode", None);
    c.in_year_of(Some(episodes.clone()), d, None, None, Tally::Rows, "missing.episodes")?;
    c.in_year_of(Some(episodes.clone()), d, None, None, Tally::Distinct("LAchildID"), "missing.children")?;
    let by = |who: &str| [col("LEA"), col(who)];
    if let Some(open) = open_to_social_care(c) {
        // Episodes that started while one of the child's spans was open.
        let flagged = episodes
            .clone()
            .join(open, by("LAchildID"), by("child"), JoinArgs::new(JoinType::Inner))
            .filter(col("from").lt_eq(col(d)).and(col("to").is_null().or(col("to").gt(col(d)))))
            .unique(Some(cols(["episode"])), UniqueKeepStrategy::First);
        c.in_year_of(Some(flagged.clone()), d, None, None, Tally::Rows, "missing.open_to_csc.episodes")?;
        c.in_year_of(Some(flagged), d, None, None, Tally::Distinct("LAchildID"), "missing.open_to_csc.children")?;
    }
    if let Some(panel) = c.frame("cse_panel") {
        // Discussed at the panel in the 365 days up to and including the start.
        let seen = panel.select([col("LEA"), col("LAchildID").alias("child"), col("PanelDate")]);
        let days_before = col(d).cast(DataType::Int32) - col("PanelDate").cast(DataType::Int32);
        let known = episodes
            .join(seen, by("LAchildID"), by("child"), JoinArgs::new(JoinType::Inner))
            .filter(days_before.clone().gt_eq(lit(0)).and(days_before.lt_eq(lit(364))))
            .unique(Some(cols(["episode"])), UniqueKeepStrategy::First);
        c.in_year_of(Some(known.clone()), d, None, None, Tally::Rows, "missing.cse_known.episodes")?;
        c.in_year_of(Some(known), d, None, None, Tally::Distinct("LAchildID"), "missing.cse_known.children")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::indicators::topics::fixture::{check, figures, two_years};

    #[test]
    fn missing_by_hand() {
        let panel = "LAchildID,PanelDate,Sex,PersonBirthDate,PlanType
A3,2017-07-04,F,2003-05-01,CIN
K3,2017-03-07,F,2002-01-01,NONE
";
        let episodes = "LAchildID,MissingStartDate,MissingEndDate,MissingType
A1,2017-05-01,2017-05-02,M
A3,2017-07-10,,A
A3,2016-07-05,2016-07-05,M
K9,2018-03-31,2018-03-31,M
A7,2017-12-31,,M
A9,2017-06-01,,M
K3,2018-03-06,,M
K3,2018-03-07,,M
";
        let figs = figures(&two_years(&[("cse_panel.csv", panel), ("missing_episodes.csv", episodes)]));
        // 2017-18: A1, A3, K9 (31 March), A7, A9, K3 twice → 7 episodes, 6 children.
        check(&figs, "missing.episodes", "2017-18", "7");
        check(&figs, "missing.children", "2017-18", "6");
        // Open to social care at the start: A1 (referral open since 3 April), A7 and A9 (on plans).
        // A3's only referral was NFA. 3 of 7 episodes = 42.9%; 3 of 6 children = 50.0%.
        check(&figs, "missing.open_to_csc.episodes", "2017-18", "3");
        check(&figs, "missing.open_to_csc.episodes.pct", "2017-18", "42.9");
        check(&figs, "missing.open_to_csc.children.pct", "2017-18", "50.0");
        // Known to the panel in the 365 days up to and including the start: A3 (discussed 6 days
        // before) and K3's episode on 6 March 2018, 364 days after 7 March 2017. K3's on 7 March
        // 2018 is 365 days after: outside. → 2 episodes, 2 children.
        check(&figs, "missing.cse_known.episodes", "2017-18", "2");
        check(&figs, "missing.cse_known.children", "2017-18", "2");
        // 2016-17: A3's episode in July 2016, before any discussion and with no open case.
        check(&figs, "missing.episodes", "2016-17", "1");
        check(&figs, "missing.open_to_csc.episodes.pct", "2016-17", "0.0");
        check(&figs, "missing.cse_known.episodes", "2016-17", "0");
    }

    #[test]
    fn without_the_file_missing_figures_are_not_available() {
        let figs = figures(&two_years(&[]));
        check(&figs, "missing.episodes", "2017-18", "x");
        check(&figs, "missing.open_to_csc.children.pct", "2017-18", "x");
    }
}
