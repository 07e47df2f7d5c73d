//! Kakao lays an image out from its declared ratio: a width needs a height.

use super::{Parts, image_sizes, located};
use crate::code::Code;
use crate::compile::Compiled;
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::locate::Part;

pub(super) fn lint(compiled: &Compiled, _config: &Config, parts: &Parts<'_>) -> Vec<Problem> {
    image_sizes(parts)
        .into_iter()
        .filter_map(|(place, width, height)| {
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
                &place.child(given),
                Part::Node,
                "only one side",
            ))
        })
        .collect()
}
