//! `ktpl compile`: one template to `template_object` JSON.

#![allow(clippy::print_stderr)]

use std::io::Write;
use std::path::Path;

use crate::report::exit;

use super::args::{CommonArgs, VarArgs};
use super::input::{checked_template, usage_error};

pub(crate) fn compile(
    path: &Path,
    output: Option<&Path>,
    pretty: bool,
    vars: &VarArgs,
    common: &CommonArgs,
) -> u8 {
    let template = match checked_template(path, vars, common) {
        Ok(template) => template,
        Err(code) => return code,
    };
    let mut json = crate::compile::key_order::to_json(&template, pretty);
    json.push('\n');
    let written = match output {
        Some(out) if out != Path::new("-") => std::fs::write(out, json.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", out.display())),
        _ => std::io::stdout()
            .write_all(json.as_bytes())
            .map_err(|e| format!("cannot write to standard output: {e}")),
    };
    match written {
        Ok(()) => exit::OK,
        Err(message) => usage_error(&message),
    }
}
