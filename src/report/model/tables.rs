//! The tables a section declares that are not a chart's data: the routing of contacts by
//! level of need, the partner measures, the board's actions and the budget.

use super::super::html::Html;
use super::super::sections::{OUTCOMES, TableSpec};
use super::blocks::{Table, TableRow};
use super::chart_data::{month_label, months};
use super::lookup::Lookup;
use crate::indicators::catalogue::Indicator;
use crate::period::Period;

pub(super) fn table(spec: &TableSpec, look: &Lookup) -> Option<Table> {
    match spec {
        TableSpec::Routing => routing(look),
        TableSpec::PartnerMeasures => partner_measures(look),
        TableSpec::Budget => budget(look),
        TableSpec::Actions => actions(look),
        TableSpec::Characteristics => characteristics(look),
    }
}

/// The groups of the characteristics table: its label, the cell of each service's breakdown
/// (`cin.at_31_march.<cell>`…), the looked-after cell where it is named otherwise, and the
/// population's.
const GROUPS: &[(&str, &str, Option<&str>, Option<&str>)] = &[
    ("Boys", "sex.m", None, Some("sex.m")),
    ("Girls", "sex.f", None, Some("sex.f")),
    ("Sex not known", "sex.u", None, None),
    ("White", "ethnicity.white", None, Some("ethnicity.white")),
    ("Mixed or multiple ethnic groups", "ethnicity.mixed", None, Some("ethnicity.mixed")),
    ("Asian or Asian British", "ethnicity.asian", None, Some("ethnicity.asian")),
    ("Black, African, Caribbean or Black British", "ethnicity.black", None, Some("ethnicity.black")),
    ("Any other ethnic group", "ethnicity.other", None, Some("ethnicity.other")),
    ("Ethnicity not known", "ethnicity.not_known", None, None),
    ("Unborn", "age.unborn", None, None),
    ("Under 1", "age.under_1", Some("lac.age.under_1"), Some("age.under_1")),
    ("Aged 1 to 4", "age.1_4", Some("lac.age.1_4"), Some("age.1_4")),
    ("Aged 5 to 9", "age.5_9", Some("lac.age.5_9"), Some("age.5_9")),
    ("Aged 10 to 15", "age.10_15", Some("lac.age.10_15"), Some("age.10_15")),
    ("Aged 16 or over", "age.16_plus", Some("lac.age.16_plus"), Some("age.16_plus")),
    ("Disabled", "disabled", None, None),
];

/// Each group's share of children in need, on a plan and looked after at 31 March, and of
/// the area's children; `z` where a return does not record it (the 903 has no disability).
fn characteristics(look: &Lookup) -> Option<Table> {
    let year = look.year();
    let share = |id: String| match look.row(&id, year) {
        Some(_) => look.figure(&id, year),
        None => Html::trusted("<span class=\"symbol\" title=\"not applicable\">z</span>".into()),
    };
    let any = ["cin", "cp", "lac"].iter().any(|s| look.value(&format!("{s}.at_31_march.sex.m.pct"), year).is_some());
    if !any {
        return None;
    }
    let rows = GROUPS
        .iter()
        .map(|(label, cell, lac, population)| {
            let mut cells: Vec<Html> =
                ["cin", "cp"].iter().map(|s| share(format!("{s}.at_31_march.{cell}.pct"))).collect();
            cells.push(share(match lac {
                Some(id) => format!("{id}.pct"),
                None => format!("lac.at_31_march.{cell}.pct"),
            }));
            cells.push(share(population.map_or_else(String::new, |p| format!("population.0_17.{p}.pct"))));
            TableRow { label: label.to_string(), cells }
        })
        .collect();
    Some(Table {
        caption: format!("Who the children are at 31 March, {year}: each group's share (per cent)"),
        head: vec![
            "Group".into(),
            "Children in need".into(),
            "On a child protection plan".into(),
            "Looked after".into(),
            "All children aged 0 to 17".into(),
        ],
        rows,
        note: Some(
            "Children in need include those on a plan and looked after. Ethnic groups are the Department for Education's major groups. The looked-after return records no disability, and the population estimates give no unborn or unknown group (z). The ages of all children are 16 and 17 only; children in need include young people of 18 and over.".into(),
        ),
    })
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
    let rows = look
        .thresholds
        .iter()
        .map(|t| {
            let n = &t.level;
            let mut cells = vec![look.figure(&format!("contacts.level.{n}"), year)];
            for (o, _) in OUTCOMES {
                cells.push(look.figure(&format!("contacts.level.{n}.{o}.pct"), year));
            }
            cells.push(Html::text(&t.route));
            TableRow { label: format!("{n} {}", t.name), cells }
        })
        .collect();
    Some(Table {
        caption: format!(
            "How contacts at each level of need were dealt with, {year} (per cent of the level's contacts)"
        ),
        head,
        rows,
        note: Some(crate::thresholds::expectation(&look.thresholds)),
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
            "As supplied by partners in measures.csv; x means no figure was supplied for that year. A measure supplied month by month is summed to the year when measures.csv calls it a FLOW, or taken at March when a STOCK; one whose kind is not given shows its latest month. figures.csv has every month.".into(),
        ),
    })
}

