//! Invalid fixtures: each must produce the code it names, and its report is pinned.

use crate::harness::{check, render, source};

/// The code a fixture expects: `// expect: CODE` on its first line, or for JSON a
/// sidecar `.expect` file.
fn expected_code(path: &std::path::Path, text: &str) -> String {
    if let Some(code) = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("// expect: "))
    {
        return code.trim().to_owned();
    }
    std::fs::read_to_string(path.with_extension("expect"))
        .unwrap_or_else(|_| panic!("{} names no expected code", path.display()))
        .trim()
        .to_owned()
}

#[test]
fn invalid_fixtures() {
    insta::glob!("fixtures/invalid", "**/*.{ktpl,json}", |path| {
        let source = source(path);
        let report = check(&source);
        let expected = expected_code(path, source.text());
        let codes: Vec<&str> = report.findings.iter().map(|f| f.code).collect();
        assert!(
            codes.contains(&expected.as_str()),
            "{} should report {expected}, reported {codes:?}",
            source.name()
        );
        for finding in &report.findings {
            assert!(
                finding.span.is_some(),
                "{}: {finding:?} has no span",
                source.name()
            );
            assert!(
                finding.help.is_some(),
                "{}: {finding:?} has no help",
                source.name()
            );
        }
        insta::assert_snapshot!(render(&source, &report));
    });
}

#[test]
fn a_wrong_object_type_is_one_error_not_a_wall() {
    let path = crate::harness::repo("tests/fixtures/invalid/json/unknown_object_type.json");
    let report = check(&source(&path));
    assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
}

#[test]
fn a_duplicate_shows_both_places() {
    let path = crate::harness::repo("tests/fixtures/invalid/compile/duplicate_field.ktpl");
    let source = source(&path);
    let report = check(&source);
    let finding = &report.findings[0];
    let again = finding.span.clone().expect("span");
    let (first, _) = finding.related[0].clone();
    assert_eq!(&source.text()[again.clone()], "title");
    assert_eq!(&source.text()[first.clone()], "title");
    assert!(first.start < again.start);
}

#[test]
fn too_many_buttons_underlines_the_first_one_past_the_limit() {
    let path = crate::harness::repo("tests/fixtures/invalid/schema/too_many_buttons.ktpl");
    let source = source(&path);
    let report = check(&source);
    let span = report.findings[0].span.clone().expect("span");
    assert_eq!(
        &source.text()[span],
        "button \"Three\" \"https://example.com/3\""
    );
}

/// Issue 16 §6: a `list` with `header_link` and no `header_title` was told to rename
/// `header_link` (a real field) to `header_title`, which would lose the link.
#[test]
fn a_real_field_is_never_offered_as_the_typo_of_a_missing_one() {
    let path = crate::harness::repo(
        "tests/fixtures/invalid/schema/missing_header_title_beside_header_link.ktpl",
    );
    let source = source(&path);
    let report = check(&source);
    let finding = report
        .findings
        .iter()
        .find(|f| f.code == "ktpl::schema::required")
        .expect("header_title is missing");
    let span = finding.span.clone().expect("span");
    assert_eq!(&source.text()[span], "list");
    assert_eq!(finding.label.as_deref(), Some("this has no `header_title`"));
    let help = finding.help.as_deref().unwrap_or_default();
    assert!(help.starts_with("add `header_title`"), "{help}");
}

/// Every code a template can trigger has an invalid fixture naming it.
#[test]
fn every_template_code_has_a_fixture() {
    let mut named = std::collections::BTreeSet::new();
    for entry in walk(&crate::harness::repo("tests/fixtures/invalid")) {
        let text = std::fs::read_to_string(&entry).unwrap_or_default();
        named.insert(expected_code(&entry, &text));
    }
    // A schema code needs a fixture only while some schema uses its keyword (blank and
    // over-long texts moved to lints; the codes stay for schemas that set lengths).
    let schemas: String = crate::harness::files_under("schemas", &["json"])
        .iter()
        .map(|path| std::fs::read_to_string(path).expect("schema"))
        .collect();
    let unused_keyword = |name: &str| match name {
        "ktpl::schema::too_short" => !schemas.contains("\"minLength\""),
        "ktpl::schema::too_long" => !schemas.contains("\"maxLength\""),
        _ => false,
    };
    let needed = ktpl::internals::Code::ALL
        .iter()
        .map(|c| c.name())
        .filter(|name| {
            let stage = name.split("::").nth(1).unwrap_or_default();
            matches!(stage, "syntax" | "compile" | "json" | "schema" | "lint")
                && *name != "ktpl::schema::other"
                && !unused_keyword(name)
        });
    let missing: Vec<&str> = needed.filter(|name| !named.contains(*name)).collect();
    assert!(
        missing.is_empty(),
        "codes without an invalid fixture: {missing:?}"
    );
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("fixtures") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("ktpl" | "json")
        ) {
            files.push(path);
        }
    }
    files
}

/// Codes a ktpl text reports, in order.
fn codes_of(text: &str) -> Vec<&'static str> {
    check(&ktpl::Source::ktpl("case.ktpl", text))
        .findings
        .iter()
        .map(|f| f.code)
        .collect()
}

#[test]
fn the_parts_that_compiled_are_still_checked_after_a_compile_error() {
    // The misspelt `titel` leaves the content with nothing to show and the text template
    // without `text`: those follow from the error and are not reported; the blank button
    // title and the plain-http link are elsewhere and are.
    assert_eq!(
        codes_of(
            "feed {\n  content {\n    titel \"Sale\"\n    link \"https://example.com\"\n  }\n  button \"\" \"http://example.com/shop\"\n}\n"
        ),
        [
            "ktpl::compile::unknown_field",
            "ktpl::lint::blank_text",
            "ktpl::lint::plain_http"
        ]
    );
    assert_eq!(
        codes_of("text {\n  txt \"Hello\"\n  link \"http://example.com\"\n}\n"),
        ["ktpl::compile::unknown_field", "ktpl::lint::plain_http"]
    );
    // A string with an undefined variable is broken as a whole: no URL finding on it.
    assert_eq!(
        codes_of("text {\n  text \"Hi\"\n  link \"${site}/orders\"\n}\n"),
        ["ktpl::compile::undefined_variable"]
    );
    // A file with more compile errors than a template has parts is only reported as such.
    let mut many = "feed {\n  content {\n".to_owned();
    for n in 0..65 {
        many.push_str(&format!("    titel{n} \"x\"\n"));
    }
    many.push_str("    link \"http://example.com\"\n  }\n}\n");
    let codes = codes_of(&many);
    assert_eq!(codes.len(), 65, "{codes:?}");
    assert!(codes.iter().all(|c| *c == "ktpl::compile::unknown_field"));
    // An error in a `let` line breaks every use of it: nothing more is reported.
    assert_eq!(
        codes_of(
            "let site = \"${host}/a\"\ntext {\n  text \"Hi\"\n  link \"${site}\"\n  button \"\" \"http://example.com\"\n}\n"
        ),
        ["ktpl::compile::undefined_variable"]
    );
}
