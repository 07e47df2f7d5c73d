//! Machine output: one JSON object per problem.

use serde::Serialize;

use crate::diagnostic::Problem;
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
            }
        })
        .collect()
}
