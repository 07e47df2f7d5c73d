//! miette's graphical report, one block per problem.

use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, MietteError, MietteSpanContents,
    NamedSource, SourceCode, SourceSpan, SpanContents,
};

use crate::diagnostic::{Applicability, Fix, Problem};
use crate::source::SourceFile;

/// How reports are drawn.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// ANSI colours.
    pub color: bool,
    /// Wrap width, in columns.
    pub width: usize,
}

impl Default for Style {
    /// No colour, 100 columns: `ktpl check`'s report written to a file or a pipe.
    fn default() -> Self {
        Style {
            color: false,
            width: 100,
        }
    }
}

/// Renders every problem of one file.
#[must_use]
pub fn render(source: &SourceFile, problems: &[Problem], style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .with_urls(false);
    let named = CharColumns {
        named: source.named_source(),
        text: &source.text,
        lines: crate::span::Lines::new(&source.text),
    };
    let mut out = String::new();
    for problem in problems {
        let with_source = WithSource {
            problem,
            source: &named,
            show_source: !touches_long_line(&source.text, problem),
        };
        // miette names the file only in a snippet's header: a problem without a span
        // must name it itself.
        if problem.primary.is_none() && !problem.message.contains(&source.name) {
            out.push_str(&format!("{}:\n", source.name));
        }
        if let (false, Some((span, _))) = (with_source.show_source, &problem.primary) {
            let (line, column) = named.lines.line_column(&source.text, span.start);
            out.push_str(&format!(
                "{}:{line}:{column}: (line too long to show)\n",
                source.name
            ));
        }
        if handler.render_report(&mut out, &with_source).is_err() {
            out.push_str(&format!("{}: {}\n", problem.code, problem.message));
        }
        for fix in &problem.fixes {
            out.push_str(&fix_line(fix));
        }
        out.push('\n');
    }
    out
}

/// "  fix: replace `titel` with `title` (`ktpl check --fix`)", under the help.
fn fix_line(fix: &Fix) -> String {
    let mut title = fix.title.chars();
    let first = title.next().map(|c| c.to_lowercase().to_string());
    let how = match fix.applicability {
        Applicability::Safe => "`ktpl check --fix`",
        Applicability::Unsafe => "unsafe: `ktpl check --fix --unsafe-fixes`",
    };
    format!(
        "  fix: {}{} ({how})\n",
        first.unwrap_or_default(),
        title.as_str()
    )
}

/// Lines longer than this are not drawn: a 10 MB line would flood the terminal.
const MAX_SHOWN_LINE: usize = 2000;

/// Whether any span of the problem sits on a line too long to draw.
fn touches_long_line(text: &str, problem: &Problem) -> bool {
    problem
        .primary
        .iter()
        .chain(&problem.related)
        .any(|(span, _)| {
            let start = text[..span.start.min(text.len())]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            let end = text[span.end.min(text.len())..]
                .find('\n')
                .map_or(text.len(), |i| span.end + i);
            end - start > MAX_SHOWN_LINE
        })
}

/// A problem plus the text it points into, as miette wants to render it.
#[derive(Debug)]
struct WithSource<'a, S> {
    problem: &'a Problem,
    source: &'a S,
    show_source: bool,
}

impl<S> std::fmt::Display for WithSource<'_, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.problem.fmt(f)
    }
}

impl<S: std::fmt::Debug> std::error::Error for WithSource<'_, S> {}

impl<S: SourceCode + std::fmt::Debug> Diagnostic for WithSource<'_, S> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.problem.code()
    }
    fn severity(&self) -> Option<miette::Severity> {
        self.problem.severity()
    }
    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.problem.help()
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        if self.show_source {
            self.problem.labels()
        } else {
            None
        }
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.problem
            .primary
            .as_ref()
            .filter(|_| self.show_source)
            .map(|_| self.source as &dyn SourceCode)
    }
}

/// The source as miette reads it, but with the header's `file:line:column` counted by
/// [`crate::span::line_column`]: miette counts columns in bytes, and a Korean line would
/// then disagree with the JSON, GitHub and SARIF reports, which count characters.
#[derive(Debug)]
struct CharColumns<'a> {
    named: NamedSource<Arc<str>>,
    text: &'a str,
    lines: crate::span::Lines,
}

impl SourceCode for CharColumns<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let contents = self
            .named
            .read_span(span, context_lines_before, context_lines_after)?;
        // Only the header's read has no context lines; the snippet's reads keep
        // miette's own numbers, which its drawing relies on.
        if context_lines_before != 0 || context_lines_after != 0 {
            return Ok(contents);
        }
        let (line, column) = self.lines.line_column(self.text, span.offset());
        let mut located = MietteSpanContents::new_named(
            contents.name().unwrap_or_default().to_owned(),
            contents.data(),
            *contents.span(),
            line - 1,
            column - 1,
            contents.line_count(),
        );
        if let Some(language) = contents.language() {
            located = located.with_language(language);
        }
        Ok(Box::new(located))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::Code;
    use crate::source::SourceKind;
    use crate::span::Span;

    const STYLE: Style = Style {
        color: false,
        width: 100,
    };

    #[test]
    fn a_problem_without_a_span_still_names_its_file() {
        let source = SourceFile::new("orders/welcome.json", "{}", SourceKind::Json);
        let problem = Problem::new(Code::SchemaRequired, "missing `object_type`").help("add it");
        assert!(render(&source, &[problem], STYLE).starts_with("orders/welcome.json:\n"));
    }

    #[test]
    fn the_header_counts_columns_in_characters() {
        let source = SourceFile::new("k.ktpl", "text {\n  text \"가나다\" x\n}", SourceKind::Ktpl);
        let at = source.text.rfind('x').expect("x");
        let problem =
            Problem::new(Code::SyntaxUnexpected, "stray").at(Span::new(at, at + 1), "here");
        let out = render(&source, &[problem], STYLE);
        assert!(out.contains("[k.ktpl:2:14]"), "{out}");
    }
}
