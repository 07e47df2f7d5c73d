//! Every call the Python module makes into ktpl, and nothing else: plain Rust in, JSON
//! text out, so `lib.rs` only converts to and from Python. Each goes through ktpl's
//! public API (`ktpl::check`, `ktpl::check_value`, `ktpl::format`, `ktpl::Config`,
//! `ktpl::Source`), the one a Rust program uses, and findings are `ktpl::Finding`
//! serialised: the keys of `ktpl check --format json`.

use std::path::Path;

use ktpl::{Config, Finding, Report, Source};

/// `${name}` values for a ktpl source.
pub(crate) use ktpl::Vars;

/// What checking one template found, as JSON text for Python's `json.loads`.
#[derive(Debug)]
pub(crate) struct Outcome {
    /// The `template_object` in Kakao's key order, when it has no error.
    pub(crate) template: Option<String>,
    /// A JSON array of findings, each with exactly the keys of `check --format json`.
    pub(crate) findings: String,
    /// Whether any finding is an error.
    pub(crate) has_errors: bool,
}

impl Outcome {
    /// The outcome of a report whose findings are about the file `name`.
    fn of(report: Report, name: Option<&str>) -> Outcome {
        // Kakao's key order, as `ktpl compile` writes it: Python dicts keep it.
        let template = report.template_json(false);
        let mut findings = report.findings;
        if let Some(name) = name {
            for finding in &mut findings {
                name.clone_into(&mut finding.file);
            }
        }
        Outcome {
            template,
            has_errors: findings.iter().any(Finding::is_error),
            findings: json(&findings),
        }
    }
}

/// Why a template file gave no source.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// The file could not be read (Python raises the matching `OSError`).
    Io(std::io::Error),
    /// It was read but is not a template source: a JSON array of findings.
    Findings(String),
}

/// Settings for a source given as text: a named `ktpl.toml`, or the defaults (a service
/// must not depend on its working directory).
pub(crate) fn config_from(path: Option<&Path>) -> Result<Config, String> {
    match path {
        None => Ok(Config::default()),
        Some(path) => Config::load(path).map_err(|error| json(&error.findings())),
    }
}

/// Settings for a template file: `config` when given, else the nearest `ktpl.toml` from
/// the file's folder upward, as `ktpl check` finds it.
pub(crate) fn config_for(template: &Path, config: Option<&Path>) -> Result<Config, String> {
    if config.is_some() {
        return config_from(config);
    }
    Config::for_path(template).map_err(|error| json(&error.findings()))
}

/// A source given as text; its kind sniffed as `check -` does (`{` first: raw JSON),
/// unless `json` says.
#[must_use]
pub(crate) fn source_from_text(name: String, text: String, json: Option<bool>) -> Source {
    match json {
        Some(true) => Source::json(name, text),
        Some(false) => Source::ktpl(name, text),
        None => Source::sniff(name, text),
    }
}

/// A template file, its kind by extension (`.json` raw JSON, anything else ktpl).
pub(crate) fn source_from_path(path: &Path) -> Result<Source, ReadError> {
    Source::read(path).map_err(|finding| {
        if finding.code == "ktpl::io::read" {
            // Python raises the `OSError` itself, which a finding keeps only in words.
            let error = std::fs::read(path)
                .err()
                .unwrap_or_else(|| std::io::Error::other(finding.message.clone()));
            ReadError::Io(error)
        } else {
            ReadError::Findings(json(&[finding]))
        }
    })
}

/// Parses, compiles, validates and lints one source, as `ktpl check` does.
#[must_use]
pub(crate) fn check(source: &Source, vars: &Vars, config: &Config) -> Outcome {
    Outcome::of(ktpl::check(source, vars, config), None)
}

/// Validates and lints a template already in memory (Python's dict, as JSON text),
/// its findings about the file `name`. Findings carry pointers but no lines: there is
/// no source text to point into.
pub(crate) fn check_value(name: &str, json: &str, config: &Config) -> Result<Outcome, String> {
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|error| format!("not a JSON value: {error}"))?;
    Ok(Outcome::of(ktpl::check_value(&value, config), Some(name)))
}

/// `ktpl fmt` on one ktpl text, named `name`; syntax errors come back as findings (a
/// JSON array).
pub(crate) fn format(name: &str, text: &str) -> Result<String, String> {
    ktpl::format(text).map_err(|report| Outcome::of(report, Some(name)).findings)
}

/// Findings as the JSON array `check --format json` prints for one file.
fn json(findings: &[Finding]) -> String {
    serde_json::to_string(findings).unwrap_or_else(|_| "[]".to_owned())
}
