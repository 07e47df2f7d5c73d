//! `textDocument/documentSymbol`: the outline: the template, its blocks, buttons and
//! fields, nested as written.

use lsp_types::{DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, SymbolKind};

use crate::kakao::fields::{Kind, Shape};
use crate::lsp::conversion::LineIndex;
use crate::lsp::world::World;
use crate::source::SourceKind;
use crate::syntax::{self, ast::Arg, ast::Node};

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
    let Ok(parsed) = syntax::parse(&document.text) else {
        return Some(DocumentSymbolResponse::Nested(Vec::new()));
    };
    let template = &parsed.template;
    let kind = Kind::template(template.name.text);
    let symbol = symbol(
        template,
        kind,
        SymbolKind::MODULE,
        &document.text,
        &document.index,
    );
    Some(DocumentSymbolResponse::Nested(vec![symbol]))
}

#[allow(deprecated)] // `deprecated` is a required field of the struct.
fn symbol(
    node: &Node,
    kind: Option<Kind>,
    symbol_kind: SymbolKind,
    text: &str,
    index: &LineIndex,
) -> DocumentSymbol {
    let children: Vec<DocumentSymbol> = node
        .block
        .iter()
        .flat_map(|block| &block.nodes)
        .map(|child| {
            let shape = kind.and_then(|k| k.field(child.name.text)).map(|f| f.shape);
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
            symbol(child, inner, symbol_kind, text, index)
        })
        .collect();
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
        name: node.name.text.to_owned(),
        detail: (!detail.is_empty()).then(|| truncate(&detail)),
        kind: symbol_kind,
        tags: None,
        deprecated: None,
        range: index.range(text, node.span),
        selection_range: index.range(text, node.name.span),
        children: (!children.is_empty()).then_some(children),
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
