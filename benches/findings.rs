//! Work stays proportional to the input when a file has a great many findings: each
//! case runs at N and 2N findings, and the time should double, not quadruple. The
//! cases are the ones issue 16 measured (a `.ktpl` with 20,000 unknown fields, a JSON
//! file with 40,000 unknown keys, an editor on a file with 250,000 errors).
//! Run with `nice -n 19 cargo bench --bench findings`; figures go in `benches/README.md`.

#![allow(clippy::print_stdout)]

#[path = "../tests/lsp_client.rs"]
mod lsp_client;

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use lsp_client::Client;

fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_ktpl"))
}

/// A feed whose content has `n` unknown fields, one a line.
fn unknown_fields(n: usize) -> String {
    let mut text = String::from("feed {\n  content {\n    title \"오늘의 디저트\"\n");
    for i in 0..n {
        let _ = writeln!(text, "    unknown_field_{i} \"value\"");
    }
    text.push_str("    link \"https://example.com\"\n  }\n}\n");
    text
}

/// A raw JSON feed whose content has `n` unknown keys, pretty-printed.
fn unknown_keys(n: usize) -> String {
    let mut text = String::from(
        "{\n  \"object_type\": \"feed\",\n  \"content\": {\n    \"title\": \"a\",\n    \"link\": { \"web_url\": \"https://example.com\" }",
    );
    for i in 0..n {
        let _ = write!(text, ",\n    \"unknown_key_{i}\": \"v\"");
    }
    text.push_str("\n  }\n}\n");
    text
}

/// Wall time of one run of ktpl (output discarded), best of three.
fn time(args: &[&str]) -> Duration {
    (0..3)
        .map(|_| {
            let started = Instant::now();
            let _ = Command::new(binary())
                .args(args)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .expect("ktpl runs");
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn row(name: &str, n: usize, small: Duration, large: Duration) {
    println!(
        "{name:<40} {n:>7} {:>9.3} s {:>9.3} s   x{:.2}",
        small.as_secs_f64(),
        large.as_secs_f64(),
        large.as_secs_f64() / small.as_secs_f64().max(1e-9)
    );
}

/// Open → diagnostics, and the outline, in a real server; with the message's size.
fn editor(text: &str) -> (Duration, usize, Duration) {
    let mut client = Client::start(Command::new(binary()), &[], false);
    let uri = "untitled:many.ktpl";
    let started = Instant::now();
    client.open(uri, "ktpl", text);
    let diagnostics = client.diagnostics(uri);
    let opened = started.elapsed();
    let size = serde_json::to_string(&diagnostics).map_or(0, |s| s.len());
    let started = Instant::now();
    let _ = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let outline = started.elapsed();
    assert!(client.shutdown().success());
    (opened, size, outline)
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    println!("{:<40} {:>7} {:>11} {:>11}   ratio", "case", "N", "N", "2N");
    let n = 20_000;
    let small = dir.path().join("small.ktpl");
    let large = dir.path().join("large.ktpl");
    std::fs::write(&small, unknown_fields(n)).expect("write");
    std::fs::write(&large, unknown_fields(2 * n)).expect("write");
    let (small, large) = (
        small.to_str().expect("utf-8"),
        large.to_str().expect("utf-8"),
    );
    for (name, args) in [
        ("check (human), unknown fields", vec!["check"]),
        (
            "check --format json, unknown fields",
            vec!["check", "--format", "json"],
        ),
        ("compile, unknown fields", vec!["compile"]),
        ("preview, unknown fields", vec!["preview"]),
    ] {
        let run = |file: &str| time(&[args.as_slice(), &[file]].concat());
        row(name, n, run(small), run(large));
    }

    let n = 40_000;
    let small = dir.path().join("small.json");
    let large = dir.path().join("large.json");
    std::fs::write(&small, unknown_keys(n)).expect("write");
    std::fs::write(&large, unknown_keys(2 * n)).expect("write");
    let (small, large) = (
        small.to_str().expect("utf-8"),
        large.to_str().expect("utf-8"),
    );
    for (name, args) in [
        ("check (human), unknown JSON keys", vec!["check"]),
        ("import, unknown JSON keys", vec!["import"]),
    ] {
        let run = |file: &str| time(&[args.as_slice(), &[file]].concat());
        row(name, n, run(small), run(large));
    }

    let n = 250_000;
    let (small_open, small_size, small_outline) = editor(&unknown_fields(n / 2));
    let (large_open, large_size, large_outline) = editor(&unknown_fields(n));
    row("lsp: open -> diagnostics", n / 2, small_open, large_open);
    row("lsp: outline", n / 2, small_outline, large_outline);
    println!(
        "{:<40} {:>7} {:>9} B {:>9} B",
        "lsp: diagnostics message",
        n / 2,
        small_size,
        large_size
    );
}
