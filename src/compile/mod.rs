//! Stage 2: the syntax tree to `template_object` JSON, with a span map from every JSON
//! pointer back to the source. Unknown, misplaced, duplicate and mistyped fields are
//! caught here, against the field tables.

mod hints;
mod object;
pub(crate) mod output;
mod problems;
pub(crate) mod span_map;
mod vars;

use std::collections::BTreeMap;

use serde_json::Value;

use self::object::ObjectBuilder;
use self::span_map::{Origin, SpanMap, join, join_index};
use self::vars::Vars;
use crate::code::Code;
use crate::diagnostic::Problem;
use crate::kakao::fields::{Field, Kind, Shape, Slot, Ty};
use crate::span::Span;
use crate::syntax::ast::{self, Arg, Document, Ident, Node, ValueKind};

/// A template as JSON, with where each part of it came from.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The `template_object`.
    pub value: Value,
    /// JSON pointer to source origin, for every value in `value`.
    pub spans: SpanMap,
}

/// Whether compiling records where each JSON value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spans {
    /// Build the span map and the JSON pointers of compile problems.
    Record,
    /// Leave the span map empty and build no pointers (compile problems still carry
    /// their own spans). Only schema and lint findings need the map, so a clean
    /// template never pays for it.
    Skip,
}

/// Compiles a document. Always returns the best JSON it could build; the caller must
/// not use it when any returned problem is an error.
#[must_use]
pub fn compile(
    document: &Document,
    cli_vars: &BTreeMap<String, String>,
    spans: Spans,
) -> (Compiled, Vec<Problem>) {
    let mut problems = Vec::new();
    let vars = Vars::new(&document.bindings, cli_vars, &mut problems);
    let mut compiler = Compiler {
        vars,
        spans: match spans {
            Spans::Record => SpanMap::default(),
            Spans::Skip => SpanMap::disabled(),
        },
        problems,
    };
    let value = compiler.compile_template(&document.template);
    let mut problems = compiler.problems;
    problems.extend(compiler.vars.unused());
    (
        Compiled {
            value,
            spans: compiler.spans,
        },
        problems,
    )
}

struct Compiler {
    vars: Vars,
    spans: SpanMap,
    problems: Vec<Problem>,
}

impl Compiler {
    fn compile_template(&mut self, node: &Node) -> Value {
        let Some(kind) = Kind::template(node.name.text) else {
            self.problems.push(problems::unknown_template(&node.name));
            return Value::Null;
        };
        let block_span = node.block.as_ref().map_or(node.span, |b| b.span);
        self.spans.insert(
            String::new(),
            Origin {
                key: node.name.span,
                value: block_span,
                node: node.span,
            },
        );
        let mut object = ObjectBuilder::new(kind, String::new());
        self.set(
            &mut object,
            "object_type",
            Value::String(kind.name().to_owned()),
            Origin::at(node.name.span),
        );
        self.compile_body(&mut object, node);
        object.finish()
    }

    /// A node's arguments and block, into `object` (whose kind the node names).
    fn compile_body(&mut self, object: &mut ObjectBuilder, node: &Node) {
        let slots = object.kind.positional();
        let mut positional = 0;
        for arg in &node.args {
            match arg {
                Arg::Positional(value) => {
                    if let Some(slot) = slots.get(positional) {
                        self.apply_slot(
                            object,
                            *slot,
                            value,
                            Origin {
                                key: node.name.span,
                                value: value.span,
                                node: node.span,
                            },
                            false,
                        );
                    } else {
                        self.problems
                            .push(problems::too_many_values(node, value, slots.len()));
                    }
                    positional += 1;
                }
                Arg::Keyed { key, value } => self.compile_keyed(object, node, key, value),
            }
        }
        if let Some(block) = &node.block {
            for child in &block.nodes {
                self.compile_node(object, node, child);
            }
        }
    }

