//! The account of a send: every receiver, delivered or not, and why.

use serde::Serialize;

use super::error::{SendError, explain_code};

/// What happened to one receiver.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum Status {
    /// Kakao accepted the message for this receiver.
    Delivered,
    /// It did not reach this receiver.
    Failed {
        /// Kakao's code (0 when the request never got a reply).
        code: i64,
        /// Kakao's message.
        msg: String,
        /// What it means.
        explanation: String,
        /// Whether the whole request failed (rather than this receiver alone).
        whole_request: bool,
    },
    /// Kakao's reply named this receiver in neither list.
    Unknown,
}

/// One receiver's line in the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceiverOutcome {
    /// `me`, or a friend's uuid.
    pub receiver: String,
    /// What happened.
    #[serde(flatten)]
    pub status: Status,
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
        });
    }

    /// Records every receiver of a request that failed as a whole.
    pub fn fail_all(&mut self, receivers: &[String], error: &SendError) {
        let (code, msg, explanation) = match error {
            SendError::Kakao(kakao) => (kakao.code, kakao.msg.clone(), kakao.explanation()),
            other => (
                0,
                other.to_string(),
                "the request did not get a usable reply".to_owned(),
            ),
        };
        let names: Vec<String> = if receivers.is_empty() {
            vec!["me".to_owned()]
        } else {
            receivers.to_vec()
        };
        for receiver in names {
            self.push(
                receiver,
                Status::Failed {
                    code,
                    msg: msg.clone(),
                    explanation: explanation.clone(),
                    whole_request: true,
                },
            );
        }
    }

    /// Records a friends reply for a batch; receivers named in neither list are `unknown`.
    pub fn record_friends(&mut self, batch: &[String], reply: &super::response::FriendsReply) {
        for uuid in batch {
            let status = if reply.successful_receiver_uuids.contains(uuid) {
                Status::Delivered
            } else if let Some(failure) = reply
                .failure_info
                .iter()
                .find(|f| f.receiver_uuids.contains(uuid))
            {
                Status::Failed {
                    code: failure.code,
                    msg: failure.msg.clone(),
                    explanation: explain_code(failure.code).to_owned(),
                    whole_request: false,
                }
            } else {
                Status::Unknown
            };
            self.push(uuid.clone(), status);
        }
    }

    /// 0 every receiver got it; 3 some did not; 4 a request failed as a whole.
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        let whole = self.receivers.iter().any(|r| {
            matches!(
                r.status,
                Status::Failed {
                    whole_request: true,
                    ..
                }
            )
        });
        if whole {
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
        self.receivers
            .iter()
            .filter(|r| r.status == Status::Delivered)
            .count()
    }
}
