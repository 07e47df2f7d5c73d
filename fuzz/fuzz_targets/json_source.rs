//! The raw JSON reader on any UTF-8 text: spans stay in the text, and every span-map
//! pointer resolves in the JSON it read.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let (compiled, problems) = ktpl::internals::read_json(text);
    ktpl_fuzz::assert_problems_in(text, &problems);
    let duplicate_key = problems
        .iter()
        .any(|p| p.code == ktpl::internals::Code::JsonDuplicateKey);
    if let Some(compiled) = compiled {
        // With a key given twice the JSON keeps the last member while the span map also
        // holds the first one's children; that error is reported, and no finding is
        // looked up under a pointer the JSON lacks.
        if !duplicate_key {
            ktpl_fuzz::assert_span_map_sound(text, &compiled);
        }
    } else {
        assert!(!problems.is_empty(), "unreadable JSON must say why");
    }
});
