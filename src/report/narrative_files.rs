//! The board's own words: Markdown files in the data directory's `narrative/` folder, which
//! can quote any figure through template expressions, so no number is ever typed by hand.
//!
//! `foreword.md` opens the report and `priorities.md` closes it; for a section `<id>` (see the
//! report's contents), `<id>.md` replaces the sentences written from the figures, and
//! `<id>.plans.md` and `<id>.challenges.md` add the board's plans and challenges. Any other
//! file (`learning_reviews.md`) is a section of the board's own, titled by its first heading
//! and placed after the sections written from the figures.
//!
//! In a file, `{{ value("cp.at_31_march") }}` is the reporting year's figure,
//! `{{ value("cp.at_31_march", "2015-16") }}` another year's, `{{ previous("cp.at_31_march") }}`
//! last year's and `{{ change("cp.at_31_march") }}` the change in words ("a decrease of 12
//! (3.4%) from 356 in 2016-17"); `{{ area }}`, `{{ year }}` and `{{ previous_year }}` are the
//! names.

use super::html::Html;
use super::model::Lookup;
use super::narrative;
use crate::error::Error as RunError;
use crate::period::Period;
use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior, context};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// File stem (`foreword`, `cp.plans`) → (name for messages, Markdown source).
#[derive(Debug, Default)]
pub struct NarrativeFiles(pub BTreeMap<String, (String, String)>);

/// Reads every `.md` file of `dir`, which must be inside the data folder `root`; a missing
/// folder means no narrative (validation warns where report.toml names one).
pub fn read(dir: &Path, root: &Path, allowed: &[String]) -> Result<NarrativeFiles, RunError> {
    let mut files = BTreeMap::new();
    if !crate::load::files::within(root, dir) {
        return Err(RunError::Narrative {
            file: "narrative".into(),
            line: None,
            message: "the narrative folder is a link to a folder outside the data folder, which is not followed; \
                      copy the files in instead"
                .into(),
        });
    }
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(NarrativeFiles(files)) };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let Some(stem) = name.strip_suffix(".md").or_else(|| name.strip_suffix(".MD")) else { continue };
        let shown = format!("narrative/{name}");
        if !allowed.iter().any(|a| a == stem) {
            if let Some(message) = not_a_section_of_its_own(stem, allowed) {
                return Err(RunError::Narrative { file: shown, line: None, message });
            }
        }
        let bytes = crate::load::files::read_capped(&path, root, crate::load::files::TEXT_FILE_CAP)
            .map_err(|why| RunError::Narrative { file: shown.clone(), line: None, message: why })?;
        let text = String::from_utf8(bytes).map_err(|_| RunError::Narrative {
            file: shown.clone(),
            line: None,
            message: "is not UTF-8 text; save it as UTF-8".into(),
        })?;
        files.insert(stem.to_string(), (shown, text));
    }
    Ok(NarrativeFiles(files))
}

/// Ids the report gives its own parts, which a board's section may not take.
const RESERVED: &[&str] = &["summary", "glossary", "notes", "contents", "main"];

/// Why a file that names no part of the report cannot be a section of the board's own, if it
/// cannot: its name must be a plain id (`learning_reviews`), not a misspelling of a part's
/// name (`forword`, `cp.plan`) nor one of the report's own parts.
fn not_a_section_of_its_own(stem: &str, allowed: &[String]) -> Option<String> {
    let parts = || format!("narrative files for the report's parts are named {}", allowed.join(".md, ") + ".md");
    // Short names are too near each other (`cp`, `cin`, `lac`) to call one a misspelling.
    if let Some(meant) = allowed.iter().filter(|_| stem.len() >= 5).find(|a| crate::settings::close(a, stem)) {
        return Some(format!("no part of the report is called `{stem}` (did you mean `{meant}.md`?); {}", parts()));
    }
    let plain = !stem.is_empty()
        && stem.len() <= 60
        && stem.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
        && stem.as_bytes()[0].is_ascii_lowercase();
    if !plain {
        let shown = crate::load::personal::shorten(stem);
        return Some(format!(
            "no part of the report is called `{shown}`; {}; any other file becomes a section of its own, named in lower-case letters, digits, `_` and `-` (learning_reviews.md)",
            parts()
        ));
    }
    RESERVED
        .contains(&stem)
        .then(|| format!("`{stem}` is a part of the report the tool writes itself; name the file otherwise"))
}

