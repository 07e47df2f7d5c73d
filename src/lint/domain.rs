//! Kakao opens web links only on domains registered for the app (Product Link >
//! Web domain). With `allowed_domains` configured, every link host is checked
//! against the entries as `web_domain` reads and compares them.

use super::{Parts, located};
use crate::code::Code;
use crate::compile::Compiled;
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::locate::Part;
use crate::prose;
use crate::web_domain::{Difference, Match, WebDomain};

pub(super) fn lint(compiled: &Compiled, config: &Config, parts: &Parts<'_>) -> Vec<Problem> {
    if config.allowed_domains.is_empty() {
        return Vec::new();
    }
    let mut problems = Vec::new();
    for field in parts.urls.iter().filter(|f| f.is_link) {
        let Ok(url) = field.parsed() else {
            continue;
        };
        if !matches!(url.scheme(), "http" | "https") {
            continue;
        }
        let Some(host) = url.host_str() else {
            continue;
        };
        let matches: Vec<(&WebDomain, Match)> = config
            .allowed_domains
            .iter()
            .map(|domain| (domain, domain.compare(url)))
            .collect();
        if matches.iter().any(|(_, m)| *m == Match::Same) {
            continue;
        }
        // The closest: the same host with another port before a sub-domain.
        let variant = matches
            .iter()
            .filter_map(|(domain, m)| match m {
                Match::Differs(why) => Some((*domain, *why)),
                _ => None,
            })
            .min_by_key(|(_, why)| *why);
        let problem = if let Some((domain, why)) = variant {
            // The part that differs shows: `m.example.com`, `http://localhost:3001`.
            let (what, link) = match url.port() {
                _ if why == Difference::SubDomain => ("link host", host.to_owned()),
                Some(port) => ("link to", format!("{}://{host}:{port}", url.scheme())),
                None => ("link to", format!("{}://{host}", url.scheme())),
            };
            Problem::new(
                Code::LintDomainVariant,
                format!("{what} `{link}` differs from registered `{domain}` by {why}"),
            )
            .help(format!(
                "Kakao may match registered web domains exactly; register `{link}` as well, or link to `{domain}`"
            ))
        } else {
            let registered: Vec<String> = config
                .allowed_domains
                .iter()
                .map(ToString::to_string)
                .collect();
            let registered: Vec<&str> = registered.iter().map(String::as_str).collect();
            Problem::new(
                Code::LintUnregisteredDomain,
                format!("link to `{host}`, which is not a registered domain"),
            )
            .help(format!(
                "Kakao opens only domains registered under [App] > [Product Link] > [Web domain]; registered here: {}",
                prose::one_of(&registered)
            ))
        };
        problems.push(located(
            problem,
            compiled,
            &field.pointer(),
            Part::Value,
            "not registered",
        ));
    }
    problems
}
