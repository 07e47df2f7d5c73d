//! The JSON Schemas, embedded from `schemas/` and served to the validator by `$id`.

use std::sync::OnceLock;

use jsonschema::{Draft, Retrieve, Uri, Validator};
use serde_json::Value;

use crate::kakao::fields::Kind;

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

/// Each schema parsed on first use: checking one feed template reads only the schemas
/// a feed uses.
static PARSED: [OnceLock<Value>; SCHEMAS.len()] = [const { OnceLock::new() }; SCHEMAS.len()];

/// The embedded schema with this `$id` (or path under `schemas/`).
#[must_use]
pub(crate) fn schema_for(uri_or_path: &str) -> Option<&'static Value> {
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

/// A validator per template type, compiled the first time a template of that type is
/// checked (compiling all six took 80% of a one-file `check`).
static BY_TYPE: [OnceLock<Validator>; Kind::TEMPLATES.len()] =
    [const { OnceLock::new() }; Kind::TEMPLATES.len()];

/// `template.json`, which dispatches on `object_type`: for templates of no known type.
static WHOLE: OnceLock<Validator> = OnceLock::new();

/// Whether `template` passes the schema `validator_for` would apply: its type's schema
/// generated at build time when `object_type` names a type (no schema compiled), else
/// `template.json` at run time.
pub(super) fn is_valid(template: &Value) -> bool {
    let name = template.get("object_type").and_then(Value::as_str);
    name.and_then(Kind::template)
        .and_then(|kind| super::generated::is_valid(kind, template))
        .unwrap_or_else(|| validator_for(template).is_valid(template))
}

/// The validator for `template`: its type's own schema when `object_type` names one
/// (`template.json` would apply exactly that schema and nothing else), else the whole.
pub(super) fn validator_for(template: &Value) -> &'static Validator {
    let name = template.get("object_type").and_then(Value::as_str);
    match name.and_then(|name| Kind::TEMPLATES.iter().position(|kind| kind.name() == name)) {
        Some(index) => {
            BY_TYPE[index].get_or_init(|| build_validator(Kind::TEMPLATES[index].schema_path()))
        }
        None => WHOLE.get_or_init(|| build_validator("template.json")),
    }
}

/// Compiles a root that is only a `$ref` to the embedded schema: jsonschema checks the
/// schema it is given against the 2020-12 meta-schema (its `$id` pattern alone compiles
/// a regex: 0.27M of a one-file check's 2.1M instructions) but not the ones it retrieves,
/// and 0.60 has no public switch for that. The embedded schemas never change at run time;
/// `embedded_schemas_are_valid_2020_12` checks them once. Errors carry the retrieved
/// schema's absolute keyword locations, as `template.json`'s own `$ref`s always did.
fn build_validator(path: &str) -> Validator {
    assert!(schema_for(path).is_some(), "{path} is embedded");
    let root = serde_json::json!({ "$ref": format!("{BASE_URI}{path}") });
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .with_retriever(Embedded)
        .build(&root)
        .unwrap_or_else(|e| panic!("embedded schema {path} does not compile: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// What `build_validator` leaves out: every embedded schema is a valid draft 2020-12
    /// schema.
    #[test]
    fn embedded_schemas_are_valid_2020_12() {
        for (path, _) in SCHEMAS {
            let schema = schema_for(path).expect(path);
            if let Err(error) = jsonschema::draft202012::meta::validate(schema) {
                panic!("{path}: {error}");
            }
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

    /// The build-time `is_valid` (`generated`) answers as the run-time validator does:
    /// on every golden template, on each of them with one field dropped or of the wrong
    /// type, on each type's broken shapes below, and on values a format check would
    /// reject (draft 2020-12 only annotates `format`; a generated check that asserted
    /// it would differ here).
    #[test]
    fn generated_agrees_with_run_time() {
        let folder =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden/json");
        let mut templates: Vec<Value> = std::fs::read_dir(&folder)
            .expect("the golden corpus")
            .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path()).ok())
            .filter_map(|text| serde_json::from_str(&text).ok())
            .collect();
        assert!(templates.len() > 250, "{}", templates.len());
        let link = serde_json::json!({ "web_url": "not a uri", "mobile_web_url": 5 });
        let button = serde_json::json!({ "title": "", "link": {}, "x": 1 });
        for kind in Kind::TEMPLATES.map(Kind::name) {
            templates.push(serde_json::json!({ "object_type": kind }));
            templates.push(serde_json::json!({
                "object_type": kind, "text": "t", "link": { "web_url": "::not a uri::" },
                "content": { "title": "t", "image_url": "no uri", "link": { "web_url": "%%" } },
                "header_title": "h", "contents": [{ "title": "a", "link": link }],
                "commerce": { "regular_price": 1 }, "address": "a",
                "id_type": "event", "id": "1",
            }));
            templates.push(serde_json::json!({
                "object_type": kind, "titel": 1, "text": 5, "content": { "title": 3, "link": link },
                "buttons": [button, button, button],
                "social": { "like_count": -1.5 }, "item_content": { "items": [{}] },
            }));
        }
        // Each golden template again with one top-level field dropped, and with one
        // replaced by a value of the wrong type: more broken shapes, of every type.
        for template in templates.clone() {
            let Some(fields) = template.as_object() else {
                continue;
            };
            for key in fields.keys().filter(|key| *key != "object_type") {
                let mut dropped = fields.clone();
                dropped.remove(key);
                templates.push(Value::Object(dropped));
                let mut retyped = fields.clone();
                retyped.insert(key.clone(), Value::Bool(true));
                templates.push(Value::Object(retyped));
            }
        }
        let (mut valid, mut invalid) = (0, 0);
        for template in &templates {
            let Some(kind) = template
                .get("object_type")
                .and_then(Value::as_str)
                .and_then(Kind::template)
            else {
                continue;
            };
            let run_time = validator_for(template).is_valid(template);
            assert_eq!(
                crate::validate::generated::is_valid(kind, template),
                Some(run_time),
                "{template}"
            );
            if run_time { valid += 1 } else { invalid += 1 }
        }
        assert!(
            valid > 100 && invalid > 50,
            "{valid} valid, {invalid} invalid"
        );
    }

    /// A type's own validator finds exactly what `template.json` finds for that type:
    /// the same errors, in the same order, at the same places of the same schemas.
    #[test]
    fn a_types_validator_agrees_with_the_whole_schema() {
        let whole = build_validator("template.json");
        let link = serde_json::json!({ "web_url": "https://example.com" });
        let button = serde_json::json!({ "title": "", "link": {}, "x": 1 });
        for kind in Kind::TEMPLATES.map(Kind::name) {
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
