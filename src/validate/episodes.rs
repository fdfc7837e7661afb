//! The DfE's SSDA903 rules on looked-after episodes: each child's episodes in date order (142,
//! 148, 357, 388, 431–433, 501), placement codes by collection year (146) and short breaks
//! (365–367, 426). Conditions as the DfE's validator states them; see `docs/methods.md` for
//! what each does to the figures.

use crate::contract::REASONS_CEASED;
use crate::dfe_rules::DfeRule::{self, *};
use crate::diagnostics::Diagnostics;
use crate::load::Table;
use crate::period::FinancialYear;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// One episode as the rules read it.
struct Episode<'a> {
    row: usize,
    start: NaiveDate,
    end: Option<NaiveDate>,
    rne: Option<&'a str>,
    rec: Option<&'a str>,
    ls: Option<&'a str>,
}

/// Reasons for a new episode that continue a period of care.
const CONTINUING: &[&str] = &["P", "L", "T", "U", "B"];

/// Placement codes the DfE's list held only in some collection years, by the first and last
/// year (as the year the collection starts): K3 replaced H5 in 2024-25; in 2025-26 H5, P2 and
/// Z1 were withdrawn and Z11–Z14 added. Every other code has been valid throughout.
const PLACEMENT_YEARS: &[(&str, i32, i32)] = &[
    ("H5", i32::MIN, 2024),
    ("P2", i32::MIN, 2024),
    ("Z1", i32::MIN, 2024),
    ("K3", 2024, i32::MAX),
    ("Z11", 2025, i32::MAX),
    ("Z12", 2025, i32::MAX),
    ("Z13", 2025, i32::MAX),
    ("Z14", 2025, i32::MAX),
];

struct Rules<'t, 'd> {
    t: &'t Table,
    diag: &'d mut Diagnostics,
}

impl Rules<'_, '_> {
    fn report(&mut self, rule: DfeRule, row: usize, column: &str, detail: String) {
        let t = self.t;
        self.diag.add_dfe(rule, t.file_of(row), t.lines[row], t.column_ref_at(row, column), &detail);
    }
}

/// REC as the message may show it: a code from the list, or not at all (an optional column
/// keeps unknown codes, which could be anything).
fn shown_rec(rec: &str) -> String {
    if REASONS_CEASED.contains(&rec) { format!("`{rec}`") } else { "an unlisted code".to_string() }
}

/// Applies the rules to the episodes; an open episode runs to `open_until` (the end of the
/// reporting year), or without one to the end of the last year the file's dates reach.
pub(super) fn check(t: &Table, open_until: Option<NaiveDate>, diag: &mut Diagnostics) {
    let dates = |name| t.values(name).dates().expect("contract declares a date");
    let codes = |name| t.values(name).strs().expect("contract declares a code");
    let (starts, ends, children) = (dates("DECOM"), dates("DEC"), t.values("CHILD").ids().expect("identifier"));
    let (rne, rec, ls, place) = (codes("RNE"), codes("REC"), codes("LS"), codes("PLACE"));
    let latest = || starts.iter().chain(ends).flatten().max().map(|d| FinancialYear::containing(*d).last_day());
    let data_end = open_until.or_else(latest);
    let mut rules = Rules { t, diag };
    let mut by_child: BTreeMap<(u16, u32), Vec<Episode>> = BTreeMap::new();
    for row in 0..t.rows() {
        rules.both_or_neither(row, ends[row].is_some(), rec.get(row));
        let Some(start) = starts[row] else { continue };
        let (end, rec, ls) = (ends[row], rec.get(row), ls.get(row));
        if let (Some(p), Some(data_end)) = (place.get(row), data_end) {
            rules.placement_in_its_years(row, p, start, end.unwrap_or(open_end(start, data_end)));
        }
        if let Some(child) = children[row] {
            by_child.entry((t.lea[row], child)).or_default().push(Episode {
                row,
                start,
                end,
                rne: rne.get(row),
                rec,
                ls,
            });
        }
    }
    // Each authority's data holds every episode from the start of the first year in which one
    // of its episodes ended: a child's first episode after that is their first ever (rule 357
    // checks only those).
    let mut held_from: BTreeMap<u16, NaiveDate> = BTreeMap::new();
    for (row, end) in ends.iter().enumerate() {
        if let Some(d) = end {
            let from = FinancialYear::containing(*d).first_day();
            held_from.entry(t.lea[row]).and_modify(|f| *f = (*f).min(from)).or_insert(from);
        }
    }
    for ((lea, _), episodes) in by_child.iter_mut() {
        // Ties keep file order, so the same file always gives the same messages.
        episodes.sort_by_key(|e| (e.start, e.row));
        // Across a year no return holds, a child's episodes cannot be judged one against the next.
        let mut from = 0;
        for to in 1..=episodes.len() {
            if to == episodes.len() || missing_between(t, episodes[to - 1].row, episodes[to].row) {
                // A first episode after a year no return holds may not be the child's first.
                let first = (from == 0 && !missing_before(t, episodes[0].row)).then(|| held_from.get(lea).copied());
                let first = first.flatten();
                rules.sequence(&episodes[from..to], first, to == episodes.len());
                from = to;
            }
        }
        if let Some(end) = data_end {
            rules.short_breaks(episodes, end);
        }
    }
}

