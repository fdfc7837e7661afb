//! `figures-ees.csv` and `figures-ees.meta.csv`: the figures in the DfE's open data standard
//! for Explore Education Statistics (EES), as its screeners check it: the time and geography
//! columns first, then two filters (the report's section, and the figure within it), then one
//! indicator column per unit with its unit and decimal places in the metadata, and the exact
//! working and confidence limits beside them. The standard's symbols stand for what has no
//! value: `c` suppressed, `x` not available, `z` not applicable (a column of another unit, a
//! count's denominator).
//!
//! One time identifier per file, so only the financial-year figures are here (the early help
//! months are in figures.csv). The public file is the public edition's figures exactly.

use super::sections;
use crate::error::Error;
use crate::indicators::FigureRow;
use crate::indicators::figure::{Figure, Unit};
use crate::output::{OutputFile, Published};
use crate::period::Period;
use crate::run::ALL;

/// England's ONS code, the only country an English partnership reports in.
const ENGLAND: (&str, &str) = ("E92000001", "England");

/// The English regions' ONS codes, by the names report.toml's `region` takes.
pub const REGIONS: &[(&str, &str)] = &[
    ("E12000001", "North East"),
    ("E12000002", "North West"),
    ("E12000003", "Yorkshire and The Humber"),
    ("E12000004", "East Midlands"),
    ("E12000005", "West Midlands"),
    ("E12000006", "East of England"),
    ("E12000007", "London"),
    ("E12000008", "South East"),
    ("E12000009", "South West"),
];

/// The indicator column a unit's values go in, its label, and the standard's unit symbol.
fn column(unit: Unit) -> (&'static str, &'static str, &'static str) {
    match unit {
        Unit::Count => ("number", "Number", ""),
        Unit::Pct => ("percent", "Percentage", "%"),
        Unit::RatePer10k => ("rate_per_10000", "Rate per 10,000 children aged 0 to 17", ""),
        Unit::Mean => ("mean", "Mean", ""),
        Unit::PerWeek => ("per_week", "Number per week", ""),
        Unit::Years => ("years", "Age in years", ""),
        Unit::Days => ("days", "Number of days", ""),
        Unit::Gbp => ("pounds", "Amount in pounds", "£"),
        Unit::Weeks => ("weeks", "Number of weeks", ""),
    }
}

const UNITS: [Unit; 9] = [
    Unit::Count,
    Unit::Pct,
    Unit::RatePer10k,
    Unit::Mean,
    Unit::PerWeek,
    Unit::Years,
    Unit::Days,
    Unit::Gbp,
    Unit::Weeks,
];

/// Where a row of figures is: the geography columns' values.
struct Place {
    level: &'static str,
    region: (String, String),
    /// old_la_code, new_la_code, la_name; empty on a regional row.
    la: Option<(String, String, String)>,
}

pub fn sink(p: &Published) -> Result<Vec<OutputFile>, Error> {
    let name = crate::output::file_name("figures-ees", "csv", p.run.edition);
    let meta = name.replace(".csv", ".meta.csv");
    let rows: Vec<&FigureRow> = p.figures.rows.iter().filter(|r| matches!(r.period, Period::Year(_))).collect();
    let units: Vec<Unit> = UNITS.into_iter().filter(|u| rows.iter().any(|r| r.unit == *u)).collect();
    let places: Vec<(&FigureRow, Place)> = rows.into_iter().filter_map(|r| place(p, r).map(|pl| (r, pl))).collect();
    let with_la = places.iter().any(|(_, pl)| pl.la.is_some());
    Ok(vec![OutputFile::new(name, data(p, &places, &units, with_la)), OutputFile::new(meta, metadata(p, &units))])
}

/// The geography of a row: the authority's own, or, for all authorities together, the region
/// report.toml names (left out when it names none, as no level of the standard fits).
fn place(p: &Published, r: &FigureRow) -> Option<Place> {
    let run = p.run;
    let region = match run.region.as_deref() {
        Some(name) => match REGIONS.iter().find(|(_, n)| n.eq_ignore_ascii_case(name)) {
            Some((code, n)) => (code.to_string(), n.to_string()),
            None => ("x".to_string(), name.to_string()),
        },
        None => ("x".to_string(), "Not available".to_string()),
    };
    if r.lea == ALL {
        return (region.0 != "x").then_some(Place { level: "Regional", region, la: None });
    }
    // An authority's name is known only for the one report.toml describes.
    let name = if run.several_authorities() && r.lea != run.subject {
        format!("Authority {}", r.lea)
    } else {
        run.area_name.clone()
    };
    let old = if r.lea.is_empty() { "x".to_string() } else { r.lea.clone() };
    let new = run.new_la_code.clone().filter(|_| !run.several_authorities()).unwrap_or_else(|| "x".into());
    Some(Place { level: "Local authority", region, la: Some((old, new, name)) })
}

