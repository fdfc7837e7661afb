//! `figures.csv`: every figure, one row per indicator and period (and authority when there are
//! several), with the exact numerator and denominator beside each published value and, for a
//! share or rate, its confidence interval at the run's level.

use super::sink::{OutputFile, Published};
use crate::error::Error;
use crate::indicators::Figures;
use crate::indicators::compare::interval_shown;
use crate::indicators::figure::{Figure, Unit};
use crate::indicators::stats::{self, Confidence};
use crate::settings::Edition;

/// `figures.csv`: one row per indicator, period (and authority when there are several).
pub fn sink(p: &Published) -> Result<Vec<OutputFile>, Error> {
    let name = super::file_name("figures", "csv", p.run.edition);
    Ok(vec![OutputFile::new(name, figures_csv(p.figures, p.run.edition, p.run.confidence))])
}

fn figures_csv(figs: &Figures, edition: Edition, level: Confidence) -> Vec<u8> {
    let mut out = Vec::new();
    if edition == Edition::Internal {
        // Read with `#` as the comment character; a spreadsheet shows it in cell A1.
        out.extend_from_slice(format!("# {}\n", super::INTERNAL_WARNING).as_bytes());
    }
    let mut w = csv::WriterBuilder::new().from_writer(out);
    let several = figs.several_authorities();
    let mut header = vec!["indicator", "period", "value", "numerator", "denominator", "unit"];
    if several {
        header.push("lea");
    }
    // After `lea`, so that the columns of earlier versions keep their places.
    header.extend(["lower_ci", "upper_ci"]);
    w.write_record(&header).expect("writing to memory");
    for r in &figs.rows {
        let (n, d) = working(&r.figure);
        let (lower, upper) = interval_cells(&r.figure, r.unit, level);
        let mut rec =
            vec![r.indicator.clone(), r.period.to_string(), r.figure.shown(r.unit), n, d, r.unit.as_str().to_string()];
        if several {
            rec.push(r.lea.clone());
        }
        rec.extend([lower, upper]);
        w.write_record(&rec).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

/// The exact numerator and denominator, shown only beside a published value.
pub(crate) fn working(f: &Figure) -> (String, String) {
    match f {
        Figure::Value { numerator, denominator } => {
            (numerator.to_string(), denominator.map(|d| d.to_string()).unwrap_or_default())
        }
        Figure::Given(_) => (f.shown(Unit::Count), String::new()),
        _ => (String::new(), String::new()),
    }
}

/// The limits of a share's or rate's interval, to the places of its value; empty for others.
pub(crate) fn interval_cells(f: &Figure, unit: Unit, level: Confidence) -> (String, String) {
    stats::interval(f, unit, level).map_or_else(Default::default, |i| interval_shown(&i, unit))
}
