//! Stage 4: rules no schema can say, each in its own file with its own code.

mod button_title_ignored;
mod discount_conflict;
mod empty_content;
mod empty_link;
mod social_over_three;

use serde_json::Value;

use crate::compile::Compiled;
use crate::compile::span_map::{join, join_index};
use crate::diagnostic::Problem;

/// One lint: looks at a compiled template and reports what it finds.
type Lint = fn(&Compiled) -> Vec<Problem>;

const LINTS: &[Lint] = &[
    empty_content::lint,
    empty_link::lint,
    button_title_ignored::lint,
    social_over_three::lint,
    discount_conflict::lint,
];

/// Runs every lint.
#[must_use]
pub fn lint(compiled: &Compiled) -> Vec<Problem> {
    LINTS.iter().flat_map(|lint| lint(compiled)).collect()
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
