//! The stdio transport: `Content-Length` framed JSON-RPC in and out, on two threads.
//! Unlike `lsp_server::Connection::stdio`, nothing a client sends ends the session or
//! leaves the server deaf:
//! - a frame whose `Content-Length` is wrong (a client that counts characters, not
//!   bytes, on Korean text) is read to the end of its JSON value all the same: a body
//!   cut short is read on, bytes past the value go back to the input;
//! - bytes that are not a message are skipped up to the next `Content-Length:` header,
//!   wherever on a line it starts, so reading resynchronises on the next message;
//! - a request that can be identified but is malformed is passed on to be answered
//!   with an error; anything else is logged on stderr;
//! - a request id `lsp_server` cannot hold (an integer past 32 bits, a fraction) is
//!   carried as a stand-in string and given back in the response as the client wrote it.

#![allow(clippy::print_stderr)]

use std::io::{self, BufRead, Read, Write};
use std::thread::{self, JoinHandle};

use crossbeam_channel::{Sender, unbounded};
use lsp_server::{Connection, Message, Request, RequestId};
use serde::Deserialize as _;
use serde_json::Value;

/// The method of the stand-in request the reader passes on for a payload that has an
/// `id` but is not a well-formed message; its parameter says what is wrong. The server
/// answers it with an `InvalidRequest` error under that id.
pub(crate) const INVALID_MESSAGE: &str = "$/ktpl/invalidMessage";

/// How a stand-in id starts: a control character no client puts in an id by accident
/// (one that does gets its string id carried the same way, so every id comes back).
const STAND_IN: &str = "\u{1}ktpl-id:";

/// The header every frame must carry, as matched (ASCII case ignored).
const CONTENT_LENGTH: &[u8] = b"content-length:";

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
            if write_message(&mut stdout, &message).is_err() {
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

/// Writes one framed message, giving a stand-in id back as the client wrote it.
pub(crate) fn write_message(out: &mut impl Write, message: &Message) -> io::Result<()> {
    let Message::Response(response) = message else {
        return message.write(out);
    };
    let Some(original) = original_id(&response.id) else {
        return message.write(out);
    };
    let mut value = serde_json::to_value(message)?;
    value["id"] = original;
    value["jsonrpc"] = Value::from("2.0");
    let text = value.to_string();
    write!(out, "Content-Length: {}\r\n\r\n{text}", text.len())?;
    out.flush()
}

/// Reads framed messages until end of input (the client is gone) or until nobody
/// listens. Bad frames and bad payloads are answered or logged, never fatal.
pub(crate) fn read_messages(input: &mut impl BufRead, incoming: &Sender<Message>) {
    let mut input = Input::new(input);
    loop {
        let frame = match read_frame(&mut input) {
            Ok(Some(frame)) => frame,
            Ok(None) => return,
            Err(error) => {
                eprintln!("ktpl lsp: cannot read from the client: {error}");
                return;
            }
        };
        if frame.skipped > 0 {
            eprintln!(
                "ktpl lsp: skipped {} bytes that were not a message, up to the next header",
                frame.skipped
            );
        }
        let declared = frame.body.len();
        let value = match read_value(frame.body, &mut input) {
            Ok((value, actual)) => {
                if actual != declared {
                    eprintln!(
                        "ktpl lsp: a message said Content-Length {declared} but was {actual} \
                         bytes (a client counting characters?); read it whole"
                    );
                }
                value
            }
            Err(error) => {
                eprintln!("ktpl lsp: skipping a message that is not JSON: {error}");
                continue;
            }
        };
        let message = match message_of(value) {
            Ok(message) => message,
            Err(Some(invalid)) => invalid.into(),
            Err(None) => continue,
        };
        let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
        if incoming.send(message).is_err() || exit {
            return;
        }
    }
}

/// A JSON payload as a message. An id `lsp_server` cannot hold gets a stand-in. Not a message: `Err(Some)`, the stand-in request to answer with an
/// error when it has an id, else `Err(None)` (logged).
fn message_of(mut value: Value) -> Result<Message, Option<Request>> {
    if let Some(id) = value.get_mut("id") {
        *id = carried_id(std::mem::take(id));
    }
    let id = value
        .get("id")
        .and_then(|id| serde_json::from_value::<RequestId>(id.clone()).ok());
    serde_json::from_value::<Message>(value).map_err(|error| {
        if id.is_none() {
            eprintln!("ktpl lsp: skipping a message that is not JSON-RPC: {error}");
        }
        id.map(|id| Request::new(id, INVALID_MESSAGE.to_owned(), error.to_string()))
    })
}

/// A request id as `lsp_server` can hold it: a 32-bit integer or a string as it is,
/// anything else (a wider integer, a fraction, a string that looks like a stand-in)
/// as a stand-in string holding the id's JSON. `null` stays (not a request id).
fn carried_id(id: Value) -> Value {
    match &id {
        Value::Null => id,
        Value::Number(n) if n.as_i64().is_some_and(|n| i32::try_from(n).is_ok()) => id,
        Value::String(s) if !s.starts_with(STAND_IN) => id,
        _ => Value::String(format!("{STAND_IN}{id}")),
    }
}

/// The id the client wrote, for a stand-in.
fn original_id(id: &RequestId) -> Option<Value> {
    let text = serde_json::to_value(id).ok()?;
    let json = text.as_str()?.strip_prefix(STAND_IN)?;
    serde_json::from_str(json).ok()
}

/// One frame: the body as long as its `Content-Length` said, and how many bytes before
/// its header were not part of any message.
struct Frame {
    body: Vec<u8>,
    skipped: usize,
}

/// Reads headers up to a blank line, then `Content-Length` bytes. A line is searched
/// for the header anywhere in it: after a frame whose length was too short, the rest of
/// its body runs into the next header on one line. `Ok(None)` at the end of input.
fn read_frame<R: BufRead>(input: &mut Input<R>) -> io::Result<Option<Frame>> {
    let mut length = None;
    let mut skipped = 0;
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(None);
        }
        let header = line.trim_ascii_end();
        if header.is_empty() {
            if length.is_some() {
                break;
            }
            skipped += line.len();
            continue;
        }
        if let Some(at) = find_ascii_ignoring_case(header, CONTENT_LENGTH) {
            let value = &header[at + CONTENT_LENGTH.len()..];
            length = std::str::from_utf8(value)
                .ok()
                .and_then(|v| v.trim().parse::<usize>().ok());
            skipped += if length.is_some() { at } else { line.len() };
        } else if length.is_none() && !is_header(header) {
            skipped += line.len();
        }
    }
    let length = length.unwrap_or_default();
    let mut body = Vec::with_capacity(length.min(1 << 20));
    (&mut *input).take(length as u64).read_to_end(&mut body)?;
    if body.len() < length {
        return Ok(None);
    }
    Ok(Some(Frame { body, skipped }))
}

