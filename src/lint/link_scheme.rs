//! `web_url` and `mobile_web_url` are opened as web pages: they must be http(s), or
//! one of the app's own native schemes when configured.

use super::{Parts, located};
use crate::code::Code;
use crate::compile::Compiled;
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::locate::Part;

pub(super) fn lint(compiled: &Compiled, config: &Config, parts: &Parts<'_>) -> Vec<Problem> {
    parts
        .urls
        .iter()
        .filter(|field| field.is_link)
        .filter_map(|field| {
            let scheme = field.scheme()?;
            if matches!(scheme, "http" | "https") || config.native_schemes.iter().any(|s| s == scheme) {
                return None;
            }
            let problem = Problem::new(
                Code::LintLinkScheme,
                format!("web link uses the `{}:` scheme", crate::prose::excerpt(scheme, 40)),
            )
            .help("web links must be http(s); open the app with `android`/`ios` execution params, or list the scheme under `native_schemes` in ktpl.toml");
            Some(located(problem, compiled, &field.pointer(), Part::Value, "not a web URL"))
        })
        .collect()
}
