//! A declared chart (`sections/`) as a chart to draw and the table of the data it draws,
//! from the figures; `None` when the data has none of them.

use super::super::charts::{self, Chart, Kind, Series};
use super::super::html::{self, Html};
use super::super::narrative;
use super::super::sections::{Cells, ChartSpec};
use super::blocks::{FigureBlock, Table, TableRow};
use super::lookup::Lookup;
use crate::indicators::figure::Unit;
use crate::period::{FinancialYear, Month, Period};

fn trend_years(look: &Lookup) -> Vec<Period> {
    let last = look.figs.reporting_year.start_year;
    let first = look.figs.periods.first().map_or(last, |p| p.start_year);
    (first.max(last - crate::indicators::TREND_YEARS + 1)..=last).map(|y| Period::Year(FinancialYear::new(y))).collect()
}

/// The months of the reporting year.
pub(super) fn months(look: &Lookup) -> Vec<Period> {
    Month::of_year(look.figs.reporting_year).map(Period::Month).collect()
}

/// A month's name ("Apr 2017"), or the period as written.
pub(super) fn month_label(period: Period, format: &str) -> String {
    match period {
        Period::Month(m) => m.label(format),
        Period::Year(_) => period.to_string(),
    }
}

fn unit_of(look: &Lookup, id: &str) -> Unit {
    look.indicator(id).map_or(Unit::Count, |i| i.unit)
}

/// The chart and its data table; `None` when the data has none of its figures.
pub(super) fn figure_block(
    spec: &ChartSpec,
    look: &Lookup,
    section: &str,
    number: usize,
) -> Result<Option<FigureBlock>, charts::ChartError> {
    let id = format!("chart-{number:02}-{section}");
    let chart = match spec {
        ChartSpec::Trend { subject, axis, series } => {
            over_periods(look, &id, Subject::First(subject), axis, series, trend_years(look), false)
        }
        ChartSpec::Parts { whole, axis, series } => {
            over_periods(look, &id, Subject::Largest(whole), axis, series, trend_years(look), false)
        }
        ChartSpec::Monthly { subject, axis, series } => {
            over_periods(look, &id, Subject::First(subject), axis, series, months(look), true)
        }
        ChartSpec::Breakdown { message, axis, cells, sort } => breakdown(look, &id, message, axis, cells, *sort),
        ChartSpec::Comparators { message, axis, ids } => comparators(look, &id, message, axis, ids),
        ChartSpec::Funnel { indicator, subject } => super::funnel::funnel(look, &id, indicator, subject),
    };
    let Some((chart, table)) = chart else { return Ok(None) };
    let svg = Html::trusted(charts::render(&chart, charts::Width::Wide)?);
    let svg_narrow = Html::trusted(charts::render(&chart, charts::Width::Narrow)?);
    Ok(Some(FigureBlock { id, title: chart.title.clone(), svg, svg_narrow, table }))
}

