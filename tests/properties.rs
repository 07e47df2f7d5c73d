//! Property tests over generated templates (all six types, random optional fields,
//! Korean, emoji and multi-line text): import then compile gives the template back,
//! from REST JSON and from a pasted JavaScript literal; formatting sources with
//! generated comments and blank lines is idempotent and changes no compiled JSON.

use proptest::prelude::*;
use proptest::test_runner::Config as RunnerConfig;
use serde_json::{Map, Value, json};

use ktpl::compile::key_order::to_json;
use ktpl::config::Config;
use ktpl::fmt::format_source;
use ktpl::import::{Options, import};

use crate::harness::{compile_source, js_literal};

const WORDS: &[&str] = &[
    "오늘의",
    "디저트",
    "케익",
    "가격",
    "🍰",
    "✨",
    "👨‍👩‍👧",
    "cake",
    "Kakao",
    " ",
    "  ",
    "\"",
    "\\",
    "${x}",
    "$",
    "{",
    "}",
    "//",
    "\t",
    "1,000원",
    "'",
    "\"\"\"",
];

fn text(max_words: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 1..max_words)
        .prop_map(|words| words.concat())
        .prop_filter("not blank", |s| !s.trim().is_empty())
}

/// Text that may span lines, sometimes with indented or empty lines.
fn multiline_text() -> impl Strategy<Value = String> {
    prop_oneof![
        text(6),
        prop::collection::vec(
            prop_oneof![
                text(4),
                Just(String::new()),
                text(3).prop_map(|t| format!("  {t}"))
            ],
            2..5
        )
        .prop_map(|lines| lines.join("\n"))
        .prop_filter("not blank", |s| !s.trim().is_empty()),
    ]
}

fn url() -> impl Strategy<Value = String> {
    (
        prop::sample::select(&["https://", "http://"][..]),
        prop::sample::select(&["example.com", "m.example.com", "cdn.kakao.com"][..]),
        prop::collection::vec(
            prop::sample::select(&["dn", "a", "카페", "x.png"][..]),
            0..3,
        ),
        prop::bool::ANY,
    )
        .prop_map(|(scheme, host, path, query)| {
            let mut url = format!("{scheme}{host}");
            for segment in path {
                url.push('/');
                url.push_str(segment);
            }
            if query {
                url.push_str("?q=1");
            }
            url
        })
}

fn params() -> impl Strategy<Value = String> {
    prop::sample::select(&["key1=value1", "a=1&b=2", "contentId=100"][..]).prop_map(str::to_owned)
}

fn insert(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(value) = value {
        map.insert(key.to_owned(), value);
    }
}

fn link() -> impl Strategy<Value = Value> {
    (
        url(),
        prop::option::of(url()),
        0..4u8,
        prop::option::of(params()),
        prop::option::of(params()),
    )
        .prop_map(|(web, mobile, urls, android, ios)| {
            let mut map = Map::new();
            // 0: both equal, 1: web only, 2: both (maybe different), 3: none.
            match urls {
                0 => {
                    map.insert("web_url".into(), json!(web));
                    map.insert("mobile_web_url".into(), json!(web));
                }
                1 => {
                    map.insert("web_url".into(), json!(web));
                }
                2 => {
                    map.insert("web_url".into(), json!(web));
                    map.insert("mobile_web_url".into(), json!(mobile.unwrap_or(web)));
                }
                _ => {}
            }
            let has_url = !map.is_empty();
            insert(
                &mut map,
                "android_execution_params",
                android.map(Value::from),
            );
            insert(&mut map, "ios_execution_params", ios.map(Value::from));
            if !has_url && map.is_empty() {
                map.insert("android_execution_params".into(), json!("k=v"));
            }
            Value::Object(map)
        })
}

fn content() -> impl Strategy<Value = Value> {
    (
        prop::option::of(text(5)),
        prop::option::of(url()),
        prop::option::of(1..2000u32),
        prop::option::of(1..2000u32),
        prop::option::of(multiline_text()),
        link(),
    )
        .prop_map(|(title, image, width, height, description, link)| {
            let mut map = Map::new();
            let nothing = title.is_none() && image.is_none() && description.is_none();
            insert(&mut map, "title", title.map(Value::from));
            insert(&mut map, "image_url", image.map(Value::from));
            insert(&mut map, "image_width", width.map(Value::from));
            insert(&mut map, "image_height", height.map(Value::from));
            insert(&mut map, "description", description.map(Value::from));
            if nothing {
                map.insert("title".into(), json!("제목"));
            }
            map.insert("link".into(), link);
            Value::Object(map)
        })
}

