//! Checks that once let bad things through: image URLs of any scheme, link URLs with
//! spaces, `</script>` in the JavaScript output, unquoted values after another field,
//! a template pasted with its `template_object` wrapper, registered domains with ports.

use ktpl::{Config, Report, Source, Vars};
use serde_json::Value;

use crate::harness::{Ktpl, ktpl, stderr, stdout};

/// Checks `text` as a file named `name` (`t.ktpl` or `t.json`).
fn checked(name: &str, text: &str, config: &Config) -> Report {
    let source = match name {
        "t.json" => Source::json(name, text),
        _ => Source::ktpl(name, text),
    };
    ktpl::check(&source, &Vars::new(), config)
}

fn codes(checked: &Report) -> Vec<&'static str> {
    checked.findings.iter().map(|f| f.code).collect()
}

/// The text a finding underlines in `text`.
fn underlined<'a>(finding: &ktpl::Finding, text: &'a str) -> &'a str {
    &text[finding.span.clone().expect("span")]
}

fn feed_with_image(image: &str) -> String {
    format!(
        "feed {{\n  content {{\n    title \"t\"\n    image \"{image}\" 640x640\n    link \"https://example.com\"\n  }}\n  item_content {{\n    profile \"p\" image=\"{image}\"\n    title_image \"{image}\" text=\"x\"\n  }}\n}}\n"
    )
}

#[test]
fn images_take_http_or_https_only() {
    for url in [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "ftp://example.com/a.png",
        "data:image/png;base64,AAAA",
    ] {
        let text = feed_with_image(url);
        let checked = checked("t.ktpl", &text, &Config::default());
        let found: Vec<_> = checked
            .findings
            .iter()
            .filter(|f| f.code == "ktpl::lint::image_scheme")
            .collect();
        // content image, profile image, title image.
        assert_eq!(found.len(), 3, "{url}: {:?}", checked.findings);
        for finding in found {
            assert!(finding.is_error(), "{url}");
            assert_eq!(underlined(finding, &text), format!("\"{url}\""));
            assert!(finding.help.is_some());
        }
    }
    for url in ["https://example.com/a.png", "http://example.com/a.png"] {
        let checked = checked("t.ktpl", &feed_with_image(url), &Config::default());
        assert!(
            !codes(&checked).contains(&"ktpl::lint::image_scheme"),
            "{url}: {:?}",
            checked.findings
        );
    }
}

#[test]
fn the_preview_never_writes_a_non_http_image_source() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Even when a team turns the check off, the page loads nothing but http(s).
    std::fs::write(
        dir.path().join("ktpl.toml"),
        "[lints]\nimage_scheme = \"allow\"\n",
    )
    .expect("write");
    for (i, url) in [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "ftp://a.kr/a.png",
    ]
    .iter()
    .enumerate()
    {
        std::fs::write(dir.path().join(format!("t{i}.ktpl")), feed_with_image(url)).expect("write");
    }
    std::fs::write(
        dir.path().join("ok.ktpl"),
        feed_with_image("https://example.com/ok.png"),
    )
    .expect("write");
    let run = Ktpl::new()
        .args(["preview", "."])
        .current_dir(dir.path())
        .run();
    let page = stdout(&run);
    assert!(run.status.success(), "{}", stderr(&run));
    let sources: Vec<String> = page
        .split("<img src=\"")
        .skip(1)
        .map(|rest| {
            let src = rest.split('"').next().unwrap_or_default();
            src.replace("&#x2f;", "/")
        })
        .collect();
    // Every image of every bubble is drawn: the good ones loaded, the others as
    // placeholders (an empty source).
    assert_eq!(sources.len(), 12, "{sources:?}");
    assert_eq!(
        sources
            .iter()
            .filter(|src| *src == "https://example.com/ok.png")
            .count(),
        3,
        "{sources:?}"
    );
    for src in &sources {
        assert!(
            src.is_empty() || src.starts_with("https://") || src.starts_with("http://"),
            "<img src=\"{src}\">"
        );
    }
    assert!(
        !page.contains("file:///etc/passwd\""),
        "written as a source"
    );
}

