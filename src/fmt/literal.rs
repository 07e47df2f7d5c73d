//! Literals written from values (for `import`): strings with the fewest escapes that
//! keep them exact, `"""` for multi-line text, readable numbers.

use super::tree::Literal;

/// A string value as a ktpl literal: `"""` when it spans lines and re-reads exactly,
/// otherwise `"..."`. Text stays readable: only `"`, `\`, `${`, line breaks, tabs and
/// invisible control characters are escaped.
#[must_use]
pub(crate) fn string(value: &str) -> Literal {
    if value.contains('\n') && fits_lines(value) {
        return Literal::Lines(value.split('\n').map(|line| escape(line, true)).collect());
    }
    Literal::Inline(format!("\"{}\"", escape(value, false)))
}

/// A string made of a variable reference and the text after it (`"${base}/a.png"`).
#[must_use]
pub(crate) fn string_with_prefix(variable: &str, rest: &str) -> Literal {
    Literal::Inline(format!("\"${{{variable}}}{}\"", escape(rest, false)))
}

/// A string of literal text and `${variables}` (an import of application code), as
/// `"""` when it spans lines and re-reads exactly.
#[must_use]
pub(crate) fn string_with_variables(parts: &[crate::import::TextPart]) -> Literal {
    use crate::import::TextPart;
    // A stand-in for each variable that is neither blank nor escaped, to decide the form.
    let shape: String = parts
        .iter()
        .map(|part| match part {
            TextPart::Text(text) => text.as_str(),
            TextPart::Var(_) => "v",
        })
        .collect();
    let lines = shape.contains('\n') && fits_lines(&shape);
    let mut out = Vec::new();
    let mut line = String::new();
    for (index, part) in parts.iter().enumerate() {
        match part {
            TextPart::Text(text) => {
                let before_var = matches!(parts.get(index + 1), Some(TextPart::Var(_)));
                for (number, piece) in text.split('\n').enumerate() {
                    if number > 0 {
                        if lines {
                            out.push(std::mem::take(&mut line));
                        } else {
                            line.push_str("\\n");
                        }
                    }
                    line.push_str(&escape(piece, lines));
                }
                // `$` then `${name}` would read as the escape `$${`.
                if before_var && line.ends_with('$') {
                    line.pop();
                    line.push_str("\\$");
                }
            }
            TextPart::Var(name) => line.push_str(&format!("${{{name}}}")),
        }
    }
    out.push(line);
    if lines {
        Literal::Lines(out)
    } else {
        Literal::Inline(format!("\"{}\"", out.concat()))
    }
}

/// An integer; five digits or more are grouped in thousands (`208_800`).
#[must_use]
pub(crate) fn integer(value: i64) -> Literal {
    let digits = value.unsigned_abs().to_string();
    let grouped = if digits.len() >= 5 {
        let mut out = String::new();
        for (index, digit) in digits.chars().enumerate() {
            if index > 0 && (digits.len() - index).is_multiple_of(3) {
                out.push('_');
            }
            out.push(digit);
        }
        out
    } else {
        digits
    };
    let sign = if value < 0 { "-" } else { "" };
    Literal::Inline(format!("{sign}{grouped}"))
}

/// A percentage (`30%`).
#[must_use]
pub(crate) fn percent(value: i64) -> Literal {
    Literal::Inline(format!("{value}%"))
}

/// A size (`640x640`).
#[must_use]
pub(crate) fn size(width: u64, height: u64) -> Literal {
    Literal::Inline(format!("{width}x{height}"))
}

/// Whether a `"""` string of these lines reads back as exactly `value`: the lines are
/// re-indented together, so no line may start with indentation of its own unless
/// another line does not, no line may be only whitespace (unless empty), and `\r`
/// would be lost at a line end.
fn fits_lines(value: &str) -> bool {
    let lines: Vec<&str> = value.split('\n').collect();
    let starts_flush = lines
        .iter()
        .any(|line| !line.trim().is_empty() && !line.starts_with([' ', '\t']));
    let no_blank_with_spaces = lines
        .iter()
        .all(|line| line.is_empty() || !line.trim().is_empty());
    starts_flush && no_blank_with_spaces && !value.contains('\r')
}

fn escape(text: &str, in_lines: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '$' if chars.peek() == Some(&'{') => out.push_str("$$"),
            '\n' => out.push_str("\\n"),
            '\t' if !in_lines => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if is_invisible(c) && !(in_lines && c == '\t') => {
                out.push_str(&format!("\\u{{{:X}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// Characters that would be invisible or break lines in a source file.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}'
                | '\u{200C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{FEFF}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(integer(208_800), Literal::Inline("208_800".into()));
        assert_eq!(integer(1000), Literal::Inline("1000".into()));
        assert_eq!(integer(-1_234_567), Literal::Inline("-1_234_567".into()));
    }

    #[test]
    fn strings_escape_only_what_they_must() {
        assert_eq!(
            string("오늘의 \"디저트\" ${x} \\"),
            Literal::Inline(r#""오늘의 \"디저트\" $${x} \\""#.into())
        );
        assert_eq!(string("a\nb"), Literal::Lines(vec!["a".into(), "b".into()]));
        assert_eq!(string("  a\n  b"), Literal::Inline(r#""  a\n  b""#.into()));
        assert_eq!(string("a\n  \nb"), Literal::Inline(r#""a\n  \nb""#.into()));
        assert_eq!(string("\u{200B}"), Literal::Inline(r#""\u{200B}""#.into()));
    }
}
