//! Folder walks that cannot lie: symlinks followed, loops and unreadable entries
//! reported in every format while the rest is checked, non-template JSON told apart,
//! and a path with no template an error.

use std::path::Path;

use crate::harness::{ktpl, stderr, stdout, valid_sarif};

const GOOD: &str =
    "text {\n  text \"Your order has shipped.\"\n  link \"https://example.com/orders\"\n}\n";
const BROKEN: &str = "text {\n  text \"Hi\"\n  link \"https://example.com\"\n  colour \"red\"\n}\n";

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn json_problems(run: &std::process::Output) -> Vec<serde_json::Value> {
    crate::harness::findings(run)
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

#[cfg(unix)]
#[test]
fn symlinked_files_and_folders_are_checked_and_loops_reported() {
    let outside = tempfile::tempdir().expect("tempdir");
    write(&outside.path().join("shared/broken.ktpl"), BROKEN);
    write(&outside.path().join("lone.ktpl"), BROKEN);
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(&root.join("good.ktpl"), GOOD);
    std::os::unix::fs::symlink(outside.path().join("shared"), root.join("shared")).expect("link");
    std::os::unix::fs::symlink(outside.path().join("lone.ktpl"), root.join("lone.ktpl"))
        .expect("link");
    std::os::unix::fs::symlink(root, root.join("again")).expect("loop");
    std::os::unix::fs::symlink(root.join("nowhere.ktpl"), root.join("dangling.ktpl"))
        .expect("dangling");

    let run = ktpl(&["check", "--format", "json", arg(root)], None);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    let problems = json_problems(&run);
    let found = |code: &str, file_ends: &str| {
        problems.iter().any(|p| {
            p["code"] == code && p["file"].as_str().is_some_and(|f| f.ends_with(file_ends))
        })
    };
    assert!(
        found("ktpl::compile::unknown_field", "shared/broken.ktpl"),
        "{problems:#?}"
    );
    assert!(
        found("ktpl::compile::unknown_field", "lone.ktpl"),
        "{problems:#?}"
    );
    assert!(found("ktpl::io::symlink_loop", "again"), "{problems:#?}");
    assert!(found("ktpl::io::read", "dangling.ktpl"), "{problems:#?}");
    let dangling = problems
        .iter()
        .find(|p| p["code"] == "ktpl::io::read")
        .expect("dangling");
    assert!(
        dangling["message"]
            .as_str()
            .expect("message")
            .contains("dangling.ktpl")
    );

    // SARIF: valid, and as complete as the JSON.
    let sarif = ktpl(&["check", "--format", "sarif", arg(root)], None);
    assert_eq!(sarif.status.code(), Some(2));
    let log = valid_sarif(&stdout(&sarif));
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), problems.len());

    // GitHub and human name every file too.
    let github = stdout(&ktpl(&["check", "--format", "github", arg(root)], None));
    assert!(
        github.contains("dangling.ktpl") && github.contains("again"),
        "{github}"
    );
    let human = stdout(&ktpl(&["check", "--color", "never", arg(root)], None));
    assert!(
        human.contains("symlink loop") && human.contains("dangling.ktpl"),
        "{human}"
    );
}

#[test]
fn a_missing_path_is_reported_and_the_rest_still_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("broken.ktpl"), BROKEN);
    let missing = dir.path().join("tempaltes");
    for format in ["json", "sarif"] {
        let run = ktpl(
            &["check", "--format", format, arg(&missing), arg(dir.path())],
            None,
        );
        assert_eq!(run.status.code(), Some(2), "{format}");
        let text = stdout(&run);
        let codes: Vec<String> = if format == "json" {
            json_problems(&run)
                .iter()
                .map(|p| p["code"].to_string())
                .collect()
        } else {
            valid_sarif(&text)["runs"][0]["results"]
                .as_array()
                .expect("results")
                .iter()
                .map(|r| r["ruleId"].to_string())
                .collect()
        };
        assert_eq!(
            codes,
            ["\"ktpl::io::read\"", "\"ktpl::compile::unknown_field\""],
            "{format}"
        );
        assert!(text.contains("tempaltes"), "{text}");
    }
}

#[test]
fn a_path_without_templates_fails_unless_allowed() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("notes.txt"), "not a template");
    let run = ktpl(&["check", "--color", "never", arg(dir.path())], None);
    assert_eq!(run.status.code(), Some(2), "{}", stdout(&run));
    assert!(
        stdout(&run).contains("holds no template"),
        "{}",
        stdout(&run)
    );
    let json = ktpl(&["check", "--format", "json", arg(dir.path())], None);
    assert_eq!(json_problems(&json)[0]["code"], "ktpl::io::no_templates");
    let allowed = ktpl(&["check", "--allow-empty", arg(dir.path())], None);
    assert_eq!(allowed.status.code(), Some(0), "{}", stdout(&allowed));
}

#[test]
fn other_json_is_skipped_but_a_misspelled_object_type_is_not() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("good.ktpl"), GOOD);
    write(
        &dir.path().join("package.json"),
        r#"{"name": "shop", "version": "1.0.0", "private": true, "scripts": {"build": "tsc"}}"#,
    );
    let clean = ktpl(&["check", "--color", "never", arg(dir.path())], None);
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));
    assert!(
        stdout(&clean).contains("skipped 1 JSON file that has no template keys"),
        "{}",
        stdout(&clean)
    );
    write(
        &dir.path().join("welcome.json"),
        r#"{"objecttype": "text", "text": "Hi", "link": {"web_url": "https://example.com"}}"#,
    );
    let run = ktpl(&["check", "--format", "json", arg(dir.path())], None);
    assert_eq!(run.status.code(), Some(1));
    let problems = json_problems(&run);
    assert!(
        problems.iter().any(|p| p["file"]
            .as_str()
            .is_some_and(|f| f.ends_with("welcome.json"))),
        "{problems:#?}"
    );
    // Named on the command line, any JSON is read as a template.
    let named = ktpl(&["check", arg(&dir.path().join("package.json"))], None);
    assert_eq!(named.status.code(), Some(1));
}

