//! The floor `ktpl check` is measured against: every `.json` file under the given
//! folders is read, parsed with serde_json and validated against ktpl's schemas with
//! one validator built once, on all cores. Nothing else: no positions, no lints, no
//! output per file.

use std::path::{Path, PathBuf};

use jsonschema::{Draft, Retrieve, Uri};
use rayon::prelude::*;
use serde_json::Value;

/// Serves the schemas' `$ref`s from the files loaded at start.
struct Loaded(Vec<(String, Value)>);

impl Retrieve for Loaded {
    fn retrieve(&self, uri: &Uri<String>) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        self.0
            .iter()
            .find(|(id, _)| id == uri.as_str())
            .map(|(_, value)| value.clone())
            .ok_or_else(|| format!("no schema {uri}").into())
    }
}

fn files(dir: &Path, out: &mut Vec<PathBuf>, extension: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out, extension);
        } else if path.extension().and_then(|e| e.to_str()) == Some(extension) {
            out.push(path);
        }
    }
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut schemas = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../schemas"));
    if let Some(i) = args.iter().position(|a| a == "--schemas") {
        schemas = PathBuf::from(args.remove(i + 1));
        args.remove(i);
    }
    let mut schema_files = Vec::new();
    files(&schemas, &mut schema_files, "json");
    let loaded: Vec<(String, Value)> = schema_files
        .iter()
        .map(|path| {
            let value: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("schema")).expect("schema JSON");
            let id = value["$id"].as_str().expect("$id").to_owned();
            (id, value)
        })
        .collect();
    let top = loaded
        .iter()
        .find(|(id, _)| id.ends_with("/template.json"))
        .map(|(_, v)| v.clone())
        .expect("template.json");
    let validator = jsonschema::options()
        .with_draft(Draft::Draft202012)
        .with_retriever(Loaded(loaded))
        .build(&top)
        .expect("schemas compile");
    let mut inputs = Vec::new();
    for dir in &args {
        files(Path::new(dir), &mut inputs, "json");
    }
    let invalid: usize = inputs
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            match serde_json::from_str::<Value>(&text) {
                Ok(value) => usize::from(!validator.is_valid(&value)),
                Err(_) => 1,
            }
        })
        .sum();
    println!("files={} invalid={invalid}", inputs.len());
}
