//! Charts as SVG with plotters: lines over years or months, and horizontal bars for a
//! breakdown (grouped when comparators are shown beside the area's own value).
//!
//! Plotters measures text with its built-in estimate (no font files, no system fonts), writes
//! no accessibility markup and has no grouped bars, so category labels, bars, markers and the
//! `<title>`/`<desc>` are added here. Meaning never rests on colour alone: lines have distinct
//! markers and a label at their end, comparator bars are outlined where the area's are solid,
//! and every bar carries its value.

use super::html::{escape, thousands};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The UK Government Analysis Function's categorical palette (dark blue, orange, turquoise,
/// dark pink), tested for colour-blind readers; dark blue and orange first for two series.
pub const PALETTE: [RGBColor; 4] =
    [RGBColor(0x12, 0x43, 0x6D), RGBColor(0xF4, 0x6A, 0x25), RGBColor(0x28, 0xA1, 0x97), RGBColor(0x80, 0x16, 0x50)];
const INK: RGBColor = RGBColor(0x0b, 0x0c, 0x0c);
const GRID: RGBColor = RGBColor(0xdd, 0xdd, 0xdd);

/// The width a chart is drawn for. A wide chart scales down with the page; on a phone that
/// would shrink its text below a readable size, so each chart is also drawn narrow, with its
/// labels above the bars and its legend above the lines, and the page shows the one that fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    Wide,
    Narrow,
}

impl Width {
    /// Pixels of the drawing; a narrow chart is never shown narrower than `MIN_NARROW` (the
    /// page scrolls it instead), so its text stays at least 12 pixels high.
    pub const fn px(self) -> u32 {
        match self {
            Width::Wide => 760,
            Width::Narrow => 340,
        }
    }

    fn narrow(self) -> bool {
        self == Width::Narrow
    }
}

/// The narrowest a narrow chart is shown (style.css says the same): its text is then
/// 16 / 1.24 × 320 / 340 = 12.1 pixels high.
pub const MIN_NARROW: u32 = 320;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Categories along the x axis (years, months), one line per series.
    Lines,
    /// Categories down the y axis, one bar per series in each.
    Bars,
    /// Areas as points, their rate against their size, inside control limits (`Chart::funnel`).
    Funnel,
}

/// What a funnel plot needs beyond its points' rates (`series[0]`, one per category).
#[derive(Debug, Clone)]
pub struct Funnel {
    /// Each area's number of children, in the order of the categories.
    pub population: Vec<f64>,
    /// The rate of all areas together.
    pub centre: f64,
    /// Along the size axis: (children, [99.8% lower, 95% lower, 95% upper, 99.8% upper]).
    pub limits: Vec<(f64, [f64; 4])>,
}

#[derive(Debug, Clone)]
pub struct Series {
    pub label: String,
    /// One per category; `None` for a value that is suppressed or not available (a gap).
    pub values: Vec<Option<f64>>,
    /// A comparator (drawn outlined), not the area's own figure.
    pub comparator: bool,
}

#[derive(Debug, Clone)]
pub struct Chart {
    /// Unique in the report: used for the SVG's element ids.
    pub id: String,
    pub kind: Kind,
    /// States the message ("Contacts fell between 2013-14 and 2017-18").
    pub title: String,
    /// What the chart shows, with every value: the alternative text.
    pub description: String,
    /// The value axis: "Number of children", "Per cent".
    pub axis: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// Decimal places for value labels.
    pub places: usize,
    /// For `Kind::Funnel` only.
    pub funnel: Option<Funnel>,
}

#[derive(Debug, thiserror::Error)]
#[error("drawing the chart {chart} failed: {reason}")]
pub struct ChartError {
    chart: String,
    reason: String,
}

