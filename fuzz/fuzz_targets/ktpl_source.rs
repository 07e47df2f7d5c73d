//! The ktpl parser and compiler on any UTF-8 text: spans stay in the text, the span
//! map resolves, and compiling with and without spans gives the same JSON and findings.

#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let document = match ktpl::internals::parse(text) {
        Ok(document) => document,
        Err(problems) => {
            assert!(!problems.is_empty(), "a refused parse must say why");
            ktpl_fuzz::assert_problems_in(text, &problems);
            return;
        }
    };
    let vars = BTreeMap::new();
    let (with_spans, problems) = ktpl::internals::compile(&document, &vars, ktpl::internals::Spans::Record);
    ktpl_fuzz::assert_problems_in(text, &problems);
    ktpl_fuzz::assert_span_map_sound(text, &with_spans);
    let (without_spans, fast_problems) = ktpl::internals::compile(&document, &vars, ktpl::internals::Spans::Skip);
    assert_eq!(
        with_spans.value, without_spans.value,
        "spans changed the JSON"
    );
    let codes = |p: &[ktpl::internals::Problem]| p.iter().map(|p| p.code).collect::<Vec<_>>();
    assert_eq!(
        codes(&problems),
        codes(&fast_problems),
        "spans changed the findings"
    );
});
