//! pest's tokens to the typed syntax tree, one `lower_<rule>` function per grammar rule.
//!
//! The tree is read from pest's token stream (each rule's start, its children's
//! tokens, its end), front to back: no `Pair` per piece, each holding the parse's
//! shared buffers and counting its children, as walking pest's pairs would.
//!
//! Conventions: `presume` takes the next child the grammar guarantees and panics
//! naming the rule when it is not there; that is a bug in ktpl, never user input.
//! Anything user input can get wrong is pushed onto `problems` with its span.

use pest::Token;
use pest::iterators::Pairs;

use super::ast::{Arg, Binding, Block, Document, Ident, Node, Value, ValueKind};
use super::grammar::Rule;
use super::strings::{lower_raw_string_body, lower_string_body};
use crate::code::Code;
use crate::diagnostic::Problem;
use crate::span::Span;

/// Deeper than any Kakao template (template > content > link is three levels).
const MAX_DEPTH: usize = 8;

/// The tokens of one parse, read front to back, and what lowering them needs.
struct Lowering<'src, 'p> {
    tokens: pest::iterators::Tokens<'src, Rule>,
    text: &'src str,
    problems: &'p mut Vec<Problem>,
    /// The nodes of the blocks being read, innermost last: each block takes its own
    /// off the end when it closes, in one allocation of their number.
    nodes: Vec<Node<'src>>,
    /// The same for the arguments of the nodes being read.
    args: Vec<Arg<'src>>,
}

impl<'src> Lowering<'src, '_> {
    /// The next child of the rule being read, as its rule and where it starts, with
    /// comments skipped; or, when the rule has no more children, where it ends.
    fn child(&mut self) -> Result<(Rule, usize), usize> {
        loop {
            match self.tokens.next() {
                Some(Token::Start {
                    rule: Rule::comment_text,
                    ..
                }) => {
                    self.end();
                }
                Some(Token::Start { rule, pos }) => return Ok((rule, pos.pos())),
                Some(Token::End { pos, .. }) => return Err(pos.pos()),
                None => unreachable!("tokens end inside a rule"),
            }
        }
    }

    /// Where the rule just started ends, its children (if any) skipped.
    fn end(&mut self) -> usize {
        let mut open = 0usize;
        loop {
            match self.tokens.next() {
                Some(Token::Start { .. }) => open += 1,
                Some(Token::End { pos, .. }) if open == 0 => return pos.pos(),
                Some(Token::End { .. }) => open -= 1,
                None => unreachable!("tokens end inside a rule"),
            }
        }
    }

    /// Where the next child, which the grammar guarantees is `rule`, starts.
    fn presume(&mut self, rule: Rule) -> usize {
        match self.child() {
            Ok((found, start)) if found == rule => start,
            other => panic!(
                "grammar guarantees {rule:?} here, found {:?}",
                other.map(|(found, _)| found)
            ),
        }
    }

    /// The atomic token that starts at `start`, read to its end.
    fn token(&mut self, start: usize) -> (&'src str, Span) {
        let end = self.end();
        (&self.text[start..end], Span::new(start, end))
    }
}

/// Lowers the pairs of a parsed `document` of `text`.
pub(crate) fn lower_document<'src>(
    pairs: Pairs<'src, Rule>,
    text: &'src str,
    problems: &mut Vec<Problem>,
) -> Document<'src> {
    let mut lowering = Lowering {
        tokens: pairs.tokens(),
        text,
        problems,
        nodes: Vec::new(),
        args: Vec::new(),
    };
    lowering.presume(Rule::document);
    let mut bindings = Vec::new();
    let mut template = None;
    while let Ok((rule, start)) = lowering.child() {
        match rule {
            Rule::binding => bindings.push(lower_binding(&mut lowering, start)),
            Rule::template => template = Some(lower_node(&mut lowering, 0)),
            Rule::EOI => {
                lowering.end();
            }
            rule => unreachable!("{rule:?} in lower_document"),
        }
    }
    Document {
        bindings,
        template: template.unwrap_or_else(|| unreachable!("document without template")),
    }
}

