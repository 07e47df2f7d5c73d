//! `ktpl check --fix`: a source's fixes applied round after round (ruff's loop). Each
//! round takes the chosen fix of every problem, leaves out those that overlap one
//! already taken (they wait for the next round), applies them at once and checks the
//! result again; it stops when no fix applies, or after [`MAX_ROUNDS`].

use std::collections::{BTreeMap, HashSet};

use crate::code::Code;
use crate::config::Config;
use crate::diagnostic::{Applicability, Edit, Problem, apply};
use crate::pipeline::{self, Checked};
use crate::source::SourceFile;

/// Rounds of fixing before giving up on a source whose fixes keep making more.
pub(crate) const MAX_ROUNDS: usize = 10;

/// Which fixes `--fix` applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// Safe fixes only (`--fix`).
    Safe,
    /// Unsafe ones too (`--fix --unsafe-fixes`).
    All,
}

impl Which {
    fn takes(self, applicability: Applicability) -> bool {
        self == Which::All || applicability == Applicability::Safe
    }
}

/// What fixing one source did.
#[derive(Debug)]
pub struct Fixed {
    /// The text after every applied fix (the original when none applied).
    pub text: String,
    /// How many fixes were applied, per code.
    pub applied: BTreeMap<Code, usize>,
    /// The check of `text`: what is left.
    pub checked: Checked,
    /// Whether fixes were still to apply when [`MAX_ROUNDS`] ran out.
    pub unfinished: bool,
    /// Whether a round was undone because it made a template with no error (or no
    /// syntax error) have one: a bug in a fix, never left in the file.
    pub undone: bool,
}

impl Fixed {
    /// Whether the text changed.
    #[must_use]
    pub(crate) fn changed(&self) -> bool {
        !self.applied.is_empty()
    }
}

/// Applies `which` fixes to `source` until none is left to apply.
#[must_use]
pub fn fix_source(
    source: &SourceFile,
    vars: &BTreeMap<String, String>,
    config: &Config,
    which: Which,
) -> Fixed {
    let mut fixed = Fixed {
        text: source.text.to_string(),
        applied: BTreeMap::new(),
        checked: pipeline::check(source, vars, config),
        unfinished: false,
        undone: false,
    };
    for _ in 0..MAX_ROUNDS {
        let (text, applied) = apply_fixes(&fixed.text, &fixed.checked.problems, which);
        if applied.is_empty() {
            return fixed;
        }
        let next = SourceFile::new(source.name.clone(), text.as_str(), source.kind);
        let checked = pipeline::check(&next, vars, config);
        if breaks(&fixed.checked, &checked) {
            fixed.undone = true;
            return fixed;
        }
        for (code, count) in applied {
            *fixed.applied.entry(code).or_default() += count;
        }
        fixed.text = text;
        fixed.checked = checked;
    }
    let (_, left) = apply_fixes(&fixed.text, &fixed.checked.problems, which);
    fixed.unfinished = !left.is_empty();
    fixed
}

/// One round: `text` with the first `which` fix of each problem applied, in source
/// order, leaving out a fix that overlaps one already taken; and how many were taken
/// per code. Reads only the fixes' data.
#[must_use]
pub(crate) fn apply_fixes(
    text: &str,
    problems: &[Problem],
    which: Which,
) -> (String, BTreeMap<Code, usize>) {
    let mut chosen: Vec<(Code, &[Edit])> = problems
        .iter()
        .filter_map(|problem| {
            let fix = problem
                .fixes
                .iter()
                .find(|fix| which.takes(fix.applicability))?;
            (!fix.edits.is_empty()).then_some((problem.code, fix.edits.as_slice()))
        })
        .collect();
    chosen.sort_by_key(|(_, edits)| (edits[0].span.start, edits[0].span.end));
    let mut taken: Vec<&Edit> = Vec::new();
    let mut seen: HashSet<&[Edit]> = HashSet::new();
    let mut applied = BTreeMap::new();
    // The end of the last taken edit, and whether that edit inserted there.
    let mut end = 0;
    let mut inserted_at_end = false;
    for (code, edits) in chosen {
        // One fix offered by two problems (sugar writing two keys) is applied once.
        if !seen.insert(edits) {
            continue;
        }
        let first = &edits[0];
        let is_insertion = first.span.start == first.span.end;
        let clear = first.span.start > end
            || (first.span.start == end && !(is_insertion && inserted_at_end))
            || taken.is_empty();
        if !clear {
            continue;
        }
        let last = &edits[edits.len() - 1];
        end = edits.iter().map(|edit| edit.span.end).max().unwrap_or(end);
        inserted_at_end = last.span.start == last.span.end && last.span.end == end;
        taken.extend(edits);
        *applied.entry(code).or_default() += 1;
    }
    (apply(text, &taken), applied)
}

