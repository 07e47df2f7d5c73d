//! A fake Kakao API on 127.0.0.1 for the send tests: it checks what the real one
//! checks (bearer token, form encoding, parameters, batch size) and answers with the
//! reply shapes Kakao published (`tests/data/kakao/responses`). It can be told to
//! break connections in the ways networks do ([`Fault`]), and it records which
//! receivers it actually delivered to, so a test can hold ktpl's account against the
//! truth. Bounded: it stops after 200 connections, 60 seconds, or when dropped.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub(crate) const TOKEN: &str = "fake-access-token-4c1d2e9f";
pub(crate) const EXPIRED_TOKEN: &str = "fake-expired-token-77aa01";
pub(crate) const SCOPELESS_TOKEN: &str = "fake-scopeless-token-5b5b";
pub(crate) const REFRESH_TOKEN: &str = "fake-refresh-token-0f0f0f";
pub(crate) const NEW_TOKEN: &str = "fake-new-access-token-9e9e";
pub(crate) const NEW_REFRESH_TOKEN: &str = "fake-new-refresh-token-3c3c";
pub(crate) const REST_API_KEY: &str = "fake-rest-api-key";

/// What the fake does with one connection (the n-th fault goes to the n-th connection;
/// connections past the list are served normally).
#[derive(Debug, Clone)]
pub(crate) enum Fault {
    /// Answer as Kakao would.
    Normal,
    /// Close the connection without reading the request (its unread bytes make the
    /// kernel send a reset). Nothing is delivered.
    ResetBeforeRead,
    /// Read the request, carry it out, and close without replying.
    CloseAfterRead,
    /// Read the request, carry it out, and reply only after this long.
    Delay(Duration),
    /// Read the request and answer this instead; `delivered` says whether the fake
    /// carried it out first (a gateway's 502 after delivery) or not (a 429).
    Reply {
        status: u16,
        body: &'static str,
        delivered: bool,
    },
    /// Carry the request out and answer 200 with this body (malformed, empty, nulls).
    Body200(&'static str),
    /// Carry the request out and send a 200 whose body stops short of its length.
    Truncated,
    /// Answer as Kakao would with `Connection: keep-alive`, then drop the connection.
    KeepAliveThenDrop,
}

/// How a fake behaves.
#[derive(Debug, Clone, Default)]
pub(crate) struct Setup {
    /// Faults, one per connection, in order.
    pub(crate) faults: Vec<Fault>,
    /// The friends list (default: six friends, `friend-0` to `friend-5`).
    pub(crate) friends: Option<Vec<serde_json::Value>>,
    /// Every friends page points back to the first one.
    pub(crate) repeat_paging: bool,
    /// Every friends page holds the first page's friends, and points on to the next.
    pub(crate) stale_pages: bool,
}

/// One request as the fake received it.
#[derive(Debug, Clone)]
pub(crate) struct Recorded {
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: String,
    /// The receivers the fake delivered this message to (`me` for send-to-me).
    pub(crate) delivered: Vec<String>,
}

impl Recorded {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    pub(crate) fn form(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(self.body.as_bytes())
            .into_owned()
            .collect()
    }

    pub(crate) fn field(&self, name: &str) -> Option<String> {
        self.form()
            .into_iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }
}

pub(crate) struct FakeKakao {
    pub(crate) base: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

/// What the fake remembers between requests: the one refresh token that works (Kakao
/// voids the old one when it rotates).
struct State {
    setup: Setup,
    refresh_token: String,
    replies: BTreeMap<&'static str, String>,
}

impl State {
    /// One of Kakao's published replies (read by [`kakao_replies`]).
    fn corpus(&self, name: &str) -> String {
        self.replies[name].clone()
    }
}

impl FakeKakao {
    pub(crate) fn start() -> Self {
        Self::with(Setup::default())
    }

    pub(crate) fn with(setup: Setup) -> Self {
        let replies = kakao_replies();
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        listener.set_nonblocking(true).expect("nonblocking");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (seen, stopping) = (Arc::clone(&requests), Arc::clone(&stop));
        let thread = std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(60);
            let mut served = 0;
            let mut state = State {
                setup,
                refresh_token: REFRESH_TOKEN.to_owned(),
                replies,
            };
            while !stopping.load(Ordering::SeqCst) && Instant::now() < deadline && served < 200 {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let fault = state
                            .setup
                            .faults
                            .get(served)
                            .cloned()
                            .unwrap_or(Fault::Normal);
                        served += 1;
                        serve(stream, &fault, &mut state, &seen);
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(2)),
                }
            }
        });
        Self {
            base,
            requests,
            stop,
            thread: Some(thread),
        }
    }

    pub(crate) fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().expect("lock").clone()
    }

    /// Every receiver the fake delivered a message to, once per delivery.
    pub(crate) fn delivered(&self) -> Vec<String> {
        self.requests()
            .into_iter()
            .flat_map(|r| r.delivered)
            .collect()
    }
}

