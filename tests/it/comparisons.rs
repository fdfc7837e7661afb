//! Honest comparisons (issue 12), checked from outside: every interval in figures.csv against
//! formulas written here apart from `src/indicators/stats.rs`, and every sentence of the
//! sample report that compares against the significance worked out here.

use crate::util::{figures_reader, safeguard};
use std::collections::BTreeMap;
use std::path::Path;

const Z95: f64 = 1.959_963_984_540_054;

/// Wilson's score interval for x of n, in per cent (Wilson 1927; PHEindicatormethods'
/// `phe_proportion`).
fn wilson(x: f64, n: f64) -> (f64, f64) {
    let p = x / n;
    let z2 = Z95 * Z95;
    let centre = p + z2 / (2.0 * n);
    let half = Z95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    let scale = 1.0 + z2 / n;
    (100.0 * (centre - half) / scale, 100.0 * (centre + half) / scale)
}

/// P(X ≤ k) for X ~ Poisson(mu), by summing the terms.
fn poisson_cdf(k: u64, mu: f64) -> f64 {
    let mut term = (-mu).exp();
    let mut sum = term;
    for i in 1..=k {
        term *= mu / i as f64;
        sum += term;
    }
    sum
}

/// The mean at which `f` (falling in the mean) equals `target`, by bisection.
fn solve(f: impl Fn(f64) -> f64, target: f64) -> f64 {
    let (mut lo, mut hi) = (0.0_f64, 100.0_f64);
    for _ in 0..200 {
        let mid = (lo + hi) / 2.0;
        if f(mid) > target { lo = mid } else { hi = mid }
    }
    (lo + hi) / 2.0
}

/// 95% limits of a Poisson count: exact below 10 events (the means at which x or more, and
/// x or fewer, have probability 2.5%), Byar's approximation from 10 on.
fn poisson_limits(x: u64) -> (f64, f64) {
    if x < 10 {
        let lower = if x == 0 { 0.0 } else { solve(|mu| -(1.0 - poisson_cdf(x - 1, mu)), -0.025) };
        let upper = solve(|mu| poisson_cdf(x, mu), 0.025);
        return (lower, upper);
    }
    let x = x as f64;
    let lower = x * (1.0 - 1.0 / (9.0 * x) - Z95 / (3.0 * x.sqrt())).powi(3);
    let y = x + 1.0;
    let upper = y * (1.0 - 1.0 / (9.0 * y) + Z95 / (3.0 * y.sqrt())).powi(3);
    (lower, upper)
}

fn interval(unit: &str, x: u64, n: u64) -> Option<(f64, f64)> {
    match unit {
        "pct" if x <= n => Some(wilson(x as f64, n as f64)),
        "rate_per_10k" => {
            let (l, u) = poisson_limits(x);
            Some((l / n as f64 * 10_000.0, u / n as f64 * 10_000.0))
        }
        _ => None,
    }
}

/// ln k! for k up to `n`, by summing logarithms.
fn ln_factorials(n: u64) -> Vec<f64> {
    let mut out = vec![0.0; n as usize + 1];
    for k in 1..=n as usize {
        out[k] = out[k - 1] + (k as f64).ln();
    }
    out
}

/// Two-sided p of a discrete distribution given by its log-probabilities: the total
/// probability of outcomes no more likely than the one observed.
fn two_sided(logs: &[f64], observed: usize) -> f64 {
    let at = logs[observed];
    logs.iter().filter(|l| **l <= at + 1e-7).map(|l| l.exp()).sum::<f64>().min(1.0)
}

/// Fisher's exact test of x1 of n1 against x2 of n2, summing the hypergeometric distribution.
fn fisher(x1: u64, n1: u64, x2: u64, n2: u64) -> f64 {
    let lf = ln_factorials(n1 + n2);
    let (m, n) = (x1 + x2, n1 + n2);
    let ln_choose = |a: u64, b: u64| lf[a as usize] - lf[b as usize] - lf[(a - b) as usize];
    let low = m.saturating_sub(n2);
    let high = m.min(n1);
    let logs: Vec<f64> = (low..=high).map(|k| ln_choose(n1, k) + ln_choose(n2, m - k) - ln_choose(n, m)).collect();
    two_sided(&logs, (x1 - low) as usize)
}

/// The conditional test of two Poisson rates: given x1 + x2 events, x1 is binomial with the
/// first population's share of the two.
fn poisson_test(x1: u64, d1: f64, x2: u64, d2: f64) -> f64 {
    let m = x1 + x2;
    let lf = ln_factorials(m);
    let p = d1 / (d1 + d2);
    let logs: Vec<f64> = (0..=m)
        .map(|k| {
            lf[m as usize] - lf[k as usize] - lf[(m - k) as usize] + k as f64 * p.ln() + (m - k) as f64 * (1.0 - p).ln()
        })
        .collect();
    two_sided(&logs, x1 as usize)
}

