//! A reader that goes away (`ktpl explain | head`): every command stops quietly with
//! exit code 141, as a Unix tool ended by SIGPIPE does, and never panics.

use std::process::{Output, Stdio};

use crate::harness::{KAKAO_TEMPLATES, stderr};

/// Which stream the reader of which has gone away.
#[derive(Clone, Copy, Debug)]
enum Closed {
    Stdout,
    Stderr,
}

/// Runs ktpl with `closed` connected to a pipe whose reading end is already closed, so
/// its first write fails with a broken pipe whatever the timing.
fn run_with_closed(closed: Closed, args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Output {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let mut command = crate::harness::Ktpl::new().command();
    command
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .envs(env.iter().copied())
        .stdin(Stdio::piped());
    match closed {
        Closed::Stdout => command.stdout(writer).stderr(Stdio::piped()),
        Closed::Stderr => command.stderr(writer).stdout(Stdio::piped()),
    };
    let mut child = command.spawn().expect("ktpl runs");
    {
        use std::io::Write as _;
        // ktpl may exit before reading all of it; that is not what is tested here.
        let _ = child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stdin.as_bytes());
    }
    child.wait_with_output().expect("ktpl finishes")
}

fn assert_quiet_141(output: &Output, what: &str) {
    let said = match (output.stderr.is_empty(), output.stdout.is_empty()) {
        (false, _) => stderr(output),
        (true, false) => String::from_utf8_lossy(&output.stdout).into_owned(),
        (true, true) => String::new(),
    };
    assert!(
        !said.contains("panicked") && !said.contains("Broken pipe"),
        "{what}: not quiet:\n{said}"
    );
    assert_eq!(output.status.code(), Some(141), "{what}:\n{said}");
}

#[test]
fn every_command_stops_quietly_when_its_reader_goes_away() {
    let kakao_list = format!("{KAKAO_TEMPLATES}/sdk_list.json");
    let sample = "examples/kakao-samples/commerce_dress.ktpl";
    let unformatted = "feed {\ncontent {\ntitle \"a\"\n}\n}\n";
    let commands: &[&[&str]] = &[
        &["explain"],
        &["explain", "unknown_field"],
        &["schema"],
        &["schema", "feed"],
        &["check", "examples"],
        &["check", "--format", "json", "examples"],
        &["check", "--format", "sarif", "examples"],
        &["check", "--format", "github", "examples"],
        &["compile", "--pretty", sample],
        &["compile", "--target", "js", "--module", sample],
        &["import", &kakao_list],
        &["preview", "examples"],
        &["fmt", "--check", "tests/fixtures/fmt"],
        &["fmt", "-"],
        &["completions", "bash"],
        &["completions", "zsh"],
        &["man"],
        &["man", "check"],
    ];
    for args in commands {
        let output = run_with_closed(Closed::Stdout, args, unformatted, &[]);
        assert_quiet_141(&output, &args.join(" "));
    }
}

#[cfg(feature = "send")]
#[test]
fn a_dry_run_stops_quietly_when_its_reader_goes_away() {
    let state = tempfile::tempdir().expect("tempdir");
    let args = [
        "send",
        "examples/kakao-samples/commerce_dress.ktpl",
        "--to",
        "me",
        "--dry-run",
    ];
    let env = [
        ("KAKAO_ACCESS_TOKEN", "fake-access-token-4c1d2e9f"),
        ("XDG_STATE_HOME", state.path().to_str().expect("utf-8")),
        ("HOME", state.path().to_str().expect("utf-8")),
    ];
    let output = run_with_closed(Closed::Stdout, &args, "", &env);
    assert_quiet_141(&output, "send --dry-run");
}

#[test]
fn diagnostics_on_a_closed_standard_error_stop_quietly() {
    // `ktpl compile broken.ktpl 2>&1 | head -1`: the report goes to standard error.
    let output = run_with_closed(
        Closed::Stderr,
        &["compile", "-"],
        "feed {\n  content { titel \"a\" }\n}\n",
        &[],
    );
    assert_quiet_141(&output, "compile with errors");
}
