//! Facts about a template's strings, from one walk over the whole value: its size as
//! compact JSON, and whether any string may hold a control character or a `${`. The
//! lints that need them then look closer only when the answer is yes.

use serde_json::{Number, Value};

/// What one walk over a template's strings found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct StringFacts {
    /// The template's length as compact JSON (what `serde_json::to_vec` writes).
    pub(crate) compact_len: usize,
    /// Some string value has a byte that may begin a control character other than a
    /// newline or a tab (C0, DEL, or 0xC2, the first byte of C1 controls).
    pub(crate) maybe_control: bool,
    /// Some string value has a `$`.
    pub(crate) maybe_placeholder: bool,
}

impl StringFacts {
    /// The facts of `value`.
    pub(crate) fn of(value: &Value) -> StringFacts {
        let mut facts = StringFacts::default();
        facts.compact_len = facts.walk(value);
        facts
    }

    /// `value`'s compact JSON length, noting what its string values hold on the way.
    fn walk(&mut self, value: &Value) -> usize {
        match value {
            Value::Null | Value::Bool(true) => 4,
            Value::Bool(false) => 5,
            Value::Number(number) => number_len(number),
            Value::String(text) => self.string(text),
            Value::Array(items) => {
                let inner: usize = items.iter().map(|item| self.walk(item)).sum();
                2 + items.len().saturating_sub(1) + inner
            }
            Value::Object(map) => {
                let inner: usize = map
                    .iter()
                    .map(|(key, value)| string_len(key) + 1 + self.walk(value))
                    .sum();
                2 + map.len().saturating_sub(1) + inner
            }
        }
    }

    fn string(&mut self, text: &str) -> usize {
        // One pass, one table lookup per byte, for the three questions at once.
        let seen = text
            .bytes()
            .fold(0, |seen, byte| seen | BYTE_CLASS[usize::from(byte)]);
        self.maybe_control |= seen & CONTROL != 0;
        self.maybe_placeholder |= seen & DOLLAR != 0;
        if seen & ESCAPED == 0 {
            2 + text.len()
        } else {
            string_len(text)
        }
    }
}

/// Whether `text` has a byte that may begin a control character other than a newline or
/// a tab: C0 controls and DEL are single bytes, and C1 controls (U+0080..U+009F) start
/// with `0xC2`, which only Latin-1 symbols share.
pub(crate) fn may_hold_control(text: &str) -> bool {
    text.bytes()
        .any(|byte| BYTE_CLASS[usize::from(byte)] & CONTROL != 0)
}

/// The byte is written escaped in JSON (`"`, `\\`, and every byte below 0x20).
const ESCAPED: u8 = 1;
/// The byte may begin a control character other than a newline or a tab.
const CONTROL: u8 = 2;
/// The byte is `$`.
const DOLLAR: u8 = 4;

/// What each byte may mean, as `ESCAPED | CONTROL | DOLLAR` bits.
const BYTE_CLASS: [u8; 256] = {
    let mut table = [0; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = ESCAPED | CONTROL;
        byte += 1;
    }
    table[b'\n' as usize] = ESCAPED;
    table[b'\t' as usize] = ESCAPED;
    table[b'"' as usize] = ESCAPED;
    table[b'\\' as usize] = ESCAPED;
    table[0x7f] = CONTROL;
    table[0xc2] = CONTROL;
    table[b'$' as usize] = DOLLAR;
    table
};

/// A string's length in quotes, with `serde_json`'s escapes: two bytes for `"`, `\` and
/// the five short control escapes, six (`\u001b`) for other control characters.
fn string_len(text: &str) -> usize {
    let escapes: usize = text
        .bytes()
        .map(|byte| match byte {
            b'"' | b'\\' | b'\n' | b'\r' | b'\t' | 0x08 | 0x0c => 1,
            0..0x20 => 5,
            _ => 0,
        })
        .sum();
    2 + text.len() + escapes
}

fn number_len(number: &Number) -> usize {
    let digits = |n: u64| n.checked_ilog10().map_or(1, |log| log as usize + 1);
    match (number.as_u64(), number.as_i64()) {
        (Some(n), _) => digits(n),
        (None, Some(n)) => 1 + digits(n.unsigned_abs()),
        // Floats are rare in templates: written as serde_json writes them.
        (None, None) => number.to_string().len(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::StringFacts;

    #[test]
    fn counts_what_serde_json_writes() {
        let values = [
            json!(null),
            json!([]),
            json!({}),
            json!([
                true,
                false,
                null,
                0,
                9,
                10,
                -1,
                -10,
                99_999,
                u64::MAX,
                i64::MIN
            ]),
            json!([0.5, -1.25e-7, 1e300, 123_456.789, 2.0]),
            json!({"a\"b": "quote \" backslash \\ slash / newline \n tab \t cr \r"}),
            json!({"c": "\u{0}\u{1b}\u{8}\u{c}\u{1f}\u{7f}\u{85}\u{2028}", "k": "한국어 텍스트"}),
            json!({"object_type": "feed", "content": {"title": "t", "link": {"web_url": "https://a.kr"}}, "buttons": [{"title": "b", "link": {}}]}),
        ];
        for value in values {
            let written = serde_json::to_vec(&value).expect("json");
            assert_eq!(
                StringFacts::of(&value).compact_len,
                written.len(),
                "{value}"
            );
        }
    }

    #[test]
    fn notes_what_string_values_may_hold() {
        let plain = StringFacts::of(&json!({"text": "line\nand\ttab", "n": [1, "x"]}));
        assert!(
            !plain.maybe_control && !plain.maybe_placeholder,
            "{plain:?}"
        );
        for (value, control, placeholder) in [
            (json!({"text": "a\u{1b}[31m"}), true, false),
            (json!({"text": "a\u{85}"}), true, false),
            (json!(["\u{7f}"]), true, false),
            (json!({"buttons": [{"title": "${name}"}]}), false, true),
            // Keys are not sent as text: only values count.
            (json!({"${key}\u{1}": 1}), false, false),
        ] {
            let facts = StringFacts::of(&value);
            assert_eq!(
                (facts.maybe_control, facts.maybe_placeholder),
                (control, placeholder),
                "{value}"
            );
        }
    }
}
