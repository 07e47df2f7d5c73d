//! `ktpl preview --serve` against clients that misbehave: a header that never ends, a
//! connection that says nothing, hundreds of half-open connections. The server stays
//! small and keeps answering the real page.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::preview::{http_get, serve_folder, text_template};

/// A field of `/proc/PID/status` (`VmRSS` in kB, `Threads`).
fn status_of(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    status
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{field}:")))
        .and_then(|value| value.split_whitespace().next())
        .and_then(|value| value.parse().ok())
        .unwrap_or_else(|| panic!("no {field} in /proc/{pid}/status"))
}

fn served_folder() -> (tempfile::TempDir, crate::preview::Served) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.ktpl"), text_template("안내")).expect("write");
    let (served, _stderr) = serve_folder(dir.path());
    (dir, served)
}

/// Reads what the server says before closing (within `within`); `None` when it says
/// nothing and keeps the connection open.
fn answer_within(stream: &mut TcpStream, within: Duration) -> Option<String> {
    stream.set_read_timeout(Some(within)).expect("timeout");
    let mut answer = Vec::new();
    match stream.read_to_end(&mut answer) {
        Ok(_) => Some(String::from_utf8_lossy(&answer).into_owned()),
        Err(error) if error.kind() == std::io::ErrorKind::ConnectionReset => {
            Some(String::from_utf8_lossy(&answer).into_owned())
        }
        Err(_) => None,
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_request_header_that_never_ends_is_cut_off() {
    let (_dir, served) = served_folder();
    let before = status_of(served.child.id(), "VmRSS");
    let mut stream = TcpStream::connect(&served.address).expect("connect");
    stream
        .set_write_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    stream
        .write_all(b"GET / HTTP/1.1\r\nX-Flood: ")
        .expect("write");
    let chunk = vec![b'a'; 64 * 1024];
    let mut sent = 0;
    while sent < 64 * 1024 * 1024 && stream.write_all(&chunk).is_ok() {
        sent += chunk.len();
    }
    assert!(
        sent < 16 * 1024 * 1024,
        "the server read {sent} bytes of one header"
    );
    let after = status_of(served.child.id(), "VmRSS");
    assert!(
        after < before + 32 * 1024,
        "memory grew from {before} kB to {after} kB"
    );
    // The page is still served.
    let (status, _) = http_get(&served.address, "/", &served.address);
    assert_eq!(status, 200);
}

#[test]
fn a_connection_that_sends_nothing_is_closed_within_seconds() {
    let (_dir, served) = served_folder();
    let mut stream = TcpStream::connect(&served.address).expect("connect");
    stream.write_all(b"GET / HTTP/1.1\r\n").expect("write");
    let started = Instant::now();
    let answer = answer_within(&mut stream, Duration::from_secs(10));
    let waited = started.elapsed();
    assert!(
        answer.is_some() && waited < Duration::from_secs(5),
        "held for {waited:?}"
    );
    assert!(
        answer
            .as_deref()
            .is_some_and(|a| a.is_empty() || a.starts_with("HTTP/1.1 408")),
        "{answer:?}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn hundreds_of_half_open_connections_hold_few_threads_and_the_page_still_answers() {
    let (_dir, served) = served_folder();
    let pid = served.child.id();
    let idle = status_of(pid, "Threads");
    let half_open: Vec<TcpStream> = (0..200)
        .map(|_| {
            let mut stream = TcpStream::connect(&served.address).expect("connect");
            let _ = stream.write_all(b"GET / HTTP/1.1\r\n");
            stream
        })
        .collect();
    // Those pushed out end as soon as they are scheduled (give a loaded machine time).
    let started = Instant::now();
    let mut busy = status_of(pid, "Threads");
    while busy > idle + 40 && started.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(100));
        busy = status_of(pid, "Threads");
    }
    assert!(
        busy <= idle + 40,
        "{busy} threads for 200 half-open connections ({idle} idle)"
    );
    // The browser's request is answered while they are held off.
    let started = Instant::now();
    let (status, generation) = http_get(&served.address, "/generation", &served.address);
    assert_eq!((status, generation.as_str()), (200, "1"));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "answered after {:?}",
        started.elapsed()
    );
    drop(half_open);
}
