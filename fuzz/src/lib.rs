//! What every fuzz target asserts besides "does not panic": the invariants the reports
//! rely on, so a fuzzer finds wrong answers and not only crashes.

use ktpl::Source;
use ktpl::internals::{Mapped, Problem, Span};

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
