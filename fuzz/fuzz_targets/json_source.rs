//! The raw JSON reader on any UTF-8 text (see `ktpl_fuzz::json_source`).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    ktpl_fuzz::json_source(text);
});
