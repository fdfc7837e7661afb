//! `safeguard benchmarks import` (issue 15): benchmarks read from files in the layout the DfE
//! publishes its local-authority tables in (Explore Education Statistics open data: wide for
//! the Children in need tables, long with filters for the looked-after ones) give the same
//! comparisons as the sample's hand-typed benchmarks.csv.
//!
//! The fixtures are written here, in that layout, holding the sample's own (fictional)
//! comparator values: England's, the West Midlands', and for statistical neighbours two
//! authorities either side of the neighbours' mean.

use crate::util::{safeguard, sample_copy};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const GEOGRAPHY: &str = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name";

/// The sample's hand-typed values: (indicator, period) → comparator → value.
fn hand_typed() -> BTreeMap<(String, String), BTreeMap<String, f64>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/sample/benchmarks.csv");
    let mut r = csv::Reader::from_path(path).unwrap();
    let mut out: BTreeMap<(String, String), BTreeMap<String, f64>> = BTreeMap::new();
    for rec in r.records() {
        let rec = rec.unwrap();
        out.entry((rec[0].to_string(), rec[1].to_string()))
            .or_default()
            .insert(rec[2].to_string(), rec[3].parse().unwrap());
    }
    out
}

/// "2016-17" → the DfE's time_period 2017 (the year ending 31 March 2017).
fn dfe_year(period: &str) -> i32 {
    period[..4].parse::<i32>().unwrap() + 1
}

/// The geography cells of a row at each level, with `value` cells after them: England, the
/// West Midlands, the North East (another region), and authorities 861 and 860 (the
/// neighbours, their mean the neighbours' value) and 935 (not a neighbour).
fn places(year: i32, by: &BTreeMap<String, f64>, cells: &dyn Fn(f64) -> String) -> Vec<String> {
    let (england, region, neighbours) = (by["England"], by["West Midlands"], by["Statistical neighbours"]);
    let rows = [
        ("National", "", "", "", "", "", england),
        ("Regional", "E12000005", "West Midlands", "", "", "", region),
        ("Regional", "E12000001", "North East", "", "", "", region + 40.0),
        ("Local authority", "E12000005", "West Midlands", "861", "E06000021", "Stoke-on-Trent", neighbours - 1.5),
        ("Local authority", "E12000005", "West Midlands", "860", "E10000028", "Staffordshire", neighbours + 1.5),
        ("Local authority", "E12000005", "West Midlands", "935", "E10000029", "Suffolk", neighbours * 3.0),
    ];
    rows.iter()
        .map(|(level, rc, rn, old, new, name, v)| {
            format!("{year},Reporting year,{level},E92000001,England,{rc},{rn},{old},{new},{name},{}", cells(*v))
        })
        .collect()
}

fn write(dir: &Path, name: &str, head: &str, rows: Vec<String>) -> String {
    let path = dir.join(name);
    std::fs::write(&path, format!("{GEOGRAPHY},{head}\n{}\n", rows.join("\n"))).unwrap();
    path.to_string_lossy().into_owned()
}

/// The DfE's tables C1 (referrals, wide), B1 (children in need), the looked-after numbers and
/// rates, and placement stability (long, with filters), from the hand-typed values.
fn published_files(dir: &Path) -> Vec<String> {
    let all = hand_typed();
    let of = |id: &'static str| {
        all.iter().filter(move |((i, _), _)| i == id).map(|((_, p), by)| (dfe_year(p), by)).collect::<Vec<_>>()
    };
    let mut c1 = Vec::new();
    for (year, by) in of("referrals.rate") {
        let rereferrals =
            &all[&("referrals.rereferral_12m.pct".to_string(), format!("{}-{:02}", year - 1, year % 100))];
        let rows = places(year, by, &|v| format!("Referrals and Re-referrals,1000,{v:.1},200,x"));
        // The re-referral share in its own column of the same rows.
        let shares = places(year, rereferrals, &|v| format!("{v:.1}"));
        c1.extend(rows.iter().zip(shares).map(|(r, s)| {
            let share = s.rsplit(',').next().unwrap().to_string();
            format!("{}{share}", r.trim_end_matches('x'))
        }));
    }
    let mut b1 = Vec::new();
    for (year, by) in of("cin.at_31_march.rate") {
        b1.extend(places(year, by, &|v| format!("Children in need,4000,{v:.1}")));
    }
    let mut cla = Vec::new();
    for (year, by) in of("lac.at_31_march.rate") {
        cla.extend(places(year, by, &|v| format!("Children looked after at 31 March each year,500,{v:.1}")));
        // Another filter value in the same file, which is not the rate at 31 March.
        cla.extend(places(year, by, &|v| format!("Children starting to be looked after each year,200,{:.1}", v / 2.0)));
    }
    let mut stability = Vec::new();
    for (year, by) in of("lac.placements_3plus.pct") {
        stability.extend(places(year, by, &|v| {
            format!("CLA on 31 March,With 3 or more placements during the year,50,{v:.1}")
        }));
        stability.extend(places(year, by, &|_| "CLA on 31 March,Total children,500,100".to_string()));
    }
    vec![
        write(
            dir,
            "c1_children_in_need_referrals_and_rereferrals_2013_to_2018.csv",
            "category,Referrals,Referrals_rate,Re_referrals,Re_referrals_percent",
            c1,
        ),
        write(dir, "b1_children_in_need_2013_to_2018.csv", "category,At31_episodes,At31_episodes_rate", b1),
        write(dir, "cla_number_and_rate_per_10k_children.csv", "population_count,number,rate_per_10000", cla),
        write(dir, "la_cla_placement_stability.csv", "cla_group,placement_stability,number,percentage", stability),
    ]
}