/// Whether rows `a` and `b` come from returns with a year between them that no file of the
/// table is the return of.
fn missing_between(t: &Table, a: usize, b: usize) -> bool {
    let (Some(x), Some(y)) = (t.part_of(a).covers, t.part_of(b).covers) else { return false };
    unheld_between(t, t.lea[a], x, y)
}

/// Whether a year between the authority's first return and row `row`'s has no return.
fn missing_before(t: &Table, row: usize) -> bool {
    let lea = t.lea[row];
    let first = t.parts.iter().filter(|p| p.leas.contains(&lea)).filter_map(|p| p.covers).min();
    let (Some(first), Some(mine)) = (first, t.part_of(row).covers) else { return false };
    unheld_between(t, lea, first, mine)
}

/// Whether some year strictly between `x` and `y` has no return of authority `lea`.
fn unheld_between(t: &Table, lea: u16, x: FinancialYear, y: FinancialYear) -> bool {
    let held = |year: FinancialYear| t.parts.iter().any(|p| p.covers == Some(year) && p.leas.contains(&lea));
    let mut year = x.next();
    while year < y {
        if !held(year) {
            return true;
        }
        year = year.next();
    }
    false
}

/// Where an open episode is known to run to: the end of the data, or for one begun after it
/// (a past year's report from a later extract), the end of the year it began in.
fn open_end(start: NaiveDate, data_end: NaiveDate) -> NaiveDate {
    data_end.max(FinancialYear::containing(start).last_day())
}

impl Rules<'_, '_> {
    /// 148: DEC and REC both given or both blank.
    fn both_or_neither(&mut self, row: usize, ended: bool, rec: Option<&str>) {
        match (ended, rec) {
            (true, None) => self.report(Lac148, row, "REC", "DEC is filled in but REC is empty".into()),
            (false, Some(r)) => {
                let why = format!("REC is {} but DEC is empty: did the episode end?", shown_rec(r));
                self.report(Lac148, row, "DEC", why);
            }
            _ => {}
        }
    }

    /// 146: the code was in the DfE's list in at least one collection year the episode was open
    /// (an open episode is known to be open up to the end of the data, `until`).
    fn placement_in_its_years(&mut self, row: usize, place: &str, start: NaiveDate, until: NaiveDate) {
        let Some(&(_, first, last)) = PLACEMENT_YEARS.iter().find(|(c, _, _)| *c == place) else { return };
        let open_from = FinancialYear::containing(start).start_year;
        let open_to = FinancialYear::containing(until).start_year;
        if open_to < first || open_from > last {
            let when = if open_to < first {
                format!("from {} on", FinancialYear::new(first))
            } else {
                format!("until {}", FinancialYear::new(last))
            };
            let why = format!("PLACE `{place}` is in the DfE's list only {when}, and this episode was not open then");
            self.report(Lac146, row, "PLACE", why);
        }
    }

