//! Stage 4: rules no schema can say, each in its own file with its own code.

mod blank_text;
mod button_title_ignored;
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
mod plain_http;
mod small_image;
mod social_over_three;
mod truncated_text;
mod unresolved_placeholder;

use serde_json::Value;

use crate::compile::Compiled;
use crate::compile::span_map::{join, join_index, leaves};
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::locate::Part;

/// One lint: looks at a compiled template and reports what it finds.
type Lint = fn(&Compiled, &Config) -> Vec<Problem>;

/// A lint about URLs: gets the template's URL fields, each parsed once for all of them.
type UrlLint = fn(&Compiled, &Config, &[UrlField<'_>]) -> Vec<Problem>;

const URL_LINTS: &[UrlLint] = &[
    domain::lint,
    link_scheme::lint,
    image_scheme::lint,
    invalid_url::lint,
    plain_http::lint,
];

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
];

/// Runs every lint.
#[must_use]
pub(crate) fn lint(compiled: &Compiled, config: &Config) -> Vec<Problem> {
    let urls = url_fields(&compiled.value);
    let mut problems: Vec<Problem> = LINTS
        .iter()
        .flat_map(|lint| lint(compiled, config))
        .collect();
    for lint in URL_LINTS {
        problems.extend(lint(compiled, config, &urls));
    }
    problems
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

/// Every `Content` object of the template, with its pointer.
fn contents(root: &Value) -> Vec<(String, &Value)> {
    let mut found = Vec::new();
    if let Some(content) = root.get("content") {
        found.push(("/content".to_owned(), content));
    }
    if let Some(Value::Array(items)) = root.get("contents") {
        for (index, content) in items.iter().enumerate() {
            found.push((join_index("/contents", index), content));
        }
    }
    found
}

/// Every `Link` object of the template, with its pointer.
fn links(root: &Value) -> Vec<(String, &Value)> {
    let mut found = Vec::new();
    for key in ["link", "header_link"] {
        if let Some(link) = root.get(key) {
            found.push((join("", key), link));
        }
    }
    for (pointer, content) in contents(root) {
        if let Some(link) = content.get("link") {
            found.push((join(&pointer, "link"), link));
        }
    }
    if let Some(Value::Array(buttons)) = root.get("buttons") {
        for (index, button) in buttons.iter().enumerate() {
            if let Some(link) = button.get("link") {
                found.push((join(&join_index("/buttons", index), "link"), link));
            }
        }
    }
    found
}

/// A URL-valued field: its pointer, its text parsed, and whether it is a link target
/// (`web_url`, `mobile_web_url`) rather than an image.
pub(crate) struct UrlField<'a> {
    pub(crate) pointer: String,
    pub(crate) url: &'a str,
    pub(crate) parsed: Result<url::Url, url::ParseError>,
    pub(crate) is_link: bool,
}

/// Every URL field of the template.
pub(crate) fn url_fields(root: &Value) -> Vec<UrlField<'_>> {
    fn push<'a>(
        found: &mut Vec<UrlField<'a>>,
        object: &'a Value,
        base: &str,
        key: &str,
        is_link: bool,
    ) {
        // An empty URL means "no link" or "no image" to the apps that send it: it is
        // treated like a missing one (the link lints judge a link with no target).
        if let Some(url) = object.get(key).and_then(Value::as_str)
            && !url.trim().is_empty()
        {
            let parsed = if lacks_scheme(url) {
                Err(url::ParseError::RelativeUrlWithoutBase)
            } else {
                url::Url::parse(url)
            };
            found.push(UrlField {
                pointer: join(base, key),
                url,
                parsed,
                is_link,
            });
        }
    }
    let mut found = Vec::new();
    for (pointer, link) in links(root) {
        push(&mut found, link, &pointer, "web_url", true);
        push(&mut found, link, &pointer, "mobile_web_url", true);
    }
    for (pointer, content) in contents(root) {
        push(&mut found, content, &pointer, "image_url", false);
    }
    if let Some(items) = root.get("item_content") {
        push(
            &mut found,
            items,
            "/item_content",
            "profile_image_url",
            false,
        );
        push(&mut found, items, "/item_content", "title_image_url", false);
    }
    found
}

/// Whether `url` is a host and port with no scheme (`localhost:3000/shop`,
/// `example.com:8080`), which URL parsers read as the scheme `localhost:`.
fn lacks_scheme(url: &str) -> bool {
    let Some((before, after)) = url.split_once(':') else {
        return false;
    };
    if after.starts_with("//") {
        return false;
    }
    let port: String = after.chars().take_while(char::is_ascii_digit).collect();
    let rest = &after[port.len()..];
    let is_port = !port.is_empty()
        && port.parse::<u16>().is_ok()
        && (rest.is_empty() || rest.starts_with(['/', '?', '#']));
    before.eq_ignore_ascii_case("localhost") || before.contains('.') || is_port
}

/// Every string in the template, with its pointer.
fn strings(value: &Value) -> Vec<(String, &str)> {
    leaves(value)
        .into_iter()
        .filter_map(|(pointer, leaf)| leaf.as_str().map(|text| (pointer, text)))
        .collect()
}

/// Every image size a template declares: (pointer of the object, width, height).
fn image_sizes(root: &Value) -> Vec<(String, Option<&Value>, Option<&Value>)> {
    contents(root)
        .into_iter()
        .map(|(pointer, content)| {
            (
                pointer,
                content.get("image_width"),
                content.get("image_height"),
            )
        })
        .filter(|(_, width, height)| width.is_some() || height.is_some())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::lacks_scheme;

    #[test]
    fn hosts_with_ports_lack_a_scheme_and_schemes_do_not() {
        for url in [
            "localhost:3000/shop",
            "example.com:8080",
            "shop:8080/a",
            "LOCALHOST:80",
        ] {
            assert!(lacks_scheme(url), "{url}");
        }
        for url in [
            "https://localhost:3000/shop",
            "kakao123://kakaolink",
            "mailto:a@example.com",
            "tel:01012345678",
            "example.com/a",
        ] {
            assert!(!lacks_scheme(url), "{url}");
        }
    }
}
