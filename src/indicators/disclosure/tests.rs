//! Disclosure control on hand-built tables; each case works out what a reader could derive.

use super::*;
use crate::indicators::catalogue::Builder;
use crate::indicators::figure::Unit;
use crate::period::Period;

fn year(p: &str) -> Period {
    p.parse().unwrap()
}

fn key(lea: &str, id: &str) -> Key {
    (lea.into(), id.into(), year("2017-18"))
}

fn count(n: i64) -> Figure {
    Figure::Value { numerator: n, denominator: None }
}

/// Protects a table of one authority's counts for 2017-18 declared by `declare`.
fn protect(declare: impl Fn(&mut Builder), cells: &[(&str, Figure)]) -> (Table, Record) {
    let mut b = Builder::default();
    declare(&mut b);
    let mut ids = Builder::default();
    declare(&mut ids);
    let (indicators, identities) = (b.finish(), ids.identities());
    let mut table: Table = cells.iter().map(|(id, f)| (key("999", id), f.clone())).collect();
    let record = apply(&mut table, &indicators, &identities, 5, &["999".into()]).unwrap();
    (table, record)
}

fn shown(table: &Table, id: &str) -> String {
    let unit = if id.ends_with(".pct") { Unit::Pct } else { Unit::Count };
    table[&key("999", id)].shown(unit)
}

fn breakdown(b: &mut Builder, total: &str, cells: &[&str]) {
    b.count(total, "total");
    for c in cells {
        b.cell(format!("{total}.{c}"), total, String::new());
    }
}

#[test]
fn a_lone_small_cell_takes_another_with_it_so_that_any_small_value_stays_possible() {
    // Cells 3, 40, 7, 0 of a total 50. The 3 is suppressed (primary), and alone it is 50 − 40 −
    // 7 − 0. The smallest other non-zero cell, the 7, goes too: the two sum to 10, and a `c`
    // not said to be small is only known to be at least 1, so the small one could be anything
    // from 1 to 5 (the other 5 to 9, not exact). The 40 and the 0 stay.
    let (t, record) = protect(
        |b| breakdown(b, "t", &["a", "b", "c", "d"]),
        &[("t", count(50)), ("t.a", count(3)), ("t.b", count(40)), ("t.c", count(7)), ("t.d", count(0))],
    );
    let got: Vec<String> = ["t", "t.a", "t.b", "t.c", "t.d"].iter().map(|id| shown(&t, id)).collect();
    assert_eq!(got, ["50", "c", "40", "c", "0"]);
    assert!(record.passed());
    let a = record.findings.iter().find(|f| f.item == Sensitive::Count(key("999", "t.a"))).unwrap();
    assert_eq!((a.lower, a.upper), (1.0, 5.0));
}

#[test]
fn two_small_cells_that_sum_to_two_are_protected() {
    // The leak of the issue: categories 27, 8, 26 and two c cells of a total 63. The c cells
    // sum to 2 and neither is 0, so both would be 1. The 8 is suppressed next: the three then
    // sum to 10 with the 8 known only to be at least 1: a small one is at least 1, and at most
    // 10 − 1 − 1 = 8, so 5 by its own bound; any value from 1 to 5 stays possible.
    let (t, record) = protect(
        |b| breakdown(b, "cp", &["neg", "emo", "phy", "sab", "mul"]),
        &[
            ("cp", count(63)),
            ("cp.neg", count(27)),
            ("cp.emo", count(8)),
            ("cp.phy", count(26)),
            ("cp.sab", count(1)),
            ("cp.mul", count(1)),
        ],
    );
    let got: Vec<String> =
        ["cp", "cp.neg", "cp.emo", "cp.phy", "cp.sab", "cp.mul"].iter().map(|id| shown(&t, id)).collect();
    assert_eq!(got, ["63", "27", "c", "26", "c", "c"]);
    assert!(record.passed());
}

