//! Small helpers that turn facts into the words diagnostics use.

/// The candidate closest to `name`, when it is close enough to be a likely typo.
#[must_use]
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    ranked(name, candidates).map(|(candidate, _)| candidate)
}

/// The closest likely-typo candidate, and whether another is as close.
fn ranked<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<(&'a str, bool)> {
    // Edit distance costs the product of the two lengths; names longer than any field or
    // sensible variable are no typo of one, and would make a hostile file slow.
    const LONGEST: usize = 64;
    if name.len() > LONGEST {
        return None;
    }
    let mut best: Option<(usize, &str, bool)> = None;
    for candidate in candidates {
        if candidate.len() > LONGEST {
            continue;
        }
        let distance = strsim::damerau_levenshtein(name, candidate);
        if distance == 0 || !(distance < 3 || distance * 3 <= candidate.len()) {
            continue;
        }
        best = match best {
            Some(current @ (d, _, _)) if d < distance => Some(current),
            Some((d, c, unique)) if d == distance => Some((d, c, unique && c == candidate)),
            _ => Some((distance, candidate, true)),
        };
    }
    best.map(|(_, candidate, unique)| (candidate, unique))
}

/// What a misspelt name most likely stands for (see [`suggest`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Suggestion<'a> {
    /// The name meant.
    pub name: &'a str,
    /// Whether no other candidate is as close: only then is taking it a safe fix.
    pub unique: bool,
}

impl Suggestion<'_> {
    /// "did you mean `name`?"
    #[must_use]
    pub(crate) fn label(&self) -> String {
        did_you_mean(self.name)
    }
}

/// The name among `valid` that `written` most likely misspells. Never one when
/// `written` is itself valid (a real field is no typo: renaming it would lose it), and
/// never a name in `present`, which the object already has (renaming to it would set
/// it twice). Every "did you mean" comes from here.
#[must_use]
pub(crate) fn suggest<'a>(
    written: &str,
    valid: &[&'a str],
    present: &[&str],
) -> Option<Suggestion<'a>> {
    if valid.contains(&written) {
        return None;
    }
    ranked(
        written,
        valid.iter().copied().filter(|name| !present.contains(name)),
    )
    .map(|(name, unique)| Suggestion { name, unique })
}

/// The words a suggestion is shown with: "did you mean `name`?" (a JSON value, quoted
/// or a number, is shown as it is: "did you mean "event"?").
#[must_use]
pub(crate) fn did_you_mean(name: &str) -> String {
    if name.starts_with(|c: char| c == '"' || c == '-' || c.is_ascii_digit()) {
        format!("did you mean {name}?")
    } else {
        format!("did you mean `{name}`?")
    }
}

/// The integer a person wrote with thousands separators (`1,000`, `1_000`, `-2,500`),
/// and whether its commas surely group thousands: `1,5` may be a decimal comma.
#[must_use]
pub(crate) fn integer_with_separators(text: &str) -> Option<(i64, bool)> {
    let digits: String = text.chars().filter(|c| !matches!(c, ',' | '_')).collect();
    let number = digits.parse::<i64>().ok()?;
    let unsigned = text.trim_start_matches(['-', '+']);
    let mut groups = unsigned.split(',');
    let first = groups.next().unwrap_or_default().replace('_', "");
    let thousands = !unsigned.contains(',')
        || ((1..=3).contains(&first.len())
            && groups.all(|group| group.len() == 3 && group.bytes().all(|b| b.is_ascii_digit())));
    Some((number, thousands))
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
    fn a_suggestion_is_never_a_valid_name_or_one_already_there() {
        let valid = ["header_title", "header_link", "contents", "buttons"];
        // Issue 16 §6: `header_link` is a real field, so no typo of `header_title`.
        assert_eq!(suggest("header_link", &valid, &[]), None);
        let found = suggest("header_titel", &valid, &[]).expect("typo");
        assert_eq!((found.name, found.unique), ("header_title", true));
        assert_eq!(suggest("header_titel", &valid, &["header_title"]), None);
        assert_eq!(found.label(), "did you mean `header_title`?");
        assert_eq!(did_you_mean("\"event\""), "did you mean \"event\"?");
        assert_eq!(did_you_mean("0"), "did you mean 0?");
    }

    #[test]
    fn separators_are_read_and_doubtful_commas_told() {
        assert_eq!(integer_with_separators("1,000"), Some((1000, true)));
        assert_eq!(
            integer_with_separators("-2,500,000"),
            Some((-2_500_000, true))
        );
        assert_eq!(integer_with_separators("1_000"), Some((1000, true)));
        assert_eq!(integer_with_separators("1,5"), Some((15, false)));
        assert_eq!(integer_with_separators("1000,00"), Some((100_000, false)));
        assert_eq!(integer_with_separators("12a"), None);
    }

    #[test]
    fn a_tie_is_not_unique() {
        let found = suggest("ab", &["aa", "bb", "zzzzzz"], &[]).expect("close");
        assert!(!found.unique);
        let found = suggest("titel", &["title", "title"], &[]).expect("close");
        assert!(found.unique, "one name listed twice is one candidate");
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
