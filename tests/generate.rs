//! Random valid templates of all six types, for both property suites (`properties`:
//! import and format round trips; `check_properties`: ktpl and JSON agree, clean
//! templates check clean). One generator, so a rule Kakao or ktpl adds is taught to it
//! once.
//!
//! [`template`] makes any valid template; with [`Findings::None`] it also avoids
//! everything a lint warns about (plain `http`, texts Kakao cuts, half-declared or small
//! images, a fourth social count, ...), so such a template must check with no finding.

use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// What a generated template may provoke besides being valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Findings {
    /// Warnings too: plain `http`, long and odd texts, small images, ...
    Any,
    /// Nothing at all: `ktpl check` must be silent.
    None,
}

/// Words texts are made of: Korean, emoji (one of several code points), and what needs
/// escaping in ktpl (`"`, `\`, `$`, `${`, `"""`).
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

/// The words without `$`, which could form a `${...}` Kakao would show as is
/// (`unresolved_placeholder`).
fn words(findings: Findings) -> Vec<&'static str> {
    WORDS
        .iter()
        .copied()
        .filter(|word| findings == Findings::Any || !word.contains('$'))
        .collect()
}

fn text(max_words: usize, findings: Findings) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(words(findings)), 1..max_words)
        .prop_map(|words| words.concat())
        .prop_filter("not blank", |s| !s.trim().is_empty())
}

/// Text that may span lines, sometimes with indented or empty lines; with
/// [`Findings::Any`] now and then past the 200 characters Kakao shows.
fn long_text(findings: Findings) -> impl Strategy<Value = String> {
    let lines = prop::collection::vec(
        prop_oneof![
            text(4, findings),
            Just(String::new()),
            text(3, findings).prop_map(|t| format!("  {t}"))
        ],
        2..5,
    )
    .prop_map(|lines| lines.join("\n"))
    .prop_filter("not blank", |s| !s.trim().is_empty());
    let past_200 = (text(4, findings), 60..80usize)
        .prop_map(|(text, times)| format!("{text}.").repeat(times))
        .prop_filter("past 200", |s| s.chars().count() > 200);
    if findings == Findings::Any {
        prop_oneof![4 => text(6, findings), 4 => lines, 1 => past_200].boxed()
    } else {
        prop_oneof![text(6, findings), lines].boxed()
    }
}

/// A short text that fits a column Kakao cuts at `max` characters (with
/// [`Findings::Any`], it may not).
fn short_text(max: usize, findings: Findings) -> impl Strategy<Value = String> {
    text(3, findings).prop_filter("fits its column", move |text| {
        findings == Findings::Any || text.chars().count() <= max
    })
}

