//! HTTP for the online checks, with the safety rules: a User-Agent naming ktpl, no
//! cookies, no credentials, no proxy; every name resolved by ktpl itself and refused
//! when it leads to a loopback, private or link-local address (the connection goes to
//! the address that was checked, so DNS rebinding between check and connect cannot
//! happen); redirects followed by hand, each hop checked again, at most
//! [`MAX_REDIRECTS`], loops detected; response headers at most 64 KiB, bodies read only
//! as far as asked, every request bounded by a total timeout.

use std::collections::HashSet;
use std::io::Read;
use std::time::{Duration, Instant};

use ureq::Agent;
use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};
use url::Url;

use super::address::is_public;
use super::{Failure, FailureKind};

/// Redirects followed before giving up.
pub(crate) const MAX_REDIRECTS: usize = 10;
/// The largest response head read; a server sending more is refused.
const MAX_HEADER_BYTES: usize = 64 * 1024;

/// The HTTP method of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Head,
    Get,
}

/// What to read of a body.
#[derive(Clone, Copy)]
pub(crate) struct Take {
    /// Ask for (with `Range`) and read at most this many bytes.
    pub(crate) max: usize,
    /// Stops reading early once the bytes so far are enough.
    pub(crate) enough: fn(&[u8]) -> bool,
}

impl Take {
    /// Reads nothing.
    pub(crate) const NOTHING: Take = Take {
        max: 0,
        enough: |_| true,
    };
}

/// The answer at the end of a redirect chain.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) content_type: Option<String>,
    /// `Content-Length`, when given and the body is not compressed.
    pub(crate) content_length: Option<u64>,
    /// The total of `Content-Range: bytes 0-N/TOTAL`, when given.
    pub(crate) range_total: Option<u64>,
    /// The first bytes of the body, as many as asked for.
    pub(crate) body: Vec<u8>,
}

/// A request and what came of it.
#[derive(Debug)]
pub(crate) struct Fetched {
    /// Every URL redirected to, in order.
    pub(crate) redirects: Vec<String>,
    pub(crate) result: Result<Reply, Failure>,
}

/// The client every probe of one run shares.
pub(crate) struct Transport {
    agent: Agent,
    /// The longest one request may take, body included.
    timeout: Duration,
}

impl Transport {
    /// A client; `allow_private` lets it connect to loopback and private addresses.
    pub(crate) fn new(allow_private: bool, timeout: Duration) -> Transport {
        let config = Config::builder()
            .user_agent(user_agent())
            // Proxies resolve names themselves, where ktpl could not check them.
            .proxy(None)
            .max_redirects(0)
            .http_status_as_error(false)
            .max_response_header_size(MAX_HEADER_BYTES)
            .timeout_global(Some(timeout))
            .build();
        let agent = Agent::with_parts(
            config,
            DefaultConnector::default(),
            GuardedResolver { allow_private },
        );
        Transport { agent, timeout }
    }

    /// Requests `url`, following redirects, and reads what `read` asks of the last
    /// answer. Nothing is sent after `deadline`.
    pub(crate) fn fetch(
        &self,
        method: Method,
        url: &Url,
        read: Take,
        deadline: Instant,
    ) -> Fetched {
        let mut url = url.clone();
        let mut redirects = Vec::new();
        let mut seen = HashSet::from([url.to_string()]);
        loop {
            let reply = match self.exchange(method, &url, read, deadline) {
                Ok(reply) => reply,
                Err(failure) => {
                    return Fetched {
                        redirects,
                        result: Err(failure),
                    };
                }
            };
            let Some(location) = reply.location.filter(|_| is_redirect(reply.reply.status)) else {
                return Fetched {
                    redirects,
                    result: Ok(reply.reply),
                };
            };
            let Ok(mut next) = url.join(&location) else {
                return Fetched {
                    redirects,
                    result: Err(Failure::new(
                        FailureKind::Protocol,
                        format!("redirects to `{location}`, which is not a URL"),
                    )),
                };
            };
            next.set_fragment(None);
            let failure = if !matches!(next.scheme(), "http" | "https") {
                Some(Failure::new(
                    FailureKind::Refused,
                    format!("redirects to `{next}`; only http and https are followed"),
                ))
            } else if !seen.insert(next.to_string()) {
                Some(Failure::new(
                    FailureKind::Redirects,
                    format!("redirects in a loop, back to `{next}`"),
                ))
            } else if redirects.len() == MAX_REDIRECTS {
                Some(Failure::new(
                    FailureKind::Redirects,
                    format!("redirects more than {MAX_REDIRECTS} times"),
                ))
            } else {
                None
            };
            redirects.push(next.to_string());
            if let Some(failure) = failure {
                return Fetched {
                    redirects,
                    result: Err(failure),
                };
            }
            url = next;
        }
    }

