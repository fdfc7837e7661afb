//! The report as data, built from the figures: what the templates receive. Nothing here is
//! markup except figures (traceable `<data>` elements) and charts.

use super::charts::{self, Chart, Kind, Series};
use super::html::{self, Html};
use super::narrative;
use super::sections::{Cells, ChartSpec, LEVELS, OUTCOMES, SECTIONS, SectionSpec, TableSpec};
use crate::indicators::catalogue::{Indicator, Polarity};
use crate::indicators::compare::{Comparison, Delta, Direction};
use crate::indicators::figure::{Figure, Unit};
use crate::indicators::{FigureRow, Figures};
use crate::period::FinancialYear;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Serialize)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub about: String,
    /// Sentences quoting the headline figures (written from the figures).
    pub sentences: Vec<Html>,
    pub figures: Vec<FigureBlock>,
    pub tables: Vec<Table>,
    /// The board's own words from narrative files, when given.
    pub commentary: Option<Html>,
    pub plans: Option<Html>,
    pub challenges: Option<Html>,
}

/// A chart with the table of the data it draws.
#[derive(Debug, Serialize)]
pub struct FigureBlock {
    pub id: String,
    pub title: String,
    pub svg: Html,
    pub table: Table,
}

#[derive(Debug, Serialize)]
pub struct Table {
    pub caption: String,
    pub head: Vec<String>,
    pub rows: Vec<TableRow>,
    pub note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct TableRow {
    pub label: String,
    pub cells: Vec<Html>,
}

/// The figures of one authority, looked up by indicator and period.
pub struct Lookup<'a> {
    pub lea: &'a str,
    /// The area's name, as report.toml gives it.
    pub area: &'a str,
    pub figs: &'a Figures,
    rows: BTreeMap<(&'a str, &'a str), &'a FigureRow>,
    comparisons: BTreeMap<&'a str, &'a Comparison<'a>>,
    indicators: BTreeMap<&'a str, &'a Indicator>,
}

impl<'a> Lookup<'a> {
    pub fn new(figs: &'a Figures, comparisons: &'a [Comparison<'a>], lea: &'a str, area: &'a str) -> Self {
        let rows =
            figs.rows.iter().filter(|r| r.lea == lea).map(|r| ((r.indicator.as_str(), r.period.as_str()), r)).collect();
        let comparisons =
            comparisons.iter().filter(|c| c.row.lea == lea).map(|c| (c.row.indicator.as_str(), c)).collect();
        let indicators = figs.indicators.iter().map(|i| (i.id.as_str(), i)).collect();
        Lookup { lea, area, figs, rows, comparisons, indicators }
    }

    pub fn year(&self) -> String {
        self.figs.reporting_year.to_string()
    }

    pub fn row(&self, id: &str, period: &str) -> Option<&'a FigureRow> {
        self.rows.get(&(id, period)).copied()
    }

    pub fn comparison(&self, id: &str) -> Option<&'a Comparison<'a>> {
        self.comparisons.get(id).copied()
    }

    pub fn indicator(&self, id: &str) -> Option<&'a Indicator> {
        self.indicators.get(id).copied()
    }

    pub fn polarity(&self, id: &str) -> Polarity {
        self.indicator(id).map_or(Polarity::Neutral, |i| i.polarity)
    }

    /// Marked-up figure, or a plain `x` when the figures have no such row (a partner measure
    /// not supplied for the year): nothing claims a row figures.csv does not have.
    pub fn figure(&self, id: &str, period: &str) -> Html {
        match self.row(id, period) {
            Some(r) => html::figure(id, period, &r.figure, r.unit),
            None => Html::trusted("<span class=\"symbol\" title=\"not available\">x</span>".into()),
        }
    }

    /// The figure as a reader sees it, in plain text (chart descriptions): "20,351", "c", "x".
    fn readable(&self, id: &str, period: &str) -> String {
        self.row(id, period).map_or_else(|| "x".to_string(), |r| html::readable(&r.figure.shown(r.unit), r.unit))
    }

    fn value(&self, id: &str, period: &str) -> Option<f64> {
        self.row(id, period).and_then(|r| r.figure.exact(r.unit))
    }

    /// Indicator ids `prefix…suffix` that have a row in the reporting year, in catalogue order.
    fn matching(&self, prefix: &str, suffix: &str) -> Vec<(String, String)> {
        let year = self.year();
        self.figs
            .indicators
            .iter()
            .filter(|i| i.id.starts_with(prefix) && i.id.ends_with(suffix) && i.id.len() > prefix.len() + suffix.len())
            .filter(|i| !i.id[prefix.len()..i.id.len() - suffix.len()].contains('.'))
            .filter(|i| self.row(&i.id, &year).is_some())
            .map(|i| {
                let part = &i.id[prefix.len()..i.id.len() - suffix.len()];
                let known = super::sections::LABELS.iter().find(|(k, _)| *k == part).map(|(_, l)| (*l).to_string());
                (i.id.clone(), i.label.clone().or(known).unwrap_or_else(|| humanise(part)))
            })
            .collect()
    }
}

