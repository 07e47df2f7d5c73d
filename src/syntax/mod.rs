//! Stage 1: source text to the typed syntax tree (`Document`), or syntax problems.

pub(crate) mod ast;
mod fixes;
pub(crate) mod grammar;
mod lower;
mod nesting;
mod rule_names;
pub(crate) mod strings;
pub(crate) mod trivia;

use pest::Parser;
use pest::error::{ErrorVariant, InputLocation};

use self::ast::Document;
use self::grammar::{KtplParser, Rule};
use crate::code::Code;
use crate::diagnostic::Problem;
use crate::span::{Span, floor_char_boundary};

/// Deeper than this the parser is not asked to read a file at all: far above any
/// template (the lowering refuses more than 8 levels with a closer explanation) and
/// far below what fills a thread's stack.
const PARSE_DEPTH_LIMIT: usize = 64;

/// Parses a ktpl source. Problems found while lowering (bad literals, escapes) are all
/// collected; a grammar error stops at the first.
pub fn parse(text: &str) -> Result<Document<'_>, Vec<Problem>> {
    if let Some(problem) = fixes::empty_file(text) {
        return Err(vec![problem]);
    }
    if let Some(at) = nesting::first_brace_beyond(text, PARSE_DEPTH_LIMIT) {
        return Err(vec![
            Problem::new(Code::SyntaxTooDeep, "the file nests too deeply to read")
                .at(
                    Span::new(at, at + 1),
                    format!("this block is more than {PARSE_DEPTH_LIMIT} levels deep"),
                )
                .help("no Kakao template nests more than three blocks; look for a `{` that should be `}`"),
        ]);
    }
    let pairs = match KtplParser::parse(Rule::document, text) {
        Ok(pairs) => pairs,
        Err(error) => return Err(vec![grammar_problem(&error, text)]),
    };
    let mut problems = Vec::new();
    let document = lower::lower_document(pairs, text, &mut problems);
    problems.extend(fixes::bare_words(&document, text));
    if problems.is_empty() {
        Ok(document)
    } else {
        Err(problems)
    }
}

/// Turns pest's error into a problem that says what was expected and what was found.
fn grammar_problem(error: &pest::error::Error<Rule>, text: &str) -> Problem {
    let at = match error.location {
        InputLocation::Pos(pos) => pos,
        InputLocation::Span((start, _)) => start,
    };
    let at = floor_char_boundary(text, at);
    if let Some(open) = unterminated_string_before(text, at) {
        let end = text[open..].find('\n').map_or(text.len(), |i| open + i);
        return Problem::new(Code::SyntaxUnterminatedString, "unterminated string")
            .at(Span::new(open, end), "this string has no closing `\"`")
            .help("close the string with `\"` on the same line; for text over several lines use `\"\"\"...\"\"\"`");
    }
    let rest = &text[at..];
    if rest.trim().is_empty()
        && let Some(open) = unterminated_raw_string(text)
    {
        return Problem::new(
            Code::SyntaxUnterminatedString,
            "unterminated `\"\"\"` string",
        )
        .at(Span::new(open, open + 3), "this string is never closed")
        .help("close it with `\"\"\"`");
    }
    let found = found_token(rest);
    let recognised = if found.is_empty() {
        fixes::missing_brace(text)
    } else {
        fixes::at_failure(text, at, found)
    };
    if let Some(problem) = recognised {
        return problem;
    }
    let span = Span::new(at, at + found.len());
    let expected = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            let mut names: Vec<&str> = positives.iter().map(|&r| rule_names::describe(r)).collect();
            names.dedup();
            names.sort_unstable();
            names.dedup();
            crate::prose::one_of(&names).replace('`', "")
        }
        ErrorVariant::CustomError { message } => message.clone(),
    };
    let found_words = if found.is_empty() {
        "end of file".to_owned()
    } else if found == "\n" || found == "\r" {
        "a line break".to_owned()
    } else if found.trim().is_empty() {
        "a space".to_owned()
    } else {
        format!("`{}`", found.escape_debug())
    };
    let problem = Problem::new(
        Code::SyntaxUnexpected,
        format!("expected {expected}, found {found_words}"),
    )
    .at(span, format!("expected {expected}"));
    let hint = if expected == "end of file" {
        "a file holds exactly one template; put the next one in its own file, or remove a stray `}` above".to_owned()
    } else {
        hint_for(text, at, found)
    };
    problem.help(hint)
}