#[test]
fn a_breakdown_with_a_not_recorded_cell_sums_exactly_and_is_protected() {
    // The panel's leak: 46 children, 15 at low risk, 29 medium, none unrecorded: high is 2.
    // Suppressing the 15 too leaves high + low = 17 with low at least 1: high could be 1 to 5.
    let (t, _) = protect(
        |b| breakdown(b, "cse", &["low", "medium", "high", "not_recorded"]),
        &[
            ("cse", count(46)),
            ("cse.low", count(15)),
            ("cse.medium", count(29)),
            ("cse.high", count(2)),
            ("cse.not_recorded", count(0)),
        ],
    );
    let got: Vec<String> =
        ["cse", "cse.low", "cse.medium", "cse.high", "cse.not_recorded"].iter().map(|id| shown(&t, id)).collect();
    assert_eq!(got, ["46", "c", "29", "c", "0"]);
}

#[test]
fn a_small_complement_of_a_share_is_protected() {
    // 100 reviews, 97 on time: 3 late, by subtraction. The on-time count goes (and its share,
    // whose numerator figures.csv would print): on time is then 6 to 100, late 0 to 94.
    let (t, record) = protect(
        |b| {
            b.count("held", "");
            b.count("in_time", "");
            b.share("in_time.pct", "in_time", "held", crate::indicators::catalogue::Polarity::HigherIsBetter, "");
        },
        &[("held", count(100)), ("in_time", count(97)), ("in_time.pct", Figure::of(97, Some(100)))],
    );
    assert_eq!([shown(&t, "held"), shown(&t, "in_time"), shown(&t, "in_time.pct")], ["100", "c", "c"]);
    assert!(record.passed());
}

#[test]
fn a_small_flow_cannot_be_recovered_from_the_stocks() {
    // 35 on a plan at 31 March 2017, 10 started and 3 ended in 2017-18, 42 at 31 March 2018:
    // 35 + 10 − 3 = 42. The 3 goes (primary); alone it would be 35 + 10 − 42, so the 10 started
    // goes too: started − ended = 7 with started at least 1 leaves ended anywhere from 1 to 5.
    let mut b = Builder::default();
    b.count("stock", "");
    b.count("started", "");
    b.count("ended", "");
    b.flow("stock", "started", "ended");
    let identities = {
        let mut b = Builder::default();
        b.flow("stock", "started", "ended");
        b.identities()
    };
    let indicators = b.finish();
    let at = |id: &str, p: &str| ("999".to_string(), id.to_string(), year(p));
    let mut t: Table = [
        (at("stock", "2016-17"), count(35)),
        (at("stock", "2017-18"), count(42)),
        (at("started", "2017-18"), count(10)),
        (at("ended", "2017-18"), count(3)),
    ]
    .into();
    apply(&mut t, &indicators, &identities, 5, &["999".into()]).unwrap();
    let got: Vec<String> =
        [at("stock", "2016-17"), at("started", "2017-18"), at("ended", "2017-18"), at("stock", "2017-18")]
            .iter()
            .map(|k| t[k].shown(Unit::Count))
            .collect();
    assert_eq!(got, ["35", "c", "c", "42"]);
    // Where the stocks do not reconcile exactly (a child counted twice), the relation is not
    // assumed, and the small figure is protected by its own suppression alone.
    let mut t: Table = [
        (at("stock", "2016-17"), count(35)),
        (at("stock", "2017-18"), count(43)),
        (at("started", "2017-18"), count(10)),
        (at("ended", "2017-18"), count(3)),
    ]
    .into();
    apply(&mut t, &indicators, &identities, 5, &["999".into()]).unwrap();
    assert_eq!(t[&at("started", "2017-18")].shown(Unit::Count), "10");
}

#[test]
fn one_small_authority_cannot_be_recovered_from_the_all_authorities_total() {
    // 201: 4, 202: 30, 203: 12, all: 46. The 4 goes; alone it is 46 − 30 − 12, so the 12 goes
    // too: the two sum to 16, and with the other at least 1 the 4 could be 1 to 5.
    let mut b = Builder::default();
    b.count("n", "");
    let indicators = b.finish();
    let mut t = Table::new();
    for (lea, n) in [("201", 4), ("202", 30), ("203", 12), (crate::run::ALL, 46)] {
        t.insert(key(lea, "n"), count(n));
    }
    let leas: Vec<String> = ["201", "202", "203", crate::run::ALL].map(String::from).to_vec();
    apply(&mut t, &indicators, &[], 5, &leas).unwrap();
    let got: Vec<String> = leas.iter().map(|l| t[&key(l, "n")].shown(Unit::Count)).collect();
    assert_eq!(got, ["c", "30", "c", "46"]);
}