/// "domestic_abuse" → "Domestic abuse".
fn humanise(slug: &str) -> String {
    narrative::capitalise(&slug.replace('_', " "))
}

/// A section is shown when its first headline (or, without headlines, any of its tables) has
/// data for the reporting year.
fn present(spec: &SectionSpec, look: &Lookup) -> bool {
    let year = look.year();
    match spec.headlines.first() {
        Some((id, _)) => look.row(id, &year).is_some_and(|r| !matches!(r.figure, Figure::NotAvailable)),
        None => spec.tables.iter().any(|t| match t {
            TableSpec::PartnerMeasures => look.figs.indicators.iter().any(|i| i.id.starts_with("measure.")),
            TableSpec::Routing => true,
        }),
    }
}

pub fn sections(look: &Lookup, charts_made: &mut Vec<(String, String)>) -> Result<Vec<Section>, charts::ChartError> {
    let mut out = Vec::new();
    for spec in SECTIONS.iter().filter(|s| present(s, look)) {
        let mut sentences = Vec::new();
        for (id, wording) in spec.headlines {
            if let Some(c) = look.comparison(id) {
                let mut s = narrative::headline(wording, c, look.polarity(id));
                if let Some(b) = narrative::benchmarks(c, look.polarity(id)) {
                    s.push_text(" ").push(&b);
                }
                sentences.push(s);
            }
        }
        let mut figures = Vec::new();
        for chart in spec.charts {
            if let Some(block) = figure_block(chart, look, spec.id, charts_made.len() + 1)? {
                charts_made.push((format!("{}.svg", block.id), block.svg.as_str().to_string()));
                figures.push(block);
            }
        }
        let tables = spec.tables.iter().filter_map(|t| table(t, look)).collect();
        out.push(Section {
            id: spec.id.into(),
            title: spec.title.into(),
            about: spec.about.into(),
            sentences,
            figures,
            tables,
            commentary: None,
            plans: None,
            challenges: None,
        });
    }
    Ok(out)
}

fn trend_years(look: &Lookup) -> Vec<String> {
    let last = look.figs.reporting_year.start_year;
    let first = look.figs.periods.first().map_or(last, |p| p.start_year);
    (first.max(last - crate::indicators::TREND_YEARS + 1)..=last).map(|y| FinancialYear::new(y).to_string()).collect()
}

fn months(look: &Lookup) -> Vec<String> {
    let start = look.figs.reporting_year.first_day();
    (0..12)
        .map(|k| start.checked_add_months(chrono::Months::new(k)).expect("a month").format("%Y-%m").to_string())
        .collect()
}

fn month_label(period: &str, format: &str) -> String {
    chrono::NaiveDate::parse_from_str(&format!("{period}-01"), "%Y-%m-%d")
        .map_or_else(|_| period.to_string(), |d| d.format(format).to_string())
}

fn unit_of(look: &Lookup, id: &str) -> Unit {
    look.indicator(id).map_or(Unit::Count, |i| i.unit)
}

/// The chart and its data table; `None` when the data has none of its figures.
fn figure_block(
    spec: &ChartSpec,
    look: &Lookup,
    section: &str,
    number: usize,
) -> Result<Option<FigureBlock>, charts::ChartError> {
    let id = format!("chart-{number:02}-{section}");
    let chart = match spec {
        ChartSpec::Trend { subject, axis, series } => {
            over_periods(look, &id, subject, axis, series, trend_years(look), false)
        }
        ChartSpec::Monthly { subject, axis, series } => {
            over_periods(look, &id, subject, axis, series, months(look), true)
        }
        ChartSpec::Breakdown { message, axis, cells, sort } => breakdown(look, &id, message, axis, cells, *sort),
        ChartSpec::Comparators { message, axis, ids } => comparators(look, &id, message, axis, ids),
    };
    let Some((chart, table)) = chart else { return Ok(None) };
    let svg = charts::render(&chart)?;
    Ok(Some(FigureBlock { id, title: chart.title.clone(), svg: Html::trusted(svg), table }))
}

