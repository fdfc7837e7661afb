//! The DfE's CIN census rules that keep assessments and child protection plans inside a CIN
//! episode (1103, 1105, 8565). The census links each to its episode by `CINdetailsID`, which
//! the contract's CSVs do not carry: here a record belongs to the child's episode open on the
//! day it starts (the latest referral on or before it). So these are warnings, not errors: the
//! record is still counted by its own dates.

use crate::dfe_rules::DfeRule::{self, Cin1103, Cin1105, Cin8565};
use crate::diagnostics::{Diagnostics, Problem};
use crate::load::{Loaded, Table};
use chrono::NaiveDate;
use std::collections::HashMap;

/// A child's CIN episodes: (referral, closure), by referral date.
type Episodes = HashMap<(u16, u32), Vec<(NaiveDate, Option<NaiveDate>)>>;

pub(super) fn check(loaded: &Loaded, diag: &mut Diagnostics) {
    let Some(referrals) = loaded.table("referrals") else { return };
    let (episodes, Some(held_from)) = episodes(referrals) else { return };
    let inside = Inside { episodes: &episodes, held_from };
    if let Some(t) = loaded.table("assessments") {
        inside.check(t, "LAchildID", "AssessmentActualStartDate", Some("AssessmentAuthorisationDate"), Cin1103, diag);
    }
    if let Some(t) = loaded.table("cp_plans") {
        inside.check(t, "LAchildID", "CPPstartDate", Some("CPPendDate"), Cin1105, diag);
    }
}

/// Each child's episodes, and the earliest referral in the file (the data's start: a record
/// before it may belong to an episode the file does not hold).
fn episodes(t: &Table) -> (Episodes, Option<NaiveDate>) {
    let ids = t.values("LAchildID").ids().expect("identifier");
    let refs = t.values("CINreferralDate").dates().expect("date");
    let closes = t.values("CINclosureDate").dates().expect("date");
    let mut out: Episodes = HashMap::new();
    for row in 0..t.rows() {
        if let (Some(child), Some(r)) = (ids[row], refs[row]) {
            out.entry((t.lea[row], child)).or_default().push((r, closes[row]));
        }
    }
    for v in out.values_mut() {
        v.sort();
    }
    (out, refs.iter().flatten().min().copied())
}

struct Inside<'a> {
    episodes: &'a Episodes,
    held_from: NaiveDate,
}

impl Inside<'_> {
    /// Each row of `t` whose `start` is before all its child's referrals (`before`), or whose
    /// `start` or `end` is after the closure of the episode it belongs to (8565).
    fn check(&self, t: &Table, child: &str, start: &str, end: Option<&str>, before: DfeRule, diag: &mut Diagnostics) {
        let ids = t.values(child).ids().expect("identifier");
        let starts = t.values(start).dates().expect("date");
        let ends = end.map(|e| t.values(e).dates().expect("date"));
        let mut report = |rule: DfeRule, row: usize, column: &str, why: String| {
            let detail = format!("({}) {why}", rule.reference());
            diag.add(Problem::Dfe(rule), &t.file_name, Some(t.lines[row]), t.column_ref(column), detail);
        };
        for row in 0..t.rows() {
            let (Some(c), Some(s)) = (ids[row], starts[row]) else { continue };
            // A child with no referral in the file, or a record from before the file's first
            // referral, may belong to an episode the file does not hold.
            let Some(eps) = self.episodes.get(&(t.lea[row], c)) else { continue };
            if s < self.held_from {
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
