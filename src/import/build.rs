//! A valid REST template to the printer's tree, reading the field table: each key is
//! written with the sugar that covers it (`link "url"`, `image "url" 640x640`,
//! `button "Title" "url"`, `social like=...`, `item`, `sum`, `30%`), in Kakao's order.
//!
//! The rules, all derived from `compile/fields.rs`: a key is written by the sugar whose
//! first value is that key, else by the object node or plain field of that name. An
//! object node takes as many positional values as its kind defines and that the JSON
//! has; what is left goes into `alias=value` arguments when every remaining key has a
//! short alias (`link web=...`, `social like=...`), else into a block.
//!
//! Values read from application code may be known only when the code runs (`dynamic`,
//! by pointer): a text is written with its `${variables}`; anywhere else such a value is
//! an error, since a ktpl variable only ever holds text.

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::code::Code;
use crate::compile::span_map::{SpanMap, join, join_index};
use crate::diagnostic::Problem;
use crate::fmt::literal;
use crate::fmt::tree::{Arg, Block, Item, Literal, Node};
use crate::kakao::fields::{Kind, Shape, Slot, Ty};

use super::dynamic::{Dynamic, TextPart};

/// Writes templates; collects what it cannot write.
pub(crate) struct Builder<'a> {
    spans: &'a SpanMap,
    /// `let` variables: (name, URL prefix), longest prefix first.
    prefixes: &'a [(String, String)],
    /// The values known only when the code runs, by pointer.
    dynamic: &'a Dynamic,
    pub(crate) problems: Vec<Problem>,
}

impl<'a> Builder<'a> {
    pub(crate) fn new(
        spans: &'a SpanMap,
        prefixes: &'a [(String, String)],
        dynamic: &'a Dynamic,
    ) -> Self {
        Builder {
            spans,
            prefixes,
            dynamic,
            problems: Vec::new(),
        }
    }

    /// The template node.
    pub(crate) fn template(&mut self, value: &Value) -> Option<Node> {
        let map = value.as_object()?;
        let kind = Kind::template(map.get("object_type")?.as_str()?)?;
        let items = self.items(kind, map, "", &["object_type"]);
        let mut node = Node::new(kind.name(), Vec::new());
        node.block = Some(Block {
            items,
            dangling: Vec::new(),
        });
        Some(node)
    }

    /// The child nodes writing `map` (an object of `kind`), but the keys in `skip`.
    fn items(
        &mut self,
        kind: Kind,
        map: &Map<String, Value>,
        pointer: &str,
        skip: &[&str],
    ) -> Vec<Item> {
        let mut done: HashSet<&str> = skip.iter().copied().collect();
        let mut items = Vec::new();
        for &key in kind.keys() {
            if done.contains(key) || !map.contains_key(key) {
                continue;
            }
            if let Some((node, used)) = self.sugar(kind, key, map, pointer) {
                done.extend(used);
                items.push(Item::node(node));
                continue;
            }
            done.insert(key);
            let field_pointer = join(pointer, key);
            let value = &map[key];
            let object = kind.fields().iter().find_map(|field| match field.shape {
                Shape::Object {
                    key: k,
                    kind,
                    repeat,
                } if k == key => Some((field.name, kind, repeat)),
                _ => None,
            });
            if let Some((name, child_kind, repeat)) = object {
                if repeat {
                    match value.as_array() {
                        Some(elements) if !elements.is_empty() => {
                            for (index, element) in elements.iter().enumerate() {
                                let at = join_index(&field_pointer, index);
                                if let Some(node) = self.object_node(name, child_kind, element, &at)
                                {
                                    items.push(Item::node(node));
                                }
                            }
                        }
                        _ => self.unwritable(
                            &field_pointer,
                            Some("a list"),
                            format!("`{key}` is not a list ktpl can write"),
                            format!(
                                "ktpl writes one `{name}` node per entry; remove an empty `{key}`"
                            ),
                        ),
                    }
                } else if let Some(node) = self.object_node(name, child_kind, value, &field_pointer)
                {
                    items.push(Item::node(node));
                }
                continue;
            }
            let scalar = kind.fields().iter().find_map(|field| match field.shape {
                Shape::Scalar(k, ty) if k == key && field.name == key => Some(ty),
                _ => None,
            });
            match scalar {
                Some(ty) => {
                    if let Some(literal) = self.scalar(ty, value, &field_pointer) {
                        items.push(Item::node(Node::new(key, vec![Arg::positional(literal)])));
                    }
                }
                None => self.unwritable(
                    &field_pointer,
                    None,
                    format!("ktpl has no field `{key}` in `{}`", kind.name()),
                    "remove it, or write the template by hand",
                ),
            }
        }
        for key in map.keys() {
            if !done.contains(key.as_str()) {
                self.unwritable(
                    &join(pointer, key),
                    None,
                    format!("ktpl has no field `{key}` in `{}`", kind.name()),
                    "this key is not part of Kakao's default templates; remove it",
                );
            }
        }
        items
    }

