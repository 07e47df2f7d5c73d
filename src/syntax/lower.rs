//! Pest pairs to the typed syntax tree, one `lower_<rule>` function per grammar rule.
//!
//! Conventions: `presume` takes the next child the grammar guarantees and panics
//! naming the rule when it is not there; that is a bug in ktpl, never user input.
//! Anything user input can get wrong is pushed onto `problems` with its span.

use pest::iterators::Pair;

use super::ast::{Arg, Binding, Block, Document, Ident, Node, Value, ValueKind};
use super::grammar::Rule;
use super::strings::{lower_raw_string_body, lower_string_body};
use crate::code::Code;
use crate::diagnostic::Problem;
use crate::span::Span;

/// Deeper than any Kakao template (template > content > link is three levels).
const MAX_DEPTH: usize = 8;

/// Lowers a parsed `document`.
pub(crate) fn lower_document<'src>(
    pair: Pair<'src, Rule>,
    problems: &mut Vec<Problem>,
) -> Document<'src> {
    let mut bindings = Vec::new();
    let mut template = None;
    for child in pair.into_inner() {
        match child.as_rule() {
            Rule::binding => bindings.push(lower_binding(child, problems)),
            Rule::template => template = Some(lower_node(child, 0, problems)),
            Rule::EOI | Rule::comment_text => {}
            rule => unreachable!("{rule:?} in lower_document"),
        }
    }
    Document {
        bindings,
        template: template.unwrap_or_else(|| unreachable!("document without template")),
    }
}

fn lower_binding<'src>(pair: Pair<'src, Rule>, problems: &mut Vec<Problem>) -> Binding<'src> {
    let span = pair.as_span().into();
    // Comments may stand between the pieces of a binding.
    let mut children = pair
        .into_inner()
        .filter(|child| child.as_rule() != Rule::comment_text);
    presume(&mut children, Rule::let_keyword);
    let name = lower_name(presume(&mut children, Rule::name));
    let value = lower_value(presume(&mut children, Rule::value), problems);
    Binding { name, value, span }
}

/// Lowers a `template` or a `node`: both are `name args* block?`.
fn lower_node<'src>(
    pair: Pair<'src, Rule>,
    depth: usize,
    problems: &mut Vec<Problem>,
) -> Node<'src> {
    let mut children = pair.into_inner();
    let name = lower_name(presume(&mut children, Rule::name));
    // The children left are the arguments and at most one block: one allocation.
    let mut args = Vec::with_capacity(children.len());
    let mut block = None;
    for child in children {
        match child.as_rule() {
            Rule::value => args.push(Arg::Positional(lower_value(child, problems))),
            Rule::keyed => args.push(lower_keyed(child, problems)),
            Rule::block => block = Some(lower_block(child, depth + 1, problems)),
            Rule::comment_text => {}
            rule => unreachable!("{rule:?} in lower_node"),
        }
    }
    // The pair's own span may end in the whitespace pest skipped looking for more
    // arguments; the node ends where its last piece does.
    let mut span = name.span;
    if let Some(last) = args.last() {
        span = span.to(match last {
            Arg::Positional(value) | Arg::Keyed { value, .. } => value.span,
        });
    }
    if let Some(block) = &block {
        span = span.to(block.span);
    }
    Node {
        name,
        args,
        block,
        span,
    }
}

fn lower_block<'src>(
    pair: Pair<'src, Rule>,
    depth: usize,
    problems: &mut Vec<Problem>,
) -> Block<'src> {
    let span: Span = pair.as_span().into();
    if depth > MAX_DEPTH {
        problems.push(
            Problem::new(Code::SyntaxTooDeep, "blocks are nested too deeply")
                .at(span, format!("this block is nested {depth} levels deep"))
                .help(format!(
                    "no Kakao template nests more than three blocks; ktpl stops at {MAX_DEPTH}"
                )),
        );
        return Block {
            nodes: Vec::new(),
            span,
        };
    }
    let children = pair.into_inner();
    let mut nodes = Vec::with_capacity(children.len());
    for child in children {
        match child.as_rule() {
            Rule::node => nodes.push(lower_node(child, depth, problems)),
            Rule::comment_text => {}
            rule => unreachable!("{rule:?} in lower_block"),
        }
    }
    Block { nodes, span }
}

fn lower_keyed<'src>(pair: Pair<'src, Rule>, problems: &mut Vec<Problem>) -> Arg<'src> {
    let mut children = pair.into_inner();
    let key = presume(&mut children, Rule::key);
    let span = key.as_span();
    // The token is `name=`.
    let key = Ident {
        text: &key.as_str()[..span.end() - span.start() - 1],
        span: Span::new(span.start(), span.end() - 1),
    };
    let value = lower_value(presume(&mut children, Rule::value), problems);
    Arg::Keyed { key, value }
}