fn buttons(max: usize) -> impl Strategy<Value = Option<Value>> {
    prop::collection::vec((text(3), link()), 0..=max).prop_map(|buttons| {
        (!buttons.is_empty()).then(|| {
            Value::Array(
                buttons
                    .into_iter()
                    .map(|(title, link)| json!({"title": title, "link": link}))
                    .collect(),
            )
        })
    })
}

fn social() -> impl Strategy<Value = Option<Value>> {
    prop::option::of(prop::collection::vec(prop::option::of(0..100_000i64), 5)).prop_map(|counts| {
        counts.map(|counts| {
            let names = [
                "like_count",
                "comment_count",
                "shared_count",
                "view_count",
                "subscriber_count",
            ];
            let mut map = Map::new();
            for (name, count) in names.iter().zip(counts) {
                insert(&mut map, name, count.map(Value::from));
            }
            Value::Object(map)
        })
    })
}

fn item_content() -> impl Strategy<Value = Option<Value>> {
    prop::option::of((
        prop::collection::vec(prop::option::of(text(3)), 7),
        prop::option::of(url()),
        prop::option::of(url()),
        prop::collection::vec((text(2), text(2)), 0..=5),
    ))
    .prop_map(|parts| {
        parts.map(|(texts, profile_image, title_image, items)| {
            let mut map = Map::new();
            let mut texts = texts.into_iter();
            let mut next = || texts.next().flatten().map(Value::from);
            insert(&mut map, "profile_text", next());
            insert(
                &mut map,
                "profile_image_url",
                profile_image.map(Value::from),
            );
            insert(&mut map, "title_image_url", title_image.map(Value::from));
            insert(&mut map, "title_image_text", next());
            insert(&mut map, "title_image_category", next());
            insert(&mut map, "sum", next());
            insert(&mut map, "sum_op", next());
            if !items.is_empty() {
                let items = items
                    .into_iter()
                    .map(|(item, op)| json!({"item": item, "item_op": op}))
                    .collect();
                map.insert("items".into(), Value::Array(items));
            }
            Value::Object(map)
        })
    })
}

fn commerce_detail() -> impl Strategy<Value = Value> {
    (
        0..10_000_000i64,
        prop::option::of(0..10_000_000i64),
        prop::option::of(prop_oneof![
            (0..=100i64).prop_map(|rate| ("discount_rate", rate)),
            (0..100_000i64).prop_map(|price| ("fixed_discount_price", price)),
        ]),
        prop::option::of(text(3)),
        prop::option::of(prop::sample::select(&["원", "KRW"][..])),
        prop::option::of(0..=1i64),
    )
        .prop_map(|(regular, discount, off, name, unit, position)| {
            let mut map = Map::new();
            map.insert("regular_price".into(), json!(regular));
            insert(&mut map, "discount_price", discount.map(Value::from));
            // A fixed discount must stay below the regular price
            // (`ktpl::lint::fixed_discount_not_lower`); a free item takes none.
            let off = off.and_then(|(key, value)| match key {
                "fixed_discount_price" => (regular > 0).then(|| (key, value % regular)),
                _ => Some((key, value)),
            });
            if let Some((key, value)) = off {
                map.insert(key.into(), json!(value));
            }
            insert(&mut map, "product_name", name.map(Value::from));
            insert(&mut map, "currency_unit", unit.map(Value::from));
            insert(
                &mut map,
                "currency_unit_position",
                position.map(Value::from),
            );
            Value::Object(map)
        })
}

