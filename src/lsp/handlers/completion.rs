//! `textDocument/completion`: template keywords at the top level, a block's fields
//! (with type, limits and whether required), `key=` names and allowed values of a
//! node's arguments, and variable names inside `${`.

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, Documentation,
    MarkupContent, MarkupKind,
};

use crate::kakao::fields::{Kind, Shape};
use crate::lsp::context::{self, Context};
use crate::lsp::field_docs::{enum_values, field_doc, template_doc};
use crate::lsp::world::World;
use crate::source::SourceKind;

/// The completions at a position; `None` for unknown documents and raw JSON (whose
/// editors complete from `schemas/template.json`).
#[must_use]
pub(crate) fn completion(world: &World, params: &CompletionParams) -> Option<CompletionResponse> {
    let position = &params.text_document_position;
    let document = world.documents.get(&position.text_document.uri)?;
    if document.kind == SourceKind::Json {
        return None;
    }
    let text = &document.text;
    let offset = document.index.offset(text, position.position);
    let items = match context::context_at(text, offset) {
        Context::TopLevel => Kind::TEMPLATES
            .into_iter()
            .map(|kind| CompletionItem {
                label: kind.name().to_owned(),
                kind: Some(CompletionItemKind::CLASS),
                detail: Some("template".to_owned()),
                documentation: Some(markdown(template_doc(kind))),
                ..CompletionItem::default()
            })
            .chain(std::iter::once(CompletionItem {
                label: "let".to_owned(),
                kind: Some(CompletionItemKind::KEYWORD),
                detail: Some("a variable: `let name = \"value\"`".to_owned()),
                ..CompletionItem::default()
            }))
            .collect(),
        Context::Field(kind) => kind
            .fields()
            .iter()
            .map(|field| {
                let doc = field_doc(kind, field);
                CompletionItem {
                    label: field.name.to_owned(),
                    kind: Some(match field.shape {
                        Shape::Object { .. } => CompletionItemKind::STRUCT,
                        _ => CompletionItemKind::FIELD,
                    }),
                    detail: Some(doc.detail),
                    documentation: Some(markdown(doc.markdown)),
                    // Required fields first, then the table's order.
                    sort_text: Some(format!(
                        "{}{:02}",
                        u8::from(!doc.required),
                        kind.fields()
                            .iter()
                            .position(|f| f.name == field.name)
                            .unwrap_or(0)
                    )),
                    ..CompletionItem::default()
                }
            })
            .collect(),
        Context::Argument { kind, field } => argument_items(kind, field),
        Context::Variable => variable_items(text, offset),
        Context::Nothing => Vec::new(),
    };
    Some(CompletionResponse::Array(items))
}

/// `key=` names a node takes, or the values its field allows.
fn argument_items(kind: Kind, field: &crate::kakao::fields::Field) -> Vec<CompletionItem> {
    let keyed = |name: &str, detail: String| CompletionItem {
        label: format!("{name}="),
        kind: Some(CompletionItemKind::PROPERTY),
        detail: Some(detail),
        ..CompletionItem::default()
    };
    match field.shape {
        Shape::Scalar(..) => enum_values(kind, field)
            .into_iter()
            .map(|value| CompletionItem {
                label: value,
                kind: Some(CompletionItemKind::ENUM_MEMBER),
                detail: Some(field_doc(kind, field).detail),
                ..CompletionItem::default()
            })
            .collect(),
        Shape::Object { kind: inner, .. } => inner
            .fields()
            .iter()
            .filter(|f| matches!(f.shape, Shape::Scalar(..)))
            .map(|f| keyed(f.name, field_doc(inner, f).detail))
            .collect(),
        Shape::Flat { keyed: names, .. } => names
            .iter()
            .map(|(name, slot)| {
                let keys: Vec<String> = slot.keys().iter().map(|k| format!("`{k}`")).collect();
                keyed(name, format!("sets {}", keys.join(", ")))
            })
            .collect(),
    }
}

/// The `let` names of the document (read with the cursor's line blanked when needed).
fn variable_items(text: &str, offset: usize) -> Vec<CompletionItem> {
    context::with_document(text, offset, |document| {
        document
            .bindings
            .iter()
            .map(|binding| CompletionItem {
                label: binding.name.text.to_owned(),
                kind: Some(CompletionItemKind::VARIABLE),
                detail: Some(format!(
                    "let {} = {}",
                    binding.name.text,
                    binding.value.span.read(text)
                )),
                ..CompletionItem::default()
            })
            .collect()
    })
    .unwrap_or_default()
}

fn markdown(value: String) -> Documentation {
    Documentation::MarkupContent(MarkupContent {
        kind: MarkupKind::Markdown,
        value,
    })
}
