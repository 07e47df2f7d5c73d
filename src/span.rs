//! Byte ranges into a source file, the currency every stage uses to point at text.

use miette::SourceSpan;

/// A half-open byte range `start..end` into one source file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The range `start..end`.
    #[must_use]
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// The smallest span that covers both.
    #[must_use]
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The text this span covers.
    #[must_use]
    pub fn read(self, text: &str) -> &str {
        &text[self.start..self.end]
    }
}

impl From<pest::Span<'_>> for Span {
    fn from(span: pest::Span<'_>) -> Self {
        Span::new(span.start(), span.end())
    }
}

impl From<Span> for SourceSpan {
    fn from(span: Span) -> Self {
        SourceSpan::new(span.start.into(), span.end - span.start)
    }
}

/// 1-based line and column of a byte offset, the one convention every report uses:
/// columns count characters (Unicode scalar values, SARIF's `unicodeCodePoints`), and
/// a line ends at `\n`, `\r\n` or a lone `\r` (as SARIF and miette both count lines).
/// For many offsets into one text, index it once with [`Lines`].
#[must_use]
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    Lines::new(text).line_column(text, offset)
}

/// Where each line of a text starts, so that many offsets are placed without reading the
/// text from its start for each (a file with thousands of findings stays linear), and
/// how many characters lie before every [`MARK_EVERY`]th byte, so that a column far into
/// a long line (minified JSON) is counted without reading the line from its start.
#[derive(Debug, Clone)]
pub(crate) struct Lines {
    /// Byte offset of each line's first character; the first is 0.
    starts: Vec<usize>,
    /// Every [`MARK_EVERY`] bytes (rounded down to a character): the offset, and the
    /// characters and UTF-16 units before it.
    marks: Vec<(usize, Units)>,
}

/// How far apart [`Lines`] marks its character counts, in bytes.
const MARK_EVERY: usize = 4096;

/// A length of text in characters and in UTF-16 units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Units {
    /// Unicode scalar values.
    pub chars: usize,
    /// UTF-16 code units.
    pub utf16: usize,
}

impl Units {
    /// Counts `text`.
    #[must_use]
    pub(crate) fn of(text: &str) -> Self {
        // Counted on bytes, which the compiler vectorises: a character starts at every
        // byte that is not a continuation byte (`0b10xx_xxxx`), and takes two UTF-16
        // units when it is four bytes long (its first byte is `0xF0` or above).
        let bytes = text.as_bytes();
        let chars = bytes.iter().filter(|&&byte| byte & 0xC0 != 0x80).count();
        let astral = bytes.iter().filter(|&&byte| byte >= 0xF0).count();
        Units {
            chars,
            utf16: chars + astral,
        }
    }
}

impl Lines {
    /// Indexes `text`'s lines.
    #[must_use]
    pub(crate) fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        // memchr finds the line breaks many bytes at a time.
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        let mut marks = vec![(0, Units::default())];
        let mut before = Units::default();
        let mut from = 0;
        while from + MARK_EVERY < text.len() {
            let to = floor_char_boundary(text, from + MARK_EVERY);
            let counted = Units::of(&text[from..to]);
            before = Units {
                chars: before.chars + counted.chars,
                utf16: before.utf16 + counted.utf16,
            };
            marks.push((to, before));
            from = to;
        }
        Self { starts, marks }
    }

    /// Characters and UTF-16 units in `text[start..end]` (char boundaries, `start <=
    /// end`), read from the nearest mark when that is closer than `start`.
    #[must_use]
    pub(crate) fn units_between(&self, text: &str, start: usize, end: usize) -> Units {
        if end - start <= MARK_EVERY {
            return Units::of(&text[start..end]);
        }
        let before = |offset: usize| {
            let (mark, units) = self.marks[self.marks.partition_point(|&(at, _)| at <= offset) - 1];
            let rest = Units::of(&text[mark..offset]);
            Units {
                chars: units.chars + rest.chars,
                utf16: units.utf16 + rest.utf16,
            }
        };
        let (to, from) = (before(end), before(start));
        Units {
            chars: to.chars - from.chars,
            utf16: to.utf16 - from.utf16,
        }
    }

    /// The 0-based line holding a byte offset, and that line's first byte.
    #[must_use]
    pub(crate) fn line_of(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        (line, self.starts[line])
    }

    /// The first byte of a 0-based line, if the text has it.
    #[must_use]
    pub(crate) fn start_of(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    /// 1-based line and column (in characters) of a byte offset into the indexed text
    /// (clamped into it, rounded down to a character).
    #[must_use]
    pub(crate) fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset);
        let (line, start) = self.line_of(offset);
        (line + 1, self.units_between(text, start, offset).chars + 1)
    }
}

/// The largest char boundary at or below `offset` (offsets from other parsers may not be).
#[must_use]
pub(crate) fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "ab\n가나x";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        assert_eq!(line_column(text, 9), (2, 3));
    }

    #[test]
    fn indexed_lines_place_offsets_like_a_scan_from_the_start() {
        let text = "ab\n가나x\n\n🍰!";
        let lines = Lines::new(text);
        for offset in 0..=text.len() + 2 {
            let clamped = floor_char_boundary(text, offset);
            let before = &text[..clamped];
            let line = before.matches('\n').count() + 1;
            let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
                .chars()
                .count()
                + 1;
            assert_eq!(
                lines.line_column(text, offset),
                (line, column),
                "offset {offset}"
            );
        }
        assert_eq!(lines.start_of(2), Some(11));
        // Far into one long line, columns come from the marks: the same count.
        let long = format!("{}x", "가a🍰".repeat(5000));
        let lines = Lines::new(&long);
        for offset in [
            0,
            4095,
            4096,
            4097,
            12_345,
            40_000,
            long.len() - 1,
            long.len(),
        ] {
            let clamped = floor_char_boundary(&long, offset);
            assert_eq!(
                lines.line_column(&long, offset),
                (1, long[..clamped].chars().count() + 1),
                "offset {offset}"
            );
            assert_eq!(
                lines.units_between(&long, 0, clamped).utf16,
                long[..clamped].encode_utf16().count()
            );
        }
        assert_eq!(lines.start_of(4), None);
    }

    #[test]
    fn units_count_characters_and_utf16_units() {
        let edges = "a\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}\u{10ffff}z";
        for text in ["", "abc", "가나다", "🍰!", edges] {
            let expected = Units {
                chars: text.chars().count(),
                utf16: text.encode_utf16().count(),
            };
            assert_eq!(Units::of(text), expected, "{text:?}");
        }
    }

    #[test]
    fn every_line_ending_ends_a_line_once() {
        assert_eq!(line_column("a\r\nb", 3), (2, 1));
        assert_eq!(line_column("a\rb", 2), (2, 1));
        assert_eq!(line_column("a\r\nb", 1), (1, 2));
        // Between `\r` and `\n`: still the first line.
        assert_eq!(line_column("a\r\nb", 2), (1, 3));
    }

    #[test]
    fn span_to_covers_both() {
        assert_eq!(Span::new(5, 7).to(Span::new(1, 3)), Span::new(1, 7));
    }
}