/// Lines of several indicators over years or months; the title states how the first moved.
fn over_periods(
    look: &Lookup,
    id: &str,
    subject: &str,
    axis: &str,
    series: &[(&str, &str)],
    periods: Vec<String>,
    monthly: bool,
) -> Option<(Chart, Table)> {
    let series: Vec<&(&str, &str)> =
        series.iter().filter(|(s, _)| periods.iter().any(|p| look.value(s, p).is_some())).collect();
    let (first_id, _) = series.first()?;
    let labels: Vec<String> =
        periods.iter().map(|p| if monthly { month_label(p, "%b %Y") } else { p.clone() }).collect();
    // Twelve month names fit along the axis only when short; the title and table give the years.
    let axis_labels: Vec<String> =
        periods.iter().map(|p| if monthly { month_label(p, "%b") } else { p.clone() }).collect();
    let values: Vec<Option<f64>> = periods.iter().map(|p| look.value(first_id, p)).collect();
    let title = movement_title(subject, &values, &labels);
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
                values: periods.iter().map(|p| look.value(s, p)).collect(),
                comparator: false,
            })
            .collect(),
        places: unit.places() as usize,
    };
    let first = if monthly { "Month" } else { "Year" }.to_string();
    let head = std::iter::once(first).chain(series.iter().map(|(_, l)| (*l).to_string())).collect();
    let rows = periods
        .iter()
        .zip(&labels)
        .map(|(p, label)| TableRow {
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
fn describe(labels: &[String], series: &[(&str, &str)], look: &Lookup, periods: &[String]) -> String {
    let mut parts = Vec::new();
    for (id, label) in series {
        let values: Vec<String> =
            periods.iter().zip(labels).map(|(p, l)| format!("{l} {}", look.readable(id, p))).collect();
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
    cells.retain(|(i, _)| look.row(i, &year).is_some());
    if cells.iter().all(|(i, _)| look.value(i, &year).is_none()) {
        return None;
    }
    if sort {
        // Largest first; suppressed cells (no value) last, in their declared order.
        cells.sort_by(|(a, _), (b, _)| {
            let (a, b) = (look.value(a, &year), look.value(b, &year));
            b.unwrap_or(-1.0).partial_cmp(&a.unwrap_or(-1.0)).unwrap_or(std::cmp::Ordering::Equal)
        });
    }
    let top = cells
        .iter()
        .filter_map(|(i, l)| look.value(i, &year).map(|v| (v, l)))
        .fold(None::<(f64, &String)>, |best, (v, l)| if best.is_none_or(|(b, _)| v > b) { Some((v, l)) } else { best });
    let title = top.map_or_else(
        || message.replace("{} ", ""),
        |(_, l)| narrative::capitalise(&message.replace("{}", &in_sentence(l))),
    );
    let title = format!("{title}, {year}");
    let unit = cells.first().map_or(Unit::Count, |(i, _)| unit_of(look, i));
    let description = format!(
        "Bar chart. {}. Values shown as c are suppressed.",
        cells.iter().map(|(i, l)| format!("{l} {}", look.readable(i, &year))).collect::<Vec<_>>().join(", ")
    );
    // Comparators where benchmarks.csv has them for these cells (England's assessment factors).
    let ids: Vec<&str> = cells.iter().map(|(i, _)| i.as_str()).collect();
    let names = comparator_names(look, &ids);
    let area_label = if names.is_empty() { year.clone() } else { format!("{} {year}", look.area) };
    let mut series = vec![Series {
        label: area_label.clone(),
        values: cells.iter().map(|(i, _)| look.value(i, &year)).collect(),
        comparator: false,
    }];
    series.extend(names.iter().map(|name| Series {
        label: name.clone(),
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
            format!("{description} Compared with {}: see the table that follows.", names.join(", "))
        },
        axis: axis.into(),
        categories: cells.iter().map(|(_, l)| l.clone()).collect(),
        series,
        places: unit.places() as usize,
    };
    let rows = cells
        .iter()
        .map(|(i, l)| {
            let mut row = vec![look.figure(i, &year)];
            row.extend(names.iter().map(|name| bench_cell(look, i, name, unit)));
            TableRow { label: l.clone(), cells: row }
        })
        .collect();
    let mut head = vec!["Category".to_string(), area_label];
    head.extend(names.iter().cloned());
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

/// A comparator's latest value for `id`, with its period.
fn bench(look: &Lookup, id: &str, name: &str) -> Option<(f64, String)> {
    look.comparison(id)
        .and_then(|c| c.benchmarks.iter().find(|b| b.comparator == *name))
        .map(|b| (b.value, b.period.clone()))
}

/// A comparator's value in a table, marked so it can be traced to benchmarks.csv.
fn bench_cell(look: &Lookup, id: &str, name: &str, unit: Unit) -> Html {
    match bench(look, id, name) {
        Some((v, p)) => {
            let shown = crate::indicators::compare::round_f64(v, unit.places() as usize);
            html::derived("benchmark", id, &p, &shown, &format!("{} ({p})", html::readable(&shown, unit)))
        }
        None => Html::text("x"),
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
    let ids: Vec<&(&str, &str)> = ids.iter().filter(|(i, _)| look.value(i, &year).is_some()).collect();
    let names = comparator_names(look, &ids.iter().map(|(i, _)| *i).collect::<Vec<_>>());
    if ids.is_empty() || names.is_empty() {
        return None;
    }
    let area = look.area;
    let mut series = vec![Series {
        label: format!("{area} {year}"),
        values: ids.iter().map(|(i, _)| look.value(i, &year)).collect(),
        comparator: false,
    }];
    for name in &names {
        series.push(Series {
            label: name.clone(),
            values: ids.iter().map(|(i, _)| bench(look, i, name).map(|(v, _)| v)).collect(),
            comparator: true,
        });
    }
    let mut head = vec!["Figure".to_string(), format!("{area} {year}")];
    head.extend(names.iter().cloned());
    let rows = ids
        .iter()
        .map(|(i, l)| {
            let mut cells = vec![look.figure(i, &year)];
            cells.extend(names.iter().map(|name| bench_cell(look, i, name, Unit::RatePer10k)));
            TableRow { label: (*l).into(), cells }
        })
        .collect();
    let description = format!(
        "Bar chart comparing {area}'s rates per 10,000 children in {year} with {}. The values are in the table that follows.",
        names.join(", ")
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
    };
    let note = Some(
        "Comparators are the latest published figures up to the reporting year; their year is shown beside each."
            .into(),
    );
    Some((chart, Table { caption: format!("Data for the chart: {title}"), head, rows, note }))
}

fn table(spec: &TableSpec, look: &Lookup) -> Option<Table> {
    match spec {
        TableSpec::Routing => routing(look),
        TableSpec::PartnerMeasures => partner_measures(look),
    }
}

/// Contacts at each level of need by outcome (per cent of the level), with the expected route.
fn routing(look: &Lookup) -> Option<Table> {
    let year = look.year();
    if look.value("contacts.level.1", &year).is_none() && look.value("contacts.level.5", &year).is_none() {
        return None;
    }
    let mut head = vec!["Level of need".to_string(), "Contacts".into()];
    head.extend(OUTCOMES.iter().map(|(_, l)| l.to_string()));
    head.push("Route the guidance expects".into());
    let rows = LEVELS
        .iter()
        .map(|(n, name, route)| {
            let mut cells = vec![look.figure(&format!("contacts.level.{n}"), &year)];
            for (o, _) in OUTCOMES {
                cells.push(look.figure(&format!("contacts.level.{n}.{o}.pct"), &year));
            }
            cells.push(Html::text(route));
            TableRow { label: format!("{n} {name}"), cells }
        })
        .collect();
    Some(Table {
        caption: format!("How contacts at each level of need were dealt with, {year} (per cent of the level's contacts)"),
        head,
        rows,
        note: Some(
            "Levels follow the partnership's threshold guidance. Contacts at levels 4 and 5 should mostly become referrals; contacts at levels 1 and 2 should rarely do so.".into(),
        ),
    })
}

fn partner_measures(look: &Lookup) -> Option<Table> {
    let year = look.year();
    let previous = look.figs.reporting_year.previous().to_string();
    let measures: Vec<&Indicator> = look.figs.indicators.iter().filter(|i| i.id.starts_with("measure.")).collect();
    if measures.is_empty() {
        return None;
    }
    let mut ordered = measures.clone();
    ordered.sort_by(|a, b| a.group.cmp(&b.group));
    let rows = ordered
        .iter()
        .map(|i| {
            let label =
                format!("{}: {}", i.group.clone().unwrap_or_default(), i.label.clone().unwrap_or_else(|| i.id.clone()));
            match latest_month(look, &i.id) {
                // Supplied by month: the latest month of the year, labelled as such.
                Some(month) if look.row(&i.id, &year).is_none() => TableRow {
                    label: format!("{label} ({}, monthly)", month_label(&month, "%B %Y")),
                    cells: vec![Html::text("z"), look.figure(&i.id, &month)],
                },
                _ => TableRow { label, cells: vec![look.figure(&i.id, &previous), look.figure(&i.id, &year)] },
            }
        })
        .collect();
    Some(Table {
        caption: format!("Partner measures, {previous} and {year}"),
        head: vec!["Measure".into(), previous, year],
        rows,
        note: Some(
            "As supplied by partners in measures.csv; x means no figure was supplied for that year. A measure supplied month by month shows its latest month; figures.csv has every month.".into(),
        ),
    })
}

/// The latest month (`2018-03`) of the reporting year for which `id` has a figure.
fn latest_month(look: &Lookup, id: &str) -> Option<String> {
    months(look).into_iter().rev().find(|m| look.row(id, m).is_some())
}

/// A group of key messages under its heading.
#[derive(Debug, Serialize)]
pub struct KeyMessages {
    pub heading: String,
    pub items: Vec<Html>,
}

/// The core demand figures every reader asks for first.
const DEMAND: [&str; 5] = ["contacts.total", "referrals.total", "cin.at_31_march", "cp.at_31_march", "lac.at_31_march"];
/// Compared with England in the summary: timeliness, repeat work and the main rates.
const AGAINST_ENGLAND: [&str; 5] = [
    "cfa.within_45wd.pct",
    "cp.reviews.in_time.pct",
    "referrals.rereferral_12m.pct",
    "cp.at_31_march.rate",
    "lac.at_31_march.rate",
];

fn wording(id: &str) -> Option<&'static super::narrative::Wording> {
    SECTIONS.iter().flat_map(|s| s.headlines.iter()).find(|(i, _)| *i == id).map(|(_, w)| w)
}

/// The summary: demand, the largest other changes, and the comparisons with England.
pub fn key_messages(look: &Lookup) -> Vec<KeyMessages> {
    let demand: Vec<Html> = DEMAND
        .iter()
        .filter_map(|id| Some(narrative::headline(wording(id)?, look.comparison(id)?, look.polarity(id))))
        .collect();
    let mut scored: Vec<(f64, Html)> = Vec::new();
    for (id, w) in SECTIONS.iter().flat_map(|s| s.headlines.iter()).filter(|(id, _)| !DEMAND.contains(id)) {
        let Some(c) = look.comparison(id) else { continue };
        let Delta::Change(ch) = &c.delta else { continue };
        let (Some(a), Some(b)) = (c.row.figure.exact(c.row.unit), c.previous.exact(c.row.unit)) else { continue };
        if ch.negligible || ch.direction == Direction::Unchanged {
            continue;
        }
        // Five percentage points weigh like a 10% change in a count. Small counts swing by
        // large percentages without meaning much, so they are left to their sections.
        let size = match c.row.unit {
            Unit::Pct => (a - b).abs() / 50.0,
            _ if b.abs() < 100.0 => continue,
            _ => ((a - b) / b).abs(),
        };
        let weight = if look.polarity(id) == Polarity::Neutral { 1.0 } else { 1.5 };
        scored.push((size * weight, narrative::headline(w, c, look.polarity(id))));
    }
    scored.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
    let changes: Vec<Html> = scored.into_iter().take(5).map(|(_, h)| h).collect();
    let mut england = Vec::new();
    for id in AGAINST_ENGLAND {
        let Some(c) = look.comparison(id) else { continue };
        let Some(b) = c.benchmarks.iter().find(|b| b.comparator == "England") else { continue };
        let Some(v) = c.row.figure.exact(c.row.unit) else { continue };
        let shown = crate::indicators::compare::round_f64(b.value, c.row.unit.places() as usize);
        let mut s = Html::text(&format!("{}: ", narrative::capitalise(short_label(id))));
        s.push(&narrative::current(c)).push_text(&format!(
            " in {}, {} England's ",
            c.row.period,
            narrative::relation(v, b.value, c.row.unit)
        ));
        s.push(&html::derived("benchmark", id, &b.period, &shown, &html::readable(&shown, c.row.unit)));
        s.push_text(&format!(" ({}).", b.period));
        england.push(s);
    }
    [("Demand", demand), ("What changed most", changes), ("Against England", england)]
        .into_iter()
        .filter(|(_, items)| !items.is_empty())
        .map(|(heading, items)| KeyMessages { heading: heading.into(), items })
        .collect()
}

fn short_label(id: &str) -> &'static str {
    match id {
        "cfa.within_45wd.pct" => "assessments completed within 45 working days",
        "cp.reviews.in_time.pct" => "child protection reviews held on time",
        "referrals.rereferral_12m.pct" => "re-referrals within 12 months",
        "cp.at_31_march.rate" => "children on a child protection plan per 10,000 children",
        "lac.at_31_march.rate" => "children looked after per 10,000 children",
        _ => "",
    }
}
