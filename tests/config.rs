//! `ktpl.toml` discovery, levels and errors; walking honours `.gitignore`.

use std::path::Path;

use crate::harness::{Ktpl, Run, stderr, stdout};

fn ktpl_in(dir: &Path, args: &[&str]) -> Run {
    Ktpl::new().args(args).current_dir(dir).run()
}

const HTTP_IMAGE: &str = "feed {\n  content { title \"a\" image \"http://example.com/a.png\" 640x640 link \"https://example.com\" }\n}\n";

#[test]
fn config_is_found_from_the_working_directory_upward() {
    let dir = tempfile::tempdir().expect("tempdir");
    let nested = dir.path().join("a/b");
    std::fs::create_dir_all(&nested).expect("mkdir");
    std::fs::write(nested.join("t.ktpl"), HTTP_IMAGE).expect("write");

    let before = ktpl_in(&nested, &["check", "t.ktpl"]);
    assert!(stdout(&before).contains("ktpl::lint::plain_http"));

    std::fs::write(
        dir.path().join("ktpl.toml"),
        "[lints]\nplain_http = \"error\"\n",
    )
    .expect("write");
    let raised = ktpl_in(&nested, &["check", "t.ktpl"]);
    assert_eq!(raised.status.code(), Some(1), "{}", stdout(&raised));

    std::fs::write(
        dir.path().join("ktpl.toml"),
        "[lints]\nplain_http = \"allow\"\n",
    )
    .expect("write");
    let allowed = ktpl_in(&nested, &["check", "t.ktpl"]);
    assert_eq!(allowed.status.code(), Some(0));
    assert!(!stdout(&allowed).contains("plain_http"));

    let other = dir.path().join("other.toml");
    std::fs::write(&other, "[lints]\nplain_http = \"error\"\n").expect("write");
    let explicit = ktpl_in(
        &nested,
        &[
            "check",
            "--config",
            other.to_str().expect("utf-8"),
            "t.ktpl",
        ],
    );
    assert_eq!(explicit.status.code(), Some(1));
}

#[test]
fn a_broken_config_is_a_usage_error_with_a_suggestion() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("ktpl.toml"),
        "allowed_domain = [\"example.com\"]\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("t.ktpl"), HTTP_IMAGE).expect("write");
    let run = ktpl_in(dir.path(), &["check", "t.ktpl"]);
    assert_eq!(run.status.code(), Some(2));
    let err = stderr(&run);
    assert!(err.contains("ktpl::config::unknown_key"), "{err}");
    assert!(err.contains("did you mean `allowed_domains`?"), "{err}");
}

#[test]
fn extra_extensions_come_from_config() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("t.tpl"), "feed {").expect("write");
    let ignored = ktpl_in(dir.path(), &["check", "."]);
    assert!(
        stdout(&ignored).contains("checked 0 files"),
        "{}",
        stdout(&ignored)
    );
    std::fs::write(dir.path().join("ktpl.toml"), "extensions = [\"tpl\"]\n").expect("write");
    let read = ktpl_in(dir.path(), &["check", "."]);
    assert_eq!(read.status.code(), Some(1), "{}", stdout(&read));
}

#[test]
fn a_folder_is_read_in_the_order_of_its_sorted_paths() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Names where comparing whole paths as text and comparing them part by part differ:
    // `a/x` comes before `a b`, `a-b` and `a.b` part by part, after them as text.
    let names = [
        "b.ktpl",
        "a/x.ktpl",
        "a b.ktpl",
        "a-b.ktpl",
        "a.b/y.ktpl",
        "A.ktpl",
        "a/z/q.ktpl",
        "a.ktpl",
        "a/y.ktpl",
        "ab/c.ktpl",
        "한/a.ktpl",
        "a0.ktpl",
    ];
    for name in names {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, "text { text 1 }").expect("write");
    }
    let run = ktpl_in(dir.path(), &["check", "--format", "json", "."]);
    let problems = crate::harness::findings(&run);
    let mut files: Vec<&str> = problems.iter().filter_map(|p| p["file"].as_str()).collect();
    files.dedup();
    let mut sorted: Vec<std::path::PathBuf> = names
        .iter()
        .map(|n| std::path::Path::new(".").join(n))
        .collect();
    sorted.sort();
    let sorted: Vec<String> = sorted.iter().map(|p| p.display().to_string()).collect();
    assert_eq!(files, sorted);
}

#[test]
fn walking_honours_gitignore_and_orders_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("build")).expect("mkdir");
    std::fs::write(dir.path().join(".gitignore"), "build/\n").expect("write");
    std::fs::write(dir.path().join("build/broken.ktpl"), "feed {").expect("write");
    for name in ["b.ktpl", "a.ktpl", "c.ktpl"] {
        std::fs::write(
            dir.path().join(name),
            "text { text 1 link \"https://example.com\" }",
        )
        .expect("write");
    }
    let run = ktpl_in(dir.path(), &["check", "--format", "json", "."]);
    let problems = crate::harness::findings(&run);
    let files: Vec<&str> = problems.iter().filter_map(|p| p["file"].as_str()).collect();
    assert_eq!(
        files,
        ["./a.ktpl", "./b.ktpl", "./c.ktpl"],
        "gitignored build/ skipped, sorted"
    );
}
