//! Where in a ktpl document a position is: at the top level, at a field name inside a
//! block of some kind, among a node's arguments, or inside `${`. Read from the one
//! parser's tree; a document broken on the cursor's line (the usual state while
//! typing) is read with that line blanked out.

use crate::kakao::fields::{Field, Kind, Shape};
use crate::span::Span;
use crate::syntax::{self, ast::Document, ast::Node};

/// What the text at a position is part of.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Context {
    /// Outside the template: a template keyword goes here.
    TopLevel,
    /// A node name inside a block of this kind.
    Field(Kind),
    /// The arguments of `field` in a block of `kind`.
    Argument {
        /// The block the node is in.
        kind: Kind,
        /// The node's field.
        field: &'static Field,
    },
    /// Inside `${` in a string.
    Variable,
    /// Inside a string, a comment, or text that cannot be read.
    Nothing,
}

/// Calls `read` with the parsed document, or, when it does not parse, with the
/// document read with `offset`'s line blanked; `None` when neither parses.
pub(crate) fn with_document<R>(
    text: &str,
    offset: usize,
    read: impl FnOnce(&Document) -> R,
) -> Option<R> {
    if let Ok(document) = syntax::parse(text) {
        return Some(read(&document));
    }
    let blanked = blank_line(text, offset);
    syntax::parse(&blanked).ok().map(|document| read(&document))
}

/// A copy of `text` with `offset`'s line blanked, for reading a document that is
/// broken only where the user is typing. Offsets stay valid: every byte keeps its
/// position.
#[must_use]
pub(crate) fn blank_line(text: &str, offset: usize) -> String {
    let offset = crate::span::floor_char_boundary(text, offset);
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let mut blanked = String::with_capacity(text.len());
    blanked.push_str(&text[..start]);
    blanked.extend(std::iter::repeat_n(' ', end - start));
    blanked.push_str(&text[end..]);
    blanked
}

/// The kind of the innermost block whose braces enclose `offset`, or `None` outside
/// the template's block.
#[must_use]
pub(crate) fn enclosing_kind(document: &Document, offset: usize) -> Option<Kind> {
    let template = &document.template;
    let kind = Kind::template(template.name.text)?;
    let block = template.block.as_ref()?;
    if !inside(block.span, offset) {
        return None;
    }
    let mut kind = kind;
    let mut nodes = &block.nodes;
    'descend: loop {
        for node in nodes {
            if let Some(block) = &node.block
                && inside(block.span, offset)
                && let Some(Shape::Object { kind: inner, .. }) =
                    kind.field(node.name.text).map(|f| f.shape)
            {
                kind = inner;
                nodes = &block.nodes;
                continue 'descend;
            }
        }
        return Some(kind);
    }
}

/// The node whose name covers `offset`, with the kind of the block it is in (`None`
/// for the template node itself).
#[must_use]
pub(crate) fn node_named_at<'d, 'src>(
    document: &'d Document<'src>,
    offset: usize,
) -> Option<(Option<Kind>, &'d Node<'src>)> {
    let template = &document.template;
    if covers(template.name.span, offset) {
        return Some((None, template));
    }
    let mut kind = Kind::template(template.name.text)?;
    let mut nodes = &template.block.as_ref()?.nodes;
    'descend: loop {
        for node in nodes {
            if covers(node.name.span, offset) {
                return Some((Some(kind), node));
            }
            if let Some(block) = &node.block
                && inside(block.span, offset)
                && let Some(Shape::Object { kind: inner, .. }) =
                    kind.field(node.name.text).map(|f| f.shape)
            {
                kind = inner;
                nodes = &block.nodes;
                continue 'descend;
            }
        }
        return None;
    }
}

/// The field a `key=` argument under `offset` sets, with the kind of block that field
/// belongs to: `web` in `link web="..."` is `link`'s `web`; `width` in `image "..."
/// width=640` writes `content`'s `image_width`.
#[must_use]
pub(crate) fn keyed_field_at(document: &Document, offset: usize) -> Option<(Kind, &'static Field)> {
    let mut found = None;
    walk(document, &mut |parent, node, _| {
        let Some((parent, field)) =
            parent.and_then(|kind| kind.field(node.name.text).map(|field| (kind, field)))
        else {
            return;
        };
        for arg in &node.args {
            let crate::syntax::ast::Arg::Keyed { key, .. } = arg else {
                continue;
            };
            if !covers(key.span, offset) {
                continue;
            }
            found = match field.shape {
                Shape::Object { kind, .. } => kind.field(key.text).map(|f| (kind, f)),
                Shape::Flat { keyed, .. } => keyed
                    .iter()
                    .find(|(name, _)| *name == key.text)
                    .and_then(|(_, slot)| slot.keys().first().copied())
                    .and_then(|json_key| parent.field(json_key))
                    .map(|f| (parent, f)),
                Shape::Scalar(..) => None,
            };
        }
    });
    found
}

