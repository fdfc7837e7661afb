//! The one error type of a run. Each variant knows its exit status, so `main` maps none by hand.
//!
//! | status | meaning |
//! |---|---|
//! | 0 | success (warnings allowed) |
//! | 1 | problems in the data: the data directory's files, `report.toml`, the narrative files |
//! | 2 | a usage problem: the command line, or a data directory that is not there |
//! | 3 | output or environment: the output cannot be written, or a template override is broken |
//! | 4 | an internal error: a bug, which should be reported |

use std::path::PathBuf;

/// Exit statuses, as the README documents them.
pub mod status {
    pub const SUCCESS: u8 = 0;
    pub const DATA: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const OUTPUT: u8 = 3;
    pub const INTERNAL: u8 = 4;
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The data has errors, already printed with their file, line and column.
    #[error("stopped before {0}: fix the errors above and run again")]
    DataProblems(&'static str),
    /// A narrative file (the board's own words) cannot be used.
    #[error("the report cannot be built: {file}{}: {message}", at_line(*line))]
    Narrative { file: String, line: Option<usize>, message: String },
    #[error("{0}")]
    Usage(String),
    /// An output file or folder cannot be written.
    #[error("cannot write to {}: {reason}", path.display())]
    Write { path: PathBuf, reason: String },
    /// A template override cannot be read or rendered.
    #[error("the report cannot be built: the report template {name}{}: {message}", at_line(*line))]
    TemplateOverride { name: String, line: Option<usize>, message: String },
    /// The template override directory itself is unusable.
    #[error("the report cannot be built: {0}")]
    TemplateDirectory(String),
    /// Something that valid data cannot cause.
    #[error("{0} (this is a bug; please report it)")]
    Internal(String),
}

fn at_line(line: Option<usize>) -> String {
    line.map(|l| format!(", line {l}")).unwrap_or_default()
}

impl Error {
    pub fn exit_status(&self) -> u8 {
        match self {
            Error::DataProblems(_) | Error::Narrative { .. } => status::DATA,
            Error::Usage(_) => status::USAGE,
            Error::Write { .. } | Error::TemplateOverride { .. } | Error::TemplateDirectory(_) => status::OUTPUT,
            Error::Internal(_) => status::INTERNAL,
        }
    }

    /// An output that cannot be written, saying why in plain words.
    pub fn write(path: impl Into<PathBuf>, e: &std::io::Error) -> Self {
        Error::Write { path: path.into(), reason: crate::load::files::io_reason(e) }
    }
}

impl From<polars::prelude::PolarsError> for Error {
    fn from(e: polars::prelude::PolarsError) -> Self {
        // Every value was checked before the frames were built, so only a bug gets here.
        Error::Internal(format!("computing the figures failed: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_failure_has_its_documented_status() {
        let cases = [
            (Error::DataProblems("computing figures"), 1),
            (Error::Narrative { file: "narrative/x.md".into(), line: Some(2), message: "m".into() }, 1),
            (Error::Usage("u".into()), 2),
            (Error::Write { path: "/out".into(), reason: "permission denied".into() }, 3),
            (Error::TemplateOverride { name: "style.css".into(), line: None, message: "m".into() }, 3),
            (Error::TemplateDirectory("t".into()), 3),
            (Error::Internal("i".into()), 4),
        ];
        for (e, code) in cases {
            assert_eq!(e.exit_status(), code, "{e}");
        }
    }

    #[test]
    fn messages_name_the_path_and_line() {
        let e = Error::Write { path: "/out/x".into(), reason: "permission denied".into() };
        assert_eq!(e.to_string(), "cannot write to /out/x: permission denied");
        let e = Error::Narrative { file: "narrative/cp.md".into(), line: Some(3), message: "bad".into() };
        assert_eq!(e.to_string(), "the report cannot be built: narrative/cp.md, line 3: bad");
    }
}
