//! `figures.csv`: every figure, one row per indicator and period (and authority when there are
//! several), with the exact numerator and denominator beside each published value.

use super::sink::{OutputFile, Published};
use crate::error::Error;
use crate::indicators::Figures;
use crate::indicators::figure::{Figure, Unit};
use crate::settings::Edition;

/// `figures.csv`: one row per indicator, period (and authority when there are several).
pub fn sink(p: &Published) -> Result<Vec<OutputFile>, Error> {
    let name = super::file_name("figures", "csv", p.run.edition);
    Ok(vec![OutputFile::new(name, figures_csv(p.figures, p.run.edition))])
}

fn figures_csv(figs: &Figures, edition: Edition) -> Vec<u8> {
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
