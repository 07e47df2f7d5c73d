//! Valid templates (fixtures and examples) compile to pinned JSON with complete span maps.

use crate::harness::compiles_cleanly;

#[test]
fn valid_fixtures() {
    insta::glob!("fixtures/valid/**/*.ktpl", |path| {
        insta::assert_snapshot!(ktpl::internals::to_json(&compiles_cleanly(path), true));
    });
}

#[test]
fn examples() {
    insta::glob!("../examples", "**/*.{ktpl,json}", |path| {
        insta::assert_snapshot!(ktpl::internals::to_json(&compiles_cleanly(path), true));
    });
}

#[test]
fn output_is_byte_stable_and_in_kakao_key_order() {
    let path = crate::harness::repo("examples/kakao-samples/commerce_dress.ktpl");
    let first = ktpl::internals::to_json(&compiles_cleanly(&path), false);
    let second = ktpl::internals::to_json(&compiles_cleanly(&path), false);
    assert_eq!(first, second);
    let keys: Vec<&str> = [
        "\"object_type\":",
        "\"content\":",
        "\"commerce\":{",
        "\"buttons\":",
    ]
    .into_iter()
    .collect();
    let positions: Vec<usize> = keys.iter().map(|k| first.find(k).expect(k)).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{first}");
}

/// The number tokens of JSON text, in order, outside strings.
fn number_tokens(json: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut chars = json.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '"' {
            while let Some(inner) = chars.next() {
                match inner {
                    '\\' => {
                        chars.next();
                    }
                    '"' => break,
                    _ => {}
                }
            }
        } else if c == '-' || c.is_ascii_digit() {
            let mut token = c.to_string();
            while let Some(&next) = chars.peek() {
                if next.is_ascii_digit() || "+-.eE".contains(next) {
                    token.push(next);
                    chars.next();
                } else {
                    break;
                }
            }
            tokens.push(token);
        }
    }
    tokens
}

#[test]
fn compile_writes_every_number_of_an_accepted_template_as_written() {
    let mut inputs = vec![crate::harness::repo("examples/kakao-samples/raw_feed.json")];
    for entry in
        std::fs::read_dir(crate::harness::repo("../shared/corpus/templates")).expect("corpus")
    {
        inputs.push(entry.expect("entry").path());
    }
    let extremes = tempfile::NamedTempFile::with_suffix(".json").expect("temp file");
    std::fs::write(
        extremes.path(),
        r#"{"object_type": "commerce",
            "content": {"title": "a", "image_url": "https://example.com/a.png",
                        "image_width": 2147483647, "image_height": 640,
                        "link": {"web_url": "https://example.com"}},
            "commerce": {"regular_price": 2147483647, "discount_price": 0, "discount_rate": 100}}"#,
    )
    .expect("write");
    inputs.push(extremes.path().to_path_buf());
    let mut seen = 0;
    for path in inputs {
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable");
        let output = ktpl::internals::to_json(&compiles_cleanly(&path), false);
        let mut written = number_tokens(&text);
        let mut compiled = number_tokens(&output);
        seen += written.len();
        written.sort();
        compiled.sort();
        assert_eq!(written, compiled, "{}: {output}", path.display());
    }
    assert!(seen > 10, "only {seen} numbers compared");
}

#[test]
fn numbers_compile_would_rewrite_are_errors_at_their_span() {
    let text = r#"{"object_type": "feed", "content": {"title": "a", "image_url": "https://example.com/a.png", "image_width": 1E2, "image_height": 99999999999999999999, "link": {"web_url": "https://example.com"}}}"#;
    let report = crate::harness::check(&ktpl::Source::json("numbers.json", text));
    assert!(report.template.is_none());
    let found: Vec<(&str, &str)> = report
        .findings
        .iter()
        .map(|f| (f.code, f.span.clone().map_or("", |span| &text[span])))
        .collect();
    assert_eq!(
        found,
        [
            ("ktpl::schema::not_integer", "1E2"),
            ("ktpl::schema::int_range", "99999999999999999999"),
        ]
    );
}
