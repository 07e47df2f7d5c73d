//! GitHub Actions workflow commands: one `::error`/`::warning` line per problem.

use crate::diagnostic::Problem;
use crate::source::SourceFile;
use crate::span::Lines;

/// The annotation lines for one file's problems.
#[must_use]
pub fn annotations(source: &SourceFile, problems: &[Problem]) -> String {
    let mut out = String::new();
    let lines = Lines::new(&source.text);
    for problem in problems {
        let mut properties = format!("file={}", escape_property(&source.name));
        if let Some((span, _)) = &problem.primary {
            let (line, column) = lines.line_column(&source.text, span.start);
            let (end_line, end_column) = lines.line_column(&source.text, span.end);
            properties.push_str(&format!(
                ",line={line},col={column},endLine={end_line},endColumn={end_column}"
            ));
        }
        properties.push_str(&format!(",title={}", escape_property(problem.code.name())));
        let mut message = problem.message.clone();
        if let Some(help) = &problem.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{} {properties}::{}\n",
            problem.severity.as_str(),
            escape_data(&message)
        ));
    }
    out
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_github_would_misread() {
        assert_eq!(escape_data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(
            escape_property("ktpl::lint::x,y"),
            "ktpl%3A%3Alint%3A%3Ax%2Cy"
        );
    }
}
