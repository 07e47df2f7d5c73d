//! A discount price at or above the regular price reads as a mistake to the recipient.

use serde_json::Value;

use super::located;
use crate::code::Code;
use crate::compile::Compiled;
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::locate::Part;

pub(super) fn lint(compiled: &Compiled, _config: &Config) -> Vec<Problem> {
    let Some(commerce) = compiled.value.get("commerce") else {
        return Vec::new();
    };
    let price = |key| commerce.get(key).and_then(Value::as_i64);
    match (price("regular_price"), price("discount_price")) {
        (Some(regular), Some(discount)) if discount >= regular => {
            let problem = Problem::new(
                Code::LintDiscountNotLower,
                format!("discount price {discount} is not below the regular price {regular}"),
            )
            .help("check the two prices: the discount price is what the buyer pays after the discount");
            let mut problem = located(
                problem,
                compiled,
                "/commerce/discount_price",
                Part::Node,
                "not lower",
            );
            if let Some(span) = compiled.span_of("/commerce/regular_price", Part::Node) {
                problem = problem.also(span, "regular price");
            }
            vec![problem]
        }
        _ => Vec::new(),
    }
}
