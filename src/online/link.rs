//! Probing a link URL: HEAD, following redirects; when the server refuses HEAD or
//! answers it with an error, a GET whose body is never read, since many servers
//! answer HEAD wrongly and a browser will GET.

use std::time::Instant;

use url::Url;

use super::transport::{Fetched, Method, Take, Transport};
use super::{Answer, FailureKind, Probed};

/// Probes the link at `url`.
pub(crate) fn probe(transport: &Transport, url: &Url, deadline: Instant) -> Probed {
    let head = transport.fetch(Method::Head, url, Take::NOTHING, deadline);
    let settled = match &head.result {
        Ok(reply) => reply.status < 400,
        Err(failure) => failure.kind != FailureKind::Protocol,
    };
    if settled {
        return probed(head);
    }
    probed(transport.fetch(Method::Get, url, Take::NOTHING, deadline))
}

fn probed(fetched: Fetched) -> Probed {
    Probed {
        redirects: fetched.redirects,
        result: fetched.result.map(|reply| Answer {
            status: reply.status,
            content_type: reply.content_type,
            size: None,
            sniffed: None,
        }),
    }
}