    /// `key=value` on an object node (`parent`) sets one of its scalar fields.
    fn compile_keyed(
        &mut self,
        object: &mut ObjectBuilder,
        parent: &Node,
        key: &Ident,
        value: &ast::Value,
    ) {
        let origin = Origin {
            key: key.span,
            value: value.span,
            node: key.span.to(value.span),
        };
        match object.kind.field(key.text).map(|f| f.shape) {
            Some(Shape::Scalar(json_key, ty)) => {
                if let Some(json) = self.convert(ty, value, key.text) {
                    self.set_alone(object, json_key, json, origin);
                }
            }
            Some(_) => self
                .problems
                .push(problems::not_key_value(key, origin.node)),
            None => self.unknown_field(object.kind, parent, key),
        }
    }

    /// A node of `parent`'s block.
    fn compile_node(&mut self, object: &mut ObjectBuilder, parent: &Node, node: &Node) {
        let Some(field) = object.kind.field(node.name.text) else {
            self.unknown_field(object.kind, parent, &node.name);
            return;
        };
        match field.shape {
            Shape::Scalar(key, ty) => {
                if let Some(value) = self.single_value(node, field)
                    && let Some(json) = self.convert(ty, value, field.name)
                {
                    let origin = Origin {
                        key: node.name.span,
                        value: value.span,
                        node: node.span,
                    };
                    self.set_alone(object, key, json, origin);
                }
            }
            Shape::Object { key, kind, repeat } => {
                let array_pointer = self.pointer_in(object, key);
                let pointer = if repeat {
                    if self.spans.is_recording() {
                        join_index(&array_pointer, object.array_len(key))
                    } else {
                        String::new()
                    }
                } else {
                    if self.duplicate(object, key, node.name.span, Some((node.span, None))) {
                        return;
                    }
                    array_pointer
                };
                let origin = Origin {
                    key: node.name.span,
                    value: node.block.as_ref().map_or(node.span, |b| b.span),
                    node: node.span,
                };
                self.spans.insert(pointer.clone(), origin);
                let mut child = ObjectBuilder::new(kind, pointer);
                self.compile_body(&mut child, node);
                let value = child.finish();
                if repeat {
                    self.push(object, key, value, origin);
                } else {
                    object.insert(key, value, node.name.span);
                }
            }
            Shape::Flat { positional, keyed } => {
                self.compile_flat(object, node, positional, keyed);
            }
        }
    }

    /// Sugar such as `image "url" 640x640`: arguments into several keys of `object`.
    fn compile_flat(
        &mut self,
        object: &mut ObjectBuilder,
        node: &Node,
        positional: &[Slot],
        keyed: &[(&str, Slot)],
    ) {
        if let Some(block) = &node.block {
            self.problems.push(problems::no_block(node, block.span));
        }
        let mut count = 0;
        for arg in &node.args {
            match arg {
                Arg::Positional(value) => {
                    let origin = Origin {
                        key: node.name.span,
                        value: value.span,
                        node: node.span,
                    };
                    match positional.get(count) {
                        Some(slot) => self.apply_slot(object, *slot, value, origin, false),
                        None => self.problems.push(problems::too_many_values(
                            node,
                            value,
                            positional.len(),
                        )),
                    }
                    count += 1;
                }
                Arg::Keyed { key, value } => {
                    let origin = Origin {
                        key: key.span,
                        value: value.span,
                        node: key.span.to(value.span),
                    };
                    if let Some((_, slot)) = keyed.iter().find(|(name, _)| *name == key.text) {
                        self.apply_slot(object, *slot, value, origin, true);
                    } else {
                        let names: Vec<&str> = keyed.iter().map(|(name, _)| *name).collect();
                        self.problems.push(problems::unknown_key(node, key, &names));
                    }
                }
            }
        }
        if count == 0 {
            self.problems.push(problems::needs_value(
                node,
                problems::example_for(node.name.text),
            ));
        }
    }

