//! Kakao substitutes nothing in default templates: a `${...}` reaches the recipient
//! as written.

use super::{Parts, any_string, located, strings};
use crate::code::Code;
use crate::compile::Compiled;
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::locate::Part;

pub(super) fn lint(compiled: &Compiled, _config: &Config, parts: &Parts<'_>) -> Vec<Problem> {
    // Pointers for every string only when some string holds a placeholder.
    if !parts.strings.maybe_placeholder || !any_string(&compiled.value, |text| text.contains("${"))
    {
        return Vec::new();
    }
    strings(&compiled.value)
        .into_iter()
        .filter_map(|(pointer, text)| {
            let start = text.find("${")?;
            let end = text[start..].find('}').map_or(text.len(), |i| start + i + 1);
            let placeholder = &text[start..end];
            let problem = Problem::new(
                Code::LintUnresolvedPlaceholder,
                format!(
                    "`{}` is left in the template",
                    crate::prose::excerpt(placeholder, 40)
                ),
            )
            .help("default templates are sent as written: fill the value in (in ktpl, `${name}` with `let` or `--var`); `${...}` only works in custom templates with template_args");
            Some(located(problem, compiled, &pointer, Part::Value, "sent literally"))
        })
        .collect()
}
