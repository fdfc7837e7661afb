//! Sentences written from the figures, following the wording rules of the catalogue: the
//! change with its direction, "broadly unchanged" when it is too small to matter, no
//! percentage of a count under 10. A share or rate is judged only by its significance test
//! (year on year) or its confidence interval (against a benchmark), and "better" or "worse" is
//! said only of a significant difference in an indicator whose direction has an agreed
//! meaning. Counts of demand are the whole population: their change is stated, never judged.

use super::html::{self, Html};
use crate::indicators::catalogue::Polarity;
use crate::indicators::compare::{Against, Comparison, Delta, Direction};
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
    if let Some(test) = c.test {
        out.push_text(match (test.significant, judgement(polarity, ch.direction)) {
            (false, _) => ", not a significant change",
            (true, Some(Judgement::Better)) => ", a significant improvement",
            (true, Some(Judgement::Worse)) => ", a significant deterioration",
            (true, None) => ", a significant change",
        });
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Judgement {
    Better,
    Worse,
}

/// Better or worse, only where the direction has an agreed meaning; the caller says it only of
/// a significant difference.
fn judgement(polarity: Polarity, direction: Direction) -> Option<Judgement> {
    match (polarity, direction) {
        (Polarity::Neutral, _) | (_, Direction::Unchanged) => None,
        (Polarity::HigherIsBetter, Direction::Up) | (Polarity::LowerIsBetter, Direction::Down) => {
            Some(Judgement::Better)
        }
        _ => Some(Judgement::Worse),
    }
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

/// "This compares with 43.3 for England (2016-17) and 47.9 for Statistical neighbours
/// (2016-17): significantly lower than England and similar to Statistical neighbours."
pub fn benchmarks(c: &Comparison, polarity: Polarity) -> Option<Html> {
    c.row.figure.exact(c.row.unit)?;
    let (same, other): (Vec<_>, Vec<_>) = c.benchmarks.iter().partition(|b| c.against(b) != Against::OtherDefinition);
    let mut out = Html::default();
    if !same.is_empty() {
        out.push_text("This compares with ").push(&values(c, &same)).push_text(":");
        let judged: Vec<String> = same.iter().map(|b| relation(c, b, polarity)).collect();
        if judged.iter().all(String::is_empty) {
            // A count, a mean or a partner's figure has no interval to test the difference by.
            out.push_text(" no confidence interval can be worked out for this figure, so no difference is claimed.");
        } else {
            out.push_text(&format!(" {}.", join(&judged)));
        }
    }
    if !other.is_empty() {
        if !same.is_empty() {
            out.push_text(" ");
        }
        let several = other.len() > 1;
        out.push_text(if several { "The published figures " } else { "The published figure " });
        out.push(&values(c, &other));
        out.push_text(if several {
            " follow a different definition (see the notes on the data) and are not compared."
        } else {
            " follows a different definition (see the notes on the data) and is not compared."
        });
    }
    (!out.as_str().is_empty()).then_some(out)
}

/// "43.3 for England (2016-17) and 47.9 for Statistical neighbours (2016-17)".
fn values(c: &Comparison, benchmarks: &[&crate::indicators::compare::Benchmark]) -> Html {
    let mut out = Html::default();
    let places = c.row.unit.places() as usize;
    for (i, b) in benchmarks.iter().enumerate() {
        if i > 0 {
            out.push_text(if i + 1 == benchmarks.len() { " and " } else { ", " });
        }
        let shown = crate::indicators::compare::round_f64(b.value, places);
        let text = html::readable(&shown, c.row.unit);
        out.push(&html::derived("benchmark", &c.row.indicator, b.period, &shown, &text));
        out.push_text(&format!(" for {} ({})", b.comparator, b.period));
    }
    out
}

/// "similar to England", "significantly lower than England (better)", or "" when untested.
pub fn relation(c: &Comparison, b: &crate::indicators::compare::Benchmark, polarity: Polarity) -> String {
    match standing(c, b, polarity) {
        None => String::new(),
        Some((words, None)) => format!("{words} {}", b.comparator),
        Some((words, Some(verdict))) => format!("{words} {} ({verdict})", b.comparator),
    }
}

/// ("significantly lower than", Some("better")), ("similar to", None), or none when the
/// figure cannot be tested against the benchmark.
pub fn standing(
    c: &Comparison,
    b: &crate::indicators::compare::Benchmark,
    polarity: Polarity,
) -> Option<(&'static str, Option<&'static str>)> {
    let (words, direction) = match c.against(b) {
        Against::Similar => return Some(("similar to", None)),
        Against::NotTested | Against::OtherDefinition => return None,
        Against::Higher => ("significantly higher than", Direction::Up),
        Against::Lower => ("significantly lower than", Direction::Down),
    };
    let verdict = judgement(polarity, direction).map(|j| match j {
        Judgement::Better => "better",
        Judgement::Worse => "worse",
    });
    Some((words, verdict))
}

/// "a, b and c".
fn join(parts: &[String]) -> String {
    let parts: Vec<&String> = parts.iter().filter(|p| !p.is_empty()).collect();
    match parts.split_last() {
        None => String::new(),
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => {
            format!("{} and {last}", rest.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(", "))
        }
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
    use crate::indicators::compare::{Benchmark, BenchmarkSource, ChangeTest};
    use crate::indicators::figure::Suppression;
    use crate::indicators::stats::{self, Confidence};
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
            test: ChangeTest::between(&row.figure, &prev, row.unit, Confidence::P95),
            previous: prev,
            trend: vec![],
            benchmarks,
            interval: stats::interval(&row.figure, row.unit, Confidence::P95),
            level: Confidence::P95,
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
    fn a_change_in_a_share_is_judged_by_its_test() {
        // 75.9% (759/1000) → 78.0% (780/1000): up 2.1 points. Pooled share 0.7695, standard
        // error √(0.7695 × 0.2305 × 2/1000) = 0.0188, z = 0.021 / 0.0188 = 1.12, p ≈ 0.26: chance.
        let r = row("cfa.within_45wd.pct", Unit::Pct, Figure::of(780, Some(1000)));
        assert_eq!(
            say(&r, Figure::of(759, Some(1000)), Polarity::HigherIsBetter, &[]),
            "78.0% of the measure in 2017-18, an increase of 2.1 percentage points from 75.9% in 2016-17, not a significant change."
        );
        // 70.0% (700/1000) → 78.0%: pooled 0.74, se √(0.74 × 0.26 × 2/1000) = 0.0196,
        // z = 0.08 / 0.0196 = 4.08, p ≈ 0.00005: significant, and higher is better.
        assert_eq!(
            say(&r, Figure::of(700, Some(1000)), Polarity::HigherIsBetter, &[]),
            "78.0% of the measure in 2017-18, an increase of 8.0 percentage points from 70.0% in 2016-17, a significant improvement."
        );
        assert!(
            say(&r, Figure::of(700, Some(1000)), Polarity::LowerIsBetter, &[])
                .ends_with(", a significant deterioration.")
        );
        assert!(say(&r, Figure::of(700, Some(1000)), Polarity::Neutral, &[]).ends_with(", a significant change."));
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
            interval: None,
            test: None,
            level: Confidence::P95,
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
            // A count of demand is the whole population: its change is stated, not judged.
            "9 of the measure in 2017-18, an increase of 2 from 7 in 2016-17."
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

    fn england(value: f64) -> Benchmark {
        Benchmark {
            comparator: "England".into(),
            period: "2016-17".parse().unwrap(),
            value,
            about: BenchmarkSource::default(),
        }
    }

    #[test]
    fn benchmarks_are_judged_by_the_interval() {
        // 908/1000: Wilson 95%, z = 1.96: centre (0.908 + 1.96²/2000) / (1 + 1.96²/1000)
        // = 0.909921 / 1.003841 = 0.906439; half-width 1.96 × √(0.908 × 0.092/1000 + 1.96²/4e6)
        // / 1.003841 = 0.017948: 88.85% to 92.44%. England's 92.5% lies above it.
        let r = row("cp.reviews.all_in_time.pct", Unit::Pct, Figure::of(908, Some(1000)));
        let s = say(&r, Figure::of(916, Some(1000)), Polarity::HigherIsBetter, &[england(92.5)]);
        assert!(
            s.ends_with("This compares with 92.5% for England (2016-17): significantly lower than England (worse)."),
            "{s}"
        );
        // 92.4% lies inside it: similar, whatever the arithmetic difference.
        let s = say(&r, Figure::of(916, Some(1000)), Polarity::HigherIsBetter, &[england(92.4)]);
        assert!(s.ends_with("This compares with 92.4% for England (2016-17): similar to England."), "{s}");
        // 9.2% second plans (92/1000) against 20.0%: far below, and lower is better.
        let r = row("cp.second_or_subsequent.pct", Unit::Pct, Figure::of(92, Some(1000)));
        let s = say(&r, Figure::of(70, Some(1000)), Polarity::LowerIsBetter, &[england(20.0)]);
        assert!(s.ends_with("significantly lower than England (better)."), "{s}");
    }

    #[test]
    fn untested_and_other_definitions_are_not_judged() {
        // A count has no interval: the values stand side by side.
        let r = row("contacts.total", Unit::Count, Figure::of(500, None));
        let s = say(&r, Figure::of(500, None), Polarity::Neutral, &[england(900.0)]);
        assert!(
            s.ends_with(
                "This compares with 900 for England (2016-17): no confidence interval can be worked out for this figure, so no difference is claimed."
            ),
            "{s}"
        );
        // A published figure of another definition is shown, never compared.
        let mut other = england(92.5);
        other.about.definition = Some("cp.reviews.all_in_time.pct".into());
        let r = row("cp.reviews.in_time.pct", Unit::Pct, Figure::of(500, Some(1000)));
        let s = say(&r, Figure::of(500, Some(1000)), Polarity::HigherIsBetter, &[other]);
        assert!(
            s.ends_with(
                "The published figure 92.5% for England (2016-17) follows a different definition (see the notes on the data) and is not compared."
            ),
            "{s}"
        );
    }

    #[test]
    fn benchmarks_are_named_with_their_period() {
        // 441 per 112,850 children = 39.07… → 39.1 per 10,000. Byar's 95% limits of 441:
        // 441 × (1 − 1/3969 − 1.96/63)³ = 400.8 and 442 × (1 − 1/3978 + 1.96/63.07)³ = 484.2,
        // so 35.5 to 42.9 per 10,000: England's 43.3 and 47.9 both lie above it.
        let r = row("cp.at_31_march.rate", Unit::RatePer10k, Figure::of(441, Some(112_850)));
        let b = [
            england(43.3),
            Benchmark {
                comparator: "Statistical neighbours".into(),
                period: "2016-17".parse().unwrap(),
                value: 47.94,
                about: BenchmarkSource::default(),
            },
        ];
        let s = say(&r, Figure::of(400, Some(112_000)), Polarity::Neutral, &b);
        assert!(
            s.ends_with(
                "This compares with 43.3 for England (2016-17) and 47.9 for Statistical neighbours (2016-17): significantly lower than England and significantly lower than Statistical neighbours."
            ),
            "{s}"
        );
        // 400/112,000 = 35.714… → 39.077…: up 3.4 (exact difference 3.363 rounds to 3.4).
        // Conditional test: 841 events, 441 expected 841 × 112,850/224,850 = 422.1, sd
        // √(841 × 0.5019 × 0.4981) = 14.5, z = 1.30, p ≈ 0.19: not significant.
        assert!(
            s.starts_with(
                "39.1 of the measure in 2017-18, an increase of 3.4 from 35.7 in 2016-17, not a significant change."
            ),
            "{s}"
        );
    }
}