    /// One argument into its slot; `alone` when it is a `key=value` (which can be
    /// removed without touching the node's other arguments).
    fn apply_slot(
        &mut self,
        object: &mut ObjectBuilder,
        slot: Slot,
        value: &ast::Value,
        origin: Origin,
        alone: bool,
    ) {
        match slot {
            Slot::Key(key, ty) => {
                if let Some(json) = self.convert(ty, value, key) {
                    if alone {
                        self.set_alone(object, key, json, origin);
                    } else {
                        self.set(object, key, json, origin);
                    }
                }
            }
            Slot::Size(width, height) => match value.kind {
                ValueKind::Size(w, h) => {
                    self.set(object, width, Value::from(w), origin);
                    self.set(object, height, Value::from(h), origin);
                }
                ref other => self.problems.push(problems::wrong_type(
                    value.span,
                    "a size like `640x640`",
                    other,
                    "image size",
                    None,
                )),
            },
            Slot::Both(first, second) => {
                if let Some(json) = self.convert(Ty::Str, value, first) {
                    self.set(object, first, json.clone(), origin);
                    self.set(object, second, json, origin);
                }
            }
            Slot::Link(key) => {
                if self.duplicate(object, key, origin.key, None) {
                    return;
                }
                if let Some(url) = self.convert(Ty::Str, value, "link") {
                    let pointer = self.pointer_in(object, key);
                    self.spans.insert(pointer.clone(), origin);
                    let mut link = ObjectBuilder::new(Kind::Link, pointer);
                    self.set(&mut link, "web_url", url.clone(), origin);
                    self.set(&mut link, "mobile_web_url", url, origin);
                    object.insert(key, link.finish(), origin.key);
                }
            }
        }
    }

    /// The one value a scalar node takes; anything else is reported.
    fn single_value<'n, 'src>(
        &mut self,
        node: &'n Node<'src>,
        field: &Field,
    ) -> Option<&'n ast::Value<'src>> {
        if let Some(block) = &node.block {
            self.problems.push(problems::no_block(node, block.span));
        }
        let mut found = None;
        for arg in &node.args {
            match arg {
                Arg::Positional(value) if found.is_none() => found = Some(value),
                Arg::Positional(value) => self
                    .problems
                    .push(problems::too_many_values(node, value, 1)),
                Arg::Keyed { key, .. } => self.problems.push(problems::unknown_key(node, key, &[])),
            }
        }
        if found.is_none() {
            let help = match field.shape {
                Shape::Scalar(_, Ty::Int) => format!("write `{} 1000`", field.name),
                Shape::Scalar(_, Ty::Rate) => format!("write `{} 30%`", field.name),
                _ => format!("write `{} \"...\"`", field.name),
            };
            self.problems.push(problems::needs_value(node, help));
        }
        found
    }

    /// The JSON for a literal of the type a field wants, or a wrong-type problem.
    fn convert(&mut self, ty: Ty, value: &ast::Value, field: &str) -> Option<Value> {
        match (ty, &value.kind) {
            (Ty::Str, ValueKind::Str(parts)) => Some(Value::String(
                self.vars.interpolate(parts, &mut self.problems),
            )),
            (Ty::Int | Ty::Rate, ValueKind::Int(n)) | (Ty::Rate, ValueKind::Percent(n)) => {
                Some(Value::from(*n))
            }
            (Ty::Int | Ty::Rate, ValueKind::Str(parts)) => {
                // Only the expansion bound is worth reporting from this text: the
                // wrong type is the problem, not what its variables hold.
                let mut inner = Vec::new();
                let text = self.vars.interpolate(parts, &mut inner);
                self.problems.extend(
                    inner
                        .into_iter()
                        .filter(|p| p.code == Code::CompileExpansionTooLarge),
                );
                let digits = text.replace([',', '_'], "");
                let help = digits
                    .parse::<i64>()
                    .is_ok()
                    .then(|| format!("remove the quotes: `{field} {digits}`"));
                self.problems.push(
                    problems::wrong_type(value.span, "an integer", &value.kind, field, help)
                        .maybe_fix(problems::unquote_number(value)),
                );
                None
            }
            (Ty::Int, ValueKind::Percent(n)) => {
                self.problems.push(
                    problems::wrong_type(
                        value.span,
                        "an integer",
                        &value.kind,
                        field,
                        Some(format!(
                            "only `discount_rate` takes a percentage; write `{field} {n}`"
                        )),
                    )
                    .fix(problems::drop_percent(value.span, *n)),
                );
                None
            }
            (Ty::Str, other) => {
                let help = Some(format!("put text in quotes: `{field} \"...\"`"));
                self.problems.push(
                    problems::wrong_type(value.span, "a string", other, field, help)
                        .maybe_fix(problems::quote_literal(value)),
                );
                None
            }
            (Ty::Int | Ty::Rate, other @ ValueKind::Size(..)) => {
                self.problems.push(problems::wrong_type(
                    value.span,
                    "an integer",
                    other,
                    field,
                    None,
                ));
                None
            }
        }
    }

