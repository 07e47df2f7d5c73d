//! What a front end reads out of application code: a JSON-like value tree in which every
//! value keeps its span, and a text may be known only when the code runs (literal text
//! and expressions). Edits (`tpl.buttonTitle = ...`) are applied to this tree.

use std::cell::Cell;

use crate::diagnostic::Problem;
use crate::span::Span;

/// How deep values may nest before reading stops (no template nests more than a few).
const MAX_DEPTH: usize = 48;

/// How many values the reads of one file may give in all, beyond one a byte of the file
/// (a value written out takes at least one byte, so a file's own templates fit with room
/// for the constants several of them read). Constants built of constants (`const a2 = [a1, a1]; const a3 = [a2, a2]; ...`)
/// multiply a few lines into billions of values, and every template or edit that reads
/// such a constant pays for all of it again; a Kakao template holds a few hundred values.
const MAX_VALUES: usize = 10_000;

/// What the reads of one file may still spend, shared by all of them, so the work of
/// reading a file grows with its length, however its constants multiply.
#[derive(Debug)]
pub(crate) struct Budget {
    spent: Cell<usize>,
    max: usize,
}

impl Budget {
    /// The budget of a file of this text.
    pub(crate) fn for_text(text: &str) -> Self {
        Budget {
            spent: Cell::new(0),
            max: MAX_VALUES + text.len(),
        }
    }
}

/// What one read (a template, an edit) has spent of the limits on nesting and size.
#[derive(Debug)]
pub(crate) struct Limit<'b> {
    budget: &'b Budget,
    /// Reading stopped somewhere: the value read is not all the code gives.
    cut: bool,
}

impl<'b> Limit<'b> {
    /// A read that spends from `budget`.
    pub(crate) fn new(budget: &'b Budget) -> Self {
        Limit { budget, cut: false }
    }

    /// Whether reading stopped at a limit, leaving a value short of what the code gives
    /// (it is then not checked or written: its findings would be about a value the code
    /// never builds).
    pub(crate) fn cut(&self) -> bool {
        self.cut
    }

    /// Counts one value at `depth`, written at `at`. `Err` when reading must stop there,
    /// with the problem to report (the size limit reports only a read's first overrun).
    pub(crate) fn take(&mut self, depth: usize, at: Span) -> Result<(), Option<Problem>> {
        let spent = self.budget.spent.get() + 1;
        self.budget.spent.set(spent);
        if depth > MAX_DEPTH {
            self.cut = true;
            return Err(Some(super::unfollowable(
                at,
                "the value nests too deeply to read",
                "no Kakao template nests this deep",
            )));
        }
        if spent > self.budget.max {
            let first = !self.cut;
            self.cut = true;
            return Err(first.then(|| {
                super::unfollowable(
                    at,
                    &format!(
                        "the templates of this file grow past {} values here (constants built of constants)",
                        self.budget.max
                    ),
                    "no Kakao template holds this many values: write the values out in the template",
                )
            }));
        }
        Ok(())
    }
}

/// One value, with where it was written.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    /// The expression that gave the value.
    pub(crate) span: Span,
    /// The value.
    pub(crate) value: Shape,
}

/// The kinds of value a template holds.
#[derive(Debug, Clone)]
pub(crate) enum Shape {
    /// Members in the order the code gives them (a key set again keeps its place).
    Object(Vec<Member>),
    /// Elements in order.
    Array(Vec<Found>),
    /// Text written in the code.
    Text(String),
    /// A number written in the code.
    Number(serde_json::Number),
    /// `true`/`false` (`True`/`False`).
    Bool(bool),
    /// `null` (`None`).
    Null,
    /// A value known only when the code runs: text and expressions, in order. A lone
    /// expression (`order.id`) may be of any type; one with text around it is text.
    Dynamic(Vec<Part>),
}

/// One member of an object.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    /// The key as written (camelCase in the JavaScript SDK's form).
    pub(crate) key: String,
    /// Where the key is.
    pub(crate) key_span: Span,
    /// The whole member (`key: value`), or the edit that set it.
    pub(crate) span: Span,
    /// The value.
    pub(crate) value: Found,
}

/// A piece of a run-time text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Part {
    /// Text written in the code.
    Text(String),
    /// An expression of the code, as written, and where.
    Expr(String, Span),
}

impl Shape {
    /// Whether the value is surely text: text written in the code, or a run-time value
    /// with written text in it (`'a' + x`). A lone expression may be of any type.
    pub(crate) fn is_text(&self) -> bool {
        match self {
            Shape::Text(_) => true,
            Shape::Dynamic(parts) => parts.iter().any(|part| matches!(part, Part::Text(_))),
            _ => false,
        }
    }
}

impl Found {
    /// A value at `span`.
    pub(crate) fn new(span: Span, value: Shape) -> Self {
        Found { span, value }
    }

    /// The value an expression gives at run time.
    pub(crate) fn expression(text: &str, span: Span) -> Self {
        Found::new(
            span,
            Shape::Dynamic(vec![Part::Expr(text.to_owned(), span)]),
        )
    }

    /// The member `key` of an object, if this is one and has it.
    pub(crate) fn member_mut(&mut self, key: &str) -> Option<&mut Found> {
        match &mut self.value {
            Shape::Object(members) => members
                .iter_mut()
                .find(|member| member.key == key)
                .map(|member| &mut member.value),
            _ => None,
        }
    }