#[test]
fn urls_with_spaces_or_angle_brackets_are_reported_with_their_encoding() {
    for (url, suggestion) in [
        ("https://example.com/a b", "https://example.com/a%20b"),
        (
            "https://example.com/<script>",
            "https://example.com/%3Cscript%3E",
        ),
        ("https://example.com/\"q\"", "https://example.com/%22q%22"),
        (" https://example.com/a", "https://example.com/a"),
    ] {
        let escaped = url.replace('"', "\\\"");
        let text = format!("text {{\n  text \"t\"\n  link \"{escaped}\"\n}}\n");
        let checked = checked("t.ktpl", &text, &Config::default());
        let finding = checked
            .findings
            .iter()
            .find(|f| f.code == "ktpl::lint::invalid_url")
            .unwrap_or_else(|| panic!("{url:?}: {:?}", checked.findings));
        assert!(finding.is_error());
        let help = finding.help.as_deref().unwrap_or_default();
        assert!(help.contains(&format!("`{suggestion}`")), "{url:?}: {help}");
    }
    // The same in an image, and in raw JSON.
    let json = r#"{"object_type":"feed","content":{"title":"t","image_url":"https://example.com/my image.png","link":{"web_url":"https://example.com"}}}"#;
    let checked = checked("t.json", json, &Config::default());
    assert!(
        codes(&checked).contains(&"ktpl::lint::invalid_url"),
        "{:?}",
        checked.findings
    );
}

const SCRIPT_BREAKER: &str = "text {\n  text \"</script><script>alert(1)</script> <!-- a & b \u{2028}\u{2029}\"\n  link \"https://example.com/?a=1&b=2\"\n}\n";

#[test]
fn the_javascript_output_cannot_close_a_script_element() {
    for args in [
        &["compile", "--target", "js", "-"][..],
        &["compile", "--target", "js", "--pretty", "-"],
        &["compile", "--target", "js", "--module", "-"],
    ] {
        let run = ktpl(args, Some(SCRIPT_BREAKER));
        assert!(run.status.success(), "{args:?}: {}", stderr(&run));
        let out = stdout(&run);
        for raw in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
            assert!(!out.contains(raw), "{args:?} writes {raw:?} as is:\n{out}");
        }
        assert!(out.contains("\\u003c/script\\u003e"), "{out}");
        // Still the same template: the escapes are JSON's own.
        let object = out
            .trim_end()
            .trim_start_matches("export default ")
            .trim_end_matches(';');
        let value: Value = serde_json::from_str(object).expect("JSON");
        assert_eq!(
            value["text"],
            "</script><script>alert(1)</script> <!-- a & b \u{2028}\u{2029}"
        );
        assert_eq!(value["link"]["webUrl"], "https://example.com/?a=1&b=2");
    }
    // The REST output is JSON for an HTTP form, not for a page: unchanged.
    let rest = stdout(&ktpl(&["compile", "-"], Some(SCRIPT_BREAKER)));
    assert!(rest.contains("\"</script><script>alert(1)</script> <!-- a & b "));
}

#[test]
fn an_unquoted_value_after_another_field_gets_the_quotes_hint() {
    for (line, help) in [
        (
            "description \"맛있는\" title 오늘의디저트🍰",
            "write `title \"오늘의디저트🍰\"`",
        ),
        ("title 🍰오늘", "write `title \"🍰오늘\"`"),
        ("title ★특가 세일", "write `title \"★특가 세일\"`"),
        ("title 2024년 특가", "write `title \"2024년 특가\"`"),
        (
            "title \"a\" description 안녕 하세요",
            "write `description \"안녕 하세요\"`",
        ),
    ] {
        let text = format!(
            "feed {{\n  content {{\n    {line}\n    link \"https://example.com\"\n  }}\n}}\n"
        );
        let findings = checked("t.ktpl", &text, &Config::default()).findings;
        assert_eq!(findings.len(), 1, "{line}: {findings:?}");
        assert_eq!(findings[0].code, "ktpl::syntax::unquoted_text", "{line}");
        assert_eq!(findings[0].help.as_deref(), Some(help), "{line}");
    }
    // After `key=` and in a `let`, too.
    for (text, help) in [
        (
            "text {\n  text \"t\"\n  link web=https://example.com mobile=\"https://m.example.com\"\n}\n",
            "write `web=\"https://example.com\"`",
        ),
        (
            "let greeting = 오늘의디저트🍰\ntext {\n  text \"${greeting}\"\n}\n",
            "write `let greeting = \"오늘의디저트🍰\"`",
        ),
    ] {
        let findings = checked("t.ktpl", text, &Config::default()).findings;
        assert_eq!(findings.len(), 1, "{text}: {findings:?}");
        assert_eq!(findings[0].code, "ktpl::syntax::unquoted_text", "{text}");
        assert_eq!(findings[0].help.as_deref(), Some(help), "{text}");
    }
}