/// The files that are sections of the board's own (named after no part of the report), in
/// name order, each as (id, file name for messages, title, body). The title is the file's
/// first line, a heading (`# Learning from reviews`); the body keeps a blank line in its
/// place, so that messages give the file's own line numbers.
pub fn own_sections(
    files: &NarrativeFiles,
    allowed: &[String],
) -> Result<Vec<(String, String, String, String)>, RunError> {
    let mut out = Vec::new();
    for (stem, (name, source)) in &files.0 {
        if allowed.contains(stem) {
            continue;
        }
        let first = source.lines().position(|l| !l.trim().is_empty());
        let title = first.and_then(|i| source.lines().nth(i)).and_then(|l| l.trim().strip_prefix("# ")).map(str::trim);
        let Some(title) = title.filter(|t| !t.is_empty()) else {
            return Err(RunError::Narrative {
                file: name.clone(),
                line: first.map(|i| i + 1),
                message: "a section of the board's own begins with its title as a heading (`# Learning from reviews`)"
                    .into(),
            });
        };
        let at = first.unwrap_or(0);
        let body: Vec<&str> = source.lines().enumerate().map(|(i, l)| if i == at { "" } else { l }).collect();
        out.push((stem.clone(), name.clone(), title.to_string(), body.join("\n")));
    }
    Ok(out)
}

/// The longest `{{ … }}` or `{% … %}` a narrative file or template override may hold. The
/// template engine parses nested expressions by recursion, and one of 100,000 operators
/// (`"a" - - - …`) overflowed the stack and aborted the process; the board's expressions are
/// a few dozen characters (`{{ value("cp.at_31_march", "2015-16") }}`).
pub const MAX_TAG: usize = 500;

/// Whether every tag of `source` is at most [`MAX_TAG`] characters; if not, the line of the
/// first too long and why.
pub fn tags_of_bounded_length(source: &str) -> Result<(), (usize, String)> {
    let mut at = 0;
    while let Some(found) = source[at..].find(['{']) {
        let open = at + found;
        let rest = &source[open..];
        let close = match rest.as_bytes().get(1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                at = open + 1;
                continue;
            }
        };
        let length = rest[2..].find(close).map_or(rest.len(), |end| end + 4);
        if length > MAX_TAG {
            let line = source[..open].matches('\n').count() + 1;
            return Err((
                line,
                format!(
                    "an expression or tag of more than {MAX_TAG} characters, which is not read (expressions quote a figure: {{{{ value(\"cp.at_31_march\") }}}})"
                ),
            ));
        }
        at = open + length.min(rest.len()).max(2);
    }
    Ok(())
}

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// Renders narrative files: expressions first (figures become placeholders), then Markdown,
/// then the placeholders become traceable figures. Built once per report.
pub struct Narrator {
    env: Environment<'static>,
    fragments: Arc<Mutex<Vec<Html>>>,
    context: minijinja::Value,
    /// Where images are embedded from; without it, an image's description stands in for it.
    images: Option<super::images::Images>,
}

impl Narrator {
    pub fn new(look: &Lookup) -> Self {
        let fragments: Arc<Mutex<Vec<Html>>> = Arc::default();
        let env = environment(look, &fragments);
        let context = context! {
            area => look.area,
            year => look.year().to_string(),
            previous_year => look.figs.reporting_year.previous().to_string(),
        };
        Narrator { env, fragments, context, images: None }
    }

    /// The same, embedding the images of the narrative folder `dir` (inside the data folder `root`).
    pub fn with_images(self, dir: &Path, root: &Path) -> Self {
        Narrator { images: Some(super::images::Images::new(dir, root)), ..self }
    }

