//! Names: ktpl variable names derived from the code's expressions (`order.id` →
//! `order_id`), and names for the templates of a file.

use std::collections::{HashMap, HashSet};

use super::Root;
use crate::span::Span;

/// Words an expression's name leaves out: they say nothing about the value.
const FILLER: &[&str] = &["this", "self", "props", "state", "window", "get", "await"];

/// How many words a derived name keeps.
const MOST_WORDS: usize = 4;

/// Variable names given so far: one per distinct expression, never two alike.
#[derive(Debug, Default)]
pub(crate) struct Variables {
    by_expression: HashMap<String, usize>,
    /// (name, expression as written, first use), in order of first use.
    list: Vec<(String, String, Span)>,
    taken: HashSet<String>,
}

impl Variables {
    /// The name for an expression: the same text gets the same name. (Text that differs
    /// only in spacing may not be the same value: `t('a b')` and `t('ab')`.)
    pub(crate) fn name_for(&mut self, expression: &str, at: Span) -> String {
        if let Some(&index) = self.by_expression.get(expression) {
            return self.list[index].0.clone();
        }
        let name = unique(derive(expression), &mut self.taken);
        self.by_expression
            .insert(expression.to_owned(), self.list.len());
        self.list.push((name.clone(), expression.to_owned(), at));
        name
    }

    /// Every (name, expression, first use), in order of first use.
    pub(crate) fn list(&self) -> Vec<(String, String, Span)> {
        self.list.clone()
    }
}

/// A ktpl name for an expression: its words in `snake_case`, joined by `_`.
pub(crate) fn derive(expression: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    for word in expression.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
        for piece in snake(word).split('_').filter(|piece| !piece.is_empty()) {
            if !FILLER.contains(&piece) && words.last().is_none_or(|last| last != piece) {
                words.push(piece.to_owned());
            }
        }
    }
    words.truncate(MOST_WORDS);
    let mut name = words.join("_");
    if name.is_empty() {
        name.push_str("value");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "v_");
    }
    name
}

/// `orderId` → `order_id`, `HTMLTitle` → `html_title`.
fn snake(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::new();
    for (index, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let after_lower = index > 0
                && (chars[index - 1].is_ascii_lowercase() || chars[index - 1].is_ascii_digit());
            let before_lower = chars.get(index + 1).is_some_and(char::is_ascii_lowercase)
                && index > 0
                && chars[index - 1].is_ascii_uppercase();
            if after_lower || before_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn unique(base: String, taken: &mut HashSet<String>) -> String {
    let mut name = base.clone();
    let mut n = 2;
    while !taken.insert(name.clone()) {
        name = format!("{base}_{n}");
        n += 1;
    }
    name
}

/// Variable names too general to tell templates apart: the function is named instead.
const GENERIC: &[&str] = &[
    "t",
    "tpl",
    "template",
    "template_object",
    "templateObject",
    "obj",
    "object",
    "data",
    "payload",
    "body",
    "message",
    "msg",
    "params",
    "options",
    "opts",
    "args",
    "config",
    "kakao_template",
    "kakaoTemplate",
    "share_template",
    "shareTemplate",
];

/// A distinct name for each template of a file: its variable (or field, or key), else
/// its function, else `template1`, `template2`, ... by position.
pub(crate) fn template_names(roots: &[Root]) -> Vec<String> {
    let mut taken = HashSet::new();
    let mut numbered = 0;
    roots
        .iter()
        .map(|root| {
            let chosen = match (&root.name, &root.function) {
                (Some(name), Some(function)) if GENERIC.contains(&name.as_str()) => {
                    Some(function.clone())
                }
                (Some(name), _) => Some(name.clone()),
                (None, function) => function.clone(),
            };
            let base = chosen
                .map(|name| {
                    name.chars()
                        .map(|c| {
                            if c.is_ascii_alphanumeric() || c == '_' {
                                c
                            } else {
                                '_'
                            }
                        })
                        .collect::<String>()
                })
                .filter(|name| name.chars().any(|c| c.is_ascii_alphanumeric()))
                .unwrap_or_else(|| {
                    numbered += 1;
                    format!("template{numbered}")
                });
            unique(base, &mut taken)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_words_of_the_expression() {
        assert_eq!(derive("order.id"), "order_id");
        assert_eq!(derive("this.props.userName"), "user_name");
        assert_eq!(derive("order[\"id\"]"), "order_id");
        assert_eq!(
            derive("formatPrice(order.totalPrice)"),
            "format_price_order_total"
        );
        assert_eq!(derive("items[0].name"), "items_0_name");
        assert_eq!(derive("3"), "v_3");
        assert_eq!(derive("사용자"), "value");
        assert_eq!(derive("HTMLTitle"), "html_title");
    }

    #[test]
    fn distinct_expressions_get_distinct_names() {
        let mut variables = Variables::default();
        let at = Span::new(0, 1);
        let a = variables.name_for("order.id", at);
        let b = variables.name_for("order_id", at);
        let again = variables.name_for("order.id", at);
        assert_eq!(a, "order_id");
        assert_eq!(b, "order_id_2");
        assert_eq!(again, a);
        // Spacing inside a string literal is part of the value.
        let spaced = variables.name_for("t('a b')", at);
        let unspaced = variables.name_for("t('ab')", at);
        assert_ne!(spaced, unspaced);
    }
}
