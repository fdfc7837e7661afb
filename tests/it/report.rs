//! The HTML report: built by the real binary from the sample and from changed copies of it.

use crate::util::{data_elements, files_under, safeguard, sample_copy};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Builds the report from `data` into a new directory; returns it with the report's folder.
fn build(data: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec!["build", "--quiet", "--data", data.to_str().unwrap(), "--out", out.path().to_str().unwrap()];
    args.extend_from_slice(extra);
    safeguard(&args).expect_code(0);
    let internal = extra.windows(2).any(|w| w == ["--edition", "internal"]);
    let folder = out.path().join(if internal { "northshire-2017-18-internal" } else { "northshire-2017-18" });
    (out, folder)
}

/// The report's file in a folder of either edition.
fn report_in(folder: &Path) -> PathBuf {
    let internal = folder.join("report-internal.html");
    if internal.exists() { internal } else { folder.join("report.html") }
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/sample")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

struct Row {
    value: String,
    numerator: String,
    denominator: String,
    unit: String,
}

fn figures_csv(folder: &Path) -> BTreeMap<(String, String), Row> {
    let mut r = csv::Reader::from_path(folder.join("figures.csv")).unwrap();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            let row = Row {
                value: rec[2].to_string(),
                numerator: rec[3].to_string(),
                denominator: rec[4].to_string(),
                unit: rec[5].to_string(),
            };
            ((rec[0].to_string(), rec[1].to_string()), row)
        })
        .collect()
}

/// The exact value of a row, worked out again here from its numerator and denominator.
fn exact(row: &Row) -> Option<f64> {
    let n: f64 = row.numerator.parse().ok()?;
    let d: f64 = if row.denominator.is_empty() { 1.0 } else { row.denominator.parse().ok()? };
    let scale = match row.unit.as_str() {
        "pct" => 100.0,
        "rate_per_10k" => 10_000.0,
        "per_week" => 7.0,
        _ => 1.0,
    };
    Some(n * scale / d)
}

fn places(unit: &str) -> i32 {
    match unit {
        "count" | "years" | "days" | "gbp" => 0,
        "mean" => 2,
        _ => 1,
    }
}

fn round(v: f64, places: i32) -> f64 {
    let s = 10f64.powi(places);
    ((v * s * 1e6).round() / 1e6).round() / s
}

fn previous_year(period: &str) -> String {
    let y: i32 = period[..4].parse().unwrap();
    format!("{}-{:02}", y - 1, y % 100)
}

#[test]
fn every_number_in_the_report_is_the_figure_it_claims_to_be() {
    let (_out, folder) = build(&sample(), &[]);
    let html = read(&report_in(&folder));
    let figures = figures_csv(&folder);
    let benchmarks = read(&sample().join("benchmarks.csv"));
    let elements = data_elements(&html);
    assert!(elements.len() > 200, "the report quotes its figures ({} found)", elements.len());
    let mut kinds = BTreeMap::<&str, usize>::new();
    for (attrs, text) in &elements {
        let value = &attrs["value"];
        let period = &attrs["data-period"];
        if let Some(id) = attrs.get("data-figure") {
            *kinds.entry("figure").or_default() += 1;
            let row = figures
                .get(&(id.clone(), period.clone()))
                .unwrap_or_else(|| panic!("{id} {period} not in figures.csv"));
            assert_eq!(&row.value, value, "{id} {period}");
            // The text shown is the same number, grouped in thousands.
            let digits: String = text.chars().filter(|c| c.is_ascii_digit() || *c == '.' || *c == '-').collect();
            if value != "c" && value != "x" && value != "z" {
                assert_eq!(&digits, value, "{id} {period}: shown as {text}");
            }
        } else if let Some(id) = attrs.get("data-change") {
            *kinds.entry("change").or_default() += 1;
            let cur = &figures[&(id.clone(), period.clone())];
            let prev = &figures[&(id.clone(), previous_year(period))];
            let want = round(exact(cur).unwrap() - exact(prev).unwrap(), places(&cur.unit));
            assert!((value.parse::<f64>().unwrap() - want).abs() < 1e-9, "{id}: change {value}, worked out {want}");
        } else if let Some(id) = attrs.get("data-change-pct") {
            *kinds.entry("change-pct").or_default() += 1;
            let cur = exact(&figures[&(id.clone(), period.clone())]).unwrap();
            let prev = exact(&figures[&(id.clone(), previous_year(period))]).unwrap();
            assert!(cur >= 10.0 && prev >= 10.0, "{id}: no percentage change of a count under 10");
            let want = round((cur - prev) / prev * 100.0, 1);
            assert!((value.parse::<f64>().unwrap() - want).abs() < 1e-9, "{id}: {value}% but worked out {want}%");
        } else if let Some(id) = attrs.get("data-benchmark") {
            *kinds.entry("benchmark").or_default() += 1;
            let mut rows = csv::Reader::from_reader(benchmarks.as_bytes());
            let found = rows.records().map(Result::unwrap).any(|f| {
                &f[0] == id
                    && &f[1] == period
                    && f[3].parse::<f64>().is_ok_and(|v| (round(v, 1) - value.parse::<f64>().unwrap()).abs() < 1e-9)
            });
            assert!(found, "benchmark {id} {period} {value} is not in benchmarks.csv");
        } else {
            panic!("a <data> element that claims nothing: {attrs:?}");
        }
    }
    for kind in ["figure", "change", "change-pct", "benchmark"] {
        assert!(kinds.get(kind).copied().unwrap_or(0) > 0, "no {kind} quoted: {kinds:?}");
    }
}

