//! Every call the Python module makes into ktpl, and nothing else: plain Rust in, JSON
//! text out, so `lib.rs` only converts to and from Python.
//!
//! Written against today's modules. Each function names the function of the public API
//! (issue 15, `notes/API.md`) it becomes once that lands; the switch is this file alone.

use std::collections::BTreeMap;
use std::path::Path;

use ktpl::code::Code;
use ktpl::compile::Compiled;
use ktpl::compile::key_order::to_json;
use ktpl::config::Config;
use ktpl::diagnostic::Problem;
use ktpl::source::{SourceFile, SourceKind};
use ktpl::span::Span;
use ktpl::target::Target;
use ktpl::{fmt, json_input, pipeline, report};

/// `${name}` values for a ktpl source. Facade: `ktpl::Vars`.
pub(crate) type Vars = BTreeMap<String, String>;

/// What checking one template found, as JSON text for Python's `json.loads`.
#[derive(Debug)]
pub(crate) struct Outcome {
    /// The `template_object` in Kakao's key order, when it could be built.
    pub(crate) template: Option<String>,
    /// A JSON array of findings, each with exactly the keys of `check --format json`.
    pub(crate) findings: String,
    /// Whether any finding is an error.
    pub(crate) has_errors: bool,
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
/// Facade: `ktpl::Config::load(path)` / `ktpl::Config::default()`.
pub(crate) fn config_from(path: Option<&Path>) -> Result<Config, String> {
    match path {
        None => Ok(Config::default()),
        Some(path) => Config::load(path).map_err(|error| findings(&error.source, &error.problems)),
    }
}

/// Settings for a template file: `config` when given, else the nearest `ktpl.toml` from
/// the file's folder upward, as `ktpl check` finds it.
/// Facade: `ktpl::Config::for_path(path)`.
pub(crate) fn config_for(template: &Path, config: Option<&Path>) -> Result<Config, String> {
    if config.is_some() {
        return config_from(config);
    }
    let folder = template
        .parent()
        .filter(|folder| !folder.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Config::discover(folder).map_err(|error| findings(&error.source, &error.problems))
}

/// A source given as text; its kind sniffed as `check -` does (`{` first: raw JSON),
/// unless `json` says.
/// Facade: `ktpl::Source::sniff(name, text)` / `Source::json` / `Source::ktpl`.
#[must_use]
pub(crate) fn source_from_text(name: String, text: String, json: Option<bool>) -> SourceFile {
    let kind = match json {
        Some(true) => SourceKind::Json,
        Some(false) => SourceKind::Ktpl,
        None => SourceKind::sniff(text.as_bytes()),
    };
    SourceFile::new(name, text, kind)
}

/// A template file, its kind by extension (`.json` raw JSON, anything else ktpl).
/// Facade: `std::fs::read` for the `OSError`, then `ktpl::Source::read(path)` (which also
/// gives the `ktpl::io::not_text` finding built here by hand today).
pub(crate) fn source_from_path(path: &Path) -> Result<SourceFile, ReadError> {
    let bytes = std::fs::read(path).map_err(ReadError::Io)?;
    let name = path.display().to_string();
    let kind = SourceFile::kind_of(path);
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(name, text, kind)),
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&error.as_bytes()[..at]).into_owned();
            let problem = Problem::new(Code::IoNotText, "file is not UTF-8 text")
                .at(Span::new(at, at), format!("invalid UTF-8 at byte {at}"))
                .help("templates are UTF-8 text; re-save the file as UTF-8");
            let source = SourceFile::new(name, valid, kind);
            Err(ReadError::Findings(findings(&source, &[problem])))
        }
    }
}

/// Parses, compiles, validates and lints one source, as `ktpl check` does.
/// Facade: `ktpl::check(source, vars, config)` (the template: `Report::template`). The
/// template is written in Kakao's key order by `key_order::to_json`, as `ktpl compile`
/// writes it; `Report::template` is a `serde_json::Value` (keys sorted), so the facade
/// needs to keep that writer public (or the dicts come out in alphabetical order).
#[must_use]
pub(crate) fn check(source: &SourceFile, vars: &Vars, config: &Config) -> Outcome {
    let checked = pipeline::check(source, vars, config);
    Outcome {
        template: checked
            .compiled
            .as_ref()
            .map(|compiled| to_json(&compiled.value, false)),
        findings: findings(source, &checked.problems.0),
        has_errors: checked.problems.has_errors(),
    }
}

