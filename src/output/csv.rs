//! `figures.csv`: every figure, one row per indicator and period (and authority when there are
//! several), with the exact numerator and denominator beside each published value.

use super::sink::{OutputFile, Published};
use crate::error::Error;
use crate::indicators::Figures;
use crate::indicators::figure::{Figure, Unit};

/// `figures.csv`: one row per indicator, period (and authority when there are several).
pub fn sink(p: &Published) -> Result<Vec<OutputFile>, Error> {
    Ok(vec![OutputFile::new("figures.csv", figures_csv(p.figures))])
}

fn figures_csv(figs: &Figures) -> Vec<u8> {
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
            vec![r.indicator.clone(), r.period.to_string(), r.figure.shown(r.unit), n, d, r.unit.as_str().to_string()];
        if several {
            rec.push(r.lea.clone());
        }
        w.write_record(&rec).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

/// The exact numerator and denominator, shown only beside a published value.
pub(super) fn working(f: &Figure) -> (String, String) {
    match f {
        Figure::Value { numerator, denominator } => {
            (numerator.to_string(), denominator.map(|d| d.to_string()).unwrap_or_default())
        }
        Figure::Given(_) => (f.shown(Unit::Count), String::new()),
        _ => (String::new(), String::new()),
    }
}