const IMPORTED: [&str; 5] = [
    "referrals.rate",
    "referrals.rereferral_12m.pct",
    "cin.at_31_march.rate",
    "lac.at_31_march.rate",
    "lac.placements_3plus.pct",
];

/// Each comparison's benchmarks of the imported indicators: (indicator, comparator, period,
/// value, standing).
fn comparisons(data: &Path) -> BTreeSet<(String, String, String, String, String)> {
    let out = tempfile::tempdir().unwrap();
    let (d, o) = (data.to_str().unwrap(), out.path().to_str().unwrap());
    safeguard(["build", "--quiet", "--data", d, "--out", o]).expect_code(0);
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("northshire-2017-18/figures.json")).unwrap())
            .unwrap();
    let mut got = BTreeSet::new();
    for c in json["comparisons"].as_array().unwrap() {
        let id = c["indicator"].as_str().unwrap();
        if !IMPORTED.contains(&id) {
            continue;
        }
        for b in c["benchmarks"].as_array().unwrap() {
            let s = |k: &str| b[k].as_str().unwrap_or_default().to_string();
            got.insert((id.to_string(), s("comparator"), s("period"), s("value"), s("against")));
        }
    }
    got
}

#[test]
fn benchmarks_imported_from_the_dfes_published_files_give_the_same_comparisons_as_the_hand_typed() {
    let files = tempfile::tempdir().unwrap();
    let paths = published_files(files.path());

    // The hand-typed sample, keeping only the imported indicators.
    let typed = sample_copy();
    let text = std::fs::read_to_string(typed.path().join("benchmarks.csv")).unwrap();
    let kept: Vec<&str> = text
        .lines()
        .enumerate()
        .filter(|(i, l)| *i == 0 || IMPORTED.iter().any(|id| l.starts_with(&format!("{id},"))))
        .map(|(_, l)| l)
        .collect();
    std::fs::write(typed.path().join("benchmarks.csv"), kept.join("\n") + "\n").unwrap();

    // The same sample with benchmarks.csv made from the published files.
    let imported = sample_copy();
    let out = imported.path().join("benchmarks.csv");
    let mut args = vec!["benchmarks", "import"];
    args.extend(paths.iter().map(String::as_str));
    let d = imported.path().to_str().unwrap().to_string();
    let o = out.to_str().unwrap().to_string();
    args.extend(["--data", &d, "--neighbours", "861,860", "--vintage", "November 2018", "--out", &o]);
    let run = safeguard(&args);
    run.expect_code(0).expect("benchmarks: England, Statistical neighbours, West Midlands");
    run.expect("adoption.a1.days_3yr: in the adoption scorecards");
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(!written.contains("North East"), "only the area's region");
    assert!(written.contains("DfE, Children in need: c1_children_in_need_referrals_and_rereferrals_2013_to_2018.csv"));
    assert!(written.contains("the 2 authorities given: 861 860,mean"));

    let (a, b) = (comparisons(typed.path()), comparisons(imported.path()));
    assert!(a.len() >= 15, "every imported indicator is benchmarked: {a:?}");
    assert_eq!(a, b, "the same comparisons");
}

#[test]
fn a_file_that_cannot_be_imported_is_refused_naming_file_line_and_column_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(
        dir.path(),
        "c1.csv",
        "category,Referrals,Referrals_rate",
        vec!["2018,Reporting year,National,E92000001,England,,,,,,Referrals,1000,five hundred".into()],
    );
    let other = dir.path().join("notes.csv");
    std::fs::write(&other, "a,b\n1,2\n").unwrap();
    // Table D5 (plans open at 31 March) has D7's value columns but not its denominator.
    let d5 = write(
        dir.path(),
        "d5.csv",
        "CPP_At31,2_years_or_more_percent",
        vec!["2018,Reporting year,National,E92000001,England,,,,,,50000,2.1".into()],
    );
    let out = dir.path().join("benchmarks.csv");
    let run = safeguard(["benchmarks", "import", &bad, other.to_str().unwrap(), &d5, "--out", out.to_str().unwrap()]);
    run.expect_code(1)
        .expect("c1.csv, line 2, column M (Referrals_rate): `five hundred` is neither a number nor a symbol")
        .expect("notes.csv, line 1: is not one of the DfE's open-data files")
        .expect("d5.csv, line 1: holds none of the indicators");
    assert!(!out.exists(), "nothing written");
}
