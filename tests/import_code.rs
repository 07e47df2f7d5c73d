//! `ktpl import` of application code: each fixture in `tests/fixtures/import/code/`
//! (handlers, services, components, Django/FastAPI views, scripts) is imported by the
//! binary, and each source it writes, compiled with the values in the fixture's
//! `.expected.json`, gives exactly the template the code sends with those values.
//! Then the shapes issue 18 found broken, each as a regression.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use ktpl::code::Code;
use ktpl::config::Config;
use ktpl::import::{Dialect, Language, Options, import_code};

use crate::harness::{compile_source, files_under, ktpl, stderr, stdout};

/// Imports `text` as a file of `language`: (template name, source or problems).
fn import(text: &str, language: Language) -> ktpl::import::ImportedFile {
    import_code(text, language, "test", Options::default(), &Config::default())
}

fn js(text: &str) -> ktpl::import::ImportedFile {
    import(text, Language::JavaScript(Dialect::JavaScript))
}

fn python(text: &str) -> ktpl::import::ImportedFile {
    import(text, Language::Python)
}

/// The only template's source, or a panic with the problems.
fn only_source(file: &ktpl::import::ImportedFile) -> String {
    assert!(file.problems.0.is_empty(), "{:?}", file.problems);
    assert_eq!(file.templates.len(), 1, "{:?}", file.templates);
    let template = &file.templates[0];
    template
        .source
        .clone()
        .unwrap_or_else(|| panic!("not imported: {:?}", template.problems))
}

/// Compiles a source with `--var` values through the binary.
fn compile_with(source_path: &Path, vars: &BTreeMap<String, String>) -> Value {
    let mut args = vec!["compile".to_owned(), source_path.display().to_string()];
    for (name, value) in vars {
        args.push("--var".to_owned());
        args.push(format!("{name}={value}"));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = ktpl(&args, None);
    assert!(run.status.success(), "{}", stderr(&run));
    serde_json::from_str(&stdout(&run)).expect("compiled JSON")
}

#[test]
fn every_fixture_compiles_back_to_what_the_code_sends() {
    let expectations = files_under("tests/fixtures/import/code", &["json"]);
    assert!(expectations.len() >= 6, "{expectations:?}");
    for expected_path in expectations {
        let stem = expected_path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".expected.json"))
            .expect("a `.expected.json` sidecar")
            .to_owned();
        let dir = expected_path.parent().expect("folder");
        let code = std::fs::read_dir(dir)
            .expect("fixtures")
            .map(|entry| entry.expect("entry").path())
            .find(|path| {
                path.file_stem().and_then(|s| s.to_str()) == Some(stem.as_str())
                    && path.extension().is_some_and(|e| e != "json")
            })
            .unwrap_or_else(|| panic!("no code file for {stem}"));
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(&expected_path).expect("read"))
                .expect("expected JSON");
        let vars: BTreeMap<String, String> = expected["vars"]
            .as_object()
            .expect("vars")
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().expect("text").to_owned()))
            .collect();
        let templates = expected["templates"].as_object().expect("templates");
        let out = tempfile::tempdir().expect("tempdir");
        let target = out.path().join(format!("{stem}.ktpl"));
        let run = ktpl(
            &[
                "import",
                code.to_str().expect("utf-8"),
                "-o",
                target.to_str().expect("utf-8"),
            ],
            None,
        );
        assert!(run.status.success(), "{stem}: {}", stderr(&run));
        let mut written: Vec<String> = std::fs::read_dir(out.path())
            .expect("out")
            .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        written.sort();
        assert_eq!(written.len(), templates.len(), "{stem}: {written:?}");
        for (name, template) in templates {
            let path = if templates.len() == 1 {
                target.clone()
            } else {
                out.path().join(format!("{stem}.{name}.ktpl"))
            };
            assert!(path.exists(), "{stem}: no {} among {written:?}", path.display());
            let source = std::fs::read_to_string(&path).expect("source");
            for variable in source.lines().filter_map(|l| l.strip_prefix("//   ")) {
                let name = variable.split(':').next().expect("name");
                assert!(vars.contains_key(name), "{stem}/{name}: no value for `{name}`");
            }
            assert_eq!(&compile_with(&path, &vars), template, "{stem}/{name}:\n{source}");
            // Each variable's line in the summary points into the code file.
            assert!(stderr(&run).contains(&format!("`{name}`")), "{}", stderr(&run));
        }
    }
}