    /// 142, 357, 388, 431, 432, 433 and 501: one child's episodes, in date order.
    /// The rules on a child's episodes in order; `complete` when no later episode of the child
    /// is beyond a year no return holds.
    fn sequence(&mut self, e: &[Episode], held_from: Option<NaiveDate>, complete: bool) {
        let last = e.len() - 1;
        if let (Some(from), Some(first)) = (held_from, e.first())
            && first.start >= from
            && first.rne.is_some_and(|r| r != "S")
        {
            let why = format!(
                "the child's first episode starts within the data (which holds every episode from {}) with RNE `{}`, not S: is an earlier episode missing?",
                from.format("%-d %B %Y"),
                first.rne.unwrap_or_default()
            );
            self.report(Lac357, first.row, "RNE", why);
        }
        for (i, ep) in e.iter().enumerate() {
            if i < last && (ep.end.is_none() || ep.rec.is_none()) {
                let why = "a later episode of the child starts, but this one has no DEC or no REC".to_string();
                self.report(Lac142, ep.row, if ep.end.is_none() { "DEC" } else { "REC" }, why);
            }
            if i < last || complete {
                self.continues(ep, e.get(i + 1));
            }
            if i > 0 {
                self.follows(&e[i - 1], ep);
            }
        }
    }

    /// 388: REC X1 exactly when the next episode starts on the day this one ends.
    fn continues(&mut self, ep: &Episode, next: Option<&Episode>) {
        let (Some(end), Some(rec)) = (ep.end, ep.rec) else { return };
        let why = match next {
            None if rec == "X1" => "REC is X1 (care continues) but the child has no later episode",
            Some(n) if rec == "X1" && n.start != end => {
                "REC is X1 (care continues) but the child's next episode does not start on the day this one ends"
            }
            Some(n) if rec != "X1" && n.start == end => {
                "REC says care ended, but the child's next episode starts on the day this one ends: REC should be X1"
            }
            _ => return,
        };
        self.report(Lac388, ep.row, "REC", why.to_string());
    }

    /// 431, 432, 433 and 501: an episode against the one before it.
    fn follows(&mut self, prev: &Episode, ep: &Episode) {
        if prev.end.is_some_and(|end| ep.start < end) {
            self.report(Lac501, ep.row, "DECOM", "the episode starts before the child's previous episode ended".into());
        }
        let Some(rne) = ep.rne else { return };
        if rne == "S" && prev.end.is_some_and(|end| ep.start <= end) {
            let why =
                "RNE is S (started to be looked after) but the previous episode ended on or after this one's start";
            self.report(Lac431, ep.row, "RNE", why.into());
        }
        if rne != "S"
            && let Some(rec) = prev.rec.filter(|r| *r != "X1")
        {
            let why = format!("the previous episode ended care (REC {}) but RNE is `{rne}`, not S", shown_rec(rec));
            self.report(Lac432, ep.row, "RNE", why);
        }
        if CONTINUING.contains(&rne) && prev.end != Some(ep.start) {
            let why =
                format!("RNE `{rne}` continues care, but the previous episode did not end on the day this one starts");
            self.report(Lac433, ep.row, "RNE", why);
        }
    }

    /// 365, 366, 367 and 426: single short breaks (V3) and series (V4). A break counts in each
    /// year it is open in (clipped to the year, for 367's days), and an open one runs to the end
    /// of the data's last year, as the DfE runs it to the end of the collection.
    fn short_breaks(&mut self, e: &[Episode], data_end: NaiveDate) {
        // Per year: V3 days, and the rows of V3 and of V4 episodes open in it.
        let mut per_year: BTreeMap<FinancialYear, (i64, Vec<usize>, Vec<usize>)> = BTreeMap::new();
        for ep in e {
            let (v3, v4) = (ep.ls == Some("V3"), ep.ls == Some("V4"));
            if !(v3 || v4) {
                continue;
            }
            let end = ep.end.unwrap_or(open_end(ep.start, data_end));
            let mut year = FinancialYear::containing(ep.start);
            while year.first_day() <= end {
                let entry = per_year.entry(year).or_default();
                if v4 {
                    entry.2.push(ep.row);
                } else {
                    entry.1.push(ep.row);
                    entry.0 += (end.min(year.last_day()) - ep.start.max(year.first_day())).num_days().max(0);
                }
                year = year.next();
            }
            if v4 {
                continue;
            }
            let days = (end - ep.start).num_days();
            if days > 17 {
                self.report(Lac365, ep.row, "DEC", format!("a single short break (V3) of {days} days, more than 17"));
            }
            if ep.rne.is_some_and(|r| r != "S") {
                let why = format!("a single short break (V3) with RNE `{}`, not S", ep.rne.unwrap_or_default());
                self.report(Lac366, ep.row, "RNE", why);
            }
        }
        // Every episode the rule concerns is reported once, as the DfE's validator flags each.
        let (mut too_long, mut mixed) = (BTreeMap::new(), BTreeMap::new());
        for (year, (days, v3, v4)) in per_year {
            if days > 75 {
                for &row in &v3 {
                    too_long.entry(row).or_insert((year, days));
                }
            }
            if !v3.is_empty() && !v4.is_empty() {
                for &row in v3.iter().chain(&v4) {
                    mixed.entry(row).or_insert(year);
                }
            }
        }
        for (row, (year, days)) in too_long {
            let why = format!("the child's single short breaks (V3) come to {days} days in {year}, more than 75");
            self.report(Lac367, row, "LS", why);
        }
        for (row, year) in mixed {
            let why = format!("the child has both single (V3) and series (V4) short breaks in {year}");
            self.report(Lac426, row, "LS", why);
        }
    }
}

