//! The tree the printer prints: nodes, arguments and literals as text, with every
//! comment already attached to what it annotates (leading, trailing or dangling, as
//! ruff's formatter does), so printing never guesses where a comment belongs.
//!
//! It owns its text: `attach` builds it from a parsed source (literals as written),
//! `import` builds it from template JSON (literals rendered by `literal`).

/// A whole file: `let` lines and the template, then comments left at the end.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Tree {
    /// `let` bindings, then the template node.
    pub items: Vec<Item>,
    /// Comments after the template.
    pub dangling: Vec<Comment>,
}

/// A comment on its own line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Comment {
    /// `// ...` as written (no trailing whitespace).
    pub text: String,
    /// Whether the author left a blank line before it.
    pub blank_before: bool,
}

/// A `let` line or a node, with the comments attached to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Item {
    /// Comments on their own lines just before it.
    pub leading: Vec<Comment>,
    /// Whether the author left a blank line before it (or before its comments).
    pub blank_before: bool,
    /// What it is.
    pub kind: ItemKind,
    /// A comment at the end of its (last) line.
    pub trailing: Option<String>,
}

/// The two kinds of item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ItemKind {
    /// `let name = value`.
    Let {
        /// The bound name.
        name: String,
        /// The value.
        value: Literal,
    },
    /// `name args { ... }`.
    Node(Node),
}

/// `name args* block?`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Node {
    /// The node's name.
    pub name: String,
    /// Comments between the name and the first argument.
    pub name_comments: Vec<String>,
    /// The arguments, in order.
    pub args: Vec<Arg>,
    /// The block, if any.
    pub block: Option<Block>,
}

/// One argument, with comments written after it (before the next argument).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Arg {
    /// `key` of `key=value`.
    pub key: Option<String>,
    /// The value.
    pub value: Literal,
    /// Comments after it.
    pub comments: Vec<String>,
}

/// `{ items }`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Block {
    /// The child nodes.
    pub items: Vec<Item>,
    /// Comments after the last child, before `}`.
    pub dangling: Vec<Comment>,
}

/// A literal as it is printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Literal {
    /// Printed as is: `"text"`, `208_800`, `640x640`, `30%`.
    Inline(String),
    /// A `"""` string: its lines as the string holds them (escapes still written),
    /// printed one per line at the indentation of the node plus two.
    Lines(Vec<String>),
}

impl Item {
    /// A node with no comments.
    #[must_use]
    pub(crate) fn node(node: Node) -> Self {
        Item {
            leading: Vec::new(),
            blank_before: false,
            kind: ItemKind::Node(node),
            trailing: None,
        }
    }
}

impl Node {
    /// A node with arguments and no block.
    #[must_use]
    pub(crate) fn new(name: impl Into<String>, args: Vec<Arg>) -> Self {
        Node {
            name: name.into(),
            name_comments: Vec::new(),
            args,
            block: None,
        }
    }
}

impl Arg {
    /// A positional argument.
    #[must_use]
    pub(crate) fn positional(value: Literal) -> Self {
        Arg {
            key: None,
            value,
            comments: Vec::new(),
        }
    }

    /// A `key=value` argument.
    #[must_use]
    pub(crate) fn keyed(key: impl Into<String>, value: Literal) -> Self {
        Arg {
            key: Some(key.into()),
            value,
            comments: Vec::new(),
        }
    }
}
