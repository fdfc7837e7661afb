//! Stage 5 (sinks): figures.csv, figures.json and manifest.json, written atomically.
//!
//! Nothing here computes a figure: it formats what `indicators` produced. No timestamps are
//! written, so the same inputs and settings give byte-identical files.

use crate::frames::Frames;
use crate::indicators::catalogue::Polarity;
use crate::indicators::figure::{Figure, Unit};
use crate::indicators::{FigureRow, Figures, TREND_YEARS};
use crate::period::FinancialYear;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// `figures.csv`: one row per indicator, period (and authority when there are several).
pub fn figures_csv(figs: &Figures) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let several = figs.several_authorities();
    let mut header = vec!["indicator", "period", "value", "numerator", "denominator", "unit"];
    if several {
        header.push("lea");
    }
    w.write_record(&header).expect("writing to memory");
    for r in &figs.rows {
        let (n, d) = working(&r.figure);
        let mut rec =
            vec![r.indicator.clone(), r.period.clone(), r.figure.shown(r.unit), n, d, r.unit.as_str().to_string()];
        if several {
            rec.push(r.lea.clone());
        }
        w.write_record(&rec).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

/// The exact numerator and denominator, shown only beside a published value.
fn working(f: &Figure) -> (String, String) {
    match f {
        Figure::Value { numerator, denominator } => {
            (numerator.to_string(), denominator.map(|d| d.to_string()).unwrap_or_default())
        }
        Figure::Given(_) => (f.shown(Unit::Count), String::new()),
        _ => (String::new(), String::new()),
    }
}

#[derive(Serialize)]
struct JsonFigure<'a> {
    indicator: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    lea: Option<&'a str>,
    period: &'a str,
    value: String,
    numerator: Option<f64>,
    denominator: Option<i64>,
    unit: &'static str,
}

#[derive(Serialize)]
struct PeriodValue {
    period: String,
    value: String,
}

#[derive(Serialize)]
struct Benchmark {
    comparator: String,
    period: String,
    value: String,
}

#[derive(Serialize)]
struct Comparison<'a> {
    indicator: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    lea: Option<&'a str>,
    period: String,
    value: String,
    previous: PeriodValue,
    /// Current minus previous, in the unit (percentage points for percentages); `c`, `x` or `z`
    /// when either side has no value.
    change: String,
    /// The change as a share of the previous value, for counts of 10 or more only.
    change_pct: Option<String>,
    direction: Option<&'static str>,
    polarity: Polarity,
    trend: Vec<PeriodValue>,
    benchmarks: Vec<Benchmark>,
}

#[derive(Serialize)]
struct JsonFigures<'a> {
    area: &'a str,
    reporting_year: String,
    edition: crate::settings::Edition,
    small_number_threshold: u32,
    symbols: BTreeMap<&'static str, &'static str>,
    indicators: &'a [crate::indicators::catalogue::Indicator],
    figures: Vec<JsonFigure<'a>>,
    comparisons: Vec<Comparison<'a>>,
}

/// `figures.json`: the figures, plus year-on-year change, trend and benchmarks for the reporting year.
pub fn figures_json(figs: &Figures, frames: &Frames) -> Vec<u8> {
    let several = figs.several_authorities();
    let figures = figs
        .rows
        .iter()
        .map(|r| {
            let (n, d) = match &r.figure {
                Figure::Value { numerator, denominator } => (Some(*numerator as f64), *denominator),
                Figure::Given(v) => (Some(*v), None),
                _ => (None, None),
            };
            JsonFigure {
                indicator: &r.indicator,
                lea: several.then_some(r.lea.as_str()),
                period: &r.period,
                value: r.figure.shown(r.unit),
                numerator: n,
                denominator: d,
                unit: r.unit.as_str(),
            }
        })
        .collect();
    let symbols = BTreeMap::from([
        (
            "c",
            "suppressed to protect confidentiality (a count from 1 to the threshold, or a figure from which one could be worked out)",
        ),
        ("x", "not available: the data does not cover this period or the file was not supplied"),
        ("z", "not applicable: a share or rate of nothing"),
    ]);
    let doc = JsonFigures {
        area: &frames.settings.area_name,
        reporting_year: figs.reporting_year.to_string(),
        edition: figs.edition,
        small_number_threshold: frames.settings.small_number_threshold,
        symbols,
        indicators: &figs.indicators,
        figures,
        comparisons: comparisons(figs, frames),
    };
    let mut out = serde_json::to_vec_pretty(&doc).expect("figures serialise");
    out.push(b'\n');
    out
}

