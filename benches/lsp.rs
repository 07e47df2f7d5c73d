//! Latency of `ktpl lsp` as an editor sees it, on a 500-line template: from sending a
//! change to receiving its diagnostics, and from asking for completion to the answer.
//! Run with `nice -n 19 cargo bench --bench lsp`; figures go in `benches/README.md`.

#![allow(clippy::print_stdout)]

#[path = "../tests/lsp_client.rs"]
mod lsp_client;

use std::fmt::Write as _;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::json;

use lsp_client::{Client, position_of};

const ROUNDS: usize = 300;

/// A 500-line feed template: comments, 200 variables, and a description using them all.
fn template() -> String {
    let mut text = String::new();
    for i in 0..187 {
        let _ = writeln!(
            text,
            "// campaign note {i}: copy reviewed by the marketing team"
        );
    }
    for i in 0..200 {
        let _ = writeln!(text, "let line_{i} = \"항목 {i} 🍰\"");
    }
    text.push_str("feed {\n  content {\n    title \"Today's dessert\"\n    description \"\"\"\n");
    for i in 0..100 {
        let _ = writeln!(text, "      ${{line_{i}}} ${{line_{}}}", i + 100);
    }
    text.push_str("      \"\"\"\n    image \"https://example.com/cake.jpg\" 640x640\n    link \"https://example.com/menu\"\n    \n  }\n  social like=286 comment=45 shared=845\n  button \"View on web\" { link \"https://example.com\" }\n  button \"Open app\" { link android=\"key1=value1\" ios=\"key1=value1\" }\n}\n");
    text
}

fn summary(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let at = |percent: usize| times[(times.len() - 1) * percent / 100].as_secs_f64() * 1000.0;
    println!(
        "{name:<32} median {:>6.2} ms   p95 {:>6.2} ms   max {:>6.2} ms   ({} rounds)",
        at(50),
        at(95),
        at(100),
        times.len()
    );
}

fn main() {
    let text = template();
    println!(
        "template: {} lines, {} bytes",
        text.lines().count(),
        text.len()
    );
    let mut client = Client::start(Command::new(env!("CARGO_BIN_EXE_ktpl")), &[], false);
    let uri = "untitled:bench.ktpl";
    client.open(uri, "ktpl", &text);
    let _ = client.diagnostics(uri);

    // Each change swaps the title between a clean word and one with a typo'd field,
    // so every round runs the whole pipeline and half of them report a problem.
    let title = position_of(&text, "title \"Today", 0);
    let mut changes = Vec::new();
    for round in 0..ROUNDS {
        let (old, new) = if round % 2 == 0 {
            ("title", "titel")
        } else {
            ("titel", "title")
        };
        let end = json!({ "line": title["line"], "character": title["character"].as_u64().unwrap_or(0) + old.len() as u64 });
        let started = Instant::now();
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": round + 2 },
                "contentChanges": [{ "range": { "start": title, "end": end }, "text": new }],
            }),
        );
        let diagnostics = client.diagnostics(uri);
        changes.push(started.elapsed());
        assert_eq!(
            diagnostics.len(),
            usize::from(round % 2 == 0),
            "{diagnostics:?}"
        );
    }

    let inside = position_of(&text, "menu\"\n    \n", 10);
    let mut completions = Vec::new();
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let items = client.request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": inside }),
        );
        completions.push(started.elapsed());
        assert_eq!(items.as_array().map(Vec::len), Some(7), "{items}");
    }

    let field = position_of(&text, "image \"https", 2);
    let mut hovers = Vec::new();
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let hover = client.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": field }),
        );
        hovers.push(started.elapsed());
        assert!(hover.is_object());
    }
    assert!(client.shutdown().success());

    summary("change -> diagnostics", changes);
    summary("completion in `content {`", completions);
    summary("hover on a field", hovers);
}
