//! Stage 5 (sinks): figures.csv, figures.json and manifest.json, written atomically.
//!
//! Nothing here computes a figure: it formats what `indicators` produced. No timestamps are
//! written, so the same inputs and settings give byte-identical files.

use crate::frames::Frames;
use crate::indicators::Figures;
use crate::indicators::catalogue::Polarity;
use crate::indicators::compare::{self, Delta, round_f64};
use crate::indicators::figure::{Figure, Unit};
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
pub fn figures_json(figs: &Figures, compared: &[compare::Comparison], frames: &Frames) -> Vec<u8> {
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
        comparisons: comparisons(figs, compared),
    };
    let mut out = serde_json::to_vec_pretty(&doc).expect("figures serialise");
    out.push(b'\n');
    out
}

fn comparisons<'a>(figs: &Figures, compared: &[compare::Comparison<'a>]) -> Vec<Comparison<'a>> {
    let polarity: BTreeMap<&str, Polarity> = figs.indicators.iter().map(|i| (i.id.as_str(), i.polarity)).collect();
    compared
        .iter()
        .map(|c| {
            let unit = c.row.unit;
            let (change, change_pct, direction) = match &c.delta {
                Delta::Change(ch) => (ch.diff.clone(), ch.pct.clone(), Some(ch.direction.as_str())),
                other => (other.symbol().unwrap_or("x").to_string(), None, None),
            };
            Comparison {
                indicator: &c.row.indicator,
                lea: figs.several_authorities().then_some(c.row.lea.as_str()),
                period: c.row.period.clone(),
                value: c.row.figure.shown(unit),
                previous: PeriodValue { period: c.previous_period.to_string(), value: c.previous.shown(unit) },
                change,
                change_pct,
                direction,
                polarity: polarity.get(c.row.indicator.as_str()).copied().unwrap_or(Polarity::Neutral),
                trend: c
                    .trend
                    .iter()
                    .map(|(y, f)| PeriodValue { period: y.to_string(), value: f.shown(unit) })
                    .collect(),
                // In the indicator's own precision: a rate of 50 is "50.0".
                benchmarks: c
                    .benchmarks
                    .iter()
                    .map(|b| Benchmark {
                        comparator: b.comparator.clone(),
                        period: b.period.clone(),
                        value: round_f64(b.value, unit.places() as usize),
                    })
                    .collect(),
            }
        })
        .collect()
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
pub fn write_atomically<N: AsRef<str>>(dest: &Path, files: &[(N, Vec<u8>)]) -> io::Result<PathBuf> {
    let parent = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "report".into());
    let staging = parent.join(format!(".{name}.partial-{}", std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    std::fs::create_dir(&staging)?;
    for (file, bytes) in files {
        let path = staging.join(file.as_ref());
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, bytes)?;
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
