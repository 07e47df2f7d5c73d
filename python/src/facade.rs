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
        assert!(outcome.template.is_none());
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
            "fixes",
        ] {
            assert!(first.get(key).is_some(), "no `{key}` in {first}");
        }
    }

    #[test]
    fn a_value_is_checked_without_lines_but_with_pointers() {
        let json = r#"{"object_type": "text", "text": "hi", "link": {}, "buttonz": []}"#;
        let outcome = check_value("<dict>", json, &Config::default()).expect("JSON");
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
    fn a_clean_value_comes_back_in_kakao_key_order() {
        let json =
            r#"{"link": {"web_url": "https://example.com"}, "text": "hi", "object_type": "text"}"#;
        let outcome = check_value("<dict>", json, &Config::default()).expect("JSON");
        assert!(!outcome.has_errors, "{}", outcome.findings);
        assert_eq!(
            outcome.template.as_deref(),
            Some(r#"{"object_type":"text","text":"hi","link":{"web_url":"https://example.com"}}"#)
        );
    }

    #[test]
    fn a_json_text_is_sniffed_as_a_raw_template() {
        let source = source_from_text("<string>".into(), " {\"object_type\": 1}".into(), None);
        assert_eq!(source.kind(), ktpl::SourceKind::Json);
        let source = source_from_text("<string>".into(), "text {}".into(), None);
        assert_eq!(source.kind(), ktpl::SourceKind::Ktpl);
    }

    #[test]
    fn format_lays_out_or_returns_syntax_errors() {
        assert_eq!(
            format("<string>", "text{text \"a\" link \"l\"}").as_deref(),
            Ok("text {\n  text \"a\"\n  link \"l\"\n}\n")
        );
        let errors = format("<string>", "text {").expect_err("syntax error");
        assert_eq!(parse(&errors)[0]["severity"], "error");
        assert_eq!(parse(&errors)[0]["file"], "<string>");
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
