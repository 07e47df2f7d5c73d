//! Trivia: the comments and blank lines the syntax tree leaves out, with their spans.
//!
//! The grammar skips comments and whitespace between tokens, so they can only lie in
//! the gaps between the tokens the parsed tree records. Scanning those gaps (and
//! nothing else) gives a lossless view of the source from the parser's own result:
//! no second grammar decides what is a comment. The formatter and the language server
//! read trivia from here.

use super::ast::{Arg, Document, Node};
use crate::span::Span;

/// One piece of trivia.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trivia {
    /// `// ...` up to the end of its line (without the line break).
    Comment(Span),
    /// A line holding nothing but whitespace (without its line break).
    BlankLine(Span),
}

impl Trivia {
    /// Where it is.
    #[must_use]
    pub fn span(self) -> Span {
        match self {
            Trivia::Comment(span) | Trivia::BlankLine(span) => span,
        }
    }
}

/// The trivia of a parsed source, in source order.
#[must_use]
pub fn collect(text: &str, document: &Document) -> Vec<Trivia> {
    let mut tokens = Vec::new();
    for binding in &document.bindings {
        tokens.push(Span::new(binding.span.start, binding.span.start + 3));
        tokens.push(binding.name.span);
        tokens.push(binding.value.span);
    }
    node_tokens(&document.template, &mut tokens);
    let mut trivia = Vec::new();
    let mut from = 0;
    for token in tokens {
        scan_gap(text, from, token.start, &mut trivia);
        from = token.end;
    }
    scan_gap(text, from, text.len(), &mut trivia);
    trivia
}

/// The spans of a node's tokens, in order: name, arguments, braces and children.
fn node_tokens(node: &Node, tokens: &mut Vec<Span>) {
    tokens.push(node.name.span);
    for arg in &node.args {
        tokens.push(match arg {
            Arg::Positional(value) => value.span,
            Arg::Keyed { key, value } => key.span.to(value.span),
        });
    }
    if let Some(block) = &node.block {
        tokens.push(Span::new(block.span.start, block.span.start + 1));
        for child in &block.nodes {
            node_tokens(child, tokens);
        }
        tokens.push(Span::new(block.span.end - 1, block.span.end));
    }
}

/// Finds the comments and blank lines in `text[start..end]`, which the grammar
/// guarantees holds only whitespace, comments and a binding's `=`.
fn scan_gap(text: &str, start: usize, end: usize, trivia: &mut Vec<Trivia>) {
    if start >= end {
        return;
    }
    let bytes = text.as_bytes();
    // Where the current line starts, when that is inside the gap (so the line so far
    // holds only what the gap holds).
    let mut line_start = (start == 0 || bytes[start - 1] == b'\n').then_some(start);
    let mut line_has_comment = false;
    let mut i = start;
    while i < end {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let stop = text[i..end].find('\n').map_or(end, |n| i + n);
                let close = if text[i..stop].ends_with('\r') {
                    stop - 1
                } else {
                    stop
                };
                trivia.push(Trivia::Comment(Span::new(i, close)));
                line_has_comment = true;
                i = stop;
            }
            b'\n' => {
                if let Some(line) = line_start
                    && !line_has_comment
                    && text[line..i].trim().is_empty()
                {
                    let close = if i > line && bytes[i - 1] == b'\r' {
                        i - 1
                    } else {
                        i
                    };
                    trivia.push(Trivia::BlankLine(Span::new(line, close)));
                }
                line_start = Some(i + 1);
                line_has_comment = false;
                i += 1;
            }
            _ => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trivia_of(text: &str) -> Vec<(&'static str, &str)> {
        let document = crate::syntax::parse(text).expect("parses");
        collect(text, &document)
            .into_iter()
            .map(|t| match t {
                Trivia::Comment(span) => ("comment", span.read(text)),
                Trivia::BlankLine(span) => ("blank", span.read(text)),
            })
            .collect()
    }

    #[test]
    fn comments_and_blank_lines_are_found_between_tokens_only() {
        let text = "// head\nlet a = \"x\" // why\n\n  \ntext { // open\n  text \"// not a comment\"\n\n  link \"${a}\" // end\n}\n// tail";
        assert_eq!(
            trivia_of(text),
            vec![
                ("comment", "// head"),
                ("comment", "// why"),
                ("blank", ""),
                ("blank", "  "),
                ("comment", "// open"),
                ("blank", ""),
                ("comment", "// end"),
                ("comment", "// tail"),
            ]
        );
    }

    #[test]
    fn raw_strings_hide_their_slashes_and_blank_lines() {
        let text = "text {\n  text \"\"\"\n    a // b\n\n    c\n    \"\"\"\n}\r\n";
        assert!(trivia_of(text).is_empty());
    }

    #[test]
    fn carriage_returns_stay_out_of_comments() {
        let text = "text { // c\r\n  text \"t\"\r\n\r\n  link \"l\"\r\n}";
        assert_eq!(trivia_of(text), vec![("comment", "// c"), ("blank", "")]);
    }
}
