//! Small helpers that turn facts into the words diagnostics use.

/// The candidate closest to `name`, when it is close enough to be a likely typo.
#[must_use]
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // Edit distance costs the product of the two lengths; names longer than any field or
    // sensible variable are no typo of one, and would make a hostile file slow.
    const LONGEST: usize = 64;
    if name.len() > LONGEST {
        return None;
    }
    candidates
        .into_iter()
        .filter(|candidate| candidate.len() <= LONGEST)
        .map(|candidate| (strsim::damerau_levenshtein(name, candidate), candidate))
        .filter(|&(distance, candidate)| {
            distance > 0 && (distance < 3 || distance * 3 <= candidate.len())
        })
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

/// `text` as a message quotes it: whole when short, else its first `max` characters and
/// an ellipsis (a message must not grow with the input).
#[must_use]
pub(crate) fn excerpt(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// "`a`", "`a` or `b`", "`a`, `b`, or `c`".
#[must_use]
pub(crate) fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} or {b}"),
        [rest @ .., last] => format!("{}, or {last}", rest.join(", ")),
    }
}

/// "1 button", "3 buttons".
#[must_use]
pub(crate) fn count(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_bounded() {
        assert_eq!(excerpt("short", 10), "short");
        assert_eq!(excerpt("가나다라", 2), "가나…");
        assert_eq!(excerpt(&"a".repeat(1 << 20), 80).chars().count(), 81);
    }

    #[test]
    fn closest_finds_typos_and_ignores_strangers() {
        let names = ["title", "description", "link"];
        assert_eq!(closest("titel", names), Some("title"));
        assert_eq!(closest("descripton", names), Some("description"));
        assert_eq!(closest("zzzzzz", names), None);
        assert_eq!(closest("title", names), None);
    }

    #[test]
    fn one_of_reads_like_english() {
        assert_eq!(one_of(&["a"]), "`a`");
        assert_eq!(one_of(&["a", "b"]), "`a` or `b`");
        assert_eq!(one_of(&["a", "b", "c"]), "`a`, `b`, or `c`");
    }

    #[test]
    fn count_pluralises() {
        assert_eq!(count(1, "button"), "1 button");
        assert_eq!(count(3, "button"), "3 buttons");
    }
}