#[test]
fn exclude_globs_in_the_config_leave_paths_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("good.ktpl"), GOOD);
    write(&dir.path().join("drafts/broken.ktpl"), BROKEN);
    let config = dir.path().join("ktpl.toml");
    write(&config, "exclude = [\"drafts/\"]\n");
    let run = ktpl(&["check", "--config", arg(&config), arg(dir.path())], None);
    assert_eq!(run.status.code(), Some(0), "{}", stdout(&run));
    assert!(stdout(&run).contains("checked 1 file:"), "{}", stdout(&run));
    // A file named on the command line is read even when excluded.
    let named = ktpl(
        &[
            "check",
            "--config",
            arg(&config),
            arg(&dir.path().join("drafts/broken.ktpl")),
        ],
        None,
    );
    assert_eq!(named.status.code(), Some(1));
}

#[test]
fn stdin_is_read_as_json_or_ktpl() {
    let json = r#"{"object_type": "text", "text": "Hi", "link": {"web_url": "https://example.com"}, "colour": 1}"#;
    let sniffed = ktpl(&["check", "--format", "json", "-"], Some(json));
    assert_eq!(
        json_problems(&sniffed)[0]["code"],
        "ktpl::schema::unknown_field"
    );
    let told = ktpl(
        &["check", "--format", "json", "--stdin-format", "ktpl", "-"],
        Some(json),
    );
    assert_eq!(
        json_problems(&told)[0]["code"]
            .as_str()
            .map(|c| c.starts_with("ktpl::syntax::")),
        Some(true)
    );
    let ktpl_source = ktpl(&["check", "-"], Some(GOOD));
    assert_eq!(
        ktpl_source.status.code(),
        Some(0),
        "{}",
        stdout(&ktpl_source)
    );
    let compiled = ktpl(
        &["compile", "-"],
        Some(json.replace(", \"colour\": 1", "").as_str()),
    );
    assert_eq!(compiled.status.code(), Some(0), "{}", stderr(&compiled));
}

#[test]
fn every_file_problem_names_its_file() {
    let compile = ktpl(&["compile", "--color", "never", "missing.ktpl"], None);
    assert_eq!(compile.status.code(), Some(2));
    assert!(
        stderr(&compile).contains("missing.ktpl"),
        "{}",
        stderr(&compile)
    );
    let config = ktpl(
        &[
            "check",
            "--color",
            "never",
            "--config",
            "nope.toml",
            "examples",
        ],
        None,
    );
    assert_eq!(config.status.code(), Some(2));
    assert!(stderr(&config).contains("nope.toml"), "{}", stderr(&config));
}

/// `check`, `preview`, `import` and `fmt` open the same workspace: in a folder holding
/// `package.json`, `tsconfig.json` and templates, each works on the templates and skips
/// the two others alike.
#[test]
fn every_command_skips_the_same_non_template_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        &root.join("package.json"),
        r#"{"name": "shop", "version": "1.0.0", "scripts": {"build": "vite"}, "private": true}"#,
    );
    write(
        &root.join("tsconfig.json"),
        r#"{"compilerOptions": {"strict": true}, "include": ["src"]}"#,
    );
    write(
        &root.join("order.json"),
        r#"{"object_type": "text", "text": "Shipped", "link": {"web_url": "https://example.com"}}"#,
    );
    write(&root.join("notes/shipping.ktpl"), GOOD);

    let check = ktpl(&["check", arg(root)], None);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    assert!(
        stdout(&check).contains("checked 2 files: 0 errors, 0 warnings (skipped 2 JSON files"),
        "{}",
        stdout(&check)
    );

    let page = root.join("page.html");
    let preview = ktpl(&["preview", arg(root), "-o", arg(&page)], None);
    assert_eq!(preview.status.code(), Some(0), "{}", stderr(&preview));
    assert!(
        stderr(&preview).contains(
            "previewed 2 templates; 0 templates shown as diagnostics (skipped 2 JSON files"
        ),
        "{}",
        stderr(&preview)
    );
    let html = std::fs::read_to_string(&page).expect("page");
    for (file, shown) in [
        ("order.json", true),
        ("shipping.ktpl", true),
        ("package.json", false),
        ("tsconfig.json", false),
    ] {
        assert_eq!(html.contains(file), shown, "{file} in the preview");
    }
    std::fs::remove_file(&page).expect("page removed");

    let out = tempfile::tempdir().expect("tempdir");
    let import = ktpl(&["import", arg(root), "-o", arg(out.path())], None);
    assert_eq!(import.status.code(), Some(0), "{}", stderr(&import));
    assert!(out.path().join("order.ktpl").is_file());
    for skipped in ["package", "tsconfig"] {
        assert!(!out.path().join(format!("{skipped}.ktpl")).exists());
        assert!(
            stderr(&import).contains(&format!(
                "skipped {}",
                arg(&root.join(format!("{skipped}.json")))
            )),
            "{}",
            stderr(&import)
        );
    }

    let fmt = ktpl(&["fmt", "--check", arg(root)], None);
    assert_eq!(
        fmt.status.code(),
        Some(0),
        "{}{}",
        stdout(&fmt),
        stderr(&fmt)
    );
}