/// The text of the elements with `class="<class>"` (to their closing tag of the same name).
fn regions<'a>(html: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(s) = rest.find(open) {
        let e = s + rest[s..].find(close).expect("closes");
        out.push(&rest[s..e]);
        rest = &rest[e..];
    }
    out
}

fn strip_figures_and_tags(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    // Drop whole <data> elements: those numbers are checked above.
    while let Some(s) = rest.find("<data ") {
        text.push_str(&rest[..s]);
        let e = s + rest[s..].find("</data>").unwrap() + 7;
        text.push_str(" FIGURE ");
        rest = &rest[e..];
    }
    text.push_str(rest);
    let mut plain = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => plain.push(c),
            _ => {}
        }
    }
    plain.replace("&#x27;", "'").replace("&#x2f;", "/").replace("&quot;", "\"").replace("&amp;", "&")
}

#[test]
fn sentences_carry_no_number_that_is_not_a_traceable_figure() {
    let (_out, folder) = build(&sample(), &[]);
    let html = read(&report_in(&folder));
    let mut prose = regions(&html, "<ul class=\"figures-said\">", "</ul>");
    prose.extend(regions(&html, "<div class=\"key-messages\">", "</div>"));
    prose.extend(regions(&html, "<div class=\"board", "</div>"));
    assert!(prose.len() > 8);
    // Numbers that are part of a definition or a date, not figures.
    let allowed = [
        "10,000",
        "45 working days",
        "15 working days",
        "section 47",
        "section 11",
        "aged 4 or over",
        "under 16",
        "19 to 21",
        "17 or 18",
        "18 or over",
        "12 months",
        "20 miles",
        "0 to 17",
        "14 to 16",
        "18 months",
        "1 April",
        "31 March",
        "level 1",
        "level 2",
        "level 3",
        "level 4",
        "level 5",
    ];
    for region in prose {
        let mut text = strip_figures_and_tags(region);
        for a in allowed {
            text = text.replace(a, "");
        }
        let words: Vec<&str> = text.split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',').collect();
        for w in words {
            let is_year = w.len() >= 4 && w[..4].chars().all(|c| c.is_ascii_digit()) && w[..4].starts_with("20");
            if w.chars().any(|c| c.is_ascii_digit()) && !is_year {
                panic!("an untraceable number {w:?} in: {}", strip_figures_and_tags(region));
            }
        }
    }
}

