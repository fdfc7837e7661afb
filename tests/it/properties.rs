//! Properties that must hold on any synthetic data, checked over several seeds and sizes.

use crate::util::safeguard;
use std::collections::BTreeMap;

struct Row {
    indicator: String,
    period: String,
    value: String,
    lea: String,
}

fn figures(dir: &std::path::Path, edition: &str) -> Vec<Row> {
    let run = safeguard(["figures", "--format", "csv", "--edition", edition, "--data", dir.to_str().unwrap()]);
    run.expect_code(0);
    let mut r = crate::util::figures_reader(run.stdout.as_bytes());
    let several = r.headers().unwrap().len() == 7;
    r.records()
        .map(Result::unwrap)
        .map(|r| Row {
            indicator: r[0].into(),
            period: r[1].into(),
            value: r[2].into(),
            lea: if several { r[6].into() } else { String::new() },
        })
        .collect()
}

/// Every breakdown of the catalogue, as its total and the cells found in the figures: the
/// cells declared with that total, grouped by their id's prefix, and the cells of breakdowns
/// named by the data (agencies). Nothing here is listed by hand, so a new breakdown is covered.
fn families(rows: &[Row]) -> Vec<(String, Vec<String>)> {
    use safeguard::indicators::topics::{TOPICS, catalogue};
    let ids: std::collections::BTreeSet<&str> = rows.iter().map(|r| r.indicator.as_str()).collect();
    let mut grouped: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for ind in catalogue().into_iter().filter(|i| i.published) {
        if let Some(f) = &ind.family {
            let breakdown = ind.id.rsplit_once('.').map_or(ind.id.clone(), |(b, _)| b.to_string());
            grouped.entry((f.total.clone(), breakdown)).or_default().push(ind.id.clone());
        }
    }
    for d in TOPICS.iter().flat_map(|t| t.dynamic) {
        let prefix = format!("{}.", d.prefix);
        let cells = ids.iter().filter(|id| id.starts_with(&prefix)).map(|s| s.to_string()).collect();
        grouped.insert((d.total.to_string(), d.prefix.to_string()), cells);
    }
    grouped.into_iter().map(|((total, _), cells)| (total, cells)).collect()
}

fn synthetic(args: &[&str]) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let mut all = vec!["synth", "--out", d.path().to_str().unwrap()];
    all.extend_from_slice(args);
    safeguard(all).expect_code(0);
    d
}

#[test]
fn breakdowns_sum_to_their_totals() {
    for seed in ["1", "2"] {
        let d = synthetic(&["--seed", seed, "--scale", "0.1", "--years", "3"]);
        let rows = figures(d.path(), "internal");
        let value: BTreeMap<(&str, &str), &str> =
            rows.iter().map(|r| ((r.indicator.as_str(), r.period.as_str()), r.value.as_str())).collect();
        for (total, cells) in families(&rows) {
            assert!(!cells.is_empty(), "{total} has cells");
            // Every period the total is given for (years, or months for monthly figures).
            let periods: Vec<&str> =
                rows.iter().filter(|r| r.indicator == total && r.value != "x").map(|r| r.period.as_str()).collect();
            assert!(!periods.is_empty(), "{total} has figures");
            for p in &periods {
                let sum: i64 = cells
                    .iter()
                    .map(|c| {
                        value
                            .get(&(c.as_str(), *p))
                            .unwrap_or_else(|| panic!("no {c} {p}"))
                            .parse::<i64>()
                            .unwrap_or_else(|_| panic!("seed {seed}: {c} {p} = {}", value[&(c.as_str(), *p)]))
                    })
                    .sum();
                assert_eq!(
                    Some(&sum.to_string().as_str()),
                    value.get(&(total.as_str(), *p)),
                    "seed {seed}: {total} in {p}"
                );
            }
        }
    }
}