fn comparisons<'a>(figs: &'a Figures, frames: &Frames) -> Vec<Comparison<'a>> {
    let reporting = figs.reporting_year;
    let previous = reporting.previous();
    let index: BTreeMap<(&str, &str, &str), &FigureRow> =
        figs.rows.iter().map(|r| ((r.lea.as_str(), r.indicator.as_str(), r.period.as_str()), r)).collect();
    let benchmarks = benchmarks(frames, reporting);
    let polarity: BTreeMap<&str, Polarity> = figs.indicators.iter().map(|i| (i.id.as_str(), i.polarity)).collect();
    let mut out = Vec::new();
    for r in figs.rows.iter().filter(|r| r.period == reporting.to_string()) {
        let get = |y: FinancialYear| {
            index.get(&(r.lea.as_str(), r.indicator.as_str(), y.to_string().as_str())).map(|r| &r.figure)
        };
        let prev = get(previous).cloned().unwrap_or(Figure::NotAvailable);
        let (change, change_pct, direction) = change(&r.figure, &prev, r.unit);
        let trend = (0..TREND_YEARS)
            .rev()
            .map(|k| FinancialYear::new(reporting.start_year - k))
            .map(|y| PeriodValue {
                period: y.to_string(),
                value: get(y).map_or_else(|| "x".to_string(), |f| f.shown(r.unit)),
            })
            .collect();
        out.push(Comparison {
            indicator: &r.indicator,
            lea: figs.several_authorities().then_some(r.lea.as_str()),
            period: r.period.clone(),
            value: r.figure.shown(r.unit),
            previous: PeriodValue { period: previous.to_string(), value: prev.shown(r.unit) },
            change,
            change_pct,
            direction,
            polarity: polarity.get(r.indicator.as_str()).copied().unwrap_or(Polarity::Neutral),
            trend,
            benchmarks: benchmarks
                .get(&r.indicator)
                .map(|b| {
                    // In the indicator's own precision: a rate of 50 is "50.0".
                    let places = r.unit.places() as usize;
                    b.iter()
                        .map(|(c, p, v)| Benchmark {
                            comparator: c.clone(),
                            period: p.clone(),
                            value: round_f64(*v, places),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        });
    }
    out
}

/// Change from `prev` to `cur` in the unit's precision; the percentage only for counts of 10 or more.
fn change(cur: &Figure, prev: &Figure, unit: Unit) -> (String, Option<String>, Option<&'static str>) {
    let (Some(a), Some(b)) = (cur.exact(unit), prev.exact(unit)) else {
        let s = if cur.is_suppressed() || prev.is_suppressed() {
            "c".to_string()
        } else if matches!(cur, Figure::NotApplicable) || matches!(prev, Figure::NotApplicable) {
            "z".into()
        } else {
            "x".into()
        };
        return (s, None, None);
    };
    let places = unit.places() as usize;
    let diff = a - b;
    let rounded = round_f64(diff, places);
    let direction = if rounded.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') {
        "unchanged"
    } else if diff > 0.0 {
        "up"
    } else {
        "down"
    };
    let pct = (unit == Unit::Count && b >= 10.0).then(|| round_f64(diff / b * 100.0, 1));
    (rounded, pct, Some(direction))
}

/// Half away from zero, after removing float noise (0.15 stored as 0.1499…).
fn round_f64(v: f64, places: usize) -> String {
    let scale = 10f64.powi(places as i32);
    let r = ((v * scale * 1e6).round() / 1e6).round() / scale;
    let s = format!("{r:.places$}");
    if s.starts_with('-') && s.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    }
}

/// For each indicator: (comparator, period, value) at the latest period up to the reporting year.
fn benchmarks(frames: &Frames, reporting: FinancialYear) -> BTreeMap<String, Vec<(String, String, f64)>> {
    let mut best: BTreeMap<(String, String), (String, f64)> = BTreeMap::new();
    let Some(df) = frames.get("benchmarks") else { return BTreeMap::new() };
    let (Ok(ind), Ok(period), Ok(comp), Ok(value)) = (
        df.column("Indicator").and_then(|c| c.str().cloned()),
        df.column("Period").and_then(|c| c.str().cloned()),
        df.column("Comparator").and_then(|c| c.str().cloned()),
        df.column("Value").and_then(|c| c.f64().cloned()),
    ) else {
        return BTreeMap::new();
    };
    let wanted = frames.settings.comparators.as_ref();
    for i in 0..df.height() {
        let (Some(id), Some(p), Some(c), Some(v)) = (ind.get(i), period.get(i), comp.get(i), value.get(i)) else {
            continue;
        };
        if p > reporting.to_string().as_str() || wanted.is_some_and(|w| !w.iter().any(|x| x.eq_ignore_ascii_case(c))) {
            continue;
        }
        let entry = best.entry((id.to_string(), c.to_string())).or_insert_with(|| (p.to_string(), v));
        if p > entry.0.as_str() {
            *entry = (p.to_string(), v);
        }
    }
    let mut out: BTreeMap<String, Vec<(String, String, f64)>> = BTreeMap::new();
    for ((id, c), (p, v)) in best {
        out.entry(id).or_default().push((c, p, v));
    }
    out
}

#[derive(Serialize)]
struct ManifestInput<'a> {
    file: &'a str,
    rows: usize,
    bytes: u64,
    sha256: &'a str,
}

