//! The send journal (`--journal FILE`): JSON Lines, append-only, each line fsynced
//! before the next step. A `request` line is written before a request goes out and a
//! `fates` line after it, so a re-run knows who was reached, who was not, and who might
//! have been. A torn last line (a crash while writing it) is dropped: a `request` line
//! that never completed was never followed by its request, and a `request` line without
//! its `fates` means "attempted, outcome unknown".

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::error::SendError;
use super::outcome::{ReceiverOutcome, Status};

/// What a journal is for: the endpoint and a digest of the message (template and
/// arguments). A journal written for another is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// The send endpoint's full URL.
    pub endpoint: String,
    /// SHA-256 of the message's form fields (receivers left out), in hex.
    pub digest: String,
}

impl Fingerprint {
    /// The fingerprint of a message sent to `endpoint` with these form fields.
    #[must_use]
    pub fn new(endpoint: String, fields: &[(String, String)]) -> Self {
        let mut context = ring::digest::Context::new(&ring::digest::SHA256);
        for (key, value) in fields.iter().filter(|(key, _)| key != "receiver_uuids") {
            // Lengths first, so no two field lists hash the same text.
            for part in [key, value] {
                context.update(&(part.len() as u64).to_be_bytes());
                context.update(part.as_bytes());
            }
        }
        let digest = context
            .finish()
            .as_ref()
            .iter()
            .fold(String::new(), |mut hex, byte| {
                let _ = write!(hex, "{byte:02x}");
                hex
            });
        Self { endpoint, digest }
    }
}

/// One line of the journal.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
enum Line {
    /// Written and fsynced before request `request` goes out.
    Request {
        request: u64,
        endpoint: String,
        digest: String,
        receivers: Vec<String>,
    },
    /// Written after request `request`: each receiver's fate.
    Fates {
        request: u64,
        receivers: Vec<ReceiverOutcome>,
    },
}

/// An open, locked journal.
#[derive(Debug)]
pub struct Journal {
    file: Option<File>,
    path: PathBuf,
    fingerprint: Fingerprint,
    /// Each receiver's latest fate from earlier runs.
    settled: HashMap<String, Status>,
    next_request: u64,
}

fn usage(message: String) -> SendError {
    SendError::Usage { message }
}

impl Journal {
    /// Opens (creating it unless `read_only`) and locks the journal at `path`, reads
    /// what earlier runs recorded, and refuses one written for another message or
    /// endpoint. A dry run opens it `read_only`: it checks and never writes.
    pub fn open(path: &Path, fingerprint: Fingerprint, read_only: bool) -> Result<Self, SendError> {
        let shown = path.display();
        let mut options = File::options();
        options.read(true);
        if !read_only {
            options.write(true).create(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
        }
        let existed = path.exists();
        let mut file = match options.open(path) {
            Ok(file) => file,
            Err(e) if read_only && e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Self {
                    file: None,
                    path: path.to_path_buf(),
                    fingerprint,
                    settled: HashMap::new(),
                    next_request: 1,
                });
            }
            Err(e) => return Err(usage(format!("cannot open journal {shown}: {e}"))),
        };
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(usage(format!(
                    "journal {shown} is in use by another `ktpl send`; wait for it to finish (two runs on one journal could message someone twice)"
                )));
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(usage(format!("cannot lock journal {shown}: {e}")));
            }
        }
        if !existed && !read_only {
            sync_folder(path);
        }
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)
            .map_err(|e| usage(format!("cannot read journal {shown}: {e}")))?;
        let (lines, complete) = read_lines(&bytes, path, &fingerprint)?;
        if !read_only && complete < bytes.len() {
            // Drop the torn tail so the next line starts on a line of its own.
            file.set_len(complete as u64)
                .and_then(|()| file.sync_all())
                .map_err(|e| usage(format!("cannot repair journal {shown}: {e}")))?;
        }
        file.seek(SeekFrom::End(0))
            .map_err(|e| usage(format!("cannot read journal {shown}: {e}")))?;
        let mut settled = HashMap::new();
        let mut next_request = 1;
        for line in lines {
            match line {
                Line::Request {
                    request, receivers, ..
                } => {
                    next_request = next_request.max(request + 1);
                    for receiver in receivers {
                        settled.insert(
                            receiver,
                            Status::Unknown {
                                reason: "an earlier run sent the request and recorded no reply (it was interrupted)".to_owned(),
                                whole_request: true,
                            },
                        );
                    }
                }
                Line::Fates { receivers, .. } => {
                    for outcome in receivers {
                        settled.insert(outcome.receiver, outcome.status);
                    }
                }
            }
        }
        Ok(Self {
            file: (!read_only).then_some(file),
            path: path.to_path_buf(),
            fingerprint,
            settled,
            next_request,
        })
    }

    /// What earlier runs settled for `receiver`, if anything.
    #[must_use]
    pub fn settled(&self, receiver: &str) -> Option<&Status> {
        self.settled.get(receiver)
    }

    /// Records, durably, that a request to `receivers` is about to go out; its number.
    pub fn record_request(&mut self, receivers: &[String]) -> Result<u64, SendError> {
        let request = self.next_request;
        self.next_request += 1;
        self.append(&Line::Request {
            request,
            endpoint: self.fingerprint.endpoint.clone(),
            digest: self.fingerprint.digest.clone(),
            receivers: receivers.to_vec(),
        })?;
        Ok(request)
    }

    /// Records, durably, the fates of request `request`'s receivers.
    pub fn record_fates(
        &mut self,
        request: u64,
        receivers: &[ReceiverOutcome],
    ) -> Result<(), SendError> {
        self.append(&Line::Fates {
            request,
            receivers: receivers.to_vec(),
        })
    }

    fn append(&mut self, line: &Line) -> Result<(), SendError> {
        let Some(file) = &mut self.file else {
            return Ok(());
        };
        let mut text = serde_json::to_string(line).unwrap_or_default();
        text.push('\n');
        file.write_all(text.as_bytes())
            .and_then(|()| file.sync_data())
            .map_err(|e| SendError::Network {
                message: format!(
                    "cannot write journal {}: {e}; stopped so that nothing goes out unrecorded",
                    self.path.display()
                ),
            })
    }
}