/// A header line other than `Content-Length` (`Content-Type: ...`): a name of letters,
/// digits and `-`, then a colon.
fn is_header(line: &[u8]) -> bool {
    line.iter().position(|&b| b == b':').is_some_and(|colon| {
        colon > 0
            && line[..colon]
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
    })
}

fn find_ascii_ignoring_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle))
}

/// The one JSON value a frame holds, and how many bytes it took. A body longer than
/// its value gives the rest back to the input (the next frame's header); a body cut
/// short is read on from the input to the end of its value, at most three times its
/// length further (a length counted in characters is at least a quarter of the bytes).
fn read_value<R: BufRead>(
    body: Vec<u8>,
    input: &mut Input<R>,
) -> Result<(Value, usize), serde_json::Error> {
    let mut values = serde_json::Deserializer::from_slice(&body).into_iter::<Value>();
    match values.next() {
        Some(Ok(value)) => {
            let end = values.byte_offset();
            let rest = &body[end..];
            if rest.iter().all(u8::is_ascii_whitespace) {
                return Ok((value, body.len()));
            }
            input.put_back(rest);
            Ok((value, end))
        }
        Some(Err(error)) if error.is_eof() => {
            let further = (body.len() as u64).saturating_mul(3);
            let mut counted = Counted {
                inner: body.as_slice().chain((&mut *input).take(further)),
                count: 0,
            };
            let mut reader = serde_json::Deserializer::from_reader(&mut counted);
            let value = Value::deserialize(&mut reader)?;
            Ok((value, counted.count))
        }
        Some(Err(error)) => Err(error),
        None => Err(serde_json::Error::io(io::Error::new(
            io::ErrorKind::InvalidData,
            "an empty message",
        ))),
    }
}

/// A reader that counts the bytes read through it.
struct Counted<R> {
    inner: R,
    count: usize,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.count += read;
        Ok(read)
    }
}

/// The client's input, with bytes put back in front of it (what followed the value in
/// a frame whose `Content-Length` was too long).
struct Input<R> {
    front: Vec<u8>,
    at: usize,
    inner: R,
}