/// A valid template of any of the six types.
fn template() -> impl Strategy<Value = Value> {
    let button_title = || prop::option::of(text(3).prop_map(Value::from));
    prop_oneof![
        (
            content(),
            item_content(),
            social(),
            button_title(),
            buttons(2)
        )
            .prop_map(|(content, items, social, title, buttons)| {
                let mut map = Map::new();
                map.insert("object_type".into(), json!("feed"));
                map.insert("content".into(), content);
                insert(&mut map, "item_content", items);
                insert(&mut map, "social", social);
                insert(&mut map, "button_title", title);
                insert(&mut map, "buttons", buttons);
                Value::Object(map)
            }),
        (
            text(5),
            link(),
            prop::collection::vec(content(), 2..=3),
            button_title(),
            buttons(2)
        )
            .prop_map(|(header, header_link, contents, title, buttons)| {
                let mut map = Map::new();
                map.insert("object_type".into(), json!("list"));
                map.insert("header_title".into(), json!(header));
                map.insert("header_link".into(), header_link);
                map.insert("contents".into(), Value::Array(contents));
                insert(&mut map, "button_title", title);
                insert(&mut map, "buttons", buttons);
                Value::Object(map)
            }),
        (
            text(5),
            prop::option::of(text(3)),
            content(),
            social(),
            button_title(),
            buttons(1)
        )
            .prop_map(
                |(address, address_title, content, social, title, buttons)| {
                    let mut map = Map::new();
                    map.insert("object_type".into(), json!("location"));
                    map.insert("address".into(), json!(address));
                    insert(&mut map, "address_title", address_title.map(Value::from));
                    map.insert("content".into(), content);
                    insert(&mut map, "social", social);
                    insert(&mut map, "button_title", title);
                    insert(&mut map, "buttons", buttons);
                    Value::Object(map)
                }
            ),
        (content(), commerce_detail(), button_title(), buttons(2)).prop_map(
            |(content, detail, title, buttons)| {
                let mut map = Map::new();
                map.insert("object_type".into(), json!("commerce"));
                map.insert("content".into(), content);
                map.insert("commerce".into(), detail);
                insert(&mut map, "button_title", title);
                insert(&mut map, "buttons", buttons);
                Value::Object(map)
            }
        ),
        (multiline_text(), link(), button_title(), buttons(2)).prop_map(
            |(text, link, title, buttons)| {
                let mut map = Map::new();
                map.insert("object_type".into(), json!("text"));
                map.insert("text".into(), json!(text));
                map.insert("link".into(), link);
                insert(&mut map, "button_title", title);
                insert(&mut map, "buttons", buttons);
                Value::Object(map)
            }
        ),
        (
            prop::sample::select(&["event", "calendar"][..]),
            text(2),
            content(),
            buttons(1)
        )
            .prop_map(|(id_type, id, content, buttons)| {
                let mut map = Map::new();
                map.insert("object_type".into(), json!("calendar"));
                map.insert("id_type".into(), json!(id_type));
                map.insert("id".into(), json!(id));
                map.insert("content".into(), content);
                insert(&mut map, "buttons", buttons);
                Value::Object(map)
            }),
    ]
}

fn imported(text: &str, factor_lets: bool) -> String {
    let options = Options {
        from: None,
        factor_lets,
    };
    let imported = import(text, options, &Config::default());
    imported
        .source
        .unwrap_or_else(|| panic!("not imported: {:?}\n{text}", imported.problems))
}

/// Comments and blank lines scattered through a canonical source, never inside a
/// `"""` string: `choices[i]` says what goes before (1: blank, 2: comment) or after
/// (3: trailing comment) line `i`.
fn with_trivia(source: &str, choices: &[u8]) -> String {
    let mut out = String::new();
    let mut inside = false;
    for (index, line) in source.lines().enumerate() {
        let choice = choices[index % choices.len()];
        let opens = !inside && line.ends_with("\"\"\"");
        if !inside {
            match choice {
                1 => out.push('\n'),
                2 => out.push_str(&format!("// 메모 ✨ {{ \" {index}\n")),
                _ => {}
            }
        }
        out.push_str(line);
        if !inside && !opens && choice == 3 {
            out.push_str(" // 끝 }");
        }
        out.push('\n');
        if inside && line.trim_start().starts_with("\"\"\"") {
            inside = false;
        } else if opens {
            inside = true;
        }
    }
    out
}

fn runner() -> RunnerConfig {
    RunnerConfig {
        cases: 96,
        failure_persistence: None,
        ..RunnerConfig::default()
    }
}

