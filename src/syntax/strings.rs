//! String literals: escapes, `"""` unindenting, and `${var}` parts that keep their spans.

use std::borrow::Cow;

use super::ast::StrPart;
use crate::code::Code;
use crate::diagnostic::Problem;
use crate::span::Span;

/// Splits the body of a `"..."` string (the text between the quotes, starting at byte
/// `base` of the file) into text and variable parts. Text without escapes borrows
/// from the source; only an escape makes an owned copy.
pub(crate) fn lower_string_body<'src>(
    body: &'src str,
    base: usize,
    problems: &mut Vec<Problem>,
) -> Vec<StrPart<'src>> {
    // Most text has neither: one borrowed part, found by one scan.
    if memchr::memchr2(b'\\', b'$', body.as_bytes()).is_none() {
        return vec![StrPart::Text(Cow::Borrowed(body))];
    }
    let mut parts = Vec::new();
    let mut text = Text::default();
    // `run` is where the plain text not yet added to `text` starts; `from` is where
    // to look for the next `\\` or `$`.
    let mut run = 0;
    let mut from = 0;
    while let Some(found) = body[from..].find(['\\', '$']) {
        let i = from + found;
        let rest = &body[i..];
        if !rest.starts_with('\\') && !rest.starts_with("${") && !rest.starts_with("$${") {
            // A `$` that starts nothing is plain text.
            from = i + 1;
            continue;
        }
        text.push(Cow::Borrowed(&body[run..i]));
        if let Some(escaped) = rest.strip_prefix('\\') {
            run = i + 1 + lower_escape(escaped, base + i, &mut text, problems);
        } else if rest.starts_with("$${") {
            // `$${` is a literal `${`, for Kakao's own `${key}` placeholders.
            text.push(Cow::Borrowed("${"));
            run = i + 3;
        } else {
            let after = &rest[2..];
            let Some(close) = after.find('}') else {
                let span = Span::new(base + i, base + body.len());
                problems.push(
                    Problem::new(Code::SyntaxBadVariable, "unclosed `${`")
                        .at(span, "this variable reference has no `}`")
                        .help("write `${name}`, or `$${` for a literal `${`"),
                );
                run = body.len();
                break;
            };
            let name = &after[..close];
            let span = Span::new(base + i, base + i + 3 + close);
            if is_name(name) {
                text.flush_into(&mut parts);
                parts.push(StrPart::Var(name, span));
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
            run = i + 3 + close;
        }
        from = run;
    }
    text.push(Cow::Borrowed(&body[run..]));
    text.flush_into(&mut parts);
    if parts.is_empty() {
        parts.push(StrPart::Text(Cow::Borrowed("")));
    }
    parts
}

/// Reads the escape after a `\` at byte `at` of the file into `text`; returns how many
/// bytes after the backslash it took.
fn lower_escape(
    escaped: &str,
    at: usize,
    text: &mut Text<'_>,
    problems: &mut Vec<Problem>,
) -> usize {
    let Some(first) = escaped.chars().next() else {
        return 0;
    };
    let simple = match first {
        'n' => "\n",
        't' => "\t",
        'r' => "\r",
        '"' => "\"",
        '\\' => "\\",
        '$' => "$",
        'u' => {
            return match unicode_escape(&escaped[1..]) {
                Ok((ch, len)) => {
                    text.push(Cow::Owned(ch.to_string()));
                    1 + len
                }
                Err(len) => {
                    problems.push(
                        Problem::new(Code::SyntaxBadEscape, "invalid unicode escape")
                            .at(Span::new(at, at + 2 + len), "not a unicode scalar value")
                            .help("write `\\u{AC00}`: one to six hex digits in braces"),
                    );
                    1 + len
                }
            };
        }
        other => {
            let span = Span::new(at, at + 1 + other.len_utf8());
            problems.push(
                Problem::new(Code::SyntaxBadEscape, format!("unknown escape `\\{other}`"))
                    .at(span, "unknown escape")
                    .help(
                        "known escapes are `\\n`, `\\t`, `\\r`, `\\\"`, `\\\\`, `\\$` and `\\u{...}`; write `\\\\` for a backslash",
                    ),
            );
            return other.len_utf8();
        }
    };
    text.push(Cow::Borrowed(simple));
    1
}

