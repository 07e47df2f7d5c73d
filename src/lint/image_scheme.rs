//! Images are fetched by Kakao's servers and shown in the chat: only http(s) URLs
//! can be (`javascript:`, `file:`, `ftp:` and `data:` never show).

use super::{Parts, located};
use crate::code::Code;
use crate::compile::Compiled;
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::locate::Part;

pub(super) fn lint(compiled: &Compiled, _config: &Config, parts: &Parts<'_>) -> Vec<Problem> {
    parts
        .urls
        .iter()
        .filter(|field| !field.is_link)
        .filter_map(|field| {
            let scheme = field.scheme()?;
            if matches!(scheme, "http" | "https") {
                return None;
            }
            let problem = Problem::new(
                Code::LintImageScheme,
                format!(
                    "image URL uses the `{}:` scheme",
                    crate::prose::excerpt(scheme, 40)
                ),
            )
            .help("an image must be on the web for Kakao to show it: give an `https://` URL");
            Some(located(
                problem,
                compiled,
                &field.pointer(),
                Part::Value,
                "not an http(s) image",
            ))
        })
        .collect()
}
