//! What a complete reply proves about each receiver of a request, and Kakao's error body.

use super::transport::Exchange;
use crate::send::error::{KakaoError, SendError};
use crate::send::outcome::{Status, friends_fates};
use crate::send::response::{ErrorReply, FriendsReply, MemoReply};

/// Kakao codes after which every further request would be refused the same way: the
/// token, consent, permission, account or the sender's quota.
const FATAL_CODES: [i64; 13] = [
    -401, -402, -3, -4, -5, -9, -10, -11, -12, -531, -532, -903, -9798,
];

/// The fate of one request's receivers, and whether sending more is pointless.
#[derive(Debug)]
pub struct BatchOutcome {
    /// One fate per receiver of the batch (one for "me").
    pub fates: Vec<Status>,
    /// Why the remaining batches must not be sent (the token is dead, the quota is
    /// used up, Kakao asks to slow down), when they must not.
    pub stop: Option<String>,
    /// Kakao looked down: no connection, no reply, or a 5xx.
    pub outage: bool,
}

/// The fates a complete reply proves. A 2xx must be readable to count; a 4xx with
/// Kakao's error body (or a 429) is a refusal, so nothing was sent; anything else, a
/// 5xx from a gateway in particular, may come after delivery and proves nothing.
pub(super) fn judge_reply(status: u16, body: &str, receivers: Option<&[String]>) -> BatchOutcome {
    let count = receivers.map_or(1, <[String]>::len);
    let unknown = |reason: String, outage: bool| BatchOutcome {
        fates: vec![
            Status::Unknown {
                reason,
                whole_request: true,
            };
            count
        ],
        stop: None,
        outage,
    };
    if (200..300).contains(&status) {
        return match receivers {
            Some(batch) => match serde_json::from_str::<FriendsReply>(body) {
                Ok(reply) => {
                    let fates = friends_fates(batch, &reply);
                    let quota = reply
                        .failure_info
                        .iter()
                        .find(|f| matches!(f.code, -531 | -532))
                        .map(|f| {
                            format!(
                                "Kakao says the sender's quota is used up ({}: {})",
                                f.code, f.msg
                            )
                        });
                    BatchOutcome {
                        fates,
                        stop: quota,
                        outage: false,
                    }
                }
                Err(e) => unknown(unreadable(status, body, &e), false),
            },
            None => match serde_json::from_str::<MemoReply>(body) {
                Ok(MemoReply { result_code: 0 }) => BatchOutcome {
                    fates: vec![Status::Delivered],
                    stop: None,
                    outage: false,
                },
                Ok(MemoReply { result_code }) => unknown(
                    format!("Kakao answered HTTP {status} with result_code {result_code}, not 0"),
                    false,
                ),
                Err(e) => unknown(unreadable(status, body, &e), false),
            },
        };
    }
    let refusal = serde_json::from_str::<ErrorReply>(body)
        .ok()
        .map(|reply| KakaoError {
            status,
            code: reply.code,
            msg: reply.msg,
            required_scopes: reply.required_scopes,
        });
    let refused = |kakao: KakaoError, stop: Option<String>| BatchOutcome {
        fates: vec![Status::refused(&kakao); count],
        stop,
        outage: false,
    };
    match refusal {
        _ if status == 429 => refused(
            refusal.unwrap_or_else(|| KakaoError {
                status,
                code: 0,
                msg: "HTTP 429 Too Many Requests".to_owned(),
                required_scopes: Vec::new(),
            }),
            Some("Kakao asked ktpl to slow down (HTTP 429)".to_owned()),
        ),
        // Kakao timed out inside: the message may have gone out before it did.
        Some(kakao) if kakao.code == -603 => unknown(
            format!(
                "Kakao answered HTTP {status} with code -603 ({}): it timed out internally, perhaps after sending",
                kakao.msg
            ),
            true,
        ),
        Some(kakao) if (400..500).contains(&status) || kakao.code == -9798 => {
            let stop = FATAL_CODES.contains(&kakao.code).then(|| {
                format!(
                    "Kakao refused a request with code {}: {}",
                    kakao.code,
                    kakao.explanation()
                )
            });
            refused(kakao, stop)
        }
        _ => unknown(
            format!(
                "Kakao's side answered HTTP {status} {}; the request may or may not have been carried out",
                if body.trim().is_empty() {
                    "with an empty body"
                } else {
                    "without a Kakao error body"
                }
            ),
            status >= 500,
        ),
    }
}

