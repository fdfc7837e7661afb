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
    // Padded by hand: a format width over 65,535 panics, and a measure's name can be longer.
    let width = figs.rows.iter().map(|r| r.indicator.chars().count()).max().unwrap_or(10).min(WIDEST);
    for r in figs.rows.iter().filter(|r| r.period == Period::Year(figs.reporting_year)) {
        let lea = if several { format!("{:>4}  ", r.lea) } else { String::new() };
        let pad = " ".repeat(width.saturating_sub(r.indicator.chars().count()));
        out.push_str(&format!("{lea}{}{pad}  {:>10}  {}\n", r.indicator, r.figure.shown(r.unit), r.unit.as_str()));
    }
    out
}

/// Ids longer than this overrun the column rather than widen it for every row.
const WIDEST: usize = 60;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::figure::{Figure, Unit};
    use crate::indicators::figures::FigureRow;

    #[test]
    fn an_id_longer_than_a_format_width_can_be_is_printed_whole() {
        // The review's panic: a measure named with 65,536 characters or more.
        let long = "m".repeat(70_000);
        let year: crate::period::FinancialYear = "2017-18".parse().unwrap();
        let row = |id: &str, n| FigureRow {
            lea: "999".into(),
            indicator: id.into(),
            period: Period::Year(year),
            unit: Unit::Count,
            figure: Figure::Value { numerator: n, denominator: None },
        };
        let figs = Figures {
            indicators: Vec::new(),
            rows: vec![row(&long, 12), row("cp.total", 3)],
            authorities: vec!["999".into()],
            reporting_year: year,
            periods: vec![year],
            benchmarks: Default::default(),
            disclosure: None,
            gaps: Vec::new(),
            implausible: Vec::new(),
            actions: Vec::new(),
        };
        let table = figures_table(&figs);
        let lines: Vec<&str> = table.lines().collect();
        assert!(lines[0].starts_with(&long) && lines[0].ends_with("  12  count"), "{}", &lines[0][69_990..]);
        // 8 characters padded to 60, two spaces, then 3 right-aligned in 10.
        assert_eq!(lines[1], format!("cp.total{}{}3  count", " ".repeat(WIDEST - 8 + 2), " ".repeat(9)));
    }
}
