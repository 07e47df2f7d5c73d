//! Plain `http://` URLs: allowed (Kakao's own samples use them for images) but worth
//! a warning, since https is what clients expect.
//!
//! The fix writes `https://`. It is unsafe: the same address over https may not be
//! served at all, so it changes what the template links to. `[fixes] safe =
//! ["plain_http"]` in ktpl.toml lets `ktpl check --fix` apply it where every server
//! is known to speak https.

use super::{Parts, located};
use crate::code::Code;
use crate::compile::Compiled;
use crate::config::Config;
use crate::diagnostic::{Edit, Fix, Problem};
use crate::locate::Part;
use crate::span::Span;

pub(super) fn lint(compiled: &Compiled, _config: &Config, parts: &Parts<'_>) -> Vec<Problem> {
    parts
        .urls
        .iter()
        .filter(|field| field.url.get(..7).is_some_and(|s| s.eq_ignore_ascii_case("http://")))
        .map(|field| {
            let problem = Problem::new(Code::LintPlainHttp, "URL uses plain `http://`")
                .help("use `https://` if the server supports it; set `plain_http = \"allow\"` under [lints] in ktpl.toml to silence this")
                .maybe_fix(to_https(compiled, &field.pointer(), &field.url[..7]));
            located(problem, compiled, &field.pointer(), Part::Value, "not https")
        })
        .collect()
}

/// The scheme of the quoted URL at `pointer` made `https`, when the source writes it
/// right there (`"http://...`), not through a variable.
fn to_https(compiled: &Compiled, pointer: &str, scheme: &str) -> Option<Fix> {
    let value = compiled.spans.get(pointer)?.value;
    let written = Span::new(value.start, value.start + 1 + scheme.len());
    let scheme_span = Span::new(value.start + 1, written.end);
    Some(
        Fix::unsafe_(
            "Use `https://`",
            vec![Edit::replacement(scheme_span, "https://")],
        )
        .expecting(written, format!("\"{scheme}")),
    )
}
