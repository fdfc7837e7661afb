//! What a section declares: its headlines, charts and tables.

use super::super::narrative::Wording;

pub struct SectionSpec {
    pub id: &'static str,
    pub title: &'static str,
    /// What the section covers, in a sentence.
    pub about: &'static str,
    /// Figures quoted in sentences, with the change from last year.
    pub headlines: &'static [(&'static str, Wording)],
    pub charts: &'static [ChartSpec],
    pub tables: &'static [TableSpec],
    /// The files whose data the section shows: named in the report when it is left out.
    pub files: &'static [&'static str],
}

pub enum ChartSpec {
    /// Lines over the trend years; the title follows the first series.
    Trend { subject: &'static str, axis: &'static str, series: &'static [(&'static str, &'static str)] },
    /// Bars for the cells of a breakdown in the reporting year, largest first when `sort`.
    /// `message` holds `{}` for the largest cell's label.
    Breakdown { message: &'static str, axis: &'static str, cells: Cells, sort: bool },
    /// The area's figures beside every comparator in benchmarks.csv.
    Comparators { message: &'static str, axis: &'static str, ids: &'static [(&'static str, &'static str)] },
    /// For several authorities: each one's rate against its size, with control limits.
    Funnel { indicator: &'static str, subject: &'static str },
    /// Lines over the trend years of the parts of a whole (every age band of `whole`); the title
    /// follows the largest part in the reporting year, whichever it is.
    Parts { whole: &'static str, axis: &'static str, series: &'static [(&'static str, &'static str)] },
    /// Monthly lines through the reporting year.
    Monthly { subject: &'static str, axis: &'static str, series: &'static [(&'static str, &'static str)] },
}

/// The cells of a breakdown: listed, or every indicator `prefix…suffix` (found in the figures).
pub enum Cells {
    Listed(&'static [(&'static str, &'static str)]),
    Matching { prefix: &'static str, suffix: &'static str },
}

pub enum TableSpec {
    /// Contacts at each level of need by what happened to them, with the route the threshold
    /// guidance expects.
    Routing,
    /// Every partner measure, grouped by its section.
    PartnerMeasures,
    /// The board's actions in its words: owner, due date, where each stood at 31 March and
    /// what changed.
    Actions,
    /// The budget: each partner's contribution, each line of spend, their totals and the
    /// balance, this year beside last.
    Budget,
    /// Children in need, on a plan and looked after by sex, ethnic group, age and disability,
    /// each group's share beside its share of the area's children.
    Characteristics,
}

pub(super) const fn w(phrase: &'static str, label: &'static str) -> Wording {
    Wording { phrase, label }
}
