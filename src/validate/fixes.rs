//! The fixes schema problems carry: a misspelt key or value renamed, a quoted number
//! unquoted, a missing required field added with a placeholder, the entries past a
//! limit removed. Each is written the way the source writes it (ktpl or JSON, as the
//! span map says), and expects the source to read what the JSON says it does (a ktpl
//! string may come from variables; the fix then does not apply).

use serde_json::Value;

use crate::compile::Compiled;
use crate::compile::span_map::join_index;
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::kakao::fields::{Field, Kind, Shape, Slot, Ty};
use crate::locate::last_token;
use crate::prose::{self, Suggestion};
use crate::span::Span;

/// The key at `pointer` (written `from`) renamed as `suggestion` says.
pub(super) fn rename_key(
    compiled: &Compiled,
    pointer: &str,
    from: &str,
    suggestion: Suggestion,
) -> Option<Fix> {
    let span = compiled.spans.get(pointer)?.key;
    let (written, wanted) = if compiled.spans.is_json() {
        (json_string(from), json_string(suggestion.name))
    } else {
        (from.to_owned(), suggestion.name.to_owned())
    };
    Some(
        Fix::replace_name(
            Applicability::safe_if(suggestion.unique),
            span,
            from,
            suggestion.name,
            wanted,
        )
        .expecting(span, written),
    )
}

/// The value at `pointer` (shown as `found`, compact JSON) replaced by the allowed
/// value `suggestion` names (compact JSON too, which ktpl writes alike for the plain
/// strings enums hold).
pub(super) fn replace_value(
    compiled: &Compiled,
    pointer: &str,
    found: &str,
    suggestion: Suggestion,
) -> Option<Fix> {
    let span = compiled.spans.get(pointer)?.value;
    Some(
        Fix::replace_name(
            Applicability::safe_if(suggestion.unique),
            span,
            found,
            suggestion.name,
            suggestion.name,
        )
        .expecting(span, found),
    )
}

/// `"1,000"` where an integer belongs, as the number.
pub(super) fn unquote_number(compiled: &Compiled, pointer: &str, text: &str) -> Option<Fix> {
    let span = compiled.spans.get(pointer)?.value;
    let (number, thousands) = prose::integer_with_separators(text.trim())?;
    Some(
        Fix::new(
            Applicability::safe_if(thousands),
            format!("Write {number} as a number"),
            vec![Edit::replacement(span, number.to_string())],
        )
        .expecting(span, json_string(text)),
    )
}

/// The entries of the array at `pointer` past `limit` removed: unsafe, since which
/// ones to keep is the author's call and removing them loses what was written.
pub(super) fn remove_past_limit(
    compiled: &Compiled,
    pointer: &str,
    limit: usize,
    count: usize,
    node_name: &str,
) -> Option<Fix> {
    let extra = count.checked_sub(limit).filter(|n| *n > 0)?;
    let node = |index: usize| {
        compiled
            .spans
            .get(&join_index(pointer, index))
            .map(|o| o.node)
    };
    let (edits, title) = if compiled.spans.is_json() {
        // One cut from the end of the last kept entry takes the commas with it.
        let kept = node(limit.checked_sub(1)?)?;
        let last = node(count - 1)?;
        let title = format!(
            "Remove the {} past the limit",
            prose::count(extra as u64, &format!("entry of `{}`", last_token(pointer)))
                .replace("entrys", "entries")
        );
        (vec![Edit::deletion(Span::new(kept.end, last.end))], title)
    } else {
        let edits: Option<Vec<Edit>> = (limit..count)
            .map(|index| node(index).map(Edit::deletion))
            .collect();
        let title = if extra == 1 {
            format!("Remove the `{node_name}` past the limit")
        } else {
            format!("Remove the {extra} `{node_name}` nodes past the limit")
        };
        (edits?, title)
    };
    Some(Fix::unsafe_(title, edits))
}