#[test]
fn counts_of_events_are_shown_and_one_persons_age_never_is() {
    // 3 sessions cancelled disclose no one; the youngest child's age describes one child.
    let (t, _) = protect(
        |b| {
            b.count("sessions.cancelled", "");
            b.events();
            b.count("children", "");
            b.add(
                "age.min",
                Unit::Years,
                crate::indicators::catalogue::Polarity::Neutral,
                "",
                Recipe::Extreme { of: "children".into(), max: false },
            );
        },
        &[("sessions.cancelled", count(3)), ("children", count(40)), ("age.min", count(11))],
    );
    assert_eq!([shown(&t, "sessions.cancelled"), shown(&t, "children"), shown(&t, "age.min")], ["3", "40", "c"]);
}

#[test]
fn zero_and_counts_above_the_threshold_are_shown_and_a_spreadsheet_three_is_small() {
    for (n, expected) in [(0, "0"), (1, "c"), (5, "c"), (6, "6")] {
        let (t, _) = protect(|b| b.count("n", ""), &[("n", count(n))]);
        assert_eq!(shown(&t, "n"), expected, "{n}");
    }
    // A partner's 3 that a spreadsheet stored as 2.9999999999999996 is a small count.
    let (t, _) = protect(|b| b.count("m", ""), &[("m", Figure::Given(2.999_999_999_999_999_6))]);
    assert_eq!(shown(&t, "m"), "c");
}

#[test]
fn a_breakdown_declared_with_nothing_else_is_covered_by_the_audit() {
    // A new breakdown, declared only as cells of a total: 2 and 30 of 32. Its relation comes
    // from the declaration, so the 2 cannot be recovered as 32 − 30.
    let (t, record) =
        protect(|b| breakdown(b, "new", &["a", "b"]), &[("new", count(32)), ("new.a", count(2)), ("new.b", count(30))]);
    assert_eq!([shown(&t, "new"), shown(&t, "new.a"), shown(&t, "new.b")], ["32", "c", "c"]);
    assert!(record.relations >= 1 && record.passed());
}

#[test]
fn a_share_shown_on_a_small_denominator_would_print_it_and_is_suppressed() {
    // 0 of 4 discussions: the share 0.0% would print its denominator, 4, in figures.csv.
    let (t, _) = protect(
        |b| {
            b.working("discussions", "");
            b.working("plan", "");
            b.share("plan.pct", "plan", "discussions", crate::indicators::catalogue::Polarity::Neutral, "");
        },
        &[("discussions", count(4)), ("plan", count(0)), ("plan.pct", Figure::of(0, Some(4)))],
    );
    assert_eq!(shown(&t, "plan.pct"), "c");
}

#[test]
fn small_authorities_adding_up_to_a_small_total_are_protected_by_not_calling_it_small() {
    // Five authorities with 1 each, 5 in all, every figure small. A reader who knows all six
    // are 1 to 5 gets each authority exactly: five counts of at least 1 sum to at most 5, so
    // all are 1. No shown figure is left to suppress; the total is concealed instead (a `c`
    // not said to be small, like a secondary suppression): it is then at least 1, so each
    // authority is 1 to 5 again, and the total is 5 or more, which is not exact.
    let mut b = Builder::default();
    b.count("n", "");
    let indicators = b.finish();
    let leas: Vec<String> = ["201", "202", "203", "204", "205", crate::run::ALL].map(String::from).to_vec();
    let mut t = Table::new();
    for lea in &leas[..5] {
        t.insert(key(lea, "n"), count(1));
    }
    t.insert(key(crate::run::ALL, "n"), count(5));
    let record = apply(&mut t, &indicators, &[], 5, &leas).unwrap();
    assert!(leas.iter().all(|l| t[&key(l, "n")].shown(Unit::Count) == "c"));
    assert!(matches!(t[&key(crate::run::ALL, "n")], Figure::Suppressed { reason: Suppression::Concealed, .. }));
    assert!(matches!(t[&key("201", "n")], Figure::Suppressed { reason: Suppression::SmallCount, .. }));
    assert!(record.passed());
    let interval = |lea: &str| {
        let f = record.findings.iter().find(|f| f.item == Sensitive::Count(key(lea, "n"))).unwrap();
        (f.lower, f.upper, f.widest)
    };
    assert_eq!(interval("201"), (1.0, 5.0, false));
    let (lower, upper, widest) = interval(crate::run::ALL);
    assert_eq!((lower, widest), (5.0, false));
    assert!(upper > 5.0);
}

