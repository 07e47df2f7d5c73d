//! `import --let`: URL prefixes used three or more times become `let` variables.
//!
//! Candidates are a URL's origin (`https://host`) and each longer prefix ending before
//! a `/`. The prefix covering the most string values (at least three) is taken first,
//! the longer on a tie; the values it covers are then set aside and the search repeats.

use std::collections::{BTreeMap, HashSet};

use serde_json::Value;

/// How many values a prefix must start before it is worth a variable.
const MIN_USES: usize = 3;

/// `(name, prefix)` pairs for the URL prefixes of `value`'s strings, longest first;
/// no name is one of `taken` (the variables the source already uses).
#[must_use]
pub(crate) fn prefixes(value: &Value, taken: &[&str]) -> Vec<(String, String)> {
    let mut urls = Vec::new();
    strings(value, &mut urls);
    let mut remaining: Vec<&str> = urls
        .into_iter()
        .filter(|s| origin_end(s).is_some())
        .collect();
    let mut chosen: Vec<(String, String)> = Vec::new();
    let mut names: HashSet<String> = taken.iter().map(|name| (*name).to_owned()).collect();
    loop {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for url in &remaining {
            for candidate in candidates(url) {
                *counts.entry(candidate).or_default() += 1;
            }
        }
        let best = counts
            .into_iter()
            .filter(|(_, count)| *count >= MIN_USES)
            .max_by_key(|(prefix, count)| (*count, prefix.len()));
        let Some((prefix, _)) = best else {
            break;
        };
        let prefix = prefix.to_owned();
        remaining.retain(|url| !covers(&prefix, url));
        let name = unique_name(&prefix, &mut names);
        chosen.push((name, prefix));
    }
    chosen.sort_by_key(|(_, prefix)| std::cmp::Reverse(prefix.len()));
    chosen
}

fn strings<'v>(value: &'v Value, out: &mut Vec<&'v str>) {
    match value {
        Value::String(text) => out.push(text),
        Value::Array(items) => items.iter().for_each(|item| strings(item, out)),
        Value::Object(map) => map.values().for_each(|item| strings(item, out)),
        _ => {}
    }
}

/// Where `https://host` ends in a URL.
fn origin_end(url: &str) -> Option<usize> {
    let scheme = if url.starts_with("https://") {
        8
    } else if url.starts_with("http://") {
        7
    } else {
        return None;
    };
    let host_len = url[scheme..]
        .find(['/', '?', '#'])
        .unwrap_or(url.len() - scheme);
    (host_len > 0).then_some(scheme + host_len)
}

fn candidates(url: &str) -> Vec<&str> {
    let Some(origin) = origin_end(url) else {
        return Vec::new();
    };
    let mut out = vec![&url[..origin]];
    let path_end = url.find(['?', '#']).unwrap_or(url.len());
    for (at, _) in url[origin..path_end].match_indices('/').skip(1) {
        out.push(&url[..origin + at]);
    }
    out
}

fn covers(prefix: &str, url: &str) -> bool {
    after(prefix, url).is_some()
}

/// What follows `prefix` in `text`, when the prefix ends there or before a `/`, `?` or
/// `#` (so `https://a.kr` is not a prefix of `https://a.kr.example.com`).
pub(crate) fn after<'t>(prefix: &str, text: &'t str) -> Option<&'t str> {
    text.strip_prefix(prefix)
        .filter(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']))
}

/// A variable name from the prefix's host (`https://www.daum.net` → `daum`).
fn unique_name(prefix: &str, taken: &mut HashSet<String>) -> String {
    let host = prefix
        .split_once("://")
        .map_or(prefix, |(_, rest)| rest.split('/').next().unwrap_or(rest));
    let label = host
        .split('.')
        .find(|label| !matches!(*label, "www" | "m" | ""))
        .unwrap_or("site");
    let mut base: String = label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if !base.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        base.insert(0, '_');
    }
    let mut name = base.clone();
    let mut n = 2;
    while !taken.insert(name.clone()) {
        name = format!("{base}{n}");
        n += 1;
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_used_prefix_wins_then_the_longest() {
        let value = serde_json::json!({
            "a": "https://cdn.example.com/dn/1.png",
            "b": "https://cdn.example.com/dn/2.png",
            "c": ["https://cdn.example.com/dn/x/3.png", "http://www.daum.net"],
            "d": {"e": "http://www.daum.net", "f": "http://www.daum.net?x=1", "g": "plain"},
        });
        assert_eq!(
            prefixes(&value, &[]),
            vec![
                ("cdn".to_owned(), "https://cdn.example.com/dn".to_owned()),
                ("daum".to_owned(), "http://www.daum.net".to_owned()),
            ]
        );
        assert!(prefixes(&serde_json::json!({"a": "https://x.y/1"}), &[]).is_empty());
        // A name the source already uses (a variable from code) is not taken again.
        assert_eq!(
            prefixes(&value, &["cdn"])[0],
            ("cdn2".to_owned(), "https://cdn.example.com/dn".to_owned())
        );
    }
}
