//! `ktpl import`: every template we have comes back exactly, from REST JSON and from
//! the JavaScript SDK's form; invalid input gets `check`'s diagnostics and no file.

use ktpl::internals::{to_js_json, to_json};
use ktpl::{Config, ImportOptions as Options, Report, Target, import};

use crate::harness::{
    KAKAO_TEMPLATES, check, compile_source, every_valid_template, files_under, js_literal, ktpl,
    render, repo, source, stderr, stdout,
};

fn imported(text: &str, options: Options) -> String {
    import(text, &options, &Config::default())
        .unwrap_or_else(|report| panic!("not imported: {:?}\n{text}", report.findings))
}

/// What importing `text` reports, when it gives no source.
fn refused(text: &str) -> Report {
    import(text, &Options::default(), &Config::default()).expect_err("no source")
}

#[test]
fn import_then_compile_gives_back_every_template() {
    for (name, value) in every_valid_template() {
        for factor_lets in [false, true] {
            let options = Options {
                from: None,
                factor_lets,
            };
            let source = imported(&to_json(&value, true), options);
            assert_eq!(
                compile_source(&source),
                value,
                "{name} (--let {factor_lets})"
            );
        }
    }
}

#[test]
fn the_javascript_form_comes_back_as_the_rest_json() {
    for (name, value) in every_valid_template() {
        let compact = to_js_json(&value, false);
        let pasted = format!("Kakao.Share.sendDefault({});", js_literal(&value, 0));
        for (text, from) in [
            (compact.as_str(), Some(Target::Js)),
            (compact.as_str(), None),
            (pasted.as_str(), None),
        ] {
            let options = Options {
                from,
                factor_lets: false,
            };
            let source = imported(text, options);
            assert_eq!(compile_source(&source), value, "{name} from {text}");
        }
    }
}

#[test]
fn compile_target_js_then_import_from_js_round_trips_through_the_binary() {
    let path = "examples/kakao-samples/feed_kakao_docs.ktpl";
    let rest = ktpl(&["compile", path], None);
    let js = ktpl(&["compile", "--target", "js", path], None);
    assert!(js.status.success(), "{}", stderr(&js));
    assert!(stdout(&js).contains("\"objectType\":\"feed\""));
    let source = ktpl(&["import", "--from", "js", "-"], Some(&stdout(&js)));
    assert!(source.status.success(), "{}", stderr(&source));
    let again = ktpl(&["compile", "-"], Some(&stdout(&source)));
    assert_eq!(stdout(&again), stdout(&rest));
    let module = ktpl(&["compile", "--target", "js", "--module", path], None);
    assert!(stdout(&module).starts_with("export default {\n  \"objectType\": \"feed\""));
    assert!(stdout(&module).ends_with("};\n"));
    let wrong = ktpl(&["compile", "--module", path], None);
    assert_eq!(wrong.status.code(), Some(2));
}

#[test]
fn the_js_target_takes_two_buttons_on_a_location() {
    let text = "location {\n  address \"판교역로 235\"\n  content {\n    title \"t\"\n    link \"https://example.com\"\n  }\n  button \"a\" \"https://example.com/a\"\n  button \"b\" \"https://example.com/b\"\n}\n";
    let rest = ktpl(&["compile", "-"], Some(text));
    assert_eq!(rest.status.code(), Some(1));
    let js = ktpl(&["compile", "--target", "js", "-"], Some(text));
    assert!(js.status.success(), "{}", stderr(&js));
}

#[test]
fn invalid_json_gets_the_same_diagnostics_as_check_and_no_source() {
    let files = files_under("tests/fixtures/invalid/json", &["json"]);
    assert!(!files.is_empty());
    for path in files {
        let source = source(&path);
        let checked = check(&source);
        let imported = import(source.text(), &Options::default(), &Config::default());
        if checked.findings[0].code == "ktpl::json::syntax" {
            // Import reads loosely what people paste (a trailing comma passes); what it
            // cannot read at all is still a syntax error with a span.
            if let Err(report) = &imported {
                let finding = &report.findings[0];
                assert_eq!(finding.code, "ktpl::json::syntax", "{}", source.name());
                assert!(finding.span.is_some(), "{}", source.name());
            }
            continue;
        }
        if !checked.has_errors() {
            // Only warnings (a link that goes nowhere): a valid template, imported.
            assert!(imported.is_ok(), "{}", source.name());
            continue;
        }
        let mut findings = imported.expect_err(source.name()).findings;
        for finding in &mut findings {
            // Import reads a text, not a file: its findings name `<input>`.
            assert_eq!(finding.file, "<input>");
            finding.file = source.name().to_owned();
        }
        assert_eq!(
            findings,
            checked.findings,
            "{}:\n{}",
            source.name(),
            render(&source, &checked)
        );
    }
}