#[test]
fn the_independent_formulas_give_published_values() {
    // PHEindicatormethods' test values: 65 of 100 → 55.3% to 73.6% (Wilson); 65 events →
    // 50.2 to 82.8 (Byar's); 5 events → 1.6 to 11.7 (exact). Fisher: 1 of 3 against 3 of 3
    // is p = 0.4 (the hypergeometric by hand: P(k) = C(3,k)C(3,4−k)/C(6,4), k = 1..3 →
    // 3/15, 9/15, 3/15; k = 1 and 3 are no likelier than k = 1 → 6/15).
    let (l, u) = wilson(65.0, 100.0);
    assert_eq!((format!("{l:.1}"), format!("{u:.1}")), ("55.3".into(), "73.6".into()));
    let (l, u) = poisson_limits(65);
    assert_eq!((format!("{l:.1}"), format!("{u:.1}")), ("50.2".into(), "82.8".into()));
    let (l, u) = poisson_limits(5);
    assert_eq!((format!("{l:.2}"), format!("{u:.2}")), ("1.62".into(), "11.67".into()));
    assert!((fisher(1, 3, 3, 3) - 0.4).abs() < 1e-9);
    // 10 events against 10 in equal populations: the most likely split, p = 1.
    assert!((poisson_test(10, 1.0, 10, 1.0) - 1.0).abs() < 1e-9);
}

/// Every row of a figures.csv with an interval: (indicator, period, lea) → the row's cells.
fn rows(csv: &str) -> Vec<BTreeMap<String, String>> {
    let mut r = figures_reader(csv.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records().map(|rec| header.iter().cloned().zip(rec.unwrap().iter().map(str::to_string)).collect()).collect()
}

/// Checks each pct and rate's interval against the formulas above, to the places shown.
#[track_caller]
fn intervals_match(csv: &str) -> usize {
    let mut checked = 0;
    for row in rows(csv) {
        let (unit, n, d) = (&row["unit"], &row["numerator"], &row["denominator"]);
        let what = format!("{} {} {}", row["indicator"], row["period"], row.get("lea").map_or("", |s| s));
        if unit != "pct" && unit != "rate_per_10k" {
            assert!(row["lower_ci"].is_empty() && row["upper_ci"].is_empty(), "{what}: an interval on a {unit}");
            continue;
        }
        let (Ok(x), Ok(n)) = (n.parse::<u64>(), d.parse::<u64>()) else {
            // Not shown (c, x, z): nothing to work an interval from, and none is given.
            assert!(row["lower_ci"].is_empty(), "{what}: an interval beside {}", row["value"]);
            continue;
        };
        let Some((lower, upper)) = interval(unit, x, n) else {
            // A share above 100% (a numerator counting more than its denominator) has none.
            assert!(row["lower_ci"].is_empty() && row["upper_ci"].is_empty(), "{what}: an interval beside {x} of {n}");
            continue;
        };
        for (name, want) in [("lower_ci", lower), ("upper_ci", upper)] {
            let got: f64 = row[name].parse().unwrap_or_else(|_| panic!("{what}: {name} is {:?}", row[name]));
            // One decimal place is shown: the exact value is within half a unit of it.
            assert!((got - want).abs() <= 0.05 + 1e-9, "{what}: {name} {got}, worked out {want:.4}");
        }
        assert!(lower <= row["value"].parse::<f64>().unwrap() + 0.05, "{what}: below its own value");
        checked += 1;
    }
    checked
}

#[test]
fn intervals_in_figures_csv_match_an_independent_computation() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/sample");
    let run = safeguard(["figures", "--format", "csv", "--data", sample.to_str().unwrap()]);
    run.expect_code(0);
    let n = intervals_match(&run.stdout);
    assert!(n > 100, "only {n} intervals in the sample");

    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();
    safeguard(["synth", "--out", dir, "--las", "5"]).expect_code(0);
    let run = safeguard(["figures", "--format", "csv", "--data", dir]);
    run.expect_code(0);
    let n = intervals_match(&run.stdout);
    assert!(n > 500, "only {n} intervals for five authorities");
}

