//! The problems the compiler reports, each built in one place: unknown names, wrong
//! types, bad arguments and fields given twice, with their labels and help.

use super::fields::{Kind, hint_for_name};
use crate::code::Code;
use crate::diagnostic::Problem;
use crate::prose;
use crate::span::Span;
use crate::syntax::ast::{self, Ident, Node, ValueKind};

/// A template keyword that is not one of the six types.
pub(super) fn unknown_template(name: &Ident) -> Problem {
    let names: Vec<&str> = Kind::TEMPLATES.iter().map(|k| k.name()).collect();
    let suggestion = prose::closest(name.text, names.iter().copied());
    Problem::new(
        Code::CompileUnknownTemplate,
        format!("unknown template type `{}`", name.text),
    )
    .at(
        name.span,
        suggestion.map_or("not a template type".to_owned(), |s| {
            format!("did you mean `{s}`?")
        }),
    )
    .help(format!("a template is one of {}", prose::one_of(&names)))
}

/// `key=value` naming a field that is a block or sugar, not a scalar.
pub(super) fn not_key_value(key: &Ident, node: Span) -> Problem {
    Problem::new(
        Code::CompileBadArguments,
        format!("`{}` cannot be given as `key=value`", key.text),
    )
    .at(node, "not a simple field")
    .help(format!(
        "write it as a node inside the block: `{} ...`",
        key.text
    ))
}

/// A node given no value; `help` says how it is written.
pub(super) fn needs_value(node: &Node, help: String) -> Problem {
    Problem::new(
        Code::CompileBadArguments,
        format!("`{}` needs a value", node.name.text),
    )
    .at(node.name.span, "no value given")
    .help(help)
}

/// `key` set a second time (at `again`) in an object of `kind`.
pub(super) fn duplicate_field(kind: Kind, key: &str, first: Span, again: Span) -> Problem {
    Problem::new(
        Code::CompileDuplicateField,
        format!("`{key}` is set twice in `{}`", kind.name()),
    )
    .at(again, "set again here")
    .also(first, "first set here")
    .help(format!("keep one of the two; `{key}` holds one value"))
}

/// A name that is no field of `kind`: a typo, or a field of another block.
pub(super) fn unknown_field(kind: Kind, name: &Ident) -> Problem {
    let allowed: Vec<&str> = kind.fields().iter().map(|f| f.name).collect();
    let takes = format!("`{}` takes {}", kind.name(), prose::one_of(&allowed));
    let owners: Vec<&str> = Kind::owners_of(name.text)
        .into_iter()
        .map(Kind::name)
        .filter(|owner| *owner != kind.name())
        .collect();
    let hint = hint_for_name(kind, name.text);
    if !owners.is_empty() && hint.is_none() {
        return Problem::new(
            Code::CompileWrongBlock,
            format!("`{}` does not belong in `{}`", name.text, kind.name()),
        )
        .at(name.span, format!("not a field of `{}`", kind.name()))
        .help(format!(
            "`{}` is a field of {}; {takes}",
            name.text,
            prose::one_of(&owners)
        ));
    }
    let suggestion = prose::closest(name.text, allowed.iter().copied());
    let label = suggestion.map_or_else(
        || "unknown field".to_owned(),
        |s| format!("did you mean `{s}`?"),
    );
    let help = match hint {
        Some(hint) => format!("{hint}; {takes}"),
        None => takes,
    };
    Problem::new(
        Code::CompileUnknownField,
        format!("unknown field `{}` in `{}`", name.text, kind.name()),
    )
    .at(name.span, label)
    .help(help)
}

pub(super) fn wrong_type(
    span: Span,
    expected: &str,
    found: &ValueKind,
    field: &str,
    help: Option<String>,
) -> Problem {
    Problem::new(
        Code::CompileWrongType,
        format!("`{field}` expects {expected}, found {}", found.describe()),
    )
    .at(span, format!("expected {expected}"))
    .maybe_help(help)
}

pub(super) fn too_many_values(node: &Node, value: &ast::Value, takes: usize) -> Problem {
    Problem::new(
        Code::CompileBadArguments,
        format!(
            "`{}` takes {}",
            node.name.text,
            if takes == 0 {
                "no positional values".to_owned()
            } else {
                format!("at most {}", prose::count(takes as u64, "value"))
            }
        ),
    )
    .at(value.span, "unexpected value")
    .help(format!(
        "{}; put other fields on their own line",
        example_for(node.name.text)
    ))
}

pub(super) fn unknown_key(node: &Node, key: &Ident, allowed: &[&str]) -> Problem {
    let help = if allowed.is_empty() {
        format!(
            "`{}` takes one value and no `key=value` arguments",
            node.name.text
        )
    } else {
        format!("`{}` takes {}", node.name.text, prose::one_of(allowed))
    };
    let label = prose::closest(key.text, allowed.iter().copied())
        .map_or("unknown argument".to_owned(), |s| {
            format!("did you mean `{s}`?")
        });
    Problem::new(
        Code::CompileBadArguments,
        format!("unknown argument `{}` on `{}`", key.text, node.name.text),
    )
    .at(key.span, label)
    .help(help)
}

pub(super) fn no_block(node: &Node, span: Span) -> Problem {
    Problem::new(
        Code::CompileBadArguments,
        format!("`{}` takes no block", node.name.text),
    )
    .at(span, "unexpected block")
    .help(example_for(node.name.text))
}

/// How a node is written, for help lines.
pub(super) fn example_for(name: &str) -> String {
    match name {
        "image" => "write `image \"https://...\" 640x640`".to_owned(),
        "profile" => "write `profile \"Name\" image=\"https://...\"`".to_owned(),
        "title_image" => {
            "write `title_image \"https://...\" text=\"...\" category=\"...\"`".to_owned()
        }
        "sum" => "write `sum \"Total\" \"15,000 won\"`".to_owned(),
        "item" => "write `item \"Name\" \"1,000원\"`".to_owned(),
        "button" => {
            "write `button \"Title\" \"https://...\"` or `button \"Title\" { link ... }`".to_owned()
        }
        "link" | "header_link" => {
            format!("write `{name} \"https://...\"` or `{name} web=\"...\" mobile=\"...\"`")
        }
        other => format!("write `{other} \"...\"`"),
    }
}
