//! The shape of a parsed ktpl document as the language server reads it: names and
//! spans, no values, owned so that it can be kept with the version it was read from.
//!
//! A syntax tree borrows from its text and cannot be stored beside it; this copy can.
//! The check of each version parses once and keeps its outline, and completion, hover
//! and document symbols read that instead of parsing again (on a 5,000-line template a
//! parse is most of a request's time; code actions read the problems' fixes). Types mirror
//! `syntax::ast`, so code reads the same over either.

use crate::span::Span;
use crate::syntax::ast;

/// A whole file: `let` bindings, then one template.
#[derive(Debug, Clone)]
pub(crate) struct Document {
    /// `let name = value` lines, in order.
    pub bindings: Vec<Binding>,
    /// The template node.
    pub template: Node,
}

/// `let name = value`.
#[derive(Debug, Clone)]
pub(crate) struct Binding {
    /// The bound name.
    pub name: Ident,
    /// Where the value is.
    pub value: Value,
}

/// A name as written.
#[derive(Debug, Clone)]
pub(crate) struct Ident {
    /// The text.
    pub text: String,
    /// Where.
    pub span: Span,
}

/// `name args* { children }`.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    /// The node's name.
    pub name: Ident,
    /// Positional and keyed arguments, in order.
    pub args: Vec<Arg>,
    /// The `{ ... }` block, if any.
    pub block: Option<Block>,
    /// The whole node, name to closing brace.
    pub span: Span,
}

/// `{ node* }`.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    /// The child nodes, in order.
    pub nodes: Vec<Node>,
    /// From `{` to `}`.
    pub span: Span,
}

/// One argument of a node.
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    /// `value`.
    Positional(Value),
    /// `key=value`.
    Keyed {
        /// The key.
        key: Ident,
        /// The value.
        value: Value,
    },
}

/// Where a literal is (what it says is read from the text when needed).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Value {
    /// Where.
    pub span: Span,
}

impl Document {
    /// The outline of a parsed document.
    #[must_use]
    pub(crate) fn of(document: &ast::Document<'_>) -> Document {
        Document {
            bindings: document
                .bindings
                .iter()
                .map(|binding| Binding {
                    name: ident(&binding.name),
                    value: value(&binding.value),
                })
                .collect(),
            template: node(&document.template),
        }
    }

    /// Parses `text` and returns its outline, or `None` when it does not parse.
    #[must_use]
    pub(crate) fn parse(text: &str) -> Option<Document> {
        crate::syntax::parse(text)
            .ok()
            .map(|document| Document::of(&document))
    }
}

fn ident(ident: &ast::Ident<'_>) -> Ident {
    Ident {
        text: ident.text.to_owned(),
        span: ident.span,
    }
}

fn value(value: &ast::Value<'_>) -> Value {
    Value { span: value.span }
}

fn node(written: &ast::Node<'_>) -> Node {
    Node {
        name: ident(&written.name),
        args: written
            .args
            .iter()
            .map(|arg| match arg {
                ast::Arg::Positional(v) => Arg::Positional(value(v)),
                ast::Arg::Keyed { key, value: v } => Arg::Keyed {
                    key: ident(key),
                    value: value(v),
                },
            })
            .collect(),
        block: written.block.as_ref().map(|block| Block {
            nodes: block.nodes.iter().map(node).collect(),
            span: block.span,
        }),
        span: written.span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_every_name_and_span_of_the_tree() {
        let text = "let a = \"x\"\nfeed {\n  content { title \"${a}\" link web=\"https://e.com\" }\n  button \"b\" { link \"https://e.com\" }\n}\n";
        let parsed = crate::syntax::parse(text).expect("parses");
        let outline = Document::of(&parsed);
        assert_eq!(outline.bindings[0].name.text, "a");
        assert_eq!(outline.bindings[0].value.span.read(text), "\"x\"");
        assert_eq!(outline.template.name.text, "feed");
        assert_eq!(outline.template.span, parsed.template.span);
        let nodes = &outline.template.block.as_ref().expect("block").nodes;
        let names: Vec<&str> = nodes.iter().map(|n| n.name.text.as_str()).collect();
        assert_eq!(names, ["content", "button"]);
        let content = nodes[0].block.as_ref().expect("content block");
        let Arg::Keyed { key, value } = &content.nodes[1].args[0] else {
            panic!("keyed");
        };
        assert_eq!(
            (key.text.as_str(), value.span.read(text)),
            ("web", "\"https://e.com\"")
        );
        assert!(Document::parse("feed {").is_none());
    }
}
