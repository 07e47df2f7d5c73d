//! Shared helpers: run the pipeline on a file, render reports, check span maps.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use ktpl::compile::Compiled;
use ktpl::compile::span_map::all_pointers;
use ktpl::pipeline::{self, Checked};
use ktpl::report::human::{self, Style};
use ktpl::source::SourceFile;

/// The variables every fixture may use, as if given with `--var`.
pub(crate) fn fixture_vars() -> BTreeMap<String, String> {
    BTreeMap::from([("calendar_id".to_owned(), "subscribed-calendar-1".to_owned())])
}

pub(crate) fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Reads a file the way the CLI does, named relative to the repository.
pub(crate) fn source(path: &Path) -> SourceFile {
    let text = std::fs::read_to_string(path).expect("fixture is readable");
    let name = path
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .display()
        .to_string();
    SourceFile::new(name, text, SourceFile::kind_of(path))
}

/// Checks a source with the `ktpl.toml` beside it, if any (fixtures that need settings).
pub(crate) fn check(source: &SourceFile) -> Checked {
    let beside = repo(&source.name).with_file_name("ktpl.toml");
    let config = if beside.is_file() {
        ktpl::config::Config::load(&beside).expect("fixture config is valid")
    } else {
        ktpl::config::Config::default()
    };
    pipeline::check(source, &fixture_vars(), &config)
}

/// The report as a person sees it, without colour, at a fixed width.
pub(crate) fn render(source: &SourceFile, checked: &Checked) -> String {
    human::render(
        source,
        &checked.problems.0,
        Style {
            color: false,
            width: 80,
        },
    )
}

/// Every pointer in the span map resolves in the JSON, and every leaf has a span
/// whose text is non-empty.
pub(crate) fn assert_span_map_complete(source: &SourceFile, compiled: &Compiled) {
    for pointer in compiled.spans.pointers() {
        assert!(
            compiled.value.pointer(pointer).is_some(),
            "{}: span map holds {pointer:?}, which is not in the JSON",
            source.name
        );
    }
    for (pointer, is_leaf) in all_pointers(&compiled.value) {
        let origin = compiled.spans.get(&pointer);
        assert!(
            origin.is_some() || !is_leaf,
            "{}: leaf {pointer:?} has no span",
            source.name
        );
        if let Some(origin) = origin {
            assert!(
                origin.value.end <= source.text.len() && origin.value.start < origin.value.end,
                "{}: {pointer:?} has an empty or out-of-range span",
                source.name
            );
        }
    }
}

/// Runs the built binary.
pub(crate) fn ktpl(args: &[&str], stdin: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ktpl"));
    command
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("ktpl runs");
    if let Some(input) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write stdin");
    }
    child.wait_with_output().expect("ktpl finishes")
}

pub(crate) fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Checks a file that must be valid: no errors, a complete span map; returns its JSON.
pub(crate) fn compiles_cleanly(path: &std::path::Path) -> serde_json::Value {
    let source = source(path);
    let checked = check(&source);
    assert!(
        !checked.problems.has_errors(),
        "{} should be valid:\n{}",
        source.name,
        render(&source, &checked)
    );
    let compiled = checked.compiled.as_ref().expect("compiled");
    // Clean raw JSON is checked without positions; read it again keeping them.
    let with_spans = match source.kind {
        ktpl::source::SourceKind::Json => ktpl::json_input::read(&source.text).0.expect("json"),
        ktpl::source::SourceKind::Ktpl => {
            let document = ktpl::syntax::parse(&source.text).expect("parses");
            ktpl::compile::compile(&document, &fixture_vars(), true).0
        }
    };
    assert_eq!(with_spans.value, compiled.value);
    assert_span_map_complete(&source, &with_spans);
    compiled.value.clone()
}

/// Every file under `dir` (recursively) with one of `extensions`, sorted.
pub(crate) fn files_under(dir: &str, extensions: &[&str]) -> Vec<PathBuf> {
    fn walk(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, extensions, out);
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e))
            {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&repo(dir), extensions, &mut out);
    out.sort();
    out
}

/// Every valid template we have, as REST JSON: the examples (any depth), the valid
/// fixtures, Kakao's corpus and the import samples.
pub(crate) fn every_valid_template() -> Vec<(String, serde_json::Value)> {
    let mut paths = files_under("examples", &["ktpl", "json"]);
    paths.extend(files_under("tests/fixtures/valid", &["ktpl", "json"]));
    paths.extend(files_under("../shared/corpus/templates", &["json"]));
    // The import samples; `code/` holds application code and the JSON it sends.
    paths.extend(
        files_under("tests/fixtures/import", &["json"])
            .into_iter()
            .filter(|path| !path.starts_with(repo("tests/fixtures/import/code"))),
    );
    assert!(paths.len() > 20, "found only {} templates", paths.len());
    paths
        .iter()
        .map(|path| (path.display().to_string(), compiles_cleanly(path)))
        .collect()
}

/// Compiles a ktpl source (no variables from outside); panics with the problems.
pub(crate) fn compile_source(text: &str) -> serde_json::Value {
    let document = ktpl::syntax::parse(text)
        .unwrap_or_else(|problems| panic!("does not parse: {problems:?}\n{text}"));
    let (compiled, problems) = ktpl::compile::compile(&document, &BTreeMap::new(), false);
    assert!(
        !problems.iter().any(ktpl::diagnostic::Problem::is_error),
        "does not compile: {problems:?}\n{text}"
    );
    compiled.value
}

/// A JSON value written as people paste JavaScript objects: unquoted camelCase keys,
/// single quotes, trailing commas.
pub(crate) fn js_literal(value: &serde_json::Value, indent: usize) -> String {
    use serde_json::Value;
    let pad = "  ".repeat(indent + 1);
    let end = "  ".repeat(indent);
    match value {
        Value::Object(map) => {
            let mut out = String::from("{\n");
            for (key, child) in map {
                out.push_str(&format!(
                    "{pad}{}: {},\n",
                    ktpl::compile::js_name(key),
                    js_literal(child, indent + 1)
                ));
            }
            out + &end + "}"
        }
        Value::Array(items) => {
            let mut out = String::from("[\n");
            for child in items {
                out.push_str(&format!("{pad}{},\n", js_literal(child, indent + 1)));
            }
            out + &end + "]"
        }
        Value::String(text) => {
            let quoted = serde_json::to_string(text).expect("string");
            let inner = &quoted[1..quoted.len() - 1];
            format!("'{}'", inner.replace("\\\"", "\"").replace('\'', "\\'"))
        }
        other => other.to_string(),
    }
}

/// Parses a SARIF log and validates it against the vendored SARIF 2.1.0 schema.
pub(crate) fn valid_sarif(text: &str) -> serde_json::Value {
    let log: serde_json::Value = serde_json::from_str(text).expect("SARIF is JSON");
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo("tests/data/sarif-2.1.0-rtm.5.json"))
            .expect("vendored schema"),
    )
    .expect("schema is JSON");
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&schema)
        .expect("SARIF schema compiles");
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    log
}
