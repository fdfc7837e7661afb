//! Sentences written from the figures, following the wording rules of the catalogue: the
//! change with its direction, "broadly unchanged" when it is too small to matter, no
//! percentage of a count under 10, and "better" or "worse" only for indicators whose direction
//! has an agreed meaning.

use super::html::{self, Html};
use crate::indicators::catalogue::Polarity;
use crate::indicators::compare::{Comparison, Delta, Direction};
use crate::indicators::figure::{Figure, Suppression, Unit};

/// How a headline figure is put into words: `phrase` holds `{}` where the value goes
/// ("{} contacts were received"); `label` names it when there is no value to quote.
#[derive(Debug, Clone, Copy)]
pub struct Wording {
    pub phrase: &'static str,
    pub label: &'static str,
}

/// The figure of the reporting year as prose says it: a small count is "fewer than 6".
fn current_in_prose(c: &Comparison, threshold: u32) -> Html {
    match c.row.figure {
        Figure::Suppressed { reason: Suppression::SmallCount, .. } if c.row.unit == Unit::Count => {
            html::fewer_than(&c.row.indicator, c.row.period, threshold)
        }
        _ => current(c),
    }
}

/// The figure of the reporting year, marked up.
pub fn current(c: &Comparison) -> Html {
    html::figure(&c.row.indicator, c.row.period, &c.row.figure, c.row.unit)
}

fn previous(c: &Comparison) -> Html {
    html::figure(&c.row.indicator, c.previous_period.to_string(), &c.previous, c.row.unit)
}

/// "a decrease of 2,399 (10.5%) from 22,750 in 2016-17", or why no change can be given.
pub fn change(c: &Comparison, polarity: Polarity) -> Html {
    let prev_year = c.previous_period.to_string();
    let mut out = Html::default();
    let ch = match &c.delta {
        Delta::Change(ch) => ch,
        Delta::Suppressed => {
            out.push_text(&format!("no comparison with {prev_year} is shown, because a small number is suppressed"));
            return out;
        }
        Delta::NotAvailable => {
            out.push_text(&format!("no figure for {prev_year} is available to compare with"));
            return out;
        }
        Delta::NotApplicable => {
            out.push_text(&format!("there is no comparable figure for {prev_year}"));
            return out;
        }
    };
    if ch.direction == Direction::Unchanged {
        out.push_text("unchanged from ").push(&previous(c)).push_text(&format!(" in {prev_year}"));
        return out;
    }
    if ch.negligible {
        out.push_text("broadly unchanged from ").push(&previous(c)).push_text(&format!(" in {prev_year}"));
        return out;
    }
    let id = &c.row.indicator;
    let magnitude = ch.diff.trim_start_matches('-');
    let amount = match c.row.unit {
        Unit::Pct => {
            format!("{} percentage point{}", html::thousands(magnitude), if magnitude == "1.0" { "" } else { "s" })
        }
        Unit::Gbp => format!("£{}", html::thousands(magnitude)),
        _ => html::thousands(magnitude),
    };
    out.push_text(if ch.direction == Direction::Up { "an increase of " } else { "a decrease of " });
    out.push(&html::derived("change", id, c.row.period, &ch.diff, &amount));
    if let Some(pct) = &ch.pct {
        let text = format!("{}%", pct.trim_start_matches('-'));
        out.push_text(" (").push(&html::derived("change-pct", id, c.row.period, pct, &text)).push_text(")");
    }
    out.push_text(" from ").push(&previous(c)).push_text(&format!(" in {prev_year}"));
    match judgement(polarity, ch.direction) {
        Some(j) => out.push_text(&format!(", {j}")),
        None => &mut out,
    };
    out
}

/// "an improvement" or "a deterioration", only where the direction has an agreed meaning.
fn judgement(polarity: Polarity, direction: Direction) -> Option<&'static str> {
    let better = match (polarity, direction) {
        (Polarity::Neutral, _) | (_, Direction::Unchanged) => return None,
        (Polarity::HigherIsBetter, Direction::Up) | (Polarity::LowerIsBetter, Direction::Down) => true,
        _ => false,
    };
    Some(if better { "an improvement" } else { "a deterioration" })
}

