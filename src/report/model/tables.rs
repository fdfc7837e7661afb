//! The tables a section declares that are not a chart's data: the routing of contacts by
//! level of need, and the partner measures.

use super::super::html::Html;
use super::super::sections::{LEVELS, OUTCOMES, TableSpec};
use super::blocks::{Table, TableRow};
use super::chart_data::{month_label, months};
use super::lookup::Lookup;
use crate::indicators::catalogue::Indicator;
use crate::period::Period;

pub(super) fn table(spec: &TableSpec, look: &Lookup) -> Option<Table> {
    match spec {
        TableSpec::Routing => routing(look),
        TableSpec::PartnerMeasures => partner_measures(look),
    }
}

/// Contacts at each level of need by outcome (per cent of the level), with the expected route.
fn routing(look: &Lookup) -> Option<Table> {
    let year = look.year();
    if look.value("contacts.level.1", year).is_none() && look.value("contacts.level.5", year).is_none() {
        return None;
    }
    let mut head = vec!["Level of need".to_string(), "Contacts".into()];
    head.extend(OUTCOMES.iter().map(|(_, l)| l.to_string()));
    head.push("Route the guidance expects".into());
    let rows = LEVELS
        .iter()
        .map(|(n, name, route)| {
            let mut cells = vec![look.figure(&format!("contacts.level.{n}"), year)];
            for (o, _) in OUTCOMES {
                cells.push(look.figure(&format!("contacts.level.{n}.{o}.pct"), year));
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
    let previous = Period::Year(look.figs.reporting_year.previous());
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
                Some(month) if look.row(&i.id, year).is_none() => TableRow {
                    label: format!("{label} ({}, monthly)", month_label(month, "%B %Y")),
                    cells: vec![Html::text("z"), look.figure(&i.id, month)],
                },
                _ => TableRow { label, cells: vec![look.figure(&i.id, previous), look.figure(&i.id, year)] },
            }
        })
        .collect();
    Some(Table {
        caption: format!("Partner measures, {previous} and {year}"),
        head: vec!["Measure".into(), previous.to_string(), year.to_string()],
        rows,
        note: Some(
            "As supplied by partners in measures.csv; x means no figure was supplied for that year. A measure supplied month by month shows its latest month; figures.csv has every month.".into(),
        ),
    })
}

/// The latest month (`2018-03`) of the reporting year for which `id` has a figure.
fn latest_month(look: &Lookup, id: &str) -> Option<Period> {
    months(look).into_iter().rev().find(|&m| look.row(id, m).is_some())
}
