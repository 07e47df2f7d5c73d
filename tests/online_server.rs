//! A web server on 127.0.0.1 for the `--online` tests: good and bad images (built byte
//! by byte here, no binaries in the repository) and links, and the hostile answers a
//! checker must survive (slow, endless, a gzip bomb, a huge header, redirect loops).
//! It counts the requests it gets, per path. Bounded: every answer ends within a few
//! seconds, and it stops when dropped.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A PNG's first bytes: signature and the IHDR chunk with its size.
pub(crate) fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bytes.extend_from_slice(&width.to_be_bytes());
    bytes.extend_from_slice(&height.to_be_bytes());
    bytes.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    bytes
}

/// A baseline JPEG's first bytes: SOI, a JFIF APP0 segment, then SOF0 with the size.
pub(crate) fn jpeg(width: u16, height: u16) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    bytes.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    bytes.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08]);
    bytes.extend_from_slice(&height.to_be_bytes());
    bytes.extend_from_slice(&width.to_be_bytes());
    bytes.extend_from_slice(&[0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]);
    bytes.extend_from_slice(&[0xFF, 0xD9]);
    bytes
}

/// A GIF's first bytes: signature and logical screen size.
pub(crate) fn gif(width: u16, height: u16) -> Vec<u8> {
    let mut bytes = b"GIF89a".to_vec();
    bytes.extend_from_slice(&width.to_le_bytes());
    bytes.extend_from_slice(&height.to_le_bytes());
    bytes.extend_from_slice(&[0, 0, 0, 0x3B]);
    bytes
}

/// An extended WebP's first bytes: RIFF header and the VP8X chunk with the size.
pub(crate) fn webp(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"RIFF\x22\0\0\0WEBPVP8X\x0a\0\0\0\0\0\0\0".to_vec();
    bytes.extend_from_slice(&(width - 1).to_le_bytes()[..3]);
    bytes.extend_from_slice(&(height - 1).to_le_bytes()[..3]);
    bytes.extend_from_slice(&[0; 8]);
    bytes
}

/// A BMP's first bytes (a format `KakaoTalk` does not show).
pub(crate) fn bmp(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"BM".to_vec();
    bytes.extend_from_slice(&[0; 16]);
    bytes.extend_from_slice(&width.to_le_bytes());
    bytes.extend_from_slice(&height.to_le_bytes());
    bytes.extend_from_slice(&[0; 28]);
    bytes
}

/// What one path answers.
#[derive(Clone)]
pub(crate) enum Answer {
    /// A file, with its type; ranges are honoured. `size` pads it (a "3 MB" image).
    File {
        content_type: &'static str,
        bytes: Vec<u8>,
        size: usize,
    },
    /// A status with an empty body.
    Status(u16),
    /// A redirect to this location (relative paths as sent; `{port}` is the server's).
    Redirect(String),
    /// HEAD is refused with 405; GET answers 200.
    NoHead,
    /// Waits this long before answering 200 with a PNG.
    Slow(Duration),
    /// Headers, then one byte every 100 ms (a slowloris), for at most 10 s.
    Trickle,
    /// Headers without a length, then bytes that look like a JPEG with no end, until
    /// the client goes (at most 64 MiB).
    Endless,
    /// A gzip-encoded body that inflates to 64 MiB of zeros.
    GzipBomb,
    /// A response head of 1 MiB.
    HugeHeader,
}

/// A running server.
pub(crate) struct Server {
    pub(crate) port: u16,
    counts: Arc<Mutex<HashMap<String, usize>>>,
    /// Every request's header lines, as received.
    headers: Arc<Mutex<Vec<String>>>,
    connections: Arc<AtomicUsize>,
    /// Bytes of endless bodies written (to show the client stopped reading).
    pub(crate) endless_bytes: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl Server {
    /// Starts a server answering `routes` (by path) and 404 elsewhere.
    pub(crate) fn start(routes: Vec<(&str, Answer)>) -> Server {
        if routes
            .iter()
            .any(|(_, answer)| matches!(answer, Answer::GzipBomb))
        {
            // Made before serving, so compressing it cannot look like a slow server.
            gzip_bomb();
        }
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().expect("address").port();
        listener.set_nonblocking(true).expect("nonblocking");
        let routes: Arc<HashMap<String, Answer>> = Arc::new(
            routes
                .into_iter()
                .map(|(path, answer)| (path.to_owned(), answer))
                .collect(),
        );
        let server = Server {
            port,
            counts: Arc::default(),
            headers: Arc::default(),
            connections: Arc::default(),
            endless_bytes: Arc::default(),
            stop: Arc::default(),
        };
        let seen = Arc::clone(&server.headers);
        let (counts, connections, endless, stop) = (
            Arc::clone(&server.counts),
            Arc::clone(&server.connections),
            Arc::clone(&server.endless_bytes),
            Arc::clone(&server.stop),
        );
        std::thread::spawn(move || {
            let started = std::time::Instant::now();
            while !stop.load(Ordering::Relaxed) && started.elapsed() < Duration::from_secs(120) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        connections.fetch_add(1, Ordering::Relaxed);
                        let (routes, counts, endless, seen) = (
                            Arc::clone(&routes),
                            Arc::clone(&counts),
                            Arc::clone(&endless),
                            Arc::clone(&seen),
                        );
                        std::thread::spawn(move || {
                            let seen = Seen {
                                counts: &counts,
                                headers: &seen,
                                endless: &endless,
                            };
                            serve(stream, port, &routes, &seen);
                        });
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        server
    }

    /// `http://127.0.0.1:PORT/path`.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Requests received for `path` (with its query, if any).
    pub(crate) fn count(&self, path: &str) -> usize {
        self.counts
            .lock()
            .map_or(0, |counts| counts.get(path).copied().unwrap_or(0))
    }

    /// Requests received in all.
    pub(crate) fn total(&self) -> usize {
        self.counts.lock().map_or(0, |counts| counts.values().sum())
    }

    /// Every header line received, in all requests.
    pub(crate) fn headers(&self) -> Vec<String> {
        self.headers.lock().map(|h| h.clone()).unwrap_or_default()
    }

    /// Connections accepted in all.
    pub(crate) fn connections(&self) -> usize {
        self.connections.load(Ordering::Relaxed)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// What the server records.
struct Seen<'a> {
    counts: &'a Mutex<HashMap<String, usize>>,
    headers: &'a Mutex<Vec<String>>,
    endless: &'a AtomicUsize,
}

fn serve(stream: TcpStream, port: u16, routes: &HashMap<String, Answer>, seen: &Seen<'_>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(stream) => stream,
        Err(_) => return,
    });
    let mut stream = stream;
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_owned();
    let path = parts.next().unwrap_or_default().to_owned();
    let mut range = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).is_err() || header.trim().is_empty() {
            break;
        }
        if let Ok(mut headers) = seen.headers.lock() {
            headers.push(header.trim().to_owned());
        }
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("range")
        {
            range = value
                .trim()
                .strip_prefix("bytes=0-")
                .and_then(|end| end.parse::<usize>().ok());
        }
    }
    if let Ok(mut counts) = seen.counts.lock() {
        *counts.entry(path.clone()).or_default() += 1;
    }
    let head = method == "HEAD";
    let route = path.split('?').next().unwrap_or_default();
    let answer = match routes.get(route).cloned() {
        Some(Answer::Redirect(location)) => {
            Answer::Redirect(location.replace("{port}", &port.to_string()))
        }
        Some(answer) => answer,
        None => Answer::Status(404),
    };
    let _ = respond(&mut stream, answer, head, range, seen.endless);
    let _ = stream.flush();
}

