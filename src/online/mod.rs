//! Stage 5, only with `--online`: checked templates → their image and link URLs fetched
//! for real → findings at the span of each URL (an image that will not show, a link
//! that will not open).
//!
//! `transport` is the HTTP client and its safety rules, `address` which addresses it may
//! reach, `image` and `link` probe one URL each, `cache` keeps answers across runs, and
//! `lints` turns what was found into problems. [`Prober`] fetches every URL once per run,
//! a bounded number at a time, within a per-request timeout and an overall budget.

mod address;
mod cache;
mod image;
mod link;
mod lints;
mod transport;

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub(crate) use cache::Cache;
pub(crate) use lints::findings;

/// How the online checks run.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    /// Let probes reach loopback, private and link-local addresses.
    pub allow_private: bool,
    /// The longest one request may take, body included.
    pub timeout: Duration,
    /// The longest the whole run may spend fetching; URLs not reached by then are
    /// reported as not checked.
    pub budget: Duration,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Where answers are kept across runs.
    pub cache: Option<Cache>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            allow_private: false,
            timeout: Duration::from_secs(10),
            budget: Duration::from_secs(120),
            concurrency: 8,
            cache: None,
        }
    }
}

/// Whether a URL is fetched as an image or as a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Kind {
    /// `image_url`, `profile_image_url`, `title_image_url`.
    Image,
    /// `web_url`, `mobile_web_url`.
    Link,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Image => "image",
            Kind::Link => "link",
        }
    }
}

/// What fetching one URL found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Probed {
    /// Every URL the first one redirected to, in order (the last one answered).
    pub redirects: Vec<String>,
    /// The answer, or why there was none.
    pub result: Result<Answer, Failure>,
}

/// A server's answer at the end of the redirects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Answer {
    /// HTTP status.
    pub status: u16,
    /// `Content-Type`, as sent.
    pub content_type: Option<String>,
    /// The file's size in bytes, when the server said (images only).
    pub size: Option<u64>,
    /// What the first bytes are (images only; `None` when none were read).
    pub sniffed: Option<Sniffed>,
}

/// What an image's first bytes are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Sniffed {
    /// An image format `imagesize` knows.
    Image {
        /// `PNG`, `JPEG`, `GIF`, `WebP`, `BMP`, ...
        format: String,
        /// Whether `KakaoTalk` shows it (PNG, JPEG, GIF, WebP).
        supported: bool,
        /// Width and height in pixels, when the bytes read were enough to tell.
        dimensions: Option<(u64, u64)>,
    },
    /// Not an image (an HTML page, JSON, nothing at all).
    NotImage,
}

/// Why a URL gave no answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Failure {
    /// What kind of failure.
    pub kind: FailureKind,
    /// What happened, for the message.
    pub detail: String,
}

impl Failure {
    fn new(kind: FailureKind, detail: impl Into<String>) -> Failure {
        Failure {
            kind,
            detail: detail.into(),
        }
    }
}

/// The kinds of [`Failure`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum FailureKind {
    /// Not fetched on purpose: a private address, a scheme other than http(s).
    Refused,
    /// The host name does not resolve.
    Dns,
    /// No connection could be made.
    Connect,
    /// The TLS handshake failed (certificate, protocol).
    Tls,
    /// The server was slower than the per-request timeout.
    Timeout,
    /// A redirect loop, or too many redirects.
    Redirects,
    /// The answer was not readable HTTP (huge headers, a broken body).
    Protocol,
    /// The overall budget ran out first: not checked.
    Budget,
}

/// One URL of a template to fetch: where it is and how to fetch it.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// RFC 6901 pointer of the URL field.
    pub pointer: String,
    /// The URL as written.
    pub url: String,
    /// Image or link.
    pub kind: Kind,
}

/// Every http(s) image and link URL of a template. Other schemes are never fetched:
/// the offline lints already report them (`image_scheme`, `link_scheme`).
#[must_use]
pub(crate) fn targets(template: &Value) -> Vec<Target> {
    crate::lint::url_fields(template)
        .into_iter()
        .filter(|field| {
            field
                .scheme()
                .is_some_and(|s| matches!(s, "http" | "https"))
        })
        .map(|field| Target {
            pointer: field.pointer(),
            url: field.url.to_owned(),
            kind: if field.is_link {
                Kind::Link
            } else {
                Kind::Image
            },
        })
        .collect()
}

