//! From a JSON pointer to the source span a diagnostic should underline.

use crate::compile::Compiled;
use crate::span::Span;

/// Which part of a value's origin to point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The field name (or the block's header).
    Key,
    /// The value itself.
    Value,
    /// The whole field, name and value.
    Node,
}

impl Compiled {
    /// The span for `pointer` (or its nearest ancestor with one).
    #[must_use]
    pub fn span_of(&self, pointer: &str, part: Part) -> Option<Span> {
        self.spans.locate(pointer).map(|origin| match part {
            Part::Key => origin.key,
            Part::Value => origin.value,
            Part::Node => origin.node,
        })
    }
}

/// The last reference token of a pointer, unescaped (`"/a/b~1c"` gives `b/c`).
#[must_use]
pub(crate) fn last_token(pointer: &str) -> String {
    pointer
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .replace("~1", "/")
        .replace("~0", "~")
}

/// The pointer without its last token.
#[must_use]
pub(crate) fn parent(pointer: &str) -> &str {
    pointer.rfind('/').map_or("", |i| &pointer[..i])
}

/// The name a value is known by: its key, or for an array element the array's key.
#[must_use]
pub(crate) fn field_name(pointer: &str) -> String {
    let last = last_token(pointer);
    if !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) {
        last_token(parent(pointer))
    } else {
        last
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_pieces() {
        assert_eq!(last_token("/a/b~1c"), "b/c");
        assert_eq!(parent("/buttons/2"), "/buttons");
        assert_eq!(field_name("/buttons/2"), "buttons");
        assert_eq!(field_name("/content/title"), "title");
        assert_eq!(field_name(""), "");
    }
}