impl<R: BufRead> Input<R> {
    fn new(inner: R) -> Self {
        Self {
            front: Vec::new(),
            at: 0,
            inner,
        }
    }

    fn put_back(&mut self, bytes: &[u8]) {
        let mut front = bytes.to_vec();
        front.extend_from_slice(&self.front[self.at..]);
        self.front = front;
        self.at = 0;
    }
}

impl<R: BufRead> Read for Input<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let read = available.len().min(buf.len());
        buf[..read].copy_from_slice(&available[..read]);
        self.consume(read);
        Ok(read)
    }
}

impl<R: BufRead> BufRead for Input<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.at < self.front.len() {
            Ok(&self.front[self.at..])
        } else {
            self.inner.fill_buf()
        }
    }

    fn consume(&mut self, amount: usize) {
        if self.at < self.front.len() {
            self.at += amount;
            if self.at >= self.front.len() {
                self.front.clear();
                self.at = 0;
            }
        } else {
            self.inner.consume(amount);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    fn received(input: &str) -> Vec<Message> {
        let (incoming, received) = unbounded();
        read_messages(&mut input.as_bytes(), &incoming);
        received.try_iter().collect()
    }

    fn methods(messages: &[Message]) -> Vec<String> {
        messages
            .iter()
            .map(|m| match m {
                Message::Request(r) => format!("{}#{}", r.method, r.id),
                Message::Notification(n) => n.method.clone(),
                Message::Response(r) => format!("response#{}", r.id),
            })
            .collect()
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
        let received = received(&input);
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

    /// The length in characters, as some clients count it.
    fn frame_counting_characters(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.chars().count())
    }

    #[test]
    fn a_length_counted_in_characters_loses_nothing() {
        let korean = r#"{"jsonrpc":"2.0","method":"a","params":{"text":"오늘의 디저트 🍰"}}"#;
        let input = [
            frame_counting_characters(korean),
            frame_counting_characters(&korean.replace("\"a\"", "\"b\"")),
            frame(r#"{"jsonrpc":"2.0","id":1,"method":"c"}"#),
        ]
        .concat();
        let received = received(&input);
        assert_eq!(methods(&received), ["a", "b", "c#1"]);
        let Message::Notification(first) = &received[0] else {
            panic!("{received:?}")
        };
        assert_eq!(first.params["text"], "오늘의 디저트 🍰");
    }

    #[test]
    fn a_length_too_long_gives_the_rest_back() {
        let first = r#"{"jsonrpc":"2.0","method":"a"}"#;
        let second = frame(r#"{"jsonrpc":"2.0","id":2,"method":"b"}"#);
        let input = format!(
            "Content-Length: {}\r\n\r\n{first}{second}",
            first.len() + 10
        );
        assert_eq!(methods(&received(&input)), ["a", "b#2"]);
    }

    #[test]
    fn reading_resynchronises_on_the_next_header_after_junk() {
        let input = [
            "Content-Length: 5\r\n\r\n[1, 2, {\"oops\": \"no end".to_owned(),
            "\r\nmore junk\r\n".to_owned(),
            frame(r#"{"jsonrpc":"2.0","method":"a"}"#),
            "tail of something".to_owned(),
            frame(r#"{"jsonrpc":"2.0","id":"x","method":"b"}"#),
        ]
        .concat();
        assert_eq!(methods(&received(&input)), ["a", "b#\"x\""]);
    }

    #[test]
    fn ids_lsp_server_cannot_hold_come_back_as_written() {
        for id in [
            "4294967296",
            "1.5",
            "-9007199254740993",
            "\"\\u0001ktpl-id:7\"",
            "\"요청-1\"",
            "2147483647",
        ] {
            let input = frame(&format!(
                r#"{{"jsonrpc":"2.0","id":{id},"method":"textDocument/hover"}}"#
            ));
            let messages: [Message; 1] = received(&input).try_into().expect("one message");
            let [Message::Request(request)] = messages else {
                panic!("{id}: not a request");
            };
            let response = lsp_server::Response::new_ok(request.id, ());
            let mut out = Vec::new();
            write_message(&mut out, &response.into()).expect("write");
            let out = String::from_utf8(out).expect("utf-8");
            let body = out.split_once("\r\n\r\n").expect("frame").1;
            let written: Value = serde_json::from_str(body).expect("json");
            let sent: Value = serde_json::from_str(id).expect("json");
            assert_eq!(written["id"], sent, "{out}");
            assert_eq!(
                out,
                frame(body),
                "the Content-Length counts the bytes written"
            );
        }
    }
}
