//! `ktpl check` on arbitrary bytes, rendered in every format (see
//! `ktpl_fuzz::check_bytes`).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    ktpl_fuzz::check_bytes(bytes);
});