/// The report's text items (`<li>` and `<p>`), tags kept.
fn items(html: &str) -> Vec<&str> {
    let body = &html[html.find("<body").unwrap_or(0)..];
    let mut out = Vec::new();
    for (open, close) in [("<li>", "</li>"), ("<p", "</p>")] {
        let mut rest = body;
        while let Some(start) = rest.find(open) {
            let after = &rest[start..];
            let end = after.find(close).unwrap_or(after.len());
            out.push(&after[..end]);
            rest = &after[end..];
        }
    }
    out
}

/// Text without tags, entities decoded as the report writes them.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&#x27;", "'").replace("&amp;", "&").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// (id, period, value) of every `<data>` element carrying `attr`, in order.
fn data_values(html: &str, attr: &str) -> Vec<(String, String, String)> {
    crate::util::data_elements(html)
        .into_iter()
        .filter_map(|(a, _)| Some((a.get(attr)?.clone(), a.get("data-period")?.clone(), a.get("value")?.clone())))
        .collect()
}

/// Builds the report of `data` into a new folder; returns it with the report's folder inside.
fn build(data: &Path, folder: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let out = tempfile::tempdir().unwrap();
    safeguard(["build", "--quiet", "--data", data.to_str().unwrap(), "--out", out.path().to_str().unwrap()])
        .expect_code(0);
    let at = out.path().join(folder);
    (out, at)
}

const JUDGING: [&str; 7] = ["higher", "lower", "better", "worse", "improvement", "deteriorat", "similar"];

#[test]
fn every_comparison_in_the_sample_report_is_backed_by_its_significance() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/sample");
    let (_out, folder) = build(&sample, "northshire-2017-18");
    let html = std::fs::read_to_string(folder.join("report.html")).unwrap();
    let csv = std::fs::read_to_string(folder.join("figures.csv")).unwrap();
    let working: BTreeMap<(String, String), (String, u64, u64)> = rows(&csv)
        .into_iter()
        .filter_map(|r| {
            let (x, n) = (r["numerator"].parse().ok()?, r["denominator"].parse().ok()?);
            Some(((r["indicator"].clone(), r["period"].clone()), (r["unit"].clone(), x, n)))
        })
        .collect();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("figures.json")).unwrap()).unwrap();
    let polarity: BTreeMap<String, String> = json["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["id"].as_str().unwrap().to_string(), i["polarity"].as_str().unwrap().to_string()))
        .collect();
    let verdict = |id: &str, up: bool| match (polarity[id].as_str(), up) {
        ("higher_is_better", true) | ("lower_is_better", false) => Some("better"),
        ("higher_is_better", false) | ("lower_is_better", true) => Some("worse"),
        _ => None,
    };
    let (mut changes, mut against) = (0, 0);
    for item in items(&html) {
        let mut said = text(item);
        if !JUDGING.iter().any(|w| said.contains(w)) {
            continue;
        }
        let figures = data_values(item, "data-figure");
        if figures.is_empty() {
            // No figure quoted: only the notes explaining the wording may use its words.
            assert!(is_method_note(&said), "judging words without a figure: {said}");
            continue;
        }
        // Year on year: "…from 20.4% in 2016-17, not a significant change."
        for (phrase, significant) in [
            ("not a significant change", false),
            ("a significant improvement", true),
            ("a significant deterioration", true),
            ("a significant change", true),
        ] {
            let Some(at) = said.find(phrase) else { continue };
            let current = figures.iter().find(|f| f.1 == "2017-18").expect("the year's figure");
            let id = &current.0;
            let (unit, x1, n1) = &working[&(id.clone(), "2017-18".to_string())];
            let (_, x2, n2) = &working[&(id.clone(), "2016-17".to_string())];
            let p =
                if unit == "pct" { fisher(*x1, *n1, *x2, *n2) } else { poisson_test(*x1, *n1 as f64, *x2, *n2 as f64) };
            assert_eq!(p < 0.05, significant, "{id}: p = {p:.4} for {said:?}");
            let rose = (*x1 as f64 / *n1 as f64) > (*x2 as f64 / *n2 as f64);
            match phrase {
                "a significant improvement" => assert_eq!(verdict(id, rose), Some("better"), "{said}"),
                "a significant deterioration" => assert_eq!(verdict(id, rose), Some("worse"), "{said}"),
                "a significant change" => assert_eq!(verdict(id, rose), None, "{said}"),
                _ => {}
            }
            said.replace_range(at..at + phrase.len(), "");
            changes += 1;
            break;
        }
        // Against benchmarks: each comparator's value, then its standing by the interval.
        let benchmarks = data_values(item, "data-benchmark");
        if let Some((id, _, _)) = benchmarks.first() {
            let (unit, x, n) = &working[&(id.clone(), "2017-18".to_string())];
            let (lower, upper) = interval(unit, *x, *n).expect("a share or rate");
            let plain = text(item);
            // Read left to right, so that two comparators of one value keep their names.
            let mut cursor = 0;
            for (_, period, value) in &benchmarks {
                let value: f64 = value.parse().unwrap();
                // The comparator's name: "83.5% for England (2016-17)" or "England's 83.5%".
                let shown = format!("{value:.1}{} for ", if unit == "pct" { "%" } else { "" });
                let name = match plain[cursor..].find(&shown) {
                    Some(at) => {
                        let from = cursor + at + shown.len();
                        let len = plain[from..].find(&format!(" ({period})")).expect("the period follows");
                        cursor = from + len;
                        plain[from..from + len].to_string()
                    }
                    None => "England".to_string(),
                };
                let (words, up) = if value < lower {
                    ("significantly higher than", Some(true))
                } else if value > upper {
                    ("significantly lower than", Some(false))
                } else {
                    ("similar to", None)
                };
                let mut expected = if name == "England" && plain.contains("England's") {
                    format!("{words} England's")
                } else {
                    format!("{words} {name}")
                };
                if let Some(v) = up.and_then(|u| verdict(id, u)) {
                    if expected.ends_with("'s") {
                        assert!(said.contains(&format!("which is {v}.")), "{id}: {said}");
                        said = said.replacen(&format!("which is {v}."), "", 1);
                    } else {
                        expected = format!("{expected} ({v})");
                    }
                }
                assert!(
                    said.contains(&expected),
                    "{id} against {name} ({value}, interval {lower:.2}–{upper:.2}): {said}"
                );
                said = said.replacen(&expected, "", 1);
                against += 1;
            }
        }
        // Anything still judging is a comparison the checks above did not back.
        let left = said.replace("points higher after training than before", "");
        assert!(!JUDGING.iter().any(|w| left.contains(w)) || is_method_note(&left), "unbacked: {said}");
    }
    assert!(changes >= 5 && against >= 20, "{changes} changes and {against} benchmark comparisons checked");
}