fn lower_binding<'src>(lowering: &mut Lowering<'src, '_>, start: usize) -> Binding<'src> {
    lowering.presume(Rule::let_keyword);
    lowering.end();
    let at = lowering.presume(Rule::name);
    let name = lower_name(lowering, at);
    let at = lowering.presume(Rule::value);
    let value = lower_value(lowering, at);
    let end = match lowering.child() {
        Err(end) => end,
        Ok((rule, _)) => unreachable!("{rule:?} after a binding's value"),
    };
    Binding {
        name,
        value,
        span: Span::new(start, end),
    }
}

/// Lowers a `template` or a `node`: both are `name args* block?`.
fn lower_node<'src>(lowering: &mut Lowering<'src, '_>, depth: usize) -> Node<'src> {
    let at = lowering.presume(Rule::name);
    let name = lower_name(lowering, at);
    let first = lowering.args.len();
    let mut block = None;
    while let Ok((rule, start)) = lowering.child() {
        match rule {
            Rule::value => {
                let value = lower_value(lowering, start);
                lowering.args.push(Arg::Positional(value));
            }
            Rule::keyed => {
                let keyed = lower_keyed(lowering);
                lowering.args.push(keyed);
            }
            // The nodes in the block put their arguments above this node's and take
            // them off again before it ends.
            Rule::block => block = Some(lower_block(lowering, start, depth + 1)),
            rule => unreachable!("{rule:?} in lower_node"),
        }
    }
    let args = lowering.args.split_off(first);
    // The node's own end may lie in the whitespace pest skipped looking for more
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

fn lower_block<'src>(lowering: &mut Lowering<'src, '_>, start: usize, depth: usize) -> Block<'src> {
    if depth > MAX_DEPTH {
        let span = Span::new(start, lowering.end());
        lowering.problems.push(
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
    let first = lowering.nodes.len();
    let end = loop {
        match lowering.child() {
            Ok((Rule::node, _)) => {
                let node = lower_node(lowering, depth);
                lowering.nodes.push(node);
            }
            Ok((rule, _)) => unreachable!("{rule:?} in lower_block"),
            Err(end) => break end,
        }
    };
    Block {
        nodes: lowering.nodes.split_off(first),
        span: Span::new(start, end),
    }
}

fn lower_keyed<'src>(lowering: &mut Lowering<'src, '_>) -> Arg<'src> {
    let at = lowering.presume(Rule::key);
    let (text, span) = lowering.token(at);
    // The token is `name=`.
    let key = Ident {
        text: &text[..text.len() - 1],
        span: Span::new(span.start, span.end - 1),
    };
    let at = lowering.presume(Rule::value);
    let value = lower_value(lowering, at);
    if let Ok((rule, _)) = lowering.child() {
        unreachable!("{rule:?} after a key's value");
    }
    Arg::Keyed { key, value }
}

fn lower_name<'src>(lowering: &mut Lowering<'src, '_>, start: usize) -> Ident<'src> {
    let (text, span) = lowering.token(start);
    Ident { text, span }
}

fn lower_value<'src>(lowering: &mut Lowering<'src, '_>, start: usize) -> Value<'src> {
    let (text, span) = lowering.token(start);
    let problems = &mut *lowering.problems;
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
    // What `str::parse::<i64>` gives for the digits without `_`, without building them.
    let mut magnitude: i64 = 0;
    for digit in digits.bytes().filter(|&b| b != b'_') {
        magnitude = magnitude
            .checked_mul(10)?
            .checked_add(i64::from(digit - b'0'))?;
    }
    Some(if negative { -magnitude } else { magnitude })
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
    fn integers_fill_64_bits_and_no_more() {
        assert_eq!(number("9223372036854775807"), (ValueKind::Int(i64::MAX), 0));
        assert_eq!(
            number("-9_223_372_036_854_775_807"),
            (ValueKind::Int(-i64::MAX), 0)
        );
        assert_eq!(number("1__2"), (ValueKind::Int(12), 0));
        assert_eq!(number("007"), (ValueKind::Int(7), 0));
        for text in ["9223372036854775808", "-9223372036854775808"] {
            assert_eq!(number(text).1, 1, "{text}");
        }
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