#[test]
fn no_suppressed_cell_can_be_recovered_from_a_total() {
    // Small authorities, so there are many small numbers to protect.
    for (seed, las) in [("3", "1"), ("4", "3")] {
        let d = synthetic(&["--seed", seed, "--las", las, "--scale", "0.03", "--years", "2"]);
        let rows = figures(d.path(), "public");
        let value: BTreeMap<(&str, &str, &str), &str> = rows
            .iter()
            .map(|r| ((r.lea.as_str(), r.indicator.as_str(), r.period.as_str()), r.value.as_str()))
            .collect();
        // The true figures, to tell which identities hold exactly: one that does not (a child
        // whose first episode is not a start) gives a reader a wrong figure, not this one.
        let internal = figures(d.path(), "internal");
        let truth: BTreeMap<(&str, &str, &str), i64> = internal
            .iter()
            .filter_map(|r| Some(((r.lea.as_str(), r.indicator.as_str(), r.period.as_str()), r.value.parse().ok()?)))
            .collect();
        let mut suppressed_somewhere = false;
        let mut check = |total: (&str, &str, &str), cells: Vec<(&str, &str, &str)>| {
            if value.get(&total).is_none_or(|v| *v == "c" || *v == "x") {
                return;
            }
            let hidden = cells.iter().filter(|k| value.get(*k) == Some(&"c")).count();
            suppressed_somewhere |= hidden > 0;
            assert_ne!(hidden, 1, "seed {seed}: exactly one hidden cell under {total:?}");
        };
        let leas: std::collections::BTreeSet<&str> = rows.iter().map(|r| r.lea.as_str()).collect();
        for (total, cells) in families(&rows) {
            for &lea in &leas {
                for r in rows.iter().filter(|r| r.indicator == total && r.lea == lea) {
                    check(
                        (lea, &total, &r.period),
                        cells.iter().map(|c| (lea, c.as_str(), r.period.as_str())).collect(),
                    );
                }
            }
        }
        // Across authorities, against the all-authorities row.
        if leas.contains("all") {
            for r in rows.iter().filter(|r| r.lea == "all") {
                let parts = leas
                    .iter()
                    .filter(|l| **l != "all")
                    .map(|l| (*l, r.indicator.as_str(), r.period.as_str()))
                    .collect();
                check(("all", &r.indicator, &r.period), parts);
            }
        }
        // The topics' identities (sums, and stocks and flows), as declared: exactly one hidden
        // figure among them, all the others shown, could be worked out.
        use safeguard::indicators::catalogue::Identity;
        let mut identities_checked = 0;
        for identity in safeguard::indicators::topics::identities() {
            for r in rows.iter() {
                let at = |id: &str, p: &str| value.get(&(r.lea.as_str(), id, p)).copied();
                let true_of = |id: &str, p: &str| truth.get(&(r.lea.as_str(), id, p)).copied();
                let (four, holds): (Vec<Option<&str>>, bool) = match &identity {
                    Identity::Sum { total, parts } if r.indicator == *total => {
                        let sum: Option<i64> = parts.iter().map(|id| true_of(id, &r.period)).sum();
                        let four = std::iter::once(total).chain(parts).map(|id| at(id, &r.period)).collect();
                        (four, sum.is_some() && sum == true_of(total, &r.period))
                    }
                    Identity::Flow { stock, started, ended } if r.indicator == *stock && r.period.len() == 7 => {
                        let y: i32 = r.period[..4].parse().unwrap();
                        let previous = format!("{}-{:02}", y - 1, y % 100);
                        let four = vec![
                            at(stock, &previous),
                            at(started, &r.period),
                            at(ended, &r.period),
                            at(stock, &r.period),
                        ];
                        let flow = [(stock, &previous), (started, &r.period), (ended, &r.period)]
                            .map(|(id, p)| true_of(id, p))
                            .into_iter()
                            .collect::<Option<Vec<i64>>>()
                            .map(|v| v[0] + v[1] - v[2]);
                        (four, flow.is_some() && flow == true_of(stock, &r.period))
                    }
                    _ => continue,
                };
                if !holds {
                    continue;
                }
                identities_checked += 1;
                let hidden = four.iter().filter(|v| **v == Some("c")).count();
                let missing = four.iter().any(|v| v.is_none_or(|v| v == "x" || v == "z"));
                assert!(
                    missing || hidden != 1,
                    "seed {seed}: one hidden figure in {identity:?} {} {:?}",
                    r.period,
                    four
                );
            }
        }
        assert!(suppressed_somewhere, "seed {seed}: the data has small numbers to protect");
        assert!(identities_checked > 0, "seed {seed}: {identities_checked} identities that hold were checked");
    }
}

#[test]
fn the_public_sample_shows_c_for_counts_of_one_to_five() {
    let run = safeguard(["figures", "--format", "csv"]);
    run.expect_code(0);
    let mut r = crate::util::figures_reader(run.stdout.as_bytes());
    // Counts that disclose no one (sessions, courses) and the population are shown whatever they are.
    let mut events: std::collections::BTreeSet<String> = safeguard::indicators::topics::catalogue()
        .into_iter()
        .filter(|i| i.about == safeguard::indicators::catalogue::Subject::Events)
        .map(|i| i.id)
        .collect();
    events.insert("population.0_17".into());
    let mut seen_c = false;
    for rec in r.records().map(Result::unwrap) {
        if &rec[5] == "count" && !events.contains(&rec[0]) {
            assert!(!matches!(&rec[2], "1" | "2" | "3" | "4" | "5"), "{} {} shows {}", &rec[0], &rec[1], &rec[2]);
            seen_c |= &rec[2] == "c";
        }
        if &rec[2] == "c" {
            assert!(rec[3].is_empty() && rec[4].is_empty(), "no working beside a suppressed figure: {rec:?}");
        }
    }
    assert!(seen_c, "the sample has small counts, shown as c");
}
