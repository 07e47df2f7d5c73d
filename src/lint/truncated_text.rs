//! Texts Kakao cuts off: a text template's text and a list's header past the 200
//! characters Kakao shows (spec §3.2, §3.5), and the feed item list's columns
//! (spec §2.5-2.6). The limits are `kakao::display`'s, which the preview cuts at too.
//!
//! Past 200 is a warning, not an error: Kakao documents 200 as what is *shown* ("최대
//! 200자 표시 가능"), and apps send longer texts every day; the message arrives, cut.

use serde_json::Value;

use super::place::Place;
use super::{Parts, located};
use crate::code::Code;
use crate::compile::Compiled;
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::kakao::display::{HEADER_TITLE_SHOWN, ITEM_CONTENT_SHOWN, ITEM_INFO_SHOWN, TEXT_SHOWN};
use crate::locate::Part;

pub(super) fn lint(compiled: &Compiled, _config: &Config, _parts: &Parts<'_>) -> Vec<Problem> {
    let mut problems = cut_messages(compiled);
    problems.extend(cut_items(compiled));
    problems
}

/// `text` and `header_title` past 200 characters, with where the cut falls.
fn cut_messages(compiled: &Compiled) -> Vec<Problem> {
    let root = &compiled.value;
    let (key, limit) = match root.get("object_type").and_then(Value::as_str) {
        Some("text") => ("text", TEXT_SHOWN),
        Some("list") => ("header_title", HEADER_TITLE_SHOWN),
        _ => return Vec::new(),
    };
    let Some(text) = root.get(key).and_then(Value::as_str) else {
        return Vec::new();
    };
    let length = text.chars().count();
    if length <= limit {
        return Vec::new();
    }
    let (cut, _) = text.char_indices().nth(limit).unwrap_or((text.len(), ' '));
    let shown = &text[..cut];
    let before: String = {
        let mut tail: Vec<char> = shown.chars().rev().take(20).collect();
        tail.reverse();
        tail.into_iter()
            .collect::<String>()
            .replace('\n', " ")
            .trim_end()
            .to_owned()
    };
    let problem = Problem::new(
        Code::LintTruncatedText,
        format!("`{key}` is {length} characters; Kakao shows the first {limit}, so the message is cut after \"…{before}\""),
    )
    .help(format!(
        "shorten it by {} or accept the cut; `truncated_text` under `[lints]` in ktpl.toml sets whether a cut text is allowed, a warning or an error",
        crate::prose::count((length - limit) as u64, "character")
    ));
    vec![located(
        problem,
        compiled,
        &format!("/{key}"),
        Part::Value,
        "cut off",
    )]
}

/// Item-list texts past what their column shows.
fn cut_items(compiled: &Compiled) -> Vec<Problem> {
    let Some(items) = compiled.value.get("item_content") else {
        return Vec::new();
    };
    let mut found: Vec<(Place, &str, &str, usize)> = Vec::new();
    for (key, limit) in ITEM_CONTENT_SHOWN {
        if let Some(text) = items.get(key).and_then(Value::as_str) {
            found.push((Place::at("/item_content"), key, text, limit));
        }
    }
    if let Some(Value::Array(rows)) = items.get("items") {
        for (index, row) in rows.iter().enumerate() {
            for (key, limit) in ITEM_INFO_SHOWN {
                if let Some(text) = row.get(key).and_then(Value::as_str) {
                    found.push((Place::item("/item_content/items", index), key, text, limit));
                }
            }
        }
    }
    found
        .into_iter()
        .filter(|(_, _, text, limit)| text.chars().count() > *limit)
        .map(|(place, key, text, limit)| {
            let pointer = place.child(key);
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
