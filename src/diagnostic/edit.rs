//! `Edit`: one change to a source text, a byte range and what replaces it.

use crate::span::Span;

/// One change to a source: the text at `span` becomes `content`. An insertion has an
/// empty span; a removal has empty content.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    /// The bytes replaced (empty for an insertion).
    pub span: Span,
    /// What replaces them (empty for a removal).
    pub content: String,
}

impl Edit {
    /// `span` replaced by `content`.
    #[must_use]
    pub fn replacement(span: Span, content: impl Into<String>) -> Self {
        Self {
            span,
            content: content.into(),
        }
    }

    /// `content` inserted at byte `at`.
    #[must_use]
    pub fn insertion(at: usize, content: impl Into<String>) -> Self {
        Self::replacement(Span::new(at, at), content)
    }

    /// `span` removed.
    #[must_use]
    pub fn deletion(span: Span) -> Self {
        Self::replacement(span, String::new())
    }

    /// Whether this edit only removes text.
    #[must_use]
    pub fn is_deletion(&self) -> bool {
        self.content.is_empty() && self.span.start < self.span.end
    }

    /// Whether applying both edits in one pass would be ambiguous: their ranges share a
    /// byte, or they insert at one point (which goes first?), or one inserts inside
    /// the other's range.
    #[must_use]
    pub fn overlaps(&self, other: &Edit) -> bool {
        let (a, b) = (self.span, other.span);
        let inside = |point: usize, range: Span| range.start < point && point < range.end;
        match (a.start == a.end, b.start == b.end) {
            (true, true) => a.start == b.start,
            (true, false) => inside(a.start, b),
            (false, true) => inside(b.start, a),
            (false, false) => a.start < b.end && b.start < a.end,
        }
    }
}

/// `text` with `edits` applied. The edits must not overlap ([`Edit::overlaps`]); they
/// may come in any order.
#[must_use]
pub(crate) fn apply(text: &str, edits: &[&Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.to_vec();
    sorted.sort_by_key(|edit| (edit.span.start, edit.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in sorted {
        out.push_str(&text[at..edit.span.start]);
        out.push_str(&edit.content);
        at = edit.span.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_in_any_order() {
        let text = "title \"a\"\ntitel \"b\"\n";
        let rename = Edit::replacement(Span::new(10, 15), "title");
        let insert = Edit::insertion(0, "// x\n");
        let remove = Edit::deletion(Span::new(5, 9));
        assert_eq!(
            apply(text, &[&rename, &remove, &insert]),
            "// x\ntitle\ntitle \"b\"\n"
        );
    }

    #[test]
    fn overlaps_are_told_apart_from_neighbours() {
        let a = Edit::replacement(Span::new(0, 5), "x");
        assert!(a.overlaps(&Edit::replacement(Span::new(4, 8), "y")));
        assert!(!a.overlaps(&Edit::replacement(Span::new(5, 8), "y")));
        assert!(a.overlaps(&Edit::insertion(2, "y")));
        // An insertion at either end of a replacement is well defined.
        assert!(!a.overlaps(&Edit::insertion(5, "y")));
        assert!(!a.overlaps(&Edit::insertion(0, "y")));
        // Two insertions at one point are not: which goes first?
        assert!(Edit::insertion(3, "a").overlaps(&Edit::insertion(3, "b")));
        assert!(!Edit::insertion(3, "a").overlaps(&Edit::insertion(4, "b")));
    }
}