/// The board's actions for the area: overdue first, then those not yet due, then those
/// completed, each by due date.
fn actions(look: &Lookup) -> Option<Table> {
    let day = look.figs.reporting_year.last_day();
    let all = look.lea == crate::run::ALL;
    let mut items: Vec<_> = look.figs.actions.iter().filter(|a| all || a.lea == look.lea).collect();
    if items.is_empty() {
        return None;
    }
    let rank = |p: &str| ["overdue", "on_track", "completed"].iter().position(|q| *q == p).unwrap_or(3);
    items.sort_by(|a, b| (rank(a.progress), a.due, &a.action).cmp(&(rank(b.progress), b.due, &b.action)));
    let date = |d: chrono::NaiveDate| d.format("%-d %B %Y").to_string();
    let rows = items
        .iter()
        .map(|a| {
            let stood = match (a.progress, a.completed) {
                ("completed", Some(c)) => format!("completed {}", date(c)),
                ("completed", None) => "completed".to_string(),
                ("on_track", _) => "not yet due".to_string(),
                _ => "overdue".to_string(),
            };
            let evidence = a.evidence.as_deref().unwrap_or("not recorded");
            let cells = [a.owner.clone(), date(a.due), stood, evidence.to_string()].map(|c| Html::text(&c)).to_vec();
            TableRow { label: a.action.clone(), cells }
        })
        .collect();
    Some(Table {
        caption: format!("The board's actions at {}", date(day)),
        head: ["Action", "Owner", "Due", "Where it stood", "What changed"].map(String::from).to_vec(),
        rows,
        note: Some("In the board's words, from actions.csv. An action is overdue when its due date has passed and it was not completed by 31 March.".into()),
    })
}

/// Income by partner, then spending by line, each followed by its total, then the balance.
fn budget(look: &Lookup) -> Option<Table> {
    use crate::indicators::topics::budget::{BALANCE, INCOME, INCOME_PREFIX, SPEND, SPEND_PREFIX};
    let year = look.year();
    let previous = Period::Year(look.figs.reporting_year.previous());
    let lines = |prefix: &str| -> Vec<&Indicator> {
        let prefix = format!("{prefix}.");
        let mut found: Vec<&Indicator> =
            look.figs.indicators.iter().filter(|i| i.id.starts_with(&prefix) && i.label.is_some()).collect();
        // The largest first this year, as the chart beside it; then by name.
        let value = |i: &Indicator| look.row(&i.id, year).and_then(|r| r.figure.exact(r.unit)).unwrap_or(f64::MIN);
        found.sort_by(|a, b| value(b).total_cmp(&value(a)).then(a.label.cmp(&b.label)));
        found
    };
    let row =
        |label: String, id: &str| TableRow { label, cells: vec![look.figure(id, previous), look.figure(id, year)] };
    let mut rows = Vec::new();
    for (prefix, total, named) in
        [(INCOME_PREFIX, INCOME, "Total contributions"), (SPEND_PREFIX, SPEND, "Total spending")]
    {
        let found = lines(prefix);
        if found.is_empty() {
            continue;
        }
        let side = if prefix == INCOME_PREFIX { "Contribution" } else { "Spending" };
        rows.extend(found.iter().map(|i| row(format!("{side}: {}", i.label.as_deref().unwrap_or(&i.id)), &i.id)));
        rows.push(row(named.into(), total));
    }
    rows.push(row("Contributions less spending".into(), BALANCE));
    Some(Table {
        caption: format!("The partnership's budget, {previous} and {year} (pounds)"),
        head: vec!["Line".into(), previous.to_string(), year.to_string()],
        rows,
        note: Some("As given in budget.csv; the totals and the balance are added up from its lines. x means no figure was given for that year.".into()),
    })
}

/// The latest month (`2018-03`) of the reporting year for which `id` has a figure.
fn latest_month(look: &Lookup, id: &str) -> Option<Period> {
    months(look).into_iter().rev().find(|&m| look.row(id, m).is_some())
}
