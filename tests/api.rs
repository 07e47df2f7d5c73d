//! The library's API, as a Rust program calls it: the findings it returns are the ones
//! `ktpl check` prints, for sources, files and values alike.

use ktpl::{Config, ImportOptions, Source, SourceKind, Vars};
use serde_json::json;

use crate::harness::{findings, ktpl, repo, stdout};

#[path = "../examples/check_from_rust.rs"]
#[allow(dead_code, unreachable_pub)]
mod check_from_rust;

/// The example under `examples/` (built by `cargo test` and CI) shows its users what
/// `ktpl check` shows, nearest `ktpl.toml` included, byte for byte.
#[test]
fn the_rust_example_prints_what_ktpl_check_prints() {
    let files = [
        "examples/maintenance_notice.ktpl",
        "examples/kakao-samples/feed_kakao_docs.ktpl",
        "tests/fixtures/invalid/compile/unknown_field.ktpl",
        "tests/fixtures/invalid/json/duplicate_key.json",
    ]
    .map(|file| repo(file).display().to_string());
    let mut out = Vec::new();
    let clean = check_from_rust::check_paths(&files, &mut out).expect("checked");
    assert!(!clean);
    let mut args = vec!["check", "--color", "never"];
    args.extend(files.iter().map(String::as_str));
    let cli = stdout(&ktpl(&args, None));
    let summary = cli.trim_end().rfind('\n').expect("a summary line");
    let example = String::from_utf8(out).expect("UTF-8");
    assert_eq!(example, cli[..=summary], "the example's report is check's");
    assert!(example.contains("ktpl::json::duplicate_key"), "{example}");
    // Fixes come back through the findings as `check` prints them.
    assert!(
        example.contains("fix: replace `titel` with `title` (`ktpl check --fix`)"),
        "{example}"
    );
    assert!(
        !example.contains("plain_http"),
        "the samples' ktpl.toml applies"
    );

    // A file that cannot be read is the finding `ktpl check` reports for it.
    let missing = repo("tests/fixtures/no_such_file.ktpl");
    let finding = Source::read(&missing).expect_err("missing");
    let run = ktpl(
        &[
            "check",
            "--format",
            "json",
            missing.to_str().expect("UTF-8"),
        ],
        None,
    );
    assert_eq!(
        findings(&run)[0],
        serde_json::to_value(&finding).expect("JSON")
    );
}

