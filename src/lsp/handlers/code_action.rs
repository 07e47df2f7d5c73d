//! `textDocument/codeAction`: the fixes the last check attached to each problem in
//! the requested range, as quick fixes (safe ones preferred). The edits are the
//! problems' own data; nothing here reads a message.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    TextEdit, Uri, WorkspaceEdit,
};

use crate::diagnostic::{Applicability, Fix, Problem};
use crate::lsp::conversion::{self, LineIndex};
use crate::lsp::world::World;
use crate::span::Span;

/// The quick fixes for problems in the requested range.
#[must_use]
pub(crate) fn code_actions(world: &World, params: &CodeActionParams) -> Option<CodeActionResponse> {
    let uri = &params.text_document.uri;
    let document = world.documents.get(uri)?;
    let checked = document.checked.as_ref()?;
    let wanted = document.index.span(&document.text, params.range);
    Some(actions(
        &checked.problems,
        wanted,
        uri,
        &document.text,
        &document.index,
    ))
}

/// The code actions for the fixes of every problem whose span touches `wanted`.
fn actions(
    problems: &[Problem],
    wanted: Span,
    uri: &Uri,
    text: &str,
    index: &LineIndex,
) -> Vec<CodeActionOrCommand> {
    let mut actions = Vec::new();
    for problem in problems {
        let Some((span, _)) = &problem.primary else {
            continue;
        };
        if span.end < wanted.start || wanted.end < span.start {
            continue;
        }
        for fix in &problem.fixes {
            actions.push(CodeActionOrCommand::CodeAction(action(
                fix, problem, uri, text, index,
            )));
        }
    }
    actions
}

fn action(fix: &Fix, problem: &Problem, uri: &Uri, text: &str, index: &LineIndex) -> CodeAction {
    let edits = fix
        .edits
        .iter()
        .map(|edit| TextEdit {
            range: index.range(text, edit.span),
            new_text: edit.content.clone(),
        })
        .collect();
    CodeAction {
        title: fix.title.clone(),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![conversion::diagnostic(problem, uri, text, index)]),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }),
        is_preferred: (fix.applicability == Applicability::Safe).then_some(true),
        ..CodeAction::default()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::config::Config;
    use crate::lsp::conversion::Encoding;
    use crate::source::SourceFile;

    fn uri() -> Uri {
        "untitled:t".parse().expect("uri")
    }

    fn all_actions(problems: &[Problem], text: &str) -> Vec<CodeActionOrCommand> {
        let index = LineIndex::new(text, Encoding::Utf16);
        let everywhere = Span::new(0, text.len());
        let mut found = actions(problems, everywhere, &uri(), text, &index);
        // The attached diagnostic repeats the message; compare the fixes only.
        for action in &mut found {
            if let CodeActionOrCommand::CodeAction(action) = action {
                action.diagnostics = None;
            }
        }
        found
    }

    #[test]
    fn rewording_any_message_changes_no_quick_fix() {
        for (text, kind) in crate::fixer::tests::FIXABLE {
            let source = SourceFile::new("t", *text, *kind);
            let checked = crate::pipeline::check(&source, &BTreeMap::new(), &Config::default());
            let before = all_actions(&checked.problems, text);
            assert!(!before.is_empty(), "no quick fix for {text}");
            let mut reworded = checked.problems.to_vec();
            for problem in &mut reworded {
                problem.message = "something else entirely".to_owned();
                problem.help = Some("other words".to_owned());
                if let Some((_, label)) = &mut problem.primary {
                    *label = "did you mean `nothing`?".to_owned();
                }
                for (_, label) in &mut problem.related {
                    *label = "elsewhere".to_owned();
                }
            }
            assert_eq!(all_actions(&reworded, text), before, "{text}");
        }
    }
}
