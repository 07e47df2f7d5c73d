//! Files ktpl writes: `import` never loses a template (two inputs for one output are an
//! error, nothing overwritten) and its new files follow the umask; `fmt` edits the file
//! the user meant (through symlinks, keeping owner, group, mode and hard links) and
//! refuses what it must not rewrite (read-only files, FIFOs, devices).

#![cfg(unix)]

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Output};

use crate::harness::{Ktpl, ktpl, repo, stderr};

const MESSY: &str = "text{text \"hi\"\nlink \"https://example.com\"}\n";
const TIDY: &str = "text {\n  text \"hi\"\n  link \"https://example.com\"\n}\n";

fn path_str(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs ktpl under `umask`.
fn ktpl_with_umask(umask: &str, args: &[&str]) -> Output {
    Ktpl::with_umask(umask).args(args).run().into_output()
}

fn copy_fixture(name: &str, to: &Path) {
    std::fs::copy(repo(&format!("tests/fixtures/import/{name}")), to)
        .unwrap_or_else(|e| panic!("copy {name}: {e}"));
}

#[test]
fn two_inputs_for_one_output_are_an_error_naming_both_and_nothing_is_overwritten() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).expect("mkdir");
    copy_fixture("kakao_text.json", &input.join("t.json"));
    copy_fixture("kakao_feed.js", &input.join("t.js"));
    copy_fixture("kakao_list.js", &input.join("b.js"));
    copy_fixture("kakao_location.js", &input.join("b.mjs"));
    copy_fixture("kakao_commerce.js", &input.join("b.ts"));
    copy_fixture("kakao_calendar.json", &input.join("c.json"));
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).expect("mkdir");
    // A file from an earlier run stays as it was: neither input may replace it.
    std::fs::write(out.join("t.ktpl"), "// mine\n").expect("write");
    let run = ktpl(&["import", path_str(&input), "-o", path_str(&out)], None);
    let err = stderr(&run);
    assert_ne!(run.status.code(), Some(0), "{err}");
    for name in ["t.json", "t.js", "b.js", "b.mjs", "b.ts"] {
        assert!(
            err.contains(&format!("in/{name}")),
            "{name} not named:\n{err}"
        );
    }
    assert!(err.contains("t.ktpl") && err.contains("b.ktpl"), "{err}");
    assert_eq!(read(&out.join("t.ktpl")), "// mine\n");
    assert!(!out.join("b.ktpl").exists());
    // The input that collides with nothing is still imported.
    assert!(read(&out.join("c.ktpl")).starts_with("calendar {"));
    // Only what was asked for is there: no temporary file left behind.
    let mut names: Vec<_> = std::fs::read_dir(&out)
        .expect("out")
        .map(|e| e.expect("entry").file_name().into_string().expect("utf-8"))
        .collect();
    names.sort();
    assert_eq!(names, ["c.ktpl", "t.ktpl"]);
}

#[test]
fn importing_a_file_onto_itself_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("t.json");
    copy_fixture("kakao_text.json", &path);
    let before = read(&path);
    let run = ktpl(&["import", path_str(&path), "-o", path_str(&path)], None);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(stderr(&run).contains("t.json"), "{}", stderr(&run));
    assert_eq!(read(&path), before);
}

#[test]
fn files_import_creates_follow_the_umask() {
    for (umask, mode) in [("022", 0o644), ("027", 0o640)] {
        let dir = tempfile::tempdir().expect("tempdir");
        let input = dir.path().join("in");
        std::fs::create_dir_all(&input).expect("mkdir");
        copy_fixture("kakao_text.json", &input.join("t.json"));
        let out = dir.path().join("out");
        let run = ktpl_with_umask(umask, &["import", path_str(&input), "-o", path_str(&out)]);
        assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
        let single = dir.path().join("single.ktpl");
        let run = ktpl_with_umask(
            umask,
            &[
                "import",
                path_str(&input.join("t.json")),
                "-o",
                path_str(&single),
            ],
        );
        assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
        for written in [out.join("t.ktpl"), single] {
            let actual = std::fs::metadata(&written).expect("written").mode() & 0o777;
            assert_eq!(actual, mode, "{} under umask {umask}", written.display());
        }
    }
}

#[test]
fn fmt_formats_through_a_symlink_into_its_target() {
    let dir = tempfile::tempdir().expect("tempdir");
    let real = dir.path().join("real");
    let links = dir.path().join("links");
    std::fs::create_dir_all(&real).expect("mkdir");
    std::fs::create_dir_all(&links).expect("mkdir");
    std::fs::write(real.join("named.ktpl"), MESSY).expect("write");
    std::fs::write(real.join("walked.ktpl"), MESSY).expect("write");
    let named = links.join("named.ktpl");
    std::os::unix::fs::symlink("../real/named.ktpl", &named).expect("symlink");
    std::os::unix::fs::symlink(real.join("walked.ktpl"), links.join("walked.ktpl"))
        .expect("symlink");
    // Named on the command line, then found by walking a folder.
    for args in [vec!["fmt", path_str(&named)], vec!["fmt", path_str(&links)]] {
        let run = ktpl(&args, None);
        assert_eq!(run.status.code(), Some(0), "{args:?}: {}", stderr(&run));
    }
    for name in ["named.ktpl", "walked.ktpl"] {
        let link = links.join(name);
        let kind = std::fs::symlink_metadata(&link).expect("link").file_type();
        assert!(kind.is_symlink(), "{name} was replaced by a regular file");
        assert_eq!(read(&real.join(name)), TIDY, "{name}'s target");
    }
}

