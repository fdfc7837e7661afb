//! Statements of the sample report that misled a reader (issue 14): each test fails on the
//! report as it was and holds the fix to the data, not to today's wording.

use crate::util::{data_elements, safeguard, values};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/sample")
}

/// The internal edition's report of the sample (every figure shown, none suppressed).
fn internal_report() -> (tempfile::TempDir, String) {
    let out = tempfile::tempdir().unwrap();
    let (data, to) = (sample(), out.path().to_str().unwrap().to_string());
    safeguard(["build", "--quiet", "--edition", "internal", "--data", data.to_str().unwrap(), "--out", &to])
        .expect_code(0);
    let path = out.path().join("northshire-2017-18-internal/report-internal.html");
    let html = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (out, html)
}

/// The table whose caption begins `caption`: its caption and its HTML.
fn table<'a>(html: &'a str, caption: &str) -> (&'a str, &'a str) {
    let at = html.find(&format!("<caption>{caption}")).unwrap_or_else(|| panic!("no table captioned {caption}…"));
    let end = at + html[at..].find("</table>").expect("the table closes");
    let caption_end = at + html[at..].find("</caption>").expect("the caption closes");
    (&html[at + "<caption>".len()..caption_end], &html[at..end])
}

#[test]
fn the_looked_after_age_chart_shows_every_age_and_its_title_follows_the_data() {
    // The chart left out under-1s (its bands summed to 590 of 600) and its title was fixed
    // text about children aged 10 to 15, true or not.
    let (_out, html) = internal_report();
    let (caption, table) = table(&html, "Data for the chart: Looked-after children");
    let figures = values(&sample());
    let bands = ["under_1", "1_4", "5_9", "10_15", "16_plus"];
    let mut by_year: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
    for (attrs, _) in data_elements(table) {
        let band = attrs["data-figure"].strip_prefix("lac.age.").expect("an age band").to_string();
        by_year.entry(attrs["data-period"].clone()).or_default().insert(band, attrs["value"].parse().unwrap());
    }
    assert_eq!(by_year.len(), 5, "five years shown");
    for (year, cells) in &by_year {
        assert_eq!(cells.keys().map(String::as_str).collect::<Vec<_>>(), {
            let mut b = bands.to_vec();
            b.sort_unstable();
            b
        });
        // Every child looked after at 31 March has a date of birth: the bands sum to them all.
        let all: i64 = figures[&("lac.at_31_march".to_string(), year.clone())].parse().unwrap();
        assert_eq!(cells.values().sum::<i64>(), all, "{year}: the bands sum to the children looked after");
    }
    // The title names the largest band of the last year and says truly how it moved.
    let (first, last) = (by_year.values().next().unwrap(), by_year.values().last().unwrap());
    let largest = bands.iter().max_by_key(|b| last[**b]).unwrap();
    let label = match *largest {
        "under_1" => "under 1",
        "16_plus" => "aged 16 and over",
        b => &format!("aged {}", b.replace('_', " to ")),
    };
    assert!(caption.contains(&format!("children {label}, the largest group in 2017-18")), "{caption}");
    let verb = if last[*largest] > first[*largest] { "rose" } else { "fell" };
    assert!(caption.contains(verb), "{caption}: {largest} went from {} to {}", first[*largest], last[*largest]);
}

/// The routing table's row for a level, and the note under the table.
fn routing(html: &str, level: &str) -> (String, String) {
    let (_, table) = table(html, "How contacts at each level of need were dealt with");
    let at = table.find(&format!("<th scope=\"row\">{level} ")).unwrap_or_else(|| panic!("no row for level {level}"));
    let row = &table[at..at + table[at..].find("</tr>").expect("the row ends")];
    let start = html.find(table).expect("the table is in the report") + table.len();
    let note = &html[start..start + html[start..].find("</p>").expect("a note follows")];
    (row.replace("&#x27;", "'"), note.replace("&#x27;", "'"))
}