/// Validates and lints a template already in memory (Python's dict, as JSON text).
/// Findings carry pointers but no lines: there is no source text to point into.
/// Facade: `ktpl::check_value(&value, config)`.
pub(crate) fn check_value(name: String, json: &str, config: &Config) -> Result<Outcome, String> {
    let mut value: serde_json::Value =
        serde_json::from_str(json).map_err(|error| format!("not a JSON value: {error}"))?;
    json_input::drop_schema_key(&mut value);
    let compiled = Compiled {
        value,
        spans: ktpl::compile::span_map::SpanMap::default(),
    };
    let mut checked = pipeline::check_compiled(compiled, Vec::new(), config, Target::Rest);
    for problem in &mut checked.problems.0 {
        problem.primary = None;
        problem.related.clear();
    }
    let source = SourceFile::new(name, "", SourceKind::Json);
    Ok(Outcome {
        template: checked
            .compiled
            .as_ref()
            .map(|compiled| to_json(&compiled.value, false)),
        findings: findings(&source, &checked.problems.0),
        has_errors: checked.problems.has_errors(),
    })
}

/// `ktpl fmt` on one ktpl text; syntax errors come back as findings (a JSON array).
/// Facade: `ktpl::format(text)` (`Err(report)`: `report.findings`).
pub(crate) fn format(name: String, text: &str) -> Result<String, String> {
    fmt::format_source(text).map_err(|problems| {
        let source = SourceFile::new(name, text, SourceKind::Ktpl);
        findings(&source, &problems)
    })
}

/// Findings as the JSON array `check --format json` prints for one file.
/// Facade: `serde_json::to_string(&report.findings)` (`ktpl::Finding` is `Serialize`).
fn findings(source: &SourceFile, problems: &[Problem]) -> String {
    serde_json::to_string(&report::json::problems(source, problems))
        .unwrap_or_else(|_| "[]".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> serde_json::Value {
        serde_json::from_str(json).expect("valid JSON")
    }

    #[test]
    fn a_clean_source_compiles_in_kakao_key_order() {
        let source = source_from_text(
            "<string>".into(),
            "text {\n  text \"Hi ${name}\"\n  link \"https://example.com\"\n}\n".into(),
            None,
        );
        let vars = Vars::from([("name".to_owned(), "민수".to_owned())]);
        let outcome = check(&source, &vars, &Config::default());
        assert!(!outcome.has_errors, "{}", outcome.findings);
        assert_eq!(
            outcome.template.as_deref(),
            Some(
                r#"{"object_type":"text","text":"Hi 민수","link":{"web_url":"https://example.com","mobile_web_url":"https://example.com"}}"#
            )
        );
        assert_eq!(outcome.findings, "[]");
    }

    #[test]
    fn findings_have_the_keys_of_check_format_json() {
        let source = source_from_text("t.ktpl".into(), "text {\n  titel \"x\"\n}\n".into(), None);
        let outcome = check(&source, &Vars::new(), &Config::default());
        assert!(outcome.has_errors);
        let findings = parse(&outcome.findings);
        let first = &findings[0];
        assert_eq!(first["file"], "t.ktpl");
        assert_eq!(first["severity"], "error");
        assert_eq!(first["line"], 2);
        for key in [
            "code",
            "message",
            "column",
            "end_line",
            "end_column",
            "label",
            "help",
            "pointer",
        ] {
            assert!(first.get(key).is_some(), "no `{key}` in {first}");
        }
    }

    #[test]
    fn a_value_is_checked_without_lines_but_with_pointers() {
        let json = r#"{"object_type": "text", "text": "hi", "link": {}, "buttonz": []}"#;
        let outcome = check_value("<dict>".into(), json, &Config::default()).expect("JSON");
        assert!(outcome.has_errors);
        let findings = parse(&outcome.findings);
        let unknown = findings
            .as_array()
            .expect("array")
            .iter()
            .find(|f| f["pointer"] == "/buttonz")
            .expect("a finding at /buttonz");
        assert_eq!(unknown["line"], serde_json::Value::Null);
        assert_eq!(unknown["file"], "<dict>");
    }

    #[test]
    fn a_json_text_is_sniffed_as_a_raw_template() {
        let source = source_from_text("<string>".into(), " {\"object_type\": 1}".into(), None);
        assert_eq!(source.kind, SourceKind::Json);
        let source = source_from_text("<string>".into(), "text {}".into(), None);
        assert_eq!(source.kind, SourceKind::Ktpl);
    }

    #[test]
    fn format_lays_out_or_returns_syntax_errors() {
        assert_eq!(
            format("<string>".into(), "text{text \"a\" link \"l\"}").as_deref(),
            Ok("text {\n  text \"a\"\n  link \"l\"\n}\n")
        );
        let errors = format("<string>".into(), "text {").expect_err("syntax error");
        assert_eq!(parse(&errors)[0]["severity"], "error");
    }

    #[test]
    fn a_file_that_is_not_utf8_is_a_not_text_finding() {
        let dir = std::env::temp_dir().join(format!("ktpl-python-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("latin1.ktpl");
        std::fs::write(&path, b"text { text \"caf\xe9\" }").expect("write");
        let Err(ReadError::Findings(findings)) = source_from_path(&path) else {
            panic!("not UTF-8 must be a finding");
        };
        assert_eq!(parse(&findings)[0]["code"], "ktpl::io::not_text");
        let missing = source_from_path(&dir.join("missing.ktpl"));
        assert!(
            matches!(missing, Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound)
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}