fn url(findings: Findings) -> impl Strategy<Value = String> {
    let schemes: &[&str] = match findings {
        Findings::Any => &["https://", "http://"],
        Findings::None => &["https://"],
    };
    (
        prop::sample::select(schemes),
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

fn link(findings: Findings) -> impl Strategy<Value = Value> {
    (
        url(findings),
        prop::option::of(url(findings)),
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

/// An image's declared size. With [`Findings::None`] both sides or neither, each at
/// least Kakao's 200 px.
fn image_size(findings: Findings) -> BoxedStrategy<(Option<u32>, Option<u32>)> {
    match findings {
        Findings::Any => (prop::option::of(1..2000u32), prop::option::of(1..2000u32)).boxed(),
        Findings::None => prop::option::of((200..2000u32, 200..2000u32))
            .prop_map(|size| (size.map(|s| s.0), size.map(|s| s.1)))
            .boxed(),
    }
}

fn content(findings: Findings) -> impl Strategy<Value = Value> {
    (
        prop::option::of(text(5, findings)),
        prop::option::of(url(findings)),
        image_size(findings),
        prop::option::of(long_text(findings)),
        link(findings),
    )
        .prop_map(|(title, image, (width, height), description, link)| {
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

fn buttons(max: usize, findings: Findings) -> impl Strategy<Value = Option<Value>> {
    prop::collection::vec((text(3, findings), link(findings)), 0..=max).prop_map(|buttons| {
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

/// `button_title` and `buttons`. With [`Findings::None`] never both: Kakao ignores the
/// title then (`button_title_ignored`).
fn buttons_and_title(
    max: usize,
    findings: Findings,
) -> impl Strategy<Value = (Option<Value>, Option<Value>)> {
    (prop::option::of(text(3, findings)), buttons(max, findings)).prop_map(
        move |(title, buttons)| {
            let title = title.filter(|_| findings == Findings::Any || buttons.is_none());
            (title.map(Value::from), buttons)
        },
    )
}

fn social(findings: Findings) -> impl Strategy<Value = Option<Value>> {
    prop::option::of(prop::collection::vec(prop::option::of(0..100_000i64), 5)).prop_map(
        move |counts| {
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
                if findings == Findings::None {
                    // Kakao shows three (`social_over_three`); an empty one shows none.
                    while map.len() > 3 {
                        let last = map.keys().next_back().cloned().unwrap_or_default();
                        map.remove(&last);
                    }
                    if map.is_empty() {
                        map.insert("like_count".into(), json!(1));
                    }
                }
                Value::Object(map)
            })
        },
    )
}

/// A price text as Kakao's guide allows it in `item_op` (digits, currency, `,`, `.`,
/// spaces); with [`Findings::Any`], any short text.
fn item_op(findings: Findings) -> BoxedStrategy<String> {
    match findings {
        Findings::Any => text(2, findings).boxed(),
        Findings::None => prop::sample::select(&["1,000원", "₩500", "12.50", "3 000", "0"][..])
            .prop_map(str::to_owned)
            .boxed(),
    }
}

fn item_content(findings: Findings) -> impl Strategy<Value = Option<Value>> {
    prop::option::of((
        (
            prop::option::of(short_text(16, findings)),
            prop::option::of(short_text(24, findings)),
            prop::option::of(short_text(14, findings)),
            prop::option::of(short_text(6, findings)),
            prop::option::of(item_op(findings).prop_filter("fits 11", move |text| {
                findings == Findings::Any || text.chars().count() <= 11
            })),
        ),
        prop::option::of(url(findings)),
        prop::option::of(url(findings)),
        prop::collection::vec((short_text(6, findings), item_op(findings)), 0..=5),
    ))
    .prop_map(move |parts| {
        parts.map(
            |((profile, image_text, category, sum, sum_op), profile_image, title_image, items)| {
                let mut map = Map::new();
                insert(&mut map, "profile_text", profile.map(Value::from));
                insert(
                    &mut map,
                    "profile_image_url",
                    profile_image.map(Value::from),
                );
                insert(&mut map, "title_image_url", title_image.map(Value::from));
                insert(&mut map, "title_image_text", image_text.map(Value::from));
                insert(&mut map, "title_image_category", category.map(Value::from));
                insert(&mut map, "sum", sum.map(Value::from));
                insert(&mut map, "sum_op", sum_op.map(Value::from));
                if !items.is_empty() {
                    let items = items
                        .into_iter()
                        .map(|(item, op)| json!({"item": item, "item_op": op}))
                        .collect();
                    map.insert("items".into(), Value::Array(items));
                }
                if findings == Findings::None && map.is_empty() {
                    // An empty `item_content` shows nothing (`empty_object`).
                    map.insert("profile_text".into(), json!("Kakao"));
                }
                Value::Object(map)
            },
        )
    })
}

fn commerce_detail(findings: Findings) -> impl Strategy<Value = Value> {
    (
        0..10_000_000i64,
        prop::option::of(0..10_000_000i64),
        prop::option::of(prop_oneof![
            (0..=100i64).prop_map(|rate| ("discount_rate", rate)),
            (0..100_000i64).prop_map(|price| ("fixed_discount_price", price)),
        ]),
        prop::option::of(text(3, findings)),
        prop::option::of(prop::sample::select(&["원", "KRW"][..])),
        prop::option::of(0..=1i64),
    )
        .prop_map(move |(regular, discount, off, name, unit, position)| {
            let mut map = Map::new();
            map.insert("regular_price".into(), json!(regular));
            // A discount price at or above the regular one is a warning
            // (`discount_not_lower`).
            let discount = discount.and_then(|price| match findings {
                Findings::Any => Some(price),
                Findings::None => (regular > 0).then(|| price % regular),
            });
            insert(&mut map, "discount_price", discount.map(Value::from));
            // A fixed discount must stay below the regular price
            // (`ktpl::lint::fixed_discount_not_lower`, an error); a free item takes none.
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
pub(crate) fn template(findings: Findings) -> impl Strategy<Value = Value> {
    prop_oneof![
        (
            content(findings),
            item_content(findings),
            social(findings),
            buttons_and_title(2, findings),
        )
            .prop_map(|(content, items, social, (title, buttons))| {
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
            long_text(findings).prop_map(|text| text.replace('\n', " ")),
            link(findings),
            prop::collection::vec(content(findings), 2..=3),
            buttons_and_title(2, findings),
        )
            .prop_map(|(header, header_link, contents, (title, buttons))| {
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
            text(5, findings),
            prop::option::of(text(3, findings)),
            content(findings),
            social(findings),
            buttons_and_title(1, findings),
        )
            .prop_map(
                |(address, address_title, content, social, (title, buttons))| {
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
        (
            content(findings),
            commerce_detail(findings),
            buttons_and_title(2, findings)
        )
            .prop_map(|(content, detail, (title, buttons))| {
                let mut map = Map::new();
                map.insert("object_type".into(), json!("commerce"));
                map.insert("content".into(), content);
                map.insert("commerce".into(), detail);
                insert(&mut map, "button_title", title);
                insert(&mut map, "buttons", buttons);
                Value::Object(map)
            }),
        (
            long_text(findings),
            link(findings),
            buttons_and_title(2, findings)
        )
            .prop_map(|(text, link, (title, buttons))| {
                let mut map = Map::new();
                map.insert("object_type".into(), json!("text"));
                map.insert("text".into(), json!(text));
                map.insert("link".into(), link);
                insert(&mut map, "button_title", title);
                insert(&mut map, "buttons", buttons);
                Value::Object(map)
            }),
        (
            prop::sample::select(&["event", "calendar"][..]),
            text(2, findings),
            content(findings),
            buttons(1, findings),
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

/// A template written as ktpl source the plainest way: every JSON key its own node, no
/// sugar (`link { web_url "..." }`, `button { title "..." link { ... } }`), so the
/// source does not depend on `import` or `fmt`, which other properties test.
pub(crate) fn as_ktpl(template: &Value) -> String {
    let kind = template["object_type"].as_str().expect("object_type");
    let mut out = format!("{kind} {{\n");
    write_fields(template, 1, &mut out);
    out.push_str("}\n");
    out
}

fn write_fields(object: &Value, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    for (key, value) in object.as_object().expect("object") {
        match value {
            _ if key == "object_type" => {}
            Value::Object(_) => write_block(key, value, depth, out),
            Value::Array(items) => {
                let node = match key.as_str() {
                    "buttons" => "button",
                    "contents" => "content",
                    "items" => "item",
                    other => panic!("no node name for the list `{other}`"),
                };
                for item in items {
                    write_block(node, item, depth, out);
                }
            }
            Value::String(text) => out.push_str(&format!("{pad}{key} {}\n", quoted(text))),
            other => out.push_str(&format!("{pad}{key} {other}\n")),
        }
    }
}

fn write_block(node: &str, value: &Value, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    out.push_str(&format!("{pad}{node} {{\n"));
    write_fields(value, depth + 1, out);
    out.push_str(&format!("{pad}}}\n"));
}

/// A ktpl string literal of `text`: `\`, `"`, `$`, line breaks and tabs escaped.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '$' => out.push_str("\\$"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
