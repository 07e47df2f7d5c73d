//! The quota ledger: every message Kakao accepted (or may have), per app, sender,
//! recipient and Kakao day, so a send that would pass Kakao's daily limits is refused
//! before any request. Kakao's day is taken to run from 00:00 Korea Standard Time
//! (UTC+9, no daylight saving): Kakao documents no reset time (README, "Quotas").
//!
//! One JSON Lines file a day under `quota/` in ktpl's state folder, kept with the
//! journal's care: a `sending` line is written and fsynced before each request, a
//! `sent` line after it with the receivers that count (delivered, or unknown: they may
//! have got it); a `sending` line without its `sent` line (a crash in between) counts
//! all its receivers. A torn last line is dropped. A `full` line records a quota error
//! from Kakao (-532, -533, -536), which ends that count for the day whatever the ledger
//! says. The folder is locked while a send runs, so two runs plan against each other's
//! sends.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime, UtcOffset};

use super::error::SendError;

/// Kakao Talk messages a sender may send a day (per app).
pub const SENDER_DAILY: u32 = 100;
/// Messages a recipient may receive a day (per app).
pub const RECIPIENT_DAILY: u32 = 100;
/// Messages one sender may send one recipient a day.
pub const PAIR_DAILY: u32 = 20;
/// Messages an app may send a day.
pub const APP_DAILY: u32 = 30_000;

/// Korea Standard Time, the zone Kakao's day is taken in.
const KST: i32 = 9 * 3600;

/// Who sends: the app and the user's id in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sender {
    /// Kakao's app id.
    pub app_id: i64,
    /// The user's id in the app.
    pub user_id: i64,
}

/// Which of Kakao's daily limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Limit {
    /// 100 per sender (-532).
    Sender,
    /// 100 per recipient (-533).
    Recipient,
    /// 20 per sender–recipient pair (-536).
    Pair,
    /// 30,000 per app.
    App,
}