/// The chart as an inline SVG element with role, title and description, drawn for `width`.
/// The narrow drawing's element ids end in `-narrow`, so both can be in one page.
pub fn render(chart: &Chart, width: Width) -> Result<String, ChartError> {
    let mut svg = String::new();
    let drawn = match chart.kind {
        Kind::Lines => lines(chart, width, &mut svg),
        Kind::Bars => bars(chart, width, &mut svg),
        Kind::Funnel => funnel(chart, width, &mut svg),
    };
    drawn.map_err(|e| ChartError { chart: chart.id.clone(), reason: e.to_string() })?;
    let id = match width {
        Width::Wide => chart.id.clone(),
        Width::Narrow => format!("{}-narrow", chart.id),
    };
    Ok(accessible(&svg, chart, &id, width))
}

type Drawn = Result<(), Box<dyn std::error::Error>>;

/// Text in the chart's ink, anchored at its position as given. Plotters writes an SVG font
/// size of `size / 1.24`; a narrow chart's text is 16 (12.9 pixels at 340 pixels wide).
fn text(width: Width, size: u32, h: HPos, v: VPos) -> TextStyle<'static> {
    font(width, size).pos(Pos::new(h, v))
}

fn font(width: Width, size: u32) -> TextStyle<'static> {
    let size = if width.narrow() { NARROW_TEXT } else { size };
    ("sans-serif", size).into_font().color(&INK)
}

/// A narrow chart's text size, in plotters' units.
const NARROW_TEXT: u32 = 16;

/// The width allowed for a character of a label, in pixels.
fn char_px(width: Width) -> i32 {
    if width.narrow() { 9 } else { 8 }
}

fn max_value(chart: &Chart) -> f64 {
    let max = chart.series.iter().flat_map(|s| s.values.iter().flatten()).fold(0.0f64, |a, &b| a.max(b));
    nice_ceiling(max)
}

/// A round number at or above `v` for the end of the value axis.
fn nice_ceiling(v: f64) -> f64 {
    if v <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(v.log10().floor());
    for step in [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0] {
        if step * magnitude >= v * 1.05 {
            return step * magnitude;
        }
    }
    10.0 * magnitude
}

fn label(v: f64, places: usize) -> String {
    thousands(&format!("{v:.places$}"))
}

fn lines(chart: &Chart, width: Width, svg: &mut String) -> Drawn {
    let n = chart.categories.len().max(1);
    let longest_label = chart.series.iter().map(|s| s.label.chars().count()).max().unwrap_or(0) as u32;
    // Wide: each line is named at its end. Narrow: in a legend above, as there is no room.
    let (right, legend) = match width {
        Width::Wide => ((longest_label * 8 + 24).min(260), Vec::new()),
        Width::Narrow => (16, legend_rows(chart, width)),
    };
    let legend_height = if legend.is_empty() { 0 } else { 24 * legend.len() as u32 + 6 };
    let height = if width.narrow() { 300 } else { 380 } + legend_height;
    {
        let root = SVGBackend::with_string(svg, (width.px(), height)).into_drawing_area();
        root.fill(&WHITE)?;
        let top = max_value(chart);
        let mut plot = ChartBuilder::on(&root)
            .margin_top(16 + legend_height)
            .margin_left(8)
            .margin_right(right)
            .margin_bottom(8)
            .x_label_area_size(44)
            .y_label_area_size(if width.narrow() { 80 } else { 72 })
            .build_cartesian_2d(-0.4f64..(n as f64 - 0.6), 0f64..top)?;
        plot.configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .y_labels(6)
            .bold_line_style(GRID)
            .light_line_style(TRANSPARENT)
            .y_desc(chart.axis.as_str())
            .y_label_formatter(&|v| label(*v, 0))
            .label_style(font(width, 14))
            .axis_desc_style(font(width, 14))
            .draw()?;
        let step = category_step(chart, width, right);
        for (i, c) in chart.categories.iter().enumerate().filter(|(i, _)| i % step == 0 || *i + 1 == n) {
            let (x, y) = plot.backend_coord(&(i as f64, 0.0));
            let style = text(width, 14, HPos::Center, VPos::Top);
            root.draw(&Text::new(c.clone(), (x, y + 8), style))?;
        }
        for (k, s) in chart.series.iter().enumerate() {
            let colour = PALETTE[k % PALETTE.len()];
            let points: Vec<(f64, Option<f64>)> = s.values.iter().enumerate().map(|(i, v)| (i as f64, *v)).collect();
            // A gap where a value is missing: each run of values is its own line.
            for run in points.split(|(_, v)| v.is_none()) {
                let run: Vec<(f64, f64)> = run.iter().filter_map(|(x, v)| v.map(|v| (*x, v))).collect();
                plot.draw_series(LineSeries::new(run, colour.stroke_width(3)))?;
            }
            for (x, v) in points.iter().filter_map(|(x, v)| v.map(|v| (*x, v))) {
                draw_marker_at(&root, k, plot.backend_coord(&(x, v)), colour)?;
            }
            let last = points.iter().rev().find_map(|(x, v)| v.map(|v| (*x, v)));
            if let Some((x, v)) = last.filter(|_| !width.narrow()) {
                let (px, py) = plot.backend_coord(&(x, v));
                let style = text(width, 14, HPos::Left, VPos::Center);
                root.draw(&Text::new(s.label.clone(), (px + 10, py + label_nudge(chart, k, x)), style))?;
            }
        }
        draw_legend(&root, chart, width, &legend, |root, j, (x, y)| {
            let colour = PALETTE[j % PALETTE.len()];
            root.draw(&PathElement::new([(x, y + 8), (x + 18, y + 8)], colour.stroke_width(3)))?;
            draw_marker_at(root, j, (x + 9, y + 8), colour)
        })?;
        root.present()?;
    }
    Ok(())
}