#[test]
fn the_report_is_one_self_contained_accessible_file() {
    let (_out, folder) = build(&sample(), &[]);
    let html = read(&report_in(&folder));
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<html lang=\"en-GB\">"));
    // Nothing is fetched: no external scripts, styles, images, fonts or frames.
    // (SVG's namespace is a name, not an address that is fetched.)
    let without_namespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    for needle in ["<script", "<link", "<img", "<iframe", "url(", "src=", "@import", "http://", "https://"] {
        assert!(!without_namespace.contains(needle), "{needle} in the report");
    }
    // Every chart has a caption, the table of its data beside it, and two drawings (wide, and
    // narrow for a phone), each with an accessible name.
    let charts = html.matches("<figcaption>").count();
    assert!(charts >= 10, "{charts} charts");
    assert_eq!(html.matches("<svg").count(), 2 * charts);
    assert_eq!(html.matches("role=\"img\" aria-labelledby=").count(), 2 * charts);
    assert_eq!(html.matches("class=\"chart chart-narrow\"").count(), charts);
    assert_eq!(html.matches("Show the data in this chart").count(), charts);
    assert_eq!(html.matches("<table").count(), html.matches("<caption>").count(), "every table has a caption");
    // The same charts are in the charts folder.
    let svgs = files_under(&folder.join("charts"));
    assert_eq!(svgs.len(), charts);
    // The sections with data in the sample, each with its heading.
    for title in [
        "The area in context",
        "Contacts and referrals",
        "Child and family assessments",
        "Children in need",
        "Child protection",
        "Looked-after children",
        "Exploitation and missing children",
        "Early help",
        "Multi-agency training",
        "Partner measures",
        "Glossary",
        "Notes on data and methods",
    ] {
        assert!(html.contains(&format!(">{title}</h2>")), "section {title}");
    }
    // The board's narrative files are in, with their figures.
    assert!(html.contains("<h2 id=\"foreword-title\">Foreword</h2>"));
    assert!(html.contains("Plans for the coming year"));
    // The public edition shows suppressed cells as c and says why.
    assert!(html.contains("<data value=\"c\""));
    assert!(html.contains("suppressed to protect confidentiality"));
    assert!(!html.contains("Internal — not for publication"));
}

#[test]
fn the_same_inputs_give_the_same_report() {
    let (_a, one) = build(&sample(), &[]);
    let (_b, two) = build(&sample(), &[]);
    let (first, second) = (files_under(&one), files_under(&two));
    assert_eq!(first.len(), second.len(), "the same files");
    assert!(first.len() > 10, "the report, its charts and the figures");
    for (x, y) in first.iter().zip(second) {
        assert!(std::fs::read(x).unwrap() == std::fs::read(&y).unwrap(), "{} differs", x.display());
    }
}

#[test]
fn the_internal_edition_is_marked_on_every_page() {
    let (_out, folder) = build(&sample(), &["--edition", "internal"]);
    let html = read(&report_in(&folder));
    assert!(html.contains("<p class=\"edition-banner\" role=\"note\">Internal — not for publication</p>"));
    // Printed, every page carries the mark in its top margin.
    assert!(html.contains("@page { @top-center { content: \"Internal \\2014  not for publication\""));
    assert!(!html.contains("<data value=\"c\""), "nothing is suppressed");
}

#[test]
fn text_from_the_data_is_escaped() {
    let data = sample_copy();
    let mut measures = read(&data.path().join("measures.csv"));
    measures.push_str("<script>alert(1)</script>,\"Cases & <b>bold</b> \"\"quoted\"\"\",2017-18,12,count,,\n");
    std::fs::write(data.path().join("measures.csv"), measures).unwrap();
    let (_out, folder) = build(data.path(), &[]);
    let html = read(&report_in(&folder));
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(!html.contains("<b>bold</b>"));
    // (minijinja also escapes `/` as `&#x2f;`.)
    assert!(html.contains(
        "&lt;script&gt;alert(1)&lt;&#x2f;script&gt;: Cases &amp; &lt;b&gt;bold&lt;&#x2f;b&gt; &quot;quoted&quot;"
    ));
}

