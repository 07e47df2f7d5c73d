//! The highlighting grammar (`grammar/ktpl.tmLanguage.json`): valid JSON, every pattern
//! compiles, and a small line-based tokenizer following the format's rules gives every
//! non-blank character of the examples a scope, with the scopes themes expect.

use std::ops::Range;

use fancy_regex::Regex;
use serde_json::Value;

use crate::harness::repo;

/// A grammar rule, includes resolved.
enum Rule {
    Match {
        regex: Regex,
        name: Option<String>,
        captures: Vec<(usize, String)>,
    },
    Region {
        begin: Regex,
        end: Regex,
        name: String,
        inner: Vec<Rule>,
    },
}

fn grammar() -> Value {
    let text = std::fs::read_to_string(repo("grammar/ktpl.tmLanguage.json")).expect("grammar");
    serde_json::from_str(&text).expect("the grammar is JSON")
}

fn regex(pattern: &Value) -> Regex {
    let pattern = pattern.as_str().expect("a pattern string");
    Regex::new(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"))
}

fn rules(patterns: &Value, repository: &Value) -> Vec<Rule> {
    let mut out = Vec::new();
    for pattern in patterns.as_array().expect("patterns") {
        if let Some(include) = pattern.get("include").and_then(Value::as_str) {
            let name = include.strip_prefix('#').expect("repository include");
            let target = &repository[name];
            assert!(target.is_object(), "missing repository rule {name}");
            out.extend(rules(&Value::Array(vec![target.clone()]), repository));
        } else if let Some(begin) = pattern.get("begin") {
            out.push(Rule::Region {
                begin: regex(begin),
                end: regex(&pattern["end"]),
                name: pattern["name"].as_str().expect("region name").to_owned(),
                inner: pattern
                    .get("patterns")
                    .map(|p| rules(p, repository))
                    .unwrap_or_default(),
            });
        } else if let Some(matcher) = pattern.get("match") {
            let captures = pattern
                .get("captures")
                .and_then(Value::as_object)
                .map(|captures| {
                    captures
                        .iter()
                        .map(|(index, capture)| {
                            (
                                index.parse().expect("capture index"),
                                capture["name"].as_str().expect("capture name").to_owned(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            out.push(Rule::Match {
                regex: regex(matcher),
                name: pattern
                    .get("name")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                captures,
            });
        } else {
            out.extend(rules(&pattern["patterns"], repository));
        }
    }
    out
}

/// Scoped ranges of `text`: (byte range, scope).
fn tokenize(text: &str, top: &[Rule]) -> Vec<(Range<usize>, String)> {
    let mut scopes = Vec::new();
    let mut region: Option<&Rule> = None;
    let mut line_start = 0;
    for line in text.split('\n') {
        let mut at = 0;
        while at <= line.len() {
            if let Some(Rule::Region {
                end, name, inner, ..
            }) = region
            {
                let closing = end
                    .find_from_pos(line, at)
                    .expect("regex")
                    .map(|m| m.range());
                let nested = earliest(inner, line, at);
                let nested_first = match (&closing, &nested) {
                    (_, None) => false,
                    (None, Some(_)) => true,
                    (Some(close), Some((start, _, _))) => *start < close.start,
                };
                match (closing, nested) {
                    (_, Some((_, rule, m))) if nested_first => {
                        record(rule, &m, line_start, &mut scopes);
                        scopes.push((line_start + at..line_start + m.0.end, name.clone()));
                        at = next(line, m.0);
                    }
                    (Some(close), _) => {
                        scopes.push((line_start + at..line_start + close.end, name.clone()));
                        region = None;
                        at = next(line, close);
                    }
                    (None, _) => {
                        scopes.push((line_start + at..line_start + line.len(), name.clone()));
                        break;
                    }
                }
                continue;
            }
            let Some((_, rule, m)) = earliest(top, line, at) else {
                break;
            };
            record(rule, &m, line_start, &mut scopes);
            if let Rule::Region { .. } = rule {
                region = Some(rule);
            }
            at = next(line, m.0);
        }
        line_start += line.len() + 1;
    }
    scopes
}

/// A match: the whole range and each group's.
type Found = (Range<usize>, Vec<Option<Range<usize>>>);

fn earliest<'r>(rules: &'r [Rule], line: &str, at: usize) -> Option<(usize, &'r Rule, Found)> {
    let mut best: Option<(usize, &Rule, Found)> = None;
    for rule in rules {
        let regex = match rule {
            Rule::Match { regex, .. } => regex,
            Rule::Region { begin, .. } => begin,
        };
        if let Some(captures) = regex.captures_from_pos(line, at).expect("regex") {
            let whole = captures.get(0).expect("group 0").range();
            if best
                .as_ref()
                .is_none_or(|(start, _, _)| whole.start < *start)
            {
                let groups = (0..captures.len())
                    .map(|i| captures.get(i).map(|m| m.range()))
                    .collect();
                best = Some((whole.start, rule, (whole, groups)));
            }
        }
    }
    best
}

fn record(rule: &Rule, found: &Found, offset: usize, scopes: &mut Vec<(Range<usize>, String)>) {
    let shift = |r: &Range<usize>| offset + r.start..offset + r.end;
    match rule {
        Rule::Match { name, captures, .. } => {
            if let Some(name) = name {
                scopes.push((shift(&found.0), name.clone()));
            }
            for (index, capture) in captures {
                if let Some(Some(range)) = found.1.get(*index) {
                    scopes.push((shift(range), capture.clone()));
                }
            }
        }
        Rule::Region { name, .. } => scopes.push((shift(&found.0), name.clone())),
    }
}

/// Where to look next after a match: its end, or one character on after an empty one.
fn next(line: &str, found: Range<usize>) -> usize {
    if found.is_empty() {
        found.end + line[found.end..].chars().next().map_or(1, char::len_utf8)
    } else {
        found.end
    }
}

fn top_rules() -> Vec<Rule> {
    let grammar = grammar();
    assert_eq!(grammar["scopeName"], "source.ktpl");
    rules(&grammar["patterns"], &grammar["repository"])
}

fn scopes_at(scopes: &[(Range<usize>, String)], offset: usize) -> Vec<&str> {
    scopes
        .iter()
        .filter(|(range, _)| range.contains(&offset))
        .map(|(_, scope)| scope.as_str())
        .collect()
}

#[test]
fn every_character_of_the_examples_has_a_scope() {
    let top = top_rules();
    let mut files: Vec<_> = std::fs::read_dir(repo("examples"))
        .expect("examples")
        .chain(std::fs::read_dir(repo("tests/fixtures/valid/feed")).expect("fixtures"))
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "ktpl"))
        .collect();
    files.sort();
    assert!(files.len() > 5);
    for path in files {
        let text = std::fs::read_to_string(&path).expect("read");
        let scopes = tokenize(&text, &top);
        for (offset, c) in text.char_indices() {
            if !c.is_whitespace() {
                assert!(
                    !scopes_at(&scopes, offset).is_empty(),
                    "{}: no scope for {c:?} at {offset}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn tokens_get_the_scopes_themes_colour() {
    let top = top_rules();
    let text = "// note\nlet who = \"Kim\"\ncommerce {\n  content { title \"Hi ${who} \\\" $${x}\" image \"u\" 640x640 }\n  commerce { discount_rate 30% regular_price 1_000 }\n  button \"b\" { link web=\"w\" }\n  text \"\"\"\n    two ${who}\n    lines\"\"\"\n}\n";
    let scopes = tokenize(text, &top);
    let at = |needle: &str, skip: usize| {
        let offset = text.find(needle).expect(needle) + skip;
        scopes_at(&scopes, offset)
    };
    assert_eq!(at("// note", 3), ["comment.line.double-slash.ktpl"]);
    assert_eq!(at("let", 0), ["keyword.other.let.ktpl"]);
    assert_eq!(at("who =", 0), ["variable.other.definition.ktpl"]);
    assert_eq!(
        at("commerce {\n  content", 0),
        ["entity.name.type.template.ktpl"]
    );
    assert_eq!(at("content {", 0), ["entity.name.tag.field.ktpl"]);
    assert_eq!(at("title", 0), ["entity.name.tag.field.ktpl"]);
    assert_eq!(at("  commerce {", 2), ["entity.name.tag.field.ktpl"]);
    assert!(at("${who}", 2).contains(&"variable.other.ktpl"));
    assert!(at("\\\"", 0).contains(&"constant.character.escape.ktpl"));
    assert!(at("$${x}", 0).contains(&"constant.character.escape.ktpl"));
    assert_eq!(at("640x640", 0), ["constant.numeric.size.ktpl"]);
    assert_eq!(at("30%", 0), ["constant.numeric.percentage.ktpl"]);
    assert_eq!(at("1_000", 0), ["constant.numeric.integer.ktpl"]);
    assert_eq!(at("web=", 0), ["variable.parameter.key.ktpl"]);
    assert!(at("two", 0).contains(&"string.quoted.triple.ktpl"));
    assert!(at("lines", 0).contains(&"string.quoted.triple.ktpl"));
    assert!(at("two ${who}", 6).contains(&"variable.other.ktpl"));
}
