//! Kakao's character cuts: a text longer than a field shows is cut, and the cut stays
//! visible (an ellipsis, and the whole text on hover). Line cuts are the stylesheet's.

use serde::Serialize;

/// A text as Kakao shows it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Cut {
    /// What is shown (ending in `…` when cut).
    pub(crate) shown: String,
    /// The whole text.
    pub(crate) full: String,
    /// Whether anything was cut.
    pub(crate) shortened: bool,
}

/// `text` cut to `max` characters (Unicode scalar values, as ktpl counts everywhere:
/// spec §3.5). `None` shows it whole.
pub(crate) fn cut(text: &str, max: Option<usize>) -> Cut {
    match max {
        Some(max) if text.chars().count() > max => Cut {
            shown: text.chars().take(max).chain(std::iter::once('…')).collect(),
            full: text.to_owned(),
            shortened: true,
        },
        _ => Cut {
            shown: text.to_owned(),
            full: text.to_owned(),
            shortened: false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::cut;

    #[test]
    fn counts_characters_not_bytes() {
        let shown = cut("가나다라마바사", Some(6));
        assert_eq!(shown.shown, "가나다라마바…");
        assert!(shown.shortened);
        let whole = cut("가나다라마바", Some(6));
        assert_eq!(whole.shown, "가나다라마바");
        assert!(!whole.shortened);
        assert!(!cut("long text", None).shortened);
    }
}
