//! The ktpl parser and compiler on any UTF-8 text (see `ktpl_fuzz::ktpl_source`).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    ktpl_fuzz::ktpl_source(text);
});