    pub fn render(&self, name: &str, source: &str) -> Result<Html, RunError> {
        if let Err((line, message)) = tags_of_bounded_length(source) {
            return Err(RunError::Narrative { file: name.to_string(), line: Some(line), message });
        }
        self.fragments.lock().expect("not poisoned").clear();
        let expanded =
            self.env.render_named_str(name, source, self.context.clone()).map_err(|e| RunError::Narrative {
                file: name.to_string(),
                line: e.line(),
                message: match e.kind() {
                    ErrorKind::OutOfFuel => format!(
                        "takes more work than a narrative file may ({FUEL} steps: loops within loops?), so it was stopped"
                    ),
                    _ => e.detail().map_or_else(|| e.kind().to_string(), str::to_string),
                },
            })?;
        let markup = markdown_with(&expanded, self.images.as_ref()).map_err(|(at, message)| RunError::Narrative {
            file: name.to_string(),
            line: Some(expanded[..at.min(expanded.len())].matches('\n').count() + 1),
            message,
        })?;
        let fragments = self.fragments.lock().expect("not poisoned");
        Ok(Html::trusted(restore(&markup, &fragments)))
    }
}

/// The work one narrative file may take, in minijinja's steps (about 64 bytes of memory each,
/// at most): a page of prose quoting figures takes a few thousand; a loop nested in a loop can
/// take for ever or fill memory, and is stopped.
pub const FUEL: u64 = 1_000_000;

/// How deep includes, macros and blocks may nest.
pub const RECURSION: usize = 50;

fn environment(look: &Lookup, fragments: &Arc<Mutex<Vec<Html>>>) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_fuel(Some(FUEL));
    env.set_recursion_limit(RECURSION);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // The output is Markdown, escaped when it becomes HTML.
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    let year = Period::Year(look.figs.reporting_year);
    let mut values: BTreeMap<(String, Period), Html> = BTreeMap::new();
    let mut previous: BTreeMap<String, Html> = BTreeMap::new();
    let mut changes: BTreeMap<String, Html> = BTreeMap::new();
    for r in look.figs.rows.iter().filter(|r| r.lea == look.lea) {
        values.insert((r.indicator.clone(), r.period), look.figure_in_prose(&r.indicator, r.period));
    }
    for id in look.figs.indicators.iter().map(|i| &i.id) {
        if let Some(c) = look.comparison(id) {
            previous.insert(id.clone(), look.figure_in_prose(id, Period::Year(c.previous_period)));
            changes.insert(id.clone(), narrative::change(c, look.polarity(id)));
        }
    }
    let known: Vec<String> = look.figs.indicators.iter().map(|i| i.id.clone()).collect();
    let unknown = move |id: &str| {
        let hint = known.iter().find(|k| k.starts_with(id.split('.').next().unwrap_or(""))).cloned();
        let hint = hint.map(|h| format!(" (ids look like `{h}`; figures.csv lists them all)")).unwrap_or_default();
        Error::new(ErrorKind::InvalidOperation, format!("there is no figure called `{id}`{hint}"))
    };
    let store = {
        let fragments = Arc::clone(fragments);
        move |h: Html| {
            let mut f = fragments.lock().expect("not poisoned");
            f.push(h);
            format!("{OPEN}{}{CLOSE}", f.len() - 1)
        }
    };
    let (s1, u1) = (store.clone(), unknown.clone());
    env.add_function("value", move |id: String, period: Option<String>| -> Result<String, Error> {
        let wanted = match &period {
            None => Some(year),
            Some(p) => p.parse::<Period>().ok(),
        };
        let period = period.unwrap_or_else(|| year.to_string());
        match wanted.and_then(|p| values.get(&(id.clone(), p))) {
            Some(h) => Ok(s1(h.clone())),
            None if values.keys().any(|(i, _)| *i == id) => {
                Err(Error::new(ErrorKind::InvalidOperation, format!("`{id}` has no figure for the period `{period}`")))
            }
            None => Err(u1(&id)),
        }
    });
    let (s2, u2) = (store.clone(), unknown.clone());
    env.add_function("previous", move |id: String| -> Result<String, Error> {
        previous.get(&id).map(|h| s2(h.clone())).ok_or_else(|| u2(&id))
    });
    env.add_function("change", move |id: String| -> Result<String, Error> {
        changes.get(&id).map(|h| store(h.clone())).ok_or_else(|| unknown(&id))
    });
    env
}

