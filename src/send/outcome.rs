//! The account of a send: every receiver's fate (`delivered`, `failed`, `unknown`,
//! `not_sent`), and why, with the exit code it adds up to.

use serde::{Deserialize, Serialize};

use super::error::{KakaoError, explain_code};
use super::response::FriendsReply;

/// What happened to one receiver. Each fate is a claim ktpl can back: `delivered` and
/// per-receiver `failed` come from Kakao's reply; `unknown` means the request went out
/// and no readable answer came back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Status {
    /// Kakao's reply names this receiver as successful.
    Delivered,
    /// Kakao's reply names it as failed, or Kakao refused the whole request in a way
    /// that proves nothing was sent.
    Failed {
        /// Kakao's code (0 when the refusal carried none, such as a bare HTTP 429).
        code: i64,
        /// Kakao's message.
        msg: String,
        /// What it means.
        explanation: String,
        /// Whether the whole request was refused (rather than this receiver alone).
        whole_request: bool,
    },
    /// The request was written and no answer naming this receiver came back: it may or
    /// may not have arrived.
    Unknown {
        /// What came back instead.
        reason: String,
        /// Whether the request as a whole got no readable reply (rather than a reply
        /// that names this receiver in neither list).
        whole_request: bool,
    },
    /// Never sent: no connection could be made, or an earlier failure made sending the
    /// rest pointless.
    NotSent {
        /// Why.
        reason: String,
    },
}

impl Status {
    /// The fate's name, as `--format json` and the journal write it.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            Status::Delivered => "delivered",
            Status::Failed { .. } => "failed",
            Status::Unknown { .. } => "unknown",
            Status::NotSent { .. } => "not_sent",
        }
    }

    /// `failed` for a request Kakao refused as a whole.
    #[must_use]
    pub fn refused(error: &KakaoError) -> Self {
        Status::Failed {
            code: error.code,
            msg: error.msg.clone(),
            explanation: error.explanation(),
            whole_request: true,
        }
    }

    /// Whether this fate comes from a request that failed as a whole (exit 4).
    fn whole_request(&self) -> bool {
        match self {
            Status::Delivered => false,
            Status::Failed { whole_request, .. } | Status::Unknown { whole_request, .. } => {
                *whole_request
            }
            Status::NotSent { .. } => true,
        }
    }
}

/// One receiver's line in the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiverOutcome {
    /// `me`, or a friend's uuid.
    pub receiver: String,
    /// What happened.
    #[serde(flatten)]
    pub status: Status,
    /// Settled by an earlier run recorded in the journal, not by this one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub earlier_run: bool,
}

/// How many receivers met each fate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Receivers Kakao named as successful.
    pub delivered: usize,
    /// Receivers Kakao refused.
    pub failed: usize,
    /// Receivers that may or may not have received it.
    pub unknown: usize,
    /// Receivers never sent to.
    pub not_sent: usize,
}

/// The account of every receiver of a send.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Account {
    /// One entry per receiver asked for, in the order given.
    pub receivers: Vec<ReceiverOutcome>,
}

impl Account {
    /// Records one receiver.
    pub fn push(&mut self, receiver: impl Into<String>, status: Status) {
        self.receivers.push(ReceiverOutcome {
            receiver: receiver.into(),
            status,
            earlier_run: false,
        });
    }

    /// How many receivers met each fate.
    #[must_use]
    pub fn summary(&self) -> Summary {
        let mut summary = Summary::default();
        for receiver in &self.receivers {
            *match receiver.status {
                Status::Delivered => &mut summary.delivered,
                Status::Failed { .. } => &mut summary.failed,
                Status::Unknown { .. } => &mut summary.unknown,
                Status::NotSent { .. } => &mut summary.not_sent,
            } += 1;
        }
        summary
    }

    /// 0 every receiver got it; 4 a request failed as a whole (refused, no readable
    /// reply, or receivers not sent); 3 otherwise when some receiver did not get it.
    /// `unknown` and `not_sent` count as not delivered.
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        if self.receivers.iter().any(|r| r.status.whole_request()) {
            4
        } else if self.receivers.iter().all(|r| r.status == Status::Delivered) {
            0
        } else {
            3
        }
    }

    /// How many receivers got the message.
    #[must_use]
    pub fn delivered(&self) -> usize {
        self.summary().delivered
    }
}

/// The fate of each receiver of `batch` by Kakao's reply to a friends request. A
/// receiver named in neither list, or in both, is `unknown`.
#[must_use]
pub fn friends_fates(batch: &[String], reply: &FriendsReply) -> Vec<Status> {
    batch
        .iter()
        .map(|uuid| {
            let succeeded = reply.successful_receiver_uuids.contains(uuid);
            let failure = reply
                .failure_info
                .iter()
                .find(|f| f.receiver_uuids.contains(uuid));
            match (succeeded, failure) {
                (true, None) => Status::Delivered,
                (false, Some(failure)) => Status::Failed {
                    code: failure.code,
                    msg: failure.msg.clone(),
                    explanation: explain_code(failure.code).to_owned(),
                    whole_request: false,
                },
                (true, Some(_)) => Status::Unknown {
                    reason: "Kakao's reply named this receiver both successful and failed"
                        .to_owned(),
                    whole_request: false,
                },
                (false, None) => Status::Unknown {
                    reason: "Kakao's reply named this receiver in neither list".to_owned(),
                    whole_request: false,
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unknown() -> Status {
        Status::Unknown {
            reason: "reset".to_owned(),
            whole_request: true,
        }
    }

    #[test]
    fn exit_codes_count_unknown_and_not_sent_as_not_delivered() {
        let mut account = Account::default();
        account.push("a", Status::Delivered);
        assert_eq!(account.exit_code(), 0);
        account.push(
            "b",
            Status::Unknown {
                reason: "neither list".to_owned(),
                whole_request: false,
            },
        );
        assert_eq!(account.exit_code(), 3);
        account.push("c", unknown());
        assert_eq!(account.exit_code(), 4);
        let mut not_sent = Account::default();
        not_sent.push("d", Status::Delivered);
        not_sent.push(
            "e",
            Status::NotSent {
                reason: "quota".to_owned(),
            },
        );
        assert_eq!(not_sent.exit_code(), 4);
        assert_eq!(
            not_sent.summary(),
            Summary {
                delivered: 1,
                not_sent: 1,
                ..Summary::default()
            }
        );
    }

    #[test]
    fn statuses_read_back_as_written() {
        for status in [
            Status::Delivered,
            unknown(),
            Status::NotSent {
                reason: "x".to_owned(),
            },
        ] {
            let outcome = ReceiverOutcome {
                receiver: "u".to_owned(),
                status,
                earlier_run: false,
            };
            let text = serde_json::to_string(&outcome).expect("serializes");
            let back: ReceiverOutcome = serde_json::from_str(&text).expect("reads back");
            assert_eq!(back, outcome);
        }
    }
}
