//! `textDocument/publishDiagnostics`: what the last check of a document found.

use lsp_types::{PublishDiagnosticsParams, Uri};

use crate::lsp::conversion;
use crate::lsp::world::World;

/// The diagnostics to publish for a checked document, or `None` for an unknown or
/// unchecked one.
#[must_use]
pub fn diagnostics(world: &World, uri: &Uri) -> Option<PublishDiagnosticsParams> {
    let document = world.documents.get(uri)?;
    let checked = document.checked.as_ref()?;
    let diagnostics = checked
        .problems
        .0
        .iter()
        .map(|problem| conversion::diagnostic(problem, uri, &document.text, &document.index))
        .collect();
    Some(PublishDiagnosticsParams {
        uri: uri.clone(),
        diagnostics,
        version: Some(document.version),
    })
}

/// Clears a closed document's diagnostics.
#[must_use]
pub fn cleared(uri: &Uri) -> PublishDiagnosticsParams {
    PublishDiagnosticsParams {
        uri: uri.clone(),
        diagnostics: Vec::new(),
        version: None,
    }
}
