//! `ktpl lsp`: the language server on stdin and stdout.

use super::stdio::errln;
use crate::lsp;
use crate::report::exit;

/// Serves until the client exits; logs go to stderr, which editors show as the
/// server's log.
pub(crate) fn lsp() -> u8 {
    let (connection, writer) = lsp::transport::stdio();
    let outcome = lsp::serve(&connection);
    drop(connection);
    writer.join();
    match outcome {
        Ok(()) => exit::OK,
        Err(error) => {
            errln!("ktpl lsp: {error}");
            exit::USAGE
        }
    }
}
