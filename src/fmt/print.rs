//! The printer: the canonical layout of a tree.
//!
//! Two spaces per level; one node per line; a block opens at the end of its node's
//! line and closes on a line of its own (`{}` when empty); one blank line where the
//! tree keeps one, never at the start or end of a block; a trailing comment one space
//! after its line. A node whose one-line form passes `WIDTH` columns, or that has
//! comments between its arguments, is wrapped: the name, the first argument and the
//! positional values that follow it stay on the first line; each `key=value` (and any
//! argument after a comment) goes on its own line, four spaces deeper. A `"""`
//! string puts its lines, and the closing `"""`, two spaces deeper than the line it
//! opens on. The file ends with one line break.

use super::tree::{Arg, Comment, Item, ItemKind, Literal, Node, Tree};

/// Lines longer than this (in characters, indentation included) are wrapped.
pub(crate) const WIDTH: usize = 100;

/// The canonical text of a tree.
#[must_use]
pub(crate) fn print(tree: &Tree) -> String {
    let mut printer = Printer { out: String::new() };
    printer.items(&tree.items, &tree.dangling, 0);
    while printer.out.ends_with("\n\n") {
        printer.out.pop();
    }
    if !printer.out.ends_with('\n') {
        printer.out.push('\n');
    }
    printer.out
}

struct Printer {
    out: String,
}

impl Printer {
    fn items(&mut self, items: &[Item], dangling: &[Comment], indent: usize) {
        let mut first = true;
        for item in items {
            for comment in &item.leading {
                self.comment(comment, indent, first);
                first = false;
            }
            if item.blank_before && !first {
                self.out.push('\n');
            }
            first = false;
            self.item(item, indent);
        }
        for comment in dangling {
            self.comment(comment, indent, first);
            first = false;
        }
    }

    fn comment(&mut self, comment: &Comment, indent: usize, first: bool) {
        if comment.blank_before && !first {
            self.out.push('\n');
        }
        self.pad(indent);
        self.out.push_str(&comment.text);
        self.out.push('\n');
    }

    fn item(&mut self, item: &Item, indent: usize) {
        self.pad(indent);
        match &item.kind {
            ItemKind::Let { name, value } => {
                self.out.push_str("let ");
                self.out.push_str(name);
                self.out.push_str(" = ");
                let value = literal(value, indent);
                self.out.push_str(&value);
            }
            ItemKind::Node(node) => self.node(node, indent),
        }
        if let Some(comment) = &item.trailing {
            self.out.push(' ');
            self.out.push_str(comment);
        }
        self.out.push('\n');
    }

    fn node(&mut self, node: &Node, indent: usize) {
        let head = head(node, indent);
        self.out.push_str(&head);
        let Some(block) = &node.block else {
            return;
        };
        if block.items.is_empty() && block.dangling.is_empty() {
            self.out.push_str(" {}");
            return;
        }
        if ends_in_comment(node) {
            self.out.push('\n');
            self.pad(indent);
            self.out.push('{');
        } else {
            self.out.push_str(" {");
        }
        self.out.push('\n');
        self.items(&block.items, &block.dangling, indent + 2);
        self.pad(indent);
        self.out.push('}');
    }

    fn pad(&mut self, indent: usize) {
        self.out.extend(std::iter::repeat_n(' ', indent));
    }
}

/// Whether the node's head ends with a comment (only a hand-built tree can do this).
fn ends_in_comment(node: &Node) -> bool {
    match node.args.last() {
        Some(arg) => !arg.comments.is_empty(),
        None => !node.name_comments.is_empty(),
    }
}

/// A node's name and arguments, on one line or wrapped.
fn head(node: &Node, indent: usize) -> String {
    let one_line = {
        let mut line = node.name.clone();
        for arg in &node.args {
            line.push(' ');
            line.push_str(&argument(arg, indent));
        }
        line
    };
    let has_comments =
        !node.name_comments.is_empty() || node.args.iter().any(|arg| !arg.comments.is_empty());
    let first_line = one_line.split('\n').next().unwrap_or_default();
    let too_wide = indent + first_line.chars().count() > WIDTH && node.args.len() > 1;
    if !has_comments && !too_wide {
        return one_line;
    }
    let continuation = indent + 4;
    let mut out = node.name.clone();
    // Whether `out` ends in a line that can take another argument.
    let mut open = true;
    push_comments(&mut out, &node.name_comments, continuation, &mut open);
    for (index, arg) in node.args.iter().enumerate() {
        if open && (index == 0 || arg.key.is_none()) {
            out.push(' ');
            out.push_str(&argument(arg, indent));
        } else {
            new_line(&mut out, continuation);
            out.push_str(&argument(arg, continuation));
            open = false;
        }
        push_comments(&mut out, &arg.comments, continuation, &mut open);
    }
    out
}

/// Appends `comments`: the first on the line `out` ends in, which then takes no more
/// arguments (`open` becomes false), the rest on lines of their own.
fn push_comments(out: &mut String, comments: &[String], continuation: usize, open: &mut bool) {
    let mut comments = comments.iter();
    if let Some(comment) = comments.next() {
        out.push(' ');
        out.push_str(comment);
        *open = false;
    }
    for comment in comments {
        new_line(out, continuation);
        out.push_str(comment);
    }
}

fn new_line(out: &mut String, indent: usize) {
    out.push('\n');
    out.extend(std::iter::repeat_n(' ', indent));
}

fn argument(arg: &Arg, indent: usize) -> String {
    let value = literal(&arg.value, indent);
    match &arg.key {
        Some(key) => format!("{key}={value}"),
        None => value,
    }
}

/// A literal starting on a line indented by `indent`.
fn literal(literal: &Literal, indent: usize) -> String {
    match literal {
        Literal::Inline(text) => text.clone(),
        Literal::Lines(lines) => {
            let pad = " ".repeat(indent + 2);
            let mut out = String::from("\"\"\"\n");
            for line in lines {
                if !line.is_empty() {
                    out.push_str(&pad);
                    out.push_str(line);
                }
                out.push('\n');
            }
            out.push_str(&pad);
            out.push_str("\"\"\"");
            out
        }
    }
}