fn unreadable(status: u16, body: &str, error: &serde_json::Error) -> String {
    if body.trim().is_empty() {
        format!("Kakao answered HTTP {status} with an empty body")
    } else {
        format!("Kakao answered HTTP {status} with a body ktpl cannot read ({error})")
    }
}

/// The -401 refusal in an exchange (what `token_expired` matched).
pub(super) fn expired_error(exchange: &Exchange) -> KakaoError {
    match exchange {
        Exchange::Reply { status, body } => match kakao_error(*status, body) {
            SendError::Kakao(kakao) => kakao,
            _ => KakaoError {
                status: *status,
                code: -401,
                msg: String::new(),
                required_scopes: Vec::new(),
            },
        },
        _ => KakaoError {
            status: 401,
            code: -401,
            msg: String::new(),
            required_scopes: Vec::new(),
        },
    }
}

pub(super) fn kakao_error(status: u16, body: &str) -> SendError {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn names(fates: &[Status]) -> Vec<&'static str> {
        fates.iter().map(Status::name).collect()
    }

    #[test]
    fn replies_prove_what_they_prove_and_no_more() {
        let batch = vec!["a".to_owned(), "b".to_owned()];
        let friends = Some(batch.as_slice());
        let judge = |status, body: &str| judge_reply(status, body, friends);
        let refused = judge(400, r#"{"code":-2,"msg":"bad"}"#);
        assert_eq!(names(&refused.fates), ["failed", "failed"]);
        assert!(refused.stop.is_none(), "a bad parameter may be one uuid's");
        let consent = judge(
            403,
            r#"{"code":-402,"msg":"scope","required_scopes":["talk_message"]}"#,
        );
        assert_eq!(names(&consent.fates), ["failed", "failed"]);
        assert!(consent.stop.is_some());
        let limited = judge(429, "<html>slow down</html>");
        assert_eq!(names(&limited.fates), ["failed", "failed"]);
        assert!(limited.stop.is_some());
        let maintenance = judge(503, r#"{"code":-9798,"msg":"maintenance"}"#);
        assert_eq!(names(&maintenance.fates), ["failed", "failed"]);
        assert!(maintenance.stop.is_some());
        for (status, body) in [
            (502, "<html>Bad Gateway</html>"),
            (500, r#"{"code":-1,"msg":"internal"}"#),
            (404, "<html>Not Found</html>"),
            (400, r#"{"code":-603,"msg":"timeout"}"#),
            (200, ""),
            (200, "[]"),
            (200, r#"{"failure_info":null}"#),
        ] {
            let judged = judge(status, body);
            assert_eq!(
                names(&judged.fates),
                ["unknown", "unknown"],
                "{status} {body}"
            );
            assert_eq!(
                judged.outage,
                status >= 500 || body.contains("-603"),
                "{status}"
            );
        }
        let partial = judge(
            200,
            r#"{"successful_receiver_uuids":["a"],"failure_info":[{"code":-532,"msg":"quota","receiver_uuids":["b"]}]}"#,
        );
        assert_eq!(names(&partial.fates), ["delivered", "failed"]);
        assert!(partial.stop.is_some(), "the sender's quota is used up");
        let memo = |body: &str| names(&judge_reply(200, body, None).fates);
        assert_eq!(memo(r#"{"result_code":0}"#), ["delivered"]);
        assert_eq!(memo(r#"{"result_code":-1}"#), ["unknown"]);
        assert_eq!(memo(r#"{"result_code":null}"#), ["unknown"]);
        assert_eq!(memo("<html>ok</html>"), ["unknown"]);
    }
}
