//! URL fields must hold absolute URLs; Kakao cannot resolve `example.com/a` or `/a`,
//! nor open a URL with a space, `<`, `>`, `"` or a backtick in it (browsers quietly
//! encode them; Kakao's apps are not browsers).

use super::{UrlField, located};
use crate::code::Code;
use crate::compile::Compiled;
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::locate::Part;

pub(super) fn lint(compiled: &Compiled, _config: &Config, urls: &[UrlField<'_>]) -> Vec<Problem> {
    urls.iter()
        .filter_map(|field| {
            if field.parsed.is_ok()
                && let Some(problem) = unusable_characters(field.url)
            {
                return Some(located(
                    problem,
                    compiled,
                    &field.pointer,
                    Part::Value,
                    "not a URL Kakao can open",
                ));
            }
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

/// Characters a URL cannot hold as written: whitespace, and the delimiters RFC 3986
/// leaves out of URLs (`<`, `>`, `"`, and the backtick).
fn is_unusable(c: char) -> bool {
    c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`')
}

/// A URL with characters it cannot hold, and the URL as it should be written: spaces
/// around it removed, those inside percent-encoded.
fn unusable_characters(url: &str) -> Option<Problem> {
    let trimmed = url.trim();
    let Some(inner) = trimmed.chars().find(|&c| is_unusable(c)) else {
        if trimmed.len() == url.len() {
            return None;
        }
        return Some(
            Problem::new(Code::LintInvalidUrl, "URL has spaces around it")
                .help(format!("write it without them: `{trimmed}`")),
        );
    };
    let mut encoded = String::with_capacity(trimmed.len() + 8);
    for c in trimmed.chars() {
        if is_unusable(c) {
            let mut bytes = [0; 4];
            for byte in c.encode_utf8(&mut bytes).bytes() {
                encoded.push_str(&format!("%{byte:02X}"));
            }
        } else {
            encoded.push(c);
        }
    }
    let what = match inner {
        ' ' => "a space".to_owned(),
        c if c.is_whitespace() => format!("a space character (U+{:04X})", u32::from(c)),
        c => format!("`{c}`"),
    };
    Some(
        Problem::new(
            Code::LintInvalidUrl,
            format!("URL holds {what}, which Kakao cannot open"),
        )
        .help(format!(
            "percent-encode it: `{}`",
            crate::prose::excerpt(&encoded, 200)
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::unusable_characters;

    #[test]
    fn suggests_the_url_encoded() {
        for (url, help) in [
            (
                "https://a.kr/a b",
                "percent-encode it: `https://a.kr/a%20b`",
            ),
            (
                "https://a.kr/?q=<1>",
                "percent-encode it: `https://a.kr/?q=%3C1%3E`",
            ),
            (
                "https://a.kr/\u{3000}x",
                "percent-encode it: `https://a.kr/%E3%80%80x`",
            ),
            (" https://a.kr/ ", "write it without them: `https://a.kr/`"),
        ] {
            let problem = unusable_characters(url).expect(url);
            assert_eq!(problem.help.as_deref(), Some(help), "{url}");
        }
        for url in ["https://a.kr/상품?a=1&b=2#x", "https://a.kr/${id}"] {
            assert!(unusable_characters(url).is_none(), "{url}");
        }
    }
}
