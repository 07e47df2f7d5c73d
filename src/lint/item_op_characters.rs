//! `item_op` is the price column of a feed's item list. Kakao's template guide allows
//! digits, currency symbols, `,`, `.` and spaces in it (spec §2.6); other text may be
//! dropped or break the column's layout. Kakao's own samples write `1000원`, so the
//! won sign's Hangul form counts as a currency symbol.

use serde_json::Value;
use unicode_general_category::{GeneralCategory, get_general_category};

use super::{Parts, located};
use crate::code::Code;
use crate::compile::Compiled;
use crate::compile::span_map::{join, join_index};
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::locate::Part;

pub(super) fn lint(compiled: &Compiled, _config: &Config, _parts: &Parts<'_>) -> Vec<Problem> {
    let Some(Value::Array(items)) = compiled
        .value
        .get("item_content")
        .and_then(|content| content.get("items"))
    else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let Some(text) = item.get("item_op").and_then(Value::as_str) else {
            continue;
        };
        let mut outside: Vec<char> = text.chars().filter(|c| !is_allowed(*c)).collect();
        if outside.is_empty() {
            continue;
        }
        outside.dedup();
        outside.truncate(5);
        let shown: Vec<String> = outside.iter().map(|c| format!("`{c}`")).collect();
        let problem = Problem::new(
            Code::LintItemOpCharacters,
            format!(
                "`item_op` \"{}\" has characters Kakao's guide does not allow there: {}",
                crate::prose::excerpt(text, 30),
                shown.join(" ")
            ),
        )
        .help("write the price with digits, a currency symbol, `,`, `.` and spaces only, like `1,000원` or `₩1,000`; put words in `item`");
        let pointer = join(&join_index("/item_content/items", index), "item_op");
        problems.push(located(
            problem,
            compiled,
            &pointer,
            Part::Value,
            "not a price",
        ));
    }
    problems
}

fn is_allowed(c: char) -> bool {
    c.is_ascii_digit()
        || matches!(c, ',' | '.' | ' ' | '원')
        || get_general_category(c) == GeneralCategory::CurrencySymbol
}

#[cfg(test)]
mod tests {
    use super::is_allowed;

    #[test]
    fn prices_pass_and_words_do_not() {
        for text in ["1,000원", "₩1,000", "$ 12.50", "€3", "¥100"] {
            assert!(text.chars().all(is_allowed), "{text}");
        }
        for text in ["1,000 won", "free", "-500", "1+1"] {
            assert!(!text.chars().all(is_allowed), "{text}");
        }
    }
}
