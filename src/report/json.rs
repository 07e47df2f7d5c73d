//! Machine output: one JSON object per problem, each with the fixes it carries, in a
//! versioned envelope (`{"version": 1, "findings": [...]}`).

use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostic::{Fix, Problem};
use crate::source::SourceFile;
use crate::span::Lines;

/// One problem as `--format json` prints it.
#[derive(Debug, Serialize)]
pub struct JsonProblem {
    /// The file as named on the command line.
    pub file: String,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// The stable code.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// 1-based line of the primary span.
    pub line: Option<usize>,
    /// 1-based column (in characters) of the primary span.
    pub column: Option<usize>,
    /// 1-based line where the primary span ends.
    pub end_line: Option<usize>,
    /// 1-based column where the primary span ends.
    pub end_column: Option<usize>,
    /// What the label at the span says.
    pub label: Option<String>,
    /// What to do.
    pub help: Option<String>,
    /// RFC 6901 pointer into the template, where one applies.
    pub pointer: Option<String>,
    /// Ways to fix it (`ktpl check --fix` applies the safe ones).
    pub fixes: Vec<FixOut>,
}

/// The version of the JSON output's shape; it changes only when a key changes meaning
/// or goes away (new keys may be added).
pub const VERSION: u32 = 1;

/// One fix as machine output writes it.
#[derive(Debug, Serialize)]
pub struct FixOut {
    /// What it does.
    pub title: String,
    /// `safe` (applied by `--fix`) or `unsafe` (only with `--unsafe-fixes`).
    pub applicability: &'static str,
    /// The edits, in source order.
    pub edits: Vec<EditOut>,
}

/// One edit: the text from (`line`, `column`) to (`end_line`, `end_column`), the bytes
/// `start..end`, becomes `content` (an insertion when they are equal).
#[derive(Debug, Serialize)]
pub struct EditOut {
    /// 1-based line where the replaced text starts.
    pub line: usize,
    /// 1-based column (in characters) where it starts.
    pub column: usize,
    /// 1-based line where it ends.
    pub end_line: usize,
    /// 1-based column (in characters) where it ends.
    pub end_column: usize,
    /// Byte offset where it starts.
    pub start: usize,
    /// Byte offset where it ends.
    pub end: usize,
    /// The new text.
    pub content: String,
}

impl FixOut {
    /// `fix` placed in `text` (indexed by `lines`).
    #[must_use]
    pub fn new(fix: &Fix, text: &str, lines: &Lines) -> Self {
        Self {
            title: fix.title.clone(),
            applicability: fix.applicability.as_str(),
            edits: fix
                .edits
                .iter()
                .map(|edit| {
                    let (line, column) = lines.line_column(text, edit.span.start);
                    let (end_line, end_column) = lines.line_column(text, edit.span.end);
                    EditOut {
                        line,
                        column,
                        end_line,
                        end_column,
                        start: edit.span.start,
                        end: edit.span.end,
                        content: edit.content.clone(),
                    }
                })
                .collect(),
        }
    }
}

/// The JSON objects for one file's problems.
#[must_use]
pub fn problems(source: &SourceFile, problems: &[Problem]) -> Vec<JsonProblem> {
    let lines = Lines::new(&source.text);
    problems
        .iter()
        .map(|problem| {
            let start = problem
                .primary
                .as_ref()
                .map(|(span, _)| lines.line_column(&source.text, span.start));
            let end = problem
                .primary
                .as_ref()
                .map(|(span, _)| lines.line_column(&source.text, span.end));
            JsonProblem {
                file: source.name.clone(),
                severity: problem.severity.as_str(),
                code: problem.code.name(),
                message: problem.message.clone(),
                line: start.map(|(line, _)| line),
                column: start.map(|(_, column)| column),
                end_line: end.map(|(line, _)| line),
                end_column: end.map(|(_, column)| column),
                label: problem.primary.as_ref().map(|(_, label)| label.clone()),
                help: problem.help.clone(),
                pointer: problem.pointer.clone(),
                fixes: problem
                    .fixes
                    .iter()
                    .map(|fix| FixOut::new(fix, &source.text, &lines))
                    .collect(),
            }
        })
        .collect()
}

/// Opens the envelope, up to the `findings` array.
pub fn write_header(out: &mut impl Write) -> io::Result<()> {
    write!(out, "{{\n  \"version\": {VERSION},\n  \"findings\": [")
}

/// Writes one finding into the array (`first`: no comma before it).
pub fn write_item(out: &mut impl Write, item: &serde_json::Value, first: bool) -> io::Result<()> {
    let text = serde_json::to_string_pretty(item).unwrap_or_default();
    // JSON strings hold no raw line breaks, so every one is between tokens.
    let text = text.replace('\n', "\n    ");
    out.write_all(if first { b"\n    " } else { b",\n    " })?;
    out.write_all(text.as_bytes())
}

/// Closes the array and the envelope (`empty`: no finding was written).
pub fn write_footer(out: &mut impl Write, empty: bool) -> io::Result<()> {
    out.write_all(if empty { b"]\n}\n" } else { b"\n  ]\n}\n" })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `check --format json`'s whole output for the findings of some files: the envelope
    /// the streaming writer produces.
    fn document(items: &[serde_json::Value]) -> String {
        let mut out = Vec::new();
        let written = write_header(&mut out)
            .and_then(|()| {
                items
                    .iter()
                    .enumerate()
                    .try_for_each(|(index, item)| write_item(&mut out, item, index == 0))
            })
            .and_then(|()| write_footer(&mut out, items.is_empty()));
        debug_assert!(written.is_ok(), "writing to a Vec cannot fail");
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn the_envelope_is_versioned_json_either_way() {
        let empty: serde_json::Value = serde_json::from_str(&document(&[])).expect("json");
        assert_eq!(empty, serde_json::json!({ "version": 1, "findings": [] }));
        let items = [
            serde_json::json!({"a": [1, "x\ny"]}),
            serde_json::json!({"b": 2}),
        ];
        let text = document(&items);
        let full: serde_json::Value = serde_json::from_str(&text).expect("json");
        assert_eq!(full, serde_json::json!({ "version": 1, "findings": items }));
        assert!(text.contains("\n    {\n      \"a\""), "{text}");
    }
}
