//! For a report of several authorities: a funnel plot of one rate per 10,000, each authority
//! against its number of children, with the 95% and 99.8% control limits around the rate of
//! all of them, as public health analysts compare areas of different sizes.

use super::super::charts::{Chart, Funnel, Kind, Series};
use super::super::html::{self, Html};
use super::blocks::{Table, TableRow};
use super::lookup::Lookup;
use crate::indicators::figure::{Figure, Unit};
use crate::indicators::stats::{Confidence, funnel_limits};

/// Where an authority's rate lies against the limits.
fn standing(rate: f64, centre: f64, n: f64) -> &'static str {
    let (l95, u95) = funnel_limits(centre, n, Confidence::P95);
    let (l998, u998) = funnel_limits(centre, n, Confidence::P998);
    match rate {
        r if r > u998 => "above the 99.8% limit",
        r if r > u95 => "above the 95% limit",
        r if r < l998 => "below the 99.8% limit",
        r if r < l95 => "below the 95% limit",
        _ => "within the limits",
    }
}

/// A shown rate with its number of children.
fn rate_of(f: &Figure) -> Option<(f64, f64)> {
    match f {
        Figure::Value { denominator: Some(d), .. } if *d > 0 => Some((f.exact(Unit::RatePer10k)?, *d as f64)),
        _ => None,
    }
}

/// The plot and its table, for the report of all authorities together; `None` otherwise.
pub(super) fn funnel(look: &Lookup, id: &str, indicator: &str, subject: &str) -> Option<(Chart, Table)> {
    if look.lea != crate::run::ALL {
        return None;
    }
    let year = look.year();
    let (centre, _) = rate_of(&look.row(indicator, year)?.figure)?;
    let areas: Vec<(&str, &Figure)> = look
        .figs
        .rows
        .iter()
        .filter(|r| r.indicator == indicator && r.period == year && r.lea != crate::run::ALL)
        .map(|r| (r.lea.as_str(), &r.figure))
        .collect();
    let shown: Vec<(f64, f64)> = areas.iter().filter_map(|(_, f)| rate_of(f)).collect();
    if shown.len() < 2 {
        return None;
    }
    let smallest = shown.iter().map(|(_, n)| *n).fold(f64::MAX, f64::min);
    let largest = shown.iter().map(|(_, n)| *n).fold(0.0, f64::max);
    let (from, to) = (smallest * 0.6, largest * 1.25);
    let limits = (0..=60)
        .map(|i| from + (to - from) * f64::from(i) / 60.0)
        .map(|n| {
            let (l95, u95) = funnel_limits(centre, n, Confidence::P95);
            let (l998, u998) = funnel_limits(centre, n, Confidence::P998);
            (n, [l998, l95, u95, u998])
        })
        .collect();
    let standings: Vec<Option<&str>> =
        areas.iter().map(|(_, f)| rate_of(f).map(|(r, n)| standing(r, centre, n))).collect();
    let outside = standings.iter().flatten().filter(|s| **s != "within the limits").count();
    let title = match outside {
        0 => format!("Every authority's rate of {subject} lies within the 95% limits, {year}"),
        k => format!("{k} of {} authorities' rates of {subject} lie outside the 95% limits, {year}", shown.len()),
    };
    let description = format!(
        "Funnel plot of each authority's rate of {subject} per 10,000 children against its number of children, around the rate of all authorities ({centre:.1}), with 95% and 99.8% control limits. {}.",
        areas
            .iter()
            .zip(&standings)
            .map(|((lea, f), s)| format!("{lea}: {}, {}", f.shown(Unit::RatePer10k), s.unwrap_or("not shown")))
            .collect::<Vec<_>>()
            .join("; ")
    );
    let chart = Chart {
        id: id.into(),
        kind: Kind::Funnel,
        title: title.clone(),
        description,
        axis: "Rate per 10,000 children".into(),
        categories: areas.iter().map(|(lea, _)| lea.to_string()).collect(),
        series: vec![Series {
            label: subject.into(),
            values: areas.iter().map(|(_, f)| rate_of(f).map(|(r, _)| r)).collect(),
            comparator: false,
        }],
        places: 1,
        funnel: Some(Funnel {
            population: areas.iter().map(|(_, f)| rate_of(f).map_or(0.0, |(_, n)| n)).collect(),
            centre,
            limits,
        }),
    };
    let rows = areas
        .iter()
        .zip(&standings)
        .map(|((lea, f), s)| {
            let children = match f {
                Figure::Value { denominator: Some(d), .. } => html::thousands(&d.to_string()),
                _ => "x".into(),
            };
            let rate = html::readable(&f.shown(Unit::RatePer10k), Unit::RatePer10k);
            TableRow {
                label: lea.to_string(),
                cells: vec![Html::text(&children), Html::text(&rate), Html::text(s.unwrap_or("not shown"))],
            }
        })
        .collect();
    let head = ["Authority", "Children aged 0 to 17", "Rate per 10,000", "Against the limits"];
    let note = Some(format!(
        "The limits are those of the rate of all authorities together ({centre:.1} per 10,000) for an area of each size: a rate outside the 95% limit is significantly different from it, as the report's words use the term."
    ));
    Some((
        chart,
        Table { caption: format!("Data for the chart: {title}"), head: head.map(String::from).to_vec(), rows, note },
    ))
}