/// `property` added to the object at `pointer` with a placeholder value to replace:
/// unsafe, since the placeholder is not what the author means.
pub(super) fn add_required(compiled: &Compiled, pointer: &str, property: &str) -> Option<Fix> {
    let block = compiled.spans.get(pointer)?.value;
    let kind = kind_at(&compiled.value, pointer)?;
    let field = kind
        .fields()
        .iter()
        .filter(|field| field.json_keys().contains(&property))
        .min_by_key(|field| field.name != property)?;
    let line = if compiled.spans.is_json() {
        let object = compiled.value.pointer(pointer)?.as_object()?;
        let comma = if object.is_empty() { "" } else { "," };
        format!(
            "\n  {}: {}{comma}",
            json_string(property),
            json_placeholder(field, property)?
        )
    } else {
        format!("\n  {}", ktpl_placeholder(field))
    };
    let open = Span::new(block.start, block.start + 1);
    Some(
        Fix::unsafe_(
            format!("Add `{}` with a placeholder", field.name),
            vec![Edit::insertion(block.start + 1, line)],
        )
        .expecting(open, "{"),
    )
}

/// The kind of block the object at `pointer` is, read down from the template's type.
fn kind_at(root: &Value, pointer: &str) -> Option<Kind> {
    let mut kind = Kind::template(root.get("object_type")?.as_str()?)?;
    let mut at = String::new();
    for token in pointer.split('/').skip(1) {
        at.push('/');
        at.push_str(token);
        if token.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let key = last_token(&at);
        kind = kind.fields().iter().find_map(|field| match field.shape {
            Shape::Object { key: k, kind, .. } if k == key => Some(kind),
            _ => None,
        })?;
    }
    Some(kind)
}

/// A ktpl line giving `field` a value to replace.
fn ktpl_placeholder(field: &Field) -> String {
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
        // Its fields come by the next round's fixes, one line each.
        Shape::Object { .. } => format!("{name} {{\n  }}"),
        Shape::Flat { .. } => format!("{name} \"...\""),
    }
}

