//! `ktpl preview --serve`: the page on 127.0.0.1 (never another interface), rebuilt on
//! every save; the page's script polls `/generation` and swaps in the new entries.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::watch::Watch;

/// How often the loops look at the stop flag.
const TICK: Duration = Duration::from_millis(100);

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
    watch: Watch,
    stop: &Arc<AtomicBool>,
    bound: impl FnOnce(SocketAddr),
) -> Result<(), String> {
    let server = tiny_http::Server::http(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let address = server
        .server_addr()
        .to_ip()
        .ok_or("the server has no IP address")?;
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
                    let generation = current
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .generation
                        + 1;
                    let html = build(generation);
                    *current.lock().unwrap_or_else(PoisonError::into_inner) =
                        Current { generation, html };
                }
            }
        })
    };

    while !stop.load(Ordering::Relaxed) {
        let request = match server.recv_timeout(TICK) {
            Ok(Some(request)) => request,
            Ok(None) => continue,
            Err(error) => return Err(format!("the server stopped: {error}")),
        };
        let response = respond(&request, address, &current);
        // A browser that went away mid-answer is not an error of ours.
        let _ = request.respond(response);
    }
    let _ = rebuilding.join();
    Ok(())
}

fn respond(
    request: &tiny_http::Request,
    address: SocketAddr,
    current: &Mutex<Current>,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let text = |status: u16, body: String, kind: &str| {
        let mut response = tiny_http::Response::from_string(body).with_status_code(status);
        for (name, value) in [
            ("Content-Type", kind),
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
        ] {
            if let Ok(header) = tiny_http::Header::from_bytes(name, value) {
                response.add_header(header);
            }
        }
        response
    };
    // Only pages asked for by this machine's own name: a web page elsewhere cannot
    // reach the server through a rebound DNS name.
    let host_is_local = request.headers().iter().any(|header| {
        header.field.equiv("Host") && {
            let host = header.value.as_str();
            host == format!("127.0.0.1:{}", address.port())
                || host == format!("localhost:{}", address.port())
        }
    });
    if !host_is_local {
        return text(
            403,
            "forbidden: ask for 127.0.0.1\n".to_owned(),
            "text/plain",
        );
    }
    if !matches!(
        request.method(),
        tiny_http::Method::Get | tiny_http::Method::Head
    ) {
        return text(405, "method not allowed\n".to_owned(), "text/plain");
    }
    let current = current.lock().unwrap_or_else(PoisonError::into_inner);
    match request.url() {
        "/" | "/index.html" => text(200, current.html.clone(), "text/html; charset=utf-8"),
        "/generation" => text(
            200,
            current.generation.to_string(),
            "text/plain; charset=utf-8",
        ),
        _ => text(404, "not found\n".to_owned(), "text/plain"),
    }
}