/// Markdown to HTML. Raw HTML is shown as text and images as their description: the board's
/// words cannot inject markup or make the report fetch anything. Only `https:` and `mailto:`
/// links and in-page anchors stay links; every other address (`javascript:`, `data:`,
/// `http:`…) is shown as text, and so is the address of each link after its words, for
/// readers of a printed copy. Headings start at level 3, below the report's own.
pub fn markdown(source: &str) -> String {
    markdown_with(source, None).unwrap_or_default()
}

/// [`markdown`], embedding images from `images` (each with its description as alternative
/// text, which it must have); without `images`, an image's description stands in for it. The
/// first image that cannot be embedded is an error, with its byte offset in `source`.
pub fn markdown_with(source: &str, images: Option<&super::images::Images>) -> Result<String, (usize, String)> {
    let parser = Parser::new_ext(source, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    // Each open link: whether it stays a link, its address as shown, and its words so far.
    let mut links: Vec<(bool, String, String)> = Vec::new();
    // The open image: its file, its description so far and where it is.
    let mut image: Option<(String, String, usize)> = None;
    let mut problem: Option<(usize, String)> = None;
    let events = parser.into_offset_iter().flat_map(|(event, range)| -> Vec<Event> {
        if let (Some((_, _, words)), Event::Text(t) | Event::Code(t)) = (links.last_mut(), &event) {
            words.push_str(t);
        }
        // With images embedded, an image's description is its alternative text, not text.
        if let (Some((_, alt, _)), Some(_), Event::Text(t) | Event::Code(t)) = (image.as_mut(), images, &event) {
            alt.push_str(t);
            return vec![];
        }
        match event {
            Event::Html(t) | Event::InlineHtml(t) => vec![Event::Text(t)],
            Event::Start(Tag::Image { dest_url, .. }) => {
                image = Some((dest_url.to_string(), String::new(), range.start));
                vec![]
            }
            Event::End(TagEnd::Image) => {
                let (Some((dest, alt, at)), Some(images)) = (image.take(), images) else { return vec![] };
                let alt = without_placeholders(&alt).trim().to_string();
                if alt.is_empty() {
                    problem.get_or_insert((at, "an image needs words saying what it shows, for readers who cannot see it: ![what it shows](chart.png)".into()));
                    return vec![];
                }
                match images.embed(&without_placeholders(&dest)) {
                    Ok(data) => vec![Event::Html(format!("<img src=\"{data}\" alt=\"{}\">", attribute(&alt)).into())],
                    Err(why) => {
                        problem.get_or_insert((at, why));
                        vec![]
                    }
                }
            }
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                vec![Event::Start(Tag::Heading { level: deeper(level), id, classes, attrs })]
            }
            Event::End(TagEnd::Heading(level)) => vec![Event::End(TagEnd::Heading(deeper(level)))],
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                // A figure's placeholder never goes inside an attribute.
                let (dest, title) = (without_placeholders(&dest_url), without_placeholders(&title));
                let safe = link_type == pulldown_cmark::LinkType::Email || safe_address(&dest);
                links.push((safe, dest.clone(), String::new()));
                if safe {
                    vec![Event::Start(Tag::Link { link_type, dest_url: dest.into(), title: title.into(), id })]
                } else {
                    vec![]
                }
            }
            Event::End(TagEnd::Link) => {
                let Some((safe, dest, words)) = links.pop() else { return vec![] };
                let mut out = if safe { vec![Event::End(TagEnd::Link)] } else { vec![] };
                if !dest.starts_with('#') && words.trim() != dest.trim() {
                    out.push(Event::Text(format!(" ({})", dest.trim()).into()));
                }
                out
            }
            other => vec![other],
        }
    });
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events);
    match problem {
        Some(p) => Err(p),
        None => Ok(out),
    }
}

