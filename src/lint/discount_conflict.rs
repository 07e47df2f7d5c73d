//! A commerce price takes a discount rate or a fixed discount, not both.

use super::Parts;
use crate::code::Code;
use crate::compile::Compiled;
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::locate::Part;

pub(super) fn lint(compiled: &Compiled, _config: &Config, _parts: &Parts<'_>) -> Vec<Problem> {
    let Some(commerce) = compiled.value.get("commerce") else {
        return Vec::new();
    };
    if commerce.get("discount_rate").is_none() || commerce.get("fixed_discount_price").is_none() {
        return Vec::new();
    }
    let rate = compiled.span_of("/commerce/discount_rate", Part::Node);
    let fixed = compiled.span_of("/commerce/fixed_discount_price", Part::Node);
    let mut problem = Problem::new(
        Code::LintDiscountConflict,
        "`discount_rate` and `fixed_discount_price` are both set",
    )
    .help("Kakao shows one kind of discount: keep `discount_rate` (a percentage) or `fixed_discount_price` (an amount)")
    .pointer("/commerce/fixed_discount_price");
    let (first, second) = match (rate, fixed) {
        (Some(a), Some(b)) if a.start <= b.start => (Some(a), Some(b)),
        (a, b) => (b, a),
    };
    if let Some(span) = second {
        problem = problem.at(span, "second discount");
    }
    if let Some(span) = first {
        problem = problem.also(span, "first discount");
    }
    vec![problem]
}