#[test]
fn unknown_fields_in_pasted_javascript_are_errors_at_their_span() {
    let text =
        "({ objectType: 'text', text: 'hi', link: { webUrl: 'https://a.kr' }, installTalk: true })";
    let finding = &refused(text).findings[0];
    let span = finding.span.clone().expect("span");
    assert_eq!(&text[span], "installTalk", "{finding:?}");
    // Fixes are for the .ktpl and .json files `check --fix` rewrites, not pasted objects.
    let text =
        "({ objectType: 'feed', content: { titel: 'a', link: { webUrl: 'https://a.kr' } } })";
    let findings = refused(text).findings;
    assert!(!findings.is_empty());
    assert!(
        findings.iter().all(|finding| finding.fixes.is_empty()),
        "{findings:?}"
    );
}

#[test]
fn what_ktpl_cannot_write_is_an_error_never_dropped() {
    let text = r#"{"object_type": "text", "text": "Hi", "link": {"web_url": "https://example.com"}, "buttons": []}"#;
    let finding = &refused(text).findings[0];
    assert_eq!(finding.code, "ktpl::import::unwritable");
    let span = finding.span.clone().expect("span");
    assert_eq!(&text[span], "\"buttons\": []");
}

#[test]
fn kakao_samples_import_to_clean_source() {
    insta::glob!("fixtures/import/*.{js,json}", |path| {
        let text = std::fs::read_to_string(path).expect("sample");
        insta::assert_snapshot!(imported(&text, Options::default()));
    });
}

#[test]
fn let_factors_prefixes_used_three_times() {
    let text =
        std::fs::read_to_string(repo("tests/fixtures/import/kakao_feed.js")).expect("sample");
    let source = imported(
        &text,
        Options {
            from: None,
            factor_lets: true,
        },
    );
    assert!(
        source.starts_with("let mud_kage = \"https://mud-kage.kakao.com/dn\"\n"),
        "{source}"
    );
    assert!(source.contains("\"${mud_kage}/NTmhS/"), "{source}");
}

#[test]
fn a_folder_imports_file_by_file_keeping_relative_paths() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join("nested")).expect("mkdir");
    std::fs::copy(
        repo(&format!("{KAKAO_TEMPLATES}/sdk_feed.json")),
        input.join("nested/feed.json"),
    )
    .expect("copy");
    std::fs::copy(
        repo("tests/fixtures/import/kakao_location.js"),
        input.join("location.js"),
    )
    .expect("copy");
    std::fs::write(input.join("broken.json"), "{\"object_type\": \"feed\"}").expect("write");
    let out = dir.path().join("out");
    let run = ktpl(
        &[
            "import",
            input.to_str().expect("utf-8"),
            "-o",
            out.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(stderr(&run).contains("broken.json"));
    assert!(!out.join("broken.ktpl").exists());
    let feed = std::fs::read_to_string(out.join("nested/feed.ktpl")).expect("feed imported");
    assert!(feed.starts_with("feed {"));
    let location = std::fs::read_to_string(out.join("location.ktpl")).expect("location");
    // Read as JavaScript code: a comment says where the template came from.
    let first = location.lines().find(|line| !line.starts_with("//"));
    assert_eq!(first, Some("location {"), "{location}");
    let without_out = ktpl(&["import", input.to_str().expect("utf-8")], None);
    assert_eq!(without_out.status.code(), Some(2));
}

#[test]
fn the_js_target_refuses_a_share_over_ten_kilobytes() {
    let text = format!(
        "feed {{\n  content {{\n    description \"{}\"\n    link \"https://example.com\"\n  }}\n}}\n",
        "가".repeat(3_500)
    );
    let rest = ktpl(&["compile", "-"], Some(&text));
    assert!(rest.status.success(), "{}", stderr(&rest));
    let js = ktpl(
        &["compile", "--target", "js", "--color", "never", "-"],
        Some(&text),
    );
    assert_eq!(js.status.code(), Some(1));
    assert!(
        stderr(&js).contains("ktpl::target::js_share_too_large"),
        "{}",
        stderr(&js)
    );
    assert!(stdout(&js).is_empty());
}

#[test]
fn a_fraction_where_kakao_takes_an_integer_is_reported_once() {
    let text = r#"{"object_type":"feed","content":{"title":"t","image_url":"https://a.kr/i.png","image_width":640.0,"image_height":640,"link":{"web_url":"https://a.kr"}}}"#;
    let report = refused(text);
    assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
    let finding = &report.findings[0];
    // The JSON reader refuses the fraction before import sees it (numbers are never
    // rewritten, issue 9), so import never has to write one.
    assert_eq!(finding.code, "ktpl::schema::not_integer");
    let span = finding.span.clone().expect("span");
    assert_eq!(&text[span], "640.0");
}
