//! The golden test: `ktpl check --format json` on a generated corpus of 300 templates
//! (every template type, as `.json` and as `.ktpl`, half of them broken in one of many
//! ways, with a `ktpl.toml` that reaches the configured lints) must print exactly the
//! committed expectation. Speed work may not drop, move or reword a finding.
//!
//! The corpus is `benches/gen_corpus.py` with a fixed seed, committed as generated:
//! `python3 benches/gen_corpus.py tests/data/golden 300 --seed 20 --golden`.
//! After a deliberate change to what `check` reports, regenerate the expectation with
//! `KTPL_UPDATE_GOLDEN=1 cargo test --test integration golden::` and read its diff in
//! git before committing it.

use crate::harness::{ktpl, repo, stdout};

const EXPECTED: &str = "tests/data/golden/expected.json";

#[test]
fn check_output_on_the_generated_corpus_is_unchanged() {
    let output = ktpl(
        &[
            "check",
            "--format",
            "json",
            "tests/data/golden/json",
            "tests/data/golden/ktpl",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(1), "the corpus has errors");
    let actual = stdout(&output);
    if std::env::var_os("KTPL_UPDATE_GOLDEN").is_some() {
        std::fs::write(repo(EXPECTED), &actual).expect("expectation is writable");
        return;
    }
    let expected = std::fs::read_to_string(repo(EXPECTED)).expect("expectation is committed");
    if actual != expected {
        let line = actual
            .lines()
            .zip(expected.lines())
            .position(|(a, e)| a != e)
            .unwrap_or_else(|| actual.lines().count().min(expected.lines().count()));
        let around = |text: &str| -> String {
            text.lines()
                .skip(line.saturating_sub(12))
                .take(24)
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "`check --format json` on tests/data/golden differs from {EXPECTED} first at line {}\n\
             --- expected ---\n{}\n--- actual ---\n{}\n\
             (a deliberate change: KTPL_UPDATE_GOLDEN=1 cargo test --test integration golden::)",
            line + 1,
            around(&expected),
            around(&actual),
        );
    }
}