/// Text as an attribute's value.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

/// An address the report may link to: https, mail, or a place in the report itself.
fn safe_address(dest: &str) -> bool {
    let dest = dest.trim().to_ascii_lowercase();
    (dest.starts_with("https://") && dest.len() > "https://".len())
        || dest.starts_with("mailto:")
        || dest.starts_with('#')
}

/// `text` with the figures' placeholders taken out.
fn without_placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    for ch in text.chars() {
        match ch {
            OPEN => inside = true,
            CLOSE => inside = false,
            _ if !inside => out.push(ch),
            _ => {}
        }
    }
    out
}

fn deeper(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H3,
        HeadingLevel::H2 => HeadingLevel::H4,
        HeadingLevel::H3 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Puts each figure back where its placeholder is; a placeholder the text mangled is dropped.
fn restore(markup: &str, fragments: &[Html]) -> String {
    let mut out = String::with_capacity(markup.len());
    let mut rest = markup;
    while let Some(start) = rest.find(OPEN) {
        out.push_str(&rest[..start]);
        let after = &rest[start + OPEN.len_utf8()..];
        let Some(end) = after.find(CLOSE) else {
            rest = after;
            continue;
        };
        if let Some(h) = after[..end].parse::<usize>().ok().and_then(|i| fragments.get(i)) {
            out.push_str(h.as_str());
        }
        rest = &after[end + CLOSE.len_utf8()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_cannot_inject_markup_or_fetch_images() {
        let html =
            markdown("# Our year\n\nWe <script>alert(1)</script> did **well**.\n\n![logo](https://example.org/x.png)");
        assert!(html.contains("<h3>Our year</h3>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("logo"), "the image's description stays: {html}");
        assert!(html.contains("<strong>well</strong>"));
    }

    #[test]
    fn only_https_mail_and_in_page_links_stay_links_and_addresses_are_shown() {
        let html = markdown(
            "[a](javascript:alert(1)) [b](data:text/html,<script>x</script>) [c](http://example.org) \
             [d](https://example.org/plan \"Plan\") [e](mailto:board@example.org) [f](#contacts) \
             <https://example.org/x> [g](JaVaScRiPt:alert(2))",
        );
        for bad in ["javascript:", "data:", "http://example.org", "JaVaScRiPt"] {
            assert!(!html.contains(&format!("href=\"{bad}")), "{bad}: {html}");
        }
        assert_eq!(html.matches("<a ").count(), 4, "{html}");
        assert!(
            html.contains("<a href=\"https://example.org/plan\" title=\"Plan\">d</a> (https://example.org/plan)"),
            "{html}"
        );
        assert!(html.contains("c (http://example.org)"), "{html}");
        assert!(html.contains("<a href=\"#contacts\">f</a> "), "an anchor's address is not repeated: {html}");
        assert!(html.contains(">https://example.org/x</a> g ("), "an address shown as itself is not repeated: {html}");
        assert!(!html.contains("<script"), "{html}");
    }

    #[test]
    fn a_figure_in_a_link_title_or_address_cannot_break_out_of_the_attribute() {
        let frags = vec![Html::trusted("<data value=\"1\">1</data>".into())];
        let source = format!("[x](https://example.org/{OPEN}0{CLOSE} \"t {OPEN}0{CLOSE}\") and {OPEN}0{CLOSE}");
        let html = restore(&markdown(&source), &frags);
        assert!(html.contains("<a href=\"https://example.org/\" title=\"t \">x</a>"), "{html}");
        assert_eq!(html.matches("<data").count(), 1, "only the figure in the text: {html}");
    }

    #[test]
    fn placeholders_become_figures() {
        let frags = vec![Html::trusted("<data value=\"1\">1</data>".into())];
        assert_eq!(restore("<p>a \u{E000}0\u{E001} b</p>", &frags), "<p>a <data value=\"1\">1</data> b</p>");
    }
}
