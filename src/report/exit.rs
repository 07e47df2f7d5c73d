//! Exit codes, as the README documents them.

/// No error (warnings allowed); for `send`, every receiver got the message.
pub(crate) const OK: u8 = 0;
/// A template has an error.
pub(crate) const PROBLEMS: u8 = 1;
/// Bad usage, or a file or folder that could not be read.
pub(crate) const USAGE: u8 = 2;
/// `send`/`friends`: a request failed as a whole (auth, consent, quota, network).
#[cfg(feature = "send")]
pub(crate) const REQUEST_FAILED: u8 = 4;
