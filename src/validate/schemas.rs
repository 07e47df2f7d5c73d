//! The JSON Schemas, embedded from `schemas/` and served to the validator by `$id`.

use std::sync::LazyLock;

use jsonschema::{Draft, Retrieve, Uri, Validator};
use serde_json::Value;

/// Every schema file: its path under `schemas/` and its text.
pub(crate) const SCHEMAS: &[(&str, &str)] = &[
    ("template.json", include_str!("../../schemas/template.json")),
    (
        "templates/feed.json",
        include_str!("../../schemas/templates/feed.json"),
    ),
    (
        "templates/list.json",
        include_str!("../../schemas/templates/list.json"),
    ),
    (
        "templates/location.json",
        include_str!("../../schemas/templates/location.json"),
    ),
    (
        "templates/commerce.json",
        include_str!("../../schemas/templates/commerce.json"),
    ),
    (
        "templates/text.json",
        include_str!("../../schemas/templates/text.json"),
    ),
    (
        "templates/calendar.json",
        include_str!("../../schemas/templates/calendar.json"),
    ),
    (
        "objects/link.json",
        include_str!("../../schemas/objects/link.json"),
    ),
    (
        "objects/content.json",
        include_str!("../../schemas/objects/content.json"),
    ),
    (
        "objects/button.json",
        include_str!("../../schemas/objects/button.json"),
    ),
    (
        "objects/social.json",
        include_str!("../../schemas/objects/social.json"),
    ),
    (
        "objects/item_info.json",
        include_str!("../../schemas/objects/item_info.json"),
    ),
    (
        "objects/item_content.json",
        include_str!("../../schemas/objects/item_content.json"),
    ),
    (
        "objects/commerce.json",
        include_str!("../../schemas/objects/commerce.json"),
    ),
];

/// Where the schemas' `$id`s live.
pub(super) const BASE_URI: &str = "https://ktpl.dev/schemas/v1/";

static PARSED: LazyLock<Vec<(String, Value)>> = LazyLock::new(|| {
    SCHEMAS
        .iter()
        .map(|(path, text)| {
            let value: Value = serde_json::from_str(text)
                .unwrap_or_else(|e| panic!("embedded schema {path} is not JSON: {e}"));
            (format!("{BASE_URI}{path}"), value)
        })
        .collect()
});

/// The embedded schema with this `$id` (or path under `schemas/`).
#[must_use]
pub(crate) fn schema_for(uri_or_path: &str) -> Option<&'static Value> {
    let uri = if uri_or_path.contains("://") {
        uri_or_path.to_owned()
    } else {
        format!("{BASE_URI}{uri_or_path}")
    };
    PARSED
        .iter()
        .find(|(id, _)| *id == uri)
        .map(|(_, value)| value)
}

/// Serves `$ref`s from the embedded schemas; nothing is ever fetched.
struct Embedded;

impl Retrieve for Embedded {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        schema_for(uri.as_str())
            .cloned()
            .ok_or_else(|| format!("no embedded schema {uri}").into())
    }
}

pub(super) fn build_validator() -> Validator {
    let top = schema_for("template.json").expect("template.json is embedded");
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .with_retriever(Embedded)
        .build(top)
        .unwrap_or_else(|e| panic!("embedded schemas do not compile: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kakao::fields::Kind;

    /// Kakao's field table and the schemas must list the same keys in the same order,
    /// or DSL output and raw-JSON checks would drift apart.
    #[test]
    fn field_table_agrees_with_schemas() {
        for kind in Kind::ALL {
            let path = kind.schema_path();
            let schema = schema_for(path).expect(path);
            let mut properties: Vec<&str> = schema["properties"]
                .as_object()
                .expect("properties")
                .keys()
                .map(String::as_str)
                .collect();
            // Parsed maps are sorted; the order is read from the file's text.
            let text = SCHEMAS.iter().find(|(p, _)| *p == path).expect(path).1;
            properties
                .sort_by_key(|key| text.find(&format!("\"{key}\": {{")).unwrap_or(usize::MAX));
            assert_eq!(kind.keys(), properties.as_slice(), "{kind:?} vs {path}");
        }
    }

    /// The schemas' list counts are Kakao's limits in `kakao::limits`: the schema
    /// rejects what the preview would not show.
    #[test]
    fn schema_counts_are_kakaos_limits() {
        use crate::kakao::limits::{LIST_CONTENTS, MAX_ITEMS, max_buttons};
        let count = |path: &str, key: &str, bound: &str| {
            schema_for(path).expect(path)["properties"][key][bound]
                .as_u64()
                .and_then(|n| usize::try_from(n).ok())
        };
        for kind in Kind::TEMPLATES {
            assert_eq!(
                count(kind.schema_path(), "buttons", "maxItems"),
                max_buttons(kind.name()),
                "{kind:?}"
            );
        }
        let list = Kind::List.schema_path();
        assert_eq!(
            count(list, "contents", "minItems"),
            Some(*LIST_CONTENTS.start())
        );
        assert_eq!(
            count(list, "contents", "maxItems"),
            Some(*LIST_CONTENTS.end())
        );
        let items = Kind::ItemContent.schema_path();
        assert_eq!(count(items, "items", "maxItems"), Some(MAX_ITEMS));
    }

    #[test]
    fn schemas_compile_and_ids_match_paths() {
        let _ = build_validator();
        for (id, value) in PARSED.iter() {
            assert_eq!(value.get("$id").and_then(Value::as_str), Some(id.as_str()));
        }
    }
}
