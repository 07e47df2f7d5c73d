//! `ktpl lsp` driven by a real client over stdio: diagnostics, positions in UTF-16 and
//! UTF-8, completion, hover, quick fixes, outline, config, garbage and shutdown.

use serde_json::{Value, json};

use crate::harness::Ktpl;
use crate::lsp_client::{Client, apply_edits, position_of};

fn start(encodings: &[&str]) -> Client {
    Client::start(Ktpl::new().command(), encodings, false)
}

/// A typo on a line with Korean and an emoji before it.
const TYPO: &str = "feed {\n  content {\n    description \"케이크 🍰\" titel \"Hi\"\n    link \"https://example.com\"\n  }\n}\n";

fn labels(completion: &Value) -> Vec<String> {
    completion
        .as_array()
        .expect("a list of items")
        .iter()
        .map(|item| item["label"].as_str().expect("label").to_owned())
        .collect()
}

fn code_of(diagnostic: &Value) -> &str {
    diagnostic["code"].as_str().expect("code")
}

#[test]
fn a_typo_is_underlined_in_utf16_units_past_korean_and_emoji() {
    let mut client = start(&[]);
    assert_eq!(
        client.initialized["capabilities"]["positionEncoding"],
        "utf-16"
    );
    client.open("untitled:typo.ktpl", "ktpl", TYPO);
    let diagnostics = client.diagnostics("untitled:typo.ktpl");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let diagnostic = &diagnostics[0];
    assert_eq!(code_of(diagnostic), "ktpl::compile::unknown_field");
    assert_eq!(diagnostic["severity"], 1);
    // `    description "케이크 🍰" ` is 25 UTF-16 units (🍰 is two), 33 bytes, 24 chars.
    assert_eq!(
        diagnostic["range"],
        json!({ "start": { "line": 2, "character": 25 }, "end": { "line": 2, "character": 30 } })
    );
    let message = diagnostic["message"].as_str().expect("message");
    assert!(
        message.starts_with("unknown field `titel` in `content`"),
        "{message}"
    );
    assert!(message.contains("did you mean `title`?"), "{message}");
    assert!(message.contains("help: "), "{message}");
    let href = diagnostic["codeDescription"]["href"]
        .as_str()
        .expect("href");
    assert!(
        href.ends_with("explain.md#ktplcompileunknown_field"),
        "{href}"
    );
    assert!(client.shutdown().success());
}

#[test]
fn utf8_is_used_when_the_client_offers_it() {
    let mut client = start(&["utf-16", "utf-8"]);
    assert_eq!(
        client.initialized["capabilities"]["positionEncoding"],
        "utf-8"
    );
    client.open("untitled:typo.ktpl", "ktpl", TYPO);
    let diagnostics = client.diagnostics("untitled:typo.ktpl");
    assert_eq!(
        diagnostics[0]["range"]["start"],
        json!({ "line": 2, "character": 33 })
    );
}

#[test]
fn duplicates_point_at_where_the_field_was_first_set() {
    let mut client = start(&[]);
    let text = "text {\n  text \"a\"\n  text \"b\"\n  link \"https://example.com\"\n}\n";
    client.open("untitled:dup.ktpl", "ktpl", text);
    let diagnostics = client.diagnostics("untitled:dup.ktpl");
    assert_eq!(code_of(&diagnostics[0]), "ktpl::compile::duplicate_field");
    let related = &diagnostics[0]["relatedInformation"][0];
    assert_eq!(related["message"], "first set here");
    assert_eq!(
        related["location"]["range"]["start"],
        json!({ "line": 1, "character": 2 })
    );
    assert_eq!(related["location"]["uri"], "untitled:dup.ktpl");
}

