//! A fake Kakao account server on 127.0.0.1 for the sign-in and quota tests: kauth
//! (`/oauth/authorize` answering with the redirect a browser follows, `/oauth/token` for
//! codes with their PKCE verifier and for refreshes) and the kapi routes a signed-in
//! user meets (token info, scopes, logout, send to me, the friends list, send to
//! friends). It keeps Kakao's daily quotas the way Kakao answers them (-532, -533 and
//! -536 in `failure_info`), so a test can tell whether ktpl stopped first. Every reply
//! shape is Kakao's (spec §6-§9); no file outside the repository is read. Bounded: it
//! stops when dropped, or after 120 seconds.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use base64::Engine as _;

pub(crate) const REST_API_KEY: &str = "rest-api-key-of-the-fake-app";
pub(crate) const APP_ID: i64 = 777;
pub(crate) const USER_ID: i64 = 4242;
/// A token the fake always accepts, with both consents (for tests that need no sign-in).
pub(crate) const FIXED_TOKEN: &str = "fake-signin-fixed-token-61d0";
/// A token without the `talk_message` consent.
pub(crate) const NO_CONSENT_TOKEN: &str = "fake-signin-noconsent-token-a1b2";
/// Every token, code and verifier the fake issues or sees starts with this (the
/// verifier aside: the tests collect it from [`FakeAccount::verifiers`]).
pub(crate) const SECRET_PREFIX: &str = "fake-signin-";

/// How the fake behaves.
#[derive(Debug, Clone, Default)]
pub(crate) struct Setup {
    /// The user declines on the consent page (`error=access_denied`).
    pub(crate) deny: bool,
    /// The redirect carries a `state` other than the one asked with.
    pub(crate) wrong_state: bool,
    /// Scopes the user agrees to (default: all asked for).
    pub(crate) agree_only: Option<Vec<&'static str>>,
    /// The first access token issued is already expired at kapi (-401).
    pub(crate) expire_first_access: bool,
    /// Hold the reply to every send for this long (the request is recorded first).
    pub(crate) hold_sends: Option<Duration>,
    /// Messages each friend already got today from this sender elsewhere.
    pub(crate) pair_sent_elsewhere: Vec<(&'static str, u32)>,
}

/// One request as the fake received it.
#[derive(Debug, Clone)]
pub(crate) struct Recorded {
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) authorization: Option<String>,
    pub(crate) form: Vec<(String, String)>,
}