    /// Sugar whose first value is `key` (`image`, `profile`, `title_image`, `sum`), with
    /// the keys it writes (or reported it could not).
    fn sugar(
        &mut self,
        kind: Kind,
        key: &str,
        map: &Map<String, Value>,
        pointer: &str,
    ) -> Option<(Node, Vec<&'static str>)> {
        let (name, positional, keyed) = kind.fields().iter().find_map(|field| match field.shape {
            Shape::Flat { positional, keyed }
                if matches!(positional.first(), Some(Slot::Key(k, _)) if *k == key) =>
            {
                Some((field.name, positional, keyed))
            }
            _ => None,
        })?;
        let mut args = Vec::new();
        let mut used = Vec::new();
        for slot in positional {
            match *slot {
                Slot::Key(k, ty) if map.contains_key(k) => {
                    // A value of the wrong type is reported once, here, and its key
                    // counts as written so that no other path reports it again.
                    if let Some(value) = self.scalar(ty, &map[k], &join(pointer, k)) {
                        args.push(Arg::positional(value));
                    }
                    used.push(k);
                }
                Slot::Size(w, h) => {
                    match (
                        map.get(w).and_then(Value::as_u64),
                        map.get(h).and_then(Value::as_u64),
                    ) {
                        (Some(width), Some(height)) => {
                            args.push(Arg::positional(literal::size(width, height)));
                            used.extend([w, h]);
                        }
                        _ => break,
                    }
                }
                _ => break,
            }
        }
        for (alias, slot) in keyed {
            if let Slot::Key(k, ty) = *slot
                && map.contains_key(k)
                && !used.contains(&k)
            {
                if let Some(value) = self.scalar(ty, &map[k], &join(pointer, k)) {
                    args.push(Arg::keyed(*alias, value));
                }
                used.push(k);
            }
        }
        Some((Node::new(name, args), used))
    }

    /// A node writing the object `value` of `kind`.
    fn object_node(
        &mut self,
        name: &str,
        kind: Kind,
        value: &Value,
        pointer: &str,
    ) -> Option<Node> {
        let Some(map) = value.as_object() else {
            self.unwritable(
                pointer,
                Some("an object"),
                format!("`{name}` is not an object"),
                "give it an object, like `{...}`",
            );
            return None;
        };
        let mut args = Vec::new();
        let mut used: Vec<&str> = Vec::new();
        for slot in kind.positional() {
            match *slot {
                Slot::Key(k, ty) if map.contains_key(k) => {
                    args.push(Arg::positional(self.scalar(
                        ty,
                        &map[k],
                        &join(pointer, k),
                    )?));
                    used.push(k);
                }
                Slot::Both(a, b) => match (map.get(a), map.get(b)) {
                    (Some(Value::String(x)), Some(Value::String(y)))
                        if x == y && self.same_parts(&join(pointer, a), &join(pointer, b)) =>
                    {
                        args.push(Arg::positional(self.text(x, &join(pointer, a))));
                        used.extend([a, b]);
                    }
                    _ => break,
                },
                Slot::Link(k) => match map
                    .get(k)
                    .and_then(Value::as_object)
                    .and_then(same_urls)
                    .filter(|_| {
                        let link = join(pointer, k);
                        self.same_parts(&join(&link, "web_url"), &join(&link, "mobile_web_url"))
                    }) {
                    Some(url) => {
                        let at = join(&join(pointer, k), "web_url");
                        args.push(Arg::positional(self.text(url, &at)));
                        used.push(k);
                    }
                    None => break,
                },
                _ => break,
            }
        }
        let rest: Vec<&str> = map
            .keys()
            .map(String::as_str)
            .filter(|key| !used.contains(key))
            .collect();
        let aliases: Option<Vec<(&str, &str, Ty)>> = rest
            .iter()
            .map(|key| {
                kind.fields()
                    .iter()
                    .filter_map(|field| match field.shape {
                        Shape::Scalar(k, ty) if k == *key && field.name != *key => {
                            Some((*key, field.name, ty))
                        }
                        _ => None,
                    })
                    .min_by_key(|(_, alias, _)| alias.len())
            })
            .collect();
        let mut node = Node::new(name, args);
        match aliases {
            Some(mut aliases) if !rest.is_empty() => {
                let order = kind.keys();
                aliases.sort_by_key(|(key, _, _)| order.iter().position(|k| k == key));
                for (key, alias, ty) in aliases {
                    let literal = self.scalar(ty, &map[key], &join(pointer, key))?;
                    node.args.push(Arg::keyed(alias, literal));
                }
            }
            _ if rest.is_empty() && !node.args.is_empty() => {}
            _ => {
                node.block = Some(Block {
                    items: self.items(kind, map, pointer, &used),
                    dangling: Vec::new(),
                });
            }
        }
        Some(node)
    }