#[test]
fn narrative_files_quote_figures_and_their_mistakes_name_the_file_and_line() {
    let data = sample_copy();
    let narrative = data.path().join("narrative");
    std::fs::write(
        narrative.join("contacts.md"),
        "We had {{ value(\"contacts.total\") }} contacts ({{ previous(\"contacts.total\") }} the year before).\n\n<b>raw</b>\n",
    )
    .unwrap();
    let (_out, folder) = build(data.path(), &[]);
    let html = read(&report_in(&folder));
    let figures = figures_csv(&folder);
    let now = &figures[&("contacts.total".to_string(), "2017-18".to_string())].value;
    assert!(
        html.contains(&format!("We had <data value=\"{now}\" data-figure=\"contacts.total\" data-period=\"2017-18\">"))
    );
    assert!(html.contains("&lt;b&gt;raw&lt;/b&gt;"), "raw HTML in Markdown is shown, not obeyed");

    std::fs::write(narrative.join("foreword.md"), "First line.\n\nThere were {{ value(\"contacts.totl\") }}.\n")
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    let run = safeguard(["build", "--data", data.path().to_str().unwrap(), "--out", out.path().to_str().unwrap()]);
    run.expect_code(1).expect("narrative/foreword.md, line 3: there is no figure called `contacts.totl`");
    assert!(!out.path().join("northshire-2017-18").exists(), "no partial report");

    std::fs::remove_file(narrative.join("foreword.md")).unwrap();
    // A name that is no part of the report is a section of the board's own, which needs a title.
    std::fs::write(narrative.join("child-protection.md"), "Hello").unwrap();
    let run = safeguard(["build", "--data", data.path().to_str().unwrap(), "--out", out.path().to_str().unwrap()]);
    run.expect_code(1).expect(
        "narrative/child-protection.md, line 1: a section of the board's own begins with its title as a heading",
    );
    std::fs::remove_file(narrative.join("child-protection.md")).unwrap();
    // A misspelt part's name is still refused, not made a section.
    std::fs::write(narrative.join("forword.md"), "# Foreword\n\nHello").unwrap();
    let run = safeguard(["build", "--data", data.path().to_str().unwrap(), "--out", out.path().to_str().unwrap()]);
    run.expect_code(1)
        .expect("narrative/forword.md: no part of the report is called `forword` (did you mean `foreword.md`?)");
}

#[test]
fn images_in_the_boards_folder_are_embedded_with_their_description() {
    // Images were dropped. They are embedded from the narrative folder, as data, so the report
    // stays one file that fetches nothing; each must say what it shows.
    let data = sample_copy();
    let narrative = data.path().join("narrative");
    std::fs::create_dir_all(narrative.join("images")).unwrap();
    std::fs::write(narrative.join("images/board.png"), b"\x89PNG\r\n\x1a\n-the-rest-of-a-png").unwrap();
    std::fs::write(
        narrative.join("governance.md"),
        "# How the partnership is governed\n\n![The board's structure: three subgroups report to the executive](images/board.png)\n",
    )
    .unwrap();
    let (_out, folder) = build(data.path(), &[]);
    let html = read(&report_in(&folder));
    let img = html.find("<img src=\"data:image/png;base64,iVBORw0KGgo").expect("the image is embedded as data");
    let tag = &html[img..img + html[img..].find('>').unwrap()];
    assert!(
        tag.contains("alt=\"The board's structure: three subgroups report to the executive\""),
        "{}",
        &tag[tag.len() - 120..]
    );
    assert!(!html.contains("images/board.png"), "nothing refers to a file beside the report");
    for (markdown, said) in [
        ("![](images/board.png)", "line 3: an image needs words saying what it shows"),
        ("![A chart](https://example.org/chart.png)", "line 3: an image on the web is not fetched"),
        ("![A chart](images/missing.png)", "line 3: there is no image images/missing.png"),
    ] {
        std::fs::write(narrative.join("governance.md"), format!("# How the partnership is governed\n\n{markdown}\n"))
            .unwrap();
        let out = tempfile::tempdir().unwrap();
        let run = safeguard(["build", "--data", data.path().to_str().unwrap(), "--out", out.path().to_str().unwrap()]);
        run.expect_code(1).expect(&format!("narrative/governance.md, {said}"));
    }
}

