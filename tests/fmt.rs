//! `ktpl fmt`: idempotent, meaning-preserving on every source we have, comments kept;
//! `--check` exit codes and diff; in-place writes atomic and keeping the file's mode.

use ktpl::internals::{Code, Spans, Trivia, to_json};
use ktpl::{Config, ImportOptions, format as format_source, import};

use crate::harness::{Ktpl, files_under, fixture_vars, ktpl, stderr, stdout};

/// The compiled JSON and the codes of every problem: what formatting must not change.
fn meaning(text: &str) -> Option<(String, Vec<Code>)> {
    let document = ktpl::internals::parse(text).ok()?;
    let (compiled, problems) = ktpl::internals::compile(&document, &fixture_vars(), Spans::Skip);
    Some((
        to_json(&compiled.value, false),
        problems.iter().map(|p| p.code).collect(),
    ))
}

/// Every ktpl source we have: examples (any depth), fixtures (valid and invalid), and
/// the corpus templates imported.
fn every_source() -> Vec<(String, String)> {
    let mut sources: Vec<(String, String)> = files_under("examples", &["ktpl"])
        .into_iter()
        .chain(files_under("tests/fixtures", &["ktpl"]))
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable");
            (path.display().to_string(), text)
        })
        .collect();
    for path in files_under("../shared/corpus/templates", &["json"]) {
        let text = std::fs::read_to_string(&path).expect("readable");
        let imported = import(&text, &ImportOptions::default(), &Config::default());
        sources.push((
            path.display().to_string(),
            imported.expect("corpus imports"),
        ));
    }
    assert!(sources.len() > 60, "found only {} sources", sources.len());
    sources
}

#[test]
fn formatting_is_idempotent_and_keeps_the_compiled_json_byte_identical() {
    let mut formatted_count = 0;
    for (name, text) in every_source() {
        let Some(before) = meaning(&text) else {
            // A file with syntax errors is refused with the errors `check` reports.
            let refused: Vec<_> = format_source(&text)
                .expect_err(&name)
                .findings
                .into_iter()
                .map(|f| (f.code, f.span))
                .collect();
            let errors: Vec<_> = ktpl::internals::parse(&text)
                .expect_err(&name)
                .iter()
                .map(|p| {
                    (
                        p.code.name(),
                        p.primary.as_ref().map(|(s, _)| s.start..s.end),
                    )
                })
                .collect();
            assert_eq!(refused, errors, "{name}");
            continue;
        };
        let once = format_source(&text).unwrap_or_else(|r| panic!("{name}: {:?}", r.findings));
        assert_eq!(meaning(&once).as_ref(), Some(&before), "{name}:\n{once}");
        let twice = format_source(&once).expect("formatted output parses");
        assert_eq!(twice, once, "{name} is not idempotent");
        assert_eq!(
            comments(&text),
            comments(&once),
            "{name}: comments lost or changed"
        );
        formatted_count += 1;
    }
    assert!(formatted_count > 50);
}

/// The comments of a source, in order, as the trivia scan finds them.
fn comments(text: &str) -> Vec<String> {
    let document = ktpl::internals::parse(text).expect("parses");
    ktpl::internals::trivia(text, &document)
        .into_iter()
        .filter_map(|t| match t {
            Trivia::Comment(span) => Some(span.read(text).trim_end().to_owned()),
            Trivia::BlankLine(_) => None,
        })
        .collect()
}

const MESSY: &str = "text{text \"hi\" // greeting\nlink \"https://example.com\"}";
const TIDY: &str = "text {\n  text \"hi\" // greeting\n  link \"https://example.com\"\n}\n";

#[test]
fn check_exits_one_with_a_diff_and_changes_nothing() {
    let run = Ktpl::new()
        .file("messy.ktpl", MESSY)
        .file("tidy.ktpl", TIDY)
        .args(["fmt", "--check", "."])
        .run();
    let (messy, tidy) = (run.dir().join("messy.ktpl"), run.dir().join("tidy.ktpl"));
    assert_eq!(run.status.code(), Some(1));
    let diff = stdout(&run);
    assert!(diff.contains("messy.ktpl"), "{diff}");
    assert!(!diff.contains("tidy.ktpl"), "{diff}");
    assert!(diff.contains("-text{text \"hi\" // greeting"), "{diff}");
    assert!(diff.contains("+  text \"hi\" // greeting"), "{diff}");
    assert!(stderr(&run).contains("would reformat"), "{}", stderr(&run));
    assert_eq!(std::fs::read_to_string(&messy).expect("read"), MESSY);
    let clean = ktpl(&["fmt", "--check", tidy.to_str().expect("utf-8")], None);
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));
    assert!(stdout(&clean).is_empty());
}

#[cfg(unix)]
#[test]
fn in_place_writes_are_atomic_and_keep_the_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("messy.ktpl");
    std::fs::write(&path, MESSY).expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let run = ktpl(&["fmt", path.to_str().expect("utf-8")], None);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), TIDY);
    let mode = std::fs::metadata(&path)
        .expect("metadata")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o640);
    // Written through a temporary file renamed into place: nothing else is left.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("messy.ktpl")]);
}

#[test]
fn stdin_goes_to_stdout_and_syntax_errors_leave_files_untouched() {
    let run = ktpl(&["fmt", "-"], Some(MESSY));
    assert_eq!(run.status.code(), Some(0));
    assert_eq!(stdout(&run), TIDY);
    let text = "text {\n  text = \"hi\"\n}";
    let run = Ktpl::new()
        .file("broken.ktpl", text)
        .args(["fmt", "broken.ktpl"])
        .run();
    let broken = run.dir().join("broken.ktpl");
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("ktpl::syntax::unexpected"),
        "{}",
        stderr(&run)
    );
    assert_eq!(std::fs::read_to_string(&broken).expect("read"), text);
}

#[test]
fn the_pre_commit_hook_runs_fmt_check() {
    let hooks = std::fs::read_to_string(crate::harness::repo(".pre-commit-hooks.yaml"))
        .expect("hooks file");
    assert!(hooks.contains("- id: ktpl-fmt"), "{hooks}");
    assert!(hooks.contains("entry: ktpl fmt --check"), "{hooks}");
}

#[test]
fn formats_the_layout_fixtures_as_pinned() {
    insta::glob!("fixtures/fmt/*.ktpl", |path| {
        let text = std::fs::read_to_string(path).expect("fixture");
        insta::assert_snapshot!(format_source(&text).expect("formats"));
    });
}

#[test]
fn the_examples_are_kept_in_fmt_layout() {
    // The examples are what a new user copies: they show the canonical layout.
    let run = ktpl(&["fmt", "--check", "examples"], None);
    assert_eq!(run.status.code(), Some(0), "{}", stdout(&run));
}
