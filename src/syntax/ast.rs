//! The typed syntax tree: what a file says, with the span of every piece. Names and
//! text borrow from the source (`'src`), so reading a file allocates only the tree.

use std::borrow::Cow;

use crate::span::Span;

/// A whole file: `let` bindings, then one template.
#[derive(Debug, Clone)]
pub struct Document<'src> {
    /// `let name = value` lines, in order.
    pub bindings: Vec<Binding<'src>>,
    /// The template node (`feed { ... }` etc.).
    pub template: Node<'src>,
}

/// `let name = value`.
#[derive(Debug, Clone)]
pub struct Binding<'src> {
    /// The bound name.
    pub name: Ident<'src>,
    /// The value.
    pub value: Value<'src>,
    /// The whole binding.
    pub span: Span,
}

/// A name as written.
#[derive(Debug, Clone)]
pub struct Ident<'src> {
    /// The text.
    pub text: &'src str,
    /// Where.
    pub span: Span,
}

/// `name args* { children }`.
#[derive(Debug, Clone)]
pub struct Node<'src> {
    /// The node's name.
    pub name: Ident<'src>,
    /// Positional and keyed arguments, in order.
    pub args: Vec<Arg<'src>>,
    /// The `{ ... }` block, if any.
    pub block: Option<Block<'src>>,
    /// The whole node, name to closing brace.
    pub span: Span,
}

/// `{ node* }`.
#[derive(Debug, Clone)]
pub struct Block<'src> {
    /// The child nodes, in order.
    pub nodes: Vec<Node<'src>>,
    /// From `{` to `}`.
    pub span: Span,
}

/// One argument of a node.
#[derive(Debug, Clone)]
pub enum Arg<'src> {
    /// `value`.
    Positional(Value<'src>),
    /// `key=value`.
    Keyed {
        /// The key.
        key: Ident<'src>,
        /// The value.
        value: Value<'src>,
    },
}

/// A literal with its span.
#[derive(Debug, Clone)]
pub struct Value<'src> {
    /// What it is.
    pub kind: ValueKind<'src>,
    /// Where.
    pub span: Span,
}

/// The kinds of literal.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind<'src> {
    /// A string, split into text and `${var}` parts.
    Str(Vec<StrPart<'src>>),
    /// `208_800`.
    Int(i64),
    /// `640x640`.
    Size(u64, u64),
    /// `30%`.
    Percent(i64),
}

impl ValueKind<'_> {
    /// What the value is, for "expected X, found Y".
    #[must_use]
    pub fn describe(&self) -> &'static str {
        match self {
            ValueKind::Str(_) => "a string",
            ValueKind::Int(_) => "an integer",
            ValueKind::Size(..) => "a size",
            ValueKind::Percent(_) => "a percentage",
        }
    }
}

/// A piece of a string.
#[derive(Debug, Clone, PartialEq)]
pub enum StrPart<'src> {
    /// Literal text (escapes already applied).
    Text(Cow<'src, str>),
    /// `${name}`: the name and the span of the whole `${...}`.
    Var(&'src str, Span),
}
