//! The HTTP client: Kakao's API at an injectable base URL, one refresh on an expired
//! token, and an exact line between a request that was never written (retried) and one
//! that was (never repeated: a message must not arrive twice).

use std::time::Duration;

use ureq::Agent;
use url::Url;

use super::error::{KakaoError, SendError};
use super::message::Message;
use super::outcome::{Status, friends_fates};
use super::response::{
    AuthErrorReply, ErrorReply, Friend, FriendsPage, FriendsReply, MemoReply, TokenReply,
};
use super::token::{AccessToken, Credentials};

/// Kakao's API host.
pub const DEFAULT_API_BASE: &str = "https://kapi.kakao.com";
/// Kakao's OAuth host.
pub const DEFAULT_AUTH_BASE: &str = "https://kauth.kakao.com";
/// How long a request may take, reply included, unless `KTPL_HTTP_TIMEOUT_MS` says.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const FORM: &str = "application/x-www-form-urlencoded;charset=utf-8";
/// Attempts to connect before giving up; only failures to connect are retried.
const CONNECT_ATTEMPTS: u32 = 3;
/// The friends list is paged by Kakao; stop following after this many pages.
const MAX_PAGES: usize = 1000;
/// Kakao codes after which every further request would be refused the same way: the
/// token, consent, permission, account or the sender's quota.
const FATAL_CODES: [i64; 13] = [
    -401, -402, -3, -4, -5, -9, -10, -11, -12, -531, -532, -903, -9798,
];

/// What came of one HTTP exchange.
enum Exchange {
    /// No connection could be made: not a byte of the request was written.
    NotConnected(String),
    /// The request was (or may have been) written and no complete reply came back.
    NoReply(String),
    /// A complete reply.
    Reply {
        /// HTTP status.
        status: u16,
        /// The body.
        body: String,
    },
}

/// The fate of one request's receivers, and whether sending more is pointless.
#[derive(Debug)]
pub struct BatchOutcome {
    /// One fate per receiver of the batch (one for "me").
    pub fates: Vec<Status>,
    /// Why the remaining batches must not be sent (the token is dead, the quota is
    /// used up, Kakao asks to slow down), when they must not.
    pub stop: Option<String>,
    /// Kakao looked down: no connection, no reply, or a 5xx.
    pub outage: bool,
}

/// A client for the message and friends APIs.
pub struct Client {
    agent: Agent,
    api_base: Url,
    auth_base: Url,
    credentials: Credentials,
    refreshed: bool,
    /// Pause between connection attempts (shortened in tests).
    backoff: Duration,
    /// How long one request may take, reply included.
    timeout: Duration,
    /// Things the user should be told after the run (where a rotated refresh token went).
    pub notices: Vec<String>,
}

/// Every request gets a fresh connection: on a pooled keep-alive connection the server
/// may close its end just as the request goes out, and then no one can tell whether it
/// was read. On a fresh one, "never written" is exactly "never connected".
fn agent(timeout: Duration) -> Agent {
    Agent::config_builder()
        .timeout_connect(Some(CONNECT_TIMEOUT.min(timeout)))
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(0)
        .max_idle_connections(0)
        .max_idle_connections_per_host(0)
        .build()
        .into()
}

impl Client {
    /// A client for `api_base` and `auth_base` (plain http only for loopback hosts).
    pub fn new(
        api_base: &str,
        auth_base: &str,
        credentials: Credentials,
    ) -> Result<Self, SendError> {
        Ok(Self {
            agent: agent(DEFAULT_TIMEOUT),
            api_base: checked_base(api_base, "--api-base / KAKAO_API_BASE")?,
            auth_base: checked_base(auth_base, "KAKAO_AUTH_BASE")?,
            credentials,
            refreshed: false,
            backoff: Duration::from_millis(200),
            timeout: DEFAULT_TIMEOUT,
            notices: Vec::new(),
        })
    }

    /// Sets the pause between connection attempts.
    #[must_use]
    pub fn with_backoff(mut self, backoff: Duration) -> Self {
        self.backoff = backoff;
        self
    }

