//! The binary as a user runs it: exit codes, formats, stdin, variables, bad input.

use crate::harness::{ktpl, stderr, stdout};

#[test]
fn check_examples_passes_and_a_broken_file_fails() {
    let ok = ktpl(&["check", "examples"], None);
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
    // The README's first run: Kakao's samples are allowed what they do by their folder's
    // ktpl.toml, and the one warning is the example that shows one on purpose.
    let out = stdout(&ok);
    assert!(out.ends_with("0 errors, 1 warning\n"), "{out}");
    assert!(
        out.contains("ktpl::lint::truncated_text") && out.contains("maintenance_notice.ktpl"),
        "{out}"
    );
    let bad = ktpl(
        &["check", "tests/fixtures/invalid/compile/unknown_field.ktpl"],
        None,
    );
    assert_eq!(bad.status.code(), Some(1));
    let out = stdout(&bad);
    assert!(out.contains("unknown_field.ktpl:4:5"), "{out}");
    assert!(out.contains("did you mean `title`?"), "{out}");
}

#[test]
fn warnings_alone_exit_zero() {
    let out = ktpl(
        &[
            "check",
            "tests/fixtures/invalid/lint/social_over_three.ktpl",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("1 warning"));
}

#[test]
fn missing_paths_and_bad_usage_exit_two() {
    assert_eq!(
        ktpl(&["check", "no/such/file.ktpl"], None).status.code(),
        Some(2)
    );
    assert_eq!(ktpl(&["check"], None).status.code(), Some(2));
    assert_eq!(
        ktpl(&["compile", "x.ktpl", "--var", "novalue"], None)
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn json_format_has_the_promised_fields() {
    let out = ktpl(
        &[
            "check",
            "--format",
            "json",
            "tests/fixtures/invalid/schema/too_many_buttons.ktpl",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let problems = crate::harness::findings(&out);
    let first = &problems[0];
    assert_eq!(
        first["file"],
        "tests/fixtures/invalid/schema/too_many_buttons.ktpl"
    );
    assert_eq!(first["severity"], "error");
    assert_eq!(first["code"], "ktpl::schema::too_many");
    assert_eq!(first["line"], 6);
    assert_eq!(first["column"], 3);
    assert_eq!(first["pointer"], "/buttons");
    assert!(
        first["message"]
            .as_str()
            .is_some_and(|m| m.contains("at most 2"))
    );
}

#[test]
fn compile_reads_stdin_and_writes_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out_path = dir.path().join("out.json");
    let out_arg = out_path.to_str().expect("utf-8 path");
    let run = ktpl(
        &["compile", "-", "-o", out_arg],
        Some("text { text \"hi ${who}\" link \"https://example.com\" }"),
    );
    assert_eq!(
        run.status.code(),
        Some(1),
        "undefined variable: {}",
        stderr(&run)
    );
    assert!(stderr(&run).contains("undefined variable `who`"));
    assert!(
        !out_path.exists(),
        "no output is written for a broken template"
    );

    let run = ktpl(
        &["compile", "-", "-o", out_arg, "--var", "who=you"],
        Some("text { text \"hi ${who}\" link \"https://example.com\" }"),
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let json = std::fs::read_to_string(&out_path).expect("written");
    assert_eq!(
        json,
        "{\"object_type\":\"text\",\"text\":\"hi you\",\"link\":{\"web_url\":\"https://example.com\",\"mobile_web_url\":\"https://example.com\"}}\n"
    );
}

#[test]
fn vars_file_and_var_flag_override_let() {
    let dir = tempfile::tempdir().expect("tempdir");
    let vars = dir.path().join("vars.json");
    std::fs::write(&vars, r#"{"order": "B-7", "name": 5}"#).expect("write");
    let run = ktpl(
        &[
            "compile",
            "examples/text_shipping.ktpl",
            "--vars",
            vars.to_str().expect("utf-8"),
            "--var",
            "name=Kim",
        ],
        None,
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let json: serde_json::Value = serde_json::from_str(&stdout(&run)).expect("json");
    assert_eq!(
        json["text"],
        "Kim님, 안녕하세요!\n주문 B-7이(가) 발송되었습니다."
    );
}

#[test]
fn check_reads_stdin() {
    let run = ktpl(
        &["check", "-"],
        Some("text { text \"a\" link \"https://example.com\" }"),
    );
    assert_eq!(run.status.code(), Some(0), "{}", stdout(&run));
}

#[test]
fn schema_prints_embedded_schemas() {
    let run = ktpl(&["schema", "feed"], None);
    assert_eq!(run.status.code(), Some(0));
    let schema: serde_json::Value = serde_json::from_str(&stdout(&run)).expect("json");
    assert_eq!(
        schema["$id"],
        "https://ktpl.dev/schemas/v1/templates/feed.json"
    );
    assert_eq!(ktpl(&["schema", "nope"], None).status.code(), Some(2));
}

/// Hostile input gets a diagnostic and exit 1: never a panic (101), a hang or output.
#[test]
fn bad_input_never_panics() {
    let long_line = format!(
        "text {{ text \"{}\" link \"https://example.com\" }}",
        "a".repeat(10 << 20)
    );
    let garbage: String = (0..4096u32)
        .map(|i| char::from_u32(i % 0x7f + 1).unwrap_or('x'))
        .collect();
    let deep = format!("feed {{ {} }}", "a { ".repeat(50_000));
    let cases: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("garbage", garbage),
        ("deep", deep),
        ("truncated", "feed { content { title \"a".to_owned()),
        ("long line", long_line),
        ("deep json", "[".repeat(100_000)),
    ];
    for (name, input) in cases {
        let run = ktpl(&["check", "-"], Some(&input));
        // A 10 MB text is well-formed: Kakao shows its first 200 characters, and the
        // size is over `max_template_bytes`; both are warnings, so it exits 0.
        let expected = match name {
            "long line" => 0,
            _ => 1,
        };
        assert_eq!(
            run.status.code(),
            Some(expected),
            "{name}: {}",
            stderr(&run)
        );
        assert!(stdout(&run).contains("ktpl::"), "{name}: no diagnostic");
        assert!(
            run.stdout.len() < 100_000,
            "{name}: the report floods the terminal"
        );
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let binary = dir.path().join("binary.ktpl");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x41]).expect("write");
    let run = ktpl(&["check", binary.to_str().expect("utf-8")], None);
    assert_eq!(run.status.code(), Some(1));
    assert!(stdout(&run).contains("ktpl::io::not_text"));
}

#[test]
fn explain_prints_an_explanation_and_lists_codes() {
    let run = ktpl(&["explain", "plain_http"], None);
    assert_eq!(run.status.code(), Some(0));
    assert!(stdout(&run).contains("ktpl::lint::plain_http"));
    let all = ktpl(&["explain"], None);
    assert_eq!(
        stdout(&all).lines().count(),
        ktpl::internals::Code::ALL.len()
    );
    let unknown = ktpl(&["explain", "ktpl::lint::plain_htp"], None);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("did you mean `ktpl::lint::plain_http`?"));
}

#[test]
fn explain_takes_short_names_for_every_code() {
    for (name, full) in [
        ("bad_escape", "ktpl::syntax::bad_escape"),
        ("json::syntax", "ktpl::json::syntax"),
        ("expansion_too_large", "ktpl::compile::expansion_too_large"),
        ("not_text", "ktpl::io::not_text"),
    ] {
        let run = ktpl(&["explain", name], None);
        assert_eq!(run.status.code(), Some(0), "{name}");
        assert!(stdout(&run).starts_with(full), "{name}: {}", stdout(&run));
    }
    // Two stages share `unknown_field`: both explanations are printed.
    let shared = stdout(&ktpl(&["explain", "unknown_field"], None));
    assert!(
        shared.contains("ktpl::compile::unknown_field ("),
        "{shared}"
    );
    assert!(shared.contains("ktpl::schema::unknown_field ("), "{shared}");
}

#[test]
fn the_nearest_ktpl_toml_to_a_file_applies_to_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let template = "text {\n  text \"Hi\"\n  link \"http://example.com\"\n}\n";
    let quiet = dir.path().join("quiet");
    std::fs::create_dir(&quiet).expect("mkdir");
    std::fs::write(quiet.join("ktpl.toml"), "[lints]\nplain_http = \"allow\"\n").expect("write");
    std::fs::write(quiet.join("a.ktpl"), template).expect("write");
    std::fs::write(dir.path().join("b.ktpl"), template).expect("write");
    let run = ktpl(&["check", dir.path().to_str().expect("utf-8")], None);
    let out = stdout(&run);
    assert!(
        out.contains("checked 2 files: 0 errors, 1 warning"),
        "{out}"
    );
    assert!(out.contains("b.ktpl") && !out.contains("a.ktpl"), "{out}");
    // `--config` overrides every folder's own file.
    let none = dir.path().join("none.toml");
    std::fs::write(&none, "").expect("write");
    let run = ktpl(
        &[
            "check",
            "--config",
            none.to_str().expect("utf-8"),
            dir.path().to_str().expect("utf-8"),
        ],
        None,
    );
    assert!(stdout(&run).contains("2 warnings"), "{}", stdout(&run));
    // A broken config beside a template is a usage error, as at the top.
    std::fs::write(quiet.join("ktpl.toml"), "[lints\n").expect("write");
    let run = ktpl(&["check", dir.path().to_str().expect("utf-8")], None);
    assert_eq!(run.status.code(), Some(2));
}
