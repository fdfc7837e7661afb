//! HTML fragments built in Rust (sentences that quote figures, charts), and the one place
//! numbers are formatted for reading.
//!
//! Every printed figure is wrapped in `<data value="…" data-figure="id" data-period="…">`, the
//! value being exactly what `figures.csv` holds, so a reader's tool (and our tests) can trace
//! each number in the report to its row.

use crate::indicators::figure::{Figure, Unit};
use serde::{Serialize, Serializer};

/// A piece of markup whose text parts have been escaped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Html(String);

impl Html {
    pub fn text(text: &str) -> Html {
        Html(escape(text))
    }

    /// Markup we built ourselves (charts, converted Markdown): not escaped again.
    pub(crate) fn trusted(markup: String) -> Html {
        Html(markup)
    }

    pub fn push_text(&mut self, text: &str) -> &mut Self {
        self.0.push_str(&escape(text));
        self
    }

    pub fn push(&mut self, html: &Html) -> &mut Self {
        self.0.push_str(&html.0);
        self
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Serialised for templates as a safe string, so autoescaping leaves it alone; for any other
/// serialiser it is the markup as a string.
impl Serialize for Html {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        minijinja::Value::from_safe_string(self.0.clone()).serialize(s)
    }
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            _ => out.push(c),
        }
    }
    out
}

/// Groups the integer part in threes: "-2399.5" → "-2,399.5" (the grouping is
/// [`crate::diagnostics::thousands`], which messages already use).
pub fn thousands(number: &str) -> String {
    let (sign, rest) = number.strip_prefix('-').map_or(("", number), |r| ("-", r));
    let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    let Ok(int) = int.parse::<u64>() else { return number.to_string() };
    let grouped = crate::diagnostics::thousands(int);
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A published value as a reader sees it: "20,351", "78.0%", "£42,000"; symbols unchanged.
pub fn readable(shown: &str, unit: Unit) -> String {
    if matches!(shown, "c" | "x" | "z") {
        return shown.to_string();
    }
    let n = thousands(shown);
    match unit {
        Unit::Pct => format!("{n}%"),
        Unit::Gbp => format!("£{n}"),
        _ => n,
    }
}

/// What the symbols mean, in the words the notes and tooltips use.
pub fn symbol_meaning(symbol: &str) -> &'static str {
    match symbol {
        "c" => "suppressed to protect confidentiality",
        "x" => "not available",
        "z" => "not applicable",
        _ => "",
    }
}

/// A figure of `id` for `period`, marked up so that it can be traced to figures.csv.
pub fn figure(id: &str, period: impl std::fmt::Display, fig: &Figure, unit: Unit) -> Html {
    let shown = fig.shown(unit);
    let text = readable(&shown, unit);
    let title = match symbol_meaning(&shown) {
        "" => String::new(),
        m => format!(" title=\"{m}\""),
    };
    Html(format!(
        "<data value=\"{}\" data-figure=\"{}\" data-period=\"{}\"{title}>{}</data>",
        escape(&shown),
        escape(id),
        escape(&period.to_string()),
        escape(&text)
    ))
}

/// A count suppressed for being small, as prose says it ("fewer than 6"); its value is `c`,
/// as in figures.csv.
pub fn fewer_than(id: &str, period: impl std::fmt::Display, threshold: u32) -> Html {
    Html(format!(
        "<data value=\"c\" data-figure=\"{}\" data-period=\"{}\" title=\"{}\">fewer than {}</data>",
        escape(id),
        escape(&period.to_string()),
        symbol_meaning("c"),
        threshold + 1
    ))
}

/// A derived number (a change, or its percentage), marked with what it was derived from.
pub fn derived(kind: &str, id: &str, period: impl std::fmt::Display, value: &str, text: &str) -> Html {
    Html(format!(
        "<data value=\"{}\" data-{kind}=\"{}\" data-period=\"{}\">{}</data>",
        escape(value),
        escape(id),
        escape(&period.to_string()),
        escape(text)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_in_thousands() {
        assert_eq!(thousands("22750"), "22,750");
        assert_eq!(thousands("-2399"), "-2,399");
        assert_eq!(thousands("1234567.25"), "1,234,567.25");
        assert_eq!(thousands("999"), "999");
        assert_eq!(thousands("c"), "c");
    }

    #[test]
    fn readable_values_carry_their_unit() {
        assert_eq!(readable("78.0", Unit::Pct), "78.0%");
        assert_eq!(readable("42000", Unit::Gbp), "£42,000");
        assert_eq!(readable("c", Unit::Pct), "c");
    }

    #[test]
    fn markup_in_text_is_escaped() {
        let h = Html::text("Children's <b>\"care\"</b> & more");
        assert_eq!(h.as_str(), "Children&#x27;s &lt;b&gt;&quot;care&quot;&lt;/b&gt; &amp; more");
    }

    #[test]
    fn figures_are_traceable() {
        let h = figure("contacts.total", "2017-18", &Figure::of(20351, None), Unit::Count);
        assert_eq!(
            h.as_str(),
            "<data value=\"20351\" data-figure=\"contacts.total\" data-period=\"2017-18\">20,351</data>"
        );
        let c = Figure::Suppressed {
            reason: crate::indicators::figure::Suppression::SmallCount,
            numerator: 3,
            denominator: None,
        };
        assert!(figure("cp.over_2_years", "2017-18", &c, Unit::Count).as_str().contains(">c</data>"));
    }
}