/// One sentence for a headline figure: its value in the reporting year and the change.
/// `threshold` is the small-number threshold a suppressed count is below.
pub fn headline(w: &Wording, c: &Comparison, polarity: Polarity, threshold: u32) -> Html {
    let mut out = Html::default();
    // A stock is dated by its day ("at 31 March 2018"), a flow by its year ("in 2017-18").
    let end = format!("at 31 March {}", c.row.period.last_day().format("%Y"));
    let dated = |text: &str| text.replace("at 31 March", &end);
    let when = if w.phrase.contains("at 31 March") { String::new() } else { format!(" in {}", c.row.period) };
    match &c.row.figure {
        Figure::Value { .. } | Figure::Given(_) => {
            let (before, after) = w.phrase.split_once("{}").unwrap_or((w.phrase, ""));
            out.push_text(&capitalise(&dated(before))).push(&current(c)).push_text(&dated(after));
            out.push_text(&format!("{when}, ")).push(&change(c, polarity)).push_text(".");
        }
        Figure::Suppressed { reason, .. } => {
            let year = &c.row.period;
            out.push_text(&format!("{} in {year}: ", capitalise(w.label))).push(&current_in_prose(c, threshold));
            out.push_text(match reason {
                Suppression::SmallCount => " (a small number, suppressed to protect the children concerned).",
                Suppression::SmallNumerator => " (not shown, because it rests on a small number).",
                // Worded alike: a reader must not tell a concealed small count from a larger one.
                Suppression::Secondary | Suppression::Concealed => {
                    " (not shown, so that small numbers elsewhere cannot be worked out from it)."
                }
                Suppression::Individual => " (not published, as it would describe one person).",
            });
        }
        Figure::NotAvailable => {
            let year = &c.row.period;
            out.push_text(&format!("{} in {year}: ", capitalise(w.label))).push(&current(c));
            out.push_text(" (the data does not cover it).");
        }
        Figure::NotApplicable => {
            let year = &c.row.period;
            out.push_text(&format!("{} in {year}: ", capitalise(w.label))).push(&current(c));
            out.push_text(" (there was nothing to count).");
        }
    }
    out
}

/// "This compares with 43.3 for England (2016-17) and 47.9 for Statistical neighbours (2016-17)."
pub fn benchmarks(c: &Comparison, polarity: Polarity) -> Option<Html> {
    let value = c.row.figure.exact(c.row.unit)?;
    if c.benchmarks.is_empty() {
        return None;
    }
    let mut out = Html::text("This compares with ");
    let places = c.row.unit.places() as usize;
    for (i, b) in c.benchmarks.iter().enumerate() {
        if i > 0 {
            out.push_text(if i + 1 == c.benchmarks.len() { " and " } else { ", " });
        }
        let shown = crate::indicators::compare::round_f64(b.value, places);
        let text = html::readable(&shown, c.row.unit);
        out.push(&html::derived("benchmark", &c.row.indicator, b.period, &shown, &text));
        out.push_text(&format!(" for {} ({})", b.comparator, b.period));
    }
    if let Some(first) = c.benchmarks.first() {
        let relation = relation(value, first.value, c.row.unit);
        out.push_text(&format!(": {relation} {}", first.comparator));
        let direction = match relation {
            "higher than" => Some(Direction::Up),
            "lower than" => Some(Direction::Down),
            _ => None,
        };
        if let Some(j) = direction.and_then(|d| judgement(polarity, d)) {
            out.push_text(if j == "an improvement" { ", which is better" } else { ", which is worse" });
        }
    }
    out.push_text(".");
    Some(out)
}

/// Higher, lower or similar, with the same tolerance as "broadly unchanged".
pub fn relation(value: f64, other: f64, unit: Unit) -> &'static str {
    let close = match unit {
        Unit::Pct => (value - other).abs() < 0.5,
        _ => other != 0.0 && ((value - other) / other).abs() < 0.01,
    };
    if close {
        "similar to"
    } else if value > other {
        "higher than"
    } else {
        "lower than"
    }
}

