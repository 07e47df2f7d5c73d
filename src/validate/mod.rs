//! Stage 3: the compiled JSON against the JSON Schemas in `schemas/`, embedded in the
//! binary and compiled once. Each schema error becomes a problem at its source span.

mod fixes;
mod generated;
pub(crate) mod js_sdk;
mod numbers;
mod schemas;
mod wrapped;

use std::fmt::Write as _;

use jsonschema::ValidationError;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

pub(crate) use self::schemas::{SCHEMAS, schema_for};
use crate::code::Code;
use crate::compile::Compiled;
use crate::diagnostic::Problem;
use crate::locate::{Part, field_name, last_token, parent};
use crate::prose;

/// Every schema rule the template breaks.
#[must_use]
pub(crate) fn validate(compiled: &Compiled) -> Vec<Problem> {
    if let Some(problem) = wrapped::wrapped(compiled) {
        return vec![problem];
    }
    let numbers = numbers::lint(compiled);
    let mut problems = Vec::new();
    if !schemas::is_valid(&compiled.value) {
        let validator = schemas::validator_for(&compiled.value);
        for error in validator.iter_errors(&compiled.value) {
            problems.extend(problems_for(&error, compiled));
        }
    }
    // A number written `1.5` also breaks the schema's `integer` type, and `-0` its
    // minimum: the number's own problem says it better, once.
    problems.retain(|problem| {
        !numbers
            .iter()
            .any(|number| number.pointer.is_some() && number.pointer == problem.pointer)
    });
    problems.extend(numbers);
    problems
}

/// Whether the template passes every schema rule and holds only plain 32-bit integers
/// (the fast path: no spans needed).
#[must_use]
pub(crate) fn is_valid(value: &Value) -> bool {
    schemas::is_valid(value) && numbers::all_int32(value)
}