/// The notes on method explain the wording; they compare nothing.
fn is_method_note(text: &str) -> bool {
    text.contains("described as") || text.contains("confidence interval") || text.contains("exact test")
}

#[test]
fn a_published_figure_of_another_definition_is_shown_and_not_compared() {
    // England's child-based review measure typed under the review-based share, as
    // benchmarks.csv lets an analyst say: it is shown with a note and never judged against.
    let data = crate::util::sample_copy();
    let path = data.path().join("benchmarks.csv");
    let mut csv = std::fs::read_to_string(&path).unwrap();
    csv.push_str(
        "cp.reviews.in_time.pct,2016-17,England,99.9,\"DfE, Characteristics of children in need\",cp.reviews.all_in_time.pct,November 2017,,\n",
    );
    std::fs::write(&path, csv).unwrap();
    let (_out, folder) = build(data.path(), "northshire-2017-18");
    let html = std::fs::read_to_string(folder.join("report.html")).unwrap();
    let item = items(&html)
        .into_iter()
        .map(text)
        .find(|t| t.contains("of child protection reviews were held on time"))
        .expect("the review-based sentence");
    assert!(
        item.ends_with(
            "The published figure 99.9% for England (2016-17) follows a different definition (see the notes on the data) and is not compared."
        ),
        "{item}"
    );
    assert!(!item.contains("significantly"), "{item}");
    assert!(text(&html).contains(
        "The England figure listed for cp.reviews.in_time.pct (2016-17) follows the definition of cp.reviews.all_in_time.pct"
    ));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("figures.json")).unwrap()).unwrap();
    let c =
        json["comparisons"].as_array().unwrap().iter().find(|c| c["indicator"] == "cp.reviews.in_time.pct").unwrap();
    let b = c["benchmarks"].as_array().unwrap().iter().find(|b| b["comparator"] == "England").unwrap();
    assert_eq!(b["against"], "other_definition");
    assert_eq!(b["definition"], "cp.reviews.all_in_time.pct");
}