#[test]
fn completion_offers_exactly_what_the_place_takes() {
    let mut client = start(&[]);
    let text = "let name = \"Kim\"\nfeed {\n  content {\n    \n  }\n  social like=1\n  button \"b\" \"https://example.com\"\n}\n";
    let uri = "untitled:complete.ktpl";
    client.open(uri, "ktpl", text);
    let at = |needle: &str, skip: usize| json!({ "textDocument": { "uri": uri }, "position": position_of(text, needle, skip) });
    let inside_content = client.request("textDocument/completion", at("content {\n    ", 14));
    assert_eq!(
        labels(&inside_content),
        [
            "title",
            "image_url",
            "image_width",
            "image_height",
            "description",
            "link",
            "image"
        ]
    );
    let link = inside_content
        .as_array()
        .expect("items")
        .iter()
        .find(|item| item["label"] == "link")
        .expect("link");
    assert!(
        link["detail"]
            .as_str()
            .expect("detail")
            .contains("required"),
        "{link}"
    );
    let title = &inside_content[0];
    assert!(
        title["documentation"]["value"]
            .as_str()
            .expect("doc")
            .contains("Title text."),
        "{title}"
    );

    let top = client.request("textDocument/completion", at("feed", 0));
    for template in ["feed", "list", "location", "commerce", "text", "calendar"] {
        assert!(labels(&top).contains(&template.to_owned()), "{template}");
    }

    let social = client.request("textDocument/completion", at("social ", 7));
    assert_eq!(
        labels(&social),
        [
            "like_count=",
            "comment_count=",
            "shared_count=",
            "view_count=",
            "subscriber_count=",
            "like=",
            "comment=",
            "shared=",
            "view=",
            "subscriber="
        ]
    );
    assert!(client.shutdown().success());
}

#[test]
fn completion_of_variables_link_keys_and_enum_values() {
    let mut client = start(&[]);
    let uri = "untitled:vars.ktpl";
    // Mid-typing: the line with the cursor does not parse yet.
    let typing = "let when = \"today\"\nlet where = \"Seoul\"\ntext {\n  text \"${\n}\n";
    client.open(uri, "ktpl", typing);
    let position = position_of(typing, "\"${", 3);
    let variables = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": position }),
    );
    assert_eq!(labels(&variables), ["when", "where"]);
    let text = "calendar {\n  id_type \n  id \"x\"\n  content {\n    link \n  }\n}\n";
    client.replace_all(uri, 2, text);
    let at = |needle: &str, skip: usize| json!({ "textDocument": { "uri": uri }, "position": position_of(text, needle, skip) });
    let link = client.request("textDocument/completion", at("link ", 5));
    assert!(labels(&link).contains(&"web=".to_owned()), "{link}");
    assert!(labels(&link).contains(&"ios=".to_owned()), "{link}");
    let id_type = client.request("textDocument/completion", at("id_type ", 8));
    assert_eq!(labels(&id_type), ["\"event\"", "\"calendar\""]);
}

#[test]
fn hover_explains_fields_templates_and_problem_codes() {
    let mut client = start(&[]);
    let uri = "untitled:hover.ktpl";
    client.open(uri, "ktpl", TYPO);
    let _ = client.diagnostics(uri);
    let hover = |client: &mut Client, needle: &str| {
        client.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": position_of(TYPO, needle, 1) }),
        )
    };
    let description = hover(&mut client, "description");
    let text = description["contents"]["value"].as_str().expect("markdown");
    assert!(
        text.contains("**`description`**: text") && text.contains("Body text."),
        "{text}"
    );
    let link = hover(&mut client, "link");
    assert!(
        link["contents"]["value"]
            .as_str()
            .expect("md")
            .contains("**`link`**")
    );
    let keyed_text = "feed {\n  content {\n    image \"https://example.com/a.png\" width=640\n    link web=\"https://example.com\"\n  }\n}\n";
    client.open("untitled:keyed.ktpl", "ktpl", keyed_text);
    for (needle, expected) in [("width=", "**`image_width`**"), ("web=", "**`web`**")] {
        let keyed = client.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": "untitled:keyed.ktpl" }, "position": position_of(keyed_text, needle, 1) }),
        );
        let markdown = keyed["contents"]["value"].as_str().expect("markdown");
        assert!(markdown.starts_with(expected), "{markdown}");
    }
    let template = hover(&mut client, "feed");
    assert!(
        template["contents"]["value"]
            .as_str()
            .expect("md")
            .contains("template")
    );
    let typo = hover(&mut client, "titel");
    let text = typo["contents"]["value"].as_str().expect("markdown");
    assert!(
        text.contains("ktpl::compile::unknown_field") && text.contains("Wrong:"),
        "{text}"
    );
}

/// Requests the quick fixes at each diagnostic, applies the first one titled
/// `title_starts`, and returns the new text.
fn apply_fix(client: &mut Client, uri: &str, text: &str, title_starts: &str) -> String {
    let diagnostics = client.diagnostics(uri);
    assert!(!diagnostics.is_empty(), "no diagnostics for {text}");
    let mut offered = Vec::new();
    for diagnostic in &diagnostics {
        let actions = client.request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": diagnostic["range"],
                "context": { "diagnostics": [diagnostic] },
            }),
        );
        offered.extend(actions.as_array().cloned().unwrap_or_default());
    }
    let action = offered
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .is_some_and(|t| t.starts_with(title_starts))
        })
        .unwrap_or_else(|| panic!("no `{title_starts}` fix in {offered:?}"));
    assert_eq!(action["kind"], "quickfix");
    apply_edits(
        text,
        action["edit"]["changes"][uri].as_array().expect("edits"),
    )
}

