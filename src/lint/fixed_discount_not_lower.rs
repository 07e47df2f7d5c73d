//! A fixed discount at or above the regular price says the buyer pays nothing or less
//! than nothing. Kakao shows it as written, so no check of Kakao's catches it.

use super::{Parts, beside_regular_price, regular_and};
use crate::code::Code;
use crate::compile::Compiled;
use crate::config::Config;
use crate::diagnostic::Problem;

pub(super) fn lint(compiled: &Compiled, _config: &Config, _parts: &Parts<'_>) -> Vec<Problem> {
    match regular_and(compiled, "fixed_discount_price") {
        Some((regular, fixed)) if regular > 0 && fixed >= regular => {
            let problem = Problem::new(
                Code::LintFixedDiscountNotLower,
                format!("fixed discount {fixed} is not below the regular price {regular}"),
            )
            .help("`fixed_discount_price` is the amount taken off, not the price paid: check whether the discounted price belongs in `discount_price`");
            vec![beside_regular_price(
                problem,
                compiled,
                "fixed_discount_price",
                "takes the whole price off",
            )]
        }
        _ => Vec::new(),
    }
}