    /// Sets how long one request may take, reply included.
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.agent = agent(timeout);
        self.timeout = timeout;
        self
    }

    /// The full URL of an API path.
    #[must_use]
    pub fn api_url(&self, path: &str) -> String {
        join(&self.api_base, path)
    }

    /// Sends `message` to one batch (`None`: to me) and tells each receiver's fate.
    pub fn send_batch(&mut self, message: &Message, receivers: Option<&[String]>) -> BatchOutcome {
        let request = message.request(receivers);
        let count = receivers.map_or(1, <[String]>::len);
        let all = |status: Status| vec![status; count];
        let url = join(&self.api_base, request.path);
        let body = request.body();
        let post = |client: &Self| {
            let bearer = client.credentials.access.bearer();
            client.exchange(|| {
                client
                    .agent
                    .post(&url)
                    .header("Authorization", &bearer)
                    .header("Content-Type", FORM)
                    .send(body.as_str())
            })
        };
        let mut exchange = post(self);
        if self.token_expired(&exchange) {
            // Kakao refused the request for the token: nothing was sent, so it may be
            // sent again once the token is fresh.
            if let Err(error) = self.refresh() {
                let refused = expired_error(&exchange);
                return BatchOutcome {
                    fates: all(Status::refused(&refused)),
                    stop: Some(error.to_string()),
                    outage: false,
                };
            }
            exchange = post(self);
        }
        match exchange {
            Exchange::NotConnected(reason) => BatchOutcome {
                fates: all(Status::NotSent { reason }),
                stop: None,
                outage: true,
            },
            Exchange::NoReply(reason) => BatchOutcome {
                fates: all(Status::Unknown {
                    reason,
                    whole_request: true,
                }),
                stop: None,
                outage: true,
            },
            Exchange::Reply { status, body } => judge_reply(status, &body, receivers),
        }
    }

    /// Every friend the user has who can receive the app's messages, following
    /// Kakao's paging to the end. A page that repeats an earlier one is an error, and a
    /// friend listed twice is kept once.
    pub fn friends(&mut self) -> Result<Vec<Friend>, SendError> {
        let mut friends: Vec<Friend> = Vec::new();
        let mut seen_uuids = std::collections::HashSet::new();
        let mut seen_queries = std::collections::HashSet::new();
        let mut query = "limit=100&offset=0".to_owned();
        for _ in 0..MAX_PAGES {
            seen_queries.insert(query.clone());
            let body = self.get_api(&format!("/v1/api/talk/friends?{query}"))?;
            let page: FriendsPage =
                serde_json::from_str(&body).map_err(|e| SendError::Network {
                    message: format!("Kakao's friends reply could not be read: {e}"),
                })?;
            let known_page = !page.elements.is_empty()
                && page.elements.iter().all(|f| seen_uuids.contains(&f.uuid));
            if known_page {
                return Err(SendError::Network {
                    message: format!(
                        "Kakao's friends list repeats a page already read (at `{query}`); stopped after {} friends",
                        friends.len()
                    ),
                });
            }
            for friend in page.elements {
                if seen_uuids.insert(friend.uuid.clone()) {
                    friends.push(friend);
                }
            }
            // Only the query of `after_url` is used: a reply cannot send the token to
            // another host.
            match page.after_url.as_deref().and_then(|u| Url::parse(u).ok()) {
                Some(next) => {
                    next.query().unwrap_or_default().clone_into(&mut query);
                    if seen_queries.contains(&query) {
                        return Err(SendError::Network {
                            message: format!(
                                "Kakao's friends list repeats itself (the next page `{query}` was already read); stopped after {} friends",
                                friends.len()
                            ),
                        });
                    }
                }
                None => return Ok(friends),
            }
        }
        Err(SendError::Network {
            message: format!("Kakao's friends list did not end after {MAX_PAGES} pages; stopped"),
        })
    }

    fn get_api(&mut self, path_and_query: &str) -> Result<String, SendError> {
        let url = join(&self.api_base, path_and_query);
        let get = |client: &Self| {
            let bearer = client.credentials.access.bearer();
            client.exchange(|| {
                client
                    .agent
                    .get(&url)
                    .header("Authorization", &bearer)
                    .call()
            })
        };
        let mut exchange = get(self);
        if self.token_expired(&exchange) {
            self.refresh()?;
            exchange = get(self);
        }
        match exchange {
            Exchange::NotConnected(message) | Exchange::NoReply(message) => {
                Err(SendError::Network { message })
            }
            Exchange::Reply { status, body } if (200..300).contains(&status) => Ok(body),
            Exchange::Reply { status, body } => Err(kakao_error(status, &body)),
        }
    }

    /// Whether Kakao refused the request for an expired token and a refresh may help.
    fn token_expired(&self, exchange: &Exchange) -> bool {
        matches!(exchange, Exchange::Reply { status, body }
            if matches!(kakao_error(*status, body), SendError::Kakao(KakaoError { code: -401, .. })))
            && !self.refreshed
            && self.credentials.refresh.is_some()
    }

    /// One HTTP exchange. Failures to connect are retried with backoff: nothing was
    /// written. Anything after the connection is made is reported as it is, never
    /// retried.
    fn exchange(
        &self,
        send: impl Fn() -> Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Exchange {
        let mut attempt = 0;
        loop {
            attempt += 1;
            match send() {
                Ok(mut response) => {
                    let status = response.status().as_u16();
                    return match response.body_mut().read_to_string() {
                        Ok(body) => Exchange::Reply { status, body },
                        Err(e) => Exchange::NoReply(format!(
                            "Kakao answered HTTP {status} but the reply was cut off ({e})"
                        )),
                    };
                }
                Err(error) if not_connected(&error) => {
                    if attempt < CONNECT_ATTEMPTS {
                        std::thread::sleep(self.backoff * 2u32.pow(attempt - 1));
                    } else {
                        return Exchange::NotConnected(format!(
                            "cannot reach Kakao: {error} (no connection after {attempt} attempts; nothing was sent)"
                        ));
                    }
                }
                Err(ureq::Error::Timeout(_)) => {
                    return Exchange::NoReply(format!(
                        "the request went out and no reply came within {} ms",
                        self.timeout.as_millis()
                    ));
                }
                Err(error) => {
                    return Exchange::NoReply(format!(
                        "the request went out and no reply came back: {error}"
                    ));
                }
            }
        }
    }

    fn refresh(&mut self) -> Result<(), SendError> {
        self.refreshed = true;
        let Some(refresh) = self.credentials.refresh.clone() else {
            return Ok(());
        };
        // Kakao may rotate the refresh token and void the old one: know first that the
        // new one can be kept, or do not refresh at all.
        let pending = self.credentials.prepare_write_back()?;
        let mut form = vec![
            ("grant_type".to_owned(), "refresh_token".to_owned()),
            ("client_id".to_owned(), refresh.rest_api_key.clone()),
            (
                "refresh_token".to_owned(),
                refresh.refresh_token.secret().to_owned(),
            ),
        ];
        if let Some(secret) = &refresh.client_secret {
            form.push(("client_secret".to_owned(), secret.secret().to_owned()));
        }
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form.iter())
            .finish();
        let url = join(&self.auth_base, "/oauth/token");
        let lost = |what: String| {
            SendError::Credentials {
            message: format!("refreshing the access token failed: {what}"),
            help: "Kakao may have issued a new refresh token that ktpl never saw; if the next run says KOE322, log in again".to_owned(),
        }
        };
        let reply = match self.exchange(|| {
            self.agent
                .post(&url)
                .header("Content-Type", FORM)
                .send(body.as_str())
        }) {
            Exchange::NotConnected(message) => {
                return Err(SendError::Credentials {
                    message: format!("refreshing the access token failed: {message}"),
                    help: "the refresh token still works; run again when Kakao can be reached"
                        .to_owned(),
                });
            }
            Exchange::NoReply(message) => return Err(lost(message)),
            Exchange::Reply { status, body } if !(200..300).contains(&status) => {
                let error: Option<AuthErrorReply> = serde_json::from_str(&body).ok();
                let detail = error.map_or_else(
                    || format!("HTTP {status}"),
                    |e| {
                        format!(
                            "{} {} ({})",
                            e.error,
                            e.error_description,
                            e.error_code.unwrap_or_default()
                        )
                    },
                );
                return Err(SendError::Credentials {
                    message: format!("refreshing the access token failed: {detail}"),
                    help: "the refresh token is expired or invalid (KOE322 means log in again); check KAKAO_REST_API_KEY and KAKAO_CLIENT_SECRET".to_owned(),
                });
            }
            Exchange::Reply { body, .. } => body,
        };
        let tokens: TokenReply = serde_json::from_str(&reply)
            .map_err(|e| lost(format!("Kakao's token reply could not be read: {e}")))?;
        let malformed = std::iter::once(&tokens.access_token)
            .chain(&tokens.refresh_token)
            .any(|token| token.is_empty() || !token.bytes().all(|b| b.is_ascii_graphic()));
        if malformed {
            return Err(lost(
                "Kakao's token reply holds something that is not a token".to_owned(),
            ));
        }
        self.credentials.access = AccessToken::new(tokens.access_token);
        let mut rotated = false;
        if let (Some(new_refresh), Some(current)) =
            (tokens.refresh_token, self.credentials.refresh.as_mut())
        {
            current.refresh_token = AccessToken::new(new_refresh);
            rotated = true;
        }
        if let Some(saved) = self.credentials.commit_write_back(pending, rotated)? {
            self.notices.push(format!(
                "Kakao issued a new refresh token and the old one no longer works; it was saved to {} (use it as KAKAO_REFRESH_TOKEN, or pass --token-file to keep tokens in one file)",
                saved.display()
            ));
        }
        Ok(())
    }
}