fn respond(
    stream: &mut TcpStream,
    answer: Answer,
    head: bool,
    range: Option<usize>,
    endless: &AtomicUsize,
) -> std::io::Result<()> {
    let close = "Connection: close\r\n";
    match answer {
        Answer::File {
            content_type,
            mut bytes,
            size,
        } => {
            if bytes.len() < size {
                bytes.resize(size, 0);
            }
            let total = bytes.len();
            let (status, part, extra) = match range {
                Some(end) if end + 1 < total => (
                    "206 Partial Content",
                    &bytes[..=end],
                    format!("Content-Range: bytes 0-{end}/{total}\r\n"),
                ),
                _ => ("200 OK", &bytes[..], String::new()),
            };
            write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n{extra}{close}\r\n",
                part.len()
            )?;
            if !head {
                stream.write_all(part)?;
            }
        }
        Answer::Status(status) => {
            write!(
                stream,
                "HTTP/1.1 {status} Status\r\nContent-Length: 0\r\n{close}\r\n"
            )?;
        }
        Answer::Redirect(location) => write!(
            stream,
            "HTTP/1.1 302 Found\r\nLocation: {location}\r\nSet-Cookie: session=abc123; Path=/\r\nContent-Length: 0\r\n{close}\r\n"
        )?,
        Answer::NoHead if head => {
            write!(
                stream,
                "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n{close}\r\n"
            )?;
        }
        Answer::NoHead => write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n{close}\r\nhello"
        )?,
        Answer::Slow(delay) => {
            std::thread::sleep(delay);
            let body = png(800, 400);
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {}\r\n{close}\r\n",
                body.len()
            )?;
            if !head {
                stream.write_all(&body)?;
            }
        }
        Answer::Trickle => {
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n{close}\r\n"
            )?;
            stream.write_all(&[0xFF, 0xD8, 0xFF])?;
            for _ in 0..100 {
                std::thread::sleep(Duration::from_millis(100));
                stream.write_all(&[0xFE])?;
                stream.flush()?;
            }
        }
        Answer::Endless => {
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n{close}\r\n"
            )?;
            if head {
                return Ok(());
            }
            // SOI, then comment segments for ever: a JPEG that never says its size.
            stream.write_all(&[0xFF, 0xD8])?;
            let mut segment = vec![0xFF, 0xFE, 0xFF, 0xFF];
            segment.resize(0xFFFF + 2, b'x');
            for _ in 0..1024 {
                stream.write_all(&segment)?;
                endless.fetch_add(segment.len(), Ordering::Relaxed);
            }
        }
        Answer::GzipBomb => {
            let body = gzip_bomb();
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Encoding: gzip\r\nContent-Length: {}\r\n{close}\r\n",
                body.len()
            )?;
            if !head {
                stream.write_all(body)?;
            }
        }
        Answer::HugeHeader => {
            write!(stream, "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n")?;
            // 80 KiB in a few lines: past the 64 KiB bound on the headers' size, far
            // below any bound on their number, so the size is the limit that trips
            // however the bytes arrive (1,024 short lines tripped either, by timing).
            let filler = "x".repeat(10_000);
            for index in 0..8 {
                write!(stream, "X-Filler-{index}: {filler}\r\n")?;
            }
            write!(stream, "Content-Length: 0\r\n{close}\r\n")?;
        }
    }
    Ok(())
}

/// 64 MiB of zeros, gzipped (about 64 KiB), made once.
fn gzip_bomb() -> &'static [u8] {
    static BOMB: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BOMB.get_or_init(|| {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1024 * 1024];
        for _ in 0..64 {
            encoder.write_all(&zeros).expect("compress");
        }
        encoder.finish().expect("compress")
    })
}