impl Limit {
    /// The limit Kakao's quota error `code` reports, if it is one.
    #[must_use]
    pub fn of_code(code: i64) -> Option<Self> {
        match code {
            -532 => Some(Limit::Sender),
            -533 => Some(Limit::Recipient),
            -536 => Some(Limit::Pair),
            _ => None,
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
enum Line {
    Sending {
        request: u64,
        #[serde(flatten)]
        sender: Sender,
        receivers: Vec<String>,
    },
    Sent {
        request: u64,
        counted: Vec<String>,
    },
    Full {
        #[serde(flatten)]
        sender: Sender,
        limit: Limit,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        receiver: Option<String>,
    },
}

/// Today's use, for one sender.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Usage {
    /// Messages the sender sent today (that count).
    pub sender: u32,
    /// Whether Kakao said the sender's quota is used up.
    pub sender_full: bool,
    /// Messages each recipient received today from this app (any sender).
    pub recipients: HashMap<String, u32>,
    /// Messages this sender sent each recipient today.
    pub pairs: HashMap<String, u32>,
    /// Recipients Kakao said are full today (-533).
    pub recipients_full: HashSet<String>,
    /// Recipients Kakao said are full for this pair today (-536).
    pub pairs_full: HashSet<String>,
    /// Messages the app sent today (from this ledger).
    pub app: u32,
}

/// What fits today, and what does not and why.
#[derive(Debug, Clone)]
pub struct QuotaPlan {
    /// Receivers that can get the message today, in order.
    pub fits: Vec<String>,
    /// Receivers that cannot, each with the limit in the way and why.
    pub over: Vec<(String, Limit, String)>,
    /// Today's use before this send.
    pub usage: Usage,
    /// Today's Kakao day.
    pub day: Date,
    /// When the next Kakao day starts (Unix seconds).
    pub next_day: u64,
}

impl QuotaPlan {
    /// When the rest can go, in words.
    #[must_use]
    pub fn when_next(&self) -> String {
        format!(
            "from {} 00:00 KST ({})",
            kakao_day(self.next_day),
            utc_text(self.next_day)
        )
    }
}

/// The Kakao day (the date in Korea Standard Time) of `unix` seconds.
#[must_use]
pub fn kakao_day(unix: u64) -> Date {
    kst(unix).date()
}

fn kst(unix: u64) -> OffsetDateTime {
    let offset = UtcOffset::from_whole_seconds(KST).unwrap_or(UtcOffset::UTC);
    OffsetDateTime::from_unix_timestamp(i64::try_from(unix).unwrap_or(i64::MAX))
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        .to_offset(offset)
}

/// When the Kakao day after the one of `unix` starts (Unix seconds).
#[must_use]
pub fn next_day_start(unix: u64) -> u64 {
    let shifted = unix + u64::from(KST.unsigned_abs());
    (shifted / 86_400 + 1) * 86_400 - u64::from(KST.unsigned_abs())
}

/// `unix` seconds as `2026-12-06 14:03 UTC`.
#[must_use]
pub fn utc_text(unix: u64) -> String {
    let at = OffsetDateTime::from_unix_timestamp(i64::try_from(unix).unwrap_or(i64::MAX))
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    format!("{} {:02}:{:02} UTC", at.date(), at.hour(), at.minute())
}

/// The open, locked ledger.
#[derive(Debug)]
pub struct Ledger {
    path: PathBuf,
    file: File,
    /// Held for the whole send: the lock is released when the ledger is dropped.
    _lock: File,
    lines: Vec<Line>,
    next_request: u64,
    day: Date,
    now: u64,
}

fn failed(path: &Path, what: &str, e: &dyn std::fmt::Display) -> SendError {
    SendError::Usage {
        message: format!(
            "quota ledger {}: cannot {what}: {e}; nothing was sent (set XDG_STATE_HOME to a writable folder)",
            path.display()
        ),
    }
}

impl Ledger {
    /// Opens today's ledger in `state_dir/quota/` at `now` (Unix seconds), waiting for
    /// another `ktpl send` that holds it (`waiting` is called once if so).
    pub fn open(state_dir: &Path, now: u64, waiting: &dyn Fn()) -> Result<Self, SendError> {
        let dir = state_dir.join("quota");
        super::folders::create_private(&dir).map_err(|e| failed(&dir, "create it", &e))?;
        let lock_path = dir.join("lock");
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| failed(&lock_path, "open it", &e))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                waiting();
                lock.lock().map_err(|e| failed(&lock_path, "lock it", &e))?;
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(failed(&lock_path, "lock it", &e)),
        }
        let day = kakao_day(now);
        prune(&dir, day);
        let path = dir.join(format!("{day}.jsonl"));
        let mut options = File::options();
        options.read(true).append(true).create(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options
            .open(&path)
            .map_err(|e| failed(&path, "open it", &e))?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)
            .map_err(|e| failed(&path, "read it", &e))?;
        let (lines, complete) = read_lines(&bytes, &path)?;
        if complete < bytes.len() {
            // A torn last line (a crash while writing it): drop it so the next line
            // starts on its own.
            file.set_len(complete as u64)
                .and_then(|()| file.sync_all())
                .map_err(|e| failed(&path, "repair it", &e))?;
        }
        file.seek(SeekFrom::End(0))
            .map_err(|e| failed(&path, "read it", &e))?;
        let next_request = lines
            .iter()
            .filter_map(|line| match line {
                Line::Sending { request, .. } => Some(*request),
                _ => None,
            })
            .max()
            .unwrap_or(0)
            + 1;
        Ok(Self {
            path,
            file,
            _lock: lock,
            lines,
            next_request,
            day,
            now,
        })
    }

    /// Today's use for `sender`.
    #[must_use]
    pub fn usage(&self, sender: Sender) -> Usage {
        let mut counted: HashMap<u64, &[String]> = HashMap::new();
        for line in &self.lines {
            if let Line::Sent {
                request,
                counted: c,
            } = line
            {
                counted.insert(*request, c);
            }
        }
        let mut usage = Usage::default();
        for line in &self.lines {
            match line {
                Line::Sending {
                    request,
                    sender: who,
                    receivers,
                } if who.app_id == sender.app_id => {
                    let got = counted.get(request).copied().unwrap_or(receivers);
                    let len = u32::try_from(got.len()).unwrap_or(u32::MAX);
                    usage.app += len;
                    for receiver in got {
                        *usage.recipients.entry(receiver.clone()).or_default() += 1;
                    }
                    if *who == sender {
                        usage.sender += len;
                        for receiver in got {
                            *usage.pairs.entry(receiver.clone()).or_default() += 1;
                        }
                    }
                }
                Line::Full {
                    sender: who,
                    limit,
                    receiver,
                } if who.app_id == sender.app_id => match (limit, receiver) {
                    (Limit::Recipient, Some(receiver)) => {
                        usage.recipients_full.insert(receiver.clone());
                    }
                    (Limit::Pair, Some(receiver)) if *who == sender => {
                        usage.pairs_full.insert(receiver.clone());
                    }
                    (Limit::Sender, _) if *who == sender => usage.sender_full = true,
                    _ => {}
                },
                _ => {}
            }
        }
        usage
    }

