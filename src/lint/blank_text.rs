//! Texts Kakao needs to show the message: empty or blank-only, the message shows a gap
//! (a text template with no text, a list with no header, a button with no label) or
//! cannot be resolved (a calendar with no id, a location with no address).

use serde_json::Value;

use super::place::Place;
use super::{Parts, located};
use crate::code::Code;
use crate::compile::Compiled;
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::locate::Part;

/// Required texts at the template's top level, per template type.
const REQUIRED: [(&str, &str, &str); 4] = [
    ("text", "text", "the message text"),
    ("list", "header_title", "the list header"),
    ("calendar", "id", "the id of the event or calendar"),
    ("location", "address", "the address the map opens"),
];

pub(super) fn lint(compiled: &Compiled, _config: &Config, _parts: &Parts<'_>) -> Vec<Problem> {
    let root = &compiled.value;
    let kind = root.get("object_type").and_then(Value::as_str);
    let mut found: Vec<(Place, &str, &str, &str)> = Vec::new();
    for (template, key, what) in REQUIRED {
        if kind == Some(template)
            && let Some(text) = root.get(key).and_then(Value::as_str)
        {
            found.push((Place::ROOT, key, text, what));
        }
    }
    if let Some(Value::Array(buttons)) = root.get("buttons") {
        for (index, button) in buttons.iter().enumerate() {
            if let Some(text) = button.get("title").and_then(Value::as_str) {
                found.push((
                    Place::item("/buttons", index),
                    "title",
                    text,
                    "the button label",
                ));
            }
        }
    }
    found
        .into_iter()
        .filter(|(_, _, text, _)| is_blank(text))
        .map(|(place, key, text, what)| {
            let pointer = place.child(key);
            let field = crate::locate::field_name(&pointer);
            let (message, label) = if text.is_empty() {
                (format!("`{field}` is empty"), "empty")
            } else {
                (format!("`{field}` holds only blank characters"), "blank")
            };
            let problem = Problem::new(Code::LintBlankText, message).help(format!(
                "write {what}: Kakao needs it, and a blank one shows an empty gap or fails to resolve"
            ));
            located(problem, compiled, &pointer, Part::Value, label)
        })
        .collect()
}

/// Empty, or nothing but spaces and the invisible characters people type to look blank
/// (zero-width spaces, the byte-order mark, Hangul fillers).
pub(super) fn is_blank(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_whitespace()
            || matches!(
                c,
                '\u{200b}'
                    ..='\u{200d}'
                        | '\u{2060}'
                        | '\u{feff}'
                        | '\u{115f}'
                        | '\u{1160}'
                        | '\u{3164}'
                        | '\u{ffa0}'
            )
    })
}

#[cfg(test)]
mod tests {
    use super::is_blank;

    #[test]
    fn blank_means_nothing_visible() {
        for text in ["", "   ", "\t\n", "\u{3000}", "\u{200b}", "\u{3164}"] {
            assert!(is_blank(text), "{text:?}");
        }
        for text in ["a", " . ", "0"] {
            assert!(!is_blank(text), "{text:?}");
        }
    }
}
