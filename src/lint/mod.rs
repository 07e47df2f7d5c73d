//! Stage 4: rules no schema can say, each in its own file with its own code.

mod blank_text;
mod button_title_ignored;
mod byte_scan;
mod control_character;
mod discount_conflict;
mod discount_not_lower;
mod discount_rate_range;
mod domain;
mod empty_content;
mod empty_link;
mod empty_object;
mod execution_params_format;
mod fixed_discount_not_lower;
mod image_scheme;
mod image_size_half;
mod invalid_url;
mod item_op_characters;
mod link_scheme;
mod message_too_large;
mod negative_number;
mod place;
mod plain_http;
mod small_image;
mod social_over_three;
mod string_facts;
mod truncated_text;
mod unresolved_placeholder;
mod url_field;

use serde_json::Value;

use crate::compile::Compiled;
use crate::compile::span_map::{join, leaves};
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::locate::Part;
use place::Place;
use string_facts::StringFacts;
pub(crate) use url_field::{UrlField, url_fields};

/// One lint: looks at a compiled template (and the parts of it found for all the
/// lints) and reports what it finds.
type Lint = fn(&Compiled, &Config, &Parts<'_>) -> Vec<Problem>;

/// Every lint, in the order their findings are reported.
const LINTS: &[Lint] = &[
    empty_content::lint,
    empty_link::lint,
    button_title_ignored::lint,
    social_over_three::lint,
    discount_conflict::lint,
    execution_params_format::lint,
    image_size_half::lint,
    small_image::lint,
    discount_not_lower::lint,
    discount_rate_range::lint,
    negative_number::lint,
    unresolved_placeholder::lint,
    message_too_large::lint,
    truncated_text::lint,
    empty_object::lint,
    blank_text::lint,
    fixed_discount_not_lower::lint,
    control_character::lint,
    item_op_characters::lint,
    domain::lint,
    link_scheme::lint,
    image_scheme::lint,
    invalid_url::lint,
    plain_http::lint,
];

/// What several lints look at, found once per template.
pub(crate) struct Parts<'a> {
    /// Every `Content` object, with its place.
    contents: Vec<(Place, &'a Value)>,
    /// Every `Link` object, with its place.
    links: Vec<(Place, &'a Value)>,
    /// Every URL field, each parsed at most once for all the lints.
    urls: Vec<UrlField<'a>>,
    /// What the template's strings hold, from one walk.
    strings: StringFacts,
}

impl Parts<'_> {
    fn of(root: &Value) -> Parts<'_> {
        let contents = contents(root);
        let links = links(root, &contents);
        let urls = url_field::collect(root, &links, &contents);
        Parts {
            contents,
            links,
            urls,
            strings: StringFacts::of(root),
        }
    }
}

/// Runs every lint.
#[must_use]
pub(crate) fn lint(compiled: &Compiled, config: &Config) -> Vec<Problem> {
    let mut found = lint_each(&[(compiled, config)]);
    found.pop().expect("problems for the one template")
}

/// [`lint`] on each template, with its configuration: each lint runs over every
/// template before the next one starts, so its code is fetched once for all of them.
/// Each template's problems come in the same order as from [`lint`].
#[must_use]
pub(crate) fn lint_each(templates: &[(&Compiled, &Config)]) -> Vec<Vec<Problem>> {
    let parts: Vec<Parts<'_>> = templates
        .iter()
        .map(|(compiled, _)| Parts::of(&compiled.value))
        .collect();
    let mut found: Vec<Vec<Problem>> = templates.iter().map(|_| Vec::new()).collect();
    for lint in LINTS {
        for ((&(compiled, config), parts), found) in templates.iter().zip(&parts).zip(&mut found) {
            found.extend(lint(compiled, config, parts));
        }
    }
    found
}

