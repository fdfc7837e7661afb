//! The board's priorities with the figures that measure them, as report.toml declares them:
//!
//! ```toml
//! [[priorities]]
//! title = "Fewer children on a plan for a second time"
//! measures = [{ id = "cp.second_or_subsequent.pct", target = 18.0 }, { id = "cfa.within_45wd.pct", direction = "up" }]
//! ```
//!
//! A target is met when the reporting year's figure is on the agreed side of it (at or above
//! for `up`, at or below for `down`); without a target, a measure should move the agreed way
//! from the year before. The direction defaults to the figure's own polarity. This is the
//! board's own test, kept apart from statistical significance, which the sections report.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Up,
    Down,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measure {
    pub id: String,
    pub target: Option<f64>,
    pub direction: Option<Direction>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Priority {
    pub title: String,
    pub measures: Vec<Measure>,
}

/// Reads report.toml's `[[priorities]]`: the priorities, and every problem in words.
pub fn parse(value: &toml::Value) -> (Vec<Priority>, Vec<String>) {
    let (mut out, mut problems) = (Vec::new(), Vec::new());
    let Some(list) = value.as_array() else {
        return (out, vec!["`priorities` must be a list of tables, each written [[priorities]]".into()]);
    };
    for (n, p) in list.iter().enumerate() {
        let at = format!("priority {}", n + 1);
        let Some(t) = p.as_table() else {
            problems.push(format!("{at} must be a table with a title and measures"));
            continue;
        };
        let title = t.get("title").and_then(|v| v.as_str()).map(str::trim).filter(|s| !s.is_empty());
        let Some(title) = title else {
            problems.push(format!("{at} needs a `title` in quotes"));
            continue;
        };
        let mut measures = Vec::new();
        for m in t.get("measures").and_then(|v| v.as_array()).into_iter().flatten() {
            match measure(m) {
                Ok(m) => measures.push(m),
                Err(why) => problems.push(format!("{at} (\"{}\"): {why}", crate::load::personal::shorten(title))),
            }
        }
        for key in t.keys().filter(|k| !matches!(k.as_str(), "title" | "measures")) {
            problems.push(format!(
                "{at}: `{}` is not a field of a priority (title, measures)",
                crate::load::personal::shorten(key)
            ));
        }
        out.push(Priority { title: title.to_string(), measures });
    }
    (out, problems)
}

fn measure(v: &toml::Value) -> Result<Measure, String> {
    let t = v.as_table().ok_or("a measure is written { id = \"cp.second_or_subsequent.pct\", target = 18.0 }")?;
    let id = t
        .get("id")
        .and_then(|v| v.as_str())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or("a measure needs an `id`")?;
    let target = match t.get("target") {
        None => None,
        Some(v) => Some(v.as_float().or_else(|| v.as_integer().map(|i| i as f64)).ok_or("`target` must be a number")?),
    };
    let direction = match t.get("direction").map(|v| v.as_str()) {
        None => None,
        Some(Some("up")) => Some(Direction::Up),
        Some(Some("down")) => Some(Direction::Down),
        Some(_) => return Err("`direction` must be \"up\" or \"down\"".into()),
    };
    if let Some(k) = t.keys().find(|k| !matches!(k.as_str(), "id" | "target" | "direction")) {
        return Err(format!(
            "`{}` is not a field of a measure (id, target, direction)",
            crate::load::personal::shorten(k)
        ));
    }
    Ok(Measure { id: id.to_string(), target, direction })
}

/// Where a measure stands against the board's aim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Met,
    NotMet,
    MovedTheAgreedWay,
    DidNotMoveTheAgreedWay,
    /// The figure (or last year's, for a direction) is not shown: suppressed or not available.
    CannotSay,
}

impl Verdict {
    pub fn words(self) -> &'static str {
        match self {
            Verdict::Met => "target met",
            Verdict::NotMet => "target not met",
            Verdict::MovedTheAgreedWay => "moved the agreed way",
            Verdict::DidNotMoveTheAgreedWay => "did not move the agreed way",
            Verdict::CannotSay => "cannot be said: a figure is not shown",
        }
    }
}

/// The verdict on one measure from this year's figure and last year's, in `direction`.
pub fn verdict(m: &Measure, direction: Direction, now: Option<f64>, before: Option<f64>) -> Verdict {
    let Some(now) = now else { return Verdict::CannotSay };
    match (m.target, direction) {
        (Some(t), Direction::Up) => {
            if now >= t {
                Verdict::Met
            } else {
                Verdict::NotMet
            }
        }
        (Some(t), Direction::Down) => {
            if now <= t {
                Verdict::Met
            } else {
                Verdict::NotMet
            }
        }
        (None, d) => match before {
            None => Verdict::CannotSay,
            Some(b) if (d == Direction::Up && now > b) || (d == Direction::Down && now < b) => {
                Verdict::MovedTheAgreedWay
            }
            Some(_) => Verdict::DidNotMoveTheAgreedWay,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_and_directions_by_hand() {
        let m = |target: Option<f64>| Measure { id: "x".into(), target, direction: None };
        // A share that should fall to 18%: 17.9 meets it, 18.0 meets it (at the target), 18.1 does not.
        assert_eq!(verdict(&m(Some(18.0)), Direction::Down, Some(17.9), None), Verdict::Met);
        assert_eq!(verdict(&m(Some(18.0)), Direction::Down, Some(18.0), None), Verdict::Met);
        assert_eq!(verdict(&m(Some(18.0)), Direction::Down, Some(18.1), None), Verdict::NotMet);
        assert_eq!(verdict(&m(Some(90.0)), Direction::Up, Some(89.9), Some(80.0)), Verdict::NotMet);
        // No target: up from 80 to 81 is the agreed way; unchanged is not; unknown last year cannot say.
        assert_eq!(verdict(&m(None), Direction::Up, Some(81.0), Some(80.0)), Verdict::MovedTheAgreedWay);
        assert_eq!(verdict(&m(None), Direction::Up, Some(80.0), Some(80.0)), Verdict::DidNotMoveTheAgreedWay);
        assert_eq!(verdict(&m(None), Direction::Down, Some(80.0), None), Verdict::CannotSay);
        assert_eq!(verdict(&m(Some(1.0)), Direction::Down, None, Some(3.0)), Verdict::CannotSay);
    }

    #[test]
    fn priorities_are_read_and_mistakes_named() {
        let v: toml::Value = toml::from_str(
            r#"[[priorities]]
title = "Fewer second plans"
measures = [{ id = "cp.second_or_subsequent.pct", target = 18 }, { id = "cfa.within_45wd.pct", direction = "up" }]
[[priorities]]
title = "Listen to children"
measures = [{ id = "lac.reviews.participated.pct", direction = "sideways" }, { target = 3 }]
colour = "blue"
"#,
        )
        .unwrap();
        let (p, problems) = parse(&v["priorities"]);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].measures[0].target, Some(18.0));
        assert_eq!(p[0].measures[1].direction, Some(Direction::Up));
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("priority 2") && problems[0].contains("\"up\" or \"down\""));
        assert!(problems[1].contains("needs an `id`"));
        assert!(problems[2].contains("`colour` is not a field"));
    }
}
