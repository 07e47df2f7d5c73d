//! The HTTP client for Kakao's message and friends APIs, one job a file: `transport`
//! (one exchange, and the exact line between a request never written, retried, and one
//! written, never repeated), `refresh` (one refresh on an expired token), `friends`
//! (following the friends list's pages), `reply` (what a reply proves about each
//! receiver).

mod friends;
mod refresh;
mod reply;
mod transport;
mod user;

use std::time::Duration;

use ureq::Agent;
use url::Url;

use super::credentials::Credentials;
use super::error::{KakaoError, SendError};
use super::message::Message;
use super::outcome::Status;

pub use reply::BatchOutcome;
use reply::{expired_error, judge_reply, kakao_error};
use transport::{Exchange, FORM, agent, checked_base, join};
pub use user::Granted;

/// Kakao's API host.
pub const DEFAULT_API_BASE: &str = "https://kapi.kakao.com";
/// Kakao's OAuth host.
pub const DEFAULT_AUTH_BASE: &str = "https://kauth.kakao.com";
/// How long a request may take, reply included, unless `KTPL_HTTP_TIMEOUT_MS` says.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

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

    /// A client for signing in to the app with `app`'s keys: it holds no token until
    /// [`Client::sign_in_with_code`], and a refresh writes back to the store at `store`.
    pub fn signing_in(
        api_base: &str,
        auth_base: &str,
        app: crate::send::AppKeys,
        store: std::path::PathBuf,
    ) -> Result<Self, SendError> {
        let credentials = Credentials {
            access: crate::send::AccessToken::new(String::new()),
            refresh: None,
            app: Some(app),
            origin: crate::send::credentials::Origin::Store {
                path: store,
                facts: crate::send::store::Facts::default(),
            },
        };
        Self::new(api_base, auth_base, credentials)
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
    fn get_api(&mut self, path_and_query: &str) -> Result<String, SendError> {
        self.call_api(false, path_and_query)
    }

    fn post_api(&mut self, path: &str) -> Result<String, SendError> {
        self.call_api(true, path)
    }

    /// A GET, or a POST without a body, with the bearer token; an expired token is
    /// refreshed once.
    fn call_api(&mut self, post: bool, path_and_query: &str) -> Result<String, SendError> {
        let url = join(&self.api_base, path_and_query);
        let get = |client: &Self| {
            let bearer = client.credentials.access.bearer();
            client.exchange(|| {
                if post {
                    client
                        .agent
                        .post(&url)
                        .header("Authorization", &bearer)
                        .header("Content-Type", FORM)
                        .send("")
                } else {
                    client
                        .agent
                        .get(&url)
                        .header("Authorization", &bearer)
                        .call()
                }
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
            && self.credentials.refresh_grant().is_some()
    }
}
