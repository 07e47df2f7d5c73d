//! `ktpl schema`: print an embedded JSON Schema.

use crate::report::exit;
use crate::validate::SCHEMAS;

use super::input::usage_error;
use super::stdio::{out, outln};

pub(crate) fn schema(name: Option<&str>) -> u8 {
    let wanted = name.unwrap_or("template");
    let stem = |path: &'static str| {
        path.rsplit('/')
            .next()
            .unwrap_or(path)
            .trim_end_matches(".json")
    };
    let found = SCHEMAS
        .iter()
        .find(|(path, _)| stem(path) == wanted || *path == wanted);
    if let Some((_, text)) = found {
        out!("{text}");
        if !text.ends_with('\n') {
            outln!();
        }
        return exit::OK;
    }
    let names: Vec<&str> = SCHEMAS.iter().map(|(path, _)| stem(path)).collect();
    usage_error(&format!(
        "no schema named `{wanted}`; known: {}",
        names.join(", ")
    ))
}
