//! Values read from application code that are known only when the code runs: the
//! `${variables}` a text becomes, by the pointer of the value in the template.

use std::collections::HashMap;

/// The run-time values of one template, by RFC 6901 pointer.
pub(crate) type Dynamic = HashMap<String, DynamicValue>;

/// One value known only at run time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DynamicValue {
    /// The text it spells: literal text and variables, in order.
    pub(crate) parts: Vec<TextPart>,
    /// The code it was written as (`'https://a.kr/o/' + id`), for messages.
    pub(crate) expression: String,
}

/// A piece of a text known only at run time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TextPart {
    /// Text written in the code.
    Text(String),
    /// A ktpl variable standing for an expression of the code.
    Var(String),
}