    /// Sets a scalar or object key once; a second time is a duplicate.
    fn set(&mut self, object: &mut ObjectBuilder, key: &'static str, value: Value, origin: Origin) {
        self.set_with(object, key, value, origin, false);
    }

    /// `set` for a value its node (or `key=value`) gives alone: a second one can be
    /// removed whole, and safely when it repeats the first.
    fn set_alone(
        &mut self,
        object: &mut ObjectBuilder,
        key: &'static str,
        value: Value,
        origin: Origin,
    ) {
        self.set_with(object, key, value, origin, true);
    }

    fn set_with(
        &mut self,
        object: &mut ObjectBuilder,
        key: &'static str,
        value: Value,
        origin: Origin,
        alone: bool,
    ) {
        let removal = alone.then_some((origin.node, Some(&value)));
        if self.duplicate(object, key, origin.key, removal) {
            return;
        }
        if self.spans.is_recording() {
            self.record(&join(&object.pointer, key), &value, origin);
        }
        object.insert(key, value, origin.key);
    }

    /// The pointer of `key` in `object`; empty when spans are not recorded, so a clean
    /// template does not pay for building them.
    fn pointer_in(&self, object: &ObjectBuilder, key: &str) -> String {
        if self.spans.is_recording() {
            join(&object.pointer, key)
        } else {
            String::new()
        }
    }

    /// Appends to the array under `key`.
    fn push(
        &mut self,
        object: &mut ObjectBuilder,
        key: &'static str,
        value: Value,
        origin: Origin,
    ) {
        if self.spans.is_recording() {
            let pointer = join(&object.pointer, key);
            let whole = match self.spans.get(&pointer) {
                Some(first) => Origin {
                    key: first.key,
                    value: first.value.to(origin.node),
                    node: first.node.to(origin.node),
                },
                None => origin,
            };
            self.spans.insert(pointer, whole);
        }
        object.push(key, value);
    }

    /// Records the origin of a value written whole by one node (scalars, and the
    /// little link objects sugar writes).
    fn record(&mut self, pointer: &str, value: &Value, origin: Origin) {
        if self.spans.get(pointer).is_none() {
            self.spans.insert(pointer.to_owned(), origin);
        }
        if let Value::Object(map) = value {
            for (key, child) in map {
                self.record(&join(pointer, key), child, origin);
            }
        }
    }

    /// Reports `key` set twice in `object`; true when it was. `removal` is what to
    /// remove to fix it, with the value given again when known (removing a repeat of
    /// the first value is safe).
    fn duplicate(
        &mut self,
        object: &ObjectBuilder,
        key: &str,
        again: Span,
        removal: Option<(Span, Option<&Value>)>,
    ) -> bool {
        let Some(first) = object.first(key) else {
            return false;
        };
        let removal = removal.map(|(span, value)| {
            let repeats = value.is_some_and(|value| object.value(key) == Some(value));
            (span, repeats)
        });
        let mut problem = problems::duplicate_field(object.kind, key, first, again, removal);
        if self.spans.is_recording() {
            problem = problem.pointer(join(&object.pointer, key));
        }
        self.problems.push(problem);
        true
    }

    fn unknown_field(&mut self, kind: Kind, parent: &Node, name: &Ident) {
        self.problems
            .push(problems::unknown_field(kind, parent, name));
    }
}