impl Drop for FakeKakao {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The replies Kakao published that the fake answers with.
const KAKAO_REPLIES: [&str; 4] = [
    "error_invalid_scope.json",
    "error_expired_token.json",
    "memo_result_code.json",
    "message_partial_success.json",
];

/// Reads Kakao's replies before the fake serves anything, so a missing file fails the
/// test at once, naming it, instead of as a broken connection in the server thread.
fn kakao_replies() -> BTreeMap<&'static str, String> {
    KAKAO_REPLIES
        .into_iter()
        .map(|name| {
            let path = crate::harness::repo(&format!("{}/{name}", crate::harness::KAKAO_RESPONSES));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|error| panic!("Kakao's reply {}: {error}", path.display()));
            (name, text)
        })
        .collect()
}

/// Serves one connection. The request is recorded before any reply is written, so a
/// test that reads the record after ktpl exits never misses it.
fn serve(
    stream: TcpStream,
    fault: &Fault,
    state: &mut State,
    seen: &Mutex<Vec<Recorded>>,
) -> Option<()> {
    if matches!(fault, Fault::ResetBeforeRead) {
        // Give the request time to arrive, so closing over its unread bytes resets.
        std::thread::sleep(Duration::from_millis(20));
        drop(stream);
        return None;
    }
    stream.set_nonblocking(false).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let path = parts.next()?.to_owned();
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((key, value)) = header.split_once(':') {
            headers.push((key.trim().to_owned(), value.trim().to_owned()));
        }
    }
    let length: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    let mut request = Recorded {
        method,
        path,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
        delivered: Vec::new(),
    };
    let (status, reply, delivered) = answer(&request, state);
    let carried_out = !matches!(
        fault,
        Fault::Reply {
            delivered: false,
            ..
        }
    );
    if carried_out {
        request.delivered = delivered;
    }
    seen.lock().expect("lock").push(request);
    let mut stream = stream;
    let respond = |stream: &mut TcpStream, status: u16, reply: &str, extra: &str| {
        let response = format!(
            "HTTP/1.1 {status} Fake\r\nContent-Type: application/json;charset=UTF-8\r\nContent-Length: {}\r\n{extra}\r\n{reply}",
            reply.len()
        );
        let _ = stream.write_all(response.as_bytes());
    };
    match fault {
        Fault::Normal | Fault::ResetBeforeRead => {
            respond(&mut stream, status, &reply, "Connection: close\r\n");
        }
        Fault::CloseAfterRead => {}
        Fault::Delay(pause) => {
            // On its own thread, so the next connection is served meanwhile.
            let pause = *pause;
            std::thread::spawn(move || {
                std::thread::sleep(pause);
                respond(&mut stream, status, &reply, "Connection: close\r\n");
            });
        }
        Fault::Reply { status, body, .. } => {
            let kind = if body.starts_with('<') {
                "text/html"
            } else {
                "application/json"
            };
            let response = format!(
                "HTTP/1.1 {status} Fake\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes());
        }
        Fault::Body200(body) => respond(&mut stream, 200, body, "Connection: close\r\n"),
        Fault::Truncated => {
            let response = format!(
                "HTTP/1.1 200 Fake\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
                reply.len() + 40,
                &reply[..reply.len() / 2]
            );
            let _ = stream.write_all(response.as_bytes());
        }
        Fault::KeepAliveThenDrop => {
            respond(&mut stream, status, &reply, "Connection: keep-alive\r\n");
        }
    }
    Some(())
}

fn error(status: u16, code: i64, msg: &str) -> (u16, String) {
    (status, format!("{{\"msg\":\"{msg}\",\"code\":{code}}}"))
}

/// What Kakao would answer (spec §6-§9), and whom it delivered to.
fn answer(request: &Recorded, state: &mut State) -> (u16, String, Vec<String>) {
    let (status, reply) = reply(request, state);
    let route = request.path.split('?').next().unwrap_or_default();
    let delivered = if status != 200 || !route.ends_with("/send") {
        Vec::new()
    } else if route.starts_with("/v2/api/talk/memo/") {
        vec!["me".to_owned()]
    } else {
        serde_json::from_str::<serde_json::Value>(&reply)
            .ok()
            .and_then(|r| serde_json::from_value(r["successful_receiver_uuids"].clone()).ok())
            .unwrap_or_default()
    };
    (status, reply, delivered)
}