#[test]
fn a_template_pasted_with_its_form_wrapper_says_so_at_the_wrapper() {
    let wrapped = "{\n  \"template_object\": {\n    \"object_type\": \"text\",\n    \"text\": \"hi\",\n    \"link\": {\"web_url\": \"https://example.com\"}\n  }\n}\n";
    let as_string =
        r#"{"template_object": "{\"object_type\":\"text\",\"text\":\"hi\",\"link\":{}}"}"#;
    for text in [wrapped, as_string] {
        let checked = checked("t.json", text, &Config::default());
        assert_eq!(
            codes(&checked),
            ["ktpl::schema::wrapped_template"],
            "{:?}",
            checked.findings
        );
        let finding = &checked.findings[0];
        assert_eq!(underlined(finding, text), "\"template_object\"");
        assert!(
            finding
                .help
                .as_deref()
                .is_some_and(|h| h.contains("template_object")),
            "{finding:?}"
        );
    }
    // The form-encoded request body, pasted as it was sent.
    let encoded = "template_object=%7B%22object_type%22%3A%22text%22%7D\n";
    let checked = checked("t.json", encoded, &Config::default());
    assert_eq!(codes(&checked), ["ktpl::schema::wrapped_template"]);
    assert_eq!(
        underlined(&checked.findings[0], encoded),
        "template_object="
    );
}

fn domain_codes(allowed: &str, url: &str) -> Vec<&'static str> {
    let config = Config::parse(&format!("allowed_domains = [{allowed}]\n"))
        .unwrap_or_else(|p| panic!("{allowed}: {p:?}"));
    let text = format!("text {{\n  text \"t\"\n  link \"{url}\"\n}}\n");
    codes(&checked("t.ktpl", &text, &config))
        .into_iter()
        .filter(|c| {
            matches!(
                *c,
                "ktpl::lint::unregistered_domain" | "ktpl::lint::domain_variant"
            )
        })
        .collect()
}

#[test]
fn registered_domains_are_read_as_kakaos_console_writes_them() {
    let ok: &[&str] = &[];
    let variant: &[&str] = &["ktpl::lint::domain_variant"];
    let unregistered: &[&str] = &["ktpl::lint::unregistered_domain"];
    for (allowed, url, expected) in [
        (r#""127.0.0.1:4567""#, "http://127.0.0.1:4567/ok", ok),
        (r#""localhost:3000""#, "http://localhost:3000/a", ok),
        (r#""http://localhost:3000""#, "http://localhost:3000/a", ok),
        (r#""http://localhost:3000/""#, "http://localhost:3000", ok),
        (r#""https://example.com""#, "https://example.com/a", ok),
        (r#""https://example.com""#, "https://example.com:443/a", ok),
        (r#""example.com""#, "https://example.com/a", ok),
        (r#""EXAMPLE.com""#, "https://Example.COM/a", ok),
        // Host equality is the check; the port, scheme or sub-domain differing is a
        // warning, as the spec says Kakao does not state how exact it is for links.
        (r#""127.0.0.1:4567""#, "http://127.0.0.1/ok", variant),
        (r#""127.0.0.1:4567""#, "http://127.0.0.1:4568/ok", variant),
        (r#""example.com""#, "https://example.com:8443/a", variant),
        (
            r#""http://localhost:3000""#,
            "https://localhost:3000/a",
            variant,
        ),
        (r#""example.com""#, "https://m.example.com/a", variant),
        (r#""localhost:3000""#, "http://example.com/a", unregistered),
        (
            r#""http://localhost:3000", "example.com""#,
            "https://example.com",
            ok,
        ),
    ] {
        assert_eq!(
            domain_codes(allowed, url),
            expected,
            "allowed_domains = [{allowed}], link {url}"
        );
    }
}

#[test]
fn registered_domains_that_are_not_domains_are_refused() {
    for entry in [
        "ftp://example.com",
        "https://example.com/shop",
        "https://example.com/?a=1",
        "",
        "https://",
    ] {
        let problems =
            Config::parse(&format!("allowed_domains = [\"{entry}\"]\n")).expect_err(entry);
        assert_eq!(
            problems[0].code.name(),
            "ktpl::config::bad_value",
            "{entry}"
        );
    }
}
