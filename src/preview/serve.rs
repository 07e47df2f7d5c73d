//! `ktpl preview --serve`: the page on 127.0.0.1 (never another interface), rebuilt on
//! every save; the page's script polls `/generation` and swaps in the new entries.
//!
//! The server is small on purpose, and bounded on every side a client controls: at
//! most [`MAX_CONNECTIONS`] at once, [`MAX_HEAD`] bytes of request line and headers,
//! [`HEAD_TIME`] to send them and [`WRITE_TIME`] to take the answer; one request per
//! connection, `GET` and `HEAD` only. `httparse` reads the request. (`tiny_http`, used
//! before, buffered a header without limit and had no header timeout, so one client
//! could take a gigabyte and 200 half-open ones 200 threads; it cannot be told
//! otherwise.) Every connection is accepted at once; when all are taken, the oldest
//! one still sending its request is closed to make room. A browser on the same machine
//! sends its request in a millisecond, so it is never that one: the page answers at
//! once while slow, stuck or hostile clients push each other out.

use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::watch::Watch;

/// How often the loops look at the stop flag.
const TICK: Duration = Duration::from_millis(100);
/// Connections served at once; a browser opens six.
pub(crate) const MAX_CONNECTIONS: usize = 32;
/// The most bytes of request line and headers read from one connection.
pub(crate) const MAX_HEAD: usize = 16 * 1024;
/// How long a client has, from connecting, to send its request line and headers.
pub(crate) const HEAD_TIME: Duration = Duration::from_secs(2);
/// How long a client has to take the answer.
pub(crate) const WRITE_TIME: Duration = Duration::from_secs(10);
/// The most headers in one request.
const MAX_HEADERS: usize = 64;

/// The page as last built, and its generation (one more per rebuild).
struct Current {
    generation: u64,
    html: String,
}

/// Serves the page built by `build(generation)` on `127.0.0.1:port` (0: any free port)
/// until `stop` is set, rebuilding it whenever `watch` sees a change. `bound` is told
/// the address once the socket is open.
pub(crate) fn serve(
    port: u16,
    build: impl Fn(u64) -> String + Send + 'static,
    mut watch: Watch,
    stop: &Arc<AtomicBool>,
    bound: impl FnOnce(SocketAddr),
) -> Result<(), String> {
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let address = listener
        .local_addr()
        .map_err(|e| format!("the server has no address: {e}"))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| format!("cannot listen on {address}: {e}"))?;
    let current = Arc::new(Mutex::new(Current {
        generation: 1,
        html: build(1),
    }));
    bound(address);

    let rebuilding = {
        let current = Arc::clone(&current);
        let stop = Arc::clone(stop);
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                if watch.changed_within(TICK) {
                    let generation = lock(&current).generation + 1;
                    let html = build(generation);
                    *lock(&current) = Current { generation, html };
                }
            }
        })
    };

    let connections = Arc::new(Mutex::new(Connections::default()));
    while !stop.load(Ordering::Relaxed) {
        let stream = match listener.accept() {
            Ok((stream, _)) => stream,
            Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(5));
                continue;
            }
            // A client that gave up between connecting and being accepted.
            Err(_) => continue,
        };
        let Some(slot) = Connections::open(&connections, &stream) else {
            continue;
        };
        let current = Arc::clone(&current);
        let spawned = std::thread::Builder::new()
            .name("ktpl-preview-connection".to_owned())
            .stack_size(256 * 1024)
            .spawn(move || answer(stream, &slot, address.port(), &current));
        // No thread to be had: the connection is closed (its slot given back) and the
        // browser asks again.
        drop(spawned);
    }
    let _ = rebuilding.join();
    Ok(())
}

/// The connections being served, oldest first.
#[derive(Default)]
struct Connections {
    next: u64,
    open: Vec<Open>,
}

/// One connection being served: a handle to close it with, and whether its request is
/// still coming in.
struct Open {
    id: u64,
    stream: TcpStream,
    reading: bool,
}