    /// Which of `receivers` can get one more message from `sender` today.
    #[must_use]
    pub fn plan(&self, sender: Sender, receivers: &[String]) -> QuotaPlan {
        let usage = self.usage(sender);
        let mut sender_left = if usage.sender_full {
            0
        } else {
            SENDER_DAILY.saturating_sub(usage.sender)
        };
        let mut app_left = APP_DAILY.saturating_sub(usage.app);
        let mut plan = QuotaPlan {
            fits: Vec::new(),
            over: Vec::new(),
            usage: usage.clone(),
            day: self.day,
            next_day: next_day_start(self.now),
        };
        for receiver in receivers {
            let pair = usage.pairs.get(receiver).copied().unwrap_or(0);
            let received = usage.recipients.get(receiver).copied().unwrap_or(0);
            let over = if sender_left == 0 {
                Some((
                    Limit::Sender,
                    if usage.sender_full {
                        "Kakao said today that your daily quota is used up (-532)".to_owned()
                    } else {
                        format!(
                            "you have used your {SENDER_DAILY} messages for today ({} sent before this run; Kakao allows {SENDER_DAILY} per sender a day)",
                            usage.sender
                        )
                    },
                ))
            } else if usage.pairs_full.contains(receiver) || pair >= PAIR_DAILY {
                Some((
                    Limit::Pair,
                    if usage.pairs_full.contains(receiver) {
                        "Kakao said today that you and this friend reached your daily limit as a pair (-536)".to_owned()
                    } else {
                        format!(
                            "you sent this friend {pair} messages today (Kakao allows {PAIR_DAILY} per sender and recipient a day)"
                        )
                    },
                ))
            } else if usage.recipients_full.contains(receiver) || received >= RECIPIENT_DAILY {
                Some((
                    Limit::Recipient,
                    if usage.recipients_full.contains(receiver) {
                        "Kakao said today that this friend has received all the messages they may (-533)".to_owned()
                    } else {
                        format!(
                            "this friend received {received} messages from this app today (Kakao allows {RECIPIENT_DAILY} per recipient a day)"
                        )
                    },
                ))
            } else if app_left == 0 {
                Some((
                    Limit::App,
                    format!(
                        "the app sent {APP_DAILY} messages today (Kakao's daily limit per app)"
                    ),
                ))
            } else {
                None
            };
            if let Some((limit, why)) = over {
                plan.over.push((receiver.clone(), limit, why));
            } else {
                sender_left -= 1;
                app_left -= 1;
                plan.fits.push(receiver.clone());
            }
        }
        plan
    }

    /// Records, durably, that a request from `sender` to `receivers` is about to go out.
    pub fn record_sending(
        &mut self,
        sender: Sender,
        receivers: &[String],
    ) -> Result<u64, SendError> {
        let request = self.next_request;
        self.next_request += 1;
        self.append(Line::Sending {
            request,
            sender,
            receivers: receivers.to_vec(),
        })?;
        Ok(request)
    }

    /// Records, durably, which receivers of `request` count against the quotas.
    pub fn record_sent(&mut self, request: u64, counted: &[String]) -> Result<(), SendError> {
        self.append(Line::Sent {
            request,
            counted: counted.to_vec(),
        })
    }

    /// Records, durably, that Kakao said a limit is reached.
    pub fn record_full(
        &mut self,
        sender: Sender,
        limit: Limit,
        receiver: Option<&str>,
    ) -> Result<(), SendError> {
        self.append(Line::Full {
            sender,
            limit,
            receiver: receiver.map(str::to_owned),
        })
    }

    fn append(&mut self, line: Line) -> Result<(), SendError> {
        let mut text = serde_json::to_string(&line).unwrap_or_default();
        text.push('\n');
        self.file
            .write_all(text.as_bytes())
            .and_then(|()| self.file.sync_data())
            .map_err(|e| SendError::Network {
                message: format!(
                    "cannot write the quota ledger {}: {e}; stopped so that nothing goes out uncounted",
                    self.path.display()
                ),
            })?;
        self.lines.push(line);
        Ok(())
    }
}