/// A funnel plot: each area's rate against its number of children, the centre line of all
/// areas and the 95% and 99.8% control limits, each line labelled at its right end.
fn funnel(chart: &Chart, width: Width, svg: &mut String) -> Drawn {
    let Some(f) = &chart.funnel else { return Err("a funnel plot without its limits".into()) };
    let rates = chart.series.first().map_or(&[][..], |s| s.values.as_slice());
    let widest = f.population.iter().copied().fold(0.0f64, f64::max);
    let x_end = nice_ceiling(widest);
    let highest = rates.iter().flatten().copied().chain(f.limits.iter().map(|(_, l)| l[3])).fold(0.0f64, f64::max);
    let y_end = nice_ceiling(highest);
    {
        // Narrow: the legend's three entries one under another.
        let legend_top = if width.narrow() { 3 * 22 + 10 } else { 36 };
        let height = if width.narrow() { 340 } else { 420 } + legend_top - 36;
        let root = SVGBackend::with_string(svg, (width.px(), height)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut plot = ChartBuilder::on(&root)
            .margin_top(legend_top)
            .margin_left(8)
            .margin_right(if width.narrow() { 24 } else { 40 })
            .margin_bottom(8)
            .x_label_area_size(48)
            .y_label_area_size(72)
            .build_cartesian_2d(0f64..x_end, 0f64..y_end)?;
        plot.configure_mesh()
            .x_labels(if width.narrow() { 3 } else { 6 })
            .y_labels(6)
            .bold_line_style(GRID)
            .light_line_style(TRANSPARENT)
            .x_desc("Children aged 0 to 17")
            .y_desc(chart.axis.as_str())
            .x_label_formatter(&|v| label(*v, 0))
            .y_label_formatter(&|v| label(*v, 0))
            .label_style(font(width, 14))
            .axis_desc_style(font(width, 14))
            .draw()?;
        let centre = [(0.0, f.centre), (x_end, f.centre)];
        plot.draw_series(LineSeries::new(centre, INK.stroke_width(2)))?;
        // 95% dashed, 99.8% dotted and thinner: told apart without colour.
        for (k, (name, colour)) in
            [("99.8%", PALETTE[3]), ("95%", PALETTE[1]), ("95%", PALETTE[1]), ("99.8%", PALETTE[3])]
                .into_iter()
                .enumerate()
        {
            let line: Vec<(f64, f64)> = f.limits.iter().map(|(x, l)| (*x, l[k])).filter(|(_, y)| *y <= y_end).collect();
            if name == "95%" {
                plot.draw_series(DashedLineSeries::new(line.clone(), 8, 5, colour.stroke_width(2)))?;
            } else {
                plot.draw_series(DottedLineSeries::new(line.clone(), 0, 6, move |c| {
                    Circle::new(c, 1, colour.filled())
                }))?;
            }
        }
        // A legend above the plot: the limits converge, so labels at their ends would collide.
        let mut x = if width.narrow() { 16 } else { 90 };
        for (row, (name, k)) in [("All authorities", 0), ("95% limits", 1), ("99.8% limits", 2)].into_iter().enumerate()
        {
            let y = if width.narrow() { 14 + 22 * row as i32 } else { 14 };
            let sample = [(x, y), (x + 28, y)];
            match k {
                0 => root.draw(&PathElement::new(sample, INK.stroke_width(2)))?,
                1 => {
                    root.draw(&PathElement::new([(x, y), (x + 11, y)], PALETTE[1].stroke_width(2)))?;
                    root.draw(&PathElement::new([(x + 17, y), (x + 28, y)], PALETTE[1].stroke_width(2)))?
                }
                _ => {
                    for dot in (0..=28).step_by(6) {
                        root.draw(&Circle::new((x + dot, y), 1, PALETTE[3].filled()))?;
                    }
                }
            }
            root.draw(&Text::new(name, (x + 36, y), text(width, 14, HPos::Left, VPos::Center)))?;
            if !width.narrow() {
                x += 36 + char_px(width) * name.chars().count() as i32 + 28;
            }
        }
        for (i, name) in chart.categories.iter().enumerate() {
            let (Some(Some(rate)), Some(&n)) = (rates.get(i), f.population.get(i)) else { continue };
            plot.draw_series(std::iter::once(Circle::new((n, *rate), 6, PALETTE[0].filled())))?;
            let (px, py) = plot.backend_coord(&(n, *rate));
            root.draw(&Text::new(name.clone(), (px + 9, py - 9), text(width, 13, HPos::Left, VPos::Center)))?;
        }
        root.present()?;
    }
    Ok(())
}

/// Keeps end labels of lines that finish close together from overlapping.
fn label_nudge(chart: &Chart, k: usize, _x: f64) -> i32 {
    let last = |s: &Series| s.values.iter().rev().flatten().next().copied();
    let top = max_value(chart);
    let mine = chart.series.get(k).and_then(last);
    let Some(mine) = mine else { return 0 };
    let clash = chart.series[..k].iter().filter_map(last).any(|other| ((other - mine) / top).abs() < 0.06);
    if clash { 16 } else { 0 }
}

/// Circle, triangle, square, diamond, at a point of the drawing: series stay distinct
/// without colour, on the lines and in the legend alike.
fn draw_marker_at<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    k: usize,
    (x, y): (i32, i32),
    colour: RGBColor,
) -> Drawn
where
    DB::ErrorType: 'static,
{
    let style = colour.filled();
    match k % 4 {
        0 => root.draw(&Circle::new((x, y), 5, style))?,
        1 => root.draw(&TriangleMarker::new((x, y), 7, style))?,
        2 => root.draw(&Rectangle::new([(x - 5, y - 5), (x + 5, y + 5)], style))?,
        _ => root.draw(&Polygon::new(vec![(x, y - 7), (x + 7, y), (x, y + 7), (x - 7, y)], style))?,
    }
    Ok(())
}