fn reply(request: &Recorded, state: &mut State) -> (u16, String) {
    let route = request.path.split('?').next().unwrap_or_default();
    if route == "/oauth/token" {
        return oauth(request, state);
    }
    match request.header("Authorization") {
        Some(value)
            if value == format!("Bearer {TOKEN}") || value == format!("Bearer {NEW_TOKEN}") => {}
        Some(value) if value == format!("Bearer {SCOPELESS_TOKEN}") => {
            return (403, state.corpus("error_invalid_scope.json"));
        }
        _ => return (401, state.corpus("error_expired_token.json")),
    }
    if route == "/v1/api/talk/friends" {
        return friends_page(request, &state.setup);
    }
    if request.method != "POST" {
        return error(405, -2, "method not allowed");
    }
    if !request
        .header("Content-Type")
        .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"))
    {
        return error(400, -2, "form encoding expected");
    }
    let memo = route.starts_with("/v2/api/talk/memo/");
    let kind_ok = if route.ends_with("/default/send") {
        request
            .field("template_object")
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .is_some_and(|t| t.get("object_type").is_some())
    } else if route.ends_with("/scrap/send") {
        request.field("request_url").is_some()
    } else if route.ends_with("/send") {
        request
            .field("template_id")
            .is_some_and(|id| id.parse::<i64>().is_ok())
    } else {
        false
    };
    if !kind_ok {
        return error(400, -2, "invalid parameter");
    }
    let bad_args = request.field("template_args").is_some_and(|args| {
        serde_json::from_str::<std::collections::BTreeMap<String, String>>(&args).is_err()
    });
    if bad_args {
        return error(400, -2, "template_args must be a JSON object of strings");
    }
    if memo {
        return (200, state.corpus("memo_result_code.json"));
    }
    let Some(uuids) = request
        .field("receiver_uuids")
        .and_then(|r| serde_json::from_str::<Vec<String>>(&r).ok())
    else {
        return error(400, -2, "receiver_uuids is required");
    };
    if uuids.is_empty() || uuids.len() > 5 {
        return error(400, -2, "receiver_uuids: 1 to 5 uuids");
    }
    let delivered: Vec<&String> = uuids
        .iter()
        .filter(|u| !u.starts_with("fail") && !u.starts_with("lost"))
        .collect();
    let failed: Vec<&String> = uuids.iter().filter(|u| u.starts_with("fail")).collect();
    let mut reply = serde_json::json!({});
    if !delivered.is_empty() {
        reply["successful_receiver_uuids"] = serde_json::json!(delivered);
    }
    if !failed.is_empty() {
        // The shape of Kakao's partial-success reply, with these receivers.
        let mut partial: serde_json::Value =
            serde_json::from_str(&state.corpus("message_partial_success.json")).expect("json");
        partial["failure_info"][0]["receiver_uuids"] = serde_json::json!(failed);
        reply["failure_info"] = partial["failure_info"].clone();
        reply["result_code"] = partial["result_code"].clone();
    }
    (200, reply.to_string())
}

/// Refreshes with the one working refresh token, and rotates it: the old one stops
/// working, as Kakao does within a month of expiry.
fn oauth(request: &Recorded, state: &mut State) -> (u16, String) {
    let ok = request.field("grant_type").as_deref() == Some("refresh_token")
        && request.field("client_id").as_deref() == Some(REST_API_KEY)
        && request.field("refresh_token").as_deref() == Some(state.refresh_token.as_str());
    if ok {
        NEW_REFRESH_TOKEN.clone_into(&mut state.refresh_token);
        (
            200,
            format!(
                "{{\"token_type\":\"bearer\",\"access_token\":\"{NEW_TOKEN}\",\"expires_in\":21599,\"refresh_token\":\"{NEW_REFRESH_TOKEN}\",\"refresh_token_expires_in\":5183999}}"
            ),
        )
    } else {
        (
            400,
            "{\"error\":\"invalid_grant\",\"error_description\":\"expired_or_invalid_refresh_token\",\"error_code\":\"KOE322\"}".to_owned(),
        )
    }
}

/// Six friends, two per page; `after_url` names Kakao's host (the client must use
/// only its query).
fn friends_page(request: &Recorded, setup: &Setup) -> (u16, String) {
    let query = request
        .path
        .split_once('?')
        .map(|(_, q)| q)
        .unwrap_or_default();
    let offset: usize = url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "offset")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let all: Vec<serde_json::Value> = setup.friends.clone().unwrap_or_else(|| {
        (0..6)
            .map(|i| {
                serde_json::json!({
                    "id": 1000 + i, "uuid": format!("friend-{i}"), "profile_nickname": format!("친구{i}"),
                    "profile_thumbnail_image": "", "favorite": i == 0, "allowed_msg": i != 3
                })
            })
            .collect()
    });
    let total = all.len();
    let first = if setup.stale_pages { 0 } else { offset };
    let elements: Vec<serde_json::Value> = all.into_iter().skip(first).take(2).collect();
    let next = if setup.repeat_paging { 0 } else { offset + 2 };
    let after = (offset + 2 < total || setup.repeat_paging || setup.stale_pages).then(|| {
        format!("https://kapi.kakao.com/v1/api/talk/friends?offset={next}&limit=2&order=asc")
    });
    (
        200,
        serde_json::json!({ "elements": elements, "total_count": total, "after_url": after })
            .to_string(),
    )
}