/// Text being gathered: a single piece stays as it came (borrowed from the source
/// when it is a plain run); a second piece joining it makes an owned copy.
#[derive(Default)]
struct Text<'src>(Option<Cow<'src, str>>);

impl<'src> Text<'src> {
    fn push(&mut self, piece: Cow<'src, str>) {
        if piece.is_empty() {
            return;
        }
        match &mut self.0 {
            None => self.0 = Some(piece),
            Some(text) => text.to_mut().push_str(&piece),
        }
    }

    /// The gathered text, if any, as the next part; empties the gatherer.
    fn flush_into(&mut self, parts: &mut Vec<StrPart<'src>>) {
        if let Some(done) = self.0.take() {
            parts.push(StrPart::Text(done));
        }
    }
}

/// Lowers the body of a `"""` string: drops the first line break and a last line of
/// only indentation, removes the indentation common to all non-blank lines, then
/// reads escapes and variables line by line so spans stay exact.
pub(crate) fn lower_raw_string_body<'src>(
    body: &'src str,
    base: usize,
    problems: &mut Vec<Problem>,
) -> Vec<StrPart<'src>> {
    let mut parts: Vec<StrPart<'src>> = Vec::new();
    let mut text = Text::default();
    for (index, (start, line)) in raw_string_lines(body).into_iter().enumerate() {
        if index > 0 {
            text.push(Cow::Borrowed("\n"));
        }
        for part in lower_string_body(line, base + start, problems) {
            match part {
                StrPart::Text(piece) => text.push(piece),
                var @ StrPart::Var(..) => {
                    text.flush_into(&mut parts);
                    parts.push(var);
                }
            }
        }
    }
    text.flush_into(&mut parts);
    if parts.is_empty() {
        parts.push(StrPart::Text(Cow::Borrowed("")));
    }
    parts
}

/// The lines of a `"""` body as the string holds them, each with its byte offset in
/// the body: the first line break and a last line of only indentation dropped, the
/// indentation common to all non-blank lines cut, `\r` before a line break dropped.
/// Escapes are still to be read. The formatter re-indents `"""` strings with these.
pub(crate) fn raw_string_lines(body: &str) -> Vec<(usize, &str)> {
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
    lines
        .into_iter()
        .map(|(start, line)| {
            // A blank line may be shorter than the indentation, or hold other
            // whitespace (such as U+3000): cut only its own leading spaces and tabs.
            let lead = line.len() - line.trim_start_matches([' ', '\t']).len();
            let cut = indent.min(lead);
            (start + cut, &line[cut..])
        })
        .collect()
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

    fn lower(body: &str) -> (Vec<StrPart<'_>>, Vec<Problem>) {
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
                StrPart::Var("name", Span::new(10 + 12, 10 + 19)),
                StrPart::Text("!".into()),
            ]
        );
    }

    #[test]
    fn plain_text_borrows_and_a_lone_dollar_is_text() {
        let (parts, problems) = lower("costs $5 at ${shop}, $ off");
        assert!(problems.is_empty());
        assert_eq!(
            parts,
            vec![
                StrPart::Text("costs $5 at ".into()),
                StrPart::Var("shop", Span::new(10 + 12, 10 + 19)),
                StrPart::Text(", $ off".into()),
            ]
        );
        assert!(matches!(parts[0], StrPart::Text(Cow::Borrowed(_))));
        let (parts, _) = lower(r"a\tb");
        assert_eq!(parts, vec![StrPart::Text("a\tb".into())]);
        assert!(matches!(parts[0], StrPart::Text(Cow::Owned(_))));
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
    fn a_blank_line_of_other_whitespace_is_cut_only_at_its_spaces() {
        // `trim` calls U+3000 blank, but it is not indentation: cutting the common four
        // bytes would split it (and used to panic).
        let mut problems = Vec::new();
        let parts = lower_raw_string_body("\n    a\n  \u{3000}\n    ", 0, &mut problems);
        assert!(problems.is_empty());
        assert_eq!(parts, vec![StrPart::Text("a\n\u{3000}".into())]);
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
                StrPart::Var("name", *span),
                StrPart::Text("!\n  Indented".into()),
            ]
        );
    }
}