fn problems_for(error: &ValidationError<'_>, compiled: &Compiled) -> Vec<Problem> {
    let pointer = error.instance_path().as_str();
    let field = field_name(pointer);
    let place = describe_place(pointer, &compiled.value);
    let value_span = compiled.span_of(pointer, Part::Value);
    let key_span = compiled.span_of(pointer, Part::Key);
    let problem = match error.kind() {
        ValidationErrorKind::Required { property } => {
            let property = property.as_str().unwrap_or_default();
            let problem = Problem::new(
                Code::SchemaRequired,
                format!("{place} is missing required field `{property}`"),
            )
            .pointer(pointer);
            // A key that is a typo of the missing one (`objecttype`): point at it.
            let allowed = allowed_keys(error);
            let object = compiled.value.pointer(pointer);
            if let Some((typo, suggestion)) = misspelling_of(property, object, &allowed) {
                let typo_pointer = crate::compile::span_map::join(pointer, typo);
                let typo_span = compiled.span_of(&typo_pointer, Part::Key);
                let problem = problem
                    .help(format!(
                        "rename `{typo}` to `{property}`{}",
                        required_hint(property)
                    ))
                    .maybe_fix(fixes::rename_key(compiled, &typo_pointer, typo, suggestion));
                return vec![at(problem, typo_span.or(key_span), suggestion.label())];
            }
            let problem = problem
                .help(format!(
                    "add `{property}` to {place}{}",
                    required_hint(property)
                ))
                .maybe_fix(fixes::add_required(compiled, pointer, property));
            return vec![at(problem, key_span, format!("this has no `{property}`"))];
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let allowed = allowed_keys(error);
            let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
            // The allowed keys the object already has: a rename to one would set it twice.
            // (Only those: listing every key made 40,000 unknown keys quadratic.)
            let object = compiled.value.pointer(pointer).and_then(Value::as_object);
            let present: Vec<&str> = allowed
                .iter()
                .copied()
                .filter(|key| object.is_some_and(|object| object.contains_key(*key)))
                .collect();
            return unexpected
                .iter()
                .map(|key| {
                    let key_pointer = crate::compile::span_map::join(pointer, key);
                    let suggestion = prose::suggest(key, &allowed, &present);
                    let label =
                        suggestion.map_or_else(|| "unknown field".to_owned(), |s| s.label());
                    let problem = Problem::new(
                        Code::SchemaUnknownField,
                        format!("unknown field `{key}` in {place}"),
                    )
                    .help(format!("{place} takes {}", prose::one_of(&allowed)))
                    .maybe_fix(
                        suggestion.and_then(|s| fixes::rename_key(compiled, &key_pointer, key, s)),
                    )
                    .pointer(key_pointer.clone());
                    at(problem, compiled.span_of(&key_pointer, Part::Key), label)
                })
                .collect();
        }
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => article(&t.to_string()),
                TypeKind::Multiple(set) => set
                    .iter()
                    .map(|t| article(&t.to_string()))
                    .collect::<Vec<_>>()
                    .join(" or "),
            };
            let found = json_type(error.instance());
            let mut problem = Problem::new(
                Code::SchemaType,
                format!("`{field}` must be {expected}, found {found}"),
            );
            if let Some(text) = error.instance().as_str()
                && expected == "an integer"
                && text.replace(',', "").parse::<i64>().is_ok()
            {
                problem = problem
                    .help(format!(
                        "write the number without quotes: {}",
                        text.replace(',', "")
                    ))
                    .maybe_fix(fixes::unquote_number(compiled, pointer, text));
            }
            if problem.help.is_none() {
                problem = problem.help(format!("give `{field}` {expected}"));
            }
            at(problem, value_span, format!("expected {expected}"))
        }
        ValidationErrorKind::MaxItems { limit } => {
            let count = error.instance().as_array().map_or(0, Vec::len);
            let noun = singular(&field);
            let first_extra = format!("{pointer}/{limit}");
            let problem = Problem::new(
                Code::SchemaTooMany,
                format!(
                    "too many {field}: {} allows at most {}, found {count}",
                    describe_place(parent(pointer), &compiled.value),
                    limit
                ),
            )
            .help(too_many_hint(&field, *limit, &compiled.value))
            .maybe_fix(fixes::remove_past_limit(
                compiled,
                pointer,
                usize::try_from(*limit).unwrap_or(usize::MAX),
                count,
                singular(&field),
            ));
            let label = format!("{} past the limit", ordinal_noun(*limit + 1, noun));
            at(problem, compiled.span_of(&first_extra, Part::Node), label)
        }
        ValidationErrorKind::MinItems { limit } => {
            let count = error.instance().as_array().map_or(0, Vec::len);
            let problem = Problem::new(
                Code::SchemaTooFew,
                format!(
                    "too few {field}: {} needs at least {limit}, found {count}",
                    describe_place(parent(pointer), &compiled.value)
                ),
            )
            .help(format!(
                "add {} more {}",
                limit.saturating_sub(count as u64),
                singular(&field)
            ));
            at(
                problem,
                compiled.span_of(pointer, Part::Key),
                format!("only {count} here"),
            )
        }
        ValidationErrorKind::MaxLength { limit } => {
            let length = error.instance().as_str().map_or(0, |s| s.chars().count());
            let problem = Problem::new(
                Code::SchemaTooLong,
                format!("`{field}` is {length} characters long; Kakao allows at most {limit}"),
            )
            .help(format!(
                "shorten it by {} characters",
                length as u64 - limit
            ));
            at(problem, value_span, format!("{length} characters"))
        }
        ValidationErrorKind::MinLength { limit } => {
            let problem = Problem::new(
                Code::SchemaTooShort,
                format!(
                    "`{field}` must have at least {}",
                    prose::count(*limit, "character")
                ),
            )
            .help(format!(
                "write some text for `{field}`, or remove it if it is optional"
            ));
            at(problem, value_span, "empty")
        }
        ValidationErrorKind::Enum { options } => {
            let options: Vec<String> = options
                .as_array()
                .map(|o| o.iter().map(compact).collect())
                .unwrap_or_default();
            let names: Vec<&str> = options.iter().map(String::as_str).collect();
            let found = compact(error.instance());
            let suggestion = prose::suggest(&found, &names, &[]);
            let label = suggestion.map_or("not allowed".to_owned(), |s| s.label());
            let problem = Problem::new(
                Code::SchemaEnum,
                format!(
                    "`{field}` must be one of {}, found {found}",
                    names.join(", ")
                ),
            )
            .help(format!("use one of {}", names.join(", ")))
            .maybe_fix(suggestion.and_then(|s| fixes::replace_value(compiled, pointer, &found, s)));
            at(problem, value_span, label)
        }
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit } => {
            let problem = Problem::new(
                Code::SchemaRange,
                format!(
                    "`{field}` must be at least {limit}, found {}",
                    compact(error.instance())
                ),
            )
            .help(format!("use a value of {limit} or more"));
            at(problem, value_span, "too small")
        }
        ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => {
            let problem = Problem::new(
                Code::SchemaRange,
                format!(
                    "`{field}` must be at most {limit}, found {}",
                    compact(error.instance())
                ),
            )
            .help(format!("use a value of {limit} or less"));
            at(problem, value_span, "too large")
        }
        ValidationErrorKind::Constant { expected_value } => {
            let problem = Problem::new(
                Code::SchemaEnum,
                format!("`{field}` must be {}", compact(expected_value)),
            )
            .help(format!("set `{field}` to {}", compact(expected_value)));
            at(problem, value_span, "not allowed")
        }
        _ => {
            let mut message = error.to_string();
            if message.len() > 200 {
                let cut = crate::span::floor_char_boundary(&message, 200);
                message.truncate(cut);
                message.push('…');
            }
            let problem = Problem::new(Code::SchemaOther, format!("{place}: {message}")).help(
                format!("see the `{}` rule in the schema", error.kind().keyword()),
            );
            at(problem, value_span, "here")
        }
    };
    vec![problem.pointer(pointer)]
}