#[test]
fn fmt_refuses_a_read_only_file_and_still_formats_the_rest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let locked = dir.path().join("a_locked.ktpl");
    let open = dir.path().join("b_open.ktpl");
    let tidy_locked = dir.path().join("c_tidy_locked.ktpl");
    std::fs::write(&locked, MESSY).expect("write");
    std::fs::write(&open, MESSY).expect("write");
    std::fs::write(&tidy_locked, TIDY).expect("write");
    for path in [&locked, &tidy_locked] {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    }
    let run = ktpl(&["fmt", path_str(dir.path())], None);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains("a_locked.ktpl") && err.contains("read-only"),
        "{err}"
    );
    // An already tidy read-only file needs no write, so it is no error.
    assert!(!err.contains("c_tidy_locked"), "{err}");
    assert_eq!(read(&locked), MESSY);
    assert_eq!(
        std::fs::metadata(&locked).expect("meta").mode() & 0o777,
        0o444
    );
    assert_eq!(read(&open), TIDY);
    // `--check` writes nothing, so a read-only file is checked as any other.
    let run = ktpl(&["fmt", "--check", path_str(&locked)], None);
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).contains("would reformat"), "{}", stderr(&run));
}

#[test]
#[allow(clippy::print_stderr)]
fn fmt_keeps_owner_and_group() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("owned.ktpl");
    std::fs::write(&path, MESSY).expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    if let Err(e) = std::os::unix::fs::chown(&path, Some(4321), Some(8765)) {
        // Giving a file away takes root, which the tests have here and in CI.
        assert!(std::env::var_os("CI").is_none(), "chown needs root: {e}");
        eprintln!("skipped: chown needs root ({e})");
        return;
    }
    let run = ktpl(&["fmt", path_str(&path)], None);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert_eq!(read(&path), TIDY);
    let meta = std::fs::metadata(&path).expect("meta");
    assert_eq!((meta.uid(), meta.gid()), (4321, 8765));
    assert_eq!(meta.mode() & 0o7777, 0o640);
}

#[test]
fn fmt_keeps_hard_links_together() {
    let dir = tempfile::tempdir().expect("tempdir");
    let first = dir.path().join("first.ktpl");
    let second = dir.path().join("second.ktpl");
    std::fs::write(&first, MESSY).expect("write");
    std::fs::hard_link(&first, &second).expect("hard link");
    let run = ktpl(&["fmt", path_str(&first)], None);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert_eq!(read(&first), TIDY);
    assert_eq!(read(&second), TIDY, "the hard link was split");
    let (a, b) = (
        std::fs::metadata(&first).expect("meta"),
        std::fs::metadata(&second).expect("meta"),
    );
    assert_eq!((a.ino(), a.nlink()), (b.ino(), 2));
}

#[test]
fn fmt_refuses_a_fifo_without_reading_or_replacing_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("pipe.ktpl");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let other = dir.path().join("other.ktpl");
    std::fs::write(&other, MESSY).expect("write");
    // A writer, so that a ktpl that (wrongly) reads the FIFO does not block forever.
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            use std::io::Write as _;
            if let Ok(mut pipe) = std::fs::OpenOptions::new().write(true).open(&fifo) {
                let _ = pipe.write_all(MESSY.as_bytes());
            }
        })
    };
    let run = ktpl(&["fmt", path_str(&fifo), path_str(&other)], None);
    if !writer.is_finished() {
        // ktpl never opened the FIFO: open it here so the writer can finish.
        let _ = std::fs::read(&fifo);
    }
    writer.join().expect("writer");
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains("pipe.ktpl") && err.contains("not a regular file"),
        "{err}"
    );
    let kind = std::fs::symlink_metadata(&fifo).expect("fifo").file_type();
    assert!(
        std::os::unix::fs::FileTypeExt::is_fifo(&kind),
        "the FIFO was replaced"
    );
    assert_eq!(read(&other), TIDY);
}

#[test]
fn fmt_refuses_a_link_to_its_own_standard_input() {
    // `ktpl fmt /dev/stdin` as root once replaced /dev/stdin; a link of our own to
    // the same place shows it without touching the real one.
    let dir = tempfile::tempdir().expect("tempdir");
    let link = dir.path().join("stdin.ktpl");
    std::os::unix::fs::symlink("/proc/self/fd/0", &link).expect("symlink");
    let run = ktpl(&["fmt", path_str(&link)], Some(MESSY));
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(err.contains("not a regular file"), "{err}");
    let kind = std::fs::symlink_metadata(&link).expect("link").file_type();
    assert!(kind.is_symlink(), "the link was replaced");
}

#[test]
fn two_inputs_reaching_one_file_by_two_paths_are_a_collision_too() {
    // As `Feed.json` and `feed.js` on a case-insensitive file system: two output paths,
    // one file. Here a symlink in the output folder makes the two paths one file.
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&input).expect("mkdir");
    std::fs::create_dir_all(&out).expect("mkdir");
    copy_fixture("kakao_text.json", &input.join("a.json"));
    copy_fixture("kakao_calendar.json", &input.join("b.json"));
    std::fs::write(out.join("b.ktpl"), "// earlier run\n").expect("write");
    std::os::unix::fs::symlink("b.ktpl", out.join("a.ktpl")).expect("symlink");
    let run = ktpl(&["import", path_str(&input), "-o", path_str(&out)], None);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(2), "{err}");
    assert!(
        err.contains("in/a.json") && err.contains("in/b.json"),
        "{err}"
    );
    assert!(
        read(&out.join("b.ktpl")).starts_with("text {"),
        "a.json went first"
    );
    assert!(
        std::fs::symlink_metadata(out.join("a.ktpl"))
            .expect("link")
            .is_symlink()
    );
}
