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
