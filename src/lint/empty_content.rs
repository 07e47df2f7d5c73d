//! A content needs something to show: a title, an image or a description.

use super::Parts;
use crate::code::Code;
use crate::compile::Compiled;
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::locate::Part;

pub(super) fn lint(compiled: &Compiled, _config: &Config, parts: &Parts<'_>) -> Vec<Problem> {
    parts
        .contents
        .iter()
        .filter(|(_, content)| {
            content.is_object()
                && ["title", "image_url", "description"]
                    .iter()
                    .all(|key| {
                        content
                            .get(key)
                            .is_none_or(|v| v.is_null() || v.as_str().is_some_and(super::blank_text::is_blank))
                    })
        })
        .map(|(place, _)| {
            let pointer = place.pointer();
            let mut problem = Problem::new(
                Code::LintEmptyContent,
                "content has no title, image or description",
            )
            .help("give it at least one of `title`, `image_url` (or `image`) and `description`; Kakao shows nothing otherwise")
            .pointer(pointer.clone());
            if let Some(span) = compiled.span_of(&pointer, Part::Key) {
                problem = problem.at(span, "nothing to show");
            }
            problem
        })
        .collect()
}