/// The token at the failure point: a word, a quoted string's start, or one char.
fn found_token(rest: &str) -> &str {
    let rest = rest.trim_end();
    let Some(first) = rest.chars().next() else {
        return "";
    };
    let len = if first.is_alphanumeric() || first == '_' {
        rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len())
    } else {
        first.len_utf8()
    };
    &rest[..floor_char_boundary(rest, len.min(40))]
}

fn hint_for(text: &str, at: usize, found: &str) -> String {
    let before = text[..at].trim_end();
    if found.is_empty() {
        // Every block is closed (an open one is `missing_brace`): the template is missing.
        return "the file ends before its template: after any `let` lines, write one template such as `text { text \"Hello\" link \"https://example.com\" }`".to_owned();
    }
    if text[..at].ends_with('=') && found.trim().is_empty() {
        return "write `key=value` with nothing between `=` and the value, like `web=\"https://...\"`".to_owned();
    }
    if found == "=" {
        return "fields take their value without `=`: write `title \"Hello\"`; `key=value` (no spaces) is only for arguments like `link web=\"...\"`".to_owned();
    }
    if found == "}" && before.ends_with('{') {
        return "a block needs at least its closing brace; remove the extra `}`".to_owned();
    }
    if found.starts_with(|c: char| c.is_alphabetic())
        && before.ends_with('}')
        && !text[..at].contains('{')
    {
        return "a file holds exactly one template; put other templates in their own files"
            .to_owned();
    }
    if found == "\"" || found == "'" {
        return "a string may not follow here; check the line above for a missing field name"
            .to_owned();
    }
    "check for a missing `}`, a missing field name, or text that should be quoted".to_owned()
}

