//! A file with thousands of findings: every place a person reads them (the human
//! report of `check`, `compile` and `import`, the preview, the editor) shows the first
//! 200 and says how many more there are; the machine formats list every one. Counts
//! and sizes only: the timings are in `benches/findings.sh`.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::{Value, json};

use crate::harness::{ktpl, stderr, stdout};
use crate::lsp_client::Client;

const SHOWN: usize = 200;
const FIELDS: usize = 1000;
const CODE: &str = "ktpl::compile::unknown_field";

/// A feed whose content has `FIELDS` unknown fields, one a line.
fn many_unknown_fields() -> String {
    let mut text = String::from("feed {\n  content {\n    title \"오늘의 디저트\"\n");
    for i in 0..FIELDS {
        let _ = writeln!(text, "    unknown_field_{i} \"값 {i}\"");
    }
    text.push_str("    link \"https://example.com\"\n  }\n}\n");
    text
}

/// The same as raw JSON: `FIELDS` unknown keys in `content`.
fn many_unknown_keys() -> String {
    let mut content = serde_json::Map::new();
    content.insert("title".to_owned(), json!("a"));
    content.insert(
        "link".to_owned(),
        json!({ "web_url": "https://example.com" }),
    );
    for i in 0..FIELDS {
        content.insert(format!("unknown_key_{i}"), json!("v"));
    }
    serde_json::to_string_pretty(&json!({ "object_type": "feed", "content": content }))
        .expect("json")
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path.display().to_string()
}

fn assert_bounded(report: &str, code: &str, what: &str) {
    let blocks = report.matches(code).count();
    assert_eq!(blocks, SHOWN, "{what}: {blocks} shown");
    // (The JSON form also draws one warning: a message that large.)
    let more = format!("more problems not shown ({} errors, ", FIELDS - SHOWN);
    assert!(report.contains(&more), "{what}: no `{more}` in the report");
}

#[test]
fn the_human_report_shows_two_hundred_and_says_how_many_more() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ktpl_file = write(dir.path(), "many.ktpl", &many_unknown_fields());
    let json_file = write(dir.path(), "many.json", &many_unknown_keys());

    let checked = ktpl(&["check", &ktpl_file], None);
    assert_eq!(checked.status.code(), Some(1));
    assert_bounded(&stdout(&checked), CODE, "check");
    assert!(stdout(&checked).contains(&format!("checked 1 file: {FIELDS} errors")));

    let compiled = ktpl(&["compile", &ktpl_file], None);
    assert_bounded(&stderr(&compiled), CODE, "compile");

    let json_checked = ktpl(&["check", &json_file], None);
    assert_bounded(
        &stdout(&json_checked),
        "ktpl::schema::unknown_field",
        "check .json",
    );
    let imported = ktpl(&["import", &json_file], None);
    assert_bounded(&stderr(&imported), "ktpl::schema::unknown_field", "import");
}

#[test]
fn the_machine_formats_list_every_finding() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "many.ktpl", &many_unknown_fields());
    let json = ktpl(&["check", "--format", "json", &file], None);
    let findings = crate::harness::findings(&json.into_output());
    assert_eq!(findings.len(), FIELDS);
    let sarif = ktpl(&["check", "--format", "sarif", &file], None);
    let sarif: Value = serde_json::from_str(&stdout(&sarif)).expect("sarif");
    assert_eq!(
        sarif["runs"][0]["results"]
            .as_array()
            .expect("results")
            .len(),
        FIELDS
    );
    let github = ktpl(&["check", "--format", "github", &file], None);
    assert_eq!(stdout(&github).matches("::error ").count(), FIELDS);
}

#[test]
fn the_preview_shows_two_hundred_and_says_how_many_more() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "many.ktpl", &many_unknown_fields());
    let page = stdout(&ktpl(&["preview", &file], None));
    assert_eq!(
        page.matches(&format!("data-ktpl-code=\"{CODE}\"")).count(),
        SHOWN
    );
    let more = page
        .split("data-ktpl-more>")
        .nth(1)
        .expect("a line saying how many more");
    assert!(
        more.contains(&format!("{} more problems not shown", FIELDS - SHOWN)),
        "{}",
        &more[..200.min(more.len())]
    );
}

#[test]
fn the_editor_gets_two_hundred_diagnostics_and_a_note() {
    let mut client = Client::start(crate::harness::Ktpl::new().command(), &[], false);
    let uri = "untitled:many.ktpl";
    client.open(uri, "ktpl", &many_unknown_fields());
    let diagnostics = client.diagnostics(uri);
    assert_eq!(diagnostics.len(), SHOWN + 1);
    assert!(diagnostics[..SHOWN].iter().all(|d| d["code"] == CODE));
    let note = &diagnostics[SHOWN];
    assert_eq!(note["severity"], 3, "information: {note}");
    assert!(
        note["message"]
            .as_str()
            .expect("message")
            .contains(&format!("{} more problems not shown", FIELDS - SHOWN)),
        "{note}"
    );
    assert!(client.shutdown().success());
}

/// Every entry of an outline, nested ones too.
fn outline_entries(symbols: &[Value], out: &mut Vec<Value>) {
    for symbol in symbols {
        out.push(symbol.clone());
        if let Some(children) = symbol["children"].as_array() {
            outline_entries(children, out);
        }
    }
}

#[test]
fn the_outline_lists_five_thousand_entries_and_sums_up_the_rest() {
    let mut text = String::from("feed {\n  content {\n    title \"a\"\n");
    for i in 0..6000 {
        let _ = writeln!(text, "    unknown_field_{i} \"value\"");
    }
    text.push_str(
        "    link \"https://example.com\"\n  }\n  button \"b\" \"https://example.com\"\n}\n",
    );
    let mut client = Client::start(crate::harness::Ktpl::new().command(), &[], false);
    let uri = "untitled:many.ktpl";
    client.open(uri, "ktpl", &text);
    let outline = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let mut entries = Vec::new();
    outline_entries(outline.as_array().expect("symbols"), &mut entries);
    assert_eq!(
        entries.len(),
        5000 + 2,
        "the entries, and two summing up the rest"
    );
    let content = &outline[0]["children"][0];
    let children = content["children"].as_array().expect("children");
    let rest = children.last().expect("a last entry");
    // 4998 fields of `content` are listed (5000 less the template and `content`).
    assert_eq!(rest["name"], "… 1004 more", "{rest}");
    assert_eq!(
        rest["range"]["end"]["line"], 6003,
        "it spans the rest: {rest}"
    );
    assert_eq!(outline[0]["children"][1]["name"], "… 1 more");
    assert!(client.shutdown().success());
}
