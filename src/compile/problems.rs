//! The problems the compiler reports, each built in one place: unknown names, wrong
//! types, bad arguments and fields given twice, with their labels and help.

use super::hints::hint_for_name;
use crate::code::Code;
use crate::diagnostic::{Applicability, Edit, Fix, Problem};
use crate::kakao::fields::{Field, Kind, Shape};
use crate::prose::{self, Suggestion};
use crate::span::Span;
use crate::syntax::ast::{self, Arg, Ident, Node, StrPart, ValueKind};

/// A template keyword that is not one of the six types.
pub(super) fn unknown_template(name: &Ident) -> Problem {
    let names: Vec<&str> = Kind::TEMPLATES.iter().map(|k| k.name()).collect();
    let suggestion = prose::suggest(name.text, &names, &[]);
    Problem::new(
        Code::CompileUnknownTemplate,
        format!("unknown template type `{}`", name.text),
    )
    .at(
        name.span,
        suggestion.map_or("not a template type".to_owned(), |s| s.label()),
    )
    .help(format!("a template is one of {}", prose::one_of(&names)))
    .maybe_fix(suggestion.map(|s| rename(name, s)))
}

/// The fix taking a suggestion for a name written in ktpl.
fn rename(name: &Ident, suggestion: Suggestion) -> Fix {
    Fix::replace_name(
        Applicability::safe_if(suggestion.unique),
        name.span,
        name.text,
        suggestion.name,
        suggestion.name,
    )
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

/// `key` set a second time (at `again`) in an object of `kind`. `removal` is the node
/// or `key=value` to remove, and whether it only repeats the first value (then
/// removing it changes nothing; otherwise which value was meant is the author's call).
pub(super) fn duplicate_field(
    kind: Kind,
    key: &str,
    first: Span,
    again: Span,
    removal: Option<(Span, bool)>,
) -> Problem {
    Problem::new(
        Code::CompileDuplicateField,
        format!("`{key}` is set twice in `{}`", kind.name()),
    )
    .at(again, "set again here")
    .also(first, "first set here")
    .help(format!("keep one of the two; `{key}` holds one value"))
    .maybe_fix(removal.map(|(span, repeats)| {
        Fix::new(
            Applicability::safe_if(repeats),
            format!("Remove the second `{key}`"),
            vec![Edit::deletion(span)],
        )
    }))
}

/// `"1,000"` where an integer belongs, written as the number: safe when the quoted
/// text is plainly one (no variables, commas grouping thousands).
pub(super) fn unquote_number(value: &ast::Value) -> Option<Fix> {
    let ValueKind::Str(parts) = &value.kind else {
        return None;
    };
    let mut text = String::new();
    for part in parts {
        match part {
            StrPart::Text(piece) => text.push_str(piece),
            StrPart::Var(..) => return None,
        }
    }
    let (number, thousands) = prose::integer_with_separators(text.trim())?;
    Some(Fix::new(
        Applicability::safe_if(thousands),
        format!("Write {number} as a number"),
        vec![Edit::replacement(value.span, number.to_string())],
    ))
}

/// `30%` where an integer belongs, without the `%`: unsafe, since 30 won is not 30%.
pub(super) fn drop_percent(span: Span, number: i64) -> Fix {
    Fix::unsafe_(
        format!("Write {number} without `%`"),
        vec![Edit::replacement(span, number.to_string())],
    )
}

/// A number or size where text belongs, quoted: unsafe, since the number as text may
/// not be the words meant (`1_000` becomes `"1000"`).
pub(super) fn quote_literal(value: &ast::Value) -> Option<Fix> {
    let text = match value.kind {
        ValueKind::Int(n) => n.to_string(),
        ValueKind::Percent(n) => format!("{n}%"),
        ValueKind::Size(width, height) => format!("{width}x{height}"),
        ValueKind::Str(_) => return None,
    };
    Some(Fix::unsafe_(
        format!("Put `{text}` in quotes"),
        vec![Edit::replacement(value.span, format!("\"{text}\""))],
    ))
}

/// A name that is no field of `kind`: a typo, or a field of another block.
pub(super) fn unknown_field(kind: Kind, parent: &Node, name: &Ident) -> Problem {
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
    let suggestion = prose::suggest(name.text, &allowed, &taken(kind, parent));
    let label = suggestion.map_or_else(|| "unknown field".to_owned(), |s| s.label());
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
    .maybe_fix(suggestion.map(|s| rename(name, s)))
}

/// The fields of `kind` that `parent` already sets, by its arguments or block: a
/// typo renamed to one of them (or to sugar writing one of its keys) would set a
/// key twice. Fields that repeat (`button`) are never taken.
fn taken(kind: Kind, parent: &Node) -> Vec<&'static str> {
    let positional = parent
        .args
        .iter()
        .filter(|arg| matches!(arg, Arg::Positional(_)))
        .count();
    let mut keys: Vec<&str> = kind
        .positional()
        .iter()
        .take(positional)
        .flat_map(|slot| slot.keys())
        .collect();
    let names = parent
        .args
        .iter()
        .filter_map(|arg| match arg {
            Arg::Keyed { key, .. } => Some(key.text),
            Arg::Positional(_) => None,
        })
        .chain(
            parent
                .block
                .iter()
                .flat_map(|block| block.nodes.iter().map(|node| node.name.text)),
        );
    for name in names {
        keys.extend(kind.field(name).map(Field::json_keys).unwrap_or_default());
    }
    kind.fields()
        .iter()
        .filter(|field| !matches!(field.shape, Shape::Object { repeat: true, .. }))
        .filter(|field| field.json_keys().iter().any(|key| keys.contains(key)))
        .map(|field| field.name)
        .collect()
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
    let given: Vec<&str> = node
        .args
        .iter()
        .filter_map(|arg| match arg {
            Arg::Keyed { key, .. } => Some(key.text),
            Arg::Positional(_) => None,
        })
        .collect();
    let suggestion = prose::suggest(key.text, allowed, &given);
    let label = suggestion.map_or("unknown argument".to_owned(), |s| s.label());
    Problem::new(
        Code::CompileBadArguments,
        format!("unknown argument `{}` on `{}`", key.text, node.name.text),
    )
    .at(key.span, label)
    .help(help)
    .maybe_fix(suggestion.map(|s| rename(key, s)))
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