#[test]
fn quick_fixes_apply_and_the_document_checks_clean() {
    let mut client = start(&[]);
    let cases = [
        (TYPO, "Replace `titel` with `title`"),
        (
            "text {\n  text \"a\"\n  text \"b\"\n  link \"https://example.com\"\n}\n",
            "Remove the second `text`",
        ),
        ("feed {\n  content { title \"a\" }\n}\n", "Add `link`"),
        (
            "commerce {\n  content { title \"a\" link \"https://example.com\" }\n  commerce { regular_price \"1,000\" }\n}\n",
            "Write 1000 as a number",
        ),
        (
            "text {\n  text \"a\"\n  link \"https://example.com\"\n  button \"1\" \"https://example.com\"\n  button \"2\" \"https://example.com\"\n  button \"3\" \"https://example.com\"\n  button \"4\" \"https://example.com\"\n}\n",
            "Remove the 2 `button` nodes past the limit",
        ),
    ];
    for (index, (text, fix)) in cases.into_iter().enumerate() {
        let uri = format!("untitled:fix{index}.ktpl");
        client.open(&uri, "ktpl", text);
        let fixed = apply_fix(&mut client, &uri, text, fix);
        client.replace_all(&uri, 2, &fixed);
        let diagnostics = client.diagnostics(&uri);
        assert!(diagnostics.is_empty(), "{fix}: {fixed}\n{diagnostics:?}");
    }
}

#[test]
fn incremental_edits_are_checked_again() {
    let mut client = start(&[]);
    let uri = "untitled:edit.ktpl";
    client.open(uri, "ktpl", TYPO);
    assert_eq!(client.diagnostics(uri).len(), 1);
    // Fix `titel` by replacing its `el` with `le`, as an editor sends a keystroke.
    let start = position_of(TYPO, "titel", 3);
    let end = position_of(TYPO, "titel", 5);
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 2 },
            "contentChanges": [{ "range": { "start": start, "end": end }, "text": "le" }],
        }),
    );
    assert_eq!(client.diagnostics(uri), Vec::<Value>::new());
}

#[test]
fn the_outline_shows_template_blocks_and_buttons() {
    let mut client = start(&[]);
    let uri = "untitled:outline.ktpl";
    let text = std::fs::read_to_string(crate::harness::repo("examples/feed_dessert.ktpl"))
        .expect("example");
    client.open(uri, "ktpl", &text);
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let feed = &symbols[0];
    assert_eq!(feed["name"], "feed");
    let children: Vec<&str> = feed["children"]
        .as_array()
        .expect("children")
        .iter()
        .map(|c| c["name"].as_str().expect("name"))
        .collect();
    assert_eq!(
        children,
        ["content", "item_content", "social", "button", "button"]
    );
    assert_eq!(feed["children"][3]["detail"], "\"View on web\"");
}

#[test]
fn raw_json_templates_get_the_same_diagnostics() {
    let mut client = start(&[]);
    let uri = "untitled:raw.json";
    let text = "{\n  \"object_type\": \"text\",\n  \"text\": \"안녕\",\n  \"link\": { \"web_url\": \"https://example.com\" },\n  \"titel\": 1\n}\n";
    client.open(uri, "json", text);
    let diagnostics = client.diagnostics(uri);
    assert_eq!(code_of(&diagnostics[0]), "ktpl::schema::unknown_field");
    assert_eq!(diagnostics[0]["range"]["start"]["line"], 4);
}

