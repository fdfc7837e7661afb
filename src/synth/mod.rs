//! Stage 0 (for demos, tests and benchmarks): a realistic synthetic data directory.
//!
//! Each authority is simulated child by child: a contact at the front door, routed by level
//! of need; a referral; an assessment; then a child in need plan, a protection plan or care,
//! with reviews, missing episodes and exploitation panel discussions that follow from the
//! child's state on the day. Everything is drawn from one seeded generator, so a seed always
//! gives byte-identical files.

mod annex_a;
mod cin_census;
mod extract;
mod options;
mod returns;
mod rng;
mod ssda903_xml;
mod world;

pub use options::SynthOptions;
pub use rng::Rng;

use std::io::{self, Write};
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    #[error("cannot write to {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
    #[error("{0}")]
    BadOption(String),
}

/// Writes a complete data directory; returns the number of rows written per file.
pub fn generate(opts: &SynthOptions) -> Result<Vec<(String, u64)>, SynthError> {
    if opts.las == 0 || opts.las > 999 {
        return Err(SynthError::BadOption("--las must be between 1 and 999".into()));
    }
    if opts.years == 0 || opts.years > 30 {
        return Err(SynthError::BadOption("--years must be between 1 and 30".into()));
    }
    if !(opts.scale > 0.0 && opts.scale <= 100.0) {
        return Err(SynthError::BadOption("--scale must be above 0 and at most 100".into()));
    }
    let wrap = |path: PathBuf| move |source| SynthError::Write { path: path.clone(), source };
    std::fs::create_dir_all(&opts.out).map_err(wrap(opts.out.clone()))?;
    let mut sink = world::Sink::create(&opts.out, opts.las > 1).map_err(wrap(opts.out.clone()))?;
    for la in 0..opts.las {
        let code = if opts.las == 1 { "999".to_string() } else { format!("{}", 201 + la) };
        world::simulate_authority(opts, la, &code, &mut sink).map_err(wrap(opts.out.clone()))?;
    }
    let counts = sink.finish().map_err(wrap(opts.out.clone()))?;
    write_settings(opts).map_err(wrap(opts.out.join("report.toml")))?;
    write_narrative(&opts.out).map_err(wrap(opts.out.join("narrative")))?;
    if opts.returns {
        returns::write(opts).map_err(wrap(opts.out.join("returns")))?;
        cin_census::write(opts).map_err(wrap(opts.out.join("returns")))?;
        annex_a::write(opts).map_err(wrap(opts.out.join("annex-a")))?;
    }
    Ok(counts)
}

/// The board's words for the synthetic area: examples of narrative files quoting figures.
const NARRATIVE: &[(&str, &str)] = &[
    ("foreword.md", include_str!("narrative/foreword.md")),
    ("cp.challenges.md", include_str!("narrative/cp.challenges.md")),
    ("cp.plans.md", include_str!("narrative/cp.plans.md")),
    ("priorities.md", include_str!("narrative/priorities.md")),
    ("arrangements.md", include_str!("narrative/arrangements.md")),
    ("audits.md", include_str!("narrative/audits.md")),
    ("voice.md", include_str!("narrative/voice.md")),
    ("scrutiny.md", include_str!("narrative/scrutiny.md")),
];

fn write_narrative(out: &std::path::Path) -> io::Result<()> {
    let dir = out.join("narrative");
    std::fs::create_dir_all(&dir)?;
    for (name, text) in NARRATIVE {
        std::fs::write(dir.join(name), text)?;
    }
    Ok(())
}

fn write_settings(opts: &SynthOptions) -> io::Result<()> {
    let mut f = std::fs::File::create(opts.out.join("report.toml"))?;
    let name =
        if opts.las > 1 { format!("{} ({} authorities)", opts.area_name, opts.las) } else { opts.area_name.clone() };
    writeln!(f, "# Settings for the report; every key is optional (see datasets/README.md).")?;
    writeln!(f, "area_name = \"{}\"", name.replace('"', "'"))?;
    if opts.las == 1 {
        writeln!(f, "lea = \"999\"")?;
    }
    writeln!(f, "region = \"{}\"", world::REGION)?;
    // A fictional address on the reserved `.example` domain.
    let host: String = opts.area_name.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_lowercase();
    writeln!(
        f,
        "contact = \"{} Safeguarding Children Partnership business unit, partnership@{}.example\"",
        opts.area_name.replace('"', "'"),
        if host.is_empty() { "area".to_string() } else { host }
    )?;
    writeln!(f, "reporting_year = \"{}\"", opts.end_year)?;
    writeln!(f, "edition = \"public\"")?;
    writeln!(f, "small_number_threshold = 5")?;
    writeln!(f, "comparators = [\"England\", \"{}\", \"Statistical neighbours\"]", world::REGION)?;
    writeln!(f, "narrative_dir = \"narrative\"")?;
    f.write_all(PRIORITIES.as_bytes())?;
    Ok(())
}

/// The example board's priorities, each with the figures that measure it and its aims.
const PRIORITIES: &str = r#"
# The board's priorities, each with the figures that measure it: a target, or the direction
# the board wants (by default the figure's own: higher or lower is better).
[[priorities]]
title = "Help families sooner"
measures = [{ id = "early_help.ended.reduced.pct", direction = "up" }, { id = "referrals.rereferral_12m.pct", target = 20.0 }]

[[priorities]]
title = "Timely, effective child protection"
measures = [{ id = "cfa.within_45wd.pct", target = 85.0 }, { id = "cp.second_or_subsequent.pct", target = 18.0 }]

[[priorities]]
title = "Stable homes for children in care"
measures = [{ id = "lac.placements_3plus.pct", target = 10.0 }, { id = "lac.long_term_stability.pct", target = 70.0 }]

[[priorities]]
title = "Learn from reviews and act on it"
measures = [{ id = "reviews.rapid_review.within_15wd.pct", target = 100.0 }, { id = "actions.completed.pct", target = 80.0 }]
"#;

#[cfg(test)]
mod tests {
    use super::{NARRATIVE, PRIORITIES};
    use crate::indicators::topics::is_known;

    /// The ids quoted in a narrative file: the first argument of value(), previous(), change().
    fn quoted(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        for call in ["value(\"", "previous(\"", "change(\""] {
            for (at, _) in text.match_indices(call) {
                let rest = &text[at + call.len()..];
                out.extend(rest.split('"').next());
            }
        }
        out
    }

    #[test]
    fn the_example_narrative_quotes_declared_figures() {
        let mut seen = 0;
        for (name, text) in NARRATIVE {
            for id in quoted(text) {
                assert!(is_known(id), "{name} quotes {id}");
                seen += 1;
            }
        }
        assert!(seen > 5, "the examples quote figures");
    }

    #[test]
    fn the_example_priorities_name_declared_figures() {
        let table: toml::Table = PRIORITIES.parse().unwrap();
        let (priorities, problems) = crate::priorities::parse(&table["priorities"]);
        assert!(problems.is_empty(), "{problems:?}");
        for m in priorities.iter().flat_map(|p| &p.measures) {
            assert!(is_known(&m.id), "{}", m.id);
        }
    }
}
