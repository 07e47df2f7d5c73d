//! `ktpl lsp` against clients that bend the protocol: a `Content-Length` counted in
//! characters, ids of every kind, `exit` without `shutdown`, `initialize` parameters
//! lsp-types would refuse. Through the real server, over stdio.

use std::process::Command;

use serde_json::{Value, json};

use crate::harness::Ktpl;
use crate::lsp_client::Client;

fn binary() -> Command {
    Ktpl::new().command()
}

fn start() -> Client {
    Client::start(binary(), &[], false)
}

/// Sends `message` framed with its length in characters, as a client that forgets
/// UTF-8 does: short by two bytes per Hangul syllable.
fn send_counting_characters(client: &mut Client, message: &Value) {
    let body = message.to_string();
    let frame = format!("Content-Length: {}\r\n\r\n{body}", body.chars().count());
    client.send_raw(frame.as_bytes());
}

const KOREAN_TYPO: &str = "feed {\n  content {\n    title \"오늘의 디저트\" titel \"케이크\"\n    link \"https://example.com\"\n  }\n}\n";

#[test]
fn a_frame_whose_length_counts_characters_is_read_and_the_server_keeps_answering() {
    let mut client = start();
    let uri = "untitled:korean.ktpl";
    send_counting_characters(
        &mut client,
        &json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": { "uri": uri, "languageId": "ktpl", "version": 1, "text": KOREAN_TYPO } } }),
    );
    let diagnostics = client.diagnostics(uri);
    assert_eq!(
        diagnostics[0]["code"], "ktpl::compile::unknown_field",
        "{diagnostics:?}"
    );
    // A request framed the same way is answered, and so is every message after it.
    send_counting_characters(
        &mut client,
        &json!({ "jsonrpc": "2.0", "id": "hover-1", "method": "textDocument/hover", "params": {
            "textDocument": { "uri": uri }, "position": { "line": 2, "character": 25 } } }),
    );
    let hover = client.wait_for(|m| m["id"] == "hover-1");
    assert!(hover.get("error").is_none(), "{hover}");
    let fixed = KOREAN_TYPO.replace("titel", "description");
    client.replace_all(uri, 2, &fixed);
    assert_eq!(client.diagnostics(uri), Vec::<Value>::new());
    assert!(client.shutdown().success());
}

#[test]
fn junk_between_messages_costs_only_itself() {
    let mut client = start();
    // A frame cut short that is not JSON even when read on, then stray bytes running
    // into the next header on the same line.
    client.send_raw(b"Content-Length: 3\r\n\r\n{\"a\": nonsense}\r\nstray bytes ");
    let uri = "untitled:after.ktpl";
    client.open(uri, "ktpl", KOREAN_TYPO);
    assert_eq!(
        client.diagnostics(uri)[0]["code"],
        "ktpl::compile::unknown_field"
    );
    assert!(client.shutdown().success());
}

#[test]
fn requests_with_any_id_are_answered_under_that_id() {
    let mut client = start();
    let hover = json!({ "textDocument": { "uri": "untitled:none.ktpl" }, "position": { "line": 0, "character": 0 } });
    for id in [
        json!("a string"),
        json!("요청"),
        json!(0),
        json!(-7),
        json!(2_147_483_647),
        json!(4_294_967_296_i64),
        json!(-9_007_199_254_740_993_i64),
    ] {
        client.send(
            &json!({ "jsonrpc": "2.0", "id": id, "method": "textDocument/hover", "params": hover }),
        );
        let response = client.wait_for(|m| m["id"] == id && m.get("method").is_none());
        assert_eq!(response["result"], Value::Null, "{response}");
        // A malformed request under such an id is refused under it too.
        client.send(&json!({ "jsonrpc": "2.0", "id": id, "method": 5 }));
        let refused = client.wait_for(|m| m["id"] == id && m.get("method").is_none());
        assert_eq!(refused["error"]["code"], -32600, "{refused}");
    }
    assert!(client.shutdown().success());
}

#[test]
fn exit_without_shutdown_exits_with_code_one() {
    let status = start().exit_without_shutdown();
    assert_eq!(status.code(), Some(1));
    assert_eq!(start().shutdown().code(), Some(0));
}

#[test]
fn config_watching_is_registered_even_when_other_parameters_are_unreadable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("t.ktpl");
    let text = "feed {\n  content { title \"a\" image \"http://example.com/a.png\" 640x640 link \"https://example.com\" }\n}\n";
    std::fs::write(&file, text).expect("write");
    let config = dir.path().join("ktpl.toml");
    let uri = url::Url::from_file_path(&file).expect("uri").to_string();
    let config_uri = url::Url::from_file_path(&config).expect("uri").to_string();

    // lsp-types refuses this `rootUri` (a space and Hangul, unencoded), and with it the
    // whole of `InitializeParams`; the capabilities are read all the same.
    let root = format!("file://{}/내 템플릿", dir.path().display());
    let mut client = Client::start_with(
        binary(),
        json!({ "processId": null, "rootUri": root, "workspaceFolders": [{ "uri": root, "name": "w" }],
                "capabilities": {
                    "general": { "positionEncodings": ["utf-8", "utf-16"] },
                    "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } } }),
    );
    assert_eq!(
        client.initialized["capabilities"]["positionEncoding"],
        "utf-8"
    );
    let registration = client.wait_for(|m| m["method"] == "client/registerCapability");
    let registered = &registration["params"]["registrations"][0];
    assert_eq!(registered["method"], "workspace/didChangeWatchedFiles");
    assert_eq!(
        registered["registerOptions"]["watchers"][0]["globPattern"],
        "**/ktpl.toml"
    );
    client.send(&json!({ "jsonrpc": "2.0", "id": registration["id"], "result": null }));

    client.open(&uri, "ktpl", text);
    assert_eq!(
        client.diagnostics(&uri)[0]["code"],
        "ktpl::lint::plain_http"
    );
    // Saving ktpl.toml alone (it is not open in the editor) checks the template again.
    std::fs::write(&config, "[lints]\nplain_http = \"allow\"\n").expect("write");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": config_uri, "type": 1 }] }),
    );
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    assert!(client.shutdown().success());
}

#[test]
fn without_the_client_capability_no_watcher_is_requested() {
    let mut client = start();
    let uri = "untitled:a.ktpl";
    client.open(uri, "ktpl", KOREAN_TYPO);
    let _ = client.diagnostics(uri);
    client.send(&json!({ "jsonrpc": "2.0", "id": "last", "method": "shutdown" }));
    let _ = client.wait_for(|m| m["id"] == "last");
    assert!(
        client
            .take_pending()
            .iter()
            .all(|m| m["method"] != "client/registerCapability"),
        "a watcher was requested from a client that cannot take it"
    );
}
