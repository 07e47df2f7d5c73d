//! Numbers Kakao cannot take as written: every number in a template is an integer field
//! (sizes, counts, prices, rates, positions), which Kakao's SDKs carry as 32-bit `Int`
//! (Dart `int` on the wire, Swift `Int32`-sized values, Kotlin `Int`; spec §1).
//!
//! `serde_json` reads `1E2` and `100.0` as floats and an integer past `u64` as a float
//! too, and writes them back as `100.0` and `1e+20`. Reporting every such number (and
//! every integer past 32 bits) means an accepted template only holds plain integers,
//! which `compile` reproduces exactly as written.

use serde_json::Value;

use crate::code::Code;
use crate::compile::Compiled;
use crate::compile::span_map::leaves;
use crate::diagnostic::{Edit, Fix, Problem};
use crate::locate::{Part, field_name};
use crate::span::Span;

/// Whether every number in `value` is a plain integer in the 32-bit range (the fast path:
/// no pointers are built).
#[must_use]
pub(super) fn all_int32(value: &Value) -> bool {
    match value {
        Value::Number(number) => number.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
        Value::Array(items) => items.iter().all(all_int32),
        Value::Object(map) => map.values().all(all_int32),
        Value::Null | Value::Bool(_) | Value::String(_) => true,
    }
}

/// A problem at each number that is not a plain 32-bit integer.
#[must_use]
pub(super) fn lint(compiled: &Compiled) -> Vec<Problem> {
    let mut problems = Vec::new();
    if !all_int32(&compiled.value) {
        for (pointer, leaf) in leaves(&compiled.value) {
            if let Value::Number(number) = leaf
                && let Some(problem) = check(number, &pointer)
            {
                let problem = problem.pointer(pointer.clone());
                problems.push(match compiled.span_of(&pointer, Part::Value) {
                    Some(span) => problem
                        .at(span, label(number))
                        .maybe_fix(as_plain_integer(number, span)),
                    None => problem,
                });
            }
        }
    }
    problems
}

/// `1E2`, `100.0` or `-0` written as the integer it is (the same value, so safe);
/// nothing for `1.5`.
fn as_plain_integer(number: &serde_json::Number, span: Span) -> Option<Fix> {
    let float = number.as_f64().filter(|_| number.is_f64())?;
    if float.fract() != 0.0 || !is_within_int32(number) {
        return None;
    }
    // In the 32-bit range and whole: the conversion is exact.
    #[allow(clippy::cast_possible_truncation)]
    let integer = float as i64;
    Some(Fix::safe(
        format!("Write {integer}"),
        vec![Edit::replacement(span, integer.to_string())],
    ))
}

fn label(number: &serde_json::Number) -> &'static str {
    if number.is_f64() && is_within_int32(number) {
        "not a plain integer"
    } else {
        "outside the 32-bit range"
    }
}

fn is_within_int32(number: &serde_json::Number) -> bool {
    match number.as_i64() {
        Some(n) => i32::try_from(n).is_ok(),
        None => number
            .as_f64()
            .is_some_and(|f| (f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(&f)),
    }
}

fn check(number: &serde_json::Number, pointer: &str) -> Option<Problem> {
    let field = field_name(pointer);
    if !is_within_int32(number) {
        // An integer past 64 bits is read as a float: say what it is, never `1e+20`.
        let found = if number.is_f64() {
            String::new()
        } else {
            format!(" {number}")
        };
        return Some(
            Problem::new(
                Code::SchemaIntRange,
                format!("`{field}`{found} is outside the 32-bit integer range Kakao's SDKs carry"),
            )
            .help(format!(
                "Kakao's SDKs read `{field}` as a 32-bit integer: use a value from {} to {}",
                i32::MIN,
                i32::MAX
            )),
        );
    }
    if number.is_f64() {
        return Some(
            Problem::new(
                Code::SchemaNotInteger,
                format!("`{field}` takes an integer, written with digits only"),
            )
            .help("write it without a decimal point or exponent, like `100` (not `1E2`, `100.0` or `-0`); Kakao's SDKs read it as an integer"),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<Code> {
        let (compiled, _) = crate::json_input::read(text);
        lint(&compiled.expect("json"))
            .iter()
            .map(|p| p.code)
            .collect()
    }

    #[test]
    fn plain_32_bit_integers_pass() {
        assert!(codes(r#"{"a": [0, -2147483648, 2147483647], "b": "1.5"}"#).is_empty());
    }

    #[test]
    fn floats_exponents_and_minus_zero_are_not_integers() {
        for text in ["1E2", "100.0", "1.5", "-0", "2e0"] {
            assert_eq!(
                codes(&format!(r#"{{"a": {text}}}"#)),
                [Code::SchemaNotInteger],
                "{text}"
            );
        }
    }

    #[test]
    fn integers_past_32_bits_are_out_of_range() {
        for text in ["2147483648", "-2147483649", "99999999999999999999", "1e20"] {
            assert_eq!(
                codes(&format!(r#"{{"a": {text}}}"#)),
                [Code::SchemaIntRange],
                "{text}"
            );
        }
    }
}