#[test]
fn threshold_routes_are_the_guidance_s_and_a_partnership_can_declare_its_own() {
    // The table said level 4 contacts should become statutory assessments, and its note that
    // levels 4 and 5 should mostly become referrals; the guidance sends level 4 to an early
    // help assessment and only level 5 to children's social care.
    let (_out, html) = internal_report();
    let (row, note) = routing(&html, "4");
    assert!(row.contains("early help assessment") && !row.contains("statutory"), "{row}");
    assert!(note.contains("at levels 3 and 4, be stepped to early help"), "{note}");
    assert!(note.contains("at level 5, become referrals to children's social care"), "{note}");
    let (row, _) = routing(&html, "5");
    assert!(row.contains("request for service to children's social care"), "{row}");
    // Another partnership's thresholds, declared in report.toml, with no change of code.
    let data = crate::util::sample_copy();
    let toml = data.path().join("report.toml");
    let mut settings = std::fs::read_to_string(&toml).unwrap();
    settings.push_str("\n[thresholds.4]\nname = \"Complex needs\"\nroute = \"a referral to the front door\"\noutcome = \"referral\"\n");
    std::fs::write(&toml, settings).unwrap();
    let out = tempfile::tempdir().unwrap();
    let to = out.path().to_str().unwrap().to_string();
    safeguard(["build", "--quiet", "--data", data.path().to_str().unwrap(), "--out", &to]).expect_code(0);
    let html = std::fs::read_to_string(out.path().join("northshire-2017-18/report.html")).unwrap();
    let (row, note) = routing(&html, "4");
    assert!(row.contains("4 Complex needs") && row.contains("a referral to the front door"), "{row}");
    assert!(note.contains("at level 3, be stepped to early help"), "{note}");
    assert!(note.contains("at levels 4 and 5, become referrals to children's social care"), "{note}");
}

#[test]
fn every_comparator_is_labelled_with_the_period_of_its_figures() {
    // The context chart's legend and table said "England" beside the area's 2017-18 rates
    // while showing England's 2016-17 figures.
    let (_out, html) = internal_report();
    let benchmarks = std::fs::read_to_string(sample().join("benchmarks.csv")).unwrap();
    let latest = |comparator: &str| {
        let mut periods: Vec<String> = csv::Reader::from_reader(benchmarks.as_bytes())
            .records()
            .map(Result::unwrap)
            .filter(|r| &r[0] == "referrals.rate" && &r[2] == comparator && &r[1] <= "2017-18")
            .map(|r| r[1].to_string())
            .collect();
        periods.sort();
        periods.pop().expect("the sample has the comparator")
    };
    let england = latest("England");
    assert_ne!(england, "2017-18", "the sample's comparators are a year behind, as published ones are");
    let (_, table) = table(&html, "Data for the chart: How the area&#x27;s use of services compares");
    let head = &table[table.find("<thead>").unwrap()..table.find("</thead>").unwrap()];
    assert!(head.contains(&format!(">England {england}</th>")), "{head}");
    assert!(!head.contains(">England</th>"), "{head}");
    // The chart itself: its legend and its description.
    let figure_start = html[..html.find(table).unwrap()].rfind("<figure").unwrap();
    let figure = &html[figure_start..html.find(table).unwrap()];
    assert!(figure.contains(&format!("England {england}")), "the legend and description give the year");
    assert!(!figure.contains("with England,"), "the description names a comparator without its year");
}

/// The list items of every `<ul class="{class}">` of the report (or of the plain lists after
/// a heading `<h3>{heading}</h3>`), as they were written.
fn items<'a>(html: &'a str, open: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(open) {
        let list = &rest[at..at + rest[at..].find("</ul>").expect("the list closes")];
        out.extend(list.split("<li>").skip(1).map(|li| li.split("</li>").next().unwrap_or("")));
        rest = &rest[at + list.len()..];
    }
    out
}

