//! An empty `social` or `item_content` shows nothing.

use super::{Parts, located};
use crate::code::Code;
use crate::compile::Compiled;
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::locate::Part;

pub(super) fn lint(compiled: &Compiled, _config: &Config, _parts: &Parts<'_>) -> Vec<Problem> {
    ["social", "item_content"]
        .into_iter()
        .filter(|key| {
            compiled
                .value
                .get(key)
                .and_then(serde_json::Value::as_object)
                .is_some_and(serde_json::Map::is_empty)
        })
        .map(|key| {
            let problem = Problem::new(Code::LintEmptyObject, format!("`{key}` is empty"))
                .help(format!("give `{key}` some fields, or remove it"));
            located(
                problem,
                compiled,
                &format!("/{key}"),
                Part::Node,
                "shows nothing",
            )
        })
        .collect()
}
