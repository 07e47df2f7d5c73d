//! A template pasted with the form field it travels in, `{"template_object": {...}}`
//! (or its JSON-string form): one problem at the wrapper, instead of the schema's
//! "missing `object_type`" for an object that has one, one level down.

use serde_json::Value;

use crate::code::Code;
use crate::compile::Compiled;
use crate::diagnostic::Problem;
use crate::locate::Part;

/// The problem, when the template is wrapped.
pub(super) fn wrapped(compiled: &Compiled) -> Option<Problem> {
    let root = compiled.value.as_object()?;
    if root.contains_key("object_type") {
        return None;
    }
    let inner = root.get("template_object")?;
    let help = match inner {
        Value::String(_) => {
            "`template_object` holds the template as a JSON string, as the form field sends it: save the JSON inside that string (unescaped) as the whole file"
        }
        _ => {
            "`template_object` is the name of the form field the REST API takes the template in, not part of it: keep only the object inside it"
        }
    };
    let problem = Problem::new(
        Code::SchemaWrappedTemplate,
        "the template is wrapped in a `template_object` field",
    )
    .help(help)
    .pointer("/template_object");
    Some(match compiled.span_of("/template_object", Part::Key) {
        Some(span) => problem.at(span, "the template is inside this"),
        None => problem,
    })
}