#[test]
fn check_value_finds_by_pointer_what_check_finds_by_position() {
    let value = json!({"object_type": "text", "text": "Hi", "link": {"web_url": "http://example.com"},
        "buttons": [{"title": "a", "link": {}}, {"title": "b", "link": {}}, {"title": "c", "link": {}}]});
    let report = ktpl::check_value(&value, &Config::default());
    assert!(report.has_errors());
    assert!(report.template.is_none());
    let from_text = ktpl::check(
        &Source::json("t.json", value.to_string()),
        &Vars::new(),
        &Config::default(),
    );
    let codes = |report: &ktpl::Report| -> Vec<(&str, Option<String>)> {
        let mut codes: Vec<_> = report
            .findings
            .iter()
            .map(|f| (f.code, f.pointer.clone()))
            .collect();
        // Without positions the order is by code, not by place.
        codes.sort();
        codes
    };
    assert_eq!(codes(&report), codes(&from_text));
    for finding in &report.findings {
        assert_eq!(finding.file, "<template>");
        assert_eq!((finding.line, finding.span.clone()), (None, None));
    }
    assert_eq!(report.template_json(false), None);
    let clean =
        json!({"link": {"web_url": "https://example.com"}, "object_type": "text", "text": "Hi"});
    let report = ktpl::check_value(&clean, &Config::default());
    assert_eq!(report.template, Some(clean));
    // Written in Kakao's order, as `ktpl compile` writes it.
    assert_eq!(
        report.template_json(false).as_deref(),
        Some(r#"{"object_type":"text","text":"Hi","link":{"web_url":"https://example.com"}}"#)
    );
}

#[test]
fn compile_gives_the_template_or_the_report() {
    let good = Source::ktpl(
        "a.ktpl",
        "text {\n  text \"Hi\"\n  link \"http://example.com\"\n}\n",
    );
    let compiled = ktpl::compile(&good, &Vars::new(), &Config::default()).expect("compiles");
    assert_eq!(compiled.warnings[0].code, "ktpl::lint::plain_http");
    assert_eq!(
        compiled.to_json(false),
        r#"{"object_type":"text","text":"Hi","link":{"web_url":"http://example.com","mobile_web_url":"http://example.com"}}"#
    );
    assert!(compiled.to_js(false).starts_with(r#"{"objectType":"text""#));
    let bad = Source::sniff(
        "-",
        "text {\n  text \"${who}\"\n  link \"https://example.com\"\n}\n",
    );
    assert_eq!(bad.kind(), SourceKind::Ktpl);
    let report = ktpl::compile(&bad, &Vars::new(), &Config::default()).expect_err("undefined");
    assert_eq!(report.findings[0].code, "ktpl::compile::undefined_variable");
    let vars = Vars::from([("who".to_owned(), "민지".to_owned())]);
    let compiled = ktpl::compile(&bad, &vars, &Config::default()).expect("defined");
    assert_eq!(compiled.template["text"], "민지");
}

#[test]
fn format_and_import_are_fmt_and_import_for_one_text() {
    assert_eq!(
        ktpl::format("text{text \"a\" link \"https://e.x\"}").expect("formats"),
        "text {\n  text \"a\"\n  link \"https://e.x\"\n}\n"
    );
    let refused = ktpl::format("text { text = \"a\" }").expect_err("syntax error");
    assert_eq!(refused.findings[0].code, "ktpl::syntax::unexpected");
    assert_eq!(refused.findings[0].file, "<input>");
    let source = ktpl::import(
        "Kakao.Share.sendDefault({ objectType: 'text', text: 'a', link: { webUrl: 'https://e.x', mobileWebUrl: 'https://e.x' } });",
        &ImportOptions::default(),
        &Config::default(),
    )
    .expect("imports");
    assert_eq!(source, "text {\n  text \"a\"\n  link \"https://e.x\"\n}\n");
}

#[test]
fn files_and_configs_are_read_as_the_command_line_reads_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let nested = dir.path().join("a/b");
    std::fs::create_dir_all(&nested).expect("mkdir");
    let file = nested.join("t.ktpl");
    std::fs::write(
        &file,
        "text {\n  text \"Hi\"\n  link \"http://example.com\"\n}\n",
    )
    .expect("write");
    let source = Source::read(&file).expect("readable");
    assert_eq!(
        (source.name(), source.kind()),
        (file.to_str().expect("UTF-8"), SourceKind::Ktpl)
    );
    let warned = ktpl::check(
        &source,
        &Vars::new(),
        &Config::for_path(&file).expect("config"),
    );
    assert_eq!(warned.findings.len(), 1);

    std::fs::write(
        dir.path().join("ktpl.toml"),
        "[lints]\nplain_http = \"allow\"\n",
    )
    .expect("write");
    let config = Config::for_path(&file).expect("the config above");
    assert!(
        ktpl::check(&source, &Vars::new(), &config)
            .findings
            .is_empty()
    );

    std::fs::write(
        dir.path().join("ktpl.toml"),
        "[lints]\nplain_htp = \"allow\"\n",
    )
    .expect("write");
    let error = Config::for_path(&nested).expect_err("broken config");
    let findings = error.findings();
    assert_eq!(findings[0].code, "ktpl::config::bad_value");
    assert!(findings[0].line.is_some());
    assert!(error.to_string().contains("ktpl.toml"), "{error}");

    std::fs::write(&file, b"text { text \"\xff\" }").expect("write");
    let not_text = Source::read(&file).expect_err("not UTF-8");
    assert_eq!(not_text.code, "ktpl::io::not_text");
    let missing = Source::read(&nested.join("missing.json")).expect_err("missing");
    assert_eq!(missing.code, "ktpl::io::read");
}

/// `ktpl::import_code` is `ktpl import FILE.js` for one text: every template, its
/// variables, and findings positioned in the code; a file that does not parse is the
/// report.
#[cfg(feature = "import-code")]
#[test]
fn import_code_finds_each_template_with_its_variables() {
    use ktpl::{CodeDialect, CodeLanguage, import_code};
    let code = "function share(order) {\n  Kakao.Share.sendDefault({ objectType: 'text', text: `주문 ${order.id} 발송`, link: { webUrl: 'https://a.kr' } });\n}\nconst broken = { objectType: 'text', text: 'a', link: { webUrl: 'https://a.kr' }, buttonz: [] };\n";
    let language = CodeLanguage::JavaScript(CodeDialect::JavaScript);
    let templates = import_code(
        code,
        language,
        "share.js",
        &ImportOptions::default(),
        &Config::default(),
    )
    .expect("parses");
    assert_eq!(templates.len(), 2, "{templates:?}");
    let share = &templates[0];
    assert_eq!((share.name.as_str(), share.line), ("share", 2));
    assert_eq!(share.variables[0].name, "order_id");
    assert_eq!(share.variables[0].expression, "order.id");
    assert!(
        share
            .source
            .as_deref()
            .is_some_and(|source| source.contains("\"주문 ${order_id} 발송\"")),
        "{share:?}"
    );
    let broken = &templates[1];
    assert!(broken.source.is_none());
    let finding = broken
        .findings
        .iter()
        .find(|f| f.is_error())
        .expect("an error");
    assert_eq!(finding.line, Some(4), "{finding:?}");
    let report = import_code(
        "const t = {",
        language,
        "t.js",
        &ImportOptions::default(),
        &Config::default(),
    )
    .expect_err("does not parse");
    assert!(report.has_errors());
    assert_eq!(report.findings[0].code, "ktpl::import::code_syntax");
}
