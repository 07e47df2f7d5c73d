//! The long explanations `ktpl explain CODE` prints, kept in `explain.md` (one
//! `## code` section each, with a wrong and a right example).

use crate::code::Code;

const TEXT: &str = include_str!("explain.md");

/// The whole section for a code: prose, then `Wrong:` and `Right:` examples.
#[must_use]
pub fn explanation(code: Code) -> Option<&'static str> {
    let heading = format!("\n## {}\n", code.name());
    let start = TEXT.find(&heading)? + heading.len();
    let rest = &TEXT[start..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    Some(rest[..end].trim())
}

/// The first paragraph of the explanation.
#[must_use]
pub(crate) fn description(code: Code) -> Option<&'static str> {
    explanation(code)?.split("\n\n").next().map(str::trim)
}

/// The fenced code blocks that follow `label` (`Wrong:` or `Right:`) in a section:
/// (language, text).
#[must_use]
pub fn example(code: Code, label: &str) -> Option<(&'static str, &'static str)> {
    let section = explanation(code)?;
    let after = &section[section.find(&format!("{label}:"))?..];
    let open = after.find("```")? + 3;
    let rest = &after[open..];
    let newline = rest.find('\n')?;
    let language = rest[..newline].trim();
    let body = &rest[newline + 1..];
    let close = body.find("```")?;
    Some((language, &body[..close]))
}