/// The one rule for what is a template: a JSON document that is plainly something else
/// (`package.json` open beside the templates) gets no findings, as `check` skips it in
/// a folder; once it reads as a template, it is checked.
#[test]
fn json_documents_that_are_not_templates_get_no_findings() {
    let mut client = start(&[]);
    let uri = "untitled:package.json";
    let package = "{\n  \"name\": \"shop\",\n  \"version\": \"1.0.0\",\n  \"scripts\": { \"test\": \"ktpl check templates\" },\n  \"private\": true\n}\n";
    client.open(uri, "json", package);
    assert_eq!(client.diagnostics(uri), Vec::<Value>::new());
    let template = "{\n  \"object_type\": \"text\",\n  \"text\": \"hi\",\n  \"lnik\": {}\n}\n";
    client.replace_all(uri, 2, template);
    let diagnostics = client.diagnostics(uri);
    assert!(
        diagnostics
            .iter()
            .any(|d| code_of(d) == "ktpl::schema::unknown_field"),
        "{diagnostics:#?}"
    );
    // `check` agrees on both.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("package.json"), package).expect("write");
    let run = Ktpl::new()
        .args(["check", "--allow-empty", "."])
        .current_dir(dir.path())
        .run();
    assert!(run.status.success(), "{:?}", *run);
    let _ = client.shutdown();
}

#[test]
fn the_nearest_config_applies_and_is_read_again_when_it_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let nested = dir.path().join("a/b");
    std::fs::create_dir_all(&nested).expect("mkdir");
    let file = nested.join("t.ktpl");
    let text = "feed {\n  content { title \"a\" image \"http://example.com/a.png\" 640x640 link \"https://example.com\" }\n}\n";
    std::fs::write(&file, text).expect("write");
    let config = dir.path().join("ktpl.toml");
    std::fs::write(&config, "[lints]\nplain_http = \"allow\"\n").expect("write");
    let uri = url::Url::from_file_path(&file).expect("uri").to_string();
    let config_uri = url::Url::from_file_path(&config).expect("uri").to_string();

    let mut client = Client::start(Ktpl::new().command(), &[], true);
    let registration = client.wait_for(|m| m["method"] == "client/registerCapability");
    assert_eq!(
        registration["params"]["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );
    client.open(&uri, "ktpl", text);
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());

    std::fs::write(&config, "[lints]\nplain_http = \"error\"\n# now an error\n").expect("write");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": config_uri, "type": 2 }] }),
    );
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(code_of(&diagnostics[0]), "ktpl::lint::plain_http");
    assert_eq!(diagnostics[0]["severity"], 1);
    // Each read of a good config clears its diagnostics.
    assert_eq!(client.diagnostics(&config_uri), Vec::<Value>::new());
    assert_eq!(client.diagnostics(&config_uri), Vec::<Value>::new());

    // A broken config is shown on itself; templates fall back to the defaults.
    std::fs::write(&config, "[lints]\nplain_htp = \"allow\"\n").expect("write");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": config_uri, "type": 2 }] }),
    );
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(code_of(&diagnostics[0]), "ktpl::lint::plain_http");
    assert_eq!(diagnostics[0]["severity"], 2);
    let broken = client.diagnostics(&config_uri);
    assert_eq!(code_of(&broken[0]), "ktpl::config::bad_value");
    assert!(
        broken[0]["message"]
            .as_str()
            .expect("message")
            .contains("plain_http")
    );
}

#[test]
fn garbage_unknown_documents_and_bad_positions_do_not_stop_the_server() {
    let mut client = start(&[]);
    client.send_raw(b"Content-Length: 9\r\n\r\n{not json");
    client.send_raw(b"X-Nonsense: yes\r\n\r\n");
    client.send(&json!({ "jsonrpc": "2.0", "id": 900, "method": 42 }));
    let invalid = client.wait_for(|m| m["id"] == 900);
    assert_eq!(invalid["error"]["code"], -32600);

    let unknown = json!({ "textDocument": { "uri": "untitled:nobody.ktpl" }, "position": { "line": 0, "character": 0 } });
    assert_eq!(
        client.request("textDocument/hover", unknown.clone()),
        Value::Null
    );
    assert_eq!(
        client.request("textDocument/completion", unknown),
        Value::Null
    );
    let missing = client.request_raw("textDocument/hover", json!({ "nonsense": true }));
    assert_eq!(missing["error"]["code"], -32602);
    let unsupported = client.request_raw("textDocument/rename", json!({}));
    assert_eq!(unsupported["error"]["code"], -32601);
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": "untitled:nobody.ktpl", "version": 2 }, "contentChanges": [] }),
    );

    let uri = "untitled:broken.ktpl";
    client.open(uri, "ktpl", "feed {\n  content { title \"🍰");
    let diagnostics = client.diagnostics(uri);
    assert!(
        code_of(&diagnostics[0]).starts_with("ktpl::syntax::"),
        "{diagnostics:?}"
    );
    let far =
        json!({ "textDocument": { "uri": uri }, "position": { "line": 99, "character": 99 } });
    let _ = client.request("textDocument/hover", far.clone());
    let _ = client.request("textDocument/completion", far.clone());
    let inside_emoji =
        json!({ "textDocument": { "uri": uri }, "position": { "line": 1, "character": 21 } });
    let _ = client.request("textDocument/completion", inside_emoji);
    let _ = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": { "start": far["position"], "end": far["position"] }, "context": { "diagnostics": [] } }),
    );
    assert!(client.shutdown().success());
}