    /// A scalar value of type `ty`.
    fn scalar(&mut self, ty: Ty, value: &Value, pointer: &str) -> Option<Literal> {
        match (ty, value) {
            (Ty::Str, Value::String(text)) => Some(self.text(text, pointer)),
            (Ty::Int, Value::Number(n)) if n.as_i64().is_some() => n.as_i64().map(literal::integer),
            (Ty::Rate, Value::Number(n)) if n.as_i64().is_some() => {
                n.as_i64().map(literal::percent)
            }
            _ => {
                let expected = match ty {
                    Ty::Str => "a string",
                    Ty::Int | Ty::Rate => "a whole number",
                };
                self.unwritable(
                    pointer,
                    Some(expected),
                    format!("ktpl cannot write {value} where Kakao takes {expected}"),
                    format!(
                        "give {expected}, like {}",
                        if ty == Ty::Str { "\"text\"" } else { "640" }
                    ),
                );
                None
            }
        }
    }

    /// The string at `pointer`: with its variables when it is known only at run time.
    fn text(&self, text: &str, pointer: &str) -> Literal {
        let Some(value) = self.dynamic.get(pointer) else {
            return self.string(text);
        };
        let mut parts = value.parts.clone();
        if let Some(TextPart::Text(first)) = parts.first()
            && let Some((name, rest)) = self.prefix_of(first)
        {
            let rest = rest.to_owned();
            parts.splice(0..1, [TextPart::Var(name.to_owned()), TextPart::Text(rest)]);
        }
        literal::string_with_variables(&parts)
    }

    /// Whether two values are both static or both the same run-time text.
    fn same_parts(&self, a: &str, b: &str) -> bool {
        self.dynamic.get(a).map(|value| &value.parts)
            == self.dynamic.get(b).map(|value| &value.parts)
    }

    /// A string, starting with a `let` variable when one of the prefixes fits.
    fn string(&self, text: &str) -> Literal {
        match self.prefix_of(text) {
            Some((name, rest)) => literal::string_with_prefix(name, rest),
            None => literal::string(text),
        }
    }

    /// The `let` variable a text starts with, and the rest of the text.
    fn prefix_of<'t>(&self, text: &'t str) -> Option<(&str, &'t str)> {
        self.prefixes.iter().find_map(|(name, prefix)| {
            super::lets::after(prefix, text).map(|rest| (name.as_str(), rest))
        })
    }

    /// A value at `pointer` ktpl cannot write where Kakao takes `expected` (`None`: a
    /// key ktpl does not know).
    fn unwritable(
        &mut self,
        pointer: &str,
        expected: Option<&str>,
        message: String,
        help: impl Into<String>,
    ) {
        let mut problem = match (self.dynamic.get(pointer), expected) {
            // Only text can come from a variable: say what the value is rather than
            // guess a type for it.
            (Some(value), Some(expected)) => Problem::new(
                Code::ImportDynamicValue,
                format!(
                    "`{}` is known only when the code runs, where Kakao takes {expected}",
                    crate::prose::excerpt(&value.expression, 60),
                ),
            )
            .help("a ktpl variable holds text only, so import cannot write this value: write the value itself in the code, then import again"),
            _ => Problem::new(Code::ImportUnwritable, message).help(help),
        }
        .pointer(pointer);
        if let Some(origin) = self.spans.locate(pointer) {
            problem = problem.at(origin.node, "cannot be written in ktpl");
        }
        self.problems.push(problem);
    }
}

/// The URL of a link object holding exactly equal web and mobile URLs.
fn same_urls(link: &Map<String, Value>) -> Option<&str> {
    let web = link.get("web_url")?.as_str()?;
    let mobile = link.get("mobile_web_url")?.as_str()?;
    (link.len() == 2 && web == mobile).then_some(web)
}