fn bars(chart: &Chart, width: Width, svg: &mut String) -> Drawn {
    let n = chart.categories.len().max(1);
    let k = chart.series.len().max(1);
    // Narrow: each category's name on a line of its own above its bars.
    let above = if width.narrow() { 24 } else { 0 };
    let band = above + if k == 1 { 30 } else { 22 * k as u32 + 8 };
    let legend_rows = if k > 1 { legend_rows(chart, width) } else { Vec::new() };
    let legend = if k > 1 { 24 * legend_rows.len() as u32 + 10 } else { 0 };
    let height = 60 + legend + band * n as u32;
    let longest = chart.categories.iter().map(|c| c.chars().count()).max().unwrap_or(0) as u32;
    let left = if width.narrow() { 8 } else { (longest * 8 + 16).clamp(60, 300) };
    // Bars and their labels in the lower part of each band, below the category's name.
    let shift = above as f64 / band as f64;
    {
        let root = SVGBackend::with_string(svg, (width.px(), height)).into_drawing_area();
        root.fill(&WHITE)?;
        let top = max_value(chart);
        let mut plot = ChartBuilder::on(&root)
            .margin_top(12 + legend)
            .margin_left(8)
            .margin_right(70)
            .x_label_area_size(40)
            .y_label_area_size(left)
            .build_cartesian_2d(0f64..top, -0.5f64..(n as f64 - 0.5))?;
        plot.configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(if width.narrow() { 4 } else { 6 })
            .bold_line_style(GRID)
            .light_line_style(TRANSPARENT)
            .x_desc(chart.axis.as_str())
            .x_label_formatter(&|v| label(*v, 0))
            .label_style(font(width, 14))
            .axis_desc_style(font(width, 14))
            .draw()?;
        let thickness = 0.8 / k as f64;
        for (i, c) in chart.categories.iter().enumerate() {
            // The first category at the top.
            let centre = (n - 1 - i) as f64;
            if width.narrow() {
                let (x, y) = plot.backend_coord(&(0.0, centre + 0.5));
                root.draw(&Text::new(c.clone(), (x, y + 4), text(width, 14, HPos::Left, VPos::Top)))?;
            } else {
                let (x, y) = plot.backend_coord(&(0.0, centre));
                root.draw(&Text::new(c.clone(), (x - 8, y), text(width, 14, HPos::Right, VPos::Center)))?;
            }
            let thickness = thickness * (1.0 - shift);
            for (j, s) in chart.series.iter().enumerate() {
                let y0 = centre + 0.4 - shift - thickness * (j as f64 + 1.0) + 0.02;
                let y1 = y0 + thickness - 0.04;
                let colour = PALETTE[j % PALETTE.len()];
                let Some(v) = s.values.get(i).copied().flatten() else {
                    let (px, py) = plot.backend_coord(&(0.0, (y0 + y1) / 2.0));
                    let style = text(width, 13, HPos::Left, VPos::Center);
                    let missing = if s.comparator { "not published" } else { "c or x: no value shown" };
                    root.draw(&Text::new(missing, (px + 6, py), style))?;
                    continue;
                };
                let style = if s.comparator { colour.stroke_width(3) } else { colour.filled() };
                plot.draw_series(std::iter::once(Rectangle::new([(0.0, y0), (v, y1)], style)))?;
                let (px, py) = plot.backend_coord(&(v, (y0 + y1) / 2.0));
                let style = text(width, 13, HPos::Left, VPos::Center);
                root.draw(&Text::new(label(v, chart.places), (px + 6, py), style))?;
            }
        }
        draw_legend(&root, chart, width, &legend_rows, |root, j, (x, y)| {
            let colour = PALETTE[j % PALETTE.len()];
            let style = if chart.series[j].comparator { colour.stroke_width(3) } else { colour.filled() };
            root.draw(&Rectangle::new([(x, y), (x + 18, y + 16)], style))?;
            Ok(())
        })?;
        root.present()?;
    }
    Ok(())
}

