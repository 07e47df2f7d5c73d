//! Sending to every receiver: which receivers still need the message (the journal
//! knows who was settled earlier), batch after batch, each recorded before and after
//! it goes out, and no batch fired into a wall once sending more is pointless.

use std::collections::HashMap;

use super::client::Client;
use super::journal::Journal;
use super::ledger::{Ledger, Limit, Sender};
use super::message::Message;
use super::outcome::{Account, ReceiverOutcome, Status};
use super::recipients::{BATCH, Recipients};

/// After this many requests in a row find Kakao down (no connection, no reply, a
/// 5xx), the rest are not sent.
const OUTAGES_BEFORE_STOPPING: u32 = 2;

/// What a send will do: the receivers an earlier run settled, and the batches left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Every receiver asked for, in order.
    pub receivers: Vec<String>,
    /// Fates settled by earlier runs (delivered, or unknown unless re-sent).
    pub earlier: Vec<ReceiverOutcome>,
    /// The requests to make: friends' uuids, or `None` for "send to me".
    pub batches: Vec<Option<Vec<String>>>,
    /// Receivers held back (`not_sent`), such as those over today's quota.
    pub held: Vec<ReceiverOutcome>,
}

/// The quota ledger a friends send records in, and whose send it is.
#[derive(Debug)]
pub struct Quota<'a> {
    /// The open, locked ledger.
    pub ledger: &'a mut Ledger,
    /// The sender.
    pub sender: Sender,
}

impl Plan {
    /// The plan for `recipients`: with a journal, receivers it shows `delivered` are left
    /// out, and so are `unknown` ones unless `resend_unknown`; `failed` and `not_sent`
    /// are sent again.
    #[must_use]
    pub fn new(recipients: &Recipients, journal: Option<&Journal>, resend_unknown: bool) -> Self {
        let receivers = match recipients {
            Recipients::Me => vec!["me".to_owned()],
            Recipients::Friends(uuids) => uuids.clone(),
        };
        let mut earlier = Vec::new();
        let mut pending = Vec::new();
        for receiver in &receivers {
            let settled = journal.and_then(|j| j.settled(receiver));
            match settled {
                Some(status @ Status::Delivered) => earlier.push(earlier_outcome(receiver, status)),
                Some(status @ Status::Unknown { .. }) if !resend_unknown => {
                    earlier.push(earlier_outcome(receiver, status));
                }
                _ => pending.push(receiver.clone()),
            }
        }
        let batches = match recipients {
            Recipients::Me if pending.is_empty() => Vec::new(),
            Recipients::Me => vec![None],
            Recipients::Friends(_) => pending.chunks(BATCH).map(|b| Some(b.to_vec())).collect(),
        };
        Self {
            receivers,
            earlier,
            batches,
            held: Vec::new(),
        }
    }

    /// The friends still to be sent to, in order.
    #[must_use]
    pub fn pending_friends(&self) -> Vec<String> {
        self.batches.iter().flatten().flatten().cloned().collect()
    }

    /// Holds `receivers` back: they are left out of the requests and accounted
    /// `not_sent` with their reason.
    pub fn hold(&mut self, receivers: &[(String, String)]) {
        if receivers.is_empty() {
            return;
        }
        let pending: Vec<String> = self
            .pending_friends()
            .into_iter()
            .filter(|r| !receivers.iter().any(|(held, _)| held == r))
            .collect();
        self.batches = pending.chunks(BATCH).map(|b| Some(b.to_vec())).collect();
        for (receiver, reason) in receivers {
            self.held.push(ReceiverOutcome {
                receiver: receiver.clone(),
                status: Status::NotSent {
                    reason: reason.clone(),
                },
                earlier_run: false,
            });
        }
    }
}

/// Records in the ledger which receivers count (delivered, or unknown: they may have
/// got it), and every quota error Kakao named.
fn count(
    quota: &mut Quota<'_>,
    request: u64,
    outcomes: &[ReceiverOutcome],
) -> Result<(), super::SendError> {
    let counted: Vec<String> = outcomes
        .iter()
        .filter(|o| matches!(o.status, Status::Delivered | Status::Unknown { .. }))
        .map(|o| o.receiver.clone())
        .collect();
    quota.ledger.record_sent(request, &counted)?;
    let mut sender_full = false;
    for outcome in outcomes {
        let Status::Failed { code, .. } = outcome.status else {
            continue;
        };
        match Limit::of_code(code) {
            Some(Limit::Sender) if !sender_full => {
                sender_full = true;
                quota
                    .ledger
                    .record_full(quota.sender, Limit::Sender, None)?;
            }
            Some(limit @ (Limit::Recipient | Limit::Pair)) => {
                quota
                    .ledger
                    .record_full(quota.sender, limit, Some(&outcome.receiver))?;
            }
            _ => {}
        }
    }
    Ok(())
}

