//! String literals: escapes, `"""` unindenting, and `${var}` parts that keep their spans.

use super::ast::StrPart;
use crate::code::Code;
use crate::diagnostic::Problem;
use crate::span::Span;

/// Splits the body of a `"..."` string (the text between the quotes, starting at byte
/// `base` of the file) into text and variable parts.
pub(crate) fn lower_string_body(
    body: &str,
    base: usize,
    problems: &mut Vec<Problem>,
) -> Vec<StrPart> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                let Some((_, escaped)) = chars.next() else {
                    break;
                };
                match escaped {
                    'n' => text.push('\n'),
                    't' => text.push('\t'),
                    'r' => text.push('\r'),
                    '"' => text.push('"'),
                    '\\' => text.push('\\'),
                    '$' => text.push('$'),
                    'u' => {
                        let rest = &body[i + 2..];
                        match unicode_escape(rest) {
                            Ok((ch, len)) => {
                                text.push(ch);
                                for _ in 0..len {
                                    chars.next();
                                }
                            }
                            Err(len) => {
                                let span = Span::new(base + i, base + i + 2 + len);
                                problems.push(
                                    Problem::new(Code::SyntaxBadEscape, "invalid unicode escape")
                                        .at(span, "not a unicode scalar value")
                                        .help("write `\\u{AC00}`: one to six hex digits in braces"),
                                );
                            }
                        }
                    }
                    other => {
                        let span = Span::new(base + i, base + i + 1 + other.len_utf8());
                        problems.push(
                            Problem::new(
                                Code::SyntaxBadEscape,
                                format!("unknown escape `\\{other}`"),
                            )
                            .at(span, "unknown escape")
                            .help(
                                "known escapes are `\\n`, `\\t`, `\\r`, `\\\"`, `\\\\`, `\\$` and `\\u{...}`; write `\\\\` for a backslash",
                            ),
                        );
                    }
                }
            }
            '$' if body[i + 1..].starts_with("${") => {
                // `$${` is a literal `${`, for Kakao's own `${key}` placeholders.
                chars.next();
                chars.next();
                text.push_str("${");
            }
            '$' if body[i + 1..].starts_with('{') => {
                let after = &body[i + 2..];
                let Some(close) = after.find('}') else {
                    let span = Span::new(base + i, base + body.len());
                    problems.push(
                        Problem::new(Code::SyntaxBadVariable, "unclosed `${`")
                            .at(span, "this variable reference has no `}`")
                            .help("write `${name}`, or `$${` for a literal `${`"),
                    );
                    break;
                };
                let name = &after[..close];
                let span = Span::new(base + i, base + i + 3 + close);
                if is_name(name) {
                    if !text.is_empty() {
                        parts.push(StrPart::Text(std::mem::take(&mut text)));
                    }
                    parts.push(StrPart::Var(name.to_owned(), span));
                } else {
                    problems.push(
                        Problem::new(
                            Code::SyntaxBadVariable,
                            format!("`{name}` is not a variable name"),
                        )
                        .at(span, "not a variable name")
                        .help("names start with a letter or `_` and hold letters, digits and `_`; write `$${` for a literal `${`"),
                    );
                }
                for _ in 0..close + 2 {
                    chars.next();
                }
            }
            c => text.push(c),
        }
    }
    if !text.is_empty() || parts.is_empty() {
        parts.push(StrPart::Text(text));
    }
    parts
}

