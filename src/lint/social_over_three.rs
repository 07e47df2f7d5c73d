//! Kakao shows at most three social counts, picked by a fixed priority
//! (`kakao::display`, which the preview shows by too).

use super::Parts;
use crate::code::Code;
use crate::compile::Compiled;
use crate::compile::span_map::join;
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::kakao::display::{SOCIAL_PRIORITY, SOCIAL_SHOWN};
use crate::locate::Part;

pub(super) fn lint(compiled: &Compiled, _config: &Config, _parts: &Parts<'_>) -> Vec<Problem> {
    let Some(social) = compiled.value.get("social") else {
        return Vec::new();
    };
    let set: Vec<&str> = SOCIAL_PRIORITY
        .into_iter()
        .filter(|key| social.get(key).is_some())
        .collect();
    if set.len() <= SOCIAL_SHOWN {
        return Vec::new();
    }
    let hidden = &set[SOCIAL_SHOWN..];
    let first_hidden = join("/social", hidden[0]);
    let mut problem = Problem::new(
        Code::LintSocialOverThree,
        format!(
            "{} social counts are set but Kakao shows only three",
            set.len()
        ),
    )
    .help(format!(
        "shown: {}; remove the others (priority: {})",
        set[..SOCIAL_SHOWN].join(", "),
        SOCIAL_PRIORITY
            .map(|key| key.trim_end_matches("_count"))
            .join(", ")
    ))
    .pointer(first_hidden.clone());
    if let Some(span) = compiled.span_of(&first_hidden, Part::Node) {
        problem = problem.at(span, "not shown");
    }
    for key in &hidden[1..] {
        if let Some(span) = compiled.span_of(&join("/social", key), Part::Node) {
            problem = problem.also(span, "not shown");
        }
    }
    vec![problem]
}
