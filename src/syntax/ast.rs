//! The typed syntax tree: what a file says, with the span of every piece.

use crate::span::Span;

/// A whole file: `let` bindings, then one template.
#[derive(Debug, Clone)]
pub struct Document {
    /// `let name = value` lines, in order.
    pub bindings: Vec<Binding>,
    /// The template node (`feed { ... }` etc.).
    pub template: Node,
}

/// `let name = value`.
#[derive(Debug, Clone)]
pub struct Binding {
    /// The bound name.
    pub name: Ident,
    /// The value.
    pub value: Value,
    /// The whole binding.
    pub span: Span,
}

/// A name as written.
#[derive(Debug, Clone)]
pub struct Ident {
    /// The text.
    pub text: String,
    /// Where.
    pub span: Span,
}

/// `name args* { children }`.
#[derive(Debug, Clone)]
pub struct Node {
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
pub struct Block {
    /// The child nodes, in order.
    pub nodes: Vec<Node>,
    /// From `{` to `}`.
    pub span: Span,
}

/// One argument of a node.
#[derive(Debug, Clone)]
pub enum Arg {
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

/// A literal with its span.
#[derive(Debug, Clone)]
pub struct Value {
    /// What it is.
    pub kind: ValueKind,
    /// Where.
    pub span: Span,
}

/// The kinds of literal.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind {
    /// A string, split into text and `${var}` parts.
    Str(Vec<StrPart>),
    /// `208_800`.
    Int(i64),
    /// `640x640`.
    Size(u64, u64),
    /// `30%`.
    Percent(i64),
}

impl ValueKind {
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
pub enum StrPart {
    /// Literal text (escapes already applied).
    Text(String),
    /// `${name}`: the name and the span of the whole `${...}`.
    Var(String, Span),
}
