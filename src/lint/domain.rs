//! Kakao opens web links only on domains registered for the app (Product Link >
//! Web domain). With `allowed_domains` configured, every link host is checked.

use super::{UrlField, located};
use crate::code::Code;
use crate::compile::Compiled;
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::locate::Part;
use crate::prose;

pub(super) fn lint(compiled: &Compiled, config: &Config, urls: &[UrlField<'_>]) -> Vec<Problem> {
    if config.allowed_domains.is_empty() {
        return Vec::new();
    }
    let allowed: Vec<&str> = config.allowed_domains.iter().map(String::as_str).collect();
    let mut problems = Vec::new();
    for field in urls.iter().filter(|f| f.is_link) {
        let Ok(url) = &field.parsed else {
            continue;
        };
        if !matches!(url.scheme(), "http" | "https") {
            continue;
        }
        let Some(host) = url.host_str().map(str::to_ascii_lowercase) else {
            continue;
        };
        let port = url.port();
        if allowed.contains(&host.as_str()) && port.is_none() {
            continue;
        }
        let related = allowed.iter().find(|domain| {
            **domain == host
                || host.ends_with(&format!(".{domain}"))
                || domain.ends_with(&format!(".{host}"))
        });
        let problem = if let Some(domain) = related {
            let why = if port.is_some() && **domain == host {
                "its port".to_owned()
            } else {
                "its sub-domain".to_owned()
            };
            Problem::new(
                Code::LintDomainVariant,
                format!("link host `{host}` differs from registered `{domain}` by {why}"),
            )
            .help(format!(
                "Kakao matches registered web domains exactly; register `{host}` as well, or link to `{domain}`"
            ))
        } else {
            Problem::new(
                Code::LintUnregisteredDomain,
                format!("link to `{host}`, which is not a registered domain"),
            )
            .help(format!(
                "Kakao opens only domains registered under [App] > [Product Link] > [Web domain]; registered here: {}",
                prose::one_of(&allowed)
            ))
        };
        problems.push(located(
            problem,
            compiled,
            &field.pointer,
            Part::Value,
            "not registered",
        ));
    }
    problems
}
