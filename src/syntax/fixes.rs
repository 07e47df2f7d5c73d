//! The mistakes people make most when writing ktpl by hand, each recognised and
//! reported as the fix: "put the text in quotes", "remove the comma", "this block is
//! missing its `}`". The grammar's own "expected ..., found ..." is the fallback.

use super::ast::{Block, Document, Node};
use crate::code::Code;
use crate::diagnostic::{Applicability, Edit, Fix, Problem};
use crate::prose;
use crate::span::{Span, line_column};

/// An example template, for a file that has none.
const EXAMPLE: &str = "text { text \"Hello\" link \"https://example.com\" }";

/// A file with nothing but spaces and comments.
pub(super) fn empty_file(text: &str) -> Option<Problem> {
    let has_content = text.lines().any(|line| {
        !line.trim().trim_start_matches('\u{feff}').is_empty() && !line.trim().starts_with("//")
    });
    (!has_content).then(|| {
        Problem::new(Code::SyntaxEmptyFile, "the file holds no template")
            .at(Span::new(0, 0), "nothing here but spaces and comments")
            .help(format!("write one template, such as `{EXAMPLE}`"))
    })
}

/// Runs of bare words after a field on one line (`text Hello world`): the grammar reads
/// each word as a field, so without this the user gets one error per word.
pub(super) fn bare_words(document: &Document, text: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    if let Some(block) = &document.template.block {
        bare_words_in(block, text, &mut problems);
    }
    problems
}

fn bare_words_in(block: &Block, text: &str, problems: &mut Vec<Problem>) {
    let is_bare = |node: &Node| node.args.is_empty() && node.block.is_none();
    let nodes = &block.nodes;
    let mut i = 0;
    while i < nodes.len() {
        if let Some(inner) = &nodes[i].block {
            bare_words_in(inner, text, problems);
        }
        let field = &nodes[i];
        let mut end = i + 1;
        while end < nodes.len()
            && is_bare(&nodes[end])
            && !text[nodes[end - 1].span.end..nodes[end].span.start].contains('\n')
        {
            end += 1;
        }
        if is_bare(field) && end > i + 1 && crate::kakao::fields::is_field_name(field.name.text) {
            let words = nodes[i + 1].span.to(nodes[end - 1].span);
            // `text Hello link`: perhaps a line break went missing, not quotes.
            let plain = !nodes[i + 1..end]
                .iter()
                .any(|word| crate::kakao::fields::is_field_name(word.name.text));
            problems.push(unquoted(
                &format!("{} ", field.name.text),
                words,
                words.read(text),
                plain,
            ));
            i = end;
        } else {
            i += 1;
        }
    }
}

