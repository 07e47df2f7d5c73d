//! One JSON object being built by the compiler: its entries in the order they were
//! set, and where each once-only key was first set (for "set twice" problems).

use serde_json::Value;

use crate::kakao::fields::Kind;
use crate::span::Span;

/// One JSON object being built: its entries, and where each key was first set.
/// Objects hold a handful of keys, so a list beats a hash map here.
pub(super) struct ObjectBuilder {
    pub(super) kind: Kind,
    /// Its JSON pointer; empty when spans are not recorded.
    pub(super) pointer: String,
    entries: Vec<Entry>,
}

struct Entry {
    key: &'static str,
    value: Value,
    /// Where a once-only key was set (arrays, which repeat, have none).
    first: Option<Span>,
}

impl ObjectBuilder {
    pub(super) fn new(kind: Kind, pointer: String) -> Self {
        Self {
            kind,
            pointer,
            // Room for every key the object may hold: one allocation.
            entries: Vec::with_capacity(kind.keys().len()),
        }
    }

    fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|entry| entry.key == key)
    }

    /// The value set under `key`, if any.
    pub(super) fn value(&self, key: &str) -> Option<&Value> {
        self.entry(key).map(|entry| &entry.value)
    }

    /// Where `key` was first set, if it is a once-only key that was.
    pub(super) fn first(&self, key: &str) -> Option<Span> {
        self.entry(key).and_then(|entry| entry.first)
    }

    pub(super) fn insert(&mut self, key: &'static str, value: Value, first: Span) {
        self.entries.push(Entry {
            key,
            value,
            first: Some(first),
        });
    }

    /// How many items the array under `key` holds so far.
    pub(super) fn array_len(&self, key: &str) -> usize {
        self.entry(key)
            .and_then(|entry| entry.value.as_array())
            .map_or(0, Vec::len)
    }

    pub(super) fn push(&mut self, key: &'static str, value: Value) {
        match self.entries.iter_mut().find(|entry| entry.key == key) {
            Some(Entry {
                value: Value::Array(items),
                ..
            }) => items.push(value),
            Some(_) => unreachable!("`{key}` holds an array"),
            None => self.entries.push(Entry {
                key,
                value: Value::Array(vec![value]),
                first: None,
            }),
        }
    }

    /// The object. Its map sorts keys by name; Kakao's order is applied on output
    /// (`output`).
    pub(super) fn finish(self) -> Value {
        debug_assert!(
            self.entries
                .iter()
                .all(|entry| self.kind.keys().contains(&entry.key)),
            "keys outside the order of {:?}",
            self.kind.name()
        );
        Value::Object(
            self.entries
                .into_iter()
                .map(|entry| (entry.key.to_owned(), entry.value))
                .collect(),
        )
    }
}