/// The fates a complete reply proves. A 2xx must be readable to count; a 4xx with
/// Kakao's error body (or a 429) is a refusal, so nothing was sent; anything else, a
/// 5xx from a gateway in particular, may come after delivery and proves nothing.
fn judge_reply(status: u16, body: &str, receivers: Option<&[String]>) -> BatchOutcome {
    let count = receivers.map_or(1, <[String]>::len);
    let unknown = |reason: String, outage: bool| BatchOutcome {
        fates: vec![
            Status::Unknown {
                reason,
                whole_request: true,
            };
            count
        ],
        stop: None,
        outage,
    };
    if (200..300).contains(&status) {
        return match receivers {
            Some(batch) => match serde_json::from_str::<FriendsReply>(body) {
                Ok(reply) => {
                    let fates = friends_fates(batch, &reply);
                    let quota = reply
                        .failure_info
                        .iter()
                        .find(|f| matches!(f.code, -531 | -532))
                        .map(|f| {
                            format!(
                                "Kakao says the sender's quota is used up ({}: {})",
                                f.code, f.msg
                            )
                        });
                    BatchOutcome {
                        fates,
                        stop: quota,
                        outage: false,
                    }
                }
                Err(e) => unknown(unreadable(status, body, &e), false),
            },
            None => match serde_json::from_str::<MemoReply>(body) {
                Ok(MemoReply { result_code: 0 }) => BatchOutcome {
                    fates: vec![Status::Delivered],
                    stop: None,
                    outage: false,
                },
                Ok(MemoReply { result_code }) => unknown(
                    format!("Kakao answered HTTP {status} with result_code {result_code}, not 0"),
                    false,
                ),
                Err(e) => unknown(unreadable(status, body, &e), false),
            },
        };
    }
    let refusal = serde_json::from_str::<ErrorReply>(body)
        .ok()
        .map(|reply| KakaoError {
            status,
            code: reply.code,
            msg: reply.msg,
            required_scopes: reply.required_scopes,
        });
    let refused = |kakao: KakaoError, stop: Option<String>| BatchOutcome {
        fates: vec![Status::refused(&kakao); count],
        stop,
        outage: false,
    };
    match refusal {
        _ if status == 429 => refused(
            refusal.unwrap_or_else(|| KakaoError {
                status,
                code: 0,
                msg: "HTTP 429 Too Many Requests".to_owned(),
                required_scopes: Vec::new(),
            }),
            Some("Kakao asked ktpl to slow down (HTTP 429)".to_owned()),
        ),
        // Kakao timed out inside: the message may have gone out before it did.
        Some(kakao) if kakao.code == -603 => unknown(
            format!(
                "Kakao answered HTTP {status} with code -603 ({}): it timed out internally, perhaps after sending",
                kakao.msg
            ),
            true,
        ),
        Some(kakao) if (400..500).contains(&status) || kakao.code == -9798 => {
            let stop = FATAL_CODES.contains(&kakao.code).then(|| {
                format!(
                    "Kakao refused a request with code {}: {}",
                    kakao.code,
                    kakao.explanation()
                )
            });
            refused(kakao, stop)
        }
        _ => unknown(
            format!(
                "Kakao's side answered HTTP {status} {}; the request may or may not have been carried out",
                if body.trim().is_empty() {
                    "with an empty body"
                } else {
                    "without a Kakao error body"
                }
            ),
            status >= 500,
        ),
    }
}

