//! How deeply a source nests blocks, found before parsing so the recursive parser is
//! never handed a file that could overflow the stack.
//!
//! pest 2.9 guards its own stack by probing it on every rule call, which made parsing
//! 1.6 times slower here (see `benches/README.md`); ktpl stays on pest 2.8 and bounds
//! the one recursion its grammar has, `block` inside `node` inside `block`, itself.
//! The scan reads strings and comments the way the grammar does, so a `{` inside
//! them does not count; up to the point where the grammar would fail, its depth is
//! the parser's.

/// Offset of the first `{` that opens a block more than `limit` blocks deep.
pub(super) fn first_brace_beyond(text: &str, limit: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    // A block `limit + 1` deep needs that many `{`: a file with fewer (every template)
    // is answered by one count, which the compiler turns into wide compares, instead of
    // a walk that reads strings and comments byte by byte.
    if memchr::memchr_iter(b'{', bytes).take(limit + 1).count() <= limit {
        return None;
    }
    let mut depth = 0usize;
    let mut at = 0;
    while at < bytes.len() {
        at = match bytes[at] {
            b'{' => {
                depth += 1;
                if depth > limit {
                    return Some(at);
                }
                at + 1
            }
            b'}' => {
                depth = depth.saturating_sub(1);
                at + 1
            }
            b'/' if bytes.get(at + 1) == Some(&b'/') => line_end(bytes, at),
            b'"' if bytes[at..].starts_with(b"\"\"\"") => raw_string_end(bytes, at),
            b'"' => string_end(bytes, at),
            _ => at + 1,
        };
    }
    None
}

/// Where a `//` comment's line break is (the comment stops before it).
fn line_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| from + i)
}

/// After a `"..."` string starting at `open`; an unterminated one stops at its line
/// break, as the grammar's `unterminated_string` does.
fn string_end(bytes: &[u8], open: usize) -> usize {
    let mut at = open + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return at + 1,
            b'\n' => return at,
            _ => at += 1,
        }
    }
    bytes.len()
}

/// After a `"""` string starting at `open`; an unclosed `"""` is read as those three
/// quotes only, as the grammar's `unterminated_raw_string` is.
fn raw_string_end(bytes: &[u8], open: usize) -> usize {
    let mut at = open + 3;
    while at < bytes.len() {
        if bytes[at] == b'\\' {
            at += 2;
        } else if bytes[at..].starts_with(b"\"\"\"") {
            return at + 3;
        } else {
            at += 1;
        }
    }
    open + 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_open_blocks() {
        let text = "feed { content { link { } } }";
        assert_eq!(first_brace_beyond(text, 3), None);
        assert_eq!(first_brace_beyond(text, 2), Some(22));
        assert_eq!(first_brace_beyond("{ } { } { }", 1), None);
    }

    #[test]
    fn a_file_with_few_braces_is_answered_by_their_count() {
        // Exactly `limit` braces, all nested: not beyond.
        assert_eq!(first_brace_beyond("a { b { c {", 3), None);
        // One more, and the walk finds it, even with braces in strings around it.
        assert_eq!(first_brace_beyond("a { \"{\" b { c { d {", 3), Some(18));
        assert_eq!(first_brace_beyond("a { \"{\" b { c { d {", 4), None);
    }

    #[test]
    fn braces_in_strings_and_comments_do_not_count() {
        let text =
            "text { text \"{{{ ${a} \\\" {{\" // {{{{\n  b \"\"\"\n {{{ \\\"\"\" {{\n\"\"\" }";
        assert_eq!(first_brace_beyond(text, 1), None);
    }

    #[test]
    fn unterminated_strings_end_where_the_grammar_ends_them() {
        // A `"` string stops at its line; the braces after it are blocks again.
        assert_eq!(first_brace_beyond("a { \"open\n b { c {", 2), Some(17));
        // An unclosed `"""` is three quotes; what follows is read as code.
        assert_eq!(first_brace_beyond("a { \"\"\" b { c {", 2), Some(14));
    }
}