#[test]
fn a_boards_own_markdown_section_appears_with_no_change_of_code() {
    // `narrative/learning_reviews.md` was refused: "no part of the report is called …".
    let data = sample_copy();
    std::fs::write(
        data.path().join("narrative/learning_reviews.md"),
        "# Learning from reviews\n\nThe board met {{ value(\"contacts.total\") }} times over.\n\nThere were {{ value(\"contacts.totl\") }}.\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let run = safeguard(["build", "--data", data.path().to_str().unwrap(), "--out", out.path().to_str().unwrap()]);
    // Its mistakes name its own lines.
    run.expect_code(1).expect("narrative/learning_reviews.md, line 5: there is no figure called `contacts.totl`");
    std::fs::write(
        data.path().join("narrative/learning_reviews.md"),
        "# Learning from reviews\n\nTwo rapid reviews this year; {{ value(\"contacts.total\") }} contacts.\n",
    )
    .unwrap();
    let (_out, folder) = build(data.path(), &[]);
    let html = read(&report_in(&folder));
    let section = html.find("<section id=\"learning_reviews\"").expect("the board's section is in the report");
    assert!(html[section..].contains("<h2 id=\"learning_reviews-title\">Learning from reviews</h2>"));
    assert!(html.contains("<li><a href=\"#learning_reviews\">Learning from reviews</a></li>"), "and in the contents");
    let body = &html[section..section + html[section..].find("</section>").unwrap()];
    assert!(body.contains("Two rapid reviews this year") && body.contains("data-figure=\"contacts.total\""), "{body}");
    assert!(!body.contains("<h1"), "the title is the section's heading, not repeated");
    // After the sections written from the figures, before the notes.
    let last_computed =
        html.find("<section id=\"partners\"").or_else(|| html.find("<section id=\"training\"")).unwrap();
    assert!(last_computed < section && section < html.find("<section id=\"notes\"").unwrap());

    // An outline in report.toml places it, and any computed section, where the board wants.
    let toml = data.path().join("report.toml");
    let settings = std::fs::read_to_string(&toml).unwrap();
    // A key goes before the file's tables (its [[priorities]]).
    std::fs::write(&toml, format!("outline = [\"learning_reviews\", \"cp\", \"context\"]\n{settings}")).unwrap();
    let (_out, folder) = build(data.path(), &[]);
    let html = read(&report_in(&folder));
    let at = |id: &str| html.find(&format!("<section id=\"{id}\"")).unwrap_or_else(|| panic!("{id} is shown"));
    assert!(at("learning_reviews") < at("cp") && at("cp") < at("context") && at("context") < at("contacts"));
    assert!(at("contacts") < at("lac"), "sections the outline leaves out keep their order after it");
    std::fs::write(&toml, format!("outline = [\"learning_review\"]\n{settings}")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let run = safeguard(["build", "--data", data.path().to_str().unwrap(), "--out", out.path().to_str().unwrap()]);
    run.expect_code(1)
        .expect("report.toml: `outline` names `learning_review`, which is neither a section of the report");
}

#[test]
fn a_template_override_changes_the_look_without_a_new_binary() {
    let templates = tempfile::tempdir().unwrap();
    safeguard(["templates", "--out", templates.path().to_str().unwrap()]).expect_code(0);
    // The written defaults are the ones in use: building with them changes nothing.
    let (_a, plain) = build(&sample(), &[]);
    let (_b, same) = build(&sample(), &["--templates", templates.path().to_str().unwrap()]);
    assert!(read(&plain.join("report.html")) == read(&same.join("report.html")));
    // Replace one file; the others stay the built-in ones.
    let only = tempfile::tempdir().unwrap();
    std::fs::write(only.path().join("style.css"), "body { background: #fef6e4; } /* BRANDED */").unwrap();
    let (_c, branded) = build(&sample(), &["--templates", only.path().to_str().unwrap()]);
    let html = read(&branded.join("report.html"));
    assert!(html.contains("/* BRANDED */"));
    assert!(html.contains("size: A4;"), "print.css still comes from the binary");
    assert!(html.contains("Summary of key messages"));
    // A broken override is reported with its name and line, as an environment problem (3),
    // not a problem in the data (1).
    std::fs::write(only.path().join("section.html.j2"), "<section>\n{{ section.nonsense }}\n").unwrap();
    let out = tempfile::tempdir().unwrap();
    let run = safeguard(["build", "--templates", only.path().to_str().unwrap(), "--out", out.path().to_str().unwrap()]);
    run.expect_code(3).expect("the report template section.html.j2, line 2");
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0, "nothing written");
}

#[test]
fn sections_without_data_are_left_out() {
    let data = sample_copy();
    for name in ["early_help.csv", "measures.csv", "benchmarks.csv"] {
        std::fs::remove_file(data.path().join(name)).unwrap();
    }
    let (_out, folder) = build(data.path(), &[]);
    let html = read(&report_in(&folder));
    assert!(!html.contains(">Early help</h2>"));
    assert!(!html.contains(">Partner measures</h2>"));
    assert!(!html.contains("Against England"), "no comparisons without benchmarks");
    assert!(!html.contains("How the area's use of services compares"));
    assert!(html.contains(">Child protection</h2>"));
}

#[test]
fn several_authorities_get_one_report_for_all_of_them() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();
    safeguard(["synth", "--out", dir, "--las", "2", "--scale", "0.05", "--seed", "3"]).expect_code(0);
    let out = tempfile::tempdir().unwrap();
    safeguard(["build", "--quiet", "--data", dir, "--out", out.path().to_str().unwrap()]).expect_code(0);
    let folder = out.path().join("northshire_2_authorities-2017-18");
    let html = read(&report_in(&folder));
    // The figures quoted are those of the `all` rows of figures.csv (checked by value).
    let mut all_contacts = String::new();
    for rec in csv::Reader::from_path(folder.join("figures.csv")).unwrap().records() {
        let rec = rec.unwrap();
        if &rec[0] == "contacts.total" && &rec[1] == "2017-18" && &rec[6] == "all" {
            all_contacts = rec[2].to_string();
        }
    }
    assert!(!all_contacts.is_empty());
    assert!(
        html.contains(&format!(
            "<data value=\"{all_contacts}\" data-figure=\"contacts.total\" data-period=\"2017-18\">"
        ))
    );
}

