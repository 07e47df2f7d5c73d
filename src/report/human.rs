//! miette's graphical report, one block per problem, at most
//! `shown::PER_FILE` of them per file. Drawing costs the
//! lines it shows, not the file: miette reads a snippet by scanning the text from its
//! start, so it is handed only the lines around each span (`Snippets`).

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::shown::shown;
use crate::diagnostic::{Applicability, Fix, Problem};
use crate::source::SourceFile;
use crate::span::Lines;

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

/// Renders the problems of one file: at most `shown::PER_FILE`
/// (errors first), then a line saying how many more there are.
#[must_use]
pub fn render(source: &SourceFile, problems: &[Problem], style: Style) -> String {
    let shown = shown(problems);
    let renderer = Renderer::new(source, style);
    let mut out = String::new();
    for problem in &shown.problems {
        renderer.render(problem, &mut out);
    }
    if let Some(line) = shown.more_line(&source.name) {
        out.push_str(&line);
        out.push_str("\n\n");
    }
    out
}

/// Renders each problem on its own (the preview shows each in its own block), all of
/// them: the caller bounds how many.
#[must_use]
pub fn render_each<'a>(
    source: &SourceFile,
    problems: impl IntoIterator<Item = &'a Problem>,
    style: Style,
) -> Vec<String> {
    let renderer = Renderer::new(source, style);
    problems
        .into_iter()
        .map(|problem| {
            let mut out = String::new();
            renderer.render(problem, &mut out);
            out
        })
        .collect()
}

/// miette's handler and one file's text, indexed once for all its problems.
struct Renderer<'a> {
    handler: GraphicalReportHandler,
    snippets: Snippets<'a>,
}

impl<'a> Renderer<'a> {
    fn new(source: &'a SourceFile, style: Style) -> Self {
        let theme = if style.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(style.width)
            .with_links(false)
            .with_urls(false);
        let snippets = Snippets {
            name: &source.name,
            text: &source.text,
            language: source.kind.language(),
            lines: Lines::new(&source.text),
        };
        Self { handler, snippets }
    }

    fn render(&self, problem: &Problem, out: &mut String) {
        let snippets = &self.snippets;
        let with_source = WithSource {
            problem,
            source: snippets,
            show_source: !snippets.touches_long_line(problem),
        };
        // miette names the file only in a snippet's header: a problem without a span
        // must name it itself.
        if problem.primary.is_none() && !problem.message.contains(snippets.name) {
            out.push_str(&format!("{}:\n", snippets.name));
        }
        if let (false, Some((span, _))) = (with_source.show_source, &problem.primary) {
            let (line, column) = snippets.lines.line_column(snippets.text, span.start);
            out.push_str(&format!(
                "{}:{line}:{column}: (line too long to show)\n",
                snippets.name
            ));
        }
        if self.handler.render_report(out, &with_source).is_err() {
            out.push_str(&format!("{}: {}\n", problem.code, problem.message));
        }
        for fix in &problem.fixes {
            out.push_str(&fix_line(fix));
        }
        out.push('\n');
    }
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

/// The source as miette reads it, with two differences:
/// - miette reads a span by scanning the text from its start; here it scans only the
///   lines the snippet can reach (the span's, and the context lines around it), and the
///   numbers it finds are moved to where those lines sit in the file, so the result is
///   the same and a file with many problems is read once, not once per problem;
/// - the header's `file:line:column` is counted by [`Lines::line_column`]: miette counts
///   columns in bytes, and a Korean line would then disagree with the JSON, GitHub and
///   SARIF reports, which count characters.
#[derive(Debug)]
struct Snippets<'a> {
    name: &'a str,
    text: &'a str,
    language: &'static str,
    lines: Lines,
}

impl Snippets<'_> {
    /// Whether any span of the problem sits on a line too long to draw.
    fn touches_long_line(&self, problem: &Problem) -> bool {
        problem
            .primary
            .iter()
            .chain(&problem.related)
            .any(|(span, _)| {
                let (_, start) = self.lines.line_of(span.start.min(self.text.len()));
                let (last, _) = self.lines.line_of(span.end.min(self.text.len()));
                let end = self.lines.start_of(last + 1).unwrap_or(self.text.len());
                end - start > MAX_SHOWN_LINE
            })
    }
}

impl SourceCode for Snippets<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let (start, end) = (span.offset(), span.offset() + span.len());
        if end > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        // From the first context line before the span to two lines past the last
        // context line after it (miette stops before then).
        let (first, _) = self.lines.line_of(start);
        let (last, _) = self.lines.line_of(end);
        let first = first.saturating_sub(context_lines_before);
        let window_start = self.lines.start_of(first).unwrap_or(0);
        let window_end = self
            .lines
            .start_of(last + context_lines_after + 2)
            .unwrap_or(self.text.len());
        let window = &self.text[window_start..window_end];
        let inner = SourceSpan::new((start - window_start).into(), span.len());
        let contents = window.read_span(&inner, context_lines_before, context_lines_after)?;
        let shifted = SourceSpan::new(
            (contents.span().offset() + window_start).into(),
            contents.span().len(),
        );
        // Only the header's read has no context lines; the snippet's reads keep
        // miette's own numbers, which its drawing relies on.
        let (line, column) = if context_lines_before == 0 && context_lines_after == 0 {
            let (line, column) = self.lines.line_column(self.text, start);
            (line - 1, column - 1)
        } else {
            (contents.line() + first, contents.column())
        };
        let located = MietteSpanContents::new_named(
            self.name.to_owned(),
            contents.data(),
            shifted,
            line,
            column,
            contents.line_count() + first,
        )
        .with_language(self.language);
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
    fn snippets_read_what_miette_reads_from_the_whole_text() {
        let texts = [
            "feed {\n  content {\n    titel \"가나\"\n  }\n}\n",
            "a\r\nb\r\n\r\nc\rd\n\ne",
            "one line, no break",
            "\n\n\nx\n\n\n",
        ];
        for text in texts {
            let source = SourceFile::new("t.ktpl", text, SourceKind::Ktpl);
            let renderer = Renderer::new(&source, STYLE);
            let whole = source.named_source();
            let boundaries: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            for &start in &boundaries {
                for &end in boundaries.iter().filter(|&&end| end >= start) {
                    let span = SourceSpan::new(start.into(), end - start);
                    for context in [1, 2] {
                        let ours = renderer.snippets.read_span(&span, context, context);
                        let miettes = whole.read_span(&span, context, context);
                        let (Ok(ours), Ok(miettes)) = (ours, miettes) else {
                            panic!("{text:?} {start}..{end}: one of the reads failed");
                        };
                        let what = format!("{text:?} {start}..{end} context {context}");
                        assert_eq!(ours.data(), miettes.data(), "{what}");
                        assert_eq!(ours.span(), miettes.span(), "{what}");
                        assert_eq!(ours.line(), miettes.line(), "{what}");
                        assert_eq!(ours.column(), miettes.column(), "{what}");
                        assert_eq!(ours.line_count(), miettes.line_count(), "{what}");
                    }
                }
            }
        }
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
