//! One HTTP exchange with Kakao: a fresh connection each time, failures to connect
//! retried (nothing was written), anything after that reported as it is.

use std::time::Duration;

use ureq::Agent;
use url::Url;

use super::Client;
use crate::send::error::SendError;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
pub(super) const FORM: &str = "application/x-www-form-urlencoded;charset=utf-8";
/// Attempts to connect before giving up; only failures to connect are retried.
const CONNECT_ATTEMPTS: u32 = 3;

/// What came of one HTTP exchange.
pub(super) enum Exchange {
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

/// Every request gets a fresh connection: on a pooled keep-alive connection the server
/// may close its end just as the request goes out, and then no one can tell whether it
/// was read. On a fresh one, "never written" is exactly "never connected".
pub(super) fn agent(timeout: Duration) -> Agent {
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
    /// One HTTP exchange. Failures to connect are retried with backoff: nothing was
    /// written. Anything after the connection is made is reported as it is, never
    /// retried.
    pub(super) fn exchange(
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

pub(super) fn join(base: &Url, path: &str) -> String {
    format!("{}{path}", base.as_str().trim_end_matches('/'))
}

/// Accepts https, and http only for loopback hosts (tests, local proxies).
pub(super) fn checked_base(base: &str, name: &str) -> Result<Url, SendError> {
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
