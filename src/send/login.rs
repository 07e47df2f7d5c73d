//! Signing in from the terminal: the sign-in page's address, and catching Kakao's
//! redirect on a loopback port (or reading the redirected address pasted by the user),
//! with the `state` checked. Gives up cleanly on a timeout, on Ctrl-C, on a wrong
//! `state` and on an error from Kakao, each saying what to do.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

use super::error::SendError;
use super::koe;
use super::secret::AuthCode;

/// The port the redirect URI uses unless `--port` says (register
/// `http://localhost:8791/callback` for the app).
pub const DEFAULT_PORT: u16 = 8791;
/// The redirect URI's path.
pub const CALLBACK_PATH: &str = "/callback";
/// How long to wait for the redirect unless `--timeout` says.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);

/// The redirect URI for `port`.
#[must_use]
pub fn redirect_uri(port: u16) -> String {
    format!("http://localhost:{port}{CALLBACK_PATH}")
}

/// What the sign-in page is asked for.
#[derive(Debug, Clone)]
pub struct Authorize<'a> {
    /// kauth's base URL.
    pub auth_base: &'a str,
    /// The REST API key.
    pub client_id: &'a str,
    /// Where Kakao sends the browser back.
    pub redirect_uri: &'a str,
    /// Scope ids to ask consent for (comma-separated on the wire).
    pub scopes: &'a [String],
    /// The random `state`.
    pub state: &'a str,
    /// The PKCE challenge (S256).
    pub code_challenge: &'a str,
}

impl Authorize<'_> {
    /// `GET {auth_base}/oauth/authorize?...`: the address to open in the browser.
    #[must_use]
    pub fn url(&self) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        query
            .append_pair("response_type", "code")
            .append_pair("client_id", self.client_id)
            .append_pair("redirect_uri", self.redirect_uri);
        if !self.scopes.is_empty() {
            query.append_pair("scope", &self.scopes.join(","));
        }
        query
            .append_pair("state", self.state)
            .append_pair("code_challenge", self.code_challenge)
            .append_pair("code_challenge_method", "S256");
        format!(
            "{}/oauth/authorize?{}",
            self.auth_base.trim_end_matches('/'),
            query.finish()
        )
    }
}

/// What came back to the redirect URI (or was pasted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The code, when the sign-in succeeded.
    pub code: Option<String>,
    /// The `state` sent back (absent when only a code was pasted).
    pub state: Option<String>,
    /// OAuth's `error`, when it failed.
    pub error: Option<String>,
    /// The error's description.
    pub error_description: Option<String>,
    /// Kakao's `KOE…` code, when it gave one.
    pub error_code: Option<String>,
}

impl Redirect {
    /// Reads a redirected address, a query string, or a bare code.
    #[must_use]
    pub fn parse(text: &str) -> Self {
        let text = text.trim();
        let query = if let Some((_, query)) = text.split_once('?') {
            query
        } else if text.contains('=') {
            text
        } else {
            return Self {
                code: Some(text.to_owned()).filter(|c| !c.is_empty()),
                state: None,
                error: None,
                error_description: None,
                error_code: None,
            };
        };
        let query = query.split('#').next().unwrap_or_default();
        let find = |name: &str| {
            url::form_urlencoded::parse(query.as_bytes())
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.into_owned())
        };
        Self {
            code: find("code"),
            state: find("state"),
            error: find("error"),
            error_description: find("error_description"),
            error_code: find("error_code"),
        }
    }

    /// The code, once the `state` is checked (a bare pasted code has none to check) and
    /// no error came back; else the error that says what happened and what to do.
    pub fn code(&self, expected_state: &str, redirect_uri: &str) -> Result<AuthCode, SendError> {
        if let Some(error) = &self.error {
            let code = self.error_code.as_deref().unwrap_or_default();
            let help = if error == "access_denied" {
                "you cancelled or declined on Kakao's page; run `ktpl login` again and agree (the `talk_message` consent is needed to send)".to_owned()
            } else if code.is_empty() {
                format!("{}; run `ktpl login` again", koe::explain_error(error))
            } else {
                koe::explain(code, redirect_uri)
            };
            let described = self
                .error_description
                .as_deref()
                .map(|d| format!(": {d}"))
                .unwrap_or_default();
            let coded = if code.is_empty() {
                String::new()
            } else {
                format!(" ({code})")
            };
            return Err(SendError::Credentials {
                message: format!(
                    "Kakao did not sign you in: {error}{described}{coded}; nothing was stored"
                ),
                help,
            });
        }
        if let Some(state) = &self.state
            && state != expected_state
        {
            return Err(SendError::Credentials {
                message: "the redirect carried a `state` this sign-in did not send, so it was not from the sign-in ktpl started (a stale browser tab, or a forged request); nothing was stored".to_owned(),
                help: "run `ktpl login` again and finish it in the browser tab it opens".to_owned(),
            });
        }
        match &self.code {
            Some(code) if !code.is_empty() => Ok(AuthCode::new(code.clone())),
            _ => Err(SendError::Credentials {
                message: "the redirect carried no code; nothing was stored".to_owned(),
                help: "paste the whole address the browser was sent to (it contains `code=`)"
                    .to_owned(),
            }),
        }
    }
}

/// The loopback listener that catches the redirect: 127.0.0.1 (and `::1` when it can)
/// only, never another interface.
pub struct Listener {
    servers: Vec<tiny_http::Server>,
    port: u16,
}

