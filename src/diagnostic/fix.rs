//! `Fix`: a suggestion made of edits, titled for people, marked safe or not (ruff's
//! model). `ktpl check --fix`, the editor's quick fixes, SARIF and `--format json` all
//! read these; none of them reads a message's words.

use super::edit::Edit;
use crate::span::Span;

/// Whether `ktpl check --fix` applies a fix on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Applicability {
    /// Keeps what the author evidently meant: it never changes what a valid template
    /// means (a typo renamed to the one field it can be, quotes taken off a number).
    /// `--fix` applies it.
    Safe,
    /// Could change what the template says or lose something written (a placeholder
    /// value, a button removed, `http` made `https`): applied only with
    /// `--unsafe-fixes`, offered by the editor.
    Unsafe,
}

impl Applicability {
    /// `Safe` when `safe` holds, else `Unsafe`.
    #[must_use]
    pub fn safe_if(safe: bool) -> Self {
        if safe { Self::Safe } else { Self::Unsafe }
    }

    /// `safe` or `unsafe`, as machine output spells it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Safe => "safe",
            Self::Unsafe => "unsafe",
        }
    }
}

/// One way to fix a problem: edits applied together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, as an editor's quick-fix menu shows it ("Replace `titel`
    /// with `title`").
    pub title: String,
    /// Whether `--fix` applies it without `--unsafe-fixes`.
    pub applicability: Applicability,
    /// The edits, in source order, none overlapping another.
    pub edits: Vec<Edit>,
    /// Text the source must hold for the edits to be right, checked by
    /// [`Fix::settle`]: a stage that sees only the compiled JSON (a lint) cannot tell
    /// a literal `"http://..."` from `"${base}/..."` that expands to it.
    expects: Vec<(Span, String)>,
    /// Whether [`Fix::settle`] has fitted it to its text (which it does once).
    settled: bool,
}

impl Fix {
    /// A fix from its parts.
    #[must_use]
    pub fn new(applicability: Applicability, title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self {
            title: title.into(),
            applicability,
            edits,
            expects: Vec::new(),
            settled: false,
        }
    }

    /// A safe fix.
    #[must_use]
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self::new(Applicability::Safe, title, edits)
    }

    /// An unsafe fix.
    #[must_use]
    pub fn unsafe_(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self::new(Applicability::Unsafe, title, edits)
    }

    /// Replaces a misspelt name (`from`, at `span`) with the one meant (`to`, written
    /// there as `written`: quoted in JSON, bare in ktpl).
    #[must_use]
    pub fn replace_name(
        applicability: Applicability,
        span: Span,
        from: &str,
        to: &str,
        written: impl Into<String>,
    ) -> Self {
        Self::new(
            applicability,
            format!("Replace `{from}` with `{to}`"),
            vec![Edit::replacement(span, written)],
        )
    }

    /// The fix holds only if the source reads `text` at `span`.
    #[must_use]
    pub fn expecting(mut self, span: Span, text: impl Into<String>) -> Self {
        self.expects.push((span, text.into()));
        self
    }

    /// Fits the fix to the source it is for; `false` when it does not apply there (an
    /// expectation fails, or an edit falls outside the text or inside a character).
    /// A removal that would leave its line blank takes the whole line; one inside a
    /// line takes the spaces before it. An insertion's new lines are indented like
    /// the line it goes into.
    pub fn settle(&mut self, text: &str) -> bool {
        if self.settled {
            return true;
        }
        let readable = |span: Span| {
            span.start <= span.end
                && span.end <= text.len()
                && text.is_char_boundary(span.start)
                && text.is_char_boundary(span.end)
        };
        let expected = self
            .expects
            .iter()
            .all(|(span, wanted)| readable(*span) && span.read(text) == wanted);
        if !expected || self.edits.is_empty() || !self.edits.iter().all(|e| readable(e.span)) {
            return false;
        }
        self.expects.clear();
        for edit in &mut self.edits {
            if edit.is_deletion() {
                edit.span = widen_removal(edit.span, text);
            } else if edit.content.contains('\n') {
                let indent = indent_of_line(text, edit.span.start);
                if !indent.is_empty() {
                    edit.content = edit.content.replace('\n', &format!("\n{indent}"));
                }
            }
        }
        self.edits
            .sort_by_key(|edit| (edit.span.start, edit.span.end));
        self.settled = true;
        self.edits
            .windows(2)
            .all(|pair| !pair[0].overlaps(&pair[1]))
    }
}

