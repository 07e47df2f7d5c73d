//! Kakao's minimum image size is 200 x 200 px (legacy layout guide, spec §5).

use serde_json::Value;

use super::{Parts, image_sizes, located};
use crate::code::Code;
use crate::compile::Compiled;
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::kakao::limits::MIN_IMAGE_SIDE as MINIMUM;
use crate::locate::Part;

pub(super) fn lint(compiled: &Compiled, _config: &Config, parts: &Parts<'_>) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (place, width, height) in image_sizes(parts) {
        for (key, side) in [("image_width", width), ("image_height", height)] {
            let Some(px) = side.and_then(Value::as_i64) else {
                continue;
            };
            if (1..i64::from(MINIMUM)).contains(&px) {
                let problem = Problem::new(
                    Code::LintSmallImage,
                    format!("`{key}` is {px} px; Kakao's minimum is {MINIMUM} px"),
                )
                .help(format!(
                    "use an image of at least {MINIMUM} x {MINIMUM} px, and declare its real size"
                ));
                problems.push(located(
                    problem,
                    compiled,
                    &place.child(key),
                    Part::Value,
                    "too small",
                ));
            }
        }
    }
    problems
}
