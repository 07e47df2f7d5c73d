//! The stdio transport: `Content-Length` framed JSON-RPC in and out, on two threads.
//! Unlike `lsp_server::Connection::stdio`, a malformed message does not end the
//! session: a request that can be identified is passed on to be answered with an
//! error, anything else is logged on stderr, and reading goes on with the next message.

#![allow(clippy::print_stderr)]

use std::io::{self, BufRead, Read};
use std::thread::{self, JoinHandle};

use crossbeam_channel::{Sender, unbounded};
use lsp_server::{Connection, Message, Request, RequestId};

/// The method of the stand-in request the reader passes on for a payload that has an
/// `id` but is not a well-formed message; its parameter says what is wrong. The server
/// answers it with an `InvalidRequest` error under that id.
pub(crate) const INVALID_MESSAGE: &str = "$/ktpl/invalidMessage";

/// The writer thread, joined to flush the last messages before exiting.
#[derive(Debug)]
pub(crate) struct Writer(JoinHandle<()>);

impl Writer {
    /// Waits until every message sent so far is written (the connection's sender must
    /// be dropped first).
    pub(crate) fn join(self) {
        let _ = self.0.join();
    }
}

/// A connection over this process's stdin and stdout.
#[must_use]
pub(crate) fn stdio() -> (Connection, Writer) {
    let (to_client, outgoing) = unbounded::<Message>();
    let (incoming, from_client) = unbounded::<Message>();
    let writer = thread::spawn(move || {
        let mut stdout = io::stdout().lock();
        for message in outgoing {
            if message.write(&mut stdout).is_err() {
                break;
            }
        }
    });
    thread::spawn(move || {
        let mut stdin = io::stdin().lock();
        read_messages(&mut stdin, &incoming);
    });
    (
        Connection {
            sender: to_client,
            receiver: from_client,
        },
        Writer(writer),
    )
}

/// Reads framed messages until end of input (the client is gone) or until nobody
/// listens. Bad frames and bad payloads are answered or logged, never fatal.
pub(crate) fn read_messages(input: &mut impl BufRead, incoming: &Sender<Message>) {
    loop {
        let body = match read_frame(input) {
            Ok(Some(body)) => body,
            Ok(None) => return,
            Err(error) if error.kind() == io::ErrorKind::InvalidData => {
                eprintln!("ktpl lsp: skipping a malformed message: {error}");
                continue;
            }
            Err(error) => {
                eprintln!("ktpl lsp: cannot read from the client: {error}");
                return;
            }
        };
        match serde_json::from_str::<Message>(&body) {
            Ok(message) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if incoming.send(message).is_err() || exit {
                    return;
                }
            }
            Err(error) => match request_id(&body) {
                Some(id) => {
                    let invalid = Request::new(id, INVALID_MESSAGE.to_owned(), error.to_string());
                    if incoming.send(invalid.into()).is_err() {
                        return;
                    }
                }
                None => eprintln!("ktpl lsp: skipping a message that is not JSON-RPC: {error}"),
            },
        }
    }
}

/// The `id` of a payload that is JSON but not a well-formed message, if it has one.
fn request_id(body: &str) -> Option<RequestId> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    match value.get("id")? {
        serde_json::Value::Number(n) => i32::try_from(n.as_i64()?).ok().map(RequestId::from),
        serde_json::Value::String(s) => Some(RequestId::from(s.clone())),
        _ => None,
    }
}

/// One message body: headers up to a blank line, then `Content-Length` bytes.
/// `Ok(None)` at the end of input.
fn read_frame(input: &mut impl BufRead) -> io::Result<Option<String>> {
    let mut length = None;
    let mut line = String::new();
    let mut headers = 0;
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if headers == 0 {
                continue;
            }
            break;
        }
        headers += 1;
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("Content-Length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let Some(length) = length else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "a message without a valid Content-Length header",
        ));
    };
    let mut body = Vec::new();
    input.take(length as u64).read_to_end(&mut body)?;
    if body.len() < length {
        return Ok(None);
    }
    String::from_utf8(body)
        .map(Some)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "a message that is not UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn garbage_is_answered_or_skipped_and_reading_goes_on() {
        let input = [
            frame("{not json"),
            "Bogus-Header: 1\r\n\r\n".to_owned(),
            frame(r#"{"jsonrpc":"2.0","id":7,"method":5}"#),
            frame(r#"{"jsonrpc":"2.0","id":8,"method":"shutdown"}"#),
        ]
        .concat();
        let (incoming, received) = unbounded();
        read_messages(&mut input.as_bytes(), &incoming);
        let received: Vec<Message> = received.try_iter().collect();
        assert!(
            matches!(
                received.as_slice(),
                [Message::Request(invalid), Message::Request(shutdown)]
                    if invalid.method == INVALID_MESSAGE
                        && invalid.id == RequestId::from(7)
                        && shutdown.method == "shutdown"
            ),
            "{received:?}"
        );
    }
}