/// Removes ledger files of days before yesterday: they can no longer matter.
fn prune(dir: &Path, today: Date) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let Some(keep_from) = today.previous_day() else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(stem) = name.to_str().and_then(|n| n.strip_suffix(".jsonl")) else {
            continue;
        };
        // ISO dates (`2026-12-06`) sort as the days do.
        let is_date = stem.len() == 10 && stem.bytes().all(|b| b.is_ascii_digit() || b == b'-');
        if is_date && *stem < *keep_from.to_string() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The complete lines and the byte length they end at; a torn last line is left out,
/// any other bad line is an error.
fn read_lines(bytes: &[u8], path: &Path) -> Result<(Vec<Line>, usize), SendError> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut number = 0;
    while start < bytes.len() {
        number += 1;
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map(|at| start + at + 1);
        let text = &bytes[start..end.unwrap_or(bytes.len())];
        let parsed = std::str::from_utf8(text)
            .ok()
            .and_then(|t| serde_json::from_str::<Line>(t.trim_end()).ok());
        match (parsed, end) {
            (Some(line), Some(end)) => {
                lines.push(line);
                start = end;
            }
            (_, None) => return Ok((lines, start)),
            (None, Some(_)) => {
                return Err(SendError::Usage {
                    message: format!(
                        "quota ledger {} line {number} is not a ledger line; move the file away if it is not ktpl's (you lose today's count)",
                        path.display()
                    ),
                });
            }
        }
    }
    Ok((lines, start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kakaos_day_starts_at_midnight_korea_time() {
        // 2026-12-06 14:59:59 UTC is 23:59:59 KST; one second later is the next day.
        let before = 1_796_569_199;
        assert_eq!(kakao_day(before).to_string(), "2026-12-06");
        assert_eq!(kakao_day(before + 1).to_string(), "2026-12-07");
        assert_eq!(next_day_start(before), before + 1);
        assert_eq!(next_day_start(before + 1), before + 1 + 86_400);
        assert_eq!(utc_text(before + 1), "2026-12-06 15:00 UTC");
    }

    #[test]
    fn the_plan_counts_pairs_senders_and_what_kakao_said() {
        let dir = tempfile::tempdir().expect("tempdir");
        let now = 1_796_600_000;
        let me = Sender {
            app_id: 1,
            user_id: 2,
        };
        let other = Sender {
            app_id: 1,
            user_id: 3,
        };
        let mut ledger = Ledger::open(dir.path(), now, &|| {}).expect("opens");
        for _ in 0..PAIR_DAILY {
            let request = ledger
                .record_sending(me, &["a".to_owned()])
                .expect("records");
            ledger
                .record_sent(request, &["a".to_owned()])
                .expect("records");
        }
        // A crash between request and record: the receivers count.
        ledger
            .record_sending(me, &["b".to_owned()])
            .expect("records");
        let request = ledger
            .record_sending(me, &["c".to_owned()])
            .expect("records");
        ledger
            .record_sent(request, &[])
            .expect("a failure counts nothing");
        ledger
            .record_full(other, Limit::Recipient, Some("d"))
            .expect("records");
        let plan = ledger.plan(
            me,
            &[
                "a".to_owned(),
                "b".to_owned(),
                "c".to_owned(),
                "d".to_owned(),
            ],
        );
        assert_eq!(plan.fits, ["b", "c"]);
        assert_eq!(plan.over.len(), 2);
        assert_eq!(
            (plan.over[0].0.as_str(), plan.over[0].1),
            ("a", Limit::Pair)
        );
        assert_eq!(
            (plan.over[1].0.as_str(), plan.over[1].1),
            ("d", Limit::Recipient)
        );
        assert_eq!(plan.usage.sender, PAIR_DAILY + 1);
        drop(ledger);
        let reopened = Ledger::open(dir.path(), now, &|| {}).expect("reopens");
        assert_eq!(
            reopened.usage(me).sender,
            PAIR_DAILY + 1,
            "it survives a restart"
        );
        drop(reopened);
        let tomorrow = Ledger::open(dir.path(), next_day_start(now), &|| {}).expect("opens");
        assert_eq!(
            tomorrow.usage(me).sender,
            0,
            "a new Kakao day starts at zero"
        );
    }
}