fn unreadable(status: u16, body: &str, error: &serde_json::Error) -> String {
    if body.trim().is_empty() {
        format!("Kakao answered HTTP {status} with an empty body")
    } else {
        format!("Kakao answered HTTP {status} with a body ktpl cannot read ({error})")
    }
}

/// The -401 refusal in an exchange (what `token_expired` matched).
fn expired_error(exchange: &Exchange) -> KakaoError {
    match exchange {
        Exchange::Reply { status, body } => match kakao_error(*status, body) {
            SendError::Kakao(kakao) => kakao,
            _ => KakaoError {
                status: *status,
                code: -401,
                msg: String::new(),
                required_scopes: Vec::new(),
            },
        },
        _ => KakaoError {
            status: 401,
            code: -401,
            msg: String::new(),
            required_scopes: Vec::new(),
        },
    }
}

/// Whether the error happened before any byte of the request could reach Kakao.
fn not_connected(error: &ureq::Error) -> bool {
    match error {
        // Failures of building the request, resolving, connecting, or of a proxy or
        // TLS set-up: all before a byte of the request is written. (A rustls error may
        // come later, while reading the reply, so it is not among them.)
        ureq::Error::ConnectionFailed
        | ureq::Error::HostNotFound
        | ureq::Error::Http(_)
        | ureq::Error::BadUri(_)
        | ureq::Error::InvalidProxyUrl
        | ureq::Error::ConnectProxyFailed(_)
        | ureq::Error::RequireHttpsOnly(_)
        | ureq::Error::TlsRequired => true,
        ureq::Error::Timeout(kind) => {
            matches!(kind, ureq::Timeout::Connect | ureq::Timeout::Resolve)
        }
        ureq::Error::Io(io) => matches!(
            io.kind(),
            std::io::ErrorKind::ConnectionRefused | std::io::ErrorKind::NotFound
        ),
        _ => false,
    }
}

