//! `ktpl check` on arbitrary bytes: the first byte picks `.ktpl` or `.json`, the rest is
//! read as the CLI reads a file (invalid UTF-8 stops at the first bad byte), run through
//! the whole pipeline, and rendered in every output format.

#![no_main]

use std::collections::BTreeMap;

use ktpl::{Config, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
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
    ktpl_fuzz::assert_problems_in(text, &checked.problems);
    let duplicate_key = checked
        .problems
        .iter()
        .any(|p| p.code == ktpl::internals::Code::JsonDuplicateKey);
    if let Some(compiled) = checked.compiled.as_ref().filter(|_| !duplicate_key) {
        ktpl_fuzz::assert_span_map_sound(text, compiled);
    }
    ktpl_fuzz::render_everywhere(&source, &checked.problems);
});