proptest! {
    #![proptest_config(runner())]

    #[test]
    fn import_then_compile_gives_back_the_template(value in template(), lets in prop::bool::ANY) {
        let checked = ktpl::pipeline::check(
            &ktpl::source::SourceFile::new("gen.json", to_json(&value, true), ktpl::source::SourceKind::Json),
            &std::collections::BTreeMap::new(),
            &Config::default(),
        );
        prop_assert!(!checked.problems.has_errors(), "generated an invalid template: {:?}", checked.problems);
        let source = imported(&to_json(&value, true), lets);
        prop_assert_eq!(compile_source(&source), value.clone(), "{}", source);
        let pasted = format!("Kakao.Share.sendDefault({});", js_literal(&value, 0));
        let source = imported(&pasted, lets);
        prop_assert_eq!(compile_source(&source), value, "{}", source);
    }

    #[test]
    fn formatting_with_comments_and_blank_lines_is_idempotent_and_keeps_meaning(
        value in template(),
        choices in prop::collection::vec(0..6u8, 1..40),
    ) {
        let source = imported(&to_json(&value, false), false);
        prop_assert_eq!(format_source(&source).expect("formats"), source.clone());
        let messy = with_trivia(&source, &choices);
        prop_assert_eq!(compile_source(&messy), value.clone(), "{}", messy);
        let once = format_source(&messy).expect("formats");
        prop_assert_eq!(compile_source(&once), value, "{}", once);
        prop_assert_eq!(format_source(&once).expect("formats"), once.clone());
        let comments = |text: &str| text.matches("// ").count();
        prop_assert_eq!(comments(&once), comments(&messy));
    }
}

/// A generated template written inside generated application code: JavaScript or
/// Python, inside a function, a class, a call or an object, with other objects (and a
/// brace in a string, and a comment) before and after it.
#[cfg(feature = "import-code")]
fn in_code(
    value: &Value,
    language: u8,
    wrapper: u8,
    around: bool,
) -> (String, ktpl::import::Language) {
    use ktpl::import::{Dialect, Language};
    let before_js = "import { track } from './t';\nconst opts = { debug: true, nested: { a: [1, 2] } };\n// Kakao.Share.sendDefault({\nconsole.log('{', `}`);\n";
    let after_js = "\nconst other = { title: 'x', buttons: [] };\nexport default other;\n";
    let before_py =
        "import json\nopts = {'debug': True, 'nested': {'a': [1, 2]}}\n# send({\nprint('{')\n";
    let after_py = "\nother = {'title': 'x'}\n";
    if language == 0 {
        let literal = js_literal(value, 1);
        let body = match wrapper {
            0 => format!("Kakao.Share.sendDefault({literal});"),
            1 => format!(
                "function share(order) {{\n  if (order) {{ track('{{'); }}\n  const tpl = {literal};\n  Kakao.Share.sendDefault(tpl);\n}}"
            ),
            2 => format!("export const make = () => ({{ wrapped: 1, t: {literal} }});"),
            _ => format!(
                "class Messages {{\n  static template = {literal};\n  send() {{ return 1; }}\n}}"
            ),
        };
        let dialect = if wrapper == 3 {
            Dialect::TypeScript
        } else {
            Dialect::JavaScript
        };
        let code = if around {
            format!("{before_js}{body}{after_js}")
        } else {
            body
        };
        (code, Language::JavaScript(dialect))
    } else {
        let literal = to_json(value, true);
        let body = match wrapper {
            0 => format!("t = {literal}"),
            1 => format!(
                "def view(request):\n    data = {{'template_object': json.dumps({literal})}}\n    return data"
            ),
            2 => format!("class Messages:\n    template = {literal}\n"),
            _ => format!(
                "requests.post(URL, data={{'template_object': json.dumps(dict(**{literal}))}})"
            ),
        };
        let code = if around {
            format!("{before_py}{body}{after_py}")
        } else {
            body
        };
        (code, Language::Python)
    }
}

#[cfg(feature = "import-code")]
proptest! {
    #![proptest_config(runner())]

    #[test]
    fn templates_inside_generated_code_import_back(
        value in template(),
        language in 0..2u8,
        wrapper in 0..4u8,
        around in prop::bool::ANY,
    ) {
        let (code, language) = in_code(&value, language, wrapper, around);
        let file = ktpl::import::import_code(&code, language, "gen", Options::default(), &Config::default());
        prop_assert!(file.problems.0.is_empty(), "{:?}\n{}", file.problems, code);
        prop_assert_eq!(file.templates.len(), 1, "{:?}\n{}", file.templates, code);
        let source = file.templates[0].source.clone();
        prop_assert!(source.is_some(), "{:?}\n{}", file.templates[0].problems, code);
        let source = source.unwrap_or_default();
        prop_assert_eq!(compile_source(&source), value, "{}\n{}", source, code);
    }
}