#[test]
fn the_boards_priorities_show_their_measures_aims_and_whether_each_was_met() {
    // Priorities were free text with no link to any figure. report.toml's [[priorities]] name
    // figures and aims; each row's verdict is worked out again here from the figures shown.
    let (_out, folder) = build(&sample(), &["--edition", "internal"]);
    let html = read(&report_in(&folder));
    let at = html.find("<caption>Progress against the board&#x27;s priorities").expect("the progress table");
    let table = &html[at..at + html[at..].find("</table>").unwrap()];
    let rows: Vec<&str> = table.split("<tr>").skip(2).collect();
    assert!(rows.len() >= 6, "each measure of the sample's priorities has a row");
    for row in rows {
        let values: Vec<f64> = data_elements(row).iter().filter_map(|(a, _)| a["value"].parse().ok()).collect();
        let cells: Vec<&str> =
            row.split("<td class=\"num\">").skip(1).map(|c| c.split("</td>").next().unwrap()).collect();
        let (aim, verdict) = (cells[2], cells[3]);
        let now = *values.last().expect("this year's figure is shown");
        let bound = |words: &str| {
            aim.strip_prefix(words).map(|v| v.trim_end_matches('%').replace(',', "").parse::<f64>().unwrap())
        };
        let want = match (bound("at least "), bound("at most "), aim) {
            (Some(t), _, _) => {
                if now >= t {
                    "target met"
                } else {
                    "target not met"
                }
            }
            (_, Some(t), _) => {
                if now <= t {
                    "target met"
                } else {
                    "target not met"
                }
            }
            (_, _, "to rise") if values.len() == 2 => {
                if now > values[0] {
                    "moved the agreed way"
                } else {
                    "did not move the agreed way"
                }
            }
            (_, _, "to fall") if values.len() == 2 => {
                if now < values[0] {
                    "moved the agreed way"
                } else {
                    "did not move the agreed way"
                }
            }
            _ => "cannot be said: a figure is not shown",
        };
        assert_eq!(verdict, want, "{row}");
    }
    assert!(
        table.contains("target met") && table.contains("target not met"),
        "the sample meets some aims and misses others"
    );
    assert!(html.contains("not a test of significance"), "kept apart from statistical significance");
}
