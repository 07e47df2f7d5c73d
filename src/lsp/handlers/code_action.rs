//! `textDocument/codeAction`: quick fixes for the problems the last check found:
//! take the did-you-mean, remove a field given twice (a ktpl node or argument, or a
//! JSON member) or the nodes past a limit, add a missing required field with a
//! placeholder, unquote a quoted number.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    TextEdit, Uri, WorkspaceEdit,
};

use crate::code::Code;
use crate::compile::fields::{Field, Kind, Shape, Ty};
use crate::diagnostic::Problem;
use crate::lsp::context;
use crate::lsp::conversion;
use crate::lsp::outline::{self, Arg, Node};
use crate::lsp::world::{Document, World};
use crate::source::SourceKind;
use crate::span::Span;

/// One fix: what the editor offers, and the edits.
struct Fix {
    title: String,
    edits: Vec<(Span, String)>,
    preferred: bool,
}

/// The quick fixes for problems in the requested range.
#[must_use]
pub fn code_actions(world: &World, params: &CodeActionParams) -> Option<CodeActionResponse> {
    let uri = &params.text_document.uri;
    let document = world.documents.get(uri)?;
    let checked = document.checked.as_ref()?;
    let wanted = document.index.span(&document.text, params.range);
    let mut actions = Vec::new();
    for problem in &checked.problems.0 {
        let Some((span, _)) = &problem.primary else {
            continue;
        };
        if span.end < wanted.start || wanted.end < span.start {
            continue;
        }
        for fix in fixes(problem, document) {
            actions.push(CodeActionOrCommand::CodeAction(action(
                fix, problem, uri, document,
            )));
        }
    }
    Some(actions)
}

fn action(fix: Fix, problem: &Problem, uri: &Uri, document: &Document) -> CodeAction {
    let edits = fix
        .edits
        .into_iter()
        .map(|(span, new_text)| TextEdit {
            range: document.index.range(&document.text, span),
            new_text,
        })
        .collect();
    CodeAction {
        title: fix.title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![conversion::diagnostic(
            problem,
            uri,
            &document.text,
            &document.index,
        )]),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }),
        is_preferred: fix.preferred.then_some(true),
        ..CodeAction::default()
    }
}

fn fixes(problem: &Problem, document: &Document) -> Vec<Fix> {
    let text = document.text.as_str();
    let Some((span, label)) = &problem.primary else {
        return Vec::new();
    };
    let mut fixes = Vec::new();
    if let Some(suggested) = suggestion(label) {
        let written = span.read(text);
        let replacement = if written.starts_with('"') && !suggested.starts_with('"') {
            format!("\"{suggested}\"")
        } else {
            suggested.to_owned()
        };
        fixes.push(Fix {
            title: format!("Replace with {replacement}"),
            edits: vec![(*span, replacement)],
            preferred: true,
        });
    }
    if matches!(problem.code, Code::CompileWrongType | Code::SchemaType)
        && let Some(number) = quoted_number(span.read(text))
    {
        fixes.push(Fix {
            title: format!("Write {number} as a number"),
            edits: vec![(*span, number)],
            preferred: true,
        });
    }
    // Read from the outline the check kept (a text that does not parse has none).
    if document.kind == SourceKind::Ktpl
        && let Some(fix) =
            context::with_parsed(text, document.known(), |parsed| match problem.code {
                Code::CompileDuplicateField => remove_duplicate(parsed, *span, text),
                Code::SchemaTooMany => remove_past_limit(parsed, *span, text),
                Code::SchemaRequired => add_required(parsed, *span, &problem.message, text),
                _ => None,
            })
            .flatten()
    {
        fixes.push(fix);
    }
    if document.kind == SourceKind::Json && problem.code == Code::JsonDuplicateKey {
        fixes.extend(remove_json_member(problem, text));
    }
    fixes
}

/// Removes the JSON member a duplicate-key problem points at (the second one), with
/// the comma that joined it to the one before.
fn remove_json_member(problem: &Problem, text: &str) -> Option<Fix> {
    let (key, _) = problem.primary.as_ref()?;
    let (spans, _) = crate::json_input::locate(text);
    // The span map keeps the later of two members with one pointer: the duplicate.
    let member = spans
        .get(problem.pointer.as_deref()?)
        .filter(|origin| origin.key == *key)?
        .node;
    let before = text[..member.start].trim_end();
    let span = if let Some(comma) = before.strip_suffix(',') {
        Span::new(comma.len(), member.end)
    } else {
        let after = &text[member.end..];
        let rest = after.trim_start();
        let end = match rest.strip_prefix(',') {
            Some(tail) => text.len() - tail.trim_start().len(),
            None => member.end,
        };
        Span::new(member.start, end)
    };
    Some(Fix {
        title: format!("Remove the second {}", key.read(text)),
        edits: vec![(span, String::new())],
        preferred: false,
    })
}

/// The replacement a "did you mean `x`?" label (or "did you mean "x"?" for JSON
/// values) offers; the diagnostics write it in these two forms only.
fn suggestion(label: &str) -> Option<&str> {
    let rest = label.strip_prefix("did you mean ")?.strip_suffix('?')?;
    Some(
        rest.strip_prefix('`')
            .and_then(|r| r.strip_suffix('`'))
            .unwrap_or(rest),
    )
}

/// `"1,000"` as `1000`, when the quoted text is an integer.
fn quoted_number(written: &str) -> Option<String> {
    let inner = written.strip_prefix('"')?.strip_suffix('"')?;
    let digits = inner.replace([',', '_'], "");
    digits.parse::<i64>().ok().map(|n| n.to_string())
}

