//! Control characters in a text: a NUL, a terminal escape (`ESC [ 31 m`) or a stray
//! carriage return is never meant for a chat bubble. They come from copying out of a
//! terminal, a database dump or a binary file; Kakao shows them as boxes or drops them.
//! Newlines and tabs are text (Kakao's own samples use newlines).

use super::string_facts::may_hold_control;
use super::{Parts, any_string, located, strings};
use crate::code::Code;
use crate::compile::Compiled;
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::locate::Part;

pub(super) fn lint(compiled: &Compiled, _config: &Config, parts: &Parts<'_>) -> Vec<Problem> {
    let mut problems = Vec::new();
    if parts.strings.maybe_control && any_string(&compiled.value, has_forbidden) {
        for (pointer, text) in strings(&compiled.value) {
            problems.extend(control_in(text, &pointer, compiled));
        }
    }
    problems
}

fn is_forbidden(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// Whether `text` holds one: a byte scan first (the same one the string facts make),
/// chars only when a byte may begin one.
fn has_forbidden(text: &str) -> bool {
    may_hold_control(text) && text.chars().any(is_forbidden)
}

/// A problem at the first control character of `text`, if it holds any.
fn control_in(text: &str, pointer: &str, compiled: &Compiled) -> Option<Problem> {
    let (index, c) = text.chars().enumerate().find(|(_, c)| is_forbidden(*c))?;
    let count = text.chars().filter(|c| is_forbidden(*c)).count();
    let others = match count {
        1 => String::new(),
        2 => " and 1 more".to_owned(),
        n => format!(" and {} more", n - 1),
    };
    let problem = Problem::new(
        Code::LintControlCharacter,
        format!(
            "`{}` contains the control character {}{others}",
            crate::locate::field_name(pointer),
            describe(c)
        ),
    )
    .help(format!(
        "remove it (character {} of the text); only newlines and tabs may be in a message",
        index + 1
    ));
    Some(located(problem, compiled, pointer, Part::Value, "here"))
}

/// `U+001B (escape)`.
fn describe(c: char) -> String {
    let name = match c {
        '\0' => " (NUL)",
        '\u{1b}' => " (escape, as in terminal colour codes)",
        '\r' => " (carriage return)",
        '\u{7f}' => " (delete)",
        '\u{8}' => " (backspace)",
        _ => "",
    };
    format!("U+{:04X}{name}", u32::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newlines_and_tabs_are_text_the_rest_is_not() {
        assert!(!is_forbidden('\n'));
        assert!(!is_forbidden('\t'));
        for c in ['\0', '\u{1b}', '\r', '\u{7f}', '\u{85}'] {
            assert!(is_forbidden(c), "{c:?}");
        }
        assert_eq!(
            describe('\u{1b}'),
            "U+001B (escape, as in terminal colour codes)"
        );
    }
}