/// Probes made so far in this run.
static PROBES_STARTED: AtomicUsize = AtomicUsize::new(0);

/// How many URLs this process has fetched, or begun to (tests use it to prove that a
/// run without `--online` fetched nothing).
#[must_use]
pub fn probes_started() -> usize {
    PROBES_STARTED.load(Ordering::Relaxed)
}

/// Fetches URLs for a whole run: each (kind, URL) once, whatever number of templates
/// use it.
pub(crate) struct Prober {
    options: Options,
    transport: transport::Transport,
    deadline: Instant,
    found: HashMap<(Kind, String), Probed>,
    /// Cache writes that failed (reported once by the caller).
    pub cache_errors: Vec<String>,
}

impl Prober {
    /// A prober whose overall budget starts now.
    #[must_use]
    pub(crate) fn new(options: Options) -> Prober {
        let transport = transport::Transport::new(options.allow_private, options.timeout);
        Prober {
            deadline: Instant::now() + options.budget,
            transport,
            options,
            found: HashMap::new(),
            cache_errors: Vec::new(),
        }
    }

    /// Fetches every target not fetched yet (from the cache when it has them),
    /// `concurrency` at a time.
    pub(crate) fn probe<'a>(&mut self, targets: impl IntoIterator<Item = &'a Target>) {
        let mut queue: Vec<(Kind, String)> = Vec::new();
        let mut queued = std::collections::HashSet::new();
        for target in targets {
            let key = (target.kind, target.url.clone());
            if self.found.contains_key(&key) || !queued.insert(key.clone()) {
                continue;
            }
            if let Some(probed) = self
                .options
                .cache
                .as_ref()
                .and_then(|c| c.get(key.0, &key.1))
            {
                self.found.insert(key, probed);
                continue;
            }
            queue.push(key);
        }
        queue.reverse();
        let queue = Mutex::new(queue);
        let done = Mutex::new(Vec::new());
        let workers = self.options.concurrency.max(1);
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| {
                    loop {
                        let next = queue.lock().map(|mut queue| queue.pop()).ok().flatten();
                        let Some((kind, url)) = next else {
                            break;
                        };
                        let probed = self.probe_one(kind, &url);
                        if let Ok(mut done) = done.lock() {
                            done.push(((kind, url), probed));
                        }
                    }
                });
            }
        });
        for (key, probed) in done.into_inner().unwrap_or_default() {
            if let Some(cache) = &self.options.cache
                && let Err(message) = cache.put(key.0, &key.1, &probed)
                && !self.cache_errors.contains(&message)
            {
                self.cache_errors.push(message);
            }
            self.found.insert(key, probed);
        }
    }

    fn probe_one(&self, kind: Kind, url: &str) -> Probed {
        let refused = |detail: String| Probed {
            redirects: Vec::new(),
            result: Err(Failure::new(FailureKind::Refused, detail)),
        };
        let parsed = match url::Url::parse(url) {
            Ok(mut parsed) if matches!(parsed.scheme(), "http" | "https") => {
                // The fragment is the browser's; it is never sent.
                parsed.set_fragment(None);
                parsed
            }
            Ok(parsed) => {
                return refused(format!(
                    "`{}:` URLs are never fetched; only http and https",
                    parsed.scheme()
                ));
            }
            Err(error) => return refused(format!("not a URL: {error}")),
        };
        PROBES_STARTED.fetch_add(1, Ordering::Relaxed);
        match kind {
            Kind::Image => image::probe(&self.transport, &parsed, self.deadline),
            Kind::Link => link::probe(&self.transport, &parsed, self.deadline),
        }
    }

    /// What was found for `url`, once probed.
    #[must_use]
    pub(crate) fn get(&self, kind: Kind, url: &str) -> Option<&Probed> {
        self.found.get(&(kind, url.to_owned()))
    }
}
