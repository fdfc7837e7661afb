//! `safeguard benchmarks import`: a `benchmarks.csv` made from the DfE's published files, so
//! that no comparator is typed by hand. What each file gave, and which benchmarked indicators
//! no file can give, is said in the summary.

use crate::diagnostics::Diagnostics;
use crate::load::published::{self, MAPPINGS, NOT_MAPPED};
use std::fmt::Write as _;
use std::path::PathBuf;

pub struct ImportRequest {
    pub files: Vec<PathBuf>,
    /// The data directory whose report.toml names the region (unless `region` does).
    pub data: Option<PathBuf>,
    pub region: Option<String>,
    /// Statistical neighbours by old (3-digit) authority code.
    pub neighbours: Vec<String>,
    /// When the files were published or taken, for the Vintage column.
    pub vintage: Option<String>,
}

pub struct Imported {
    /// The `benchmarks.csv` made, when every file could be read.
    pub csv: Option<Vec<u8>>,
    pub summary: String,
    pub diagnostics: Diagnostics,
}

pub fn import(req: &ImportRequest) -> Imported {
    let mut diag = Diagnostics::new();
    let region = req.region.clone().or_else(|| {
        req.data.as_deref().filter(|d| d.is_dir()).and_then(|d| crate::settings::load(d, &mut diag).region)
    });
    let mut values = Vec::new();
    let mut summary = String::new();
    for f in &req.files {
        let Some(read) = published::read(f, &mut diag) else { continue };
        let _ = writeln!(
            summary,
            "  {}: {} ({} values{})",
            f.display(),
            read.indicators.join(", "),
            read.values.len(),
            match read.symbols {
                0 => String::new(),
                1 => "; 1 cell suppressed or not available, left out".to_string(),
                n => format!("; {n} cells suppressed or not available, left out"),
            }
        );
        values.extend(read.values);
    }
    if diag.has_errors() {
        return Imported { csv: None, summary, diagnostics: diag };
    }
    let found = published::comparators(&values, region.as_deref(), &req.neighbours);
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    // The contract's columns, in its order, which the rows below follow.
    let head = crate::contract::file_spec("benchmarks").columns.iter().map(|c| c.name);
    w.write_record(head).expect("writing to memory");
    let set = format!("the {} authorities given: {}", req.neighbours.len(), req.neighbours.join(" "));
    for ((indicator, period, comparator), (value, file)) in &found {
        let release = MAPPINGS.iter().find(|m| m.indicator == *indicator).map_or("", |m| m.release);
        let name = std::path::Path::new(file).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let neighbours = comparator == "Statistical neighbours";
        // A mean to one place more than the DfE's own figures, which have one.
        let shown = if neighbours { format!("{:.1}", (value * 10.0).round() / 10.0) } else { value.to_string() };
        let source = format!("DfE, {release}: {name}");
        w.write_record([
            *indicator,
            period.to_string().as_str(),
            comparator.as_str(),
            shown.as_str(),
            source.as_str(),
            "",
            req.vintage.as_deref().unwrap_or(""),
            if neighbours { set.as_str() } else { "" },
            if neighbours { "mean" } else { "" },
        ])
        .expect("writing to memory");
    }
    let comparators: std::collections::BTreeSet<&str> = found.keys().map(|k| k.2.as_str()).collect();
    let _ = writeln!(summary, "{} benchmarks: {}", found.len(), comparators.into_iter().collect::<Vec<_>>().join(", "));
    if region.is_none() {
        let _ = writeln!(summary, "  no region given (--region, or report.toml's region): no regional comparator");
    }
    let _ = writeln!(summary, "Not imported (type them into benchmarks.csv from the publication):");
    for (id, why) in NOT_MAPPED {
        let _ = writeln!(summary, "  {id}: {why}");
    }
    Imported { csv: Some(w.into_inner().expect("writing to memory")), summary, diagnostics: diag }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mapped_and_unmapped_indicator_is_declared() {
        for m in MAPPINGS {
            assert!(crate::indicators::topics::is_known(m.indicator), "{}", m.indicator);
        }
        let all = crate::indicators::topics::catalogue();
        for (id, _) in NOT_MAPPED {
            let family = id.strip_suffix('*').is_some_and(|p| all.iter().any(|i| i.id.starts_with(p)));
            assert!(crate::indicators::topics::is_known(id) || family, "{id}");
        }
    }
}
