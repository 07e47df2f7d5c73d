//! Where the JavaScript SDK's own rules replace the REST API's (README, "The
//! JavaScript SDK's form"): its client-side rule table takes two buttons on every
//! template, location included (`buttons: optional {0, 1}` in `Link.sendDefault`'s
//! rules), and it refuses to open a share whose `kakaolink://send?...` URL passes
//! 10,000 characters ("exceeds the message size limit").

use serde_json::Value;

use crate::code::Code;
use crate::compile::Compiled;
use crate::diagnostic::Problem;
use crate::span::Span;

/// The longest share URL the JavaScript SDK opens, in characters.
pub const SHARE_URL_LIMIT: usize = 10_000;

/// Buttons the JavaScript SDK takes on any template.
const JS_MAX_BUTTONS: usize = 2;

/// The REST problems with the JavaScript SDK's rules applied in their place.
#[must_use]
pub fn adjust(compiled: &Compiled, mut problems: Vec<Problem>) -> Vec<Problem> {
    let value = &compiled.value;
    let is_location = value.get("object_type").and_then(Value::as_str) == Some("location");
    let buttons = value
        .get("buttons")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    if is_location {
        problems.retain_mut(|problem| {
            if problem.code != Code::SchemaTooMany || !problem.message.starts_with("too many buttons")
            {
                return true;
            }
            if buttons <= JS_MAX_BUTTONS {
                return false;
            }
            problem.message = format!(
                "too many buttons: the JavaScript SDK takes at most {JS_MAX_BUTTONS} on a location template, found {buttons}"
            );
            true
        });
    }
    let encoded = share_length(value);
    if encoded > SHARE_URL_LIMIT {
        let span = compiled
            .spans
            .get("")
            .map_or(Span::new(0, 0), |origin| origin.key);
        problems.push(
            Problem::new(
                Code::TargetJsShareTooLarge,
                format!(
                    "the template takes {encoded} characters in a share URL, over the JavaScript SDK's limit of {SHARE_URL_LIMIT}"
                ),
            )
            .at(span, "this template")
            .help("the SDK refuses to open a share this large; shorten texts and URLs (Korean text takes 9 characters a letter once URL-encoded)"),
        );
    }
    problems
}

/// How many characters the compact template takes URL-encoded: a lower bound of the
/// share URL the SDK builds around it.
#[must_use]
pub fn share_length(value: &Value) -> usize {
    let json = serde_json::to_string(value).unwrap_or_default();
    url::form_urlencoded::byte_serialize(json.as_bytes())
        .map(str::len)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::span_map::SpanMap;

    fn compiled(value: Value) -> Compiled {
        Compiled {
            value,
            spans: SpanMap::default(),
        }
    }

    #[test]
    fn two_buttons_on_a_location_pass_and_three_do_not() {
        let two = serde_json::json!({"object_type": "location", "buttons": [{}, {}]});
        let rest = crate::validate::validate(&compiled(two.clone()));
        assert!(
            rest.iter()
                .any(|p| p.message.starts_with("too many buttons"))
        );
        let js = adjust(&compiled(two), rest);
        assert!(!js.iter().any(|p| p.message.starts_with("too many buttons")));
        let three = serde_json::json!({"object_type": "location", "buttons": [{}, {}, {}]});
        let rest = crate::validate::validate(&compiled(three.clone()));
        let js = adjust(&compiled(three), rest);
        assert!(js.iter().any(|p| p.message.contains("at most 2")), "{js:?}");
    }

    #[test]
    fn a_share_over_ten_thousand_characters_is_refused() {
        let text = "가".repeat(1_200);
        let big = serde_json::json!({"object_type": "text", "text": text});
        assert!(share_length(&big) > SHARE_URL_LIMIT);
        let problems = adjust(&compiled(big), Vec::new());
        assert_eq!(problems[0].code, Code::TargetJsShareTooLarge);
        let small = serde_json::json!({"object_type": "text", "text": "hi"});
        assert!(adjust(&compiled(small), Vec::new()).is_empty());
    }
}
