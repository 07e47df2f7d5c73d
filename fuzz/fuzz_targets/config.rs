//! The `ktpl.toml` reader on any UTF-8 text (see `ktpl_fuzz::config`).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    ktpl_fuzz::config(text);
});
