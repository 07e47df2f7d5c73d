//! Stage 2 for raw `.json` templates: the text to the same `Compiled` the compiler
//! makes, with a span map built from a position-keeping parse.
//!
//! `serde_json` reads the text first: it is strict, fast, and bounds nesting depth, so
//! for `.json` files the position-keeping parser only ever sees valid, shallow JSON.
//! `import` reads pasted JavaScript and Python objects with the same position-keeping
//! walk (`read_loose`), which bounds depth itself.

use jsonc_parser::ast::{ObjectPropName, Value as Node};
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions};
use serde_json::Value;
use std::collections::HashMap;

use crate::code::Code;
use crate::compile::Compiled;
use crate::compile::span_map::{Origin, SpanMap, join, join_index};
use crate::diagnostic::{Applicability, Edit, Fix, Problem};
use crate::span::{Span, floor_char_boundary};

mod spans;

/// Brackets nested deeper than any template goes: the text is refused, not read.
const MAX_DEPTH: usize = 64;

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
        Err(error) => {
            let problem = form_encoded(text).unwrap_or_else(|| syntax_problem(&error, text, bom));
            (None, vec![problem])
        }
    }
}

/// A request body pasted whole (`template_object=%7B...`): the template is in it,
/// URL-encoded, as the REST API's form field.
fn form_encoded(text: &str) -> Option<Problem> {
    let start = text.len()
        - text
            .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
            .len();
    let field = "template_object=";
    let at = if text[start..].starts_with(field) {
        start
    } else {
        let body = &text[start..];
        let first_line = body.split('\n').next().unwrap_or_default();
        start + first_line.find(&format!("&{field}"))? + 1
    };
    Some(
        Problem::new(
            Code::SchemaWrappedTemplate,
            "this is a form-encoded request body, not a template",
        )
        .at(Span::new(at, at + field.len()), "the template is the form field here")
        .help(
            "a template file holds the template_object itself: URL-decode the text after `template_object=` (up to any `&`) and save that JSON",
        ),
    )
}

/// Removes a top-level `"$schema": "..."`: the line that points JSON-Schema-aware
/// editors at `schemas/template.json`. It is the editor's, not part of the template,
/// so it is neither checked nor sent to Kakao.
pub(crate) fn drop_schema_key(value: &mut Value) {
    if let Value::Object(map) = value
        && map.get("$schema").is_some_and(Value::is_string)
    {
        map.remove("$schema");
    }
}

/// The span map of JSON text `serde_json` already accepted, and any duplicate keys.
#[must_use]
pub(crate) fn locate(text: &str) -> (SpanMap, Vec<Problem>) {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    if let Some(found) = spans::read(&text[bom..], bom) {
        return found;
    }
    if let (Some(compiled), problems) = read_loose(&text[bom..], bom, &|_| None) {
        return (compiled.spans, problems);
    }
    // serde_json accepted the text, so this is a disagreement between parsers; fall
    // back to pointing at the whole file rather than failing the check.
    let mut spans = SpanMap::for_json();
    spans.insert(String::new(), Origin::at(Span::new(0, text.len())));
    (spans, Vec::new())
}

fn shift(range: jsonc_parser::common::Range, bom: usize) -> Span {
    Span::new(range.start + bom, range.end + bom)
}

/// Reads a template written loosely, as people paste objects from JavaScript or Python
/// (unquoted keys, single quotes, trailing commas, comments), starting at byte `base`
/// of the file. `rename` gives the REST name for a key written another way (the
/// JavaScript SDK's camelCase); other keys are kept as written, so validation reports
/// one it does not know. The value and its span map use the REST names.
#[must_use]
pub(crate) fn read_loose(
    text: &str,
    base: usize,
    rename: &dyn Fn(&str) -> Option<&'static str>,
) -> (Option<Compiled>, Vec<Problem>) {
    if let Some(at) = too_deep(text) {
        let problem = Problem::new(Code::JsonSyntax, "the object nests too deeply to read")
            .at(Span::new(base + at, base + at + 1), "too deep here")
            .help("no Kakao template nests more than a few levels; this is not a template");
        return (None, vec![problem]);
    }
    let ast = match jsonc_parser::parse_to_ast(
        text,
        &CollectOptions::default(),
        &ParseOptions::default(),
    ) {
        Ok(result) => result.value,
        Err(error) => {
            let range = error.range();
            let start = floor_char_boundary(text, range.start);
            let end = floor_char_boundary(text, range.end.max(range.start)).max(start);
            let problem = Problem::new(
                Code::JsonSyntax,
                format!("invalid object: {}", error.kind()),
            )
            .at(Span::new(base + start, base + end), "here")
            .help(match &text[start..end] {
                "True" | "False" | "None" => {
                    "Python's `True`, `False` and `None` are written `true`, `false` and `null`"
                }
                _ => {
                    "a template is one object literal: check quotes, commas and brackets near here"
                }
            });
            return (None, vec![problem]);
        }
    };
    let Some(root) = ast else {
        let problem = Problem::new(Code::JsonSyntax, "no object found")
            .at(Span::new(base, base + text.len()), "empty")
            .help("give a template object such as `{\"object_type\": \"text\", ...}`");
        return (None, vec![problem]);
    };
    let mut reader = LooseReader {
        text,
        base,
        rename,
        spans: SpanMap::for_json(),
        problems: Vec::new(),
    };
    let root_span = shift(root.range(), base);
    let origin = Origin {
        key: Span::new(root_span.start, root_span.start + 1),
        ..Origin::at(root_span)
    };
    let value = reader.value(&root, String::new(), origin);
    (
        Some(Compiled {
            value,
            spans: reader.spans,
        }),
        reader.problems,
    )
}

