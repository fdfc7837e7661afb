//! The report's templates: compiled into the binary from `report_templates/`, each overridable
//! by a file of the same name in `--templates DIR`, so an authority can brand its report
//! without a new build. Everything from the data is escaped for HTML.

use crate::error::Error;
use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use std::path::{Path, PathBuf};

/// Every template the report uses, with its compiled-in default.
pub const DEFAULTS: &[(&str, &str)] = &[
    ("report.html.j2", include_str!("../../report_templates/report.html.j2")),
    ("section.html.j2", include_str!("../../report_templates/section.html.j2")),
    ("figure.html.j2", include_str!("../../report_templates/figure.html.j2")),
    ("table.html.j2", include_str!("../../report_templates/table.html.j2")),
    ("style.css", include_str!("../../report_templates/style.css")),
    ("print.css", include_str!("../../report_templates/print.css")),
];

/// A name is looked up only inside the override directory: no `..`, no absolute paths, no
/// hidden files.
fn safe_join(dir: &Path, name: &str) -> Option<PathBuf> {
    let mut path = dir.to_path_buf();
    for part in name.split('/') {
        if part.is_empty() || part.starts_with('.') || part.contains('\\') || part.contains(':') {
            return None;
        }
        path.push(part);
    }
    Some(path)
}

/// The work a report rendered with template overrides may take, in minijinja's steps.
pub const OVERRIDE_FUEL: u64 = 100_000_000;

pub fn environment(overrides: Option<&Path>) -> Result<Environment<'static>, Error> {
    if let Some(dir) = overrides.filter(|d| !d.is_dir()) {
        return Err(Error::TemplateDirectory(format!(
            "the template directory {} does not exist or is not a directory",
            dir.display()
        )));
    }
    let mut env = Environment::new();
    // Overrides are bounded like narrative files, with room for a national report's tables;
    // the built-in templates are not (their work grows only with the figures).
    if overrides.is_some() {
        env.set_fuel(Some(OVERRIDE_FUEL));
        env.set_recursion_limit(super::narrative_files::RECURSION);
    }
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // Block tags leave no blank lines or stray indentation behind.
    let syntax = minijinja::syntax::SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).build();
    env.set_syntax(syntax.map_err(|e| Error::Internal(format!("template syntax settings: {e}")))?);
    // `{{ n|thousands }}`: 116666 → "116,666", for numbers templates print themselves.
    env.add_filter("thousands", |n: i64| super::html::thousands(&n.to_string()));
    let dir = overrides.map(Path::to_path_buf);
    env.set_loader(move |name| {
        if let Some((d, path)) = dir.as_deref().and_then(|d| Some((d, safe_join(d, name)?))) {
            if std::fs::symlink_metadata(&path).is_ok() {
                let read = crate::load::files::read_capped(&path, d, crate::load::files::TEXT_FILE_CAP)
                    .and_then(|b| String::from_utf8(b).map_err(|_| "is not UTF-8 text".to_string()))
                    .and_then(|text| match super::narrative_files::tags_of_bounded_length(&text) {
                        Ok(()) => Ok(text),
                        Err((line, why)) => Err(format!("has, on line {line}, {why}")),
                    });
                return match read {
                    Ok(text) => Ok(Some(text)),
                    Err(why) => Err(minijinja::Error::new(
                        minijinja::ErrorKind::InvalidOperation,
                        format!("the template override {} {why}", path.display()),
                    )),
                };
            }
        }
        Ok(DEFAULTS.iter().find(|(n, _)| *n == name).map(|(_, text)| (*text).to_string()))
    });
    Ok(env)
}

/// A template that cannot be rendered. An error inside an included template is wrapped by the
/// includer's: the innermost is reported, as it names the file and line to fix. With no
/// overrides only the built-in templates run, so a failure is a bug.
pub fn error(e: minijinja::Error, overridden: bool) -> Error {
    let mut e = &e;
    while let Some(inner) = std::error::Error::source(e).and_then(|s| s.downcast_ref::<minijinja::Error>()) {
        e = inner;
    }
    let name = e.name().unwrap_or("report.html.j2").to_string();
    let message = match e.kind() {
        minijinja::ErrorKind::OutOfFuel => {
            format!("takes more work than a report may ({OVERRIDE_FUEL} steps: loops within loops?), so it was stopped")
        }
        _ => e.detail().map_or_else(|| e.kind().to_string(), str::to_string),
    };
    if overridden {
        Error::TemplateOverride { name, line: e.line(), message }
    } else {
        Error::Internal(format!("the built-in report template {name} failed: {message}"))
    }
}

/// Writes the compiled-in templates into `dir`, as a starting point for an override.
pub fn dump(dir: &Path) -> Result<(), Error> {
    std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, &e))?;
    for (name, text) in DEFAULTS {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| Error::write(&path, &e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_template_compiles() {
        let env = environment(None).unwrap();
        for (name, _) in DEFAULTS {
            env.get_template(name).unwrap_or_else(|e| panic!("{name}: {e:#}"));
        }
    }

    #[test]
    fn override_names_stay_inside_the_directory() {
        let d = Path::new("/tmp/t");
        assert!(safe_join(d, "../etc/passwd").is_none());
        assert!(safe_join(d, ".hidden").is_none());
        assert!(safe_join(d, "/abs").is_none());
        assert_eq!(safe_join(d, "style.css"), Some(PathBuf::from("/tmp/t/style.css")));
    }

    #[test]
    fn an_override_replaces_one_file_and_keeps_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("table.html.j2"), "OVERRIDDEN").unwrap();
        let env = environment(Some(dir.path())).unwrap();
        assert_eq!(env.get_template("table.html.j2").unwrap().source(), "OVERRIDDEN");
        assert!(env.get_template("style.css").unwrap().source().contains("font"));
    }
}
