//! Item-list texts Kakao cuts off (display limits of the feed item list, spec §2.5-2.6).

use serde_json::Value;

use super::located;
use crate::code::Code;
use crate::compile::Compiled;
use crate::compile::span_map::{join, join_index};
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::locate::Part;

const ITEM_CONTENT: [(&str, usize); 5] = [
    ("profile_text", 16),
    ("title_image_text", 24),
    ("title_image_category", 14),
    ("sum", 6),
    ("sum_op", 11),
];
const ITEM_INFO: [(&str, usize); 2] = [("item", 6), ("item_op", 25)];

pub(super) fn lint(compiled: &Compiled, _config: &Config) -> Vec<Problem> {
    let Some(items) = compiled.value.get("item_content") else {
        return Vec::new();
    };
    let mut found: Vec<(String, &str, usize)> = Vec::new();
    for (key, limit) in ITEM_CONTENT {
        if let Some(text) = items.get(key).and_then(Value::as_str) {
            found.push((join("/item_content", key), text, limit));
        }
    }
    if let Some(Value::Array(rows)) = items.get("items") {
        for (index, row) in rows.iter().enumerate() {
            for (key, limit) in ITEM_INFO {
                if let Some(text) = row.get(key).and_then(Value::as_str) {
                    found.push((
                        join(&join_index("/item_content/items", index), key),
                        text,
                        limit,
                    ));
                }
            }
        }
    }
    found
        .into_iter()
        .filter(|(_, text, limit)| text.chars().count() > *limit)
        .map(|(pointer, text, limit)| {
            let length = text.chars().count();
            let problem = Problem::new(
                Code::LintTruncatedText,
                format!(
                    "`{}` is {length} characters; Kakao shows about {limit}",
                    crate::locate::field_name(&pointer)
                ),
            )
            .help(format!(
                "shorten it to {limit} characters or fewer, or the rest is cut off"
            ));
            located(problem, compiled, &pointer, Part::Value, "cut off")
        })
        .collect()
}
