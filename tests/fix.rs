//! `ktpl check --fix`, `--diff` and `--unsafe-fixes` through the binary: what is
//! written, what is said, what is left, and what is never touched.

use std::path::{Path, PathBuf};

use crate::harness::{findings, ktpl, stderr, stdout};

/// A commerce template with a typo'd field and a quoted price.
const TYPO_AND_QUOTED_PRICE: &str = "commerce {\n  content {\n    titel \"Cake\"\n    link \"https://example.com\"\n  }\n  commerce { regular_price \"1,000\" }\n}\n";
const FIXED: &str = "commerce {\n  content {\n    title \"Cake\"\n    link \"https://example.com\"\n  }\n  commerce { regular_price 1000 }\n}\n";

fn arg(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// A temporary folder holding one file `name` with `text`.
fn file_with(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join(name);
    std::fs::write(&file, text).expect("write");
    (dir, file)
}

/// The run ended with `code`; otherwise the assertion shows what it printed.
fn assert_exit(run: &std::process::Output, code: i32) {
    assert_eq!(
        run.status.code(),
        Some(code),
        "{}{}",
        stdout(run),
        stderr(run)
    );
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("read")
}

#[test]
fn a_typo_and_a_quoted_price_become_clean_and_the_report_says_so() {
    let (_dir, file) = file_with("order.ktpl", TYPO_AND_QUOTED_PRICE);
    let run = ktpl(&["check", "--fix", arg(&file)], None);
    assert_exit(&run, 0);
    assert_eq!(read(&file), FIXED);
    let said = stderr(&run);
    assert!(
        said.contains(
            "order.ktpl: 1 × ktpl::compile::unknown_field, 1 × ktpl::compile::wrong_type"
        ),
        "{said}"
    );
    assert_eq!(
        stdout(&run),
        "checked 1 file: 0 errors, 0 warnings; applied 2 fixes in 1 file\n"
    );
    // Idempotent: a second run finds nothing to fix and writes nothing.
    let again = ktpl(&["check", "--fix", arg(&file)], None);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(read(&file), FIXED);
    assert_eq!(stderr(&again), "");
    assert!(
        stdout(&again).ends_with("; nothing to fix\n"),
        "{}",
        stdout(&again)
    );
}

#[test]
fn diff_shows_the_fixes_and_writes_nothing() {
    let (_dir, file) = file_with("order.ktpl", TYPO_AND_QUOTED_PRICE);
    let run = ktpl(&["check", "--diff", arg(&file)], None);
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(read(&file), TYPO_AND_QUOTED_PRICE);
    let diff = stdout(&run);
    assert!(
        diff.contains("-    titel \"Cake\"\n+    title \"Cake\"\n"),
        "{diff}"
    );
    assert!(
        diff.contains("+  commerce { regular_price 1000 }\n"),
        "{diff}"
    );
    assert!(diff.ends_with("would apply 2 fixes in 1 file\n"), "{diff}");
    assert!(stderr(&run).contains("would fix"), "{}", stderr(&run));

    std::fs::write(&file, FIXED).expect("write");
    let clean = ktpl(&["check", "--diff", arg(&file)], None);
    assert_eq!(clean.status.code(), Some(0));
    assert_eq!(stdout(&clean), "nothing to fix\n");
}

#[test]
fn unsafe_fixes_wait_for_their_flag() {
    let text = "feed {\n  content {\n    title \"a\"\n  }\n}\n";
    let (_dir, file) = file_with("feed.ktpl", text);
    let safe = ktpl(&["check", "--fix", arg(&file)], None);
    assert_eq!(safe.status.code(), Some(1), "the missing link is left");
    assert_eq!(read(&file), text);
    assert!(stdout(&safe).contains("ktpl::schema::required"));
    assert!(
        stdout(&safe).contains("--unsafe-fixes"),
        "{}",
        stdout(&safe)
    );

    let all = ktpl(&["check", "--fix", "--unsafe-fixes", arg(&file)], None);
    assert_eq!(all.status.code(), Some(0), "{}", stdout(&all));
    assert_eq!(
        read(&file),
        "feed {\n  content {\n    link \"https://example.com\"\n    title \"a\"\n  }\n}\n"
    );
    let lone = ktpl(&["check", "--unsafe-fixes", arg(&file)], None);
    assert_eq!(lone.status.code(), Some(2), "{}", stderr(&lone));
}

#[test]
fn plain_http_is_fixed_only_where_the_config_says_it_is_safe() {
    let text = "text {\n  text \"a\"\n  link \"http://example.com\"\n}\n";
    let (dir, file) = file_with("t.ktpl", text);
    let run = ktpl(&["check", "--fix", arg(&file)], None);
    assert_eq!(run.status.code(), Some(0));
    assert_eq!(read(&file), text, "http to https is unsafe by default");
    std::fs::write(
        dir.path().join("ktpl.toml"),
        "[fixes]\nsafe = [\"plain_http\"]\n",
    )
    .expect("write");
    let run = ktpl(&["check", "--fix", arg(&file)], None);
    assert_eq!(run.status.code(), Some(0), "{}", stdout(&run));
    assert_eq!(read(&file), text.replace("http://", "https://"));
}

#[test]
fn a_url_with_spaces_is_percent_encoded_where_it_is_one_plain_string() {
    // ktpl and JSON alike; spaces around a URL go, spaces and `<>` inside are encoded.
    for (name, text, fixed) in [
        (
            "t.ktpl",
            "text {\n  text \"a\"\n  link \"https://example.com/a b?q=<1>\"\n}\n",
            "text {\n  text \"a\"\n  link \"https://example.com/a%20b?q=%3C1%3E\"\n}\n",
        ),
        (
            "t.json",
            "{\"object_type\": \"text\", \"text\": \"a\", \"link\": {\"web_url\": \" https://example.com/ \"}}\n",
            "{\"object_type\": \"text\", \"text\": \"a\", \"link\": {\"web_url\": \"https://example.com/\"}}\n",
        ),
    ] {
        let (_dir, file) = file_with(name, text);
        let run = ktpl(&["check", "--fix", arg(&file)], None);
        assert_eq!(
            run.status.code(),
            Some(0),
            "{name}: {}{}",
            stdout(&run),
            stderr(&run)
        );
        assert_eq!(read(&file), fixed, "{name}");
        assert!(
            stderr(&run).contains("1 × ktpl::lint::invalid_url"),
            "{}",
            stderr(&run)
        );
    }
    // Written through a variable, the URL in the source is not the URL checked: no fix.
    let through_variable =
        "let path = \"a b\"\ntext {\n  text \"a\"\n  link \"https://example.com/${path}\"\n}\n";
    let (_dir, file) = file_with("v.ktpl", through_variable);
    let run = ktpl(&["check", "--fix", arg(&file)], None);
    assert_eq!(run.status.code(), Some(1), "{}", stdout(&run));
    assert_eq!(read(&file), through_variable);
}

#[test]
fn json_files_are_fixed_as_json_and_keep_their_mode() {
    let text = "{\n  \"object_type\": \"text\",\n  \"text\": \"hi\",\n  \"lnik\": {\"web_url\": \"https://example.com\"},\n  \"buttons\": [{\"title\": \"b\", \"link\": {\"web_url\": \"https://example.com\", }}]\n}\n";
    let (_dir, file) = file_with("t.json", text);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    }
    let run = ktpl(&["check", "--fix", arg(&file)], None);
    assert_exit(&run, 0);
    // Round 1 removes the trailing comma (a syntax error; nothing else runs), round 2
    // renames the key.
    assert_eq!(
        read(&file),
        text.replace("\"lnik\"", "\"link\"")
            .replace("\"https://example.com\", }", "\"https://example.com\" }")
    );
    assert!(
        stderr(&run).contains("1 × ktpl::json::syntax"),
        "{}",
        stderr(&run)
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).expect("stat").permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }
}