#[cfg(test)]
mod tests {
    //! Each rule broken on a known line, with the DfE's count of it: the DfE's validator flags
    //! the same rows (several rules can fire on one mistake, as they do there).

    use crate::indicators::topics::fixture::{lines_under, problems};

    const HEADER: &str = "CHILD,DECOM,RNE,LS,PLACE,DEC,REC\n";

    /// What validation says of these episodes (line 2 is the first row).
    fn said(rows: &str) -> String {
        problems(&[("lac_episodes.csv", &format!("{HEADER}{rows}"))])
    }

    #[track_caller]
    fn fires(said: &str, rule: &str, lines: &[u64]) {
        assert_eq!(lines_under(said, &format!("SSDA903 {rule}")), lines, "rule {rule}:\n{said}");
    }

    #[test]
    fn rule_148_dec_and_rec_both_or_neither() {
        // A ended with no reason; B has a reason but no end (it was counted as still in care).
        let s = said("A,01/06/2017,S,C2,U1,01/09/2017,\nB,01/06/2017,S,C2,U1,,E11\nC,01/06/2017,S,C2,U1,,\n");
        fires(&s, "148", &[2, 3]);
        assert!(s.contains("line 2, column G (REC): (SSDA903 148) DEC is filled in but REC is empty"), "{s}");
        assert!(s.contains("line 3, column F (DEC): (SSDA903 148) REC is `E11` but DEC is empty"), "{s}");
    }

    #[test]
    fn rule_142_an_episode_before_the_latest_must_have_ended() {
        // A's first episode never ended, and her second began: both would be open.
        let s = said("A,01/04/2017,S,C2,U1,,\nA,01/06/2017,S,C2,K2,,\n");
        fires(&s, "142", &[2]);
        fires(&s, "501", &[]);
    }

    #[test]
    fn rule_501_overlapping_episodes() {
        // A's second episode begins on 1 June, a month before the first ends (1 July): also a
        // continuation not starting on the day (433) and an X1 with no episode that day (388).
        let s = said("A,01/04/2017,S,C2,U1,01/07/2017,X1\nA,01/06/2017,P,C2,K2,,\n");
        fires(&s, "501", &[3]);
        fires(&s, "433", &[3]);
        fires(&s, "388", &[2]);
    }

    #[test]
    fn rule_388_x1_exactly_when_care_continues() {
        // A: X1 on her only episode (she left care uncounted). B: X1 but the next episode starts
        // a day later. C: left care (E11) although her next episode starts that day. D: right.
        let s = said(
            "A,01/04/2017,S,C2,U1,01/07/2017,X1
B,01/04/2017,S,C2,U1,01/07/2017,X1
B,02/07/2017,S,C2,U1,,
C,01/04/2017,S,C2,U1,01/07/2017,E11
C,01/07/2017,P,C2,U1,,
D,01/04/2017,S,C2,U1,01/07/2017,X1
D,01/07/2017,P,C2,U1,,
",
        );
        fires(&s, "388", &[2, 3, 5]);
        // C's second episode also starts on the day her care ended and is not a new period
        // (432); B's starts the day after an X1, so it is not S-after-ended (431 needs ≤).
        fires(&s, "432", &[6]);
        fires(&s, "431", &[]);
    }

    #[test]
    fn rule_431_a_new_period_cannot_start_before_the_last_ended() {
        // A's care ended (E11) on 1 July and a new period (S) starts the same day: 431, and 388
        // (a next episode that day means care continued).
        let s = said("A,01/04/2017,S,C2,U1,01/07/2017,E11\nA,01/07/2017,S,C2,U1,,\n");
        fires(&s, "431", &[3]);
        fires(&s, "388", &[2]);
    }

