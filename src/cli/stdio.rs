//! Standard output and standard error for every command. When the reader goes away
//! (`ktpl explain | head`, a closed pipe) the command stops at once, quietly, with exit
//! code 141: what a shell reports for a Unix tool ended by SIGPIPE (128 + 13), so a
//! truncated `ktpl check | head` never reads as a pass under `set -o pipefail`. Rust
//! ignores SIGPIPE, so without this every `println!` would panic on a closed pipe.

#![allow(clippy::print_stderr)]

use std::io::{self, Write as _};

use crate::report::exit;

/// Prints to standard output; a closed pipe ends the process (see the module).
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::stdio::write_stdout(format_args!($($arg)*))
    };
}

/// [`out!`] with a line break.
macro_rules! outln {
    () => {
        $crate::cli::stdio::write_stdout(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::cli::stdio::write_stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// Prints to standard error; a closed pipe ends the process (see the module).
macro_rules! err {
    ($($arg:tt)*) => {
        $crate::cli::stdio::write_stderr(format_args!($($arg)*))
    };
}

/// [`err!`] with a line break.
macro_rules! errln {
    () => {
        $crate::cli::stdio::write_stderr(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::cli::stdio::write_stderr(format_args!("{}\n", format_args!($($arg)*)))
    };
}

pub(crate) use {err, errln, out, outln};

/// Writes to standard output, or ends the process as [`stdout_failed`] says.
pub(crate) fn write_stdout(args: std::fmt::Arguments<'_>) {
    if let Err(error) = io::stdout().lock().write_fmt(args) {
        stdout_failed(&error);
    }
}

/// Writes to standard error. A closed pipe ends the process with [`exit::READER_GONE`];
/// any other failure is ignored, as there is nowhere left to say it.
pub(crate) fn write_stderr(args: std::fmt::Arguments<'_>) {
    if let Err(error) = io::stderr().lock().write_fmt(args)
        && error.kind() == io::ErrorKind::BrokenPipe
    {
        std::process::exit(i32::from(exit::READER_GONE));
    }
}

/// Writes `bytes` to standard output and flushes it, or ends the process as
/// [`stdout_failed`] says.
pub(crate) fn write_stdout_bytes(bytes: &[u8]) {
    let mut stdout = io::stdout().lock();
    if let Err(error) = stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        stdout_failed(&error);
    }
}

/// Ends the process after a failed write to standard output: quietly with
/// [`exit::READER_GONE`] when the reader went away, else saying why with
/// [`exit::USAGE`] (a full disk under `> file`).
pub(crate) fn stdout_failed(error: &io::Error) -> ! {
    if error.kind() == io::ErrorKind::BrokenPipe {
        std::process::exit(i32::from(exit::READER_GONE));
    }
    errln!("error: cannot write to standard output: {error}");
    std::process::exit(i32::from(exit::USAGE));
}