/// Calls `visit` with every node below the template, the kind of the block it is in
/// (when known) and its siblings, in source order.
pub(crate) fn walk<'d, 'src>(
    document: &'d Document<'src>,
    visit: &mut impl FnMut(Option<Kind>, &'d Node<'src>, &'d [Node<'src>]),
) {
    fn walk_block<'d, 'src>(
        kind: Option<Kind>,
        nodes: &'d [Node<'src>],
        visit: &mut impl FnMut(Option<Kind>, &'d Node<'src>, &'d [Node<'src>]),
    ) {
        for node in nodes {
            visit(kind, node, nodes);
            if let Some(block) = &node.block {
                let inner =
                    kind.and_then(|k| k.field(node.name.text))
                        .and_then(|f| match f.shape {
                            Shape::Object { kind, .. } => Some(kind),
                            _ => None,
                        });
                walk_block(inner, &block.nodes, visit);
            }
        }
    }
    if let Some(block) = &document.template.block {
        walk_block(
            Kind::template(document.template.name.text),
            &block.nodes,
            visit,
        );
    }
}

/// Strictly between a block's braces.
fn inside(block: Span, offset: usize) -> bool {
    block.start < offset && offset < block.end
}

/// On a name, its end included (the cursor just after a word is on it).
fn covers(span: Span, offset: usize) -> bool {
    span.start <= offset && offset <= span.end
}

/// Where `offset` is in `text`.
#[must_use]
pub(crate) fn context_at(text: &str, offset: usize) -> Context {
    let offset = crate::span::floor_char_boundary(text, offset);
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    if let Some(state) = string_state(before) {
        return state;
    }
    // The block around the line comes from the tree (read without this line when
    // the line does not parse yet); blocks opened and closed on the line itself, such
    // as a `content {` just typed, are followed here.
    let read = with_document(text, offset, |document| {
        (
            enclosing_kind(document, line_start),
            in_multiline_string(document, text, offset),
        )
    });
    if let Some((_, Some(state))) = read {
        return state;
    }
    let around = match read.map(|(kind, _)| kind) {
        Some(Some(kind)) => Place::Block(kind),
        Some(None) => Place::Top,
        // Nothing readable yet: before any block, the template comes next.
        None if !text[..line_start].contains('{') => Place::Top,
        None => return Context::Nothing,
    };
    let (place, segment) = descend_line(around, before);
    match place {
        Place::Top => Context::TopLevel,
        Place::Unknown => Context::Nothing,
        Place::Block(kind) => match segment.trim_start().split_once(char::is_whitespace) {
            Some((name, _)) => kind
                .field(name)
                .map_or(Context::Nothing, |field| Context::Argument { kind, field }),
            None => Context::Field(kind),
        },
    }
}

/// Inside a `"""` string that started on an earlier line: `Variable` after an unclosed
/// `${`, else `Nothing`; `None` elsewhere.
fn in_multiline_string(document: &Document, text: &str, offset: usize) -> Option<Context> {
    let mut found = None;
    let mut check = |value: &crate::syntax::ast::Value| {
        let span = value.span;
        if span.start < offset && offset < span.end && span.read(text).starts_with("\"\"\"") {
            let inside = &text[span.start + 3..offset];
            let open = inside
                .rfind("${")
                .is_some_and(|at| !inside[at..].contains('}'));
            found = Some(if open {
                Context::Variable
            } else {
                Context::Nothing
            });
        }
    };
    for binding in &document.bindings {
        check(&binding.value);
    }
    let mut nodes = vec![&document.template];
    walk(document, &mut |_, node, _| nodes.push(node));
    for node in nodes {
        for arg in &node.args {
            match arg {
                crate::syntax::ast::Arg::Positional(value)
                | crate::syntax::ast::Arg::Keyed { value, .. } => check(value),
            }
        }
    }
    found
}