fn data(p: &Published, places: &[(&FigureRow, Place)], units: &[Unit], with_la: bool) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let mut head = vec![
        "time_period",
        "time_identifier",
        "geographic_level",
        "country_code",
        "country_name",
        "region_code",
        "region_name",
    ];
    if with_la {
        head.extend(["old_la_code", "new_la_code", "la_name"]);
    }
    head.extend(["section", "indicator"]);
    head.extend(units.iter().map(|u| column(*u).0));
    head.extend(["numerator", "denominator", "lower_ci", "upper_ci"]);
    w.write_record(&head).expect("writing to memory");
    for (r, place) in places {
        let Period::Year(year) = r.period else { continue };
        let period = format!("{}{:02}", year.start_year, (year.start_year + 1) % 100);
        let mut rec = vec![
            period,
            "Financial year".to_string(),
            place.level.to_string(),
            ENGLAND.0.to_string(),
            ENGLAND.1.to_string(),
            place.region.0.clone(),
            place.region.1.clone(),
        ];
        if with_la {
            let (old, new, name) = place.la.clone().unwrap_or_default();
            rec.extend([old, new, name]);
        }
        rec.push(section_title(&r.indicator));
        rec.push(r.indicator.clone());
        let shown = r.figure.shown(r.unit);
        rec.extend(units.iter().map(|u| if *u == r.unit { shown.clone() } else { "z".to_string() }));
        let (n, d) = crate::output::csv::working(&r.figure);
        let (lower, upper) = crate::output::csv::interval_cells(&r.figure, r.unit, p.run.confidence);
        let numerator = if matches!(r.figure, Figure::Given(_)) { String::new() } else { n };
        rec.extend([numerator, d, lower, upper].map(|cell| filled(cell, &r.figure, &shown)));
        w.write_record(&rec).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

/// An empty cell as the standard's symbol: the figure's own when it has no value, else `z`
/// (a count has no denominator, a count no confidence interval).
fn filled(cell: String, figure: &Figure, shown: &str) -> String {
    if !cell.is_empty() {
        return cell;
    }
    match figure {
        Figure::Value { .. } | Figure::Given(_) => "z".to_string(),
        _ => shown.to_string(),
    }
}

fn section_title(id: &str) -> String {
    sections::section_of(id).map_or("Other figures", |s| s.title).to_string()
}

fn metadata(p: &Published, units: &[Unit]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record([
        "col_name",
        "col_type",
        "label",
        "indicator_grouping",
        "indicator_unit",
        "indicator_dp",
        "filter_hint",
        "filter_grouping_column",
        "filter_default",
    ])
    .expect("writing to memory");
    let first = p.figures.rows.first();
    let first_section = first.map(|r| section_title(&r.indicator)).unwrap_or_default();
    let first_indicator = first.map(|r| r.indicator.clone()).unwrap_or_default();
    w.write_record([
        "section",
        "Filter",
        "Section of the report",
        "",
        "",
        "",
        "The section of the annual report that shows the figure",
        "",
        &first_section,
    ])
    .expect("writing to memory");
    w.write_record([
        "indicator",
        "Filter",
        "Figure",
        "",
        "",
        "",
        "The figure's id; its definition is on the Definitions sheet of figures.xlsx",
        "section",
        &first_indicator,
    ])
    .expect("writing to memory");
    for u in units {
        let (name, label, symbol) = column(*u);
        let places = u.places().to_string();
        w.write_record([name, "Indicator", label, "Value", symbol, &places, "", "", ""]).expect("writing to memory");
    }
    let level = match p.run.confidence {
        crate::indicators::stats::Confidence::P95 => "95",
        crate::indicators::stats::Confidence::P998 => "99.8",
    };
    let working = [
        ("numerator", "Numerator: the count the figure is worked out from".to_string(), "0"),
        ("denominator", "Denominator: the count it is a share or rate of".to_string(), "0"),
        ("lower_ci", format!("Lower {level}% confidence limit"), "1"),
        ("upper_ci", format!("Upper {level}% confidence limit"), "1"),
    ];
    for (name, label, dp) in working {
        w.write_record([name, "Indicator", &label, "Working", "", dp, "", "", ""]).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}
