//! A template's URL fields (link targets and images), each parsed at most once for all
//! the URL lints, and only when its shape leaves any doubt: nearly every URL a template
//! holds is a plain `https://host/path`, and `url::Url::parse` costs about as much as
//! validating the whole template against its schema.

use std::cell::OnceCell;

use serde_json::Value;

use super::place::Place;
use super::{contents, field, links};

/// A URL-valued field: where it is, its text, and whether it is a link target
/// (`web_url`, `mobile_web_url`) rather than an image.
pub(crate) struct UrlField<'a> {
    place: Place,
    key: &'static str,
    /// The URL as written.
    pub(crate) url: &'a str,
    /// A link target rather than an image.
    pub(crate) is_link: bool,
    /// `http` or `https` when the URL is certainly a web URL with a host (then it is
    /// never parsed).
    plain_scheme: Option<&'static str>,
    parsed: OnceCell<Result<url::Url, url::ParseError>>,
}

impl UrlField<'_> {
    /// The field's JSON pointer.
    pub(crate) fn pointer(&self) -> String {
        self.place.child(self.key)
    }

    /// The URL parsed (once), as the lints read it.
    pub(crate) fn parsed(&self) -> &Result<url::Url, url::ParseError> {
        self.parsed.get_or_init(|| parse(self.url))
    }

    /// Whether the URL is certainly an `http(s)` URL with a host, known without parsing.
    pub(crate) fn is_plain_web(&self) -> bool {
        self.plain_scheme.is_some()
    }

    /// Whether the URL parses.
    pub(crate) fn is_url(&self) -> bool {
        self.is_plain_web() || self.parsed().is_ok()
    }

    /// The URL's scheme, when it parses.
    pub(crate) fn scheme(&self) -> Option<&str> {
        match self.plain_scheme {
            Some(scheme) => Some(scheme),
            None => self.parsed().as_ref().ok().map(url::Url::scheme),
        }
    }
}

/// Every URL field of the template.
pub(crate) fn url_fields(root: &Value) -> Vec<UrlField<'_>> {
    let contents = contents(root);
    let links = links(root, &contents);
    collect(root, &links, &contents)
}

/// Every URL field of the template, given its links and contents.
pub(super) fn collect<'a>(
    root: &'a Value,
    links: &[(Place, &'a Value)],
    contents: &[(Place, &'a Value)],
) -> Vec<UrlField<'a>> {
    fn push<'a>(
        found: &mut Vec<UrlField<'a>>,
        object: &'a Value,
        place: Place,
        key: &'static str,
        is_link: bool,
    ) {
        // An empty URL means "no link" or "no image" to the apps that send it: it is
        // treated like a missing one (the link lints judge a link with no target).
        if let Some(url) = field(object, key).and_then(Value::as_str)
            && !url.trim().is_empty()
        {
            found.push(UrlField {
                place,
                key,
                url,
                is_link,
                plain_scheme: plain_web_scheme(url),
                parsed: OnceCell::new(),
            });
        }
    }
    let mut found = Vec::with_capacity(2 * links.len() + contents.len() + 2);
    for &(place, link) in links {
        push(&mut found, link, place, "web_url", true);
        push(&mut found, link, place, "mobile_web_url", true);
    }
    for &(place, content) in contents {
        push(&mut found, content, place, "image_url", false);
    }
    if let Some(items) = root.get("item_content") {
        let place = Place::at("/item_content");
        push(&mut found, items, place, "profile_image_url", false);
        push(&mut found, items, place, "title_image_url", false);
    }
    found
}

/// The URL as the lints read it: a host and port with no scheme is an error, not the
/// scheme `localhost:` a URL parser makes of it.
fn parse(url: &str) -> Result<url::Url, url::ParseError> {
    if lacks_scheme(url) {
        Err(url::ParseError::RelativeUrlWithoutBase)
    } else {
        url::Url::parse(url)
    }
}

/// Whether `url` is a host and port with no scheme (`localhost:3000/shop`,
/// `example.com:8080`), which URL parsers read as the scheme `localhost:`.
fn lacks_scheme(url: &str) -> bool {
    let Some((before, after)) = url.split_once(':') else {
        return false;
    };
    if after.starts_with("//") {
        return false;
    }
    let port: String = after.chars().take_while(char::is_ascii_digit).collect();
    let rest = &after[port.len()..];
    let is_port = !port.is_empty()
        && port.parse::<u16>().is_ok()
        && (rest.is_empty() || rest.starts_with(['/', '?', '#']));
    before.eq_ignore_ascii_case("localhost") || before.contains('.') || is_port
}

/// `http` or `https` when `url` is `http(s)://` in lower case, then a host of dot-separated
/// letters, digits and hyphens ending in a name, then nothing or `/`, `?` or `#` and
/// anything: a URL the parser accepts whatever its path, query and fragment hold.
/// `None` for everything else (ports, user info, IP addresses, punycode, upper case,
/// spaces...), which is then parsed.
fn plain_web_scheme(url: &str) -> Option<&'static str> {
    let (scheme, rest) = if let Some(rest) = url.strip_prefix("https://") {
        ("https", rest)
    } else {
        ("http", url.strip_prefix("http://")?)
    };
    let rest = rest.as_bytes();
    let plain_label = |label: &[u8]| {
        !label.is_empty()
            && !label
                .get(..4)
                .is_some_and(|p| p.eq_ignore_ascii_case(b"xn--"))
    };
    let mut label_start = 0;
    let mut host_end = rest.len();
    for (at, &byte) in rest.iter().enumerate() {
        match HOST_BYTE[usize::from(byte)] {
            LABEL => {}
            DOT => {
                if !plain_label(&rest[label_start..at]) {
                    return None;
                }
                label_start = at + 1;
            }
            HOST_END => {
                host_end = at;
                break;
            }
            _ => return None,
        }
    }
    let last = &rest[label_start..host_end];
    // A host ending in a number is an IPv4 address to the parser, and may be refused.
    (plain_label(last) && last[0].is_ascii_alphabetic()).then_some(scheme)
}

