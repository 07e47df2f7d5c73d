//! A link with no URL and no execution params goes nowhere when tapped.

use super::links;
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

pub(super) fn lint(compiled: &Compiled, _config: &Config) -> Vec<Problem> {
    links(&compiled.value)
        .into_iter()
        .filter(|(_, link)| {
            link.is_object()
                && TARGETS.iter().all(|key| {
                    link.get(key)
                        .and_then(serde_json::Value::as_str)
                        .is_none_or(|s| s.trim().is_empty())
                })
        })
        .map(|(pointer, _)| {
            let mut problem = Problem::new(Code::LintEmptyLink, "link has no target")
                .help("set `web_url` or `mobile_web_url` (in ktpl: `link \"https://...\"`), or execution params for the app")
                .pointer(pointer.clone());
            if let Some(span) = compiled.span_of(&pointer, Part::Node) {
                problem = problem.at(span, "a tap on this goes nowhere");
            }
            problem
        })
        .collect()
}