/// "neglect" → "Neglect".
pub(super) fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(f) => f.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The text of a fragment without its markup, as a reader hears it (for tests and alt text).
pub fn plain(h: &Html) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in h.as_str().chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#x27;", "'").replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    //! Snapshot tests of the sentences: each case states the figures and the exact words.
    use super::*;
    use crate::indicators::FigureRow;
    use crate::indicators::compare::Benchmark;
    use crate::indicators::figure::Suppression;
    use crate::period::FinancialYear;

    const CONTACTS: Wording = Wording { phrase: "{} contacts were received", label: "contacts received" };

    fn row(id: &str, unit: Unit, figure: Figure) -> FigureRow {
        FigureRow { lea: String::new(), indicator: id.into(), period: "2017-18".parse().unwrap(), unit, figure }
    }

    fn say(row: &FigureRow, prev: Figure, polarity: Polarity, benchmarks: &[Benchmark]) -> String {
        let c = Comparison {
            row,
            previous_period: FinancialYear::new(2016),
            delta: Delta::between(&row.figure, &prev, row.unit),
            previous: prev,
            trend: vec![],
            benchmarks,
        };
        let w = Wording { phrase: "{} of the measure", label: "the measure" };
        let w = if row.indicator == "contacts.total" { CONTACTS } else { w };
        let mut s = plain(&headline(&w, &c, polarity, 5));
        if let Some(b) = super::benchmarks(&c, polarity).map(|h| plain(&h)) {
            s.push(' ');
            s.push_str(&b);
        }
        s
    }

    fn small() -> Figure {
        Figure::Suppressed { reason: Suppression::SmallCount, numerator: 4, denominator: None }
    }

    #[test]
    fn a_fall() {
        // 22,750 → 20,351: 2,399 fewer, 2,399 / 22,750 = 10.545…% → 10.5%.
        let r = row("contacts.total", Unit::Count, Figure::of(20_351, None));
        assert_eq!(
            say(&r, Figure::of(22_750, None), Polarity::Neutral, &[]),
            "20,351 contacts were received in 2017-18, a decrease of 2,399 (10.5%) from 22,750 in 2016-17."
        );
    }

    #[test]
    fn a_rise_of_a_percentage_that_has_a_direction() {
        // 75.9% (759/1000) → 78.0% (780/1000): up 2.1 points, and higher is better.
        let r = row("cfa.within_45wd.pct", Unit::Pct, Figure::of(780, Some(1000)));
        assert_eq!(
            say(&r, Figure::of(759, Some(1000)), Polarity::HigherIsBetter, &[]),
            "78.0% of the measure in 2017-18, an increase of 2.1 percentage points from 75.9% in 2016-17, an improvement."
        );
    }

    #[test]
    fn stocks_are_dated_by_their_day() {
        // 441 on 31 March 2018 against 412 a year before: up 29, 7.0% (29/412 = 7.04%).
        let r = row("cp.at_31_march", Unit::Count, Figure::of(441, None));
        let w = Wording { phrase: "{} children were on a plan at 31 March", label: "children on a plan" };
        let c = Comparison {
            row: &r,
            previous_period: FinancialYear::new(2016),
            delta: Delta::between(&r.figure, &Figure::of(412, None), r.unit),
            previous: Figure::of(412, None),
            trend: vec![],
            benchmarks: &[],
        };
        assert_eq!(
            plain(&headline(&w, &c, Polarity::Neutral, 5)),
            "441 children were on a plan at 31 March 2018, an increase of 29 (7.0%) from 412 in 2016-17."
        );
    }

    #[test]
    fn no_change_and_a_negligible_change() {
        let r = row("contacts.total", Unit::Count, Figure::of(500, None));
        assert_eq!(
            say(&r, Figure::of(500, None), Polarity::Neutral, &[]),
            "500 contacts were received in 2017-18, unchanged from 500 in 2016-17."
        );
        // 1,000 → 1,004 is 0.4%: under 1% of a count.
        let r = row("contacts.total", Unit::Count, Figure::of(1004, None));
        assert_eq!(
            say(&r, Figure::of(1000, None), Polarity::Neutral, &[]),
            "1,004 contacts were received in 2017-18, broadly unchanged from 1,000 in 2016-17."
        );
    }

    #[test]
    fn tiny_counts_get_no_percentage() {
        // 7 → 9: up 2 (28.6%), but a count under 10 is never turned into a percentage.
        let r = row("cp.over_2_years", Unit::Count, Figure::of(9, None));
        assert_eq!(
            say(&r, Figure::of(7, None), Polarity::LowerIsBetter, &[]),
            "9 of the measure in 2017-18, an increase of 2 from 7 in 2016-17, a deterioration."
        );
    }

    #[test]
    fn suppressed_and_missing_values() {
        let r = row("cp.over_2_years", Unit::Count, small());
        assert_eq!(
            say(&r, Figure::of(12, None), Polarity::LowerIsBetter, &[]),
            "The measure in 2017-18: fewer than 6 (a small number, suppressed to protect the children concerned)."
        );
        // The current value is shown but last year's was suppressed: no change is worked out.
        let r = row("cp.over_2_years", Unit::Count, Figure::of(12, None));
        assert_eq!(
            say(&r, small(), Polarity::LowerIsBetter, &[]),
            "12 of the measure in 2017-18, no comparison with 2016-17 is shown, because a small number is suppressed."
        );
        let r = row("cp.over_2_years", Unit::Count, Figure::of(12, None));
        assert_eq!(
            say(&r, Figure::NotAvailable, Polarity::LowerIsBetter, &[]),
            "12 of the measure in 2017-18, no figure for 2016-17 is available to compare with."
        );
        let r = row("cp.over_2_years", Unit::Count, Figure::NotAvailable);
        assert_eq!(
            say(&r, Figure::of(3, None), Polarity::LowerIsBetter, &[]),
            "The measure in 2017-18: x (the data does not cover it)."
        );
    }

    #[test]
    fn comparisons_with_a_direction_say_better_or_worse() {
        // 90.8% of reviews on time (908/1000) against England's 92.5%: lower, and higher is better.
        let r = row("cp.reviews.in_time.pct", Unit::Pct, Figure::of(908, Some(1000)));
        let b = [Benchmark { comparator: "England".into(), period: "2016-17".parse().unwrap(), value: 92.5 }];
        let s = say(&r, Figure::of(916, Some(1000)), Polarity::HigherIsBetter, &b);
        assert!(
            s.ends_with("This compares with 92.5% for England (2016-17): lower than England, which is worse."),
            "{s}"
        );
        // 9.2% second plans against 20.0%: lower, and lower is better.
        let r = row("cp.second_or_subsequent.pct", Unit::Pct, Figure::of(92, Some(1000)));
        let b = [Benchmark { comparator: "England".into(), period: "2016-17".parse().unwrap(), value: 20.0 }];
        let s = say(&r, Figure::of(70, Some(1000)), Polarity::LowerIsBetter, &b);
        assert!(s.ends_with("lower than England, which is better."), "{s}");
    }

    #[test]
    fn benchmarks_are_named_with_their_period() {
        // 441 per 112,850 children = 39.07… → 39.1 per 10,000; England 43.3 is higher.
        let r = row("cp.at_31_march.rate", Unit::RatePer10k, Figure::of(441, Some(112_850)));
        let b = [
            Benchmark { comparator: "England".into(), period: "2016-17".parse().unwrap(), value: 43.3 },
            Benchmark { comparator: "Statistical neighbours".into(), period: "2016-17".parse().unwrap(), value: 47.94 },
        ];
        let s = say(&r, Figure::of(400, Some(112_000)), Polarity::Neutral, &b);
        assert!(
            s.ends_with(
                "This compares with 43.3 for England (2016-17) and 47.9 for Statistical neighbours (2016-17): lower than England."
            ),
            "{s}"
        );
        // 400/112,000 = 35.714… → 39.077…: up 3.4 (exact difference 3.363 rounds to 3.4).
        assert!(s.starts_with("39.1 of the measure in 2017-18, an increase of 3.4 from 35.7 in 2016-17."), "{s}");
    }
}
