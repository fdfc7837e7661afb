//! Learning from reviews (`practice_reviews.csv`, `actions.csv`): serious incidents notified to the
//! national panel, their rapid reviews against Working Together's 15 working days, the local
//! child safeguarding practice reviews commissioned and published, the themes of the learning,
//! and the progress of the board's actions at the end of the reporting year.
//!
//! These count incidents and actions, not children, and partnerships publish them as they are:
//! they are not suppressed as small numbers of people are.

use super::topic::Topic;
use crate::contract::REVIEW_THEMES;
use crate::indicators::catalogue::{Builder, Polarity, lower};
use crate::indicators::compute::{Computer, date_of};
use crate::period::{FinancialYear, Period};
use chrono::NaiveDate;
use polars::prelude::*;

pub const TOPIC: Topic = Topic { name: "reviews", declare, count, dynamic: &[] };

/// Working Together (2018, and 2023): a rapid review within 15 working days of the
/// notification.
const RAPID_REVIEW_WITHIN: i64 = 15;

/// Where an action stood at the end of the reporting year.
const PROGRESS: &[(&str, &str, Polarity)] = &[
    ("completed", "completed by 31 March", Polarity::HigherIsBetter),
    ("on_track", "not completed by 31 March and not yet due", Polarity::Neutral),
    ("overdue", "not completed by 31 March, which was on or after the date it was due", Polarity::LowerIsBetter),
];

fn declare(b: &mut Builder) {
    let events = |b: &mut Builder, id: &str, definition: &str| {
        b.count(id, definition);
        b.events();
    };
    events(b, "reviews.notified", "serious incidents notified to the national panel in year");
    events(b, "reviews.rapid_review.held", "of those, with a rapid review completed");
    b.subset("reviews.rapid_review.held", "reviews.notified");
    events(
        b,
        "reviews.rapid_review.within_15wd",
        "of those, rapid reviews completed within 15 working days of the notification",
    );
    b.subset("reviews.rapid_review.within_15wd", "reviews.rapid_review.held");
    b.share(
        "reviews.rapid_review.within_15wd.pct",
        "reviews.rapid_review.within_15wd",
        "reviews.rapid_review.held",
        Polarity::HigherIsBetter,
        "share of rapid reviews of incidents notified in year completed within 15 working days of the notification (the notification is day 0; weekends and England's bank holidays are not working days)",
    );
    b.events();
    events(
        b,
        "reviews.cspr.commissioned",
        "incidents notified in year for which a local child safeguarding practice review was decided on (Decision CSPR)",
    );
    b.subset("reviews.cspr.commissioned", "reviews.notified");
    events(b, "reviews.cspr.published", "local child safeguarding practice reviews published in year");
    for theme in REVIEW_THEMES {
        let id = format!("reviews.theme.{}", lower(theme));
        events(b, &id, &format!("incidents notified in year whose learning has the theme {theme}"));
        b.subset(&id, "reviews.notified");
    }
    events(b, "actions.total", "the board's actions at 31 March of the reporting year (every action in actions.csv)");
    let mut parts = Vec::new();
    for (what, definition, polarity) in PROGRESS {
        let id = format!("actions.{what}");
        events(b, &id, &format!("actions {definition}"));
        b.share(
            format!("{id}.pct"),
            id.clone(),
            "actions.total",
            *polarity,
            format!("share of the board's actions {definition}"),
        );
        b.events();
        parts.push(id);
    }
    b.sum("actions.total", &parts.iter().map(String::as_str).collect::<Vec<_>>());
}

fn count(c: &mut Computer) -> PolarsResult<()> {
    c.needs("practice_reviews", "RapidReviewDate", &["reviews.rapid_review"]);
    c.needs("practice_reviews", "Decision", &["reviews.cspr.commissioned"]);
    c.needs("practice_reviews", "PublishedDate", &["reviews.cspr.published"]);
    c.needs("practice_reviews", "Themes", &["reviews.theme"]);
    notifications(c)?;
    actions(c)
}

