//! Properties over random valid templates: compiling then checking is clean, the span
//! map covers the JSON exactly, and the same template written as `.ktpl` and as raw
//! JSON gives the same JSON and the same findings.

use std::collections::BTreeMap;

use ktpl::internals::Spans;
use ktpl::{Config, Source};
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::harness::assert_span_map_complete;

/// A template as the generator builds it, written out both ways below.
#[derive(Debug, Clone)]
struct Template {
    feed: bool,
    /// `text` of a text template, `title` of a feed's content.
    text: String,
    description: Option<String>,
    image: Option<(String, u32, u32)>,
    link: String,
    buttons: Vec<(String, String, bool)>,
}

/// Text with Hangul, punctuation, a quote and a backslash (both need escaping in
/// ktpl), never blank and never `${`; sometimes past 200 characters.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z가-힣0-9][a-zA-Z가-힣0-9 ,.!?'\"\\\\$()-]{0,230}"
}

fn url() -> impl Strategy<Value = String> {
    // A plain-http link now and then, so the findings compared are not always empty.
    (
        prop::bool::weighted(0.15),
        "[a-z0-9]{1,12}(/[a-z0-9_-]{1,10}){0,3}",
    )
        .prop_map(|(plain, path)| {
            let scheme = if plain { "http" } else { "https" };
            format!("{scheme}://example.com/{path}")
        })
}

fn template() -> impl Strategy<Value = Template> {
    (
        any::<bool>(),
        text(),
        prop::option::of(text()),
        prop::option::of((url(), 200u32..2000, 200u32..2000)),
        url(),
        prop::collection::vec(
            ("[a-zA-Z가-힣][a-zA-Z가-힣 ]{0,7}", url(), any::<bool>()),
            0..=2,
        ),
    )
        .prop_map(|(feed, text, description, image, link, buttons)| Template {
            feed,
            text,
            description: description.filter(|_| feed),
            image: image.filter(|_| feed),
            link,
            buttons,
        })
}

/// A ktpl string literal.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn as_ktpl(t: &Template) -> String {
    let mut out = String::new();
    if t.feed {
        out.push_str("feed {\n  content {\n");
        out.push_str(&format!("    title {}\n", quoted(&t.text)));
        if let Some(description) = &t.description {
            out.push_str(&format!("    description {}\n", quoted(description)));
        }
        if let Some((url, width, height)) = &t.image {
            out.push_str(&format!("    image {} {width}x{height}\n", quoted(url)));
        }
        out.push_str(&format!("    link {}\n  }}\n", quoted(&t.link)));
    } else {
        out.push_str(&format!("text {{\n  text {}\n", quoted(&t.text)));
        out.push_str(&format!("  link {}\n", quoted(&t.link)));
    }
    for (title, url, block) in &t.buttons {
        if *block {
            out.push_str(&format!(
                "  button {} {{ link {} }}\n",
                quoted(title),
                quoted(url)
            ));
        } else {
            out.push_str(&format!("  button {} {}\n", quoted(title), quoted(url)));
        }
    }
    out.push_str("}\n");
    out
}

fn link(url: &str) -> Value {
    json!({ "web_url": url, "mobile_web_url": url })
}

fn as_json(t: &Template) -> Value {
    let mut value = if t.feed {
        let mut content = json!({ "title": t.text });
        if let Some((url, width, height)) = &t.image {
            content["image_url"] = json!(url);
            content["image_width"] = json!(width);
            content["image_height"] = json!(height);
        }
        if let Some(description) = &t.description {
            content["description"] = json!(description);
        }
        content["link"] = link(&t.link);
        json!({ "object_type": "feed", "content": content })
    } else {
        json!({ "object_type": "text", "text": t.text, "link": link(&t.link) })
    };
    if !t.buttons.is_empty() {
        value["buttons"] = t
            .buttons
            .iter()
            .map(|(title, url, _)| json!({ "title": title, "link": link(url) }))
            .collect();
    }
    value
}

/// What a check found, without positions (which differ between the two sources).
/// `link "url"` writes one source value to `web_url` and `mobile_web_url`, and a finding
/// about it is reported once (at the value), where JSON that spells the URL twice gets
/// one per key: the two pointers count as one here.
fn findings(source: &Source) -> Vec<(String, ktpl::Severity, Option<String>)> {
    let report = ktpl::check(source, &BTreeMap::new(), &Config::default());
    let mut found: Vec<_> = report
        .findings
        .iter()
        .map(|f| {
            let pointer = f
                .pointer
                .as_ref()
                .map(|p| p.replace("/mobile_web_url", "/web_url"));
            (f.code.to_owned(), f.severity, pointer)
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn ktpl_and_json_agree_and_clean_templates_check_clean(t in template()) {
        let ktpl_text = as_ktpl(&t);
        let ktpl_source = Source::ktpl("random.ktpl", ktpl_text.as_str());
        let document = ktpl::internals::parse(&ktpl_text)
            .map_err(|p| TestCaseError::fail(format!("{ktpl_text}\n{p:?}")))?;
        let (compiled, compile_problems) =
            ktpl::internals::compile(&document, &BTreeMap::new(), Spans::Record);
        prop_assert!(compile_problems.is_empty(), "{ktpl_text}\n{compile_problems:?}");
        let expected = as_json(&t);
        prop_assert_eq!(&compiled.value, &expected, "{}", ktpl_text);
        assert_span_map_complete(&ktpl_source, &compiled);
        for pointer in compiled.spans.pointers() {
            prop_assert!(compiled.value.pointer(pointer).is_some(), "{}", pointer);
        }

        let json_text = serde_json::to_string_pretty(&expected).expect("json");
        let json_source = Source::json("random.json", json_text.as_str());
        let (read, _) = ktpl::internals::read_json(&json_text);
        assert_span_map_complete(&json_source, &read.expect("valid JSON"));

        let from_ktpl = findings(&ktpl_source);
        let from_json = findings(&json_source);
        prop_assert_eq!(&from_ktpl, &from_json, "{}", ktpl_text);

        let flawless = !ktpl_text.contains("http://")
            && t.text.chars().count() <= 200
            && t.description.as_ref().is_none_or(|d| d.chars().count() <= 200);
        if flawless {
            prop_assert!(from_ktpl.is_empty(), "{ktpl_text}\n{from_ktpl:?}");
        }
    }
}