/// What a byte is in a plain host: one table lookup per byte of the host.
const OTHER: u8 = 0;
const LABEL: u8 = 1;
const DOT: u8 = 2;
const HOST_END: u8 = 3;
const HOST_BYTE: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut b: u8 = 0;
    loop {
        table[b as usize] = if b.is_ascii_alphanumeric() || b == b'-' {
            LABEL
        } else if b == b'.' {
            DOT
        } else if b == b'/' || b == b'?' || b == b'#' {
            HOST_END
        } else {
            OTHER
        };
        if b == u8::MAX {
            break;
        }
        b += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::{lacks_scheme, parse, plain_web_scheme};

    #[test]
    fn hosts_with_ports_lack_a_scheme_and_schemes_do_not() {
        for url in [
            "localhost:3000/shop",
            "example.com:8080",
            "shop:8080/a",
            "LOCALHOST:80",
        ] {
            assert!(lacks_scheme(url), "{url}");
        }
        for url in [
            "https://localhost:3000/shop",
            "kakao123://kakaolink",
            "mailto:a@example.com",
            "tel:01012345678",
            "example.com/a",
        ] {
            assert!(!lacks_scheme(url), "{url}");
        }
    }

    #[test]
    fn plain_web_urls_are_known_without_parsing() {
        for (url, scheme) in [
            ("https://developers.kakao.com/docs?a=1#x", "https"),
            ("http://a-b.example.co.kr", "http"),
            ("https://shop.example.com/상품 이름?q=<1>", "https"),
            ("https://localhost/", "https"),
        ] {
            assert_eq!(plain_web_scheme(url), Some(scheme), "{url}");
        }
        for url in [
            "HTTPS://example.com",
            "https://example.com:8080/",
            "https://user@example.com",
            "https://192.168.0.1/",
            "https://1.2.3.999/",
            "https://example.123",
            "https://xn--3e0b707e.kr/",
            "https://a..b/",
            "https://",
            "https:///path",
            "https://exa mple.com",
            "https://[::1]/",
            "https://example.com\\evil/",
            " https://example.com",
            "ftp://example.com",
        ] {
            assert_eq!(plain_web_scheme(url), None, "{url}");
        }
    }

    /// The shortcut never answers differently from the parser: every string it takes
    /// for a web URL with a host, the parser reads the same way.
    #[test]
    fn plain_web_urls_parse_as_web_urls_with_a_host() {
        const PARTS: [&str; 26] = [
            "a", "Z", "0", "9", "-", ".", ":", "/", "?", "#", "@", "%", "%2e", "\\", " ", "\t",
            "[", "]", "xn--", "0x", "é", "_", "~", "..", "80", "com",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move |bound: usize| {
            // xorshift64*: deterministic, so a failure names a URL that stays failing.
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % bound
        };
        let mut plain = 0;
        for _ in 0..60_000 {
            let mut url = String::from(["https://", "http://"][next(2)]);
            for _ in 0..next(12) {
                url.push_str(PARTS[next(PARTS.len())]);
            }
            if next(3) == 0 {
                url.push_str(".com");
            }
            if let Some(scheme) = plain_web_scheme(&url) {
                plain += 1;
                let parsed = parse(&url).unwrap_or_else(|e| panic!("{url:?}: {e}"));
                assert_eq!(parsed.scheme(), scheme, "{url:?}");
                assert!(parsed.has_host(), "{url:?}");
            }
        }
        // The generator reaches the shortcut often enough for this test to mean something.
        assert!(plain > 1_000, "only {plain} plain URLs generated");
    }
}
