//! The DfE's CIN census rules that keep assessments and child protection plans inside a CIN
//! episode (1103, 1105, 8565). The census links each to its episode by `CINdetailsID`, which
//! the contract's CSVs do not carry: here a record belongs to the child's episode referred on
//! or before the day it starts that was open that day, else the one of those that closed last.
//! So these are warnings, not errors: the record is still counted by its own dates.

use crate::dfe_rules::DfeRule::{self, Cin1103, Cin1105, Cin8565};
use crate::diagnostics::Diagnostics;
use crate::load::{Loaded, Table};
use chrono::NaiveDate;
use polars::prelude::PlHashMap as HashMap;

/// A child's CIN episodes: (referral, closure), by referral date.
type Episodes = HashMap<(u16, u32), Vec<(NaiveDate, Option<NaiveDate>)>>;

pub(super) fn check(loaded: &Loaded, diag: &mut Diagnostics) {
    let Some(referrals) = loaded.table("referrals") else { return };
    let (episodes, held_from) = episodes(referrals);
    let inside = Inside { episodes: &episodes, held_from: &held_from };
    if let Some(t) = loaded.table("assessments") {
        inside.check(t, "LAchildID", "AssessmentActualStartDate", Some("AssessmentAuthorisationDate"), Cin1103, diag);
    }
    if let Some(t) = loaded.table("cp_plans") {
        inside.check(t, "LAchildID", "CPPstartDate", Some("CPPendDate"), Cin1105, diag);
    }
}

/// Each child's episodes, and each authority's earliest referral in the file (its data's start:
/// a record before it may belong to an episode the file does not hold).
fn episodes(t: &Table) -> (Episodes, HashMap<u16, NaiveDate>) {
    let ids = t.values("LAchildID").ids().expect("identifier");
    let refs = t.values("CINreferralDate").dates().expect("date");
    let closes = t.values("CINclosureDate").dates().expect("date");
    let mut out: Episodes = HashMap::default();
    let mut held_from: HashMap<u16, NaiveDate> = HashMap::default();
    for row in 0..t.rows() {
        if let Some(r) = refs[row] {
            held_from.entry(t.lea[row]).and_modify(|f| *f = (*f).min(r)).or_insert(r);
        }
        if let (Some(child), Some(r)) = (ids[row], refs[row]) {
            out.entry((t.lea[row], child)).or_default().push((r, closes[row]));
        }
    }
    for v in out.values_mut() {
        v.sort();
    }
    (out, held_from)
}

struct Inside<'a> {
    episodes: &'a Episodes,
    held_from: &'a HashMap<u16, NaiveDate>,
}

impl Inside<'_> {
    /// Each row of `t` whose `start` is before all its child's referrals (`before`), or whose
    /// `start` or `end` is after the closure of the episode it belongs to (8565).
    fn check(&self, t: &Table, child: &str, start: &str, end: Option<&str>, before: DfeRule, diag: &mut Diagnostics) {
        let ids = t.values(child).ids().expect("identifier");
        let starts = t.values(start).dates().expect("date");
        let ends = end.map(|e| t.values(e).dates().expect("date"));
        let mut report = |rule: DfeRule, row: usize, column: &str, why: String| {
            diag.add_dfe(rule, t.file_of(row), t.lines[row], t.column_ref_at(row, column), &why)
        };
        for row in 0..t.rows() {
            let (Some(c), Some(s)) = (ids[row], starts[row]) else { continue };
            // A child with no referral in the file, or a record from before the file's first
            // referral, may belong to an episode the file does not hold.
            let Some(eps) = self.episodes.get(&(t.lea[row], c)) else { continue };
            if self.held_from.get(&t.lea[row]).is_none_or(|from| s < *from) {
                continue;
            }
            let Some(&(_, close)) = eps.iter().filter(|(r, _)| *r <= s).max_by_key(|(r, c)| (c.is_none(), *c, *r))
            else {
                report(before, row, start, format!("{start} is before every referral of the child in referrals.csv"));
                continue;
            };
            let Some(close) = close else { continue };
            if s > close {
                let why = format!("{start} is after the child's CIN episode closed, and before any later referral");
                report(Cin8565, row, start, why);
            } else if let (Some(name), Some(e)) = (end, ends.and_then(|e| e[row]))
                && e > close
            {
                report(Cin8565, row, name, format!("{name} is after the child's CIN episode closed"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::indicators::topics::fixture::{lines_under, problems};

    const REFERRALS: &str = "LAchildID,CINreferralDate,ReferralNFA,CINclosureDate
A,2017-05-01,false,2017-08-01
A,2017-10-01,false,
B,2017-06-01,false,2017-07-01
";

    fn lines_of(said: &str, rule: &str) -> Vec<u64> {
        lines_under(said, &format!("CIN {rule}"))
    }

    #[test]
    fn rules_1103_and_8565_keep_assessments_inside_an_episode() {
        // A's episodes: 1 May – 1 August 2017, and from 1 October. Line 2 (20 April) is before
        // the file's first referral (1 May): it may belong to an episode the file does not
        // hold, so it is not checked. Line 3 (1 June) is inside the first episode but was
        // authorised on 2 September, after it closed (8565 on the authorisation). Line 4
        // (1 September) falls between the episodes (8565). Line 5 (2 October) is inside the
        // open one. B's (line 6, 20 May) is before her only referral (1103). C has no referral
        // in the file: not checked.
        let assessments = "LAchildID,AssessmentActualStartDate,AssessmentAuthorisationDate
A,2017-04-20,2017-05-02
A,2017-06-01,2017-09-02
A,2017-09-01,2017-09-20
A,2017-10-02,
B,2017-05-20,2017-06-10
C,2017-05-20,2017-06-10
";
        let s = problems(&[("referrals.csv", REFERRALS), ("assessments.csv", assessments)]);
        assert_eq!(lines_of(&s, "1103"), [6], "{s}");
        assert_eq!(lines_of(&s, "8565"), [3, 4], "{s}");
        assert!(s.contains("line 3, column C (AssessmentAuthorisationDate): (CIN 8565)"), "{s}");
        assert!(
            s.contains("warning: assessments.csv, line 6, column B (AssessmentActualStartDate): (CIN 1103)"),
            "{s}"
        );
    }

    #[test]
    fn rule_1105_a_plan_cannot_start_before_the_referral() {
        // B's plan starts on 25 May, before her referral (1 June); A's on 2 June, inside her
        // first episode, and ends on 1 September, after it closed (8565).
        let plans = "LAchildID,CPPstartDate,CPPendDate,InitialCategoryOfAbuse
B,2017-05-25,2017-06-20,NEG
A,2017-06-02,2017-09-01,EMO
";
        let s = problems(&[("referrals.csv", REFERRALS), ("cp_plans.csv", plans)]);
        assert_eq!(lines_of(&s, "1105"), [2], "{s}");
        assert_eq!(lines_of(&s, "8565"), [3], "{s}");
    }
}