fn lower_name(pair: Pair<'_, Rule>) -> Ident<'_> {
    Ident {
        text: pair.as_str(),
        span: pair.as_span().into(),
    }
}

fn lower_value<'src>(pair: Pair<'src, Rule>, problems: &mut Vec<Problem>) -> Value<'src> {
    let span: Span = pair.as_span().into();
    let text = pair.as_str();
    let kind = if let Some(after) = text.strip_prefix("\"\"\"") {
        // The grammar reads an unclosed `"""` as its opener alone.
        if let Some(body) = after.strip_suffix("\"\"\"") {
            ValueKind::Str(lower_raw_string_body(body, span.start + 3, problems))
        } else {
            problems.push(
                Problem::new(
                    Code::SyntaxUnterminatedString,
                    "unterminated `\"\"\"` string",
                )
                .at(span, "this string is never closed")
                .help("end the text with `\"\"\"` on a line of its own"),
            );
            ValueKind::Str(Vec::new())
        }
    } else if let Some(after) = text.strip_prefix('"') {
        if let Some(body) = closed_string_body(after) {
            ValueKind::Str(lower_string_body(body, span.start + 1, problems))
        } else {
            problems.push(
                Problem::new(Code::SyntaxUnterminatedString, "unterminated string")
                    .at(span, "this string has no closing `\"`")
                    .help("close the string with `\"` on the same line; for text over several lines use `\"\"\"...\"\"\"`"),
            );
            ValueKind::Str(Vec::new())
        }
    } else {
        lower_number(text, span, problems)
    };
    Value { kind, span }
}

/// The body of a `"` string from what follows its opening quote, if the string is
/// closed: the grammar stops a string at its closing quote or, unclosed, at the line
/// end. A final `"` closes the string unless an odd run of backslashes escapes it.
fn closed_string_body(after: &str) -> Option<&str> {
    let body = after.strip_suffix('"')?;
    let backslashes = body.len() - body.trim_end_matches('\\').len();
    (backslashes % 2 == 0).then_some(body)
}

/// Reads a number-like token: `208_800`, `-5`, `640x640` or `30%`.
pub(crate) fn lower_number(
    text: &str,
    span: Span,
    problems: &mut Vec<Problem>,
) -> ValueKind<'static> {
    let mut fail = |message: String, help: &str| {
        problems.push(
            Problem::new(Code::SyntaxBadNumber, message)
                .at(span, "here")
                .help(help),
        );
        ValueKind::Int(0)
    };
    if let Some(digits) = text.strip_suffix('%') {
        return match parse_integer(digits) {
            Some(n) => ValueKind::Percent(n),
            None => fail(
                format!("`{text}` is not a percentage"),
                "write a whole number followed by `%`, like `30%`",
            ),
        };
    }
    if let Some((width, height)) = text.split_once('x') {
        let side = |s: &str| {
            (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<u64>().ok())
                .flatten()
        };
        return match (side(width), side(height)) {
            (Some(w), Some(h)) => ValueKind::Size(w, h),
            _ => fail(
                format!("`{text}` is not a size"),
                "write a size as WIDTHxHEIGHT in pixels, like `640x640`",
            ),
        };
    }
    if text.contains('.') {
        return fail(
            format!("`{text}` is not a whole number"),
            "Kakao's numeric fields are integers: drop the fraction",
        );
    }
    match parse_integer(text) {
        Some(n) => ValueKind::Int(n),
        None if text
            .trim_start_matches('-')
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'_') =>
        {
            fail(
                format!("`{text}` is too large"),
                "integers must fit in 64 bits",
            )
        }
        None => fail(
            format!("`{text}` is not a number"),
            "write an integer (`208_800`), a size (`640x640`) or a percentage (`30%`); put text in quotes",
        ),
    }
}

/// `-?digits` with `_` between digits.
fn parse_integer(text: &str) -> Option<i64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'_')
    {
        return None;
    }
    let cleaned: String = digits.chars().filter(|&c| c != '_').collect();
    let magnitude: i64 = cleaned.parse().ok()?;
    Some(if negative { -magnitude } else { magnitude })
}

/// The next child, which the grammar guarantees is `rule`.
fn presume<'i>(children: &mut impl Iterator<Item = Pair<'i, Rule>>, rule: Rule) -> Pair<'i, Rule> {
    match children.next() {
        Some(pair) if pair.as_rule() == rule => pair,
        other => panic!(
            "grammar guarantees {rule:?} here, found {:?}",
            other.map(|p| p.as_rule())
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str) -> (ValueKind<'static>, usize) {
        let mut problems = Vec::new();
        let kind = lower_number(text, Span::new(0, text.len()), &mut problems);
        (kind, problems.len())
    }

    #[test]
    fn numbers_sizes_and_percentages() {
        assert_eq!(number("208_800"), (ValueKind::Int(208_800), 0));
        assert_eq!(number("-5"), (ValueKind::Int(-5), 0));
        assert_eq!(number("640x480"), (ValueKind::Size(640, 480), 0));
        assert_eq!(number("30%"), (ValueKind::Percent(30), 0));
    }

    #[test]
    fn malformed_literals_are_problems() {
        for text in [
            "640x",
            "x",
            "1.5",
            "12ab",
            "1__",
            "99999999999999999999",
            "3%%",
        ] {
            assert_eq!(number(text).1, 1, "{text}");
        }
    }
}