/// "put it in quotes", with the line as it should be written: `prefix` (`title `,
/// `web=`) and the value quoted. The fix quotes it, safely when the words are `plain`
/// and hold nothing that reads as more syntax (a quote, a brace, `key=`, `${`).
fn unquoted(prefix: &str, span: Span, written: &str, plain: bool) -> Problem {
    let written = written.trim();
    let (what, noun) = if written.contains("://") || written.starts_with("www.") {
        ("a URL", "URL")
    } else {
        ("text", "text")
    };
    let quoted = format!("\"{}\"", written.replace('\\', "\\\\").replace('"', "\\\""));
    let keyed = written.split_whitespace().skip(1).any(|word| {
        word.split_once('=').is_some_and(|(key, _)| {
            !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
    });
    let safe = plain && !keyed && !written.contains(['"', '{', '}']) && !written.contains("${");
    Problem::new(
        Code::SyntaxUnquotedText,
        format!("{what} must be in double quotes"),
    )
    .at(span, "put this in quotes")
    .help(format!("write `{prefix}{quoted}`"))
    .fix(Fix::new(
        Applicability::safe_if(safe),
        format!("Put the {noun} in quotes"),
        vec![Edit::replacement(span, quoted)],
    ))
}

/// A mistake recognised where the grammar failed: `at` is where, `found` the token there.
pub(super) fn at_failure(text: &str, at: usize, found: &str) -> Option<Problem> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[line_start..line_end];
    let before = &text[line_start..at];
    // `1,000`: digits, a comma, digits.
    if found == "," && before.ends_with(|c: char| c.is_ascii_digit()) {
        let number_start = before
            .rfind(|c: char| !(c.is_ascii_digit() || c == ',' || c == '_'))
            .map_or(line_start, |i| line_start + i + 1);
        let number_end = text[at..]
            .find(|c: char| !(c.is_ascii_digit() || c == ','))
            .map_or(line_end, |i| at + i);
        let number = &text[number_start..number_end];
        // Only commas that surely group thousands are fixed: `1,5` may be 1.5.
        let fix = prose::integer_with_separators(number)
            .filter(|(_, thousands)| *thousands)
            .map(|_| {
                let plain = number.replace(',', "");
                Fix::safe(
                    format!("Write `{plain}`"),
                    vec![Edit::replacement(
                        Span::new(number_start, number_end),
                        plain,
                    )],
                )
            });
        return Some(
            Problem::new(Code::SyntaxBadNumber, "numbers are written without commas")
                .at(Span::new(at, at + 1), "remove this comma")
                .help(format!(
                    "write `{}` (or `{}` to group digits)",
                    number.replace(',', ""),
                    number.replace(',', "_")
                ))
                .maybe_fix(fix),
        );
    }
    // 'single', “curly” or ‘curly’ quotes.
    let quote = found.chars().next()?;
    if matches!(
        quote,
        '\'' | '\u{201c}' | '\u{201d}' | '\u{2018}' | '\u{2019}'
    ) {
        let (field, value) = field_and_value(line)?;
        let inner = value.trim_matches(|c| {
            matches!(
                c,
                '\'' | '"' | '\u{201c}' | '\u{201d}' | '\u{2018}' | '\u{2019}'
            )
        });
        let message = if quote == '\'' {
            "text goes in double quotes `\"`, not single quotes"
        } else {
            "curly quotes are not string quotes"
        };
        let why = if quote == '\'' {
            String::new()
        } else {
            "your editor turned `\"` into a curly quote (turn off smart quotes); ".to_owned()
        };
        return Some(
            Problem::new(Code::SyntaxUnquotedText, message)
                .at(
                    Span::new(at, at + quote.len_utf8()),
                    "use a straight `\"` here",
                )
                .help(format!("{why}write `{field} \"{inner}\"`"))
                .maybe_fix(straighten_quotes(text, at, quote, line_end)),
        );
    }
    unquoted_value(text, line_start, line_end, at, found)
}

/// A value written without quotes where one is expected: after a field name, also
/// after other fields on its line (`title 오늘`, `description "…" title 🍰오늘`,
/// `link https://...`), after `key=` (`link web=https://...`) or in a `let`.
fn unquoted_value(
    text: &str,
    line_start: usize,
    line_end: usize,
    at: usize,
    found: &str,
) -> Option<Problem> {
    let before = &text[line_start..at];
    let head = before.trim_end();
    if let Some(key) = head.strip_suffix('=') {
        // `key=value`, or `let name = value`.
        let key = trailing_name(key.trim_end())?;
        let is_let = head.trim_start().starts_with("let ");
        let rest = &text[at..line_end];
        let value = if is_let {
            value_on_line(rest)
        } else {
            rest.split(char::is_whitespace).next().unwrap_or_default()
        };
        if !starts_bare(value) {
            return None;
        }
        let prefix = if is_let {
            format!("let {key} = ")
        } else {
            format!("{key}=")
        };
        return Some(unquoted(
            &prefix,
            Span::new(at, at + value.len()),
            value,
            true,
        ));
    }
    // The field nearest before the failure whose value, up to it, is bare words.
    let (field, field_end) = names_in(before)
        .rev()
        .find(|(name, _)| crate::kakao::fields::is_field_name(name))?;
    let between = &before[field_end..];
    if !between.starts_with([' ', '\t']) || between.contains(['"', '=', '{', '}']) {
        return None;
    }
    let value_start = line_start + field_end + (between.len() - between.trim_start().len());
    let value = value_on_line(&text[value_start..line_end]);
    // `web= "..."` and `title = "x"` are other mistakes, with their own hints.
    let keyed = found == "="
        || value.split_once('=').is_some_and(|(key, _)| {
            key.trim()
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
    if keyed || !starts_bare(value) || value_start + value.len() <= at {
        return None;
    }
    Some(unquoted(
        &format!("{field} "),
        Span::new(value_start, value_start + value.len()),
        value,
        true,
    ))
}

/// Whether `value` starts as text does, not as a string, block or number would.
fn starts_bare(value: &str) -> bool {
    value
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '/' || !c.is_ascii())
}

/// A value to the end of its line, without a block or comment after it.
fn value_on_line(rest: &str) -> &str {
    let value = rest.split(" {").next().unwrap_or(rest).trim_end();
    value.split(" //").next().unwrap_or(value).trim()
}

/// The name (`[A-Za-z_][A-Za-z0-9_]*`) that `text` ends with.
fn trailing_name(text: &str) -> Option<&str> {
    let start = text
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1);
    let name = &text[start..];
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        .then_some(name)
}

/// The names standing as words in `line` (at its start or after a space or brace),
/// with where each ends.
fn names_in(line: &str) -> impl DoubleEndedIterator<Item = (&str, usize)> {
    let mut names = Vec::new();
    let mut start = None;
    let mut previous = ' ';
    for (i, c) in line
        .char_indices()
        .chain(std::iter::once((line.len(), ' ')))
    {
        let is_name_char = c.is_ascii_alphanumeric() || c == '_';
        match start {
            None if is_name_char
                && !c.is_ascii_digit()
                && (previous.is_whitespace() || matches!(previous, '{' | '}')) =>
            {
                start = Some(i);
            }
            Some(from) if !is_name_char => {
                names.push((&line[from..i], i));
                start = None;
            }
            _ => {}
        }
        previous = c;
    }
    names.into_iter()
}

/// The string opened by the quote at `at` (`'`, or a curly quote), rewritten with
/// straight double quotes: its closing quote is the first of the same family (curly
/// quotes pair loosely, as editors make them) that ends a word, before `line_end`.
fn straighten_quotes(text: &str, at: usize, open: char, line_end: usize) -> Option<Fix> {
    let closes = |c: char| match open {
        '\'' => c == '\'',
        '\u{201c}' | '\u{201d}' => matches!(c, '\u{201c}' | '\u{201d}' | '"'),
        _ => matches!(c, '\u{2018}' | '\u{2019}' | '\''),
    };
    let body_start = at + open.len_utf8();
    let body = &text[body_start..line_end];
    let (close, quote) = body.char_indices().find(|&(i, c)| {
        closes(c)
            && body[i + c.len_utf8()..]
                .chars()
                .next()
                .is_none_or(|next| next.is_whitespace() || matches!(next, '{' | '}' | '/'))
    })?;
    let inner = &body[..close];
    let written = format!("\"{}\"", inner.replace('"', "\\\""));
    // A backslash was an escape or a character: the author's call.
    Some(Fix::new(
        Applicability::safe_if(!inner.contains('\\')),
        "Use straight double quotes",
        vec![Edit::replacement(
            Span::new(at, body_start + close + quote.len_utf8()),
            written,
        )],
    ))
}

/// `field rest` on a line: the field name and the rest, trimmed.
fn field_and_value(line: &str) -> Option<(&str, &str)> {
    let trimmed = line.trim_start();
    let name_end = trimmed.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
    let (field, rest) = trimmed.split_at(name_end);
    let value = rest.trim();
    (!field.is_empty() && rest.starts_with([' ', '\t']) && !value.is_empty())
        .then_some((field, value))
}

/// The end of the file reached with a block open. The block blamed is the one whose
/// `}` is missing by the indentation: a `}` that starts a line less indented than the
/// line that opened the innermost block closes an outer block, so the inner one is the
/// unclosed one. Without such a hint, the innermost open block.
pub(super) fn missing_brace(text: &str) -> Option<Problem> {
    let (open, closer) = unclosed_block(text)?;
    let line_start = text[..open].rfind('\n').map_or(0, |i| i + 1);
    let opener = text[line_start..=open].trim_start();
    let name = opener
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .next()
        .filter(|n| !n.is_empty())
        .unwrap_or("this");
    let start = line_start + (text[line_start..].len() - text[line_start..].trim_start().len());
    let mut problem = Problem::new(
        Code::SyntaxMissingBrace,
        format!("the `{name}` block is never closed"),
    )
    .at(
        Span::new(start.min(open), open + 1),
        "this `{` has no matching `}`",
    );
    if let Some(at) = closer {
        problem = problem.also(Span::new(at, at + 1), "this `}` closes an outer block");
    }
    // The block ends, by the indentation, before the first later line indented no
    // deeper than its opener.
    let opener_indent = start - line_start;
    let after_opener = text[open..].find('\n').map_or(text.len(), |i| open + i + 1);
    let mut offset = after_opener;
    let mut ends_before = None;
    for line in text[after_opener..].split_inclusive('\n') {
        let content = line.trim();
        let indent = line.len() - line.trim_start().len();
        if !content.is_empty() && !content.starts_with("//") && indent <= opener_indent {
            ends_before = Some(offset);
            break;
        }
        offset += line.len();
    }
    let help = match ends_before {
        Some(at) if closer.is_some() => {
            let (line, _) = line_column(text, at);
            format!("add a `}}` to close `{name}` before line {line}")
        }
        _ => format!("add a `}}` after the last field of `{name}`"),
    };
    Some(problem.help(help))
}

/// The block that is never closed, and the `}` that by its indentation closed an outer
/// block instead (when there is one). One pass, keeping track of the line as it goes:
/// a file of one long line with many braces must not cost the square of its length.
fn unclosed_block(text: &str) -> Option<(usize, Option<usize>)> {
    let bytes = text.as_bytes();
    // Each open `{` and the indentation of the line it is on.
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut culprit = None;
    let mut line_start = 0;
    // Where the current line's first non-blank byte is, once seen.
    let mut first_content: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if byte == b'\n' {
            line_start = i + 1;
            first_content = None;
            i += 1;
            continue;
        }
        let starts_line = first_content.is_none();
        if !byte.is_ascii_whitespace() && first_content.is_none() {
            first_content = Some(i);
        }
        let indent = first_content.unwrap_or(i) - line_start;
        match byte {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                // To the line end; the `\n` itself is read by the loop.
                i = text[i..].find('\n').map_or(bytes.len(), |at| i + at);
                continue;
            }
            b'"' if text[i..].starts_with("\"\"\"") => {
                let Some(close) = text[i + 3..].find("\"\"\"") else {
                    break;
                };
                let end = i + 3 + close + 3;
                if let Some(newline) = text[i..end].rfind('\n') {
                    // The string spans lines: its last line has content from its start,
                    // so what follows is neither a line start nor indented.
                    line_start = i + newline + 1;
                    first_content = Some(line_start);
                }
                i = end;
                continue;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if bytes.get(i) == Some(&b'"') {
                    i += 1;
                }
                continue;
            }
            b'{' => open.push((i, indent)),
            b'}' => {
                if let Some(&(top, top_indent)) = open.last()
                    && culprit.is_none()
                    && starts_line
                    && indent < top_indent
                    && open.len() > 1
                {
                    culprit = Some((top, Some(i)));
                    open.pop();
                }
                open.pop();
            }
            _ => {}
        }
        i += 1;
    }
    culprit.or_else(|| open.pop().map(|(at, _)| (at, None)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_block_missing_its_brace_is_found_by_indentation() {
        let text = "feed {\n  content {\n    title \"a\"\n  button \"b\" { link \"l\" }\n}\n";
        let (open, closer) = unclosed_block(text).expect("unclosed");
        assert_eq!(&text[open - 8..=open], "content {");
        assert_eq!(closer, Some(text.rfind('}').expect("brace")));
        let text = "feed {\n  content { title \"a\" }\n";
        assert_eq!(unclosed_block(text), Some((5, None)));
        // Braces in strings, raw strings and comments do not count.
        let text =
            "feed {\n  content {\n    title \"}\" // }\n    description \"\"\"\n  }\n\"\"\"\n  }\n";
        assert_eq!(unclosed_block(text), Some((5, None)));
    }

    #[test]
    fn a_raw_string_over_several_lines_keeps_the_line_count_straight() {
        // Found by fuzzing: the line's start moved past where its content began.
        let text = "text {\n  text \"\"\"\n    text \"\"\" link \"https://example.co\u{fffd}m{ re";
        // The `{` after the unterminated URL string is inside that string.
        assert_eq!(unclosed_block(text), Some((5, None)));
        let text = "feed {\n  content {\n    title \"\"\"a\n  b\"\"\" }\n";
        assert_eq!(unclosed_block(text), Some((5, None)));
    }

    #[test]
    fn one_long_line_of_braces_is_read_to_its_end() {
        // The scan is one pass (it was quadratic on such a line); speed is not timed in
        // tests (STYLE.md), this only checks the answer on a large line.
        let text = format!("feed {{ {}", "a { } ".repeat(200_000));
        assert_eq!(unclosed_block(&text), Some((5, None)));
    }

    #[test]
    fn fields_and_values_are_split() {
        assert_eq!(
            field_and_value("  text Hello world"),
            Some(("text", "Hello world"))
        );
        assert_eq!(field_and_value("  text"), None);
        assert_eq!(field_and_value("}"), None);
    }
}
