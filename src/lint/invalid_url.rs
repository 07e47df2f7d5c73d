//! URL fields must hold absolute URLs; Kakao cannot resolve `example.com/a` or `/a`,
//! nor open a URL with a space, `<`, `>`, `"` or a backtick in it (browsers quietly
//! encode them; Kakao's apps are not browsers).
//!
//! The fix for those characters writes what a browser would have sent: spaces around
//! the URL removed, the characters inside percent-encoded. It is safe (the address is
//! the one the author meant, written so Kakao can open it), and offered only where the
//! URL is written in one plain string (no variable, no escape).

use super::byte_scan::any_byte;
use super::{Parts, located};
use crate::code::Code;
use crate::compile::Compiled;
use crate::config::Config;
use crate::diagnostic::{Edit, Fix, Problem};
use crate::locate::Part;

pub(super) fn lint(compiled: &Compiled, _config: &Config, parts: &Parts<'_>) -> Vec<Problem> {
    parts
        .urls
        .iter()
        .filter_map(|field| {
            if field.is_url()
                && let Some((problem, usable)) = unusable_characters(field.url)
            {
                let pointer = field.pointer();
                let fix = rewrite(compiled, &pointer, field.url, &usable);
                return Some(located(
                    problem.maybe_fix(fix),
                    compiled,
                    &pointer,
                    Part::Value,
                    "not a URL Kakao can open",
                ));
            }
            if field.is_plain_web() {
                return None;
            }
            let reason = match field.parsed() {
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
                &field.pointer(),
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

/// The fix writing `usable` for the URL at `pointer`, when the source writes `url`
/// there as one plain string.
fn rewrite(compiled: &Compiled, pointer: &str, url: &str, usable: &str) -> Option<Fix> {
    let value = compiled.spans.get(pointer)?.value;
    Some(
        Fix::safe(
            format!("Write the URL as `{}`", crate::prose::excerpt(usable, 80)),
            vec![Edit::replacement(value, format!("\"{usable}\""))],
        )
        .expecting(value, format!("\"{url}\"")),
    )
}

/// A URL with characters it cannot hold, and the URL as it should be written: spaces
/// around it removed, those inside percent-encoded.
fn unusable_characters(url: &str) -> Option<(Problem, String)> {
    // Nearly every URL is printable ASCII with none of the characters: known at a glance.
    // `|`, not `||`: branch-free, so the blocks become vector code (see `byte_scan`);
    // with `||` this lint costs 2.5 times as much.
    #[allow(clippy::needless_bitwise_bool)]
    let doubtful =
        |b: u8| (b <= b' ') | (b >= 0x7f) | (b == b'<') | (b == b'>') | (b == b'"') | (b == b'`');
    if !any_byte(url.as_bytes(), doubtful) {
        return None;
    }
    let trimmed = url.trim();
    let Some(inner) = trimmed.chars().find(|&c| is_unusable(c)) else {
        if trimmed.len() == url.len() {
            return None;
        }
        return Some((
            Problem::new(Code::LintInvalidUrl, "URL has spaces around it")
                .help(format!("write it without them: `{trimmed}`")),
            trimmed.to_owned(),
        ));
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
    Some((
        Problem::new(
            Code::LintInvalidUrl,
            format!("URL holds {what}, which Kakao cannot open"),
        )
        .help(format!(
            "percent-encode it: `{}`",
            crate::prose::excerpt(&encoded, 200)
        )),
        encoded,
    ))
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
            let (problem, _) = unusable_characters(url).expect(url);
            assert_eq!(problem.help.as_deref(), Some(help), "{url}");
        }
        for url in ["https://a.kr/상품?a=1&b=2#x", "https://a.kr/${id}"] {
            assert!(unusable_characters(url).is_none(), "{url}");
        }
    }
}