/// The start of a `"` string that runs into the end of its line before `limit`: the
/// grammar reads such a string to the line end and then usually fails on the next
/// line, and the unclosed quote is the cause worth reporting.
fn unterminated_string_before(text: &str, limit: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len().min(limit) {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' if text[i..].starts_with("\"\"\"") => {
                let close = text[i + 3..].find("\"\"\"")?;
                i += close + 6;
                continue;
            }
            b'"' => {
                let open = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\n' {
                        return (open < limit).then_some(open);
                    }
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Where an unterminated `"""` starts, if there is one.
fn unterminated_raw_string(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text[from..].find("\"\"\"") {
        let open = from + found;
        // A value that starts with `"""` is only the opener when it is never closed.
        match KtplParser::parse(Rule::value, &text[open..]) {
            Ok(pairs) if pairs.as_str().len() > 3 => from = open + pairs.as_str().len(),
            _ => return Some(open),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::ast::{Arg, Node};
    use super::*;

    fn spans_read_back(node: &Node, text: &str) {
        assert_eq!(node.name.span.read(text), node.name.text);
        assert!(node.span.read(text).starts_with(node.name.text));
        for arg in &node.args {
            if let Arg::Keyed { key, value } = arg {
                assert_eq!(key.span.read(text), key.text);
                assert!(!value.span.read(text).is_empty());
            }
        }
        if let Some(block) = &node.block {
            assert!(block.span.read(text).starts_with('{'));
            assert!(block.span.read(text).ends_with('}'));
            assert!(node.span.read(text).ends_with('}'));
            for child in &block.nodes {
                spans_read_back(child, text);
            }
        }
    }

    #[test]
    fn every_span_reads_back_its_own_text() {
        let text = "let a = \"x\"\nfeed {\n  content { title \"${a}\" image \"u\" 640x640 link web=\"w\" }\n  button \"b\" { link \"l\" }\n}\n";
        let document = parse(text).expect("parses");
        assert_eq!(document.bindings[0].name.span.read(text), "a");
        assert_eq!(document.bindings[0].value.span.read(text), "\"x\"");
        spans_read_back(&document.template, text);
    }

    #[test]
    fn grammar_errors_point_at_the_offending_token() {
        let text = "text {\n  text = \"hi\"\n}";
        let problems = parse(text).expect_err("fails");
        let (span, _) = problems[0].primary.clone().expect("span");
        assert_eq!(span.read(text), "=");
        assert!(
            problems[0]
                .help
                .as_deref()
                .unwrap_or("")
                .contains("without `=`")
        );
    }

    #[test]
    fn unterminated_strings_are_found() {
        let problems = parse("text {\n  text \"hi\n}").expect_err("fails");
        assert_eq!(problems[0].code, Code::SyntaxUnterminatedString);
        let problems = parse("text {\n  text \"\"\"hi\n}").expect_err("fails");
        assert_eq!(problems[0].code, Code::SyntaxUnterminatedString);
        // The next line would fail the grammar first; the open quote is still the cause.
        let text = "text {\n  text \"Your order\n  has shipped.\"\n}";
        let problems = parse(text).expect_err("fails");
        assert_eq!(problems[0].code, Code::SyntaxUnterminatedString);
        let (span, _) = problems[0].primary.clone().expect("span");
        assert_eq!(span.read(text), "\"Your order");
    }

    #[test]
    fn forgotten_quotes_are_one_error_that_shows_the_fix() {
        for (text, help) in [
            (
                "text {\n  text Hello world\n  link \"u\"\n}",
                "write `text \"Hello world\"`",
            ),
            (
                "feed {\n  content {\n    title Big sale\n  }\n}",
                "write `title \"Big sale\"`",
            ),
            (
                "text {\n  text \"a\"\n  link https://a.com/b?c=d\n}",
                "write `link \"https://a.com/b?c=d\"`",
            ),
            ("text {\n  text 안녕\n}", "write `text \"안녕\"`"),
        ] {
            let problems = parse(text).expect_err(text);
            assert_eq!(problems.len(), 1, "{text}: {problems:?}");
            assert_eq!(problems[0].code, Code::SyntaxUnquotedText, "{text}");
            assert_eq!(problems[0].help.as_deref(), Some(help), "{text}");
        }
        // Several fields on one line, each with its value, are fine.
        assert!(parse("feed { content { title \"a\" link \"u\" } button_title \"b\" }").is_ok());
    }

    #[test]
    fn an_empty_file_is_not_blamed_on_a_brace() {
        for text in ["", "  \n", "// nothing yet\n", "\u{feff}"] {
            let problems = parse(text).expect_err(text);
            assert_eq!(problems[0].code, Code::SyntaxEmptyFile, "{text:?}");
        }
    }

    /// The problems parsing `text` on a thread with `stack` bytes of stack; a stack
    /// overflow aborts the test run.
    fn parse_refused_on_stack(text: String, stack: usize) -> Vec<Problem> {
        std::thread::Builder::new()
            .stack_size(stack)
            .spawn(move || parse(&text).expect_err("refused"))
            .expect("thread")
            .join()
            .expect("no panic")
    }

    #[test]
    fn closing_braces_hidden_in_strings_and_comments_do_not_hide_depth() {
        // Each level really opens a block; a scan that let these `}` count would hand
        // pest 5,000 levels, more than the 1 MiB stack below holds.
        for level in [
            "a { t \"}\" ",
            "a { t \"\\\"}\" ",
            "a { t \"\"\"}}\"\"\" ",
            "a { // }\n",
        ] {
            let problems =
                parse_refused_on_stack(format!("feed {{ {}", level.repeat(5_000)), 1 << 20);
            assert_eq!(problems[0].code, Code::SyntaxTooDeep, "{level}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_without_overflowing() {
        let depth = 100_000;
        let text = format!("feed {{ {}{}", "a { ".repeat(depth), "} ".repeat(depth + 1));
        let problems = parse_refused_on_stack(text, 8 << 20);
        assert_eq!(problems[0].code, Code::SyntaxTooDeep, "{:?}", problems[0]);
    }
}