/// The notifications, their rapid reviews, decisions and themes, and the reviews published.
/// The file is small (a few rows a year) and the calendar is in Rust: one pass over its rows.
fn notifications(c: &mut Computer) -> PolarsResult<()> {
    let Some(df) = c.table("practice_reviews") else { return Ok(()) };
    for id in ["reviews.notified", "reviews.rapid_review", "reviews.cspr", "reviews.theme"] {
        c.produces(id);
    }
    let (first, last) = (c.first(), c.last());
    let days = |name: &str| df.column(name).and_then(|c| c.cast(&DataType::Int32)).map(|c| c.i32().cloned());
    let (notified, reviewed, published) =
        (days("NotificationDate")??, days("RapidReviewDate")??, days("PublishedDate")??);
    let (lea, decision, themes) =
        (df.column("LEA")?.str()?, df.column("Decision")?.str()?, df.column("Themes")?.str()?);
    let in_run = |d: chrono::NaiveDate| d >= first.first_day() && d <= last.last_day();
    for i in 0..df.height() {
        let Some(lea) = lea.get(i) else { continue };
        if let Some(p) = published.get(i).and_then(date_of).filter(|d| in_run(*d)) {
            c.add(lea, "reviews.cspr.published".into(), Period::Year(FinancialYear::containing(p)), 1);
        }
        let Some(n) = notified.get(i).and_then(date_of).filter(|d| in_run(*d)) else { continue };
        let year = Period::Year(FinancialYear::containing(n));
        let mut add = |id: String| c.add(lea, id, year, 1);
        add("reviews.notified".into());
        if let Some(r) = reviewed.get(i).and_then(date_of) {
            add("reviews.rapid_review.held".into());
            if crate::calendar::working_days_between(n, r) <= RAPID_REVIEW_WITHIN {
                add("reviews.rapid_review.within_15wd".into());
            }
        }
        if decision.get(i) == Some("CSPR") {
            add("reviews.cspr.commissioned".into());
        }
        // Codes are kept joined by `;`.
        for theme in themes.get(i).unwrap_or("").split(';').filter(|t| !t.is_empty()) {
            add(format!("reviews.theme.{}", lower(theme)));
        }
    }
    Ok(())
}

/// Where an action stood at the end of `day`: `completed` (status COMPLETED, completed by
/// then or with no date given), `on_track` (not yet due) or `overdue`.
pub fn progress(
    status: Option<&str>,
    completed: Option<NaiveDate>,
    due: Option<NaiveDate>,
    day: NaiveDate,
) -> &'static str {
    if status == Some("COMPLETED") && completed.is_none_or(|c| c <= day) {
        "completed"
    } else if due.is_some_and(|d| d > day) {
        "on_track"
    } else {
        "overdue"
    }
}

/// One of the board's actions as the report lists it, in the board's words.
#[derive(Debug, Clone)]
pub struct ActionItem {
    pub lea: String,
    pub action: String,
    pub owner: String,
    pub due: NaiveDate,
    /// At the end of the reporting year ([`progress`]).
    pub progress: &'static str,
    pub completed: Option<NaiveDate>,
    pub evidence: Option<String>,
}

/// Every action of `actions.csv` and where it stood at the end of `day`.
pub fn register(frame: Option<&DataFrame>, day: NaiveDate) -> PolarsResult<Vec<ActionItem>> {
    let Some(df) = frame else { return Ok(Vec::new()) };
    let text = |n: &str| df.column(n).and_then(|c| c.str().cloned());
    let days = |n: &str| df.column(n).and_then(|c| c.cast(&DataType::Int32)).map(|c| c.i32().cloned());
    let (lea, action, owner, status, evidence) =
        (text("LEA")?, text("Action")?, text("Owner")?, text("Status")?, text("Evidence")?);
    let (due, completed) = (days("DueDate")??, days("CompletedDate")??);
    let mut out = Vec::new();
    for i in 0..df.height() {
        let (Some(l), Some(a), Some(o), Some(d)) =
            (lea.get(i), action.get(i), owner.get(i), due.get(i).and_then(date_of))
        else {
            continue;
        };
        let completed = completed.get(i).and_then(date_of);
        out.push(ActionItem {
            lea: l.to_string(),
            action: a.trim().to_string(),
            owner: o.trim().to_string(),
            due: d,
            progress: progress(status.get(i), completed, Some(d), day),
            completed,
            evidence: evidence.get(i).map(|e| e.trim().to_string()).filter(|e| !e.is_empty()),
        });
    }
    Ok(out)
}