/// Where a line's text is, block-wise.
#[derive(Debug, Clone, Copy)]
enum Place {
    /// Outside the template.
    Top,
    /// In a block of this kind.
    Block(Kind),
    /// In a block ktpl does not know.
    Unknown,
}

/// Follows the braces of `before` (the line up to the cursor, outside strings) from
/// `around`: the place at the cursor, and the text since the last brace.
fn descend_line(around: Place, before: &str) -> (Place, &str) {
    let mut stack = vec![around];
    let mut segment_start = 0;
    let mut in_string = false;
    let mut escaped = false;
    for (index, c) in before.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '{' if !in_string => {
                let name = before[segment_start..index].split_whitespace().next();
                let inner = match (stack.last(), name) {
                    (Some(Place::Top), Some(name)) => Kind::template(name).map(Place::Block),
                    (Some(Place::Block(kind)), Some(name)) => {
                        kind.field(name).and_then(|field| match field.shape {
                            Shape::Object { kind, .. } => Some(Place::Block(kind)),
                            _ => None,
                        })
                    }
                    _ => None,
                };
                stack.push(inner.unwrap_or(Place::Unknown));
                segment_start = index + 1;
            }
            '}' if !in_string => {
                if stack.len() > 1 {
                    stack.pop();
                }
                segment_start = index + 1;
            }
            _ => {}
        }
    }
    (
        stack.last().copied().unwrap_or(around),
        &before[segment_start..],
    )
}

/// Inside a string on this line: `Variable` after an unclosed `${`, else `Nothing`;
/// `None` outside strings (and comments give `Nothing`).
fn string_state(before: &str) -> Option<Context> {
    let mut in_string = false;
    let mut variable = false;
    let mut chars = before.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if in_string => {
                chars.next();
            }
            '"' => {
                in_string = !in_string;
                variable = false;
            }
            '$' if in_string && chars.peek() == Some(&'{') => {
                chars.next();
                variable = true;
            }
            '}' if in_string => variable = false,
            '/' if !in_string && chars.peek() == Some(&'/') => return Some(Context::Nothing),
            _ => {}
        }
    }
    match (in_string, variable) {
        (true, true) => Some(Context::Variable),
        (true, false) => Some(Context::Nothing),
        (false, _) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Context {
        let offset = text.find('|').expect("cursor");
        context_at(&text.replace('|', ""), offset)
    }

    #[test]
    fn contexts() {
        assert!(matches!(at("|"), Context::TopLevel));
        // Blocks opened on the cursor's line, closed or not yet.
        assert!(matches!(at("feed {|"), Context::Field(Kind::Feed)));
        assert!(matches!(
            at("feed {\n  content {|\n}"),
            Context::Field(Kind::Content)
        ));
        assert!(matches!(
            at("feed {\n  button \"{\" { |\n}"),
            Context::Field(Kind::Button)
        ));
        assert!(matches!(at("feed {\n  nope { |\n}"), Context::Nothing));
        // Inside a multi-line string: text, or a variable after `${`.
        assert!(matches!(
            at("text {\n  text \"\"\"\n    ab|\n    \"\"\"\n}"),
            Context::Nothing
        ));
        assert!(matches!(
            at("let a = 1\ntext {\n  text \"\"\"\n    ${|\n    \"\"\"\n}"),
            Context::Variable
        ));
        assert!(matches!(at("let a = 1\nfe|"), Context::TopLevel));
        assert!(matches!(at("feed {\n  |\n}"), Context::Field(Kind::Feed)));
        assert!(matches!(
            at("feed {\n  content {\n    ti|\n  }\n}"),
            Context::Field(Kind::Content)
        ));
        assert!(matches!(
            at("feed {\n  content {\n    link |\n  }\n}"),
            Context::Argument { kind: Kind::Content, field } if field.name == "link"
        ));
        assert!(matches!(
            at("let a = \"x\"\ntext {\n  text \"${|\n}"),
            Context::Variable
        ));
        assert!(matches!(at("text {\n  text \"a|\"\n}"), Context::Nothing));
        // Broken on the cursor's line only: the rest still gives the block.
        assert!(matches!(
            at("feed {\n  content {\n    title \"|\n  }\n}"),
            Context::Nothing
        ));
        assert!(matches!(
            at("feed {\n  content { image |\n  }\n}"),
            Context::Argument { kind: Kind::Content, field } if field.name == "image"
        ));
    }
}