    /// One request, no redirect followed.
    fn exchange(
        &self,
        method: Method,
        url: &Url,
        read: Take,
        deadline: Instant,
    ) -> Result<Exchanged, Failure> {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Failure::new(
                FailureKind::Budget,
                "the overall time budget ran out before this URL was fetched",
            ));
        }
        // A request cut short by the overall budget is "not checked", not "unreachable".
        let budget_bound = left < self.timeout;
        let timeout = self.timeout.min(left);
        let uri = url.as_str();
        let response = match method {
            Method::Head => self
                .agent
                .head(uri)
                .config()
                .timeout_global(Some(timeout))
                .build(),
            Method::Get => {
                let request = self.agent.get(uri);
                let request = if read.max > 0 {
                    request.header("Range", format!("bytes=0-{}", read.max - 1))
                } else {
                    request
                };
                request.config().timeout_global(Some(timeout)).build()
            }
        }
        .header("Accept-Encoding", "identity")
        .call()
        .map_err(|error| failure(&error, url, budget_bound))?;
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        };
        let compressed = header("content-encoding")
            .is_some_and(|encoding| !encoding.trim().eq_ignore_ascii_case("identity"));
        let mut reply = Reply {
            status: response.status().as_u16(),
            content_type: header("content-type"),
            content_length: header("content-length")
                .filter(|_| !compressed)
                .and_then(|length| length.trim().parse().ok()),
            range_total: header("content-range").and_then(|range| {
                range
                    .rsplit_once('/')
                    .and_then(|(_, total)| total.trim().parse().ok())
            }),
            body: Vec::new(),
        };
        let location = header("location");
        if method == Method::Get && read.max > 0 && !is_redirect(reply.status) {
            // A compressed body is decompressed as it is read, and only `read.max`
            // bytes of it are ever produced: a gzip bomb stays a small one.
            let mut reader = response.into_body().into_reader();
            let mut chunk = [0u8; 8192];
            while reply.body.len() < read.max && !(read.enough)(&reply.body) {
                let want = chunk.len().min(read.max - reply.body.len());
                match reader.read(&mut chunk[..want]) {
                    Ok(0) => break,
                    Ok(n) => reply.body.extend_from_slice(&chunk[..n]),
                    Err(error) => {
                        return Err(read_failure(&error, url, budget_bound));
                    }
                }
            }
            // Dropping the reader closes the connection: the rest is never read.
        }
        Ok(Exchanged { reply, location })
    }
}

/// One answer and where it redirects.
struct Exchanged {
    reply: Reply,
    location: Option<String>,
}

fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// The User-Agent: ktpl, its version, and what it is doing.
pub(crate) fn user_agent() -> String {
    format!(
        "ktpl/{} (Kakao template checker; checks images and links before sending)",
        env!("CARGO_PKG_VERSION")
    )
}

fn host_of(url: &Url) -> String {
    url.host_str().unwrap_or_default().to_owned()
}

