//! `Finding`: one problem as the library returns it and `ktpl check --format json`
//! prints it, its position resolved to lines and columns. Both are this one type, so
//! the keys a program reads cannot drift from the keys the command line writes.

use std::ops::Range;

use serde::Serialize;

use crate::code::{Code, Severity};
use crate::diagnostic::{Applicability, Edit, Fix, Problem};
use crate::source::SourceFile;
use crate::span::{Lines, Span};

/// One thing wrong with a template (or worth a warning): what, where, and what to do.
///
/// Serialised (with `serde`), it has exactly the keys of one entry of
/// `ktpl check --format json`, in the same order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Finding {
    /// The source's name: a path as given, or `<stdin>`.
    pub file: String,
    /// Error or warning (`ktpl.toml` may change a lint's).
    pub severity: Severity,
    /// The stable code, such as `ktpl::compile::unknown_field` (`ktpl explain CODE`
    /// says more).
    pub code: &'static str,
    /// What is wrong, lowercase, naming the thing.
    pub message: String,
    /// 1-based line where the underlined text starts.
    pub line: Option<usize>,
    /// 1-based column where it starts, counted in characters (Unicode scalar values).
    pub column: Option<usize>,
    /// 1-based line where it ends.
    pub end_line: Option<usize>,
    /// 1-based column where it ends, in characters.
    pub end_column: Option<usize>,
    /// What the label at the underlined text says.
    pub label: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
    /// RFC 6901 pointer into the template JSON, where one applies.
    pub pointer: Option<String>,
    /// Ways to fix it, each a set of edits to the source (`ktpl check --fix` applies
    /// the safe ones).
    pub fixes: Vec<FixOut>,
    /// The underlined text as a byte range of the source.
    #[serde(skip)]
    pub span: Option<Range<usize>>,
    /// Other places worth showing, with their labels ("first set here").
    #[serde(skip)]
    pub related: Vec<(Range<usize>, String)>,
}

impl Finding {
    /// The finding for `problem` in `source`, whose line starts are `lines`.
    pub(crate) fn new(source: &SourceFile, problem: &Problem, lines: &Lines) -> Finding {
        let at = |offset| lines.line_column(&source.text, offset);
        let start = problem.primary.as_ref().map(|(span, _)| at(span.start));
        let end = problem.primary.as_ref().map(|(span, _)| at(span.end));
        Finding {
            file: source.name.clone(),
            severity: problem.severity,
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
                .map(|fix| FixOut::new(fix, &source.text, lines))
                .collect(),
            span: problem
                .primary
                .as_ref()
                .map(|(span, _)| span.start..span.end),
            related: problem
                .related
                .iter()
                .map(|(span, label)| (span.start..span.end, label.clone()))
                .collect(),
        }
    }

    /// Whether this finding fails a check.
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The problem this finding was made from (for rendering it again).
    pub(crate) fn to_problem(&self) -> Option<Problem> {
        let code = Code::from_name(self.code)?;
        let span = |range: &Range<usize>| Span::new(range.start, range.end);
        // Built field by field from `new`, so a field the problem gains later keeps its
        // default here.
        let mut problem = Problem::new(code, self.message.clone());
        problem.severity = self.severity;
        problem.primary = self
            .span
            .as_ref()
            .map(|range| (span(range), self.label.clone().unwrap_or_default()));
        problem.related = self
            .related
            .iter()
            .map(|(range, label)| (span(range), label.clone()))
            .collect();
        problem.help.clone_from(&self.help);
        problem.pointer.clone_from(&self.pointer);
        problem.fixes = self.fixes.iter().map(FixOut::to_fix).collect();
        Some(problem)
    }
}

/// One way to fix a finding: edits applied together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct FixOut {
    /// What it does ("Replace `titel` with `title`").
    pub title: String,
    /// `safe` (applied by `ktpl check --fix`) or `unsafe` (only with
    /// `--unsafe-fixes`: it could change what the template says).
    pub applicability: &'static str,
    /// The edits, in source order, none overlapping another.
    pub edits: Vec<EditOut>,
}

/// One edit: the text from (`line`, `column`) to (`end_line`, `end_column`), the bytes
/// `start..end`, becomes `content` (an insertion when they are equal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
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
    pub(crate) fn new(fix: &Fix, text: &str, lines: &Lines) -> Self {
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

    /// The fix this was made from (for rendering it again).
    fn to_fix(&self) -> Fix {
        let applicability = Applicability::safe_if(self.applicability == "safe");
        let edits = self
            .edits
            .iter()
            .map(|edit| Edit::replacement(Span::new(edit.start, edit.end), edit.content.clone()))
            .collect();
        Fix::new(applicability, self.title.clone(), edits)
    }
}

/// The findings for one source's problems, in their order.
#[must_use]
pub(crate) fn findings(source: &SourceFile, problems: &[Problem]) -> Vec<Finding> {
    let lines = Lines::new(&source.text);
    problems
        .iter()
        .map(|problem| Finding::new(source, problem, &lines))
        .collect()
}
