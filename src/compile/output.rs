//! What `ktpl compile` outputs: a template as text, the REST API's `template_object`
//! JSON or the object the JavaScript SDK takes, keys in the order Kakao's docs list them
//! ([`crate::kakao::key_order`]). Values are kept in plain maps while checking (fast,
//! and Kakao ignores the order); the order is applied only here, when JSON is written
//! for people.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

use crate::kakao::js_sdk::js_name;
use crate::kakao::key_order::rank;

/// The template as JSON text in Kakao's key order, compact or indented.
#[must_use]
pub fn to_json(value: &Value, pretty: bool) -> String {
    write(&Written { value, js: false }, pretty)
}

/// The template as the JavaScript SDK takes it: camelCase keys (`objectType`,
/// `imageUrl`, ...) in Kakao's order, compact or indented, safe inside a `<script>`.
#[must_use]
pub fn to_js_json(value: &Value, pretty: bool) -> String {
    escape_for_script(write(&Written { value, js: true }, pretty))
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

fn write(written: &Written<'_>, pretty: bool) -> String {
    let result = if pretty {
        serde_json::to_string_pretty(written)
    } else {
        serde_json::to_string(written)
    };
    result.unwrap_or_default()
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
                        out.serialize_entry(&js_name(key), &child(value))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_kakao_order_then_unknown_keys() {
        let value = serde_json::json!({"zz": 1, "link": {"web_url": "w"}, "text": "t", "object_type": "text"});
        assert_eq!(
            to_json(&value, false),
            r#"{"object_type":"text","text":"t","link":{"web_url":"w"},"zz":1}"#
        );
        assert_eq!(
            to_js_json(&value, false),
            r#"{"objectType":"text","text":"t","link":{"webUrl":"w"},"zz":1}"#
        );
    }
}
