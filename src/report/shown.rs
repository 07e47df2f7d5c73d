//! How many findings of one file a person is shown: the human report, the preview and
//! the editor show at most [`PER_FILE`] and say how many more there are, so a generated
//! file with 250,000 errors costs what 200 cost to draw. The machine formats (`json`,
//! `sarif`, `github`) list every finding: the program reading them decides.

use crate::diagnostic::Problem;

/// The most findings of one file shown to a person.
pub(crate) const PER_FILE: usize = 200;

/// The findings of one file that are shown, and what is left out.
#[derive(Debug)]
pub(crate) struct Shown<'a> {
    /// At most [`PER_FILE`], in the order given.
    pub problems: Vec<&'a Problem>,
    /// Errors left out.
    pub more_errors: usize,
    /// Warnings left out.
    pub more_warnings: usize,
}

impl Shown<'_> {
    /// How many findings are left out.
    #[must_use]
    pub(crate) fn more(&self) -> usize {
        self.more_errors + self.more_warnings
    }

    /// The line that says what is left out, naming the file; `None` when nothing is.
    #[must_use]
    pub(crate) fn more_line(&self, file: &str) -> Option<String> {
        (self.more() > 0).then(|| {
            format!(
                "{file}: {} not shown ({}, {}): only the first {} of a file are shown; \
                 `ktpl check --format json` lists every one",
                crate::prose::count(self.more() as u64, "more problem"),
                crate::prose::count(self.more_errors as u64, "error"),
                crate::prose::count(self.more_warnings as u64, "warning"),
                self.problems.len(),
            )
        })
    }
}

/// The findings to show: all of them when there are at most [`PER_FILE`]; else errors
/// first (so no error hides behind a wall of warnings), then warnings, each kind in the
/// order given, and the chosen ones kept in the order given.
#[must_use]
pub(crate) fn shown(problems: &[Problem]) -> Shown<'_> {
    if problems.len() <= PER_FILE {
        return Shown {
            problems: problems.iter().collect(),
            more_errors: 0,
            more_warnings: 0,
        };
    }
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let shown_errors = errors.min(PER_FILE);
    let mut shown_warnings = PER_FILE - shown_errors;
    let mut errors_left = shown_errors;
    let chosen = problems
        .iter()
        .filter(|problem| {
            let budget = if problem.is_error() {
                &mut errors_left
            } else {
                &mut shown_warnings
            };
            let take = *budget > 0;
            *budget = budget.saturating_sub(1);
            take
        })
        .collect::<Vec<_>>();
    let warnings = problems.len() - errors;
    let more_errors = errors - shown_errors;
    let more_warnings = warnings - (chosen.len() - shown_errors);
    Shown {
        problems: chosen,
        more_errors,
        more_warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::Code;

    fn warning(n: usize) -> Problem {
        Problem::new(Code::LintPlainHttp, format!("warning {n}"))
    }

    fn error(n: usize) -> Problem {
        Problem::new(Code::CompileUnknownField, format!("error {n}"))
    }

    #[test]
    fn a_few_are_all_shown() {
        let problems: Vec<Problem> = (0..PER_FILE).map(error).collect();
        let shown = shown(&problems);
        assert_eq!(shown.problems.len(), PER_FILE);
        assert_eq!(shown.more_line("f"), None);
    }

    #[test]
    fn errors_behind_many_warnings_are_shown_first() {
        let mut problems: Vec<Problem> = (0..1000).map(warning).collect();
        problems.extend((0..3).map(error));
        let shown = shown(&problems);
        assert_eq!(shown.problems.len(), PER_FILE);
        assert_eq!(shown.problems.iter().filter(|p| p.is_error()).count(), 3);
        // In the order given: the warnings kept come before the errors.
        assert_eq!(shown.problems[0].message, "warning 0");
        assert_eq!(shown.problems[PER_FILE - 1].message, "error 2");
        assert_eq!((shown.more_errors, shown.more_warnings), (0, 803));
        let line = shown.more_line("big.ktpl").expect("a line");
        assert!(
            line.starts_with("big.ktpl: 803 more problems not shown (0 errors, 803 warnings)"),
            "{line}"
        );
    }

    #[test]
    fn too_many_errors_leave_no_room_for_warnings() {
        let mut problems: Vec<Problem> = (0..10).map(warning).collect();
        problems.extend((0..500).map(error));
        let shown = shown(&problems);
        assert!(shown.problems.iter().all(|p| p.is_error()));
        assert_eq!((shown.more_errors, shown.more_warnings), (300, 10));
    }
}