fn kakao_error(status: u16, body: &str) -> SendError {
    match serde_json::from_str::<ErrorReply>(body) {
        Ok(reply) => SendError::Kakao(KakaoError {
            status,
            code: reply.code,
            msg: reply.msg,
            required_scopes: reply.required_scopes,
        }),
        Err(_) => SendError::Kakao(KakaoError {
            status,
            code: 0,
            msg: format!("HTTP {status} without a Kakao error body"),
            required_scopes: Vec::new(),
        }),
    }
}

fn join(base: &Url, path: &str) -> String {
    format!("{}{path}", base.as_str().trim_end_matches('/'))
}

/// Accepts https, and http only for loopback hosts (tests, local proxies).
fn checked_base(base: &str, name: &str) -> Result<Url, SendError> {
    let url = Url::parse(base).map_err(|e| SendError::Usage {
        message: format!("{name}: `{base}` is not a URL: {e}"),
    })?;
    let loopback = match url.host() {
        Some(url::Host::Domain(host)) => host.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" => Ok(url),
        "http" if loopback => Ok(url),
        "http" => Err(SendError::Usage {
            message: format!(
                "{name}: plain http is allowed only for loopback hosts, not `{base}`; the token would travel unencrypted"
            ),
        }),
        other => Err(SendError::Usage {
            message: format!("{name}: `{other}:` is not http(s)"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(fates: &[Status]) -> Vec<&'static str> {
        fates.iter().map(Status::name).collect()
    }

    #[test]
    fn replies_prove_what_they_prove_and_no_more() {
        let batch = vec!["a".to_owned(), "b".to_owned()];
        let friends = Some(batch.as_slice());
        let judge = |status, body: &str| judge_reply(status, body, friends);
        let refused = judge(400, r#"{"code":-2,"msg":"bad"}"#);
        assert_eq!(names(&refused.fates), ["failed", "failed"]);
        assert!(refused.stop.is_none(), "a bad parameter may be one uuid's");
        let consent = judge(
            403,
            r#"{"code":-402,"msg":"scope","required_scopes":["talk_message"]}"#,
        );
        assert_eq!(names(&consent.fates), ["failed", "failed"]);
        assert!(consent.stop.is_some());
        let limited = judge(429, "<html>slow down</html>");
        assert_eq!(names(&limited.fates), ["failed", "failed"]);
        assert!(limited.stop.is_some());
        let maintenance = judge(503, r#"{"code":-9798,"msg":"maintenance"}"#);
        assert_eq!(names(&maintenance.fates), ["failed", "failed"]);
        assert!(maintenance.stop.is_some());
        for (status, body) in [
            (502, "<html>Bad Gateway</html>"),
            (500, r#"{"code":-1,"msg":"internal"}"#),
            (404, "<html>Not Found</html>"),
            (400, r#"{"code":-603,"msg":"timeout"}"#),
            (200, ""),
            (200, "[]"),
            (200, r#"{"failure_info":null}"#),
        ] {
            let judged = judge(status, body);
            assert_eq!(
                names(&judged.fates),
                ["unknown", "unknown"],
                "{status} {body}"
            );
            assert_eq!(
                judged.outage,
                status >= 500 || body.contains("-603"),
                "{status}"
            );
        }
        let partial = judge(
            200,
            r#"{"successful_receiver_uuids":["a"],"failure_info":[{"code":-532,"msg":"quota","receiver_uuids":["b"]}]}"#,
        );
        assert_eq!(names(&partial.fates), ["delivered", "failed"]);
        assert!(partial.stop.is_some(), "the sender's quota is used up");
        let memo = |body: &str| names(&judge_reply(200, body, None).fates);
        assert_eq!(memo(r#"{"result_code":0}"#), ["delivered"]);
        assert_eq!(memo(r#"{"result_code":-1}"#), ["unknown"]);
        assert_eq!(memo(r#"{"result_code":null}"#), ["unknown"]);
        assert_eq!(memo("<html>ok</html>"), ["unknown"]);
    }

    #[test]
    fn bases_must_be_https_unless_loopback() {
        assert!(checked_base("https://kapi.kakao.com", "x").is_ok());
        assert!(checked_base("http://127.0.0.1:8080", "x").is_ok());
        assert!(checked_base("http://localhost:1", "x").is_ok());
        assert!(checked_base("http://[::1]:1", "x").is_ok());
        assert!(checked_base("http://kapi.kakao.com", "x").is_err());
        assert!(checked_base("http://10.0.0.1", "x").is_err());
        assert!(checked_base("ftp://127.0.0.1", "x").is_err());
    }
}
