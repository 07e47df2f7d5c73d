//! `textDocument/documentSymbol`: the outline: the template, its blocks, buttons and
//! fields, nested as written; at most [`MAX_SYMBOLS`] of them, the rest of a block
//! summed up in one entry.

use lsp_types::{DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, SymbolKind};

use crate::kakao::fields::{Kind, Shape};
use crate::lsp::context;
use crate::lsp::conversion::LineIndex;
use crate::lsp::outline::{Arg, Node};
use crate::lsp::world::World;
use crate::source::SourceKind;

/// The most entries an outline lists. An outline is for finding one's way; a generated
/// file with 250,000 fields would otherwise cost a 60 MB answer the editor cannot use.
pub(crate) const MAX_SYMBOLS: usize = 5_000;

/// The outline of a ktpl document; empty while it does not parse, `None` for unknown
/// documents.
#[must_use]
pub(crate) fn document_symbols(
    world: &World,
    params: &DocumentSymbolParams,
) -> Option<DocumentSymbolResponse> {
    let document = world.documents.get(&params.text_document.uri)?;
    if document.kind == SourceKind::Json {
        return Some(DocumentSymbolResponse::Nested(Vec::new()));
    }
    // The outline the check kept; an unparsable text has none.
    let symbol = context::with_parsed(&document.text, document.known(), |parsed| {
        let template = &parsed.template;
        let kind = Kind::template(&template.name.text);
        let mut budget = MAX_SYMBOLS - 1;
        symbol(
            template,
            kind,
            SymbolKind::MODULE,
            &document.text,
            &document.index,
            &mut budget,
        )
    });
    Some(DocumentSymbolResponse::Nested(symbol.into_iter().collect()))
}

#[allow(deprecated)] // `deprecated` is a required field of the struct.
fn symbol(
    node: &Node,
    kind: Option<Kind>,
    symbol_kind: SymbolKind,
    text: &str,
    index: &LineIndex,
    budget: &mut usize,
) -> DocumentSymbol {
    let nodes = node
        .block
        .as_ref()
        .map_or(&[][..], |block| &block.nodes[..]);
    let mut children = Vec::new();
    for (at, child) in nodes.iter().enumerate() {
        if *budget == 0 {
            children.push(the_rest(&nodes[at..], text, index));
            break;
        }
        *budget -= 1;
        children.push({
            let shape = kind
                .and_then(|k| k.field(&child.name.text))
                .map(|f| f.shape);
            let (inner, symbol_kind) = match shape {
                Some(Shape::Object {
                    kind: inner,
                    repeat,
                    ..
                }) => (
                    Some(inner),
                    if repeat {
                        SymbolKind::ARRAY
                    } else {
                        SymbolKind::OBJECT
                    },
                ),
                _ => (None, SymbolKind::FIELD),
            };
            symbol(child, inner, symbol_kind, text, index, budget)
        });
    }
    let detail = node
        .args
        .iter()
        .map(|arg| match arg {
            Arg::Positional(value) => value.span.read(text),
            Arg::Keyed { key, value } => key.span.to(value.span).read(text),
        })
        .collect::<Vec<_>>()
        .join(" ");
    DocumentSymbol {
        name: node.name.text.clone(),
        detail: (!detail.is_empty()).then(|| truncate(&detail)),
        kind: symbol_kind,
        tags: None,
        deprecated: None,
        range: index.range(text, node.span),
        selection_range: index.range(text, node.name.span),
        children: (!children.is_empty()).then_some(children),
    }
}

/// One entry for the nodes past [`MAX_SYMBOLS`], spanning them.
#[allow(deprecated)] // `deprecated` is a required field of the struct.
fn the_rest(rest: &[Node], text: &str, index: &LineIndex) -> DocumentSymbol {
    let first = &rest[0];
    let last = &rest[rest.len() - 1];
    DocumentSymbol {
        name: format!("… {} more", rest.len()),
        detail: Some(format!("the outline lists the first {MAX_SYMBOLS} entries")),
        kind: SymbolKind::NULL,
        tags: None,
        deprecated: None,
        range: index.range(text, first.span.to(last.span)),
        selection_range: index.range(text, first.name.span),
        children: None,
    }
}

/// Long texts shortened for the outline.
fn truncate(detail: &str) -> String {
    const MAX: usize = 60;
    if detail.chars().count() <= MAX {
        detail.to_owned()
    } else {
        let cut: String = detail.chars().take(MAX).collect();
        format!("{cut}…")
    }
}
