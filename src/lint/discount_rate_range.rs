//! A discount rate is a percentage: 0 to 100.

use serde_json::Value;

use super::{Parts, located};
use crate::code::Code;
use crate::compile::Compiled;
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::locate::Part;

pub(super) fn lint(compiled: &Compiled, _config: &Config, _parts: &Parts<'_>) -> Vec<Problem> {
    let rate = compiled
        .value
        .get("commerce")
        .and_then(|c| c.get("discount_rate"))
        .and_then(Value::as_i64);
    match rate {
        Some(rate) if !(0..=100).contains(&rate) => {
            let problem = Problem::new(
                Code::LintDiscountRateRange,
                format!("discount rate {rate}% is outside 0..100"),
            )
            .help("write the percentage off the regular price, like `discount_rate 30%`");
            vec![located(
                problem,
                compiled,
                "/commerce/discount_rate",
                Part::Value,
                "not a percentage",
            )]
        }
        _ => Vec::new(),
    }
}
