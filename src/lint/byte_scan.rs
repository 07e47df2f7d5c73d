//! Questions about every byte of a string, answered a block at a time.
//!
//! The lints ask them of every URL in every template, so they are on the clean path.
//! A test written as `bytes().any(...)` stops at each byte; or-ing a branch-free
//! answer over a fixed block lets the compiler use vector instructions (16 bytes at a
//! time with SSE2).

/// Whether any byte of `bytes` passes `test`, which should be branch-free
/// (comparisons combined with `&` and `|`) for the blocks to become vector code; the
/// answer is the same either way. Short texts cost one block (a copy, filled out with
/// their first byte, since testing a byte twice changes nothing): this is for texts
/// that are mostly longer, such as URLs.
pub(crate) fn any_byte(bytes: &[u8], test: impl Fn(u8) -> bool) -> bool {
    const BLOCK: usize = 16;
    let block_has = |block: &[u8]| block.iter().fold(false, |any, &byte| any | test(byte));
    let Some(&first) = bytes.first() else {
        return false;
    };
    if bytes.len() < BLOCK {
        let mut block = [first; BLOCK];
        block[..bytes.len()].copy_from_slice(bytes);
        return block_has(&block);
    }
    let mut blocks = bytes.chunks_exact(BLOCK);
    let mut any = false;
    for block in &mut blocks {
        any |= block_has(block);
    }
    // The last whole block, overlapping bytes already tested.
    any || (!blocks.remainder().is_empty() && block_has(&bytes[bytes.len() - BLOCK..]))
}

#[cfg(test)]
mod tests {
    use super::any_byte;

    /// Every byte at every place, in a block and in the tail, is seen.
    #[test]
    fn every_byte_is_seen() {
        for len in [1, 2, 15, 16, 17, 31, 32, 33, 47, 48, 49] {
            for at in 0..len {
                let mut bytes = vec![b'a'; len];
                bytes[at] = b'$';
                assert!(any_byte(&bytes, |byte| byte == b'$'), "{at} of {len}");
                bytes[at] = b'b';
                assert!(!any_byte(&bytes, |byte| byte == b'$'), "{at} of {len}");
            }
        }
        assert!(!any_byte(b"", |_| true));
    }
}
