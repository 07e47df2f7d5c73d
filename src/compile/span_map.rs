//! The span map: for every JSON pointer in a compiled template, where it came from.

use std::collections::HashMap;

use serde_json::Value;

use crate::span::Span;

/// Where one JSON value came from in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// The field's name (a DSL node name, or a JSON key).
    pub key: Span,
    /// The value (an argument, a block, or a JSON value).
    pub value: Span,
    /// The whole node or JSON member.
    pub node: Span,
}

impl Origin {
    /// An origin whose three spans are the same.
    #[must_use]
    pub fn at(span: Span) -> Self {
        Self {
            key: span,
            value: span,
            node: span,
        }
    }
}

/// RFC 6901 pointer to source origin.
#[derive(Debug, Clone, Default)]
pub struct SpanMap {
    origins: HashMap<String, Origin, foldhash::fast::RandomState>,
    /// A map that records nothing: for checks that only need spans if something is wrong.
    disabled: bool,
    /// The spans point into JSON (or a pasted JavaScript object), not ktpl: a fix
    /// writes keys and values there as JSON.
    json: bool,
}

impl SpanMap {
    /// A map that records nothing and finds nothing.
    #[must_use]
    pub fn disabled() -> Self {
        Self {
            origins: HashMap::default(),
            disabled: true,
            json: false,
        }
    }

    /// An empty map for spans into JSON text.
    #[must_use]
    pub fn for_json() -> Self {
        Self {
            json: true,
            ..Self::default()
        }
    }

    /// Whether the spans point into JSON text rather than ktpl.
    #[must_use]
    pub fn is_json(&self) -> bool {
        self.json
    }

    /// Whether this map records anything (see [`SpanMap::disabled`]).
    #[must_use]
    pub fn is_recording(&self) -> bool {
        !self.disabled
    }

    /// Records where `pointer` came from.
    pub fn insert(&mut self, pointer: String, origin: Origin) {
        if !self.disabled {
            self.origins.insert(pointer, origin);
        }
    }

    /// The exact origin of `pointer`.
    #[must_use]
    pub fn get(&self, pointer: &str) -> Option<&Origin> {
        self.origins.get(pointer)
    }

    /// The origin of `pointer`, or of its nearest recorded ancestor.
    #[must_use]
    pub fn locate(&self, pointer: &str) -> Option<&Origin> {
        let mut pointer = pointer;
        loop {
            if let Some(origin) = self.origins.get(pointer) {
                return Some(origin);
            }
            pointer = &pointer[..pointer.rfind('/')?];
        }
    }

    /// Every recorded pointer.
    pub fn pointers(&self) -> impl Iterator<Item = &str> {
        self.origins.keys().map(String::as_str)
    }

    /// Number of recorded pointers.
    #[must_use]
    pub fn len(&self) -> usize {
        self.origins.len()
    }

    /// Whether nothing is recorded.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.origins.is_empty()
    }
}

/// `base` joined with one more reference token, escaped per RFC 6901.
#[must_use]
pub(crate) fn join(base: &str, segment: &str) -> String {
    let mut pointer = String::with_capacity(base.len() + segment.len() + 1);
    pointer.push_str(base);
    push_segment(&mut pointer, segment);
    pointer
}

/// Appends one more reference token to `pointer`, escaped per RFC 6901.
pub(crate) fn push_segment(pointer: &mut String, segment: &str) {
    pointer.push('/');
    // Keys almost never hold `~` or `/`: copied whole, not char by char.
    if !segment.bytes().any(|b| b == b'~' || b == b'/') {
        pointer.push_str(segment);
        return;
    }
    for c in segment.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// `base` joined with an array index.
#[must_use]
pub(crate) fn join_index(base: &str, index: usize) -> String {
    format!("{base}/{index}")
}

/// Appends an array index to `pointer`.
pub(crate) fn push_index(pointer: &mut String, index: usize) {
    use std::fmt::Write as _;
    let _ = write!(pointer, "/{index}");
}

/// Every leaf (string, number, boolean or null) inside `value`, with its pointer, in
/// document order.
#[must_use]
pub(crate) fn leaves(value: &Value) -> Vec<(String, &Value)> {
    fn walk<'a>(value: &'a Value, pointer: String, out: &mut Vec<(String, &'a Value)>) {
        match value {
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    walk(item, join_index(&pointer, index), out);
                }
            }
            Value::Object(map) => {
                for (key, child) in map {
                    walk(child, join(&pointer, key), out);
                }
            }
            Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {
                out.push((pointer, value));
            }
        }
    }
    let mut out = Vec::new();
    walk(value, String::new(), &mut out);
    out
}

/// Every pointer to a value inside `value` (the root is `""`), leaves and containers.
#[must_use]
pub fn all_pointers(value: &Value) -> Vec<(String, bool)> {
    fn walk(value: &Value, pointer: String, out: &mut Vec<(String, bool)>) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    walk(child, join(&pointer, key), out);
                }
                out.push((pointer, false));
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    walk(child, join_index(&pointer, index), out);
                }
                out.push((pointer, false));
            }
            _ => out.push((pointer, true)),
        }
    }
    let mut out = Vec::new();
    walk(value, String::new(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonschema::paths::Location;

    #[test]
    fn escaping_matches_jsonschema_locations() {
        for key in ["plain", "a/b", "t~n", "~/~/", "한글"] {
            let ours = join("", key);
            let theirs = Location::new().join(key);
            assert_eq!(ours, theirs.as_str(), "{key}");
            assert_eq!(
                serde_json::json!({ key: 1 }).pointer(&ours),
                Some(&serde_json::json!(1))
            );
        }
    }

    #[test]
    fn locate_falls_back_to_the_nearest_ancestor() {
        let mut map = SpanMap::default();
        map.insert("/content".into(), Origin::at(Span::new(1, 2)));
        assert_eq!(
            map.locate("/content/link/web_url").map(|o| o.key),
            Some(Span::new(1, 2))
        );
        assert_eq!(map.locate("/other"), None);
    }
}