#[derive(Serialize)]
struct Manifest<'a> {
    tool: &'static str,
    version: &'static str,
    reporting_year: String,
    settings: &'a crate::settings::Settings,
    inputs: Vec<ManifestInput<'a>>,
    outputs: Vec<&'a str>,
}

pub fn manifest(frames: &Frames, reporting: FinancialYear, outputs: &[&str]) -> Vec<u8> {
    let m = Manifest {
        tool: env!("CARGO_PKG_NAME"),
        version: env!("CARGO_PKG_VERSION"),
        reporting_year: reporting.to_string(),
        settings: &frames.settings,
        inputs: frames
            .inputs
            .iter()
            .map(|i| ManifestInput { file: &i.file_name, rows: i.rows, bytes: i.bytes, sha256: &i.sha256 })
            .collect(),
        outputs: outputs.to_vec(),
    };
    let mut out = serde_json::to_vec_pretty(&m).expect("manifest serialises");
    out.push(b'\n');
    out
}

/// Writes every file into a fresh directory beside `dest`, then renames it into place, so a
/// reader sees the old output or the new, never a mixture or a partial one.
pub fn write_atomically(dest: &Path, files: &[(&str, Vec<u8>)]) -> io::Result<PathBuf> {
    let parent = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "report".into());
    let staging = parent.join(format!(".{name}.partial-{}", std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    std::fs::create_dir(&staging)?;
    for (file, bytes) in files {
        std::fs::write(staging.join(file), bytes)?;
    }
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    if dest.exists() {
        std::fs::rename(dest, &old)?;
    }
    std::fs::rename(&staging, dest)?;
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    Ok(dest.to_path_buf())
}

/// The folder for a report: `<area>-<year>`, e.g. `northshire-2017-18`.
pub fn report_dir_name(area: &str, year: FinancialYear) -> String {
    format!("{}-{year}", crate::indicators::catalogue::slug(area))
}

/// A plain-text table for the terminal.
pub fn figures_table(figs: &Figures) -> String {
    let several = figs.several_authorities();
    let mut out = String::new();
    let width = figs.rows.iter().map(|r| r.indicator.len()).max().unwrap_or(10);
    for r in figs.rows.iter().filter(|r| r.period == figs.reporting_year.to_string()) {
        let lea = if several { format!("{:>4}  ", r.lea) } else { String::new() };
        out.push_str(&format!("{lea}{:<width$}  {:>10}  {}\n", r.indicator, r.figure.shown(r.unit), r.unit.as_str()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_round_half_away_from_zero_and_counts_below_ten_get_no_percentage() {
        // 22,750 → 20,351: down 2,399, which is 10.5% of 22,750 (10.545…).
        let (c, pct, dir) = change(&Figure::of(20_351, None), &Figure::of(22_750, None), Unit::Count);
        assert_eq!((c.as_str(), pct.as_deref(), dir), ("-2399", Some("-10.5"), Some("down")));
        // 8 → 9: up 1, no percentage of a count under 10.
        assert_eq!(change(&Figure::of(9, None), &Figure::of(8, None), Unit::Count).1, None);
        // 1/8 = 12.5% → 3/20 = 15.0%: up 2.5 percentage points.
        assert_eq!(change(&Figure::of(3, Some(20)), &Figure::of(1, Some(8)), Unit::Pct).0, "2.5");
        // A suppressed side hides the change.
        let c = Figure::Suppressed {
            reason: crate::indicators::figure::Suppression::SmallCount,
            numerator: 3,
            denominator: None,
        };
        assert_eq!(change(&c, &Figure::of(40, None), Unit::Count).0, "c");
        assert_eq!(change(&Figure::of(4, None), &Figure::NotAvailable, Unit::Count).0, "x");
        assert_eq!(change(&Figure::of(40, None), &Figure::of(40, None), Unit::Count).2, Some("unchanged"));
    }

    #[test]
    fn atomic_writes_replace_the_whole_directory() {
        let root = tempfile::tempdir().unwrap();
        let dest = root.path().join("area-2017-18");
        write_atomically(&dest, &[("a.txt", b"one".to_vec()), ("b.txt", b"two".to_vec())]).unwrap();
        write_atomically(&dest, &[("a.txt", b"three".to_vec())]).unwrap();
        assert_eq!(std::fs::read(dest.join("a.txt")).unwrap(), b"three");
        assert!(!dest.join("b.txt").exists(), "no stale file survives");
        let leftovers: Vec<_> = std::fs::read_dir(root.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging directories left behind");
    }
}
