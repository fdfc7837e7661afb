//! The figures of the reporting year as a plain-text table, for the terminal.

use super::sink::{OutputFile, Published};
use crate::error::Error;
use crate::indicators::Figures;
use crate::period::Period;

pub fn sink(p: &Published) -> Result<Vec<OutputFile>, Error> {
    Ok(vec![OutputFile::new("figures.txt", figures_table(p.figures).into_bytes())])
}

/// A plain-text table for the terminal.
fn figures_table(figs: &Figures) -> String {
    let several = figs.several_authorities();
    let mut out = String::new();
    let width = figs.rows.iter().map(|r| r.indicator.len()).max().unwrap_or(10);
    for r in figs.rows.iter().filter(|r| r.period == Period::Year(figs.reporting_year)) {
        let lea = if several { format!("{:>4}  ", r.lea) } else { String::new() };
        out.push_str(&format!("{lea}{:<width$}  {:>10}  {}\n", r.indicator, r.figure.shown(r.unit), r.unit.as_str()));
    }
    out
}
