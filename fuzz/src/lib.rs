//! What every fuzz target runs and asserts besides "does not panic": the invariants the
//! reports rely on, so a fuzzer finds wrong answers and not only crashes. The targets in
//! `fuzz_targets/` call the four entry points here, and so does the ordinary test that
//! replays every saved input on each `cargo test` (`tests/fuzz_inputs.rs`, which
//! includes this file), so a regression cannot hide between fuzzing campaigns.

use std::collections::BTreeMap;

use ktpl::internals::{Code, Mapped, Problem, Span, Spans};
use ktpl::{Config, Source};

/// `ktpl_source`: the ktpl parser and compiler on any UTF-8 text: spans stay in the
/// text, the span map resolves, and compiling with and without spans gives the same
/// JSON and findings.
pub fn ktpl_source(text: &str) {
    let document = match ktpl::internals::parse(text) {
        Ok(document) => document,
        Err(problems) => {
            assert!(!problems.is_empty(), "a refused parse must say why");
            assert_problems_in(text, &problems);
            return;
        }
    };
    let vars = BTreeMap::new();
    let (with_spans, problems) = ktpl::internals::compile(&document, &vars, Spans::Record);
    assert_problems_in(text, &problems);
    assert_span_map_sound(text, &with_spans);
    let (without_spans, fast_problems) = ktpl::internals::compile(&document, &vars, Spans::Skip);
    assert_eq!(
        with_spans.value, without_spans.value,
        "spans changed the JSON"
    );
    let codes = |p: &[Problem]| p.iter().map(|p| p.code).collect::<Vec<_>>();
    assert_eq!(
        codes(&problems),
        codes(&fast_problems),
        "spans changed the findings"
    );
}

/// `json_source`: the raw JSON reader on any UTF-8 text: spans stay in the text, and
/// every span-map pointer resolves in the JSON it read.
pub fn json_source(text: &str) {
    let (compiled, problems) = ktpl::internals::read_json(text);
    assert_problems_in(text, &problems);
    let duplicate_key = problems.iter().any(|p| p.code == Code::JsonDuplicateKey);
    if let Some(compiled) = compiled {
        // With a key given twice the JSON keeps the last member while the span map also
        // holds the first one's children; that error is reported, and no finding is
        // looked up under a pointer the JSON lacks.
        if !duplicate_key {
            assert_span_map_sound(text, &compiled);
        }
    } else {
        assert!(!problems.is_empty(), "unreadable JSON must say why");
    }
}

/// `check_bytes`: `ktpl check` on arbitrary bytes: the first byte picks `.ktpl` or
/// `.json`, the rest is read as the CLI reads a file (invalid UTF-8 stops at the first
/// bad byte), run through the whole pipeline, and rendered in every output format.
pub fn check_bytes(bytes: &[u8]) {
    let Some((&selector, rest)) = bytes.split_first() else {
        return;
    };
    let text = match std::str::from_utf8(rest) {
        Ok(text) => text,
        Err(error) => std::str::from_utf8(&rest[..error.valid_up_to()]).unwrap_or_default(),
    };
    let source = if selector & 1 == 0 {
        Source::ktpl("fuzz", text)
    } else {
        Source::json("fuzz", text)
    };
    let checked = ktpl::internals::check(&source, &BTreeMap::new(), &Config::default());
    assert_problems_in(text, &checked.problems);
    let duplicate_key = checked
        .problems
        .iter()
        .any(|p| p.code == Code::JsonDuplicateKey);
    if let Some(compiled) = checked.compiled.as_ref().filter(|_| !duplicate_key) {
        assert_span_map_sound(text, compiled);
    }
    render_everywhere(&source, &checked.problems);
}

/// `config`: the `ktpl.toml` reader on any UTF-8 text: it accepts or explains, at spans
/// inside the text, and the explanation renders.
pub fn config(text: &str) {
    if let Err(problems) = Config::parse(text) {
        assert!(!problems.is_empty(), "a refused config must say why");
        assert_problems_in(text, &problems);
        let source = Source::ktpl("ktpl.toml", text);
        render_everywhere(&source, &problems);
    }
}

/// A span must lie inside the text and on character boundaries: every report slices
/// the text with it.
pub fn assert_span_in(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end,
        "{what}: span {span:?} runs backwards"
    );
    assert!(
        span.end <= text.len(),
        "{what}: span {span:?} past the end ({})",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} splits a character"
    );
}

/// Every span of every problem lies inside `text`.
pub fn assert_problems_in(text: &str, problems: &[Problem]) {
    for problem in problems {
        for (span, _) in problem.primary.iter().chain(&problem.related) {
            assert_span_in(text, *span, problem.code.name());
        }
        assert!(
            !problem.message.is_empty(),
            "{} has no message",
            problem.code.name()
        );
    }
}

/// Every pointer in the span map resolves in the JSON, and its spans lie in `text`.
pub fn assert_span_map_sound(text: &str, compiled: &Mapped) {
    for pointer in compiled.spans.pointers() {
        assert!(
            compiled.value.pointer(pointer).is_some(),
            "span map pointer {pointer} is not in the JSON"
        );
        if let Some(origin) = compiled.spans.get(pointer) {
            assert_span_in(text, origin.key, pointer);
            assert_span_in(text, origin.value, pointer);
            assert_span_in(text, origin.node, pointer);
        }
    }
}

/// Renders the problems in every output format: a report must never panic.
pub fn render_everywhere(source: &Source, problems: &[Problem]) {
    let _ = ktpl::internals::human::render(source, problems, ktpl::RenderStyle::default());
    let _ = ktpl::internals::github::annotations(source, problems);
    let findings = ktpl::internals::json::problems(source, problems);
    assert_eq!(findings.len(), problems.len());
    // The library's own rendering of the findings is the same report.
    let _ = ktpl::render(source, &findings, ktpl::RenderStyle::default());
    let sarif = ktpl::internals::sarif::results(source, problems);
    assert_eq!(sarif.len(), problems.len());
}