/// Where brackets (outside strings) first nest deeper than a template ever does.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote = None;
    let mut escaped = false;
    for (at, c) in text.char_indices() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                '{' | '[' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Some(at);
                    }
                }
                '}' | ']' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
    }
    None
}

struct LooseReader<'a> {
    /// The text read, which starts at byte `base` of the file.
    text: &'a str,
    base: usize,
    rename: &'a dyn Fn(&str) -> Option<&'static str>,
    spans: SpanMap,
    problems: Vec<Problem>,
}

impl LooseReader<'_> {
    fn value(&mut self, node: &Node<'_>, pointer: String, origin: Origin) -> Value {
        self.spans.insert(pointer.clone(), origin);
        match node {
            Node::Object(object) => {
                let mut map = serde_json::Map::new();
                let mut seen: HashMap<&str, Origin> = HashMap::new();
                for property in &object.properties {
                    let written = match &property.name {
                        ObjectPropName::String(lit) => lit.value.as_ref(),
                        ObjectPropName::Word(lit) => lit.value,
                    };
                    let name = (self.rename)(written).unwrap_or(written);
                    let key_span = shift(property.name.range(), self.base);
                    let child_pointer = join(&pointer, name);
                    let child = Origin {
                        key: key_span,
                        value: shift(property.value.range(), self.base),
                        node: shift(property.range, self.base),
                    };
                    if let Some(first) = seen.insert(name, child) {
                        let fix = remove_member(self.text, self.base, name, first, child);
                        self.problems.push(
                            duplicate_key(name, key_span, first.key, child_pointer.clone())
                                .maybe_fix(fix),
                        );
                    }
                    let value = self.value(&property.value, child_pointer, child);
                    map.insert(name.to_owned(), value);
                }
                Value::Object(map)
            }
            Node::Array(array) => Value::Array(
                array
                    .elements
                    .iter()
                    .enumerate()
                    .map(|(index, element)| {
                        let span = shift(element.range(), self.base);
                        self.value(element, join_index(&pointer, index), Origin::at(span))
                    })
                    .collect(),
            ),
            Node::StringLit(lit) => Value::String(lit.value.clone().into_owned()),
            Node::BooleanLit(lit) => Value::Bool(lit.value),
            Node::NullKeyword(_) => Value::Null,
            Node::NumberLit(lit) => {
                if let Ok(number) = serde_json::from_str::<serde_json::Number>(lit.value) {
                    Value::Number(number)
                } else {
                    self.problems.push(
                        Problem::new(
                            Code::JsonSyntax,
                            format!("`{}` is not a JSON number", lit.value),
                        )
                        .at(shift(lit.range, self.base), "not a plain number")
                        .help("write the number in decimal, like `640`"),
                    );
                    Value::Null
                }
            }
        }
    }
}

/// Removes the `first` of two members named `name`, with the comma after it, in
/// `text` (which starts at byte `base` of the file): what JSON readers keep is the
/// later one (`again`), so the template read stays the same. Safe when both give the
/// same value; otherwise which was meant is the author's call.
fn remove_member(text: &str, base: usize, name: &str, first: Origin, again: Origin) -> Option<Fix> {
    let read = |span: Span| &text[span.start - base..span.end - base];
    let after = &text[first.node.end - base..];
    let rest = after.trim_start().strip_prefix(',')?;
    let end = first.node.end + after.len() - rest.trim_start().len();
    let repeats = read(first.value) == read(again.value);
    Some(Fix::new(
        Applicability::safe_if(repeats),
        format!("Remove the first `{name}`"),
        vec![Edit::deletion(Span::new(first.node.start, end))],
    ))
}

fn duplicate_key(name: &str, again: Span, first: Span, pointer: String) -> Problem {
    Problem::new(
        Code::JsonDuplicateKey,
        format!("key `{name}` appears twice in one object"),
    )
    .at(again, "given again here")
    .also(first, "first given here")
    .help("JSON readers keep only one of the two (usually the last); remove the other")
    .pointer(pointer)
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
    // `[1, 2,]`: serde_json stops at the bracket; the comma before it goes.
    let trailing_comma = message.contains("trailing comma").then(|| {
        let comma = text[..offset].trim_end().len().saturating_sub(1);
        Fix::safe(
            "Remove the trailing comma",
            vec![Edit::deletion(Span::new(comma, comma + 1))],
        )
        .expecting(Span::new(comma, comma + 1), ",")
    });
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
        .maybe_fix(trailing_comma)
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
