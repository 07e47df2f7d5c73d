//! Between ktpl and the protocol: byte spans to line/character positions in the
//! negotiated encoding and back, and problems to LSP diagnostics. The only place that
//! knows both sides' shapes.

use std::str::FromStr;

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Position, PositionEncodingKind, Range, Uri,
};

use crate::code::{Code, Severity};
use crate::diagnostic::Problem;
use crate::span::{Lines, Span, floor_char_boundary};

/// Where a code's explanation lives on the web; the anchor is the `## code` heading of
/// `src/explain.md` as GitHub spells it. `ktpl explain CODE` prints the same text.
const EXPLAIN_URL: &str = "https://github.com/OWNER/ktpl/blob/main/src/explain.md";

/// What a `character` in a position counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units: the protocol's default.
    Utf16,
}

impl Encoding {
    /// The encoding to use given what the client offers: UTF-8 when offered (no
    /// conversion at all), else UTF-16, which every client supports.
    #[must_use]
    pub(crate) fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    /// The protocol's name for it.
    #[must_use]
    pub(crate) fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        }
    }
}

/// The start of every line of one text, for converting offsets both ways.
#[derive(Debug, Clone)]
pub(crate) struct LineIndex {
    lines: Lines,
    encoding: Encoding,
}

impl LineIndex {
    /// Indexes `text` for positions in `encoding`.
    #[must_use]
    pub(crate) fn new(text: &str, encoding: Encoding) -> Self {
        Self {
            lines: Lines::new(text),
            encoding,
        }
    }

    /// The position of a byte offset (clamped into the text, rounded down to a char).
    #[must_use]
    pub(crate) fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset);
        let (line, start) = self.lines.line_of(offset);
        let character: usize = text[start..offset]
            .chars()
            .map(|c| self.encoding.width(c))
            .sum();
        Position::new(to_u32(line), to_u32(character))
    }

    /// The byte offset of a position. A line past the end means the end of the text;
    /// a character past the end of its line means the line's end (the protocol asks
    /// servers to clamp), and one inside a character rounds down to its start.
    #[must_use]
    pub(crate) fn offset(&self, text: &str, position: Position) -> usize {
        let Some(start) = self.lines.start_of(position.line as usize) else {
            return text.len();
        };
        let line = &text[start..];
        let line = &line[..line.find('\n').map_or(line.len(), |i| i)];
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut units = 0;
        for (index, c) in line.char_indices() {
            let width = self.encoding.width(c);
            if units + width > position.character as usize {
                return start + index;
            }
            units += width;
        }
        start + line.len()
    }

    /// The range of a span.
    #[must_use]
    pub(crate) fn range(&self, text: &str, span: Span) -> Range {
        Range::new(
            self.position(text, span.start),
            self.position(text, span.end),
        )
    }

    /// The span of a range.
    #[must_use]
    pub(crate) fn span(&self, text: &str, range: Range) -> Span {
        let start = self.offset(text, range.start);
        let end = self.offset(text, range.end).max(start);
        Span::new(start, end)
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The link to a code's explanation.
#[must_use]
pub(crate) fn explanation_link(code: Code) -> Option<Uri> {
    let anchor: String = code.name().chars().filter(|&c| c != ':').collect();
    Uri::from_str(&format!("{EXPLAIN_URL}#{anchor}")).ok()
}

/// One problem as the editor shows it: message (with the label and help `check`
/// prints beneath it), severity, code linking to its explanation, and the related
/// spans ("first set here") as locations in the same document.
#[must_use]
pub(crate) fn diagnostic(
    problem: &Problem,
    uri: &Uri,
    text: &str,
    index: &LineIndex,
) -> Diagnostic {
    let range = problem.primary.as_ref().map_or_else(
        || Range::new(Position::new(0, 0), Position::new(0, 0)),
        |(span, _)| index.range(text, *span),
    );
    let mut message = problem.message.clone();
    if let Some((_, label)) = &problem.primary
        && !label.is_empty()
    {
        message.push_str(&format!("\n{label}"));
    }
    if let Some(help) = &problem.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    let related: Vec<DiagnosticRelatedInformation> = problem
        .related
        .iter()
        .map(|(span, label)| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), index.range(text, *span)),
            message: if label.is_empty() {
                problem.message.clone()
            } else {
                label.clone()
            },
        })
        .collect();
    Diagnostic {
        range,
        severity: Some(match problem.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(problem.code.name().to_owned())),
        code_description: explanation_link(problem.code).map(|href| CodeDescription { href }),
        source: Some("ktpl".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn korean_and_emoji_count_per_encoding() {
        // "가" is 3 bytes, 1 UTF-16 unit; "😀" is 4 bytes, 2 UTF-16 units.
        let text = "a\n가😀x\n";
        let x = text.find('x').expect("x");
        for (encoding, character) in [(Encoding::Utf8, 7), (Encoding::Utf16, 3)] {
            let index = LineIndex::new(text, encoding);
            assert_eq!(index.position(text, x), Position::new(1, character));
            assert_eq!(index.offset(text, Position::new(1, character)), x);
        }
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let text = "ab\r\ncd";
        let index = LineIndex::new(text, Encoding::Utf16);
        assert_eq!(index.offset(text, Position::new(0, 99)), 2);
        assert_eq!(index.offset(text, Position::new(9, 0)), text.len());
        // Inside a surrogate pair: the character's start.
        let text = "😀";
        let index = LineIndex::new(text, Encoding::Utf16);
        assert_eq!(index.offset(text, Position::new(0, 1)), 0);
        assert_eq!(index.position(text, 2), Position::new(0, 0));
    }

    #[test]
    fn negotiation_prefers_utf8_and_defaults_to_utf16() {
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        let offered = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&offered)), Encoding::Utf8);
        assert_eq!(
            Encoding::negotiate(Some(&[PositionEncodingKind::UTF32])),
            Encoding::Utf16
        );
    }
}
