//! `Problem`: one diagnostic with a code, a message, spans, a hint and the fixes that
//! would mend it (`edit`, `fix`), from any stage.

mod edit;
mod fix;

use std::fmt;

use miette::{Diagnostic, LabeledSpan};

use crate::code::{Code, Severity};
use crate::span::Span;

pub(crate) use self::edit::{Edit, apply};
pub(crate) use self::fix::{Applicability, Fix};

/// One thing wrong (or worth a warning) in one source file.
///
/// Problems carry spans only; the report attaches the source text when rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Stable code.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, lowercase, naming the thing.
    pub message: String,
    /// Where, and what the label there says.
    pub primary: Option<(Span, String)>,
    /// Other places worth showing ("first set here").
    pub related: Vec<(Span, String)>,
    /// What to do about it.
    pub help: Option<String>,
    /// RFC 6901 pointer into the template JSON, where one applies.
    pub pointer: Option<String>,
    /// Ways to mend it, best first; the data `--fix`, quick fixes and the reports read.
    pub fixes: Vec<Fix>,
}

impl Problem {
    /// A problem with the code's default severity and no location yet.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: code.default_severity(),
            message: message.into(),
            primary: None,
            related: Vec::new(),
            help: None,
            pointer: None,
            fixes: Vec::new(),
        }
    }

    /// Sets the primary span and its label.
    #[must_use]
    pub fn at(mut self, span: Span, label: impl Into<String>) -> Self {
        self.primary = Some((span, label.into()));
        self
    }

    /// Adds a secondary span with its label.
    #[must_use]
    pub fn also(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push((span, label.into()));
        self
    }

    /// Sets the help line.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the help line when there is one.
    #[must_use]
    pub fn maybe_help(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    /// Sets the JSON pointer the problem is about.
    #[must_use]
    pub fn pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    /// Adds a way to fix it.
    #[must_use]
    pub fn fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }

    /// Adds a way to fix it when there is one.
    #[must_use]
    pub fn maybe_fix(mut self, fix: Option<Fix>) -> Self {
        self.fixes.extend(fix);
        self
    }

    /// Whether this problem fails a check.
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Start of the primary span (for ordering and line/column output).
    #[must_use]
    pub fn offset(&self) -> Option<usize> {
        self.primary.as_ref().map(|(span, _)| span.start)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Problem {}

impl Diagnostic for Problem {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code.name()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let primary = self
            .primary
            .iter()
            .map(|(span, label)| LabeledSpan::new_primary_with_span(non_empty(label), *span));
        let related = self
            .related
            .iter()
            .map(|(span, label)| LabeledSpan::new_with_span(non_empty(label), *span));
        Some(Box::new(primary.chain(related)))
    }
}

fn non_empty(label: &str) -> Option<String> {
    (!label.is_empty()).then(|| label.to_owned())
}

/// Every problem found in one file, in source order. Reads as a slice of problems.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems(Vec<Problem>);

impl Problems {
    /// Whether any problem is an error.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Problem::is_error)
    }

    /// Adds a problem (at the end: [`Problems::sort`] puts it in place).
    pub fn push(&mut self, problem: Problem) {
        self.0.push(problem);
    }

    /// The problems, as a list to take apart.
    #[must_use]
    pub fn into_vec(self) -> Vec<Problem> {
        self.0
    }

    /// Sorts by position (problems without one last), then code (then, without a
    /// position, pointer), and drops exact repeats: sugar such as `link "url"` writes
    /// one source value to two JSON keys, and a finding about the value must be
    /// reported once. Without a position, findings at different pointers are not
    /// repeats (a template checked as a value has no positions at all).
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            let key = |p: &Problem| (p.offset().unwrap_or(usize::MAX), p.code);
            key(a).cmp(&key(b)).then_with(|| {
                if a.primary.is_none() && b.primary.is_none() {
                    a.pointer.cmp(&b.pointer)
                } else {
                    std::cmp::Ordering::Equal
                }
            })
        });
        self.0.dedup_by(|a, b| {
            a.code == b.code
                && a.primary == b.primary
                && a.message == b.message
                && (a.primary.is_some() || a.pointer == b.pointer)
        });
    }

    /// Fits every fix to the source text the problems are about (see [`Fix::settle`]),
    /// dropping those that do not apply to it. Run once, where the text is known.
    pub fn settle_fixes(&mut self, text: &str) {
        for problem in &mut self.0 {
            if !problem.fixes.is_empty() {
                problem.fixes.retain_mut(|fix| fix.settle(text));
            }
        }
    }
}

impl std::ops::Deref for Problems {
    type Target = [Problem];

    fn deref(&self) -> &[Problem] {
        &self.0
    }
}

impl std::ops::DerefMut for Problems {
    /// The problems in place, to change one (not to reorder: [`Problems::sort`] does).
    fn deref_mut(&mut self) -> &mut [Problem] {
        &mut self.0
    }
}

impl From<Vec<Problem>> for Problems {
    fn from(problems: Vec<Problem>) -> Self {
        Problems(problems)
    }
}

impl Extend<Problem> for Problems {
    fn extend<I: IntoIterator<Item = Problem>>(&mut self, problems: I) {
        self.0.extend(problems);
    }
}

impl IntoIterator for Problems {
    type Item = Problem;
    type IntoIter = std::vec::IntoIter<Problem>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Problems {
    type Item = &'a Problem;
    type IntoIter = std::slice::Iter<'a, Problem>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}
