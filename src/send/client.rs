//! The HTTP client: Kakao's API at an injectable base URL, one refresh on an expired
//! token, retries only when no connection was made (a message must not arrive twice).

use std::time::Duration;

use ureq::Agent;
use url::Url;

use super::error::{KakaoError, SendError};
use super::message::{Message, PlannedRequest};
use super::outcome::Account;
use super::response::{AuthErrorReply, ErrorReply, Friend, FriendsPage, FriendsReply, TokenReply};
use super::target::Target;
use super::token::{AccessToken, Credentials};

/// Kakao's API host.
pub const DEFAULT_API_BASE: &str = "https://kapi.kakao.com";
/// Kakao's OAuth host.
pub const DEFAULT_AUTH_BASE: &str = "https://kauth.kakao.com";
const FORM: &str = "application/x-www-form-urlencoded;charset=utf-8";
/// Attempts to connect before giving up; only connection failures are retried.
const CONNECT_ATTEMPTS: u32 = 3;
/// The friends list is paged by Kakao; stop following after this many pages.
const MAX_PAGES: usize = 1000;

/// A client for the message and friends APIs.
pub struct Client {
    agent: Agent,
    api_base: Url,
    auth_base: Url,
    credentials: Credentials,
    refreshed: bool,
    /// Pause between connection attempts (shortened in tests).
    backoff: Duration,
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
        let agent: Agent = Agent::config_builder()
            .timeout_connect(Some(Duration::from_secs(5)))
            .timeout_global(Some(Duration::from_secs(30)))
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .into();
        Ok(Self {
            agent,
            api_base: checked_base(api_base, "--api-base / KAKAO_API_BASE")?,
            auth_base: checked_base(auth_base, "KAKAO_AUTH_BASE")?,
            credentials,
            refreshed: false,
            backoff: Duration::from_millis(200),
            notices: Vec::new(),
        })
    }

    /// Sets the pause between connection attempts.
    #[must_use]
    pub fn with_backoff(mut self, backoff: Duration) -> Self {
        self.backoff = backoff;
        self
    }

    /// Sends `message` to every receiver of `target`, five friends per request, and
    /// accounts for each receiver.
    pub fn send(&mut self, message: &Message, target: &Target) -> Account {
        let mut account = Account::default();
        let mut fatal: Option<SendError> = None;
        for batch in target.batches() {
            let receivers = match target {
                Target::Me => None,
                Target::Friends(_) => Some(batch.as_slice()),
            };
            if let Some(error) = &fatal {
                account.fail_all(&batch, error);
                continue;
            }
            let request = message.request(receivers);
            match self.post_api(&request) {
                Ok(body) => match target {
                    Target::Me => account.push("me", super::outcome::Status::Delivered),
                    Target::Friends(_) => match serde_json::from_str::<FriendsReply>(&body) {
                        Ok(reply) => account.record_friends(&batch, &reply),
                        Err(e) => account.fail_all(
                            &batch,
                            &SendError::Network {
                                message: format!("Kakao's reply could not be read: {e}"),
                            },
                        ),
                    },
                },
                Err(error) => {
                    account.fail_all(&batch, &error);
                    // Auth, consent and permission failures repeat for every batch.
                    if let SendError::Kakao(KakaoError {
                        code: -401 | -402 | -3 | -5 | -12,
                        ..
                    })
                    | SendError::Credentials { .. } = error
                    {
                        fatal = Some(error);
                    }
                }
            }
        }
        account
    }

    /// Every friend the user has who can receive the app's messages, following
    /// Kakao's paging to the end.
    pub fn friends(&mut self) -> Result<Vec<Friend>, SendError> {
        let mut friends = Vec::new();
        let mut query = "limit=100&offset=0".to_owned();
        for _ in 0..MAX_PAGES {
            let body = self.get_api(&format!("/v1/api/talk/friends?{query}"))?;
            let page: FriendsPage =
                serde_json::from_str(&body).map_err(|e| SendError::Network {
                    message: format!("Kakao's friends reply could not be read: {e}"),
                })?;
            friends.extend(page.elements);
            // Only the query of `after_url` is used: a reply cannot send the token to
            // another host.
            match page.after_url.as_deref().and_then(|u| Url::parse(u).ok()) {
                Some(next) => next.query().unwrap_or_default().clone_into(&mut query),
                None => return Ok(friends),
            }
        }
        Ok(friends)
    }

    fn post_api(&mut self, request: &PlannedRequest) -> Result<String, SendError> {
        let url = join(&self.api_base, request.path);
        let body = request.body();
        self.with_refresh(|client| {
            let bearer = client.credentials.access.bearer();
            client.exchange(|| {
                client
                    .agent
                    .post(&url)
                    .header("Authorization", &bearer)
                    .header("Content-Type", FORM)
                    .send(body.as_str())
            })
        })
    }

    fn get_api(&mut self, path_and_query: &str) -> Result<String, SendError> {
        let url = join(&self.api_base, path_and_query);
        self.with_refresh(|client| {
            let bearer = client.credentials.access.bearer();
            client.exchange(|| {
                client
                    .agent
                    .get(&url)
                    .header("Authorization", &bearer)
                    .call()
            })
        })
    }

    /// Runs a request; on -401 with refresh credentials, refreshes once and runs it again.
    fn with_refresh(
        &mut self,
        run: impl Fn(&Self) -> Result<(u16, String), SendError>,
    ) -> Result<String, SendError> {
        let (status, body) = run(self)?;
        if (200..300).contains(&status) {
            return Ok(body);
        }
        let error = kakao_error(status, &body);
        let expired = matches!(&error, SendError::Kakao(k) if k.code == -401);
        if expired && !self.refreshed && self.credentials.refresh.is_some() {
            self.refresh()?;
            let (status, body) = run(self)?;
            if (200..300).contains(&status) {
                return Ok(body);
            }
            return Err(kakao_error(status, &body));
        }
        Err(error)
    }

    /// One HTTP exchange: connection failures are retried with backoff; any reply,
    /// whatever its status, is returned as is.
    fn exchange(
        &self,
        send: impl Fn() -> Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<(u16, String), SendError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            match send() {
                Ok(mut response) => {
                    let status = response.status().as_u16();
                    let body =
                        response
                            .body_mut()
                            .read_to_string()
                            .map_err(|e| SendError::Network {
                                message: format!("reading Kakao's reply failed: {e}"),
                            })?;
                    return Ok((status, body));
                }
                Err(error) if attempt < CONNECT_ATTEMPTS && not_connected(&error) => {
                    std::thread::sleep(self.backoff * 2u32.pow(attempt - 1));
                }
                Err(error) => {
                    let hint = if not_connected(&error) {
                        format!(" (no connection after {attempt} attempts; nothing was sent)")
                    } else {
                        " (the request may have reached Kakao; not retried, so a message is never sent twice)".to_owned()
                    };
                    return Err(SendError::Network {
                        message: format!("cannot reach Kakao: {error}{hint}"),
                    });
                }
            }
        }
    }

    fn refresh(&mut self) -> Result<(), SendError> {
        self.refreshed = true;
        let Some(refresh) = self.credentials.refresh.clone() else {
            return Ok(());
        };
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
        let (status, reply) = self.exchange(|| {
            self.agent
                .post(&url)
                .header("Content-Type", FORM)
                .send(body.as_str())
        })?;
        if !(200..300).contains(&status) {
            let error: Option<AuthErrorReply> = serde_json::from_str(&reply).ok();
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
                message: format!("the access token expired and refreshing it failed: {detail}"),
                help: "the refresh token is expired or invalid (KOE322 means log in again); check KAKAO_REST_API_KEY and KAKAO_CLIENT_SECRET".to_owned(),
            });
        }
        let tokens: TokenReply = serde_json::from_str(&reply).map_err(|e| SendError::Network {
            message: format!("Kakao's token reply could not be read: {e}"),
        })?;
        self.credentials.access = AccessToken::new(tokens.access_token);
        let mut rotated = false;
        if let (Some(new_refresh), Some(current)) =
            (tokens.refresh_token, self.credentials.refresh.as_mut())
        {
            current.refresh_token = AccessToken::new(new_refresh);
            rotated = true;
        }
        if let Some(saved) = self.credentials.write_back(rotated)? {
            self.notices.push(format!(
                "Kakao issued a new refresh token and the old one no longer works; it was saved to {} (use it as KAKAO_REFRESH_TOKEN, or pass --token-file to keep tokens in one file)",
                saved.display()
            ));
        }
        Ok(())
    }
}

/// Whether the error happened before any byte of the request could reach Kakao.
fn not_connected(error: &ureq::Error) -> bool {
    match error {
        ureq::Error::ConnectionFailed | ureq::Error::HostNotFound => true,
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
