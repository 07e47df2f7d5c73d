//! Raw JSON templates: which field of which block a key in the text is, found through
//! the same span map `check` uses (`json_input::locate`) and the compiler's field table.

use serde_json::Value;

use crate::json_input;
use crate::kakao::fields::{Field, Kind, Shape};
use crate::locate::last_token;

/// The block kind and field of the JSON key under `offset`, if it is a known one.
#[must_use]
pub(crate) fn field_at(text: &str, offset: usize) -> Option<(Kind, &'static Field)> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = serde_json::from_str(body).ok()?;
    let template = Kind::template(value.get("object_type")?.as_str()?)?;
    let (spans, _) = json_input::locate(text);
    // Array elements are recorded with their whole span as the "key": the innermost
    // span around the offset is the key the cursor is on.
    let pointer = spans
        .pointers()
        .filter_map(|pointer| {
            let key = spans.get(pointer)?.key;
            (!pointer.is_empty() && key.start <= offset && offset < key.end)
                .then_some((key.end - key.start, pointer))
        })
        .min()?
        .1;
    if last_token(pointer).bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let tokens: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|token| last_token(&format!("/{token}")))
        .collect();
    let (last, path) = tokens.split_last()?;
    let mut kind = template;
    for token in path {
        if token.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        match field_for_key(kind, token)?.shape {
            Shape::Object { kind: inner, .. } => kind = inner,
            _ => return None,
        }
    }
    Some((kind, field_for_key(kind, last)?))
}

/// The node that writes JSON `key` in a block of `kind`: the one named like the key,
/// else the first that writes it.
fn field_for_key(kind: Kind, key: &str) -> Option<&'static Field> {
    kind.field(key)
        .filter(|field| field.json_keys().contains(&key))
        .or_else(|| {
            kind.fields()
                .iter()
                .find(|field| field.json_keys().first() == Some(&key))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_found_through_nested_objects_and_arrays() {
        let text = r#"{"object_type": "feed", "content": {"title": "a"}, "buttons": [{"title": "b", "link": {"web_url": "w"}}]}"#;
        let at = |needle: &str| field_at(text, text.find(needle).expect(needle) + 1);
        let (kind, field) = at("\"content\"").expect("content");
        assert_eq!((kind, field.name), (Kind::Feed, "content"));
        let (kind, field) = at("\"title\": \"a\"").expect("title");
        assert_eq!((kind, field.name), (Kind::Content, "title"));
        let (kind, field) = at("\"buttons\"").expect("buttons");
        assert_eq!((kind, field.name), (Kind::Feed, "button"));
        let (kind, field) = at("\"web_url\"").expect("web_url");
        assert_eq!((kind, field.name), (Kind::Link, "web_url"));
        assert!(at("\"a\"").is_none());
    }
}