#[test]
fn a_client_that_disappears_ends_the_server() {
    let mut client = start(&[]);
    client.open("untitled:a.ktpl", "ktpl", TYPO);
    let _ = client.diagnostics("untitled:a.ktpl");
    let _ = client.vanish();
}

#[test]
fn a_schema_line_for_json_editors_is_accepted_and_not_compiled() {
    let text = "{\n  \"$schema\": \"../schemas/template.json\",\n  \"object_type\": \"text\",\n  \"text\": \"Hi\",\n  \"link\": { \"web_url\": \"https://example.com\" }\n}\n";
    let mut client = start(&[]);
    client.open("untitled:schema.json", "json", text);
    assert_eq!(
        client.diagnostics("untitled:schema.json"),
        Vec::<Value>::new()
    );

    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("t.json");
    std::fs::write(&file, text).expect("write");
    let output = crate::harness::Ktpl::new().arg("compile").arg(&file).run();
    assert!(output.status.success(), "{:?}", *output);
    let compiled: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert!(compiled.get("$schema").is_none(), "{compiled}");
    assert_eq!(compiled["object_type"], "text");
}

#[test]
fn raw_json_keys_hover_and_their_typos_fix() {
    let mut client = start(&[]);
    let uri = "untitled:fix.json";
    let text = "{\n  \"object_type\": \"feed\",\n  \"content\": {\n    \"titel\": \"케이크\",\n    \"link\": { \"web_url\": \"https://example.com\" }\n  }\n}\n";
    client.open(uri, "json", text);
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": position_of(text, "web_url", 1) }),
    );
    let markdown = hover["contents"]["value"].as_str().expect("markdown");
    assert!(markdown.starts_with("**`web_url`**: text"), "{markdown}");
    let fixed = apply_fix(&mut client, uri, text, "Replace `titel` with `title`");
    assert!(fixed.contains("\"title\": \"케이크\""), "{fixed}");
    client.replace_all(uri, 2, &fixed);
    assert_eq!(client.diagnostics(uri), Vec::<Value>::new());

    let uri = "untitled:twice.json";
    let text = "{\n  \"object_type\": \"text\",\n  \"text\": \"a\",\n  \"text\": \"b\",\n  \"link\": { \"web_url\": \"https://example.com\" }\n}\n";
    client.open(uri, "json", text);
    // JSON readers keep the later of two keys, so the fix keeps that one.
    let fixed = apply_fix(&mut client, uri, text, "Remove the first `text`");
    assert_eq!(
        fixed,
        "{\n  \"object_type\": \"text\",\n  \"text\": \"b\",\n  \"link\": { \"web_url\": \"https://example.com\" }\n}\n"
    );
    client.replace_all(uri, 2, &fixed);
    assert_eq!(client.diagnostics(uri), Vec::<Value>::new());
}

#[test]
fn formatting_gives_fmt_layout_and_leaves_broken_documents_alone() {
    let mut client = start(&[]);
    let uri = "untitled:format.ktpl";
    let messy = "text{\n      text   \"안녕 🍰\"   // greeting\nlink \"https://example.com\"}\n";
    client.open(uri, "ktpl", messy);
    let params = json!({
        "textDocument": { "uri": uri },
        "options": { "tabSize": 2, "insertSpaces": true },
    });
    let edits = client.request("textDocument/formatting", params.clone());
    let edits = edits.as_array().expect("edits");
    let formatted = apply_edits(messy, edits);
    assert_eq!(
        formatted,
        ktpl::format(messy).expect("formats"),
        "the editor gets exactly `ktpl fmt`'s text"
    );
    assert!(formatted.contains("// greeting"), "{formatted}");

    // Already formatted: nothing to change.
    client.replace_all(uri, 2, &formatted);
    let again = client.request("textDocument/formatting", params.clone());
    assert_eq!(again, json!([]));

    // A syntax error: the document is never rewritten.
    client.replace_all(uri, 3, "text {\n  text \"unclosed\n}\n");
    let broken = client.request("textDocument/formatting", params);
    assert_eq!(broken, json!([]));
    client.shutdown();
}
