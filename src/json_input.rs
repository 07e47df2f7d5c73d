//! Stage 2 for raw `.json` templates: the text to the same `Compiled` the compiler
//! makes, with a span map built from a position-keeping parse.
//!
//! `serde_json` reads the text first: it is strict, fast, and bounds nesting depth, so
//! the position-keeping parser only ever sees valid, shallow JSON.

use jsonc_parser::ast::{ObjectPropName, Value as Node};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions};
use serde_json::Value;
use std::collections::HashMap;

use crate::code::Code;
use crate::compile::Compiled;
use crate::compile::span_map::{Origin, SpanMap, join, join_index};
use crate::diagnostic::Problem;
use crate::span::{Span, floor_char_boundary};

/// Reads a raw template. Returns `None` when the text is not JSON at all.
#[must_use]
pub fn read(text: &str) -> (Option<Compiled>, Vec<Problem>) {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    match serde_json::from_str::<Value>(&text[bom..]) {
        Ok(mut value) => {
            drop_schema_key(&mut value);
            let (spans, problems) = locate(text);
            (Some(Compiled { value, spans }), problems)
        }
        Err(error) => (None, vec![syntax_problem(&error, text, bom)]),
    }
}

/// Removes a top-level `"$schema": "..."`: the line that points JSON-Schema-aware
/// editors at `schemas/template.json`. It is the editor's, not part of the template,
/// so it is neither checked nor sent to Kakao.
pub fn drop_schema_key(value: &mut Value) {
    if let Value::Object(map) = value
        && map.get("$schema").is_some_and(Value::is_string)
    {
        map.remove("$schema");
    }
}

/// The span map of JSON text `serde_json` already accepted, and any duplicate keys.
#[must_use]
pub fn locate(text: &str) -> (SpanMap, Vec<Problem>) {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[bom..];
    let mut problems = Vec::new();
    let mut spans = SpanMap::default();
    match jsonc_parser::parse_to_ast(body, &CollectOptions::default(), &ParseOptions::default()) {
        Ok(result) => {
            if let Some(root) = &result.value {
                let root_span = shift(root.range(), bom);
                let origin = Origin {
                    key: Span::new(root_span.start, root_span.start + 1),
                    ..Origin::at(root_span)
                };
                walk(root, String::new(), origin, bom, &mut spans, &mut problems);
            }
        }
        Err(_) => {
            // serde_json accepted the text, so this is a disagreement between parsers;
            // fall back to pointing at the whole file rather than failing the check.
            spans.insert(String::new(), Origin::at(Span::new(0, text.len())));
        }
    }
    (spans, problems)
}

fn shift(range: jsonc_parser::common::Range, bom: usize) -> Span {
    Span::new(range.start + bom, range.end + bom)
}

/// Records every value's origin; reports keys given twice in one object.
fn walk(
    node: &Node<'_>,
    pointer: String,
    origin: Origin,
    bom: usize,
    spans: &mut SpanMap,
    problems: &mut Vec<Problem>,
) {
    spans.insert(pointer.clone(), origin);
    match node {
        Node::Object(object) => {
            let mut seen: HashMap<&str, Span> = HashMap::new();
            for property in &object.properties {
                let name = match &property.name {
                    ObjectPropName::String(lit) => lit.value.as_ref(),
                    ObjectPropName::Word(lit) => lit.value,
                };
                let key_span = shift(property.name.range(), bom);
                if let Some(first) = seen.insert(name, key_span) {
                    problems.push(
                        Problem::new(
                            Code::JsonDuplicateKey,
                            format!("key `{name}` appears twice in one object"),
                        )
                        .at(key_span, "given again here")
                        .also(first, "first given here")
                        .help("JSON readers keep only one of the two (usually the last); remove the other")
                        .pointer(join(&pointer, name)),
                    );
                }
                let child = Origin {
                    key: key_span,
                    value: shift(property.value.range(), bom),
                    node: shift(property.range, bom),
                };
                walk(
                    &property.value,
                    join(&pointer, name),
                    child,
                    bom,
                    spans,
                    problems,
                );
            }
        }
        Node::Array(array) => {
            for (index, element) in array.elements.iter().enumerate() {
                let span = shift(element.range(), bom);
                walk(
                    element,
                    join_index(&pointer, index),
                    Origin::at(span),
                    bom,
                    spans,
                    problems,
                );
            }
        }
        Node::StringLit(_) | Node::NumberLit(_) | Node::BooleanLit(_) | Node::NullKeyword(_) => {}
    }
}

/// `serde_json`'s error, at the byte its line and column name.
fn syntax_problem(error: &serde_json::Error, text: &str, bom: usize) -> Problem {
    let body = &text[bom..];
    let mut offset = bom;
    for line in body
        .split_inclusive('\n')
        .take(error.line().saturating_sub(1))
    {
        offset += line.len();
    }
    let offset = floor_char_boundary(text, offset + error.column().saturating_sub(1));
    let end = text[offset..]
        .chars()
        .next()
        .map_or(offset, |c| offset + c.len_utf8());
    let message = error.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(head, _)| head)
        .to_owned();
    let help = match error.classify() {
        serde_json::error::Category::Eof => {
            "the file ends early: check for a missing `}`, `]` or `\"`"
        }
        _ if message.contains("trailing comma") => "remove the comma before the closing bracket",
        _ if message.contains("recursion limit") => {
            "no Kakao template nests more than a few levels; this file is not a template"
        }
        _ if message.contains("key must be a string") => "JSON keys are written in double quotes",
        _ => "a template_object is one JSON object: check quotes, commas and brackets near here",
    };
    Problem::new(Code::JsonSyntax, format!("invalid JSON: {message}"))
        .at(Span::new(offset, end), "here")
        .help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_editors_schema_line_is_not_part_of_the_template() {
        let (compiled, problems) = read(r#"{"$schema": "../schemas/template.json", "a": 1}"#);
        assert!(problems.is_empty());
        assert_eq!(compiled.expect("json").value, serde_json::json!({ "a": 1 }));
    }

    #[test]
    fn spans_cover_keys_and_values() {
        let text = r#"{"object_type": "text", "link": {"web_url": "https://a"}}"#;
        let (compiled, problems) = read(text);
        assert!(problems.is_empty());
        let compiled = compiled.expect("json");
        let origin = compiled.spans.get("/link/web_url").expect("span");
        assert_eq!(origin.key.read(text), "\"web_url\"");
        assert_eq!(origin.value.read(text), "\"https://a\"");
    }

    #[test]
    fn duplicate_keys_show_both_places() {
        let text = "{\"a\": 1,\n \"a\": 2}";
        let (_, problems) = read(text);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, Code::JsonDuplicateKey);
        assert_eq!(problems[0].related.len(), 1);
    }

    #[test]
    fn syntax_errors_point_into_the_text() {
        let text = "{\n  \"a\": 1,\n  \"b\" 2\n}";
        let (compiled, problems) = read(text);
        assert!(compiled.is_none());
        let (span, _) = problems[0].primary.clone().expect("span");
        assert_eq!(span.read(text), "2");
    }

    #[test]
    fn deep_json_is_refused_not_overflowed() {
        let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let (compiled, problems) = read(&text);
        assert!(compiled.is_none());
        assert_eq!(problems[0].code, Code::JsonSyntax);
    }
}