/// A JSON value for `property`, written by `field`.
fn json_placeholder(field: &Field, property: &str) -> Option<String> {
    const LINK: &str = r#"{"web_url": "https://example.com"}"#;
    let scalar = |ty: Ty| match ty {
        Ty::Str if property.ends_with("_url") => "\"https://example.com\"".to_owned(),
        Ty::Str => "\"...\"".to_owned(),
        Ty::Int | Ty::Rate => "0".to_owned(),
    };
    Some(match field.shape {
        Shape::Scalar(_, ty) => scalar(ty),
        Shape::Object { kind, repeat, .. } => {
            let object = match kind {
                Kind::Link => LINK.to_owned(),
                Kind::Button => format!(r#"{{"title": "Open", "link": {LINK}}}"#),
                Kind::ItemInfo => r#"{"item": "...", "item_op": "..."}"#.to_owned(),
                // Its fields come by the next round's fixes, one line each.
                _ if !repeat => "{\n  }".to_owned(),
                _ => "{}".to_owned(),
            };
            if repeat {
                format!("[{object}]")
            } else {
                object
            }
        }
        Shape::Flat { positional, keyed } => {
            let slot = positional
                .iter()
                .chain(keyed.iter().map(|(_, slot)| slot))
                .find(|slot| slot.keys().contains(&property))?;
            match slot {
                Slot::Key(_, ty) => scalar(*ty),
                Slot::Size(..) => "0".to_owned(),
                Slot::Both(..) => scalar(Ty::Str),
                Slot::Link(_) => LINK.to_owned(),
            }
        }
    })
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use crate::code::Code;
    use crate::config::Config;
    use crate::diagnostic::{Applicability, Problem, apply};
    use crate::source::{SourceFile, SourceKind};

    fn problems(text: &str, kind: SourceKind) -> Vec<Problem> {
        let source = SourceFile::new("t", text, kind);
        crate::pipeline::check(&source, &BTreeMap::new(), &Config::default())
            .problems
            .into_vec()
    }

    fn fix(text: &str, kind: SourceKind, code: Code) -> (String, Applicability) {
        let found = problems(text, kind);
        let problem = found
            .iter()
            .find(|p| p.code == code)
            .unwrap_or_else(|| panic!("no {code:?} in {found:?}"));
        let fix = problem
            .fixes
            .first()
            .unwrap_or_else(|| panic!("no fix: {problem:?}"));
        let edits: Vec<_> = fix.edits.iter().collect();
        (apply(text, &edits), fix.applicability)
    }

    #[test]
    fn a_real_field_is_never_renamed_to_a_missing_one() {
        // Issue 16 §6: `header_link` is no typo of the missing `header_title`.
        let text = "list {\n  header_link \"https://example.com\"\n  content { title \"a\" link \"https://example.com/a\" }\n  content { title \"b\" link \"https://example.com/b\" }\n}\n";
        let found = problems(text, SourceKind::Ktpl);
        let required = found
            .iter()
            .find(|p| p.code == Code::SchemaRequired)
            .expect("header_title is missing");
        let (_, label) = required.primary.clone().expect("span");
        assert_eq!(label, "this has no `header_title`");
        assert!(!required.help.as_deref().unwrap_or("").contains("rename"));
        let (fixed, applicability) = fix(text, SourceKind::Ktpl, Code::SchemaRequired);
        assert_eq!(applicability, Applicability::Unsafe);
        assert!(
            fixed.contains("header_link \"https://example.com\""),
            "{fixed}"
        );
        assert!(fixed.contains("  header_title \"...\"\n"), "{fixed}");
    }

    #[test]
    fn a_misspelt_required_key_is_renamed_in_json() {
        let text = r#"{"objecttype": "text", "text": "hi", "link": {"web_url": "https://a.kr"}}"#;
        let (fixed, applicability) = fix(text, SourceKind::Json, Code::SchemaRequired);
        assert_eq!(applicability, Applicability::Safe);
        assert!(fixed.starts_with(r#"{"object_type": "text""#), "{fixed}");
    }

    #[test]
    fn json_fixes_write_json() {
        let text = "{\n  \"object_type\": \"commerce\",\n  \"content\": {\"titel\": \"a\", \"link\": {\"web_url\": \"https://a.kr\"}},\n  \"commerce\": {\"regular_price\": \"1,000\"}\n}";
        let (fixed, _) = fix(text, SourceKind::Json, Code::SchemaUnknownField);
        assert!(fixed.contains("{\"title\": \"a\""), "{fixed}");
        let (fixed, applicability) = fix(text, SourceKind::Json, Code::SchemaType);
        assert_eq!(applicability, Applicability::Safe);
        assert!(fixed.contains("\"regular_price\": 1000}"), "{fixed}");
        let text = r#"{"object_type": "text", "text": "hi"}"#;
        let (fixed, _) = fix(text, SourceKind::Json, Code::SchemaRequired);
        assert_eq!(
            fixed,
            "{\n  \"link\": {\"web_url\": \"https://example.com\"},\"object_type\": \"text\", \"text\": \"hi\"}"
        );
    }

    #[test]
    fn buttons_past_the_limit_go_with_their_commas() {
        let button = r#"{"title": "b", "link": {"web_url": "https://a.kr"}}"#;
        let text = format!(
            r#"{{"object_type": "text", "text": "hi", "link": {{"web_url": "https://a.kr"}}, "buttons": [{button}, {button}, {button}, {button}]}}"#
        );
        let (fixed, applicability) = fix(&text, SourceKind::Json, Code::SchemaTooMany);
        assert_eq!(applicability, Applicability::Unsafe);
        assert!(
            fixed.ends_with(&format!("[{button}, {button}]}}")),
            "{fixed}"
        );
        assert!(problems(&fixed, SourceKind::Json).is_empty());
    }
}
