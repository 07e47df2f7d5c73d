//! The `ktpl.toml` reader on any UTF-8 text: it accepts or explains, at spans inside
//! the text, and the explanation renders.

#![no_main]

use ktpl::{Config, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Err(problems) = Config::parse(text) {
        assert!(!problems.is_empty(), "a refused config must say why");
        ktpl_fuzz::assert_problems_in(text, &problems);
        let source = Source::ktpl("ktpl.toml", text);
        ktpl_fuzz::render_everywhere(&source, &problems);
    }
});
