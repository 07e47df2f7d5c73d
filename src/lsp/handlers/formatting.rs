//! `textDocument/formatting`: the whole document through `ktpl fmt`'s printer.

use lsp_types::{DocumentFormattingParams, TextEdit};

use crate::lsp::world::World;
use crate::source::SourceKind;

/// One edit replacing the whole text with its canonical layout; no edits when it is
/// already formatted, when it does not parse (its syntax errors are already shown as
/// diagnostics, and a broken file is never rewritten), or for raw JSON templates
/// (`fmt` formats ktpl sources only). `None` for unknown documents.
#[must_use]
pub(crate) fn formatting(
    world: &World,
    params: &DocumentFormattingParams,
) -> Option<Vec<TextEdit>> {
    let document = world.documents.get(&params.text_document.uri)?;
    if document.kind == SourceKind::Json {
        return Some(Vec::new());
    }
    let Ok(formatted) = crate::fmt::format_source(&document.text) else {
        return Some(Vec::new());
    };
    if formatted == document.text {
        return Some(Vec::new());
    }
    let whole = crate::span::Span::new(0, document.text.len());
    Some(vec![TextEdit {
        range: document.index.range(&document.text, whole),
        new_text: formatted,
    }])
}