impl Connections {
    /// Takes a slot for `stream`; when all [`MAX_CONNECTIONS`] are taken, closes the
    /// oldest connection still sending its request (else the oldest) to make room.
    fn open(connections: &Arc<Mutex<Connections>>, stream: &TcpStream) -> Option<Slot> {
        let handle = stream.try_clone().ok()?;
        let mut all = lock(connections);
        if all.open.len() >= MAX_CONNECTIONS {
            let oldest = all.open.iter().position(|open| open.reading).unwrap_or(0);
            let pushed_out = all.open.remove(oldest);
            let _ = pushed_out.stream.shutdown(std::net::Shutdown::Both);
        }
        let id = all.next;
        all.next += 1;
        all.open.push(Open {
            id,
            stream: handle,
            reading: true,
        });
        Some(Slot {
            id,
            connections: Arc::clone(connections),
        })
    }
}

/// One of the [`MAX_CONNECTIONS`], given back when its connection ends.
struct Slot {
    id: u64,
    connections: Arc<Mutex<Connections>>,
}

impl Slot {
    /// The request is in: the connection is no longer the first to be pushed out.
    fn read(&self) {
        if let Some(open) = lock(&self.connections)
            .open
            .iter_mut()
            .find(|open| open.id == self.id)
        {
            open.reading = false;
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        lock(&self.connections)
            .open
            .retain(|open| open.id != self.id);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Reads one request within the bounds and answers it; the connection then closes.
fn answer(mut stream: TcpStream, slot: &Slot, port: u16, current: &Mutex<Current>) {
    let Ok(()) = stream.set_nonblocking(false) else {
        return;
    };
    let _ = stream.set_write_timeout(Some(WRITE_TIME));
    let head = read_head(&mut stream);
    slot.read();
    let response = match head {
        Ok(head) => respond(&head, port, current),
        Err(refusal) => refusal,
    };
    let _ = stream.write_all(&response);
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

/// What the server needs of a request.
#[derive(Debug, PartialEq, Eq)]
struct Head {
    method: String,
    path: String,
    host: Option<String>,
}

/// Reads the request line and headers: at most [`MAX_HEAD`] bytes within [`HEAD_TIME`].
/// A refusal is the answer to send (or nothing, for a client that went quiet).
fn read_head(stream: &mut TcpStream) -> Result<Head, Vec<u8>> {
    let deadline = Instant::now() + HEAD_TIME;
    let mut buffer = vec![0; MAX_HEAD];
    let mut filled = 0;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(plain(408, "request timeout: send the request at once\n"));
        }
        let _ = stream.set_read_timeout(Some(left));
        let read = match stream.read(&mut buffer[filled..]) {
            Ok(0) => return Err(Vec::new()),
            Ok(read) => read,
            Err(error)
                if matches!(
                    error.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return Err(plain(408, "request timeout: send the request at once\n"));
            }
            Err(_) => return Err(Vec::new()),
        };
        filled += read;
        match parse_head(&buffer[..filled]) {
            Ok(Some(head)) => return Ok(head),
            Ok(None) if filled == MAX_HEAD => {
                return Err(plain(431, "request header fields too large\n"));
            }
            Ok(None) => {}
            Err(refusal) => return Err(refusal),
        }
    }
}

/// The head in `bytes`, `None` while it is incomplete.
fn parse_head(bytes: &[u8]) -> Result<Option<Head>, Vec<u8>> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    match request.parse(bytes) {
        Ok(httparse::Status::Complete(_)) => Ok(Some(Head {
            method: request.method.unwrap_or_default().to_owned(),
            path: request.path.unwrap_or_default().to_owned(),
            host: request
                .headers
                .iter()
                .find(|header| header.name.eq_ignore_ascii_case("Host"))
                .and_then(|header| std::str::from_utf8(header.value).ok())
                .map(str::to_owned),
        })),
        Ok(httparse::Status::Partial) => Ok(None),
        Err(httparse::Error::TooManyHeaders) => {
            Err(plain(431, "request header fields too large\n"))
        }
        Err(error) => Err(plain(400, &format!("bad request: {error}\n"))),
    }
}

/// Whether a `Host` header names this server by its own name: `127.0.0.1` or
/// `localhost`, with the port, or without it on port 80 (browsers leave the default
/// port out). Anything else may be a web page elsewhere reaching the server through a
/// rebound DNS name.
fn host_is_local(host: &str, port: u16) -> bool {
    let (name, given_port) = match host.rsplit_once(':') {
        Some((name, given)) => (name, given.parse::<u16>().ok()),
        None => (host, Some(80)),
    };
    given_port == Some(port) && (name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost"))
}

fn respond(head: &Head, port: u16, current: &Mutex<Current>) -> Vec<u8> {
    if !head
        .host
        .as_deref()
        .is_some_and(|host| host_is_local(host, port))
    {
        return plain(403, "forbidden: ask for 127.0.0.1\n");
    }
    let body_too = match head.method.as_str() {
        "GET" => true,
        "HEAD" => false,
        _ => return plain(405, "method not allowed\n"),
    };
    let current = lock(current);
    let (status, body, kind) = match head.path.as_str() {
        "/" | "/index.html" => (200, current.html.as_str(), "text/html; charset=utf-8"),
        "/generation" => {
            let generation = current.generation.to_string();
            return response(200, &generation, "text/plain; charset=utf-8", body_too);
        }
        _ => (404, "not found\n", "text/plain; charset=utf-8"),
    };
    response(status, body, kind, body_too)
}

fn plain(status: u16, body: &str) -> Vec<u8> {
    response(status, body, "text/plain; charset=utf-8", true)
}

fn response(status: u16, body: &str, kind: &str, body_too: bool) -> Vec<u8> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        _ => "Request Header Fields Too Large",
    };
    let mut bytes = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    if body_too {
        bytes.extend_from_slice(body.as_bytes());
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_must_name_this_server_and_port_80_may_go_unsaid() {
        assert!(host_is_local("127.0.0.1:8790", 8790));
        assert!(host_is_local("localhost:8790", 8790));
        assert!(host_is_local("LocalHost:8790", 8790));
        assert!(host_is_local("localhost", 80));
        assert!(host_is_local("127.0.0.1", 80));
        assert!(host_is_local("localhost:80", 80));
        assert!(!host_is_local("localhost", 8790));
        assert!(!host_is_local("localhost:8791", 8790));
        assert!(!host_is_local("attacker.example:8790", 8790));
        assert!(!host_is_local("attacker.example", 80));
        assert!(!host_is_local("127.0.0.1.attacker.example", 80));
        assert!(!host_is_local("", 80));
    }

    #[test]
    fn a_head_is_read_whole_or_refused() {
        let head = parse_head(b"GET /generation HTTP/1.1\r\nHost: localhost:1\r\n\r\n")
            .expect("valid")
            .expect("complete");
        assert_eq!(
            head,
            Head {
                method: "GET".to_owned(),
                path: "/generation".to_owned(),
                host: Some("localhost:1".to_owned()),
            }
        );
        assert_eq!(parse_head(b"GET / HTTP/1.1\r\nHost: loc"), Ok(None));
        let refused = parse_head(b"GET / HTTP/1.1\r\nBad Header\r\n\r\n").expect_err("bad");
        assert!(refused.starts_with(b"HTTP/1.1 400 "));
        let many = "X-Header: 1\r\n".repeat(MAX_HEADERS + 1);
        let refused =
            parse_head(format!("GET / HTTP/1.1\r\n{many}\r\n").as_bytes()).expect_err("many");
        assert!(refused.starts_with(b"HTTP/1.1 431 "));
    }
}
