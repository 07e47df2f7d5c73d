//! Kakao shows at most three social counts, picked by a fixed priority.

use crate::code::Code;
use crate::compile::Compiled;
use crate::compile::span_map::join;
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::locate::Part;

/// Display priority, highest first (spec §2.4).
const PRIORITY: [&str; 5] = [
    "like_count",
    "comment_count",
    "shared_count",
    "view_count",
    "subscriber_count",
];

pub(super) fn lint(compiled: &Compiled, _config: &Config) -> Vec<Problem> {
    let Some(social) = compiled.value.get("social") else {
        return Vec::new();
    };
    let set: Vec<&str> = PRIORITY
        .into_iter()
        .filter(|key| social.get(key).is_some())
        .collect();
    if set.len() <= 3 {
        return Vec::new();
    }
    let hidden = &set[3..];
    let first_hidden = join("/social", hidden[0]);
    let mut problem = Problem::new(
        Code::LintSocialOverThree,
        format!(
            "{} social counts are set but Kakao shows only three",
            set.len()
        ),
    )
    .help(format!(
        "shown: {}; remove the others (priority: like, comment, shared, view, subscriber)",
        set[..3].join(", ")
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