/// Lowers the body of a `"""` string: drops the first line break and a last line of
/// only indentation, removes the indentation common to all non-blank lines, then
/// reads escapes and variables line by line so spans stay exact.
pub(crate) fn lower_raw_string_body(
    body: &str,
    base: usize,
    problems: &mut Vec<Problem>,
) -> Vec<StrPart> {
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut offset = 0;
    for line in body.split('\n') {
        lines.push((offset, line.strip_suffix('\r').unwrap_or(line)));
        offset += line.len() + 1;
    }
    if lines.len() > 1 && lines[0].1.trim().is_empty() {
        lines.remove(0);
    }
    if lines.len() > 1 && lines.last().is_some_and(|(_, l)| l.trim().is_empty()) {
        lines.pop();
    }
    let indent = lines
        .iter()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(_, line)| line.len() - line.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    let mut parts: Vec<StrPart> = Vec::new();
    for (index, (start, line)) in lines.iter().enumerate() {
        if index > 0 {
            push_text(&mut parts, "\n");
        }
        let cut = indent.min(line.len());
        for part in lower_string_body(&line[cut..], base + start + cut, problems) {
            match part {
                StrPart::Text(text) => push_text(&mut parts, &text),
                var @ StrPart::Var(..) => parts.push(var),
            }
        }
    }
    if parts.is_empty() {
        parts.push(StrPart::Text(String::new()));
    }
    parts
}

fn push_text(parts: &mut Vec<StrPart>, text: &str) {
    if let Some(StrPart::Text(last)) = parts.last_mut() {
        last.push_str(text);
    } else {
        parts.push(StrPart::Text(text.to_owned()));
    }
}

/// Reads `{XXXX}` after `\u`: the char and how many chars were consumed, or how many
/// to underline.
fn unicode_escape(rest: &str) -> Result<(char, usize), usize> {
    let Some(inner) = rest.strip_prefix('{') else {
        return Err(0);
    };
    let Some(close) = inner.find('}') else {
        return Err(rest.chars().take_while(char::is_ascii_hexdigit).count() + 1);
    };
    let hex = &inner[..close];
    let valid_hex = (1..=6).contains(&hex.len()) && hex.chars().all(|c| c.is_ascii_hexdigit());
    u32::from_str_radix(hex, 16)
        .ok()
        .filter(|_| valid_hex)
        .and_then(char::from_u32)
        .map(|ch| (ch, close + 2))
        .ok_or(close + 2)
}

fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lower(body: &str) -> (Vec<StrPart>, Vec<Problem>) {
        let mut problems = Vec::new();
        let parts = lower_string_body(body, 10, &mut problems);
        (parts, problems)
    }

    #[test]
    fn escapes_and_variables() {
        let (parts, problems) = lower(r"a\n\u{AC00} ${name}!");
        assert!(problems.is_empty());
        assert_eq!(
            parts,
            vec![
                StrPart::Text("a\n가 ".into()),
                StrPart::Var("name".into(), Span::new(10 + 12, 10 + 19)),
                StrPart::Text("!".into()),
            ]
        );
    }

    #[test]
    fn double_dollar_is_a_literal() {
        let (parts, problems) = lower("$${key}");
        assert!(problems.is_empty());
        assert_eq!(parts, vec![StrPart::Text("${key}".into())]);
    }

    #[test]
    fn bad_escape_and_unclosed_variable_are_reported_at_their_spans() {
        let (_, problems) = lower(r"a\qb ${oops");
        assert_eq!(problems.len(), 2);
        assert_eq!(
            problems[0].primary.as_ref().map(|p| p.0),
            Some(Span::new(11, 13))
        );
        assert_eq!(problems[1].code, Code::SyntaxBadVariable);
    }

    #[test]
    fn raw_strings_lose_common_indentation() {
        let mut problems = Vec::new();
        let body = "\n    Hello ${name}!\n      Indented\n    ";
        let parts = lower_raw_string_body(body, 0, &mut problems);
        assert!(problems.is_empty());
        let StrPart::Var(_, span) = &parts[1] else {
            panic!("{parts:?}")
        };
        assert_eq!(span.read(body), "${name}");
        assert_eq!(
            parts,
            vec![
                StrPart::Text("Hello ".into()),
                StrPart::Var("name".into(), *span),
                StrPart::Text("!\n  Indented".into()),
            ]
        );
    }
}