impl Listener {
    /// Listens on `port` (0: a free one) on the loopback addresses.
    pub fn bind(port: u16) -> Result<Self, SendError> {
        let v4 = tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| SendError::Usage {
            message: format!(
                "cannot listen on 127.0.0.1:{port} for Kakao's redirect: {e}; pass another --port (and register its redirect URI)"
            ),
        })?;
        let port = v4
            .server_addr()
            .to_ip()
            .map_or(port, |address| address.port());
        let mut servers = vec![v4];
        // `localhost` may resolve to ::1 first; listen there too when the system has it.
        if let Ok(v6) = tiny_http::Server::http(("::1", port)) {
            servers.push(v6);
        }
        Ok(Self { servers, port })
    }

    /// The port listened on.
    #[must_use]
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Waits for the redirect to `CALLBACK_PATH` (or a pasted address from `pasted`),
    /// until `timeout` or `stop` (Ctrl-C). The browser is answered with a page that says
    /// whether to go back to the terminal.
    pub fn wait(
        &self,
        expected_state: &str,
        redirect_uri: &str,
        timeout: Duration,
        stop: &AtomicBool,
        pasted: Option<&Receiver<String>>,
    ) -> Result<AuthCode, SendError> {
        let deadline = Instant::now() + timeout;
        let mut pasted = pasted;
        loop {
            if stop.load(Ordering::Relaxed) {
                return Err(SendError::Credentials {
                    message: "sign-in interrupted (Ctrl-C); nothing was stored".to_owned(),
                    help: "run `ktpl login` again when ready".to_owned(),
                });
            }
            if Instant::now() >= deadline {
                return Err(SendError::Credentials {
                    message: format!(
                        "no sign-in came back within {} s; nothing was stored",
                        timeout.as_secs()
                    ),
                    help: format!(
                        "run `ktpl login` again and finish in the browser; check that {redirect_uri} is registered for the app (Kakao's page says KOE006 when it is not; the README's \"Signing in\" table explains each KOE code), or use --no-browser and paste the address the browser ends on"
                    ),
                });
            }
            if let Some(channel) = pasted {
                match channel.try_recv() {
                    Ok(line) if line.trim().is_empty() => {}
                    Ok(line) => {
                        return Redirect::parse(&line).code(expected_state, redirect_uri);
                    }
                    Err(TryRecvError::Empty) => {}
                    Err(TryRecvError::Disconnected) => pasted = None,
                }
            }
            for server in &self.servers {
                let Ok(Some(request)) = server.recv_timeout(Duration::from_millis(50)) else {
                    continue;
                };
                let target = request.url().to_owned();
                let (path, _) = target.split_once('?').unwrap_or((&target, ""));
                if path != CALLBACK_PATH {
                    let _ = request.respond(page(
                        404,
                        "Not found",
                        "This is ktpl's sign-in listener; nothing is here.",
                    ));
                    continue;
                }
                let redirect = Redirect::parse(&target);
                if redirect.code.is_none() && redirect.error.is_none() {
                    let _ = request.respond(page(
                        400,
                        "Waiting",
                        "ktpl is waiting for Kakao's sign-in to come back here.",
                    ));
                    continue;
                }
                let outcome = redirect.code(expected_state, redirect_uri);
                let _ = request.respond(match &outcome {
                    Ok(_) => page(
                        200,
                        "Signed in",
                        "ktpl got the sign-in. You can close this tab and go back to the terminal.",
                    ),
                    Err(_) => page(
                        400,
                        "Sign-in failed",
                        "ktpl could not use this sign-in. The terminal says why and what to do.",
                    ),
                });
                return outcome;
            }
        }
    }
}

/// A small HTML page for the browser.
fn page(status: u16, title: &str, text: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let html = format!(
        "<!doctype html><meta charset=\"utf-8\"><title>ktpl: {title}</title><body style=\"font-family:sans-serif;margin:3em\"><h1>{title}</h1><p>{text}</p></body>"
    );
    let mut response = tiny_http::Response::from_string(html).with_status_code(status);
    if let Ok(header) = tiny_http::Header::from_bytes("Content-Type", "text/html; charset=utf-8") {
        response.add_header(header);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sign_in_page_asks_for_what_the_issue_lists() {
        let scopes = ["talk_message".to_owned(), "friends".to_owned()];
        let url = Authorize {
            auth_base: "https://kauth.kakao.com/",
            client_id: "key",
            redirect_uri: "http://localhost:8791/callback",
            scopes: &scopes,
            state: "st",
            code_challenge: "ch",
        }
        .url();
        assert_eq!(
            url,
            "https://kauth.kakao.com/oauth/authorize?response_type=code&client_id=key&redirect_uri=http%3A%2F%2Flocalhost%3A8791%2Fcallback&scope=talk_message%2Cfriends&state=st&code_challenge=ch&code_challenge_method=S256"
        );
    }

    #[test]
    fn redirects_pasted_or_caught_are_checked() {
        let uri = "http://localhost:8791/callback";
        let good = Redirect::parse("http://localhost:8791/callback?code=abc&state=s1");
        assert!(good.code("s1", uri).is_ok());
        let wrong = good.code("s2", uri).expect_err("wrong state").to_string();
        assert!(wrong.contains("state"), "{wrong}");
        assert!(
            Redirect::parse("  abc \n").code("s1", uri).is_ok(),
            "a bare code"
        );
        let denied = Redirect::parse(
            "/callback?error=access_denied&error_description=User%20denied&state=s1",
        )
        .code("s1", uri)
        .expect_err("denied")
        .to_string();
        assert!(
            denied.contains("access_denied") && denied.contains("agree"),
            "{denied}"
        );
        let koe = Redirect::parse("?error=invalid_request&error_code=KOE006&state=s1")
            .code("s1", uri)
            .expect_err("koe")
            .to_string();
        assert!(koe.contains("KOE006") && koe.contains(uri), "{koe}");
    }
}