#[test]
fn non_attendance_is_judged_as_a_share_of_places_booked() {
    // Fewer places not attended is no gain when fewer were booked: the report states the
    // share, judged by its test, and the count only as a figure.
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/sample");
    let run = safeguard(["figures", "--format", "csv", "--data", sample.to_str().unwrap()]);
    run.expect_code(0);
    let all = rows(&run.stdout);
    let get = |id: &str, period: &str| {
        let r = all.iter().find(|r| r["indicator"] == id && r["period"] == period).unwrap();
        (r["numerator"].parse::<u64>().unwrap(), r["denominator"].parse::<u64>().unwrap_or(0))
    };
    let (dna, booked) = get("training.dna.pct", "2017-18");
    let (dna_before, booked_before) = get("training.dna.pct", "2016-17");
    assert_eq!((dna, booked), (get("training.dna", "2017-18").0, get("training.booked", "2017-18").0));
    let p = fisher(dna, booked, dna_before, booked_before);
    let (_out, folder) = build(&sample, "northshire-2017-18");
    let html = std::fs::read_to_string(folder.join("report.html")).unwrap();
    let item = items(&html)
        .into_iter()
        .map(text)
        .find(|t| t.contains("of booked places were not attended"))
        .expect("the training sentence");
    let judged = if p < 0.05 { "a significant" } else { "not a significant change" };
    assert!(item.contains(judged), "p = {p:.3}: {item}");
    assert!(!html.contains("booked places were not attended in 2017-18, a decrease"), "a count judged");
}

#[test]
fn the_funnel_plots_of_several_authorities_agree_with_each_ones_interval() {
    // A rate outside the 95% funnel is one whose own 95% interval excludes the rate of all
    // authorities: checked for every authority with the formulas of this file.
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();
    safeguard(["synth", "--out", dir, "--las", "5", "--scale", "0.3"]).expect_code(0);
    let (_out, folder) = build(data.path(), "northshire_5_authorities-2017-18");
    let html = std::fs::read_to_string(folder.join("report.html")).unwrap();
    let all = rows(&std::fs::read_to_string(folder.join("figures.csv")).unwrap());
    let mut checked = 0;
    for (id, subject) in [("referrals.rate", "referrals"), ("lac.at_31_march.rate", "children looked after")] {
        let get = |lea: &str| {
            let r = all.iter().find(|r| r["indicator"] == id && r["period"] == "2017-18" && r["lea"] == lea).unwrap();
            (r["numerator"].parse::<u64>().unwrap(), r["denominator"].parse::<u64>().unwrap())
        };
        let (x, n) = get("all");
        let centre = x as f64 / n as f64 * 10_000.0;
        let at =
            html.find(&format!("rates of {subject} lie")).or_else(|| html.find(&format!("rate of {subject} lies")));
        let table = &html[at.expect("a funnel plot")..];
        let table = &table[table.find("<table").unwrap()..table.find("</table>").unwrap()];
        for lea in ["201", "202", "203", "204", "205"] {
            let (x, n) = get(lea);
            let (lower, upper) = interval("rate_per_10k", x, n).unwrap();
            let want = if lower > centre {
                "above"
            } else if upper < centre {
                "below"
            } else {
                "within the limits"
            };
            let row = &table[table.find(&format!(">{lea}<")).unwrap()..];
            let row = &row[..row.find("</tr>").unwrap()];
            assert!(text(row).contains(want), "{id} {lea}: interval {lower:.1}–{upper:.1} against {centre:.1}: {row}");
            checked += 1;
        }
    }
    assert_eq!(checked, 10);
    assert!(html.contains("class=\"chart chart-wide\"") && html.contains("Funnel plot of each authority"));
}

#[test]
fn a_benchmark_under_an_unknown_id_is_named_not_dropped_silently() {
    let data = crate::util::sample_copy();
    let path = data.path().join("benchmarks.csv");
    let mut csv = std::fs::read_to_string(&path).unwrap();
    let rows = csv.lines().count();
    csv.push_str("cp.reviews.in_tme.pct,2016-17,England,91.0,,,,,\n");
    // Another file's contents in its place: the value is never echoed.
    csv.push_str("Jane Smith,2016-17,England,91.0,,,,,\n");
    csv.push_str("referrals.rate,2016-17,Somewhere,91.0,,cp.reveiws.all_in_time.pct,,,\n");
    std::fs::write(&path, csv).unwrap();
    crate::util::validate(data.path())
        .expect_code(0)
        .expect(&format!(
            "warning: benchmarks.csv, line {}, column A (Indicator): `cp.reviews.in_tme.pct` is not an indicator of this version's catalogue (did you mean `cp.reviews.in_time.pct`?); the row is not used",
            rows + 1
        ))
        .expect(&format!(
            "warning: benchmarks.csv, line {}, column A (Indicator): this is not an indicator id of the catalogue; the row is not used",
            rows + 2
        ))
        .expect(&format!(
            "warning: benchmarks.csv, line {}, column F (Definition): `cp.reveiws.all_in_time.pct` is not an indicator of this version's catalogue (did you mean `cp.reviews.all_in_time.pct`?); the value is shown beside its indicator and not compared",
            rows + 3
        ))
        .expect("0 errors, 3 warnings")
        .expect_not("Jane");
}