/// The complete lines of a journal and the byte length they end at. A last line that
/// is cut off or unreadable is torn and left out; any other bad line is an error.
fn read_lines(
    bytes: &[u8],
    path: &Path,
    fingerprint: &Fingerprint,
) -> Result<(Vec<Line>, usize), SendError> {
    let shown = path.display();
    let mut lines = Vec::new();
    let mut complete = 0;
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
        let last = end.is_none_or(|end| end == bytes.len());
        match (parsed, end) {
            (Some(line), Some(end)) => {
                if let Line::Request {
                    endpoint, digest, ..
                } = &line
                {
                    if *endpoint != fingerprint.endpoint {
                        return Err(usage(format!(
                            "journal {shown} was written for sending to {endpoint}, not {}; use a new journal for a different send",
                            fingerprint.endpoint
                        )));
                    }
                    if *digest != fingerprint.digest {
                        return Err(usage(format!(
                            "journal {shown} was written for a different template or different arguments (line {number}); use a new journal for a different message"
                        )));
                    }
                }
                lines.push(line);
                complete = end;
                start = end;
            }
            // A torn last line: written in part when the run stopped. It starts as
            // every journal line does; anything else is not a journal, and is never cut.
            (_, _) if last && starts_like_a_line(text) => break,
            (_, _) => {
                return Err(usage(format!(
                    "journal {shown} line {number} is not a ktpl journal line; is this the right file?"
                )));
            }
        }
    }
    Ok((lines, complete))
}

/// Whether `text` is the start of a journal line (every line opens with `{"event":"`).
fn starts_like_a_line(text: &[u8]) -> bool {
    const OPENING: &[u8] = br#"{"event":""#;
    text.starts_with(OPENING) || OPENING.starts_with(text)
}

/// Makes a new file's name durable (its folder's entry), best effort.
fn sync_folder(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        let _ = File::open(dir).and_then(|dir| dir.sync_all());
    }
    #[cfg(not(unix))]
    let _ = path;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fingerprint(template: &str) -> Fingerprint {
        Fingerprint::new(
            "https://kapi.kakao.com/v1/api/talk/friends/message/default/send".to_owned(),
            &[("template_object".to_owned(), template.to_owned())],
        )
    }

    #[test]
    fn digests_tell_messages_apart() {
        assert_eq!(fingerprint("a"), fingerprint("a"));
        assert_ne!(fingerprint("a").digest, fingerprint("b").digest);
        let glued = Fingerprint::new(String::new(), &[("ab".to_owned(), "c".to_owned())]);
        let split = Fingerprint::new(String::new(), &[("a".to_owned(), "bc".to_owned())]);
        assert_ne!(glued.digest, split.digest);
    }

    #[test]
    fn a_torn_last_line_is_dropped_and_the_rest_kept() {
        let print = fingerprint("t");
        let request = serde_json::to_string(&Line::Request {
            request: 1,
            endpoint: print.endpoint.clone(),
            digest: print.digest.clone(),
            receivers: vec!["a".to_owned()],
        })
        .expect("json");
        let text = format!("{request}\n{{\"event\":\"fates\",\"requ");
        let (lines, complete) = read_lines(text.as_bytes(), Path::new("j"), &print).expect("ok");
        assert_eq!(lines.len(), 1);
        assert_eq!(complete, request.len() + 1);
        let not_a_journal = "# my notes, no newline at the end";
        assert!(read_lines(not_a_journal.as_bytes(), Path::new("j"), &print).is_err());
        let middle = format!("garbage\n{request}\n");
        assert!(read_lines(middle.as_bytes(), Path::new("j"), &print).is_err());
        assert!(read_lines(text.as_bytes(), Path::new("j"), &fingerprint("other")).is_err());
    }
}