impl Recorded {
    pub(crate) fn field(&self, name: &str) -> Option<&str> {
        self.form
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct State {
    setup: Setup,
    /// code → (challenge, `redirect_uri`, scopes).
    codes: HashMap<String, (String, String, Vec<String>)>,
    /// live access token → scopes.
    access: HashMap<String, Vec<String>>,
    /// live refresh token → scopes.
    refresh: HashMap<String, Vec<String>>,
    issued: u32,
    verifiers: Vec<String>,
    requests: Vec<Recorded>,
    logged_out: bool,
    /// Today's counts, as Kakao keeps them.
    pairs: HashMap<String, u32>,
    sender_total: u32,
}

pub(crate) struct FakeAccount {
    pub(crate) base: String,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

type Reply = (u16, String, Option<String>);

impl FakeAccount {
    pub(crate) fn start() -> Self {
        Self::with(Setup::default())
    }

    pub(crate) fn with(setup: Setup) -> Self {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("bind loopback");
        let base = format!(
            "http://{}",
            server.server_addr().to_ip().expect("ip address")
        );
        let mut state = State::default();
        for (friend, count) in &setup.pair_sent_elsewhere {
            state.pairs.insert((*friend).to_owned(), *count);
        }
        state.setup = setup;
        state.access.insert(
            FIXED_TOKEN.to_owned(),
            vec!["talk_message".to_owned(), "friends".to_owned()],
        );
        state.access.insert(NO_CONSENT_TOKEN.to_owned(), vec![]);
        let state = Arc::new(Mutex::new(state));
        let stop = Arc::new(AtomicBool::new(false));
        let (shared, stopping) = (Arc::clone(&state), Arc::clone(&stop));
        let thread = std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(120);
            while !stopping.load(Ordering::SeqCst) && Instant::now() < deadline {
                let Ok(Some(mut request)) = server.recv_timeout(Duration::from_millis(20)) else {
                    continue;
                };
                let mut body = String::new();
                let _ = request.as_reader().read_to_string(&mut body);
                let recorded = Recorded {
                    method: request.method().as_str().to_owned(),
                    path: request.url().to_owned(),
                    authorization: request
                        .headers()
                        .iter()
                        .find(|h| h.field.equiv("Authorization"))
                        .map(|h| h.value.as_str().to_owned()),
                    form: url::form_urlencoded::parse(body.as_bytes())
                        .into_owned()
                        .collect(),
                };
                let (status, text, location) = {
                    let mut state = shared.lock().expect("lock");
                    state.requests.push(recorded.clone());
                    answer(&recorded, &mut state)
                };
                let hold = shared.lock().expect("lock").setup.hold_sends;
                let respond = move || {
                    let mut response = tiny_http::Response::from_string(text)
                        .with_status_code(status)
                        .with_header(
                            tiny_http::Header::from_bytes(
                                "Content-Type",
                                "application/json;charset=UTF-8",
                            )
                            .expect("header"),
                        );
                    if let Some(location) = location {
                        response = response.with_header(
                            tiny_http::Header::from_bytes("Location", location).expect("header"),
                        );
                    }
                    let _ = request.respond(response);
                };
                match hold {
                    Some(pause) if recorded.path.ends_with("/send") => {
                        std::thread::spawn(move || {
                            std::thread::sleep(pause);
                            respond();
                        });
                    }
                    _ => respond(),
                }
            }
        });
        Self {
            base,
            state,
            stop,
            thread: Some(thread),
        }
    }

    pub(crate) fn requests(&self) -> Vec<Recorded> {
        self.state.lock().expect("lock").requests.clone()
    }

    /// The send requests (to me or to friends) the fake received.
    pub(crate) fn sends(&self) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.path.ends_with("/send"))
            .collect()
    }

    /// The PKCE verifiers the token endpoint received (secrets: never to be printed).
    pub(crate) fn verifiers(&self) -> Vec<String> {
        self.state.lock().expect("lock").verifiers.clone()
    }

    /// Every access token issued so far expires (kapi answers -401).
    pub(crate) fn expire_access_tokens(&self) {
        let mut state = self.state.lock().expect("lock");
        state
            .access
            .retain(|token, _| !token.starts_with(&format!("{SECRET_PREFIX}access-")));
    }

    /// Kakao's day turns: its daily counts start again.
    pub(crate) fn new_day(&self) {
        let mut state = self.state.lock().expect("lock");
        state.pairs.clear();
        state.sender_total = 0;
    }

    pub(crate) fn logged_out(&self) -> bool {
        self.state.lock().expect("lock").logged_out
    }
}

