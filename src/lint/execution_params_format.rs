//! Execution params are appended to the app's scheme as a query string:
//! `key1=value1&key2=value2`.

use serde_json::Value;

use super::{Parts, located};
use crate::code::Code;
use crate::compile::Compiled;
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::locate::Part;

pub(super) fn lint(compiled: &Compiled, _config: &Config, parts: &Parts<'_>) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (place, link) in &parts.links {
        for key in ["android_execution_params", "ios_execution_params"] {
            let Some(params) = link.get(key).and_then(Value::as_str) else {
                continue;
            };
            if is_query_string(params) {
                continue;
            }
            let help = if params.contains("://") || params.starts_with("www.") {
                "this is a URL: web pages go in `web_url` and `mobile_web_url` (in ktpl: `link web=\"...\" mobile=\"...\"`); execution params are `key=value` pairs handed to your app, like `contentId=100`"
            } else {
                "the app receives these as query parameters: write them like `contentId=100&buy=true`"
            };
            let problem = Problem::new(
                Code::LintExecutionParamsFormat,
                format!("`{key}` is not a `key=value&...` query string"),
            )
            .help(help);
            problems.push(located(
                problem,
                compiled,
                &place.child(key),
                Part::Value,
                "not key=value pairs",
            ));
        }
    }
    problems
}

fn is_query_string(params: &str) -> bool {
    !params.is_empty()
        && params.split('&').all(|pair| {
            pair.split_once('=').is_some_and(|(key, _)| {
                // A key never holds `:`, `/` or `?`: with them it is a URL whose own
                // query (`details?id=com.app`) happens to contain an `=`.
                !key.is_empty()
                    && !key.contains(|c: char| c.is_whitespace() || "{}\":/?#".contains(c))
            })
        })
}

#[cfg(test)]
mod tests {
    use super::is_query_string;

    #[test]
    fn query_strings() {
        assert!(is_query_string("a=1&b=2"));
        assert!(is_query_string("a="));
        assert!(!is_query_string("main"));
        assert!(!is_query_string("/contents/1"));
        assert!(!is_query_string("{\"a\":1}"));
        assert!(!is_query_string("a=1&"));
        assert!(!is_query_string(
            "https://play.google.com/store/apps/details?id=com.example"
        ));
        assert!(!is_query_string("market://details?id=com.example"));
    }
}