/// A legend in rows at the top: each series' key (drawn by `key` at its top left corner) and
/// name.
fn draw_legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    chart: &Chart,
    width: Width,
    rows: &[Vec<usize>],
    key: impl Fn(&DrawingArea<DB, plotters::coord::Shift>, usize, (i32, i32)) -> Drawn,
) -> Drawn
where
    DB::ErrorType: 'static,
{
    for (row, members) in rows.iter().enumerate() {
        let y = 12 + 24 * row as i32;
        let mut x = 16;
        for &j in members {
            let s = &chart.series[j];
            key(root, j, (x, y))?;
            root.draw(&Text::new(s.label.clone(), (x + 24, y + 8), text(width, 14, HPos::Left, VPos::Center)))?;
            x += legend_width(&s.label, width);
        }
    }
    Ok(())
}

fn legend_width(label: &str, width: Width) -> i32 {
    24 + char_px(width) * label.chars().count() as i32 + 24
}

/// Every how many categories a label fits along the x axis without overlapping.
fn category_step(chart: &Chart, width: Width, right: u32) -> usize {
    let n = chart.categories.len().max(1);
    let longest = chart.categories.iter().map(|c| c.chars().count()).max().unwrap_or(0);
    let room = width.px().saturating_sub(right + 80) as usize;
    let fit = (room / (char_px(width) as usize * longest + 12).max(1)).max(1);
    match width {
        Width::Wide => (n / 8).max(1),
        Width::Narrow => n.div_ceil(fit),
    }
}

