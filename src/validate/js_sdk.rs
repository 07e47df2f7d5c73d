//! Where the JavaScript SDK's own rules replace the REST API's (README, "The
//! JavaScript SDK's form"): its client-side rule table takes two buttons on every
//! template, location included (`buttons: optional {0, 1}` in `Link.sendDefault`'s
//! rules, JavaScript SDK v1.14); Kakao's SDKs refuse a share whose message passes
//! 10 KB (`attachmentSize > 10 * 1024`, "Exceeded message template v2 size limit", in
//! the Flutter SDK's `ShareClient`), and version 1 of the JavaScript SDK refused a
//! `kakaolink://send?...` URL over 10,000 characters ("exceeds the message size limit").
//! The numbers, with their sources, are in `kakao::js_sdk`.

use serde_json::Value;

use crate::code::Code;
use crate::compile::Compiled;
use crate::diagnostic::Problem;
use crate::kakao::js_sdk::{MAX_BUTTONS as JS_MAX_BUTTONS, SHARE_BYTES_LIMIT, SHARE_URL_LIMIT};
use crate::span::Span;

/// The REST problems with the JavaScript SDK's rules applied in their place.
#[must_use]
pub(crate) fn adjust(compiled: &Compiled, mut problems: Vec<Problem>) -> Vec<Problem> {
    let value = &compiled.value;
    let is_location = value.get("object_type").and_then(Value::as_str) == Some("location");
    let buttons = value
        .get("buttons")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    if is_location {
        problems.retain_mut(|problem| {
            if problem.code != Code::SchemaTooMany || problem.pointer.as_deref() != Some("/buttons")
            {
                return true;
            }
            if buttons <= JS_MAX_BUTTONS {
                return false;
            }
            problem.message = format!(
                "too many buttons: the JavaScript SDK takes at most {JS_MAX_BUTTONS} on a location template, found {buttons}"
            );
            // The fix removed the buttons past the REST limit; this target keeps two.
            problem.fixes.clear();
            true
        });
    }
    let json = serde_json::to_string(value).unwrap_or_default();
    let span = compiled
        .spans
        .get("")
        .map_or(Span::new(0, 0), |origin| origin.key);
    let encoded = url_length(&json);
    if json.len() > SHARE_BYTES_LIMIT {
        problems.push(
            Problem::new(
                Code::TargetJsShareTooLarge,
                format!(
                    "the template is {} bytes, over the 10 KB ({SHARE_BYTES_LIMIT} bytes) Kakao's SDKs share",
                    json.len()
                ),
            )
            .at(span, "this template")
            .help("the SDK refuses to share a message this large; shorten texts and URLs (a Korean letter takes 3 bytes)"),
        );
    } else if encoded > SHARE_URL_LIMIT {
        problems.push(
            Problem::new(
                Code::TargetJsShareUrlLong,
                format!(
                    "the template takes {encoded} characters URL-encoded, over the {SHARE_URL_LIMIT} that version 1 of the JavaScript SDK opened"
                ),
            )
            .at(span, "this template")
            .help("older JavaScript SDKs refuse such a share; shorten texts and URLs (a Korean letter takes 9 characters URL-encoded)"),
        );
    }
    problems
}

/// How many characters the compact JSON takes URL-encoded: a lower bound of the share
/// URL the SDK builds around it.
fn url_length(json: &str) -> usize {
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
        let too_many_buttons =
            |p: &Problem| p.code == Code::SchemaTooMany && p.pointer.as_deref() == Some("/buttons");
        let mut rest = crate::validate::validate(&compiled(two.clone()));
        assert!(rest.iter().any(too_many_buttons));
        // The rule reads the code and pointer, never the words.
        for problem in &mut rest {
            problem.message = "reworded".to_owned();
        }
        let js = adjust(&compiled(two), rest);
        assert!(!js.iter().any(too_many_buttons));
        let three = serde_json::json!({"object_type": "location", "buttons": [{}, {}, {}]});
        let rest = crate::validate::validate(&compiled(three.clone()));
        let js = adjust(&compiled(three), rest);
        assert!(js.iter().any(|p| p.message.contains("at most 2")), "{js:?}");
    }

    #[test]
    fn a_share_over_ten_kilobytes_is_an_error_and_a_long_url_a_warning() {
        let text = |letters: usize| serde_json::json!({"object_type": "text", "text": "가".repeat(letters)});
        let problems = adjust(&compiled(text(3_500)), Vec::new());
        assert_eq!(problems[0].code, Code::TargetJsShareTooLarge);
        assert!(problems[0].is_error());
        let problems = adjust(&compiled(text(1_200)), Vec::new());
        assert_eq!(problems[0].code, Code::TargetJsShareUrlLong);
        assert!(!problems[0].is_error());
        assert!(adjust(&compiled(text(100)), Vec::new()).is_empty());
    }
}
