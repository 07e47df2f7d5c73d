//! What completion and hover say about a field or template: its type and shape from
//! the compiler's field table (`compile/fields.rs`), its description, limits and
//! whether it is required from the JSON Schemas. No list of its own.

use serde_json::Value;

use crate::kakao::fields::{Field, Kind, Shape, Ty};
use crate::validate::schema_for;

/// One field as the editor describes it.
#[derive(Debug, Clone)]
pub(crate) struct FieldDoc {
    /// One line: type, required or not, limits.
    pub(crate) detail: String,
    /// Markdown: the detail, the description, and which JSON keys it writes.
    pub(crate) markdown: String,
    /// Whether the block must have it.
    pub(crate) required: bool,
}

/// The schema of a kind's object.
fn schema(kind: Kind) -> Option<&'static Value> {
    schema_for(kind.schema_path())
}

/// The schema of one property of a kind's object.
fn property(kind: Kind, key: &str) -> Option<&'static Value> {
    schema(kind)?.get("properties")?.get(key)
}

/// The values the schema allows for a field's value, if it lists them
/// (`id_type`, `currency_unit_position`), each with the JSON text to write.
#[must_use]
pub(crate) fn enum_values(kind: Kind, field: &Field) -> Vec<String> {
    let Shape::Scalar(key, _) = field.shape else {
        return Vec::new();
    };
    property(kind, key)
        .and_then(|p| p.get("enum"))
        .and_then(Value::as_array)
        .map(|values| values.iter().map(Value::to_string).collect())
        .unwrap_or_default()
}

/// What to say about `field` in a block of `kind`.
#[must_use]
pub(crate) fn field_doc(kind: Kind, field: &Field) -> FieldDoc {
    let keys = field.json_keys();
    let key = keys.first().copied().unwrap_or(field.name);
    let property = property(kind, key);
    let required = schema(kind)
        .and_then(|s| s.get("required"))
        .and_then(Value::as_array)
        .is_some_and(|required| required.iter().any(|r| r.as_str() == Some(key)));
    let mut parts = vec![shape_words(field)];
    if required {
        parts.push("required".to_owned());
    }
    parts.extend(property.map(limits).unwrap_or_default());
    let detail = parts.join(", ");
    let mut markdown = format!("**`{}`**: {detail}", field.name);
    if let Some(description) = property
        .and_then(|p| p.get("description"))
        .and_then(Value::as_str)
    {
        markdown.push_str(&format!("\n\n{description}"));
    }
    if let Shape::Object { kind: inner, .. } = field.shape
        && let Some(description) = schema(inner)
            .and_then(|s| s.get("description"))
            .and_then(Value::as_str)
    {
        markdown.push_str(&format!("\n\n{description}"));
    }
    if keys.len() > 1 || key != field.name {
        let written: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
        markdown.push_str(&format!("\n\nWrites {} in the JSON.", written.join(", ")));
    }
    FieldDoc {
        detail,
        markdown,
        required,
    }
}

/// What to say about a template keyword.
#[must_use]
pub(crate) fn template_doc(kind: Kind) -> String {
    let description = schema(kind)
        .and_then(|s| s.get("description"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    let required: Vec<String> = schema(kind)
        .and_then(|s| s.get("required"))
        .and_then(Value::as_array)
        .map(|r| {
            r.iter()
                .filter_map(Value::as_str)
                .filter(|key| *key != "object_type")
                .map(|key| format!("`{key}`"))
                .collect()
        })
        .unwrap_or_default();
    let mut markdown = format!("**`{}`** template\n\n{description}", kind.name());
    if !required.is_empty() {
        markdown.push_str(&format!("\n\nRequires {}.", required.join(", ")));
    }
    markdown
}

fn shape_words(field: &Field) -> String {
    match field.shape {
        Shape::Scalar(_, Ty::Str) => "text".to_owned(),
        Shape::Scalar(_, Ty::Int) => "integer".to_owned(),
        Shape::Scalar(_, Ty::Rate) => "integer or percentage (`30%`)".to_owned(),
        Shape::Object {
            kind, repeat: true, ..
        } => format!("`{}` block, repeatable", kind.name()),
        Shape::Object { kind, .. } => format!("`{}` block", kind.name()),
        Shape::Flat { keyed: [], .. } => "shorthand".to_owned(),
        Shape::Flat { keyed, .. } => {
            let names: Vec<String> = keyed.iter().map(|(name, _)| format!("`{name}=`")).collect();
            format!("shorthand, takes {}", names.join(" "))
        }
    }
}

/// The schema's limits on a property, in words.
fn limits(property: &Value) -> Vec<String> {
    let number = |name: &str| property.get(name).and_then(Value::as_u64);
    let mut words = Vec::new();
    if let Some(n) = number("maxLength") {
        words.push(format!("at most {n} characters"));
    }
    if let Some(n) = number("minLength") {
        words.push(format!(
            "at least {n} character{}",
            if n == 1 { "" } else { "s" }
        ));
    }
    if let Some(n) = number("maxItems") {
        words.push(format!("at most {n}"));
    }
    if let Some(n) = number("minimum") {
        words.push(format!("at least {n}"));
    }
    if let Some(values) = property.get("enum").and_then(Value::as_array) {
        let values: Vec<String> = values.iter().map(Value::to_string).collect();
        words.push(format!("one of {}", values.join(", ")));
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_come_from_the_table_and_the_schema() {
        let text = Kind::Text.field("text").expect("text");
        let doc = field_doc(Kind::Text, text);
        assert!(doc.required);
        // Past 200 characters is a warning (Kakao cuts the text), so the limit is the
        // schema's description, not a `maxLength`.
        assert!(
            doc.markdown.contains("first 200 characters"),
            "{}",
            doc.markdown
        );
        let button = Kind::Feed.field("button").expect("button");
        assert!(field_doc(Kind::Feed, button).detail.contains("at most 2"));
        let web = Kind::Link.field("web").expect("web");
        assert!(field_doc(Kind::Link, web).markdown.contains("`web_url`"));
        let id_type = Kind::Calendar.field("id_type").expect("id_type");
        assert_eq!(
            enum_values(Kind::Calendar, id_type),
            ["\"event\"", "\"calendar\""]
        );
    }
}
