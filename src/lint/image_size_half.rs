//! Kakao lays an image out from its declared ratio: a width needs a height.

use super::{image_sizes, located};
use crate::code::Code;
use crate::compile::Compiled;
use crate::compile::span_map::join;
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::locate::Part;

pub(super) fn lint(compiled: &Compiled, _config: &Config) -> Vec<Problem> {
    image_sizes(&compiled.value)
        .into_iter()
        .filter_map(|(pointer, width, height)| {
            let (given, missing) = match (width, height) {
                (Some(_), None) => ("image_width", "image_height"),
                (None, Some(_)) => ("image_height", "image_width"),
                _ => return None,
            };
            let problem = Problem::new(
                Code::LintImageSizeHalf,
                format!("`{given}` is set without `{missing}`"),
            )
            .help("declare both sides (in ktpl: `image \"https://...\" 640x640`), or neither");
            Some(located(
                problem,
                compiled,
                &join(&pointer, given),
                Part::Node,
                "only one side",
            ))
        })
        .collect()
}
