//! The JSON Schemas, embedded from `schemas/` and served to the validator by `$id`.

use std::sync::OnceLock;

use jsonschema::{Draft, Retrieve, Uri, Validator};
use serde_json::Value;

/// Every schema file: its path under `schemas/` and its text.
pub const SCHEMAS: &[(&str, &str)] = &[
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

/// Each schema parsed on first use: checking one feed template reads only the schemas
/// a feed uses.
static PARSED: [OnceLock<Value>; SCHEMAS.len()] = [const { OnceLock::new() }; SCHEMAS.len()];

/// The embedded schema with this `$id` (or path under `schemas/`).
#[must_use]
pub fn schema_for(uri_or_path: &str) -> Option<&'static Value> {
    let path = if uri_or_path.contains("://") {
        uri_or_path.strip_prefix(BASE_URI)?
    } else {
        uri_or_path
    };
    let index = SCHEMAS.iter().position(|(known, _)| *known == path)?;
    Some(PARSED[index].get_or_init(|| {
        let (path, text) = SCHEMAS[index];
        serde_json::from_str(text)
            .unwrap_or_else(|e| panic!("embedded schema {path} is not JSON: {e}"))
    }))
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

/// The template types, each with its schema under `templates/`.
const TYPES: [&str; 6] = ["feed", "list", "location", "commerce", "text", "calendar"];

/// A validator per template type, compiled the first time a template of that type is
/// checked (compiling all six took 80% of a one-file `check`).
static BY_TYPE: [OnceLock<Validator>; TYPES.len()] = [const { OnceLock::new() }; TYPES.len()];

/// `template.json`, which dispatches on `object_type`: for templates of no known type.
static WHOLE: OnceLock<Validator> = OnceLock::new();

/// The validator for `template`: its type's own schema when `object_type` names one
/// (`template.json` would apply exactly that schema and nothing else), else the whole.
pub(super) fn validator_for(template: &Value) -> &'static Validator {
    let kind = template.get("object_type").and_then(Value::as_str);
    match kind.and_then(|kind| TYPES.iter().position(|known| *known == kind)) {
        Some(index) => BY_TYPE[index]
            .get_or_init(|| build_validator(&format!("templates/{}.json", TYPES[index]))),
        None => WHOLE.get_or_init(|| build_validator("template.json")),
    }
}

fn build_validator(path: &str) -> Validator {
    let top = schema_for(path).unwrap_or_else(|| panic!("{path} is embedded"));
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .with_retriever(Embedded)
        .build(top)
        .unwrap_or_else(|e| panic!("embedded schema {path} does not compile: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The compiler's field tables and the schemas must list the same keys in the same
    /// order, or DSL output and raw-JSON checks would drift apart.
    #[test]
    fn field_tables_agree_with_schemas() {
        let pairs = [
            ("feed", "templates/feed.json"),
            ("list", "templates/list.json"),
            ("location", "templates/location.json"),
            ("commerce", "templates/commerce.json"),
            ("text", "templates/text.json"),
            ("calendar", "templates/calendar.json"),
            ("content", "objects/content.json"),
            ("link", "objects/link.json"),
            ("button", "objects/button.json"),
            ("social", "objects/social.json"),
            ("item_content", "objects/item_content.json"),
            ("item", "objects/item_info.json"),
        ];
        for (block, path) in pairs {
            let keys = crate::compile::keys_of(block).expect(block);
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
            assert_eq!(keys, properties.as_slice(), "{block} vs {path}");
        }
    }

    #[test]
    fn schemas_compile_and_ids_match_paths() {
        let _ = build_validator("template.json");
        for (path, _) in SCHEMAS {
            let value = schema_for(path).expect(path);
            let id = format!("{BASE_URI}{path}");
            assert_eq!(value.get("$id").and_then(Value::as_str), Some(id.as_str()));
            assert_eq!(schema_for(&id), Some(value));
        }
        assert_eq!(schema_for("https://example.com/template.json"), None);
    }

    /// A type's own validator finds exactly what `template.json` finds for that type:
    /// the same errors, in the same order, at the same places of the same schemas.
    #[test]
    fn a_types_validator_agrees_with_the_whole_schema() {
        let whole = build_validator("template.json");
        let link = serde_json::json!({ "web_url": "https://example.com" });
        let button = serde_json::json!({ "title": "", "link": {}, "x": 1 });
        for kind in TYPES {
            let broken = [
                serde_json::json!({ "object_type": kind }),
                serde_json::json!({
                    "object_type": kind, "titel": 1, "text": 5, "content": { "title": 3, "link": link },
                    "contents": [{ "title": "a", "link": link }], "header_title": "",
                    "buttons": [button, button, button], "commerce": { "regular_price": "1" },
                    "id_type": "evnt", "id": "1", "address": "", "social": { "like_count": -1.5 },
                    "item_content": { "items": [{}] },
                }),
            ];
            for template in broken {
                let errors = |validator: &Validator| -> Vec<String> {
                    validator
                        .iter_errors(&template)
                        .map(|e| {
                            format!(
                                "{} {} {:?}",
                                e.instance_path().as_str(),
                                e,
                                e.absolute_keyword_location().map(|l| l.as_str().to_owned())
                            )
                        })
                        .collect()
                };
                let own = errors(validator_for(&template));
                assert!(!own.is_empty(), "{kind}");
                assert_eq!(own, errors(&whole), "{kind}");
                assert_eq!(
                    validator_for(&template).is_valid(&template),
                    whole.is_valid(&template)
                );
            }
        }
    }
}
