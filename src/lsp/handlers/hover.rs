//! `textDocument/hover`: on a field name (a ktpl node or a raw JSON key), what it is,
//! its limits and where Kakao shows it; on a template keyword, the template; on an
//! underlined problem, its code's explanation.

use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use crate::explain;
use crate::kakao::fields::Kind;
use crate::lsp::context::{self, node_named_at};
use crate::lsp::field_docs::{field_doc, template_doc};
use crate::lsp::json_fields;
use crate::lsp::world::World;
use crate::source::SourceKind;

/// The hover text at a position, or `None` when there is nothing to say.
#[must_use]
pub(crate) fn hover(world: &World, params: &HoverParams) -> Option<Hover> {
    let position = &params.text_document_position_params;
    let document = world.documents.get(&position.text_document.uri)?;
    let text = &document.text;
    let offset = document.index.offset(text, position.position);
    let mut sections = Vec::new();
    let field = match document.kind {
        SourceKind::Ktpl => field_section(text, offset),
        SourceKind::Json => {
            json_fields::field_at(text, offset).map(|(kind, field)| field_doc(kind, field).markdown)
        }
    };
    sections.extend(field);
    let problems = document.checked.as_ref().map(|c| &*c.problems);
    let mut codes = Vec::new();
    for problem in problems.unwrap_or_default() {
        let on_it = problem
            .primary
            .as_ref()
            .is_some_and(|(span, _)| span.start <= offset && offset <= span.end);
        if on_it && !codes.contains(&problem.code) {
            codes.push(problem.code);
        }
    }
    for code in codes {
        let explanation = explain::explanation(code).unwrap_or(code.summary());
        sections.push(format!("**{}**\n\n{explanation}", code.name()));
    }
    if sections.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: sections.join("\n\n---\n\n"),
        }),
        range: None,
    })
}

/// What to say about the node name under the cursor.
fn field_section(text: &str, offset: usize) -> Option<String> {
    context::with_document(text, offset, |document| {
        if let Some((kind, field)) = context::keyed_field_at(document, offset) {
            return Some(field_doc(kind, field).markdown);
        }
        let (parent, node) = node_named_at(document, offset)?;
        match parent {
            None => Kind::template(node.name.text).map(template_doc),
            Some(kind) => kind
                .field(node.name.text)
                .map(|field| field_doc(kind, field).markdown),
        }
    })
    .flatten()
}
