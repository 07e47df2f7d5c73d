//! Plain `http://` URLs: allowed (Kakao's own samples use them for images) but worth
//! a warning, since https is what clients expect.

use super::{UrlField, located};
use crate::code::Code;
use crate::compile::Compiled;
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::locate::Part;

pub(super) fn lint(compiled: &Compiled, _config: &Config, urls: &[UrlField<'_>]) -> Vec<Problem> {
    urls
        .iter()
        .filter(|field| field.url.get(..7).is_some_and(|s| s.eq_ignore_ascii_case("http://")))
        .map(|field| {
            let problem = Problem::new(Code::LintPlainHttp, "URL uses plain `http://`")
                .help("use `https://` if the server supports it; set `plain_http = \"allow\"` under [lints] in ktpl.toml to silence this");
            located(problem, compiled, &field.pointer, Part::Value, "not https")
        })
        .collect()
}
