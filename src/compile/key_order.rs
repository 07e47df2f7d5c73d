//! Output in the order Kakao's docs list the keys. Values are kept in plain maps while
//! checking (fast, and raw JSON order is irrelevant to Kakao); the order is applied
//! only when JSON is written for people.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

/// Every key ktpl knows, in one order consistent with each block's order in the field
/// tables (a test checks this). Unknown keys follow, alphabetically.
const ORDER: &[&str] = &[
    "object_type",
    "header_title",
    "header_link",
    "contents",
    "address",
    "address_title",
    "id_type",
    "id",
    "text",
    "title",
    "image_url",
    "image_width",
    "image_height",
    "description",
    "content",
    "web_url",
    "mobile_web_url",
    "android_execution_params",
    "ios_execution_params",
    "link",
    "item_content",
    "profile_text",
    "profile_image_url",
    "title_image_url",
    "title_image_text",
    "title_image_category",
    "items",
    "item",
    "item_op",
    "sum",
    "sum_op",
    "commerce",
    "regular_price",
    "discount_price",
    "fixed_discount_price",
    "discount_rate",
    "product_name",
    "currency_unit",
    "currency_unit_position",
    "social",
    "like_count",
    "comment_count",
    "shared_count",
    "view_count",
    "subscriber_count",
    "button_title",
    "buttons",
];

pub(crate) fn rank(key: &str) -> usize {
    ORDER.iter().position(|k| *k == key).unwrap_or(ORDER.len())
}

/// A value that serializes with Kakao's key order.
pub struct Ordered<'a>(pub &'a Value);

impl Serialize for Ordered<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Written {
            value: self.0,
            js: false,
        }
        .serialize(serializer)
    }
}

/// A value in Kakao's key order, keys in REST or JavaScript SDK spelling.
struct Written<'a> {
    value: &'a Value,
    js: bool,
}

impl Serialize for Written<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let child = |value| Written { value, js: self.js };
        match self.value {
            Value::Object(map) => {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                entries.sort_by(|a, b| (rank(a.0), a.0).cmp(&(rank(b.0), b.0)));
                let mut out = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    if self.js {
                        out.serialize_entry(&super::fields::js_name(key), &child(value))?;
                    } else {
                        out.serialize_entry(key, &child(value))?;
                    }
                }
                out.end()
            }
            Value::Array(items) => {
                let mut out = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    out.serialize_element(&child(item))?;
                }
                out.end()
            }
            other => other.serialize(serializer),
        }
    }
}

/// The template as the JavaScript SDK takes it: camelCase keys (`objectType`,
/// `imageUrl`, ...) in Kakao's order, compact or indented, safe inside a `<script>`.
#[must_use]
pub fn to_js_json(value: &Value, pretty: bool) -> String {
    let written = Written { value, js: true };
    let result = if pretty {
        serde_json::to_string_pretty(&written)
    } else {
        serde_json::to_string(&written)
    };
    escape_for_script(result.unwrap_or_default())
}

/// JSON that may be pasted into an inline `<script>`: `<`, `>` and `&` as `\u003c`,
/// `\u003e`, `\u0026` (so `</script>` and `<!--` in a text cannot end the element or
/// open a comment), U+2028 and U+2029 escaped (line ends to JavaScript before ES2019),
/// as JSON-in-HTML serialisers do (Go's `encoding/json`, Rails' `json_escape`). The
/// value is unchanged: these are JSON's own escapes, and JSON has none of these
/// characters outside strings.
fn escape_for_script(json: String) -> String {
    if !json.contains(['<', '>', '&', '\u{2028}', '\u{2029}']) {
        return json;
    }
    let mut escaped = String::with_capacity(json.len() + 32);
    for c in json.chars() {
        match c {
            '<' => escaped.push_str("\\u003c"),
            '>' => escaped.push_str("\\u003e"),
            '&' => escaped.push_str("\\u0026"),
            '\u{2028}' => escaped.push_str("\\u2028"),
            '\u{2029}' => escaped.push_str("\\u2029"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// The template as JSON text in Kakao's key order, compact or indented.
#[must_use]
pub fn to_json(value: &Value, pretty: bool) -> String {
    let result = if pretty {
        serde_json::to_string_pretty(&Ordered(value))
    } else {
        serde_json::to_string(&Ordered(value))
    };
    result.unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::fields::Kind;

    #[test]
    fn the_global_order_agrees_with_every_block() {
        for kind in Kind::ALL {
            let ranks: Vec<usize> = kind.keys().iter().map(|k| rank(k)).collect();
            assert!(
                ranks.iter().all(|r| *r < ORDER.len()),
                "{kind:?} has a key missing from ORDER"
            );
            assert!(
                ranks.windows(2).all(|w| w[0] < w[1]),
                "{kind:?}: ORDER disagrees with {:?}",
                kind.keys()
            );
        }
    }

    #[test]
    fn writes_kakao_order_then_unknown_keys() {
        let value = serde_json::json!({"zz": 1, "link": {"web_url": "w"}, "text": "t", "object_type": "text"});
        assert_eq!(
            to_json(&value, false),
            r#"{"object_type":"text","text":"t","link":{"web_url":"w"},"zz":1}"#
        );
    }
}
