//! `check --watch` and `preview --serve` keep following a folder that is deleted and
//! made again (a `git checkout`, a generator that rewrites its output folder).

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use crate::preview::{http_get, serve_folder, text_template};

const BROKEN: &str = "text {\n  txet \"a\"\n}\n";

/// Deletes `folder` and makes it again holding `name` with `text`, as a checkout does.
fn replace_folder(folder: &Path, name: &str, text: &str) {
    std::fs::remove_dir_all(folder).expect("remove");
    std::fs::create_dir(folder).expect("create");
    std::fs::write(folder.join(name), text).expect("write");
}

/// A running `check --watch`, stopped when dropped (a failing test too).
struct Watching(std::process::Child);

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Each report of `check --watch` (up to its summary line), as it comes.
fn reports(folder: &Path) -> (Watching, Receiver<String>) {
    let mut child = crate::harness::Ktpl::new()
        .command()
        .args(["check", "--watch", "--color", "never"])
        .arg(folder)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("ktpl runs");
    let stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut report = String::new();
        for line in stdout.lines().map_while(Result::ok) {
            report.push_str(&line);
            report.push('\n');
            if line.starts_with("checked ") {
                let _ = sender.send(std::mem::take(&mut report));
            }
        }
    });
    (Watching(child), receiver)
}

/// The first report within a few seconds that `wanted` accepts.
fn report_where(reports: &Receiver<String>, wanted: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut seen = Vec::new();
    while let Ok(report) = reports.recv_timeout(deadline.saturating_duration_since(Instant::now()))
    {
        if wanted(&report) {
            return report;
        }
        seen.push(report);
    }
    panic!("no such report within 5 s; saw:\n{}", seen.join("\n---\n"));
}

#[test]
fn check_watch_follows_a_folder_deleted_and_made_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("templates");
    std::fs::create_dir(&folder).expect("create");
    std::fs::write(folder.join("a.ktpl"), text_template("a")).expect("write");
    let (_watching, reports) = reports(&folder);
    let first = report_where(&reports, |r| r.contains("checked 1 file: 0 errors"));
    assert!(!first.contains("unknown_field"), "{first}");

    replace_folder(&folder, "a.ktpl", BROKEN);
    let broken = report_where(&reports, |r| r.contains("unknown_field"));
    assert!(broken.contains("checked 1 file: 1 error"), "{broken}");
    // And saves inside the new folder are followed.
    std::fs::write(folder.join("a.ktpl"), text_template("b")).expect("write");
    report_where(&reports, |r| r.contains("checked 1 file: 0 errors"));

    // Twice, and with the folder gone for a while in between.
    std::fs::remove_dir_all(&folder).expect("remove");
    std::thread::sleep(Duration::from_millis(400));
    std::fs::create_dir(&folder).expect("create");
    std::fs::write(folder.join("c.ktpl"), BROKEN).expect("write");
    report_where(&reports, |r| {
        r.contains("c.ktpl") && r.contains("unknown_field")
    });
}

#[test]
fn preview_serve_follows_a_folder_deleted_and_made_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("templates");
    std::fs::create_dir(&folder).expect("create");
    std::fs::write(folder.join("a.ktpl"), text_template("첫 번째")).expect("write");
    let (served, _stderr) = serve_folder(&folder);
    let page = |wanted: &str| {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let (_, page) = http_get(&served.address, "/", &served.address);
            if page.contains(wanted) {
                return;
            }
            assert!(Instant::now() < deadline, "no `{wanted}` within 5 s");
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    page("첫 번째");
    replace_folder(&folder, "a.ktpl", &text_template("두 번째"));
    page("두 번째");
    std::fs::write(folder.join("a.ktpl"), text_template("세 번째")).expect("write");
    page("세 번째");
}
