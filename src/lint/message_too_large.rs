//! A guard on the size of the compiled template. Kakao documents no limit for default
//! templates (spec §5), so the threshold is configuration (`max_template_bytes`).

use super::{Parts, located};
use crate::code::Code;
use crate::compile::Compiled;
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::locate::Part;

pub(super) fn lint(compiled: &Compiled, config: &Config, parts: &Parts<'_>) -> Vec<Problem> {
    let size = parts.strings.compact_len;
    if size <= config.max_template_bytes {
        return Vec::new();
    }
    let problem = Problem::new(
        Code::LintMessageTooLarge,
        format!(
            "the compiled template is {size} bytes, over the limit of {}",
            config.max_template_bytes
        ),
    )
    .help("shorten long texts or variables; the limit is `max_template_bytes` in ktpl.toml (Kakao documents none)");
    vec![located(problem, compiled, "", Part::Key, "this template")]
}
