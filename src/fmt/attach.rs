//! A parsed source and its trivia to the printer's tree: literals keep the text the
//! author wrote, and every comment is attached to the node it annotates.
//!
//! The rules, in one place: a comment on the line where a node (or `let`) ends is that
//! node's trailing comment; a comment between a node's arguments stays after the
//! argument before it; any other comment leads the next node of its block, or dangles
//! at the block's end when no node follows. A blank line is kept (as one) where the
//! author left one or more between two things in a block.

use super::tree::{Arg, Block, Comment, Item, ItemKind, Literal, Node, Tree};
use crate::span::Span;
use crate::syntax::ast::{self, Document};
use crate::syntax::strings::raw_string_lines;
use crate::syntax::trivia::Trivia;

/// The tree of a parsed source.
#[must_use]
pub(crate) fn tree(text: &str, document: &Document, trivia: &[Trivia]) -> Tree {
    let attacher = Attacher { text, trivia };
    let mut children = Vec::new();
    for binding in &document.bindings {
        let span = Span::new(binding.span.start, binding.value.span.end);
        let kind = ItemKind::Let {
            name: binding.name.text.to_owned(),
            value: attacher.literal(&binding.value),
        };
        // A comment inside `let name = value` (between its tokens) leads the line.
        let inner = attacher.comments_in(span.start, span.end);
        children.push((span, kind, inner));
    }
    let template = &document.template;
    children.push((
        template.span,
        ItemKind::Node(attacher.node(template)),
        Vec::new(),
    ));
    let (items, dangling) = attacher.items(0, text.len(), children);
    Tree { items, dangling }
}

struct Attacher<'a> {
    text: &'a str,
    trivia: &'a [Trivia],
}

impl Attacher<'_> {
    /// The trivia starting in `start..end`.
    fn within(&self, start: usize, end: usize) -> &[Trivia] {
        let from = self.trivia.partition_point(|t| t.span().start < start);
        let to = self.trivia.partition_point(|t| t.span().start < end);
        &self.trivia[from..to.max(from)]
    }

    fn comments_in(&self, start: usize, end: usize) -> Vec<String> {
        self.within(start, end)
            .iter()
            .filter_map(|t| match t {
                Trivia::Comment(span) => Some(self.comment_text(*span)),
                Trivia::BlankLine(_) => None,
            })
            .collect()
    }

    fn comment_text(&self, span: Span) -> String {
        span.read(self.text).trim_end().to_owned()
    }

    /// Items from `children` (span, what, comments inside it) in `start..end`, with the
    /// comments and blank lines between them attached; and the comments left after the
    /// last one.
    fn items(
        &self,
        start: usize,
        end: usize,
        children: Vec<(Span, ItemKind, Vec<String>)>,
    ) -> (Vec<Item>, Vec<Comment>) {
        let mut items: Vec<Item> = Vec::new();
        let mut pending = Vec::new();
        let mut blank = false;
        let mut cursor = start;
        // Where the last item ended, while nothing but whitespace followed it.
        let mut after_item: Option<usize> = None;
        for (span, kind, inner) in children {
            self.gather(
                cursor,
                span.start,
                &mut items,
                &mut pending,
                &mut blank,
                &mut after_item,
            );
            let mut leading = std::mem::take(&mut pending);
            let mut blank_before = std::mem::take(&mut blank);
            for text in inner {
                // Comments from inside the item come right before it, after any blank
                // line that preceded it.
                leading.push(Comment {
                    text,
                    blank_before: std::mem::take(&mut blank_before),
                });
            }
            items.push(Item {
                leading,
                blank_before,
                kind,
                trailing: None,
            });
            cursor = span.end;
            after_item = Some(span.end);
        }
        self.gather(
            cursor,
            end,
            &mut items,
            &mut pending,
            &mut blank,
            &mut after_item,
        );
        (items, pending)
    }

    /// Attaches the trivia in `start..end`: a comment on the line the last item ended
    /// on trails it; others wait for the next item.
    fn gather(
        &self,
        start: usize,
        end: usize,
        items: &mut [Item],
        pending: &mut Vec<Comment>,
        blank: &mut bool,
        after_item: &mut Option<usize>,
    ) {
        for trivia in self.within(start, end) {
            match *trivia {
                Trivia::BlankLine(_) => *blank = true,
                Trivia::Comment(span) => {
                    let text = self.comment_text(span);
                    let same_line =
                        after_item.is_some_and(|at| !self.text[at..span.start].contains('\n'));
                    match items.last_mut() {
                        Some(last) if same_line && last.trailing.is_none() => {
                            last.trailing = Some(text);
                        }
                        _ => pending.push(Comment {
                            text,
                            blank_before: std::mem::take(blank),
                        }),
                    }
                    *after_item = None;
                }
            }
        }
    }

    fn node(&self, node: &ast::Node) -> Node {
        let mut out = Node::new(node.name.text, Vec::new());
        let mut previous_end = node.name.span.end;
        for arg in &node.args {
            let (key, value, span) = match arg {
                ast::Arg::Positional(value) => (None, value, value.span),
                ast::Arg::Keyed { key, value } => (Some(key), value, key.span.to(value.span)),
            };
            let comments = self.comments_in(previous_end, span.start);
            match out.args.last_mut() {
                Some(last) => last.comments.extend(comments),
                None => out.name_comments.extend(comments),
            }
            out.args.push(Arg {
                key: key.map(|k| k.text.to_owned()),
                value: self.literal(value),
                comments: Vec::new(),
            });
            previous_end = span.end;
        }
        if let Some(block) = &node.block {
            let children = block
                .nodes
                .iter()
                .map(|child| (child.span, ItemKind::Node(self.node(child)), Vec::new()))
                .collect();
            // Comments between the last argument and `{` lead the first child.
            let (items, dangling) = self.items(previous_end, block.span.end - 1, children);
            out.block = Some(Block { items, dangling });
        }
        out
    }

    /// A literal as the author wrote it; a `"""` string as its lines, to re-indent.
    fn literal(&self, value: &ast::Value) -> Literal {
        let written = value.span.read(self.text);
        if let Some(body) = written
            .strip_prefix("\"\"\"")
            .and_then(|rest| rest.strip_suffix("\"\"\""))
        {
            let lines = raw_string_lines(body);
            // Only text with a non-blank line keeps its meaning when re-indented.
            if lines.iter().any(|(_, line)| !line.trim().is_empty()) {
                return Literal::Lines(lines.into_iter().map(|(_, l)| l.to_owned()).collect());
            }
        }
        Literal::Inline(written.to_owned())
    }
}
