//! The parts of the report as data: sections, figures (a chart and its table), tables.

use super::super::html::Html;
use serde::Serialize;

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

impl Section {
    /// A section of the board's own words only.
    pub fn of_the_board(id: String, title: String, words: Html) -> Self {
        Section {
            id,
            title,
            about: String::new(),
            sentences: Vec::new(),
            figures: Vec::new(),
            tables: Vec::new(),
            commentary: Some(words),
            plans: None,
            challenges: None,
        }
    }
}

/// A chart with the table of the data it draws.
#[derive(Debug, Serialize)]
pub struct FigureBlock {
    pub id: String,
    pub title: String,
    pub svg: Html,
    /// The same chart drawn for a phone's width (`charts::Width::Narrow`).
    pub svg_narrow: Html,
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
