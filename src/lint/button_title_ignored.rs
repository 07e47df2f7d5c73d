//! `button_title` renames Kakao's default button, which is not shown when `buttons` exist.

use super::Parts;
use crate::code::Code;
use crate::compile::Compiled;
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::locate::Part;

pub(super) fn lint(compiled: &Compiled, _config: &Config, _parts: &Parts<'_>) -> Vec<Problem> {
    let root = &compiled.value;
    if root.get("button_title").is_none() || root.get("buttons").is_none() {
        return Vec::new();
    }
    let mut problem = Problem::new(
        Code::LintButtonTitleIgnored,
        "`button_title` is ignored because `buttons` are given",
    )
    .help("remove `button_title`, or drop the buttons to keep the default button")
    .pointer("/button_title");
    if let Some(span) = compiled.span_of("/button_title", Part::Node) {
        problem = problem.at(span, "ignored");
    }
    if let Some(span) = compiled.span_of("/buttons/0", Part::Key) {
        problem = problem.also(span, "because of this button");
    }
    vec![problem]
}