fn failure(error: &ureq::Error, url: &Url, budget_bound: bool) -> Failure {
    let host = host_of(url);
    match error {
        ureq::Error::Io(io) => {
            if let Some(reason) = io.get_ref().and_then(|e| e.downcast_ref::<Refusal>()) {
                return match reason {
                    Refusal::Private(message) => {
                        Failure::new(FailureKind::Refused, message.clone())
                    }
                    Refusal::Dns(message) => Failure::new(
                        FailureKind::Dns,
                        format!("the host name `{host}` does not resolve ({message})"),
                    ),
                };
            }
            read_failure(io, url, budget_bound)
        }
        ureq::Error::HostNotFound => Failure::new(
            FailureKind::Dns,
            format!("the host name `{host}` does not resolve"),
        ),
        ureq::Error::Timeout(which) => timeout(url, budget_bound, &which.to_string()),
        ureq::Error::Tls(message) => Failure::new(
            FailureKind::Tls,
            format!("the TLS handshake with `{host}` failed: {message}"),
        ),
        ureq::Error::Rustls(error) => Failure::new(
            FailureKind::Tls,
            format!("the TLS handshake with `{host}` failed: {error}"),
        ),
        ureq::Error::LargeResponseHeader(_, limit) => Failure::new(
            FailureKind::Protocol,
            format!(
                "`{host}` sent response headers larger than {} KiB",
                limit / 1024
            ),
        ),
        ureq::Error::ConnectionFailed => {
            Failure::new(FailureKind::Connect, format!("cannot connect to `{host}`"))
        }
        other => Failure::new(
            FailureKind::Protocol,
            format!("`{host}` did not give a readable HTTP answer: {other}"),
        ),
    }
}

fn read_failure(error: &std::io::Error, url: &Url, budget_bound: bool) -> Failure {
    use std::io::ErrorKind;
    let host = host_of(url);
    match error.kind() {
        ErrorKind::TimedOut => timeout(url, budget_bound, "reading"),
        ErrorKind::ConnectionRefused
        | ErrorKind::ConnectionReset
        | ErrorKind::ConnectionAborted
        | ErrorKind::HostUnreachable
        | ErrorKind::NetworkUnreachable
        | ErrorKind::AddrNotAvailable => Failure::new(
            FailureKind::Connect,
            format!("cannot connect to `{host}`: {error}"),
        ),
        _ => {
            // ureq wraps its own errors (a timeout while reading the body) in io errors.
            if let Some(inner) = error
                .get_ref()
                .and_then(|e| e.downcast_ref::<ureq::Error>())
            {
                return failure(inner, url, budget_bound);
            }
            Failure::new(
                FailureKind::Protocol,
                format!("the answer of `{host}` broke off: {error}"),
            )
        }
    }
}

fn timeout(url: &Url, budget_bound: bool, what: &str) -> Failure {
    if budget_bound {
        Failure::new(
            FailureKind::Budget,
            "the overall time budget ran out while this URL was being fetched",
        )
    } else {
        Failure::new(
            FailureKind::Timeout,
            format!("`{}` did not answer in time ({what})", host_of(url)),
        )
    }
}

/// Why the resolver gave no address; carried through ureq inside an `io::Error`.
#[derive(Debug)]
enum Refusal {
    /// Every address of the name is loopback, private or link-local.
    Private(String),
    /// The name does not resolve.
    Dns(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Private(message) | Refusal::Dns(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Refusal {}

/// Resolves names with the system resolver and keeps only the addresses a probe may
/// connect to. ureq connects to exactly the addresses returned here.
#[derive(Debug)]
struct GuardedResolver {
    allow_private: bool,
}

impl Resolver for GuardedResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let resolved = DefaultResolver::default()
            .resolve(uri, config, timeout)
            .map_err(|error| match error {
                ureq::Error::Io(io) if io.kind() != std::io::ErrorKind::TimedOut => {
                    ureq::Error::Io(std::io::Error::other(Refusal::Dns(io.to_string())))
                }
                other => other,
            })?;
        if self.allow_private {
            return Ok(resolved);
        }
        let mut public = self.empty();
        for address in resolved.iter().filter(|address| is_public(address.ip())) {
            public.push(*address);
        }
        if public.is_empty() {
            let host = uri.host().unwrap_or_default();
            let first = resolved
                .iter()
                .next()
                .map(|a| a.ip().to_string())
                .unwrap_or_default();
            let message = if host.trim_matches(['[', ']']) == first {
                format!("`{host}` is a loopback, private or link-local address")
            } else {
                format!("`{host}` resolves to {first}, a loopback, private or link-local address")
            };
            return Err(ureq::Error::Io(std::io::Error::other(Refusal::Private(
                message,
            ))));
        }
        Ok(public)
    }
}
