//! A discount price at or above the regular price reads as a mistake to the recipient.

use super::{Parts, beside_regular_price, regular_and};
use crate::code::Code;
use crate::compile::Compiled;
use crate::config::Config;
use crate::diagnostic::Problem;

pub(super) fn lint(compiled: &Compiled, _config: &Config, _parts: &Parts<'_>) -> Vec<Problem> {
    match regular_and(compiled, "discount_price") {
        Some((regular, discount)) if discount >= regular => {
            let problem = Problem::new(
                Code::LintDiscountNotLower,
                format!("discount price {discount} is not below the regular price {regular}"),
            )
            .help("check the two prices: the discount price is what the buyer pays after the discount");
            vec![beside_regular_price(
                problem,
                compiled,
                "discount_price",
                "not lower",
            )]
        }
        _ => Vec::new(),
    }
}
