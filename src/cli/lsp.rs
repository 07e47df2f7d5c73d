//! `ktpl lsp`: the language server on stdin and stdout.

use super::stdio::errln;
use crate::lsp;
use crate::report::exit;

/// The exit code of a session that ended without `shutdown` (the protocol's 1).
const ABRUPT: u8 = 1;

/// Serves until the client exits; logs go to stderr, which editors show as the
/// server's log. Exit code 0 after `shutdown`, 1 without it (as the protocol says).
pub(crate) fn lsp() -> u8 {
    let (connection, writer) = lsp::transport::stdio();
    let outcome = lsp::serve(&connection);
    drop(connection);
    writer.join();
    match outcome {
        Ok(lsp::Ending::Clean) => exit::OK,
        Ok(lsp::Ending::Abrupt) => ABRUPT,
        Err(error) => {
            errln!("ktpl lsp: {error}");
            exit::USAGE
        }
    }
}
