//! `textDocument/publishDiagnostics`: what the last check of a document found.

use std::path::Path;
use std::str::FromStr;

use lsp_types::{PublishDiagnosticsParams, Uri};

use crate::config::ConfigError;
use crate::lsp::conversion::{self, Encoding, LineIndex};
use crate::lsp::world::World;

/// The diagnostics to publish for a checked document, or `None` for an unknown or
/// unchecked one.
#[must_use]
pub(crate) fn diagnostics(world: &World, uri: &Uri) -> Option<PublishDiagnosticsParams> {
    let document = world.documents.get(uri)?;
    let checked = document.checked.as_ref()?;
    let diagnostics = checked
        .problems
        .iter()
        .map(|problem| conversion::diagnostic(problem, uri, &document.text, &document.index))
        .collect();
    Some(PublishDiagnosticsParams {
        uri: uri.clone(),
        diagnostics,
        version: Some(document.version),
    })
}

/// The problems of a `ktpl.toml` just read (none clears earlier ones), or `None`
/// when its path has no URI.
#[must_use]
pub(crate) fn config_diagnostics(
    path: &Path,
    error: Option<&ConfigError>,
    encoding: Encoding,
) -> Option<PublishDiagnosticsParams> {
    let uri = Uri::from_str(url::Url::from_file_path(path).ok()?.as_str()).ok()?;
    let diagnostics = error.map_or_else(Vec::new, |error| {
        let text = &error.source.text;
        let index = LineIndex::new(text, encoding);
        error
            .problems
            .iter()
            .map(|problem| conversion::diagnostic(problem, &uri, text, &index))
            .collect()
    });
    Some(PublishDiagnosticsParams {
        uri,
        diagnostics,
        version: None,
    })
}

/// Clears a closed document's diagnostics.
#[must_use]
pub(crate) fn cleared(uri: &Uri) -> PublishDiagnosticsParams {
    PublishDiagnosticsParams {
        uri: uri.clone(),
        diagnostics: Vec::new(),
        version: None,
    }
}
