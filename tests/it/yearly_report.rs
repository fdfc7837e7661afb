//! The whole yearly report (issue 14): the default outline Working Together's expectations
//! shape, the board's sections it expects, and the budget.

use crate::util::{safeguard, sample_copy};
use safeguard::report::sections::{BOARD_SECTIONS, DEFAULT_OUTLINE};
use std::path::Path;

fn build(data: &Path) -> (tempfile::TempDir, String) {
    let out = tempfile::tempdir().unwrap();
    safeguard(["build", "--quiet", "--data", data.to_str().unwrap(), "--out", out.path().to_str().unwrap()])
        .expect_code(0);
    let html = std::fs::read_to_string(out.path().join("northshire-2017-18/report.html")).unwrap();
    (out, html)
}

/// Where each section of the outline starts in the report, in the outline's order.
fn places(html: &str) -> Vec<(&'static str, Option<usize>)> {
    DEFAULT_OUTLINE.iter().map(|id| (*id, html.find(&format!("<section id=\"{id}\"")))).collect()
}

#[test]
fn the_sample_report_has_every_section_of_the_default_outline_in_its_order() {
    let data = sample_copy();
    let (_out, html) = build(data.path());
    let found = places(&html);
    let missing: Vec<&str> = found.iter().filter(|(_, at)| at.is_none()).map(|(id, _)| *id).collect();
    assert!(missing.is_empty(), "sections of the default outline not in the sample report: {missing:?}");
    let at: Vec<usize> = found.iter().filter_map(|(_, at)| *at).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "in the outline's order: {found:?}");
    // The board's sections come from its files, titled by their first heading.
    assert!(html.contains("<h2 id=\"scrutiny-title\">Independent scrutiny</h2>"));
    assert!(html.contains("<h2 id=\"arrangements-title\">How the partnership works</h2>"));
    // The summary comes first and the priorities after every section.
    let summary = html.find("<section id=\"summary\"").unwrap();
    let priorities = html.find("<section id=\"priorities\"").unwrap();
    assert!(summary < at[0] && priorities > *at.last().unwrap());
    assert!(!html.contains("the board&#x27;s words, in"), "no expected section is missing");
}

#[test]
fn a_section_working_together_expects_that_the_board_has_not_written_is_named_in_the_notes() {
    let data = sample_copy();
    std::fs::remove_file(data.path().join("narrative/scrutiny.md")).unwrap();
    let (_out, html) = build(data.path());
    assert!(!html.contains("<section id=\"scrutiny\""));
    let covers = BOARD_SECTIONS.iter().find(|(id, _)| *id == "scrutiny").unwrap().1;
    let said = format!("<li>{covers}: the board's words, in narrative/scrutiny.md</li>");
    let text = html.replace("&#x27;", "'").replace("&#x2f;", "/");
    assert!(text.contains(&said), "the notes say what to write, and where");
}

#[test]
fn the_budget_shows_each_partners_contribution_the_spending_and_the_balance() {
    let data = sample_copy();
    // Worked by hand: in 50,000 + 30,000 + 20,000.50 = 100,000.50; out 70,000 + 40,000 =
    // 110,000; balance −9,999.50.
    std::fs::write(
        data.path().join("budget.csv"),
        "Period,Direction,Item,Amount\n2017-18,INCOME,Local authority,50000\n2017-18,INCOME,Police,30000\n\
         2017-18,INCOME,Health commissioners,20000.50\n2017-18,SPEND,Staff,70000\n2017-18,SPEND,Reviews,40000\n\
         2016-17,INCOME,Local authority,45000\n2016-17,SPEND,Staff,44000\n",
    )
    .unwrap();
    let (_out, html) = build(data.path());
    let start = html.find("<section id=\"budget\"").expect("a budget section");
    let section = &html[start..start + html[start..].find("</section>").unwrap()];
    for (label, previous, this) in [
        ("Contribution: Local authority", "45000", "50000"),
        ("Total contributions", "45000", "100000.5"),
        ("Total spending", "44000", "110000"),
        ("Contributions less spending", "1000", "-9999.5"),
    ] {
        let row = section.find(&format!("<th scope=\"row\">{label}</th>")).unwrap_or_else(|| panic!("{label}"));
        let row = &section[row..row + section[row..].find("</tr>").unwrap()];
        assert!(row.contains(&format!("value=\"{previous}\"")) && row.contains(&format!("value=\"{this}\"")), "{row}");
    }
    assert!(section.contains("Local authority contributed the most"), "a chart of the contributions");
    assert!(section.contains("Most was spent on staff"), "a chart of the spending");
}

#[test]
fn a_total_typed_into_the_budget_is_refused_naming_its_line() {
    let data = sample_copy();
    let budget = "Period,Direction,Item,Amount\n2017-18,INCOME,Police,30000\n2017-18,INCOME,Total,31000\n\
                  2017-18,SPEND,Grand total,5\n";
    std::fs::write(data.path().join("budget.csv"), budget).unwrap();
    let run = safeguard(["validate", "--data", data.path().to_str().unwrap()]);
    run.expect_code(1).expect("budget.csv, line 3, column C (Item): Item `Total` is a total");
    run.expect("budget.csv, line 4, column C (Item): Item `Grand total` is a total");
    run.expect_not("line 2,");
}

#[test]
fn the_boards_actions_are_listed_in_its_words_with_where_each_stood() {
    let data = sample_copy();
    // At 31 March 2018: A2 was due on 1 March and not done (overdue); A3 is due in June (not
    // yet due); A1 was completed on 2 February with its evidence; A4 was marked completed on
    // 3 April, after the year's end, so at 31 March it was overdue.
    std::fs::write(
        data.path().join("actions.csv"),
        "ActionID,Action,Owner,DueDate,Status,CompletedDate,Evidence\n\
         A1,Write a neglect strategy,Partnership,2018-01-31,COMPLETED,2018-02-02,\"Launched at a conference, 200 attended\"\n\
         A2,Audit return interviews,Police,2018-03-01,IN_PROGRESS,,\n\
         A3,Train GPs on <b>escalation</b>,Health,2018-06-30,NOT_STARTED,,\n\
         A4,Refresh the threshold guidance,Children's services,2018-02-28,COMPLETED,2018-04-03,Published\n",
    )
    .unwrap();
    let (_out, html) = build(data.path());
    let start = html.find("<caption>The board&#x27;s actions at 31 March 2018</caption>").expect("the actions table");
    let table = &html[start..start + html[start..].find("</table>").unwrap()];
    let rows: Vec<&str> = table.split("<tr><th scope=\"row\">").skip(1).collect();
    let expected = [
        ("Refresh the threshold guidance", "overdue"),
        ("Audit return interviews", "overdue"),
        ("Train GPs on &lt;b&gt;escalation&lt;&#x2f;b&gt;", "not yet due"),
        ("Write a neglect strategy", "completed 2 February 2018"),
    ];
    assert_eq!(rows.len(), expected.len(), "{table}");
    for (row, (action, stood)) in rows.iter().zip(expected) {
        assert!(row.starts_with(action) && row.contains(&format!("<td class=\"num\">{stood}</td>")), "{row}");
    }
    assert!(rows[3].contains("Launched at a conference, 200 attended"), "the evidence, as the board wrote it");
    assert!(rows[1].contains("not recorded"), "no evidence given");
}