    /// Whether this is an object with a template type key (`object_type`, `objectType`).
    pub(crate) fn is_template(&self) -> bool {
        match &self.value {
            Shape::Object(members) => members
                .iter()
                .any(|member| matches!(member.key.as_str(), "object_type" | "objectType")),
            _ => false,
        }
    }
}

/// What a constant (a name bound once) gives where it is used, at `at`: its value; a
/// lone run-time expression is named after the constant instead, and an object or list
/// is noted in `used` (a shared base spread into templates is not a template itself).
pub(crate) fn constant(name: &str, value: Shape, at: Span, used: &mut Vec<String>) -> Found {
    if matches!(value, Shape::Dynamic(_)) && !value.is_text() {
        return Found::expression(name, at);
    }
    if matches!(value, Shape::Object(_) | Shape::Array(_)) {
        used.push(name.to_owned());
    }
    Found::new(at, value)
}

/// Merges `value` into `members` when it is an object (a spread, `Object.assign`,
/// `**d`, `dict(d)`); `false` when it is not, for the caller to report.
pub(crate) fn merge(members: &mut Vec<Member>, value: Found) -> bool {
    match value.value {
        Shape::Object(more) => {
            for member in more {
                set_member(members, member);
            }
            true
        }
        _ => false,
    }
}

/// Sets `key` in an object's members as the languages do: a key set again keeps its
/// place and takes the new value.
pub(crate) fn set_member(members: &mut Vec<Member>, member: Member) {
    match members.iter_mut().find(|m| m.key == member.key) {
        Some(existing) => {
            existing.value = member.value;
            existing.span = member.span;
        }
        None => members.push(member),
    }
}

/// Joins text parts: neighbouring texts merge.
pub(crate) fn concat(mut left: Vec<Part>, right: Vec<Part>) -> Vec<Part> {
    for part in right {
        match (left.last_mut(), part) {
            (Some(Part::Text(last)), Part::Text(text)) => last.push_str(&text),
            (_, part) => left.push(part),
        }
    }
    left
}

/// Parts that are all text become one text; otherwise a run-time value.
pub(crate) fn from_parts(parts: Vec<Part>, span: Span) -> Found {
    let parts = concat(Vec::new(), parts);
    match parts.as_slice() {
        [] => Found::new(span, Shape::Text(String::new())),
        [Part::Text(text)] => Found::new(span, Shape::Text(text.clone())),
        _ => Found::new(span, Shape::Dynamic(parts)),
    }
}

/// A JSON number for a value the code wrote: integral values within `i64` as integers
/// (JavaScript has one number type: `640.0` is sent as `640`), others as they are.
pub(crate) fn js_number(value: f64) -> Option<serde_json::Number> {
    #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        return Some(serde_json::Number::from(value as i64));
    }
    serde_json::Number::from_f64(value)
}

/// A step into a value: `.key`/`["key"]`, or `[0]`.
#[derive(Debug, Clone)]
pub(crate) enum Step {
    /// A key, and where it is written.
    Key(String, Span),
    /// A list index.
    Index(usize),
}

/// The kinds of static edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Edit {
    /// `x.a = value`, `t["a"] = value`.
    Set,
    /// `Object.assign(x.a, {...})`, `t.update({...})`.
    Merge,
    /// `x.a.push(...)`, `t["a"].append(...)`.
    Push,
}

/// Applies one static edit at `steps` inside `value`.
pub(crate) fn apply(
    value: &mut Found,
    steps: &[Step],
    new: Found,
    at: Span,
    edit: Edit,
) -> Result<(), Problem> {
    let cannot = |what: &str| {
        super::unfollowable(
            at,
            &format!("this change {what}, which the template does not hold"),
            "change only keys and lists the template already has",
        )
    };
    let last = match edit {
        Edit::Set if !steps.is_empty() => steps.len() - 1,
        Edit::Set => return Err(cannot("sets the whole value")),
        Edit::Merge | Edit::Push => steps.len(),
    };
    let mut target = value;
    for step in &steps[..last] {
        target = match (step, &mut target.value) {
            (Step::Key(key, _), Shape::Object(members)) => {
                match members.iter_mut().find(|m| &m.key == key) {
                    Some(member) => &mut member.value,
                    None => return Err(cannot(&format!("reaches into `{key}`"))),
                }
            }
            (Step::Index(index), Shape::Array(items)) => match items.get_mut(*index) {
                Some(item) => item,
                None => return Err(cannot(&format!("reaches into element {index}"))),
            },
            _ => return Err(cannot("reaches into a value that is not an object or list")),
        };
    }
    match edit {
        Edit::Set => match (&steps[last], &mut target.value) {
            (Step::Key(key, key_span), Shape::Object(members)) => {
                set_member(
                    members,
                    Member {
                        key: key.clone(),
                        key_span: *key_span,
                        span: at,
                        value: new,
                    },
                );
                Ok(())
            }
            (Step::Index(index), Shape::Array(items)) if *index < items.len() => {
                items[*index] = new;
                Ok(())
            }
            _ => Err(cannot("sets a key or element")),
        },
        Edit::Merge => match &mut target.value {
            Shape::Object(members) => {
                if merge(members, new) {
                    Ok(())
                } else {
                    Err(cannot("merges a value that is not an object"))
                }
            }
            _ => Err(cannot("merges into a value that is not an object")),
        },
        Edit::Push => match (new.value, &mut target.value) {
            (Shape::Array(more), Shape::Array(items)) => {
                items.extend(more);
                Ok(())
            }
            _ => Err(cannot("appends to a value that is not a list")),
        },
    }
}
