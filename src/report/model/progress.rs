//! The board's priorities beside the figures that measure them: each measure's last two
//! years, the aim (a target, or a direction) and whether it was met, kept apart from
//! statistical significance.

use super::super::html::{self, Html};
use super::blocks::{Table, TableRow};
use super::lookup::Lookup;
use crate::indicators::catalogue::Polarity;
use crate::period::Period;
use crate::priorities::{Direction, Priority, verdict};

/// The table of progress, or why a priority cannot be measured (an id that is no figure, or
/// one with no better direction and none given).
pub fn progress(look: &Lookup, priorities: &[Priority]) -> Result<Option<Table>, String> {
    if priorities.is_empty() {
        return Ok(None);
    }
    let (year, before) = (look.year(), Period::Year(look.figs.reporting_year.previous()));
    let mut rows = Vec::new();
    for p in priorities {
        let title = crate::load::personal::shorten(&p.title);
        for m in &p.measures {
            let id = crate::load::personal::shorten(&m.id);
            let Some(ind) = look.indicator(&m.id) else {
                return Err(format!(
                    "priority \"{title}\" names `{id}`, which is not a figure of this report (see figures.csv)"
                ));
            };
            let own = match ind.polarity {
                Polarity::HigherIsBetter => Some(Direction::Up),
                Polarity::LowerIsBetter => Some(Direction::Down),
                Polarity::Neutral => None,
            };
            let Some(direction) = m.direction.or(own) else {
                return Err(format!(
                    "priority \"{title}\": `{id}` is neither better higher nor lower; say which the board wants, direction = \"up\" or \"down\""
                ));
            };
            let places = ind.unit.places() as usize;
            let aim = match (m.target, direction) {
                (Some(t), Direction::Up) => format!("at least {}", html::readable(&format!("{t:.places$}"), ind.unit)),
                (Some(t), Direction::Down) => format!("at most {}", html::readable(&format!("{t:.places$}"), ind.unit)),
                (None, Direction::Up) => "to rise".to_string(),
                (None, Direction::Down) => "to fall".to_string(),
            };
            let v = verdict(m, direction, look.value(&m.id, year), look.value(&m.id, before));
            let label = super::summary::wording(&m.id).map_or_else(|| ind.definition.clone(), |w| w.label.to_string());
            rows.push(TableRow {
                label: format!("{}: {label}", p.title),
                cells: vec![
                    look.figure(&m.id, before),
                    look.figure(&m.id, year),
                    Html::text(&aim),
                    Html::text(v.words()),
                ],
            });
        }
    }
    Ok(Some(Table {
        caption: format!("Progress against the board's priorities, {year}"),
        head: vec!["Priority and measure".into(), before.to_string(), year.to_string(), "Aim".into(), "Against the aim".into()],
        rows,
        note: Some("Whether an aim was met is the board's own test of the figure shown, not a test of significance: the sections say whether a change is more than chance.".into()),
    }))
}
