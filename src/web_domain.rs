//! A web domain registered for the app, written as Kakao's console writes it
//! (`http://localhost:3000`, `localhost:3000`, `example.com`), and how a link URL
//! compares with it. The spec (§2.1) makes host equality the check and a differing
//! port or sub-domain a warning, since Kakao does not say how exact it is for links;
//! a differing scheme is treated as the port is.

use std::fmt;

/// One `allowed_domains` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WebDomain {
    /// `http` or `https` when the entry names one; otherwise either matches.
    scheme: Option<String>,
    /// The host, lower-case (international names in their `xn--` form, as links are).
    host: String,
    /// The port when the entry writes one.
    port: Option<u16>,
}

/// How a link URL stands to a registered domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Match {
    /// The same host, scheme and port.
    Same,
    /// The same host but for its port or scheme, or a sub-domain of it (or the reverse).
    Differs(Difference),
    /// Another site.
    Unrelated,
}

/// What differs between a link and a registered domain of the same site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Difference {
    /// The port (a registered `localhost:3000`, a link to `:3001`).
    Port,
    /// The scheme (a registered `https://example.com`, an `http://` link).
    Scheme,
    /// Both.
    SchemeAndPort,
    /// The host, by a sub-domain (`example.com` and `m.example.com`).
    SubDomain,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Difference::Port => "its port",
            Difference::Scheme => "its scheme",
            Difference::SchemeAndPort => "its scheme and port",
            Difference::SubDomain => "its sub-domain",
        })
    }
}

impl WebDomain {
    /// Reads an entry: a host, optionally with `http://` or `https://` before it, a
    /// `:port` after it and a final `/`. Anything else (another scheme, a path, a
    /// query) is refused with the reason.
    pub(crate) fn parse(entry: &str) -> Result<WebDomain, String> {
        let entry = entry.trim();
        let (scheme, rest) = match entry.split_once("://") {
            Some((scheme, rest)) => (Some(scheme.to_ascii_lowercase()), rest),
            None => (None, entry),
        };
        if let Some(scheme) = scheme.as_deref()
            && !matches!(scheme, "http" | "https")
        {
            return Err(format!("`{scheme}://` is not a web scheme"));
        }
        let authority = rest.strip_suffix('/').unwrap_or(rest);
        if authority.is_empty() {
            return Err("it names no host".to_owned());
        }
        if let Some(at) = authority.find(['/', '?', '#']) {
            return Err(format!(
                "a domain has no path or query: leave out `{}`",
                &authority[at..]
            ));
        }
        let url = url::Url::parse(&format!(
            "{}://{authority}/",
            scheme.as_deref().unwrap_or("http")
        ))
        .map_err(|e| e.to_string())?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err("a domain has no user name or password".to_owned());
        }
        let host = url
            .host_str()
            .ok_or_else(|| "it names no host".to_owned())?;
        // Written explicitly, even the scheme's default (`example.com:80`).
        let port = authority
            .rsplit_once(':')
            .filter(|(_, port)| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()))
            .map(|(_, port)| {
                port.parse::<u16>()
                    .map_err(|_| format!("`{port}` is not a port"))
            })
            .transpose()?;
        Ok(WebDomain {
            scheme,
            host: host.to_owned(),
            port,
        })
    }

    /// How `url` (an http(s) URL with a host) stands to this domain.
    #[must_use]
    pub(crate) fn compare(&self, url: &url::Url) -> Match {
        let Some(host) = url.host_str() else {
            return Match::Unrelated;
        };
        if host != self.host {
            let related = host
                .strip_suffix(self.host.as_str())
                .is_some_and(|sub| sub.ends_with('.'))
                || self
                    .host
                    .strip_suffix(host)
                    .is_some_and(|sub| sub.ends_with('.'));
            return if related {
                Match::Differs(Difference::SubDomain)
            } else {
                Match::Unrelated
            };
        }
        let same_scheme = self.scheme.as_deref().is_none_or(|s| s == url.scheme());
        let wanted_port = self.port.or(match self.scheme.as_deref() {
            Some("https") => Some(443),
            Some(_) => Some(80),
            None => None,
        });
        let same_port = match wanted_port {
            Some(port) => url.port_or_known_default() == Some(port),
            // No port registered: the link's scheme's own.
            None => url.port().is_none(),
        };
        match (same_scheme, same_port) {
            (true, true) => Match::Same,
            (false, true) => Match::Differs(Difference::Scheme),
            (true, false) => Match::Differs(Difference::Port),
            (false, false) => Match::Differs(Difference::SchemeAndPort),
        }
    }
}

impl fmt::Display for WebDomain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(scheme) = &self.scheme {
            write!(f, "{scheme}://")?;
        }
        f.write_str(&self.host)?;
        if let Some(port) = self.port {
            write!(f, ":{port}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_read_as_the_console_writes_them() {
        for (entry, shown) in [
            ("example.com", "example.com"),
            ("Example.COM", "example.com"),
            ("localhost:3000", "localhost:3000"),
            ("http://localhost:3000", "http://localhost:3000"),
            ("HTTPS://example.com/", "https://example.com"),
            ("127.0.0.1:4567", "127.0.0.1:4567"),
            ("[::1]:8080", "[::1]:8080"),
            ("example.com:80", "example.com:80"),
            ("한국.kr", "xn--3e0b707e.kr"),
        ] {
            let domain = WebDomain::parse(entry).unwrap_or_else(|e| panic!("{entry}: {e}"));
            assert_eq!(domain.to_string(), shown, "{entry}");
        }
        for entry in [
            "",
            "/",
            "ftp://example.com",
            "https://example.com/shop",
            "example.com?a=1",
            "https://user@example.com",
            "example.com:99999",
        ] {
            assert!(WebDomain::parse(entry).is_err(), "{entry}");
        }
    }

    #[test]
    fn ports_and_schemes_compare_as_kakao_registers_them() {
        let compare = |entry: &str, url: &str| {
            WebDomain::parse(entry)
                .expect("entry")
                .compare(&url::Url::parse(url).expect("url"))
        };
        assert_eq!(
            compare("example.com:80", "http://example.com/"),
            Match::Same
        );
        assert_eq!(
            compare("example.com:80", "https://example.com/"),
            Match::Differs(Difference::Port)
        );
        assert_eq!(
            compare("https://example.com", "http://example.com:8080/"),
            Match::Differs(Difference::SchemeAndPort)
        );
        assert_eq!(compare("[::1]:8080", "http://[::1]:8080/"), Match::Same);
        assert_eq!(
            compare("shop.example.com", "https://example.com/"),
            Match::Differs(Difference::SubDomain)
        );
        assert_eq!(
            compare("ample.com", "https://example.com/"),
            Match::Unrelated
        );
    }
}
