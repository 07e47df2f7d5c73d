//! miette's graphical report, one block per problem.

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, SourceCode};

use crate::diagnostic::Problem;
use crate::source::SourceFile;

/// How reports are drawn.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// ANSI colours.
    pub color: bool,
    /// Wrap width.
    pub width: usize,
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
    let named = source.named_source();
    let mut out = String::new();
    for problem in problems {
        let with_source = WithSource {
            problem,
            source: &named,
        };
        if handler.render_report(&mut out, &with_source).is_err() {
            out.push_str(&format!("{}: {}\n", problem.code, problem.message));
        }
        out.push('\n');
    }
    out
}

/// A problem plus the text it points into, as miette wants to render it.
#[derive(Debug)]
struct WithSource<'a, S> {
    problem: &'a Problem,
    source: &'a S,
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
        self.problem.labels()
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.problem
            .primary
            .as_ref()
            .map(|_| self.source as &dyn SourceCode)
    }
}