/// Puts `problem` at the span of `pointer` (when the map has one) and records the pointer.
pub(crate) fn located(
    problem: Problem,
    compiled: &Compiled,
    pointer: &str,
    part: Part,
    label: &str,
) -> Problem {
    let problem = problem.pointer(pointer);
    match compiled.span_of(pointer, part) {
        Some(span) => problem.at(span, label),
        None => problem,
    }
}

/// The commerce object's regular price and its price at `key`, when both are integers.
fn regular_and(compiled: &Compiled, key: &str) -> Option<(i64, i64)> {
    let commerce = compiled.value.get("commerce")?;
    let price = |name| commerce.get(name).and_then(Value::as_i64);
    Some((price("regular_price")?, price(key)?))
}

/// `problem` at the commerce price `/commerce/KEY`, with the regular price marked too.
fn beside_regular_price(problem: Problem, compiled: &Compiled, key: &str, label: &str) -> Problem {
    let mut problem = located(
        problem,
        compiled,
        &join("/commerce", key),
        Part::Node,
        label,
    );
    if let Some(span) = compiled.span_of("/commerce/regular_price", Part::Node) {
        problem = problem.also(span, "regular price");
    }
    problem
}

/// `value[key]` when `value` is an object: found by comparing keys for equality (their
/// lengths first), which for the few keys of a template's objects costs less than
/// `Value::get`'s ordered search (a `memcmp` for each key it passes).
fn field<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    let object = value.as_object()?;
    object
        .iter()
        .find_map(|(name, value)| (name == key).then_some(value))
}

/// Every `Content` object of the template, with its place.
fn contents(root: &Value) -> Vec<(Place, &Value)> {
    let mut found = Vec::new();
    if let Some(content) = field(root, "content") {
        found.push((Place::at("/content"), content));
    }
    if let Some(Value::Array(items)) = field(root, "contents") {
        for (index, content) in items.iter().enumerate() {
            found.push((Place::item("/contents", index), content));
        }
    }
    found
}

/// Every `Link` object of the template, with its place (given its contents).
fn links<'a>(root: &'a Value, contents: &[(Place, &'a Value)]) -> Vec<(Place, &'a Value)> {
    let mut found = Vec::new();
    for (key, top) in [("link", "/link"), ("header_link", "/header_link")] {
        if let Some(link) = field(root, key) {
            found.push((Place::at(top), link));
        }
    }
    for &(place, content) in contents {
        if let Some(link) = field(content, "link") {
            found.push((place.then("/link"), link));
        }
    }
    if let Some(Value::Array(buttons)) = field(root, "buttons") {
        for (index, button) in buttons.iter().enumerate() {
            if let Some(link) = field(button, "link") {
                found.push((Place::item("/buttons", index).then("/link"), link));
            }
        }
    }
    found
}

/// Every string in the template, with its pointer.
fn strings(value: &Value) -> Vec<(String, &str)> {
    leaves(value)
        .into_iter()
        .filter_map(|(pointer, leaf)| leaf.as_str().map(|text| (pointer, text)))
        .collect()
}

/// Whether any string in the template passes `passes`: the check a lint makes before it
/// builds pointers, so that clean templates cost no allocation.
fn any_string(value: &Value, passes: impl Fn(&str) -> bool + Copy) -> bool {
    match value {
        Value::String(text) => passes(text),
        Value::Array(items) => items.iter().any(|child| any_string(child, passes)),
        Value::Object(map) => map.values().any(|child| any_string(child, passes)),
        Value::Null | Value::Bool(_) | Value::Number(_) => false,
    }
}

/// Every image size a template declares: (place of the object, width, height).
fn image_sizes<'a>(parts: &Parts<'a>) -> Vec<(Place, Option<&'a Value>, Option<&'a Value>)> {
    parts
        .contents
        .iter()
        .map(|&(place, content)| {
            (
                place,
                content.get("image_width"),
                content.get("image_height"),
            )
        })
        .filter(|(_, width, height)| width.is_some() || height.is_some())
        .collect()
}