#[test]
fn a_file_with_a_syntax_error_no_fix_mends_is_left_untouched() {
    let text = "feed {\n  content {\n    titel \"a\"\n    link \"https://example.com\"\n";
    let (_dir, file) = file_with("broken.ktpl", text);
    let run = ktpl(&["check", "--fix", arg(&file)], None);
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(read(&file), text);
    assert!(stdout(&run).contains("ktpl::syntax::missing_brace"));
    // A syntax error that has a fix is fixed, and then what it hid.
    let text = "text {\n  text Your order has shipped\n  lnk \"https://example.com\"\n}\n";
    std::fs::write(&file, text).expect("write");
    let run = ktpl(&["check", "--fix", arg(&file)], None);
    assert_eq!(run.status.code(), Some(0), "{}", stdout(&run));
    assert_eq!(
        read(&file),
        "text {\n  text \"Your order has shipped\"\n  link \"https://example.com\"\n}\n"
    );
}

#[test]
fn stdin_is_fixed_to_stdout() {
    let run = ktpl(&["check", "--fix", "-"], Some(TYPO_AND_QUOTED_PRICE));
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert_eq!(stdout(&run), FIXED);
    assert!(stderr(&run).contains("fixed <stdin>"), "{}", stderr(&run));
    let json = ktpl(&["check", "--fix", "--format", "json", "-"], Some(FIXED));
    assert_eq!(json.status.code(), Some(2));
}

#[test]
fn machine_output_reports_what_is_left_and_carries_the_fixes() {
    let text = "feed {\n  content {\n    titel \"a\"\n  }\n}\n";
    let (_dir, file) = file_with("t.ktpl", text);
    let plain = ktpl(&["check", "--format", "json", arg(&file)], None);
    let before = findings(&plain);
    let typo = &before[0];
    assert_eq!(typo["code"], "ktpl::compile::unknown_field");
    let fix = &typo["fixes"][0];
    assert_eq!(fix["applicability"], "safe");
    assert_eq!(fix["title"], "Replace `titel` with `title`");
    let edit = &fix["edits"][0];
    assert_eq!(
        (edit["line"].as_u64(), edit["column"].as_u64()),
        (Some(3), Some(5))
    );
    let offset = |key: &str| usize::try_from(edit[key].as_u64().expect(key)).expect("fits");
    assert_eq!(&text[offset("start")..offset("end")], "titel");
    assert_eq!(edit["content"], "title");

    let sarif = crate::harness::valid_sarif(&stdout(&ktpl(
        &["check", "--format", "sarif", arg(&file)],
        None,
    )));
    let change = &sarif["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0];
    assert_eq!(
        change["replacements"][0]["insertedContent"]["text"],
        "title"
    );
    assert_eq!(change["replacements"][0]["deletedRegion"]["startLine"], 3);

    let fixed = ktpl(&["check", "--fix", "--format", "json", arg(&file)], None);
    assert_eq!(fixed.status.code(), Some(1), "the missing link is left");
    let left = findings(&fixed);
    assert_eq!(left.len(), 1);
    assert_eq!(left[0]["code"], "ktpl::schema::required");
    assert_eq!(left[0]["fixes"][0]["applicability"], "unsafe");
    assert!(stderr(&fixed).contains("1 × ktpl::compile::unknown_field"));
}