/// The leading spaces and tabs of the line holding byte `at`.
fn indent_of_line(text: &str, at: usize) -> &str {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[start..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// A removal grown to its whole lines when nothing else is on them (so no blank line
/// is left), else to the spaces before it (so no double space is left).
fn widen_removal(span: Span, text: &str) -> Span {
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    let blank = |s: &str| s.trim_matches([' ', '\t', '\r']).is_empty();
    let before = &text[line_start..span.start];
    if blank(before) && blank(&text[span.end..line_end]) {
        if line_end < text.len() {
            return Span::new(line_start, line_end + 1);
        }
        // The last line: take the line break before it instead.
        let start = text[..line_start].trim_end_matches(['\n', '\r']).len();
        let start = if text[..start].trim().is_empty() {
            line_start
        } else {
            start
        };
        return Span::new(start, line_end);
    }
    if blank(before) {
        // Text follows on the line: take the spaces after instead, keeping the indent.
        let rest = &text[span.end..line_end];
        let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        return Span::new(span.start, span.end + spaces);
    }
    let kept = before.trim_end_matches([' ', '\t']).len();
    Span::new(line_start + kept, span.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settled(text: &str, edit: Edit) -> String {
        let mut fix = Fix::safe("t", vec![edit]);
        assert!(fix.settle(text));
        // Fitting twice changes nothing.
        let once = fix.clone();
        assert!(fix.settle(text));
        assert_eq!(fix, once);
        let edits: Vec<&Edit> = fix.edits.iter().collect();
        super::super::edit::apply(text, &edits)
    }

    #[test]
    fn a_removal_alone_on_its_lines_takes_them_whole() {
        let text = "a {\n  b 1\n  c 2\n}";
        let at = text.find("b 1").expect("b");
        assert_eq!(
            settled(text, Edit::deletion(Span::new(at, at + 3))),
            "a {\n  c 2\n}"
        );
        let text = "a {\n  b 1\n}\nz";
        let at = text.find('z').expect("z");
        assert_eq!(
            settled(text, Edit::deletion(Span::new(at, at + 1))),
            "a {\n  b 1\n}"
        );
    }

    #[test]
    fn a_removal_inside_a_line_takes_the_spaces_before_it() {
        let text = "a { b 1 c 2 }";
        let at = text.find("c 2").expect("c");
        assert_eq!(
            settled(text, Edit::deletion(Span::new(at, at + 3))),
            "a { b 1 }"
        );
        let text = "  b 1 // note\n";
        assert_eq!(
            settled(text, Edit::deletion(Span::new(2, 5))),
            "  // note\n"
        );
    }

    #[test]
    fn inserted_lines_are_indented_like_their_line() {
        let text = "feed {\n  content {\n    title \"a\"\n  }\n}";
        let at = text.find("content {").expect("content") + "content {".len();
        assert_eq!(
            settled(text, Edit::insertion(at, "\n  link \"u\"")),
            "feed {\n  content {\n    link \"u\"\n    title \"a\"\n  }\n}"
        );
    }

    #[test]
    fn expectations_must_hold_and_spans_must_fit() {
        let text = "link \"${base}/x\"";
        let mut fix = Fix::safe("t", vec![Edit::replacement(Span::new(6, 10), "https")])
            .expecting(Span::new(5, 13), "\"http://");
        assert!(!fix.settle(text));
        let mut fix = Fix::safe("t", vec![Edit::replacement(Span::new(6, 100), "x")]);
        assert!(!fix.settle(text));
        let text = "link \"http://a\"";
        let mut fix = Fix::safe("t", vec![Edit::replacement(Span::new(6, 10), "https")])
            .expecting(Span::new(5, 13), "\"http://");
        assert!(fix.settle(text));
    }
}