fn at(problem: Problem, span: Option<crate::span::Span>, label: impl Into<String>) -> Problem {
    match span {
        Some(span) => problem.at(span, label),
        None => problem,
    }
}

/// "the `feed` template", "`content`", "`buttons[1]`".
fn describe_place(pointer: &str, root: &Value) -> String {
    if pointer.is_empty() {
        return match root.get("object_type").and_then(Value::as_str) {
            Some(kind) => format!("the `{kind}` template"),
            None => "the template".to_owned(),
        };
    }
    let last = last_token(pointer);
    if last.bytes().all(|b| b.is_ascii_digit()) {
        format!("`{}[{last}]`", last_token(parent(pointer)))
    } else {
        format!("`{last}`")
    }
}

/// A key of `object` that is a misspelling of the missing `property`: one whose
/// likeliest meaning among the keys the object takes (`allowed`) is `property`. A key
/// the object takes is never one (`header_link` is no typo of `header_title`).
fn misspelling_of<'a, 'b>(
    property: &'b str,
    object: Option<&'a Value>,
    allowed: &'b [String],
) -> Option<(&'a str, prose::Suggestion<'b>)> {
    let object = object?.as_object()?;
    let mut valid: Vec<&str> = allowed.iter().map(String::as_str).collect();
    if !valid.contains(&property) {
        valid.push(property);
    }
    // The valid names the object has (not all its keys: that was quadratic in them).
    let present: Vec<&str> = valid
        .iter()
        .copied()
        .filter(|name| object.contains_key(*name))
        .collect();
    object.keys().find_map(|key| {
        let suggestion = prose::suggest(key, &valid, &present)?;
        (suggestion.name == property).then_some((key.as_str(), suggestion))
    })
}

fn required_hint(property: &str) -> &'static str {
    match property {
        "link" | "header_link" => {
            ": a link needs at least one of `web_url`, `mobile_web_url`, `android_execution_params` or `ios_execution_params`"
        }
        "object_type" => ": one of `feed`, `list`, `location`, `commerce`, `text` or `calendar`",
        "contents" => ": a list shows 2 or 3 contents",
        _ => "",
    }
}

fn too_many_hint(field: &str, limit: u64, root: &Value) -> String {
    let kind = root
        .get("object_type")
        .and_then(Value::as_str)
        .unwrap_or("");
    match (field, kind) {
        ("buttons", "location") => "Kakao adds its own \"view location\" button to every location message, leaving room for one more".to_owned(),
        ("buttons", "calendar") => "Kakao adds its own add-event button to every calendar message, leaving room for one more".to_owned(),
        ("buttons", _) => format!("remove buttons until {limit} remain"),
        ("contents", _) => "a list message shows 2 or 3 contents; split the rest into another message".to_owned(),
        ("items", _) => "an item list shows at most 5 items; merge or drop the rest".to_owned(),
        _ => format!("keep at most {limit}"),
    }
}

fn singular(field: &str) -> &str {
    match field {
        "contents" => "content",
        "items" => "item",
        other => other.strip_suffix('s').unwrap_or(other),
    }
}

fn ordinal_noun(n: u64, noun: &str) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, r) if r != 11 => "st",
        (2, r) if r != 12 => "nd",
        (3, r) if r != 13 => "rd",
        _ => "th",
    };
    format!("the {n}{suffix} {noun} is")
}

fn article(type_name: &str) -> String {
    match type_name {
        "integer" | "object" | "array" => format!("an {type_name}"),
        "null" => "null".to_owned(),
        other => format!("a {other}"),
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Value::Number(_) => "a decimal number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn compact(value: &Value) -> String {
    let mut text = String::new();
    let _ = write!(text, "{value}");
    text
}

/// The property names the schema object that rejected a key allows.
fn allowed_keys(error: &ValidationError<'_>) -> Vec<String> {
    let Some(location) = error.absolute_keyword_location() else {
        return Vec::new();
    };
    let location = location.as_str();
    let (uri, fragment) = location.split_once('#').unwrap_or((location, ""));
    let Some(schema) = schema_for(uri) else {
        return Vec::new();
    };
    let object_pointer = parent(fragment);
    schema
        .pointer(&format!("{object_pointer}/properties"))
        .and_then(Value::as_object)
        .map(|properties| {
            let mut keys: Vec<String> = properties.keys().cloned().collect();
            keys.sort_by_key(|key| crate::kakao::key_order::rank(key));
            keys
        })
        .unwrap_or_default()
}
