//! `ktpl compile`: one template to `template_object` JSON, or to the object the
//! JavaScript SDK takes.

#![allow(clippy::print_stderr)]

use std::path::Path;

use crate::compile::output::{to_js_json, to_json};
use crate::target::Target;

use super::args::{CommonArgs, VarArgs};
use super::input::{checked_template_for, usage_error, write_output};

/// How to write the result.
pub(crate) struct Form {
    pub(crate) pretty: bool,
    pub(crate) target: Target,
    /// Wrap as `export default {...};` (JavaScript only).
    pub(crate) module: bool,
}

pub(crate) fn compile(
    path: &Path,
    output: Option<&Path>,
    form: Form,
    vars: &VarArgs,
    common: &CommonArgs,
) -> u8 {
    if form.module && form.target != Target::Js {
        return usage_error("`--module` writes a JavaScript module: use it with `--target js`");
    }
    let template = match checked_template_for(path, vars, common, form.target) {
        Ok(template) => template,
        Err(code) => return code,
    };
    let mut text = match form.target {
        Target::Rest => to_json(&template, form.pretty),
        Target::Js if form.module => format!("export default {};", to_js_json(&template, true)),
        Target::Js => to_js_json(&template, form.pretty),
    };
    text.push('\n');
    write_output(output, &text, |out, text| {
        std::fs::write(out, text.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", out.display()))
    })
}