/// What a chart of lines is titled after: its first series, or the largest part of a whole in
/// the last period.
enum Subject<'a> {
    First(&'a str),
    Largest(&'a str),
}

/// Lines of several indicators over years or months; the title states how the first (or the
/// largest part) moved.
fn over_periods(
    look: &Lookup,
    id: &str,
    subject: Subject,
    axis: &str,
    series: &[(&str, &str)],
    periods: Vec<Period>,
    monthly: bool,
) -> Option<(Chart, Table)> {
    let series: Vec<&(&str, &str)> =
        series.iter().filter(|(s, _)| periods.iter().any(|&p| look.value(s, p).is_some())).collect();
    let (first_id, _) = series.first()?;
    let labels: Vec<String> =
        periods.iter().map(|&p| if monthly { month_label(p, "%b %Y") } else { p.to_string() }).collect();
    // Twelve month names fit along the axis only when short; the title and table give the years.
    let axis_labels: Vec<String> =
        periods.iter().map(|&p| if monthly { month_label(p, "%b") } else { p.to_string() }).collect();
    let values_of = |s: &str| periods.iter().map(|&p| look.value(s, p)).collect::<Vec<Option<f64>>>();
    let title = match subject {
        Subject::First(subject) => movement_title(subject, &values_of(first_id), &labels),
        Subject::Largest(whole) => {
            let last = |s: &str| values_of(s).iter().rev().find_map(|v| *v).unwrap_or(f64::MIN);
            let (largest, label) = series.iter().max_by(|a, b| last(a.0).total_cmp(&last(b.0)))?;
            let when = labels.last().map_or(String::new(), |l| format!(" in {l}"));
            let subject = format!("{whole} {}, the largest group{when},", label.to_lowercase());
            movement_title(&subject, &values_of(largest), &labels)
        }
    };
    let unit = unit_of(look, first_id);
    let chart = Chart {
        id: id.into(),
        kind: Kind::Lines,
        title: title.clone(),
        description: describe(&labels, &series.iter().map(|(s, l)| (*s, *l)).collect::<Vec<_>>(), look, &periods),
        axis: axis.into(),
        categories: axis_labels,
        series: series
            .iter()
            .map(|(s, l)| Series {
                label: (*l).into(),
                values: periods.iter().map(|&p| look.value(s, p)).collect(),
                comparator: false,
            })
            .collect(),
        places: unit.places() as usize,
        funnel: None,
    };
    let first = if monthly { "Month" } else { "Year" }.to_string();
    let head = std::iter::once(first).chain(series.iter().map(|(_, l)| (*l).to_string())).collect();
    let rows = periods
        .iter()
        .zip(&labels)
        .map(|(&p, label)| TableRow {
            label: label.clone(),
            cells: series.iter().map(|(s, _)| look.figure(s, p)).collect(),
        })
        .collect();
    Some((chart, Table { caption: format!("Data for the chart: {title}"), head, rows, note: None }))
}

/// "Contacts rose between 2013-14 and 2017-18", from the first and last values shown.
fn movement_title(subject: &str, values: &[Option<f64>], labels: &[String]) -> String {
    let points: Vec<(usize, f64)> = values.iter().enumerate().filter_map(|(i, v)| v.map(|v| (i, v))).collect();
    let (Some(&(i0, a)), Some(&(i1, b))) = (points.first(), points.last()) else {
        return subject.to_string();
    };
    if i0 == i1 {
        return format!("{subject} in {}", labels[i1]);
    }
    let relative = if a == 0.0 { f64::INFINITY } else { ((b - a) / a).abs() };
    let verb = if relative < 0.01 {
        "were broadly unchanged"
    } else if b > a {
        "rose"
    } else {
        "fell"
    };
    format!("{subject} {verb} between {} and {}", labels[i0], labels[i1])
}

/// The alternative text: every value of every series, in words.
fn describe(labels: &[String], series: &[(&str, &str)], look: &Lookup, periods: &[Period]) -> String {
    let mut parts = Vec::new();
    for (id, label) in series {
        let values: Vec<String> =
            periods.iter().zip(labels).map(|(&p, l)| format!("{l} {}", look.readable(id, p))).collect();
        parts.push(format!("{label}: {}.", values.join(", ")));
    }
    format!("Line chart. {} Values shown as c are suppressed, x not available.", parts.join(" "))
}

fn breakdown(look: &Lookup, id: &str, message: &str, axis: &str, cells: &Cells, sort: bool) -> Option<(Chart, Table)> {
    let year = look.year();
    let mut cells: Vec<(String, String)> = match cells {
        Cells::Listed(list) => list.iter().map(|(i, l)| ((*i).to_string(), (*l).to_string())).collect(),
        Cells::Matching { prefix, suffix } => look.matching(prefix, suffix),
    };
    cells.retain(|(i, _)| look.row(i, year).is_some());
    if cells.iter().all(|(i, _)| look.value(i, year).is_none()) {
        return None;
    }
    if sort {
        // Largest first; suppressed cells (no value) last, in their declared order.
        cells.sort_by(|(a, _), (b, _)| {
            let (a, b) = (look.value(a, year), look.value(b, year));
            b.unwrap_or(-1.0).partial_cmp(&a.unwrap_or(-1.0)).unwrap_or(std::cmp::Ordering::Equal)
        });
    }
    let top = cells
        .iter()
        .filter_map(|(i, l)| look.value(i, year).map(|v| (v, l)))
        .fold(None::<(f64, &String)>, |best, (v, l)| if best.is_none_or(|(b, _)| v > b) { Some((v, l)) } else { best });
    let title = top.map_or_else(
        || message.replace("{} ", ""),
        |(_, l)| narrative::capitalise(&message.replace("{}", &in_sentence(l))),
    );
    let title = format!("{title}, {year}");
    let unit = cells.first().map_or(Unit::Count, |(i, _)| unit_of(look, i));
    let description = format!(
        "Bar chart. {}. Values shown as c are suppressed.",
        cells.iter().map(|(i, l)| format!("{l} {}", look.readable(i, year))).collect::<Vec<_>>().join(", ")
    );
    // Comparators where benchmarks.csv has them for these cells (England's assessment factors).
    let ids: Vec<&str> = cells.iter().map(|(i, _)| i.as_str()).collect();
    let names = comparator_names(look, &ids);
    let labels: Vec<String> = names.iter().map(|n| comparator_label(look, &ids, n)).collect();
    let area_label = if names.is_empty() { year.to_string() } else { format!("{} {year}", look.area) };
    let mut series = vec![Series {
        label: area_label.clone(),
        values: cells.iter().map(|(i, _)| look.value(i, year)).collect(),
        comparator: false,
    }];
    series.extend(names.iter().zip(&labels).map(|(name, label)| Series {
        label: label.clone(),
        values: ids.iter().map(|i| bench(look, i, name).map(|(v, _)| v)).collect(),
        comparator: true,
    }));
    let chart = Chart {
        id: id.into(),
        kind: Kind::Bars,
        title: title.clone(),
        description: if names.is_empty() {
            description
        } else {
            format!("{description} Compared with {}: see the table that follows.", labels.join(", "))
        },
        axis: axis.into(),
        categories: cells.iter().map(|(_, l)| l.clone()).collect(),
        series,
        places: unit.places() as usize,
        funnel: None,
    };
    // Beside comparators, a share's interval says which differences are more than chance.
    let with_interval = !names.is_empty() && crate::indicators::stats::has_interval(unit);
    let rows = cells
        .iter()
        .map(|(i, l)| {
            let mut row = vec![look.figure(i, year)];
            if with_interval {
                row.push(interval_cell(look, i));
            }
            row.extend(names.iter().map(|name| bench_cell(look, i, name, unit)));
            TableRow { label: l.clone(), cells: row }
        })
        .collect();
    let mut head = vec!["Category".to_string(), area_label];
    if with_interval {
        head.push(interval_head(look, &cells[0].0));
    }
    head.extend(labels.iter().cloned());
    let table = Table { caption: format!("Data for the chart: {title}"), head, rows, note: comparators_note(&names) };
    Some((chart, table))
}

/// Every comparator that benchmarks.csv gives for any of `ids`, in order of first appearance.
fn comparator_names(look: &Lookup, ids: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for i in ids {
        for b in look.comparison(i).map_or(&[][..], |c| c.benchmarks) {
            if !names.contains(&b.comparator) {
                names.push(b.comparator.clone());
            }
        }
    }
    names
}

/// A comparator's name with the period of its figures ("England 2016-17", or "England 2015-16
/// to 2016-17" when they differ): a comparator's latest figure is often a year behind the
/// area's, and a legend saying only "England" reads as the same year.
fn comparator_label(look: &Lookup, ids: &[&str], name: &str) -> String {
    let mut periods: Vec<Period> = ids.iter().filter_map(|i| bench(look, i, name).map(|(_, p)| p)).collect();
    periods.sort_unstable();
    periods.dedup();
    match (periods.first(), periods.last()) {
        (Some(a), Some(b)) if a == b => format!("{name} {a}"),
        (Some(a), Some(b)) => format!("{name} {a} to {b}"),
        _ => name.to_string(),
    }
}

/// A comparator's latest value for `id`, with its period.
fn bench(look: &Lookup, id: &str, name: &str) -> Option<(f64, Period)> {
    look.comparison(id).and_then(|c| c.benchmarks.iter().find(|b| b.comparator == *name)).map(|b| (b.value, b.period))
}

/// A comparator's value in a table, marked so it can be traced to benchmarks.csv.
fn bench_cell(look: &Lookup, id: &str, name: &str, unit: Unit) -> Html {
    match bench(look, id, name) {
        Some((v, p)) => {
            let shown = crate::indicators::compare::round_f64(v, unit.places() as usize);
            html::derived("benchmark", id, p, &shown, &format!("{} ({p})", html::readable(&shown, unit)))
        }
        None => Html::text("x"),
    }
}

/// "95% confidence interval", at the run's level.
fn interval_head(look: &Lookup, id: &str) -> String {
    let level = look.comparison(id).map_or(crate::indicators::stats::Confidence::default(), |c| c.level);
    format!("{} confidence interval", level.label())
}

/// "560.0 to 588.0"; for a figure not shown, its own symbol, so nothing hidden is bounded.
fn interval_cell(look: &Lookup, id: &str) -> Html {
    let Some(c) = look.comparison(id) else { return Html::text("x") };
    match c.interval {
        Some(i) => {
            let (lower, upper) = crate::indicators::compare::interval_shown(&i, c.row.unit);
            Html::text(&format!("{} to {}", html::readable(&lower, c.row.unit), html::readable(&upper, c.row.unit)))
        }
        None => match &c.row.figure {
            crate::indicators::figure::Figure::Value { .. } | crate::indicators::figure::Figure::Given(_) => {
                Html::text("x")
            }
            hidden => Html::text(&hidden.shown(c.row.unit)),
        },
    }
}

fn comparators_note(names: &[String]) -> Option<String> {
    (!names.is_empty()).then(|| {
        "Comparators are the latest published figures up to the reporting year; their year is shown beside each.".into()
    })
}

/// A label as it reads mid-sentence: "Foster" → "foster", but "CSE" stays.
fn in_sentence(label: &str) -> String {
    let mut c = label.chars();
    match (c.next(), c.next()) {
        (Some(first), Some(second)) if second.is_lowercase() => {
            first.to_lowercase().chain(label.chars().skip(1)).collect()
        }
        _ => label.to_string(),
    }
}

/// The area's rates in the reporting year beside each comparator's latest.
fn comparators(look: &Lookup, id: &str, message: &str, axis: &str, ids: &[(&str, &str)]) -> Option<(Chart, Table)> {
    let year = look.year();
    let ids: Vec<&(&str, &str)> = ids.iter().filter(|(i, _)| look.value(i, year).is_some()).collect();
    let names = comparator_names(look, &ids.iter().map(|(i, _)| *i).collect::<Vec<_>>());
    if ids.is_empty() || names.is_empty() {
        return None;
    }
    let area = look.area;
    let shown: Vec<&str> = ids.iter().map(|(i, _)| *i).collect();
    let labels: Vec<String> = names.iter().map(|n| comparator_label(look, &shown, n)).collect();
    let mut series = vec![Series {
        label: format!("{area} {year}"),
        values: ids.iter().map(|(i, _)| look.value(i, year)).collect(),
        comparator: false,
    }];
    for (name, label) in names.iter().zip(&labels) {
        series.push(Series {
            label: label.clone(),
            values: ids.iter().map(|(i, _)| bench(look, i, name).map(|(v, _)| v)).collect(),
            comparator: true,
        });
    }
    let mut head = vec!["Figure".to_string(), format!("{area} {year}"), interval_head(look, ids[0].0)];
    head.extend(labels.iter().cloned());
    let rows = ids
        .iter()
        .map(|(i, l)| {
            let mut cells = vec![look.figure(i, year), interval_cell(look, i)];
            cells.extend(names.iter().map(|name| bench_cell(look, i, name, Unit::RatePer10k)));
            TableRow { label: (*l).into(), cells }
        })
        .collect();
    let description = format!(
        "Bar chart comparing {area}'s rates per 10,000 children in {year} with {}. The values are in the table that follows.",
        labels.join(", ")
    );
    let title = format!("{message}, {year}");
    let chart = Chart {
        id: id.into(),
        kind: Kind::Bars,
        title: title.clone(),
        description,
        axis: axis.into(),
        categories: ids.iter().map(|(_, l)| (*l).to_string()).collect(),
        series,
        places: 1,
        funnel: None,
    };
    let note = Some(
        "Comparators are the latest published figures up to the reporting year; their year is shown beside each."
            .into(),
    );
    Some((chart, Table { caption: format!("Data for the chart: {title}"), head, rows, note }))
}
