//! A fixed discount at or above the regular price says the buyer pays nothing or less
//! than nothing. Kakao shows it as written, so no check of Kakao's catches it.

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
    match (price("regular_price"), price("fixed_discount_price")) {
        (Some(regular), Some(fixed)) if regular > 0 && fixed >= regular => {
            let problem = Problem::new(
                Code::LintFixedDiscountNotLower,
                format!("fixed discount {fixed} is not below the regular price {regular}"),
            )
            .help("`fixed_discount_price` is the amount taken off, not the price paid: check whether the discounted price belongs in `discount_price`");
            let mut problem = located(
                problem,
                compiled,
                "/commerce/fixed_discount_price",
                Part::Node,
                "takes the whole price off",
            );
            if let Some(span) = compiled.span_of("/commerce/regular_price", Part::Node) {
                problem = problem.also(span, "regular price");
            }
            vec![problem]
        }
        _ => Vec::new(),
    }
}
