//! Prices and social counts below zero.

use serde_json::Value;

use super::{Parts, located};
use crate::code::Code;
use crate::compile::Compiled;
use crate::compile::span_map::join;
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::locate::Part;

const FIELDS: [(&str, &[&str]); 2] = [
    (
        "social",
        &[
            "like_count",
            "comment_count",
            "shared_count",
            "view_count",
            "subscriber_count",
        ],
    ),
    (
        "commerce",
        &["regular_price", "discount_price", "fixed_discount_price"],
    ),
];

pub(super) fn lint(compiled: &Compiled, _config: &Config, _parts: &Parts<'_>) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (object, keys) in FIELDS {
        let Some(value) = compiled.value.get(object) else {
            continue;
        };
        for key in keys {
            if let Some(n) = value.get(key).and_then(Value::as_i64).filter(|n| *n < 0) {
                let problem = Problem::new(
                    Code::LintNegativeNumber,
                    format!("`{key}` is negative ({n})"),
                )
                .help("prices and counts are zero or more");
                problems.push(located(
                    problem,
                    compiled,
                    &join(&join("", object), key),
                    Part::Value,
                    "negative",
                ));
            }
        }
    }
    problems
}
