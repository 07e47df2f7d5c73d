//! Exit codes, as the README documents them.

/// No error (warnings allowed); for `send`, every receiver got the message.
pub(crate) const OK: u8 = 0;
/// A template has an error.
pub(crate) const PROBLEMS: u8 = 1;
/// Bad usage, or a file or folder that could not be read.
pub(crate) const USAGE: u8 = 2;
/// `send`: some receivers were not delivered, though every request got Kakao's answer
/// (`send::Outcome::exit_code`).
#[cfg(feature = "send")]
pub(crate) const SOME_FAILED: u8 = 3;
/// `send`/`friends`: a request failed as a whole (auth, consent, quota, network).
#[cfg(feature = "send")]
pub(crate) const REQUEST_FAILED: u8 = 4;
/// Standard output or error was closed before everything was written (the reader went
/// away, as in `ktpl explain | head`): 128 + SIGPIPE, what a shell reports for a Unix
/// tool ended by that signal.
pub(crate) const READER_GONE: u8 = 141;