/// Where each action stood at the end of the reporting year. The file holds actions as they
/// are now, with no date each was agreed: earlier years are not available.
fn actions(c: &mut Computer) -> PolarsResult<()> {
    let Some(df) = c.table("actions") else { return Ok(()) };
    c.produces("actions");
    c.produces("actions.total");
    let year = Period::Year(c.last());
    for item in register(Some(df), c.last().last_day())? {
        c.add(&item.lea, format!("actions.{}", item.progress), year, 1);
        c.add(&item.lea, "actions.total".into(), year, 1);
    }
    let earlier: Vec<FinancialYear> = c.years().filter(|y| *y != c.last()).collect();
    for y in earlier {
        for id in ["actions.total", "actions.completed", "actions.on_track", "actions.overdue"] {
            c.unavailable(id, Period::Year(y));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::indicators::topics::fixture::{check, figures, two_years};

    #[test]
    fn rapid_reviews_practice_reviews_and_themes_by_hand() {
        // R1, notified Friday 15 December 2017: working days 18–22 Dec (1–5), 27–29 Dec (6–8;
        // 25 and 26 are bank holidays), 2–5 Jan (9–12; 1 January too), 8–10 Jan (13–15). Its
        // review on Wednesday 10 January is the 15th working day: in time. R2, notified Monday
        // 5 February 2018, reviewed Tuesday 27 February: 16 working days, late. R3 has no review
        // yet. R4 was notified in 2016-17, its practice review published in 2017-18.
        let reviews = "ReviewID,NotificationDate,RapidReviewDate,Decision,PublishedDate,Themes
R1,2017-12-15,2018-01-10,CSPR,,NEGLECT;INFORMATION_SHARING
R2,2018-02-05,2018-02-27,NO_CSPR,,INFORMATION_SHARING
R3,2018-03-20,,PENDING,,
R4,2016-06-01,2016-06-20,CSPR,2017-11-30,DOMESTIC_ABUSE
";
        let figs = figures(&two_years(&[("practice_reviews.csv", reviews)]));
        check(&figs, "reviews.notified", "2017-18", "3");
        check(&figs, "reviews.rapid_review.held", "2017-18", "2");
        check(&figs, "reviews.rapid_review.within_15wd", "2017-18", "1");
        check(&figs, "reviews.rapid_review.within_15wd.pct", "2017-18", "50.0");
        check(&figs, "reviews.cspr.commissioned", "2017-18", "1");
        check(&figs, "reviews.cspr.published", "2017-18", "1");
        check(&figs, "reviews.theme.information_sharing", "2017-18", "2");
        check(&figs, "reviews.theme.neglect", "2017-18", "1");
        check(&figs, "reviews.theme.domestic_abuse", "2016-17", "1");
        // R4, 1 June 2016 to 20 June 2016: 13 working days, in time; small numbers are shown,
        // for these are incidents, not children.
        check(&figs, "reviews.rapid_review.within_15wd.pct", "2016-17", "100.0");
        check(&figs, "reviews.notified", "2016-17", "1");
    }

    #[test]
    fn action_progress_at_the_year_end_by_hand() {
        // At 31 March 2018: A1 completed on 1 March; A2 marked completed on 2 April, after the
        // year's end, and due 31 March: overdue then; A3 due 31 March itself and in progress:
        // overdue; A4 due in June: on track; A5 completed with no date given: completed.
        let actions = "ActionID,Action,Owner,DueDate,Status,CompletedDate,Evidence
A1,Refresh the escalation policy,Partnership,2018-01-31,COMPLETED,2018-03-01,Policy relaunched
A2,Audit strategy discussions,Police,2018-03-31,COMPLETED,2018-04-02,
A3,Train GPs on neglect,Health,2018-03-31,IN_PROGRESS,,
A4,Review the neglect toolkit,Children's services,2018-06-30,NOT_STARTED,,
A5,Publish the learning brief,Partnership,2017-12-31,COMPLETED,,Brief published
";
        let figs = figures(&two_years(&[("actions.csv", actions)]));
        check(&figs, "actions.total", "2017-18", "5");
        check(&figs, "actions.completed", "2017-18", "2");
        check(&figs, "actions.overdue", "2017-18", "2");
        check(&figs, "actions.on_track", "2017-18", "1");
        check(&figs, "actions.completed.pct", "2017-18", "40.0");
        // The file holds no date each action was agreed: an earlier year is not available.
        check(&figs, "actions.total", "2016-17", "x");
    }
}