#[test]
fn the_summary_judges_england_as_the_sections_do() {
    // The summary set figures beside England's without saying better or worse where the
    // sections said it; each summary line must give the section's verdict on the same figure.
    let (_out, html) = internal_report();
    let summary = items(&html, "<h3>Against England</h3>");
    let said = items(&html, "<ul class=\"figures-said\">");
    assert!(summary.len() >= 3, "the summary compares with England");
    let verdict = |text: &str, better: &str, worse: &str| match (text.contains(better), text.contains(worse)) {
        (true, false) => Some("better"),
        (false, true) => Some("worse"),
        _ => None,
    };
    let mut judged = 0;
    for line in summary {
        let id = line.split("data-benchmark=\"").nth(1).and_then(|r| r.split('"').next()).expect("a benchmark quoted");
        let section = said
            .iter()
            .find(|s| s.contains(&format!("data-figure=\"{id}\"")) && s.contains("for England"))
            .unwrap_or_else(|| panic!("no section compares {id} with England"));
        let theirs = verdict(section, "England (better)", "England (worse)");
        assert_eq!(verdict(line, "which is better", "which is worse"), theirs, "{id}:\n{line}\n{section}");
        judged += usize::from(theirs.is_some());
    }
    assert!(judged > 0, "some comparison is judged better or worse");
}

#[test]
fn the_glossary_explains_terms_in_plain_words_not_only_abbreviations() {
    // "Statistical neighbours" was never explained; the glossary listed abbreviations only.
    let (_out, html) = internal_report();
    let at = html.find("<section id=\"glossary\"").expect("a glossary");
    let glossary = &html[at..at + html[at..].find("</section>").unwrap()];
    for term in ["Statistical neighbours", "Section 47 enquiry", "Looked after", "Care leaver", "Rapid review"] {
        assert!(glossary.contains(&format!("<dt>{term}</dt><dd>")), "{term} is explained");
    }
    // Terms and abbreviations in one alphabetical list.
    let terms: Vec<String> =
        glossary.split("<dt>").skip(1).map(|t| t.split("</dt>").next().unwrap().to_lowercase()).collect();
    let mut sorted = terms.clone();
    sorted.sort();
    assert_eq!(terms, sorted);
}

/// The DfE's field names and codes a reader could meet in a definition: every column name of
/// the contract, and every code of two characters or more with a letter in it.
fn contract_codes() -> Vec<&'static str> {
    use safeguard::contract::{FILES, Kind};
    let mut found = Vec::new();
    for f in FILES {
        for c in f.columns {
            found.push(c.name);
            if let Kind::Code(list) | Kind::Multi(list) = c.kind {
                // A number is a word too ("20 miles", "aged 19 to 21").
                found.extend(list.iter().filter(|code| code.len() >= 2 && code.chars().any(char::is_alphabetic)));
            }
        }
    }
    found
}

/// The definitions the report's notes list, as text.
fn definitions(html: &str) -> Vec<String> {
    let (_, t) = table(html, "Definitions of the figures quoted");
    let cell =
        |row: &str| row.split("</td><td>").last().and_then(|c| c.split("</td>").next()).unwrap_or("").to_string();
    t.split("<tr><th scope=\"row\">").skip(1).map(cell).collect()
}

#[test]
fn public_definitions_are_in_words_and_the_internal_keep_the_codes() {
    let out = tempfile::tempdir().unwrap();
    let (data, to) = (sample(), out.path().to_str().unwrap().to_string());
    safeguard(["build", "--quiet", "--data", data.to_str().unwrap(), "--out", &to]).expect_code(0);
    let public = std::fs::read_to_string(out.path().join("northshire-2017-18/report.html")).unwrap();
    let codes = contract_codes();
    // Abbreviations the glossary explains are words to a reader, whatever a file calls them.
    let explained = ["CIN", "UASC", "CSE", "CCE"];
    let words = |d: &str| -> Vec<String> {
        d.split(|c: char| !(c.is_alphanumeric() || c == '_')).map(str::to_string).collect()
    };
    let public_defs = definitions(&public);
    assert!(public_defs.len() > 40, "{} definitions", public_defs.len());
    let mut coded = Vec::new();
    for d in &public_defs {
        for w in words(d).into_iter().filter(|w| codes.contains(&w.as_str()) && !explained.contains(&w.as_str())) {
            coded.push(format!("{w} in \"{d}\""));
        }
    }
    assert!(coded.is_empty(), "codes in the public report's definitions:\n{}", coded.join("\n"));
    // The internal edition is for analysts: the same definitions with the DfE's names.
    let (_dir, internal) = internal_report();
    let internal_defs = definitions(&internal).join("\n");
    for named in ["CINreferralDate", "REC not X1", "S47ActualStartDate"] {
        assert!(internal_defs.contains(named), "{named} in the internal definitions");
    }
}
