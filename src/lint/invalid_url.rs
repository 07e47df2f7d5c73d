//! URL fields must hold absolute URLs; Kakao cannot resolve `example.com/a` or `/a`.

use super::{UrlField, located};
use crate::code::Code;
use crate::compile::Compiled;
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::locate::Part;

pub(super) fn lint(compiled: &Compiled, _config: &Config, urls: &[UrlField<'_>]) -> Vec<Problem> {
    urls.iter()
        .filter_map(|field| {
            let reason = match &field.parsed {
                Ok(url) if url.has_host() || !matches!(url.scheme(), "http" | "https") => {
                    return None;
                }
                Ok(_) => "it has no host".to_owned(),
                Err(url::ParseError::RelativeUrlWithoutBase) => {
                    "it has no scheme such as `https://`".to_owned()
                }
                Err(error) => error.to_string(),
            };
            let problem = Problem::new(
                Code::LintInvalidUrl,
                format!(
                    "`{}` is not an absolute URL: {reason}",
                    crate::prose::excerpt(field.url, 80)
                ),
            )
            .help("write the whole URL, starting with `https://`");
            Some(located(
                problem,
                compiled,
                &field.pointer,
                Part::Value,
                "not an absolute URL",
            ))
        })
        .collect()
}