impl Drop for FakeAccount {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn json(status: u16, value: &serde_json::Value) -> Reply {
    (status, value.to_string(), None)
}

fn kapi_error(status: u16, code: i64, msg: &str) -> Reply {
    json(status, &serde_json::json!({"code": code, "msg": msg}))
}

fn kauth_error(status: u16, error: &str, description: &str, code: &str) -> Reply {
    json(
        status,
        &serde_json::json!({"error": error, "error_description": description, "error_code": code}),
    )
}

fn query(path: &str) -> HashMap<String, String> {
    let query = path.split_once('?').map(|(_, q)| q).unwrap_or_default();
    url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect()
}

fn answer(request: &Recorded, state: &mut State) -> Reply {
    let route = request.path.split('?').next().unwrap_or_default();
    match route {
        "/oauth/authorize" => authorize(request, state),
        "/oauth/token" => token(request, state),
        _ => kapi(route, request, state),
    }
}

/// The consent page, answered as if the user signed in: a 302 back to `redirect_uri`.
fn authorize(request: &Recorded, state: &mut State) -> Reply {
    let q = query(&request.path);
    let get = |name: &str| q.get(name).cloned().unwrap_or_default();
    let redirect = get("redirect_uri");
    let loopback =
        redirect.starts_with("http://localhost:") || redirect.starts_with("http://127.0.0.1:");
    if get("client_id") != REST_API_KEY {
        return kauth_error(401, "invalid_client", "Bad client credentials", "KOE101");
    }
    if !loopback || get("response_type") != "code" {
        return kauth_error(
            400,
            "invalid_request",
            "bad redirect_uri or response_type",
            "KOE006",
        );
    }
    if get("code_challenge_method") != "S256" || get("code_challenge").len() != 43 {
        return kauth_error(400, "invalid_request", "PKCE S256 expected", "KOE001");
    }
    let state_param = if state.setup.wrong_state {
        "forged-state".to_owned()
    } else {
        get("state")
    };
    let back = |params: &[(&str, &str)]| {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        query.extend_pairs(params.iter());
        (
            302,
            String::new(),
            Some(format!("{redirect}?{}", query.finish())),
        )
    };
    if state.setup.deny {
        return back(&[
            ("error", "access_denied"),
            ("error_description", "User denied access"),
            ("state", &state_param),
        ]);
    }
    let asked: Vec<String> = get("scope")
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    let scopes = match &state.setup.agree_only {
        Some(only) => asked
            .into_iter()
            .filter(|s| only.contains(&s.as_str()))
            .collect(),
        None => asked,
    };
    state.issued += 1;
    let code = format!("{SECRET_PREFIX}code-{}", state.issued);
    state.codes.insert(
        code.clone(),
        (get("code_challenge"), redirect.clone(), scopes),
    );
    back(&[("code", &code), ("state", &state_param)])
}

fn issue(state: &mut State, scopes: Vec<String>) -> (String, String) {
    state.issued += 1;
    let access = format!("{SECRET_PREFIX}access-{}", state.issued);
    let refresh = format!("{SECRET_PREFIX}refresh-{}", state.issued);
    let expired_at_once = state.setup.expire_first_access && state.issued <= 2;
    if !expired_at_once {
        state.access.insert(access.clone(), scopes.clone());
    }
    state.refresh.insert(refresh.clone(), scopes);
    (access, refresh)
}

fn token(request: &Recorded, state: &mut State) -> Reply {
    if request.field("client_id") != Some(REST_API_KEY) {
        return kauth_error(401, "invalid_client", "Bad client credentials", "KOE101");
    }
    match request.field("grant_type") {
        Some("authorization_code") => {
            let Some((challenge, redirect, scopes)) = request
                .field("code")
                .and_then(|code| state.codes.remove(code))
            else {
                return kauth_error(
                    400,
                    "invalid_grant",
                    "authorization code not found",
                    "KOE320",
                );
            };
            if request.field("redirect_uri") != Some(redirect.as_str()) {
                return kauth_error(400, "invalid_grant", "Redirect URI mismatch.", "KOE303");
            }
            let verifier = request
                .field("code_verifier")
                .unwrap_or_default()
                .to_owned();
            state.verifiers.push(verifier.clone());
            let digest = ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes());
            let derived = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest);
            if derived != challenge {
                return kauth_error(400, "invalid_grant", "code_verifier mismatch", "KOE320");
            }
            let scope = scopes.join(" ");
            let (access, refresh) = issue(state, scopes);
            json(
                200,
                &serde_json::json!({
                    "token_type": "bearer", "access_token": access, "expires_in": 21599,
                    "refresh_token": refresh, "refresh_token_expires_in": 5_183_999, "scope": scope,
                }),
            )
        }
        Some("refresh_token") => {
            let Some(scopes) = request
                .field("refresh_token")
                .and_then(|token| state.refresh.remove(token))
            else {
                return kauth_error(
                    400,
                    "invalid_grant",
                    "expired_or_invalid_refresh_token",
                    "KOE322",
                );
            };
            let (access, refresh) = issue(state, scopes);
            json(
                200,
                &serde_json::json!({
                    "token_type": "bearer", "access_token": access, "expires_in": 21599,
                    "refresh_token": refresh, "refresh_token_expires_in": 5_183_999,
                }),
            )
        }
        _ => kauth_error(400, "invalid_request", "unsupported grant_type", "KOE001"),
    }
}

