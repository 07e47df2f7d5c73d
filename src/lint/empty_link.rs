//! A link with no URL and no execution params goes nowhere when tapped.
//!
//! On a button that is an error: a button exists to be tapped. On the content (or a text
//! template's text) it is a warning: apps send `"link": {}` on purpose when the message
//! is only to be read, Kakao's own Flutter SDK test builds an empty `Link()` for a
//! content, and Kakao delivers such messages; the tap just does nothing.

use serde_json::Value;

use super::Parts;
use crate::code::Code;
use crate::compile::Compiled;
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::locate::Part;

const TARGETS: [&str; 4] = [
    "web_url",
    "mobile_web_url",
    "android_execution_params",
    "ios_execution_params",
];

pub(super) fn lint(compiled: &Compiled, _config: &Config, parts: &Parts<'_>) -> Vec<Problem> {
    parts
        .links
        .iter()
        .filter(|(_, link)| {
            link.is_object()
                && TARGETS.iter().all(|key| {
                    link.get(key)
                        .and_then(Value::as_str)
                        .is_none_or(|s| s.trim().is_empty())
                })
        })
        .map(|(place, _)| {
            let tapped_content = matches!(place.top(), "/link" | "/content" | "/contents");
            let pointer = place.pointer();
            let mut problem = if tapped_content {
                Problem::new(Code::LintTapGoesNowhere, "link has no target: a tap on the message does nothing")
                    .help("fine for a message that is only to be read; otherwise set `web_url` or `mobile_web_url` (in ktpl: `link \"https://...\"`), or execution params for the app")
            } else {
                Problem::new(Code::LintEmptyLink, "link has no target")
                    .help("set `web_url` or `mobile_web_url` (in ktpl: `link \"https://...\"`), or execution params for the app")
            }
            .pointer(pointer.clone());
            if let Some(span) = compiled.span_of(&pointer, Part::Node) {
                problem = problem.at(span, "a tap on this goes nowhere");
            }
            problem
        })
        .collect()
}