/// The series of a chart's legend, by row, so that no row is wider than the chart.
fn legend_rows(chart: &Chart, width: Width) -> Vec<Vec<usize>> {
    let mut rows: Vec<Vec<usize>> = vec![Vec::new()];
    let mut used = 16;
    for (j, s) in chart.series.iter().enumerate() {
        let w = legend_width(&s.label, width);
        if used + w > width.px() as i32 && !rows.last().is_some_and(Vec::is_empty) {
            rows.push(Vec::new());
            used = 16;
        }
        rows.last_mut().expect("a row").push(j);
        used += w;
    }
    rows
}

/// Adds `role="img"`, a title and a description to plotters' bare `<svg>`, and lets it scale.
fn accessible(svg: &str, chart: &Chart, id: &str, width: Width) -> String {
    let id = escape(id);
    let class = match width {
        Width::Wide => "chart chart-wide",
        Width::Narrow => "chart chart-narrow",
    };
    let Some(open_end) = svg.find('>') else { return svg.to_string() };
    let open = &svg[..open_end];
    let open = open.replacen(" width=\"", " data-width=\"", 1).replacen(" height=\"", " data-height=\"", 1);
    format!(
        "{open} role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" class=\"{class}\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>{}",
        escape(&chart.title),
        escape(&chart.description),
        &svg[open_end + 1..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(kind: Kind) -> Chart {
        Chart {
            id: "chart-1".into(),
            kind,
            title: "Plans <rose> & fell".into(),
            description: "Plans by year".into(),
            axis: "Number of plans".into(),
            categories: vec!["2016-17".into(), "2017-18".into()],
            series: vec![
                Series { label: "Started".into(), values: vec![Some(356.0), None], comparator: false },
                Series { label: "England".into(), values: vec![Some(300.0), Some(310.0)], comparator: true },
            ],
            places: 0,
            funnel: None,
        }
    }

    #[test]
    fn charts_have_an_accessible_name_and_escaped_text() {
        for kind in [Kind::Lines, Kind::Bars] {
            let svg = render(&chart(kind), Width::Wide).unwrap();
            assert!(svg.starts_with("<svg"), "{kind:?}");
            assert!(svg.contains("role=\"img\" aria-labelledby=\"chart-1-title chart-1-desc\""));
            assert!(svg.contains("<title id=\"chart-1-title\">Plans &lt;rose&gt; &amp; fell</title>"));
            assert!(svg.contains("viewBox"), "scales with the page");
            assert!(svg.contains("\n2016-17\n") && svg.contains("\n2017-18\n"), "category labels are drawn");
            assert!(svg.contains("Started") && svg.contains("England"), "series are named, not only coloured");
        }
    }

    #[test]
    fn axis_ends_are_round_numbers() {
        assert_eq!(nice_ceiling(356.0), 400.0);
        assert_eq!(nice_ceiling(95.0), 100.0);
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(22_750.0), 25_000.0);
    }
}