/// Whether `after` is worse in a way no fix may make it: an error where there was
/// none, or a syntax error where the text read.
fn breaks(before: &Checked, after: &Checked) -> bool {
    let syntax = |checked: &Checked| {
        checked.problems.iter().any(|problem| {
            problem.is_error()
                && (problem.code.name().starts_with("ktpl::syntax::")
                    || problem.code == Code::JsonSyntax)
        })
    };
    (!before.problems.has_errors() && after.problems.has_errors())
        || (!syntax(before) && syntax(after))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::source::SourceKind;

    /// Templates whose problems carry fixes of every kind: renames, an unquoted number,
    /// a duplicate, buttons past the limit, a missing field, JSON duplicates and typos.
    pub(crate) const FIXABLE: &[(&str, SourceKind)] = &[
        (
            "feed {\n  content {\n    titel \"a\"\n    link \"https://example.com\"\n  }\n}\n",
            SourceKind::Ktpl,
        ),
        (
            "commerce {\n  content { title \"a\" link \"https://example.com\" }\n  commerce { regular_price \"1,000\" }\n}\n",
            SourceKind::Ktpl,
        ),
        (
            "text {\n  text \"a\"\n  text \"a\"\n  link \"https://example.com\"\n  button \"1\" \"https://example.com\"\n  button \"2\" \"https://example.com\"\n  button \"3\" \"https://example.com\"\n}\n",
            SourceKind::Ktpl,
        ),
        ("feed {\n  content { title \"a\" }\n}\n", SourceKind::Ktpl),
        ("text {\n  text Hello there\n}\n", SourceKind::Ktpl),
        (
            "{\"object_type\": \"text\", \"text\": \"a\", \"text\": \"a\", \"lnik\": {\"web_url\": \"http://a.kr\"}}",
            SourceKind::Json,
        ),
    ];

    fn check(text: &str, kind: SourceKind) -> Checked {
        let source = SourceFile::new("t", text, kind);
        pipeline::check(&source, &BTreeMap::new(), &Config::default())
    }

    #[test]
    fn rewording_any_message_changes_no_fix() {
        for (text, kind) in FIXABLE {
            let problems = check(text, *kind).problems.into_vec();
            for which in [Which::Safe, Which::All] {
                let before = apply_fixes(text, &problems, which);
                let mut reworded = problems.clone();
                for problem in &mut reworded {
                    problem.message = "something else entirely".to_owned();
                    problem.help = Some("other words".to_owned());
                    if let Some((_, label)) = &mut problem.primary {
                        *label = "did you mean `nothing`?".to_owned();
                    }
                }
                assert_eq!(apply_fixes(text, &reworded, which), before, "{text}");
            }
            let (_, all) = apply_fixes(text, &problems, Which::All);
            assert!(!all.is_empty(), "no fix for {text}");
        }
    }

    #[test]
    fn a_typo_and_a_quoted_price_are_fixed_in_rounds_until_clean() {
        let text = "commerce {\n  content {\n    titel \"Cake\"\n    link \"https://example.com\"\n  }\n  commerce { regular_price \"1,000\" }\n}\n";
        let source = SourceFile::new("t", text, SourceKind::Ktpl);
        let fixed = fix_source(&source, &BTreeMap::new(), &Config::default(), Which::Safe);
        assert_eq!(
            fixed.text,
            "commerce {\n  content {\n    title \"Cake\"\n    link \"https://example.com\"\n  }\n  commerce { regular_price 1000 }\n}\n"
        );
        assert!(
            fixed.checked.problems.is_empty(),
            "{:?}",
            fixed.checked.problems
        );
        assert_eq!(fixed.applied.get(&Code::CompileUnknownField), Some(&1));
        assert_eq!(fixed.applied.get(&Code::CompileWrongType), Some(&1));
        assert!(!fixed.unfinished && !fixed.undone);
    }

    #[test]
    fn unsafe_fixes_wait_for_the_flag() {
        let text = "feed {\n  content { title \"a\" }\n}\n";
        let source = SourceFile::new("t", text, SourceKind::Ktpl);
        let safe = fix_source(&source, &BTreeMap::new(), &Config::default(), Which::Safe);
        assert!(!safe.changed());
        let all = fix_source(&source, &BTreeMap::new(), &Config::default(), Which::All);
        assert_eq!(
            all.text,
            "feed {\n  content {\n    link \"https://example.com\" title \"a\" }\n}\n"
        );
    }

    #[test]
    fn the_rounds_are_bounded_and_say_when_fixes_are_left() {
        // A grammar error stops the parse, so each quoted pair is one round: twelve.
        let items = "    item 'a' 'b'\n".repeat(6);
        let text = format!(
            "feed {{\n  content {{ title \"t\" link \"https://example.com\" }}\n  item_content {{\n{items}  }}\n}}\n"
        );
        let source = SourceFile::new("t", text.as_str(), SourceKind::Ktpl);
        let fixed = fix_source(&source, &BTreeMap::new(), &Config::default(), Which::Safe);
        assert!(fixed.unfinished, "{}", fixed.text);
        assert_eq!(fixed.applied.values().sum::<usize>(), MAX_ROUNDS);
        assert_eq!(fixed.text.matches('\'').count(), 4);
        let again = SourceFile::new("t", fixed.text.as_str(), SourceKind::Ktpl);
        let fixed = fix_source(&again, &BTreeMap::new(), &Config::default(), Which::Safe);
        assert!(!fixed.unfinished);
        assert!(!fixed.text.contains('\''));
    }

    #[test]
    fn a_round_that_breaks_a_template_is_told_apart() {
        let with = |codes: &[Code]| Checked {
            compiled: None,
            problems: crate::diagnostic::Problems::from(
                codes
                    .iter()
                    .map(|code| Problem::new(*code, "x"))
                    .collect::<Vec<_>>(),
            ),
        };
        let clean = with(&[]);
        let compile_error = with(&[Code::CompileUnknownField]);
        let syntax_error = with(&[Code::SyntaxUnexpected]);
        assert!(breaks(&clean, &compile_error));
        assert!(breaks(&compile_error, &syntax_error));
        assert!(breaks(&clean, &with(&[Code::JsonSyntax])));
        // Fixing a syntax error may reveal a compile error: that is progress.
        assert!(!breaks(&syntax_error, &compile_error));
        assert!(!breaks(&compile_error, &clean));
        assert!(!breaks(&clean, &with(&[Code::LintPlainHttp])));
    }

    #[test]
    fn overlapping_fixes_wait_for_the_next_round() {
        let edit = |start, end, content: &str| {
            Edit::replacement(crate::span::Span::new(start, end), content)
        };
        let problem = |edits: Vec<Edit>| {
            Problem::new(Code::CompileUnknownField, "x")
                .fix(crate::diagnostic::Fix::safe("t", edits))
        };
        let problems = [
            problem(vec![edit(0, 3, "A")]),
            problem(vec![edit(2, 5, "B")]),
            problem(vec![edit(5, 5, "C")]),
            problem(vec![edit(5, 5, "D")]),
            problem(vec![edit(6, 7, "")]),
        ];
        let (text, applied) = apply_fixes("abcdefg", &problems, Which::Safe);
        assert_eq!(text, "AdeCf");
        assert_eq!(applied.get(&Code::CompileUnknownField), Some(&3));
    }
}
