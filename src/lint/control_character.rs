//! Control characters in a text: a NUL, a terminal escape (`ESC [ 31 m`) or a stray
//! carriage return is never meant for a chat bubble. They come from copying out of a
//! terminal, a database dump or a binary file; Kakao shows them as boxes or drops them.
//! Newlines and tabs are text (Kakao's own samples use newlines).

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

/// Whether `text` holds one. Every string of every template goes through this, so a
/// byte scan comes first: C0 controls and DEL are single bytes, and C1 controls
/// (U+0080..U+009F) start with `0xC2`, which only Latin-1 symbols share.
fn has_forbidden(text: &str) -> bool {
    // A byte that may start a control character (C0, DEL, or C1's lead byte 0xC2),
    // counted without stopping early so that the compiler makes it a wide scan.
    let candidates = text
        .bytes()
        .filter(|&byte| {
            (byte < 0x20 && byte != b'\n' && byte != b'\t') || byte == 0x7f || byte == 0xc2
        })
        .count();
    candidates > 0 && text.chars().any(is_forbidden)
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