    #[test]
    fn rules_432_and_433_continuations_follow_on_the_day_care_continues() {
        // A left care on 1 July (E11) and came back on 1 September as a "change of placement"
        // (P): it is a new period (432), and a continuation that does not start on the day
        // (433). B's P episode starts the day after an X1 (433, and 388 on the X1).
        let s = said(
            "A,01/04/2017,S,C2,U1,01/07/2017,E11
A,01/09/2017,P,C2,U1,,
B,01/04/2017,S,C2,U1,01/07/2017,X1
B,02/07/2017,P,C2,U1,,
",
        );
        fires(&s, "432", &[3]);
        fires(&s, "433", &[3, 5]);
        fires(&s, "388", &[4]);
    }

    #[test]
    fn rule_357_a_first_episode_within_the_data_is_a_new_period() {
        // An episode ends in 2017-18, so the data holds every episode from 1 April 2017. B's
        // first starts after that as a change of placement: her start of care is missing. C's
        // began before the data, so her earlier episodes may simply not be in it.
        let s = said(
            "A,01/05/2017,S,C2,U1,01/06/2017,E11
B,01/08/2017,P,C2,U1,,
C,01/01/2017,P,C2,U1,,
",
        );
        fires(&s, "357", &[3]);
        assert!(s.contains("which holds every episode from 1 April 2017"), "{s}");
    }

    #[test]
    fn rule_146_placement_codes_by_collection_year() {
        // A report for 2025-26. K3 (from 2024-25) on an episode ended in 2023; H5 (until
        // 2024-25) begun in May 2025. Valid: K3 still open, begun in 2023 (recoded from H5 in
        // 2024-25); H5 ended in 2024.
        let episodes = format!(
            "{HEADER}A,01/05/2022,S,C2,K3,01/06/2023,E11
B,01/05/2025,S,C2,H5,,
C,01/05/2023,S,C2,K3,,
D,01/05/2023,S,C2,H5,01/06/2024,E11
"
        );
        let settings = "area_name = \"Testshire\"\nreporting_year = \"2025-26\"\n";
        let s = problems(&[("lac_episodes.csv", &episodes), ("report.toml", settings)]);
        fires(&s, "146", &[2, 3]);
        assert!(s.contains("(SSDA903 146) PLACE `K3` is in the DfE's list only from 2024-25 on"), "{s}");
        assert!(s.contains("(SSDA903 146) PLACE `H5` is in the DfE's list only until 2024-25"), "{s}");
        assert!(!s.contains("error: lac_episodes.csv, line 2, column E (PLACE)"), "a warning, not an error:\n{s}");
    }

    #[test]
    fn short_break_rules_365_366_367_and_426() {
        // A: a V3 break of 18 days (365) that is a change of placement (366). B: four V3 breaks
        // of 17, 17, 17 and 25 days = 76 in 2017-18 (367 on each; the 25-day one is also 365).
        // C: a V3 and a V4 in one year (426 on both). D: a V3 of exactly 17 days, fine.
        let s = said(
            "A,01/05/2017,P,V3,U1,19/05/2017,E11
B,01/05/2017,S,V3,U1,18/05/2017,E11
B,01/06/2017,S,V3,U1,18/06/2017,E11
B,01/07/2017,S,V3,U1,18/07/2017,E11
B,01/08/2017,S,V3,U1,26/08/2017,E11
C,01/05/2017,S,V3,U1,03/05/2017,E11
C,01/06/2017,S,V4,U1,03/06/2017,E11
D,01/05/2017,S,V3,U1,18/05/2017,E11
",
        );
        fires(&s, "365", &[2, 6]);
        fires(&s, "366", &[2]);
        fires(&s, "367", &[3, 4, 5, 6]);
        fires(&s, "426", &[7, 8]);
        assert!(s.contains("come to 76 days in 2017-18, more than 75"), "{s}");
    }

    #[test]
    fn a_return_that_keeps_the_rules_raises_none() {
        // Care from 1 April; a placement change on 1 July (X1 then P); left care on 1 March
        // (E11); a new period on 10 March (S).
        let s = said(
            "A,01/04/2017,S,C2,U1,01/07/2017,X1
A,01/07/2017,P,C2,K2,01/03/2018,E11
A,10/03/2018,S,C2,U1,,
",
        );
        assert!(!s.contains("SSDA903") && s.contains("0 errors"), "{s}");
    }
}