fn kapi(route: &str, request: &Recorded, state: &mut State) -> Reply {
    let token = request
        .authorization
        .as_deref()
        .and_then(|a| a.strip_prefix("Bearer "))
        .unwrap_or_default()
        .to_owned();
    let Some(scopes) = state.access.get(&token).cloned() else {
        return kapi_error(401, -401, "this access token does not exist");
    };
    let has = |id: &str| scopes.iter().any(|s| s == id);
    match (request.method.as_str(), route) {
        ("GET", "/v1/user/access_token_info") => json(
            200,
            &serde_json::json!({"id": USER_ID, "expires_in": 21000, "app_id": APP_ID}),
        ),
        ("GET", "/v2/user/scopes") => {
            let items: Vec<serde_json::Value> = ["talk_message", "friends", "profile_nickname"]
                .iter()
                .map(|id| {
                    serde_json::json!({
                        "id": id, "display_name": id, "type": "PRIVACY", "using": true,
                        "agreed": has(id), "revocable": true,
                    })
                })
                .collect();
            json(200, &serde_json::json!({"id": USER_ID, "scopes": items}))
        }
        ("POST", "/v1/user/logout") => {
            state.access.remove(&token);
            state.logged_out = true;
            json(200, &serde_json::json!({"id": USER_ID}))
        }
        ("GET", "/v1/api/talk/friends") if !has("friends") => json(
            403,
            &serde_json::json!({"msg": "insufficient scopes.", "code": -402, "api_type": "FRIENDS", "required_scopes": ["friends"], "allowed_scopes": scopes}),
        ),
        ("GET", "/v1/api/talk/friends") => {
            let elements: Vec<serde_json::Value> = (0..3)
                .map(|i| {
                    serde_json::json!({"uuid": format!("friend-{i}"), "profile_nickname": format!("친구{i}"), "favorite": false, "allowed_msg": true})
                })
                .collect();
            json(
                200,
                &serde_json::json!({"elements": elements, "total_count": 3}),
            )
        }
        ("POST", route) if route.ends_with("/send") && !has("talk_message") => json(
            403,
            &serde_json::json!({"msg": "insufficient scopes.", "code": -402, "api_type": "TALK_MESSAGE_SEND", "required_scopes": ["talk_message"], "allowed_scopes": scopes}),
        ),
        ("POST", "/v2/api/talk/memo/default/send") => {
            json(200, &serde_json::json!({"result_code": 0}))
        }
        ("POST", "/v1/api/talk/friends/message/default/send") => {
            let Some(uuids) = request
                .field("receiver_uuids")
                .and_then(|r| serde_json::from_str::<Vec<String>>(r).ok())
                .filter(|u| (1..=5).contains(&u.len()))
            else {
                return kapi_error(400, -2, "receiver_uuids: 1 to 5 uuids");
            };
            let (mut ok, mut pair_full, mut sender_full) = (Vec::new(), Vec::new(), Vec::new());
            for uuid in uuids {
                let pair = state.pairs.entry(uuid.clone()).or_default();
                if state.sender_total >= 100 {
                    sender_full.push(uuid);
                } else if *pair >= 20 {
                    pair_full.push(uuid);
                } else {
                    *pair += 1;
                    state.sender_total += 1;
                    ok.push(uuid);
                }
            }
            let mut reply = serde_json::json!({});
            if !ok.is_empty() {
                reply["successful_receiver_uuids"] = serde_json::json!(ok);
            }
            let mut failures = Vec::new();
            if !pair_full.is_empty() {
                failures.push(serde_json::json!({"code": -536, "msg": "daily message limit per sender and receiver has been exceeded.", "receiver_uuids": pair_full}));
            }
            if !sender_full.is_empty() {
                failures.push(serde_json::json!({"code": -532, "msg": "daily message limit per sender has been exceeded.", "receiver_uuids": sender_full}));
            }
            if !failures.is_empty() {
                reply["failure_info"] = serde_json::json!(failures);
            }
            json(200, &reply)
        }
        _ => kapi_error(404, -2, "no such API"),
    }
}