/// Removes the second of two nodes (or `key=value` arguments) setting one field.
fn remove_duplicate(parsed: &outline::Document, again: Span, text: &str) -> Option<Fix> {
    let mut found = None;
    context::walk(parsed, &mut |_, node, _| {
        if node.name.span == again {
            found = Some((node.name.text.as_str(), whole_lines(node.span, text)));
        }
        for arg in &node.args {
            if let Arg::Keyed { key, value } = arg
                && key.span == again
            {
                let span = key.span.to(value.span);
                let start = text[..span.start].trim_end_matches([' ', '\t']).len();
                found = Some((key.text.as_str(), Span::new(start, span.end)));
            }
        }
    });
    let (name, span) = found?;
    Some(Fix {
        title: format!("Remove the second `{name}`"),
        edits: vec![(span, String::new())],
        preferred: false,
    })
}

/// Removes the first node past a list's limit and the same nodes after it.
fn remove_past_limit(parsed: &outline::Document, first: Span, text: &str) -> Option<Fix> {
    let mut found = None;
    context::walk(parsed, &mut |_, node, siblings| {
        if node.span == first {
            let spans: Vec<Span> = siblings
                .iter()
                .filter(|s| s.name.text == node.name.text && s.span.start >= node.span.start)
                .map(|s| whole_lines(s.span, text))
                .collect();
            found = Some((node.name.text.as_str(), spans));
        }
    });
    let (name, spans) = found?;
    let title = if spans.len() == 1 {
        format!("Remove the `{name}` past the limit")
    } else {
        format!("Remove the {} `{name}` nodes past the limit", spans.len())
    };
    Some(Fix {
        title,
        edits: spans
            .into_iter()
            .map(|span| (span, String::new()))
            .collect(),
        preferred: false,
    })
}

/// Adds the missing field named in a `required` problem to the block at `header`.
fn add_required(
    parsed: &outline::Document,
    header: Span,
    message: &str,
    text: &str,
) -> Option<Fix> {
    let property = message.rsplit('`').nth(1)?;
    let mut found: Option<(Kind, &Node)> = None;
    let template = &parsed.template;
    if template.name.span == header {
        found = Kind::template(&template.name.text).map(|kind| (kind, template));
    }
    context::walk(parsed, &mut |parent, node, _| {
        if node.name.span == header
            && let Some(Shape::Object { kind, .. }) = parent
                .and_then(|p| p.field(&node.name.text))
                .map(|f| f.shape)
        {
            found = Some((kind, node));
        }
    });
    let (kind, node) = found?;
    let block = node.block.as_ref()?;
    let field = kind
        .fields()
        .iter()
        .filter(|f| f.json_keys().contains(&property))
        .min_by_key(|f| f.name != property)?;
    let line_start = text[..node.span.start].rfind('\n').map_or(0, |i| i + 1);
    let indent: String = text[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let line = placeholder(field);
    Some(Fix {
        title: format!("Add `{}` with a placeholder", field.name),
        edits: vec![(
            Span::new(block.span.start + 1, block.span.start + 1),
            format!("\n{indent}  {line}"),
        )],
        preferred: true,
    })
}

/// A line that gives `field` a value to replace.
fn placeholder(field: &Field) -> String {
    let name = field.name;
    match field.shape {
        Shape::Scalar(key, Ty::Str) if key.ends_with("_url") => {
            format!("{name} \"https://example.com\"")
        }
        Shape::Scalar(_, Ty::Str) => format!("{name} \"...\""),
        Shape::Scalar(_, Ty::Int | Ty::Rate) => format!("{name} 0"),
        Shape::Object {
            kind: Kind::Link, ..
        } => format!("{name} \"https://example.com\""),
        Shape::Object {
            kind: Kind::Button, ..
        } => format!("{name} \"Open\" \"https://example.com\""),
        Shape::Object {
            kind: Kind::ItemInfo,
            ..
        } => format!("{name} \"...\" \"...\""),
        Shape::Object { .. } => format!("{name} {{ }}"),
        Shape::Flat { .. } => format!("{name} \"...\""),
    }
}

/// A node's span grown to its whole lines when nothing else is on them, so removing
/// it leaves no blank line.
fn whole_lines(span: Span, text: &str) -> Span {
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    let alone = text[line_start..span.start].trim().is_empty()
        && text[span.end..line_end].trim().is_empty();
    if alone {
        Span::new(line_start, (line_end + 1).min(text.len()))
    } else {
        span
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_read_in_both_forms() {
        assert_eq!(suggestion("did you mean `title`?"), Some("title"));
        assert_eq!(suggestion("did you mean \"event\"?"), Some("\"event\""));
        assert_eq!(suggestion("unknown field"), None);
    }

    #[test]
    fn quoted_numbers() {
        assert_eq!(quoted_number("\"1,000\""), Some("1000".to_owned()));
        assert_eq!(quoted_number("\"abc\""), None);
        assert_eq!(quoted_number("1000"), None);
    }

    #[test]
    fn removal_takes_whole_lines_only_when_alone() {
        let text = "a {\n  b 1\n  c 2\n}";
        let b = text.find("b 1").expect("b");
        assert_eq!(whole_lines(Span::new(b, b + 3), text).read(text), "  b 1\n");
        let text = "a { b 1 c 2 }";
        let b = text.find("b 1").expect("b");
        assert_eq!(whole_lines(Span::new(b, b + 3), text).read(text), "b 1");
    }
}