fn earlier_outcome(receiver: &str, status: &Status) -> ReceiverOutcome {
    ReceiverOutcome {
        receiver: receiver.to_owned(),
        status: status.clone(),
        earlier_run: true,
    }
}

/// Carries out `plan` and accounts for every receiver, those settled earlier (or held
/// back) included. A journal or quota ledger that cannot be written stops the send:
/// nothing goes out unrecorded.
pub fn send_all(
    client: &mut Client,
    message: &Message,
    plan: &Plan,
    mut journal: Option<&mut Journal>,
    mut quota: Option<Quota<'_>>,
) -> (Account, Option<String>) {
    let mut fates: HashMap<String, ReceiverOutcome> = plan
        .earlier
        .iter()
        .chain(&plan.held)
        .map(|outcome| (outcome.receiver.clone(), outcome.clone()))
        .collect();
    let mut stop: Option<String> = None;
    let mut outages = 0;
    for batch in &plan.batches {
        let names: Vec<String> = batch.clone().unwrap_or_else(|| vec!["me".to_owned()]);
        let record = |fates: &mut HashMap<String, ReceiverOutcome>, statuses: Vec<Status>| {
            let outcomes: Vec<ReceiverOutcome> = names
                .iter()
                .zip(statuses)
                .map(|(receiver, status)| ReceiverOutcome {
                    receiver: receiver.clone(),
                    status,
                    earlier_run: false,
                })
                .collect();
            for outcome in &outcomes {
                fates.insert(outcome.receiver.clone(), outcome.clone());
            }
            outcomes
        };
        if let Some(reason) = &stop {
            let not_sent = Status::NotSent {
                reason: format!("not attempted: {reason}"),
            };
            record(&mut fates, vec![not_sent; names.len()]);
            continue;
        }
        let request = match journal.as_deref_mut().map(|j| j.record_request(&names)) {
            Some(Err(error)) => {
                stop = Some(error.to_string());
                let not_sent = Status::NotSent {
                    reason: format!("not attempted: {error}"),
                };
                record(&mut fates, vec![not_sent; names.len()]);
                continue;
            }
            Some(Ok(request)) => Some(request),
            None => None,
        };
        let counted_request = match (&mut quota, batch) {
            (Some(quota), Some(friends)) => {
                match quota.ledger.record_sending(quota.sender, friends) {
                    Ok(request) => Some(request),
                    Err(error) => {
                        stop = Some(error.to_string());
                        let not_sent = Status::NotSent {
                            reason: format!("not attempted: {error}"),
                        };
                        let outcomes = record(&mut fates, vec![not_sent; names.len()]);
                        if let (Some(journal), Some(request)) = (journal.as_deref_mut(), request) {
                            let _ = journal.record_fates(request, &outcomes);
                        }
                        continue;
                    }
                }
            }
            _ => None,
        };
        let outcome = client.send_batch(message, batch.as_deref());
        let outcomes = record(&mut fates, outcome.fates);
        if let (Some(journal), Some(request)) = (journal.as_deref_mut(), request)
            && let Err(error) = journal.record_fates(request, &outcomes)
        {
            stop.get_or_insert(error.to_string());
        }
        if let (Some(quota), Some(request)) = (&mut quota, counted_request)
            && let Err(error) = count(quota, request, &outcomes)
        {
            stop.get_or_insert(error.to_string());
        }
        outages = if outcome.outage { outages + 1 } else { 0 };
        if let Some(reason) = outcome.stop {
            stop.get_or_insert(reason);
        } else if outages >= OUTAGES_BEFORE_STOPPING {
            stop.get_or_insert(format!(
                "Kakao could not be reached or did not answer {outages} requests in a row"
            ));
        }
    }
    let mut account = Account::default();
    for receiver in &plan.receivers {
        if let Some(outcome) = fates.remove(receiver) {
            account.receivers.push(outcome);
        }
    }
    (account, stop)
}
