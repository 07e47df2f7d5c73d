//! SARIF 2.1.0 for code-scanning services: one run, every ktpl code as a rule, one
//! result per problem. Written as a stream so memory does not grow with the files.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::code::{Code, Severity};
use crate::diagnostic::{Fix, Problem};
use crate::source::SourceFile;
use crate::span::Lines;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// Writes the log up to the opening of the `results` array.
pub fn write_header(out: &mut impl Write) -> io::Result<()> {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|code| {
            json!({
                "id": code.name(),
                "name": code.short_name(),
                "shortDescription": { "text": code.summary() },
                "fullDescription": { "text": crate::explain::description(*code).unwrap_or(code.summary()) },
                "help": { "text": format!("{} Run `ktpl explain {}` for an example.", code.summary(), code.name()) },
                "defaultConfiguration": { "level": level(code.default_severity()) }
            })
        })
        .collect();
    let driver = json!({
        "name": "ktpl",
        "version": env!("CARGO_PKG_VERSION"),
        "rules": rules
    });
    write!(
        out,
        "{{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{{\"tool\":{{\"driver\":{driver}}},\"columnKind\":\"unicodeCodePoints\",\"results\":["
    )
}

/// The results for one file's problems.
#[must_use]
pub fn results(source: &SourceFile, problems: &[Problem]) -> Vec<Value> {
    let lines = Lines::new(&source.text);
    problems
        .iter()
        .map(|problem| {
            let mut location = json!({ "artifactLocation": { "uri": uri(&source.name) } });
            if let Some((span, _)) = &problem.primary {
                let (start_line, start_column) = lines.line_column(&source.text, span.start);
                let (end_line, end_column) = lines.line_column(&source.text, span.end);
                location["region"] = json!({
                    "startLine": start_line,
                    "startColumn": start_column,
                    "endLine": end_line,
                    "endColumn": end_column
                });
            }
            let index = Code::ALL
                .iter()
                .position(|c| *c == problem.code)
                .unwrap_or(0);
            let mut text = problem.message.clone();
            if let Some(help) = &problem.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            let mut result = json!({
                "ruleId": problem.code.name(),
                "ruleIndex": index,
                "level": level(problem.severity),
                "message": { "text": text },
                "locations": [ { "physicalLocation": location } ]
            });
            if let Some(pointer) = &problem.pointer {
                result["properties"] = json!({ "pointer": pointer });
            }
            if !problem.fixes.is_empty() {
                result["fixes"] = problem
                    .fixes
                    .iter()
                    .map(|fix| sarif_fix(fix, source, &lines))
                    .collect();
            }
            result
        })
        .collect()
}

/// A fix as SARIF's `fix` object: one artifact change holding a replacement per edit
/// (an insertion is a replacement of an empty region). Whether `--fix` applies it is
/// in `properties.applicability`.
fn sarif_fix(fix: &Fix, source: &SourceFile, lines: &Lines) -> Value {
    let replacements: Vec<Value> = fix
        .edits
        .iter()
        .map(|edit| {
            let (start_line, start_column) = lines.line_column(&source.text, edit.span.start);
            let (end_line, end_column) = lines.line_column(&source.text, edit.span.end);
            json!({
                "deletedRegion": {
                    "startLine": start_line,
                    "startColumn": start_column,
                    "endLine": end_line,
                    "endColumn": end_column
                },
                "insertedContent": { "text": edit.content }
            })
        })
        .collect();
    json!({
        "description": { "text": fix.title },
        "artifactChanges": [{
            "artifactLocation": { "uri": uri(&source.name) },
            "replacements": replacements
        }],
        "properties": { "applicability": fix.applicability.as_str() }
    })
}

/// Closes the results array, the run and the log.
pub fn write_footer(out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "]}}]}}")
}

/// A relative path as a URI reference (forward slashes, spaces escaped).
fn uri(name: &str) -> String {
    name.replace('\\', "/").replace(' ', "%20")
}