#[test]
fn a_whole_far_above_its_small_part_is_not_suppressed_for_it() {
    // The leak of issue 13's first build: unaccompanied children (1, 1, 1 in three authorities,
    // 3 in all) within children looked after (170, 273, 323; 766 in all), each total also the
    // sum of its boys and girls. Every `c` is small and they sum to a small total, so each would
    // be 1 to 3. Suppressing a looked-after total would widen nothing (1 to 5 is far within
    // 170), and the boys and girls give it back exactly: the part's own total is concealed
    // instead, and every total stays shown.
    let mut b = Builder::default();
    breakdown(&mut b, "n", &["m", "f"]);
    b.count("u", "");
    b.subset("u", "n");
    let identities = {
        let mut ids = Builder::default();
        ids.subset("u", "n");
        ids.identities()
    };
    let indicators = b.finish();
    let leas: Vec<String> = ["201", "202", "203", crate::run::ALL].map(String::from).to_vec();
    let mut t = Table::new();
    for (lea, n, m, u) in
        [("201", 170, 100, 1), ("202", 273, 150, 1), ("203", 323, 200, 1), (crate::run::ALL, 766, 450, 3)]
    {
        t.insert(key(lea, "n"), count(n));
        t.insert(key(lea, "n.m"), count(m));
        t.insert(key(lea, "n.f"), count(n - m));
        t.insert(key(lea, "u"), count(u));
    }
    let record = apply(&mut t, &indicators, &identities, 5, &leas).unwrap();
    let totals: Vec<String> = leas.iter().map(|l| t[&key(l, "n")].shown(Unit::Count)).collect();
    assert_eq!(totals, ["170", "273", "323", "766"]);
    assert!(leas.iter().all(|l| t[&key(l, "u")].shown(Unit::Count) == "c"));
    assert!(record.passed());
    assert!(record.findings.iter().all(|f| f.lower < f.upper), "nothing suppressed is exact");
}

#[test]
fn a_suppression_a_reader_can_solve_is_shown_again_with_what_it_alone_hid() {
    // 170 looked after, suppressed to protect another figure, but solvable exactly: shown again
    // with its rate (built on it alone); the share of a small count within it stays hidden, and
    // the small count itself (or a secondary one of 5 or fewer) is never shown again.
    let mut b = Builder::default();
    b.count("n", "");
    b.rate("n.rate", "n", "");
    b.count("u", "");
    b.share("u.pct", "u", "n", crate::indicators::catalogue::Polarity::Neutral, "");
    b.count("m", "");
    let indicators = b.finish();
    let by_id: HashMap<&str, &Indicator> = indicators.iter().map(|i| (i.id.as_str(), i)).collect();
    let hidden = |reason, n: i64, d: Option<i64>| Figure::Suppressed { reason, numerator: n, denominator: d };
    let mut t: Table = [
        (key("999", "n"), hidden(Suppression::Secondary, 170, None)),
        (key("999", "n.rate"), hidden(Suppression::Secondary, 170, Some(30_000))),
        (key("999", "u"), hidden(Suppression::SmallCount, 2, None)),
        (key("999", "u.pct"), hidden(Suppression::SmallNumerator, 2, Some(170))),
    ]
    .into();
    assert!(revealable(&t, &by_id, &key("999", "n"), 5));
    assert!(!revealable(&t, &by_id, &key("999", "u"), 5), "a small count");
    t.insert(key("999", "m"), hidden(Suppression::Secondary, 4, None));
    assert!(!revealable(&t, &by_id, &key("999", "m"), 5), "a secondary suppression of 5 or fewer");
    let deps = dependents(&t, &by_id);
    let shown_again = reveal(&mut t, &by_id, &deps, &key("999", "n"));
    assert_eq!(shown_again, [key("999", "n"), key("999", "n.rate")]);
    assert_eq!(shown(&t, "n"), "170");
    assert_eq!(t[&key("999", "n.rate")], Figure::Value { numerator: 170, denominator: Some(30_000) });
    assert_eq!(shown(&t, "u.pct"), "c");
}
