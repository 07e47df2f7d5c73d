//! The language server: documents in memory, each change run through the same
//! pipeline `ktpl check` uses, findings and field tables converted to protocol types.
//! Input: JSON-RPC messages on a connection. Output: responses and diagnostics.
//!
//! Requests are answered in order on one thread. Diagnostics are coalesced: changes are
//! applied as they arrive, and a document is checked once no message is waiting, so a
//! burst of keystrokes costs one check, and a lone change is checked at once.

#![allow(clippy::print_stderr)]

pub(crate) mod context;
pub(crate) mod conversion;
pub(crate) mod field_docs;
pub(crate) mod handlers;
pub(crate) mod json_fields;
pub(crate) mod transport;
pub(crate) mod world;

use std::panic::{AssertUnwindSafe, catch_unwind};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, Formatting, HoverRequest,
    RegisterCapability, Request as _,
};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern,
    HoverProviderCapability, InitializeParams, OneOf, Registration, RegistrationParams,
    SaveOptions, ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use self::conversion::Encoding;
use self::world::World;

/// Why the server stopped other than by `shutdown` and `exit`.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ServerError {
    /// The client went away or broke the protocol during the handshake.
    #[error("{0}")]
    Protocol(#[from] lsp_server::ProtocolError),
}

/// What the server offers, given the position encoding chosen.
#[must_use]
pub(crate) fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        completion_provider: Some(CompletionOptions {
            // `{` opens a block (its fields) or a `${` (variable names).
            trigger_characters: Some(vec!["{".to_owned()]),
            ..CompletionOptions::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}

/// Runs the server on `connection` until the client says `exit` or goes away.
pub(crate) fn serve(connection: &Connection) -> Result<(), ServerError> {
    let (id, params) = connection.initialize_start()?;
    // A client whose parameters lsp-types cannot read still gets a server, with the
    // defaults (UTF-16, no file watching).
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_else(|error| {
        eprintln!("ktpl lsp: unreadable initialize parameters ({error}); using defaults");
        InitializeParams::default()
    });
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|general| general.position_encodings.as_deref());
    let encoding = Encoding::negotiate(offered);
    let result = serde_json::json!({
        "capabilities": capabilities(encoding),
        "serverInfo": { "name": "ktpl", "version": env!("CARGO_PKG_VERSION") },
    });
    connection.initialize_finish(id, result)?;
    let watch = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    let mut server = Server {
        connection,
        world: World::new(encoding),
        shutting_down: false,
        dirty: Vec::new(),
    };
    if watch {
        server.watch_config_files();
    }
    server.run();
    Ok(())
}

struct Server<'c> {
    connection: &'c Connection,
    world: World,
    shutting_down: bool,
    /// Documents changed since their diagnostics were last published, in order.
    dirty: Vec<Uri>,
}

/// What the main loop does after a message.
enum Flow {
    Continue,
    Exit,
}

impl Server<'_> {
    fn run(&mut self) {
        while let Ok(message) = self.connection.receiver.recv() {
            if let Flow::Exit = self.on_message(message) {
                return;
            }
            while let Ok(message) = self.connection.receiver.try_recv() {
                if let Flow::Exit = self.on_message(message) {
                    return;
                }
            }
            self.publish_dirty();
        }
    }

    fn on_message(&mut self, message: Message) -> Flow {
        match message {
            Message::Request(request) => {
                if self.shutting_down {
                    self.send(Response::new_err(
                        request.id,
                        ErrorCode::InvalidRequest as i32,
                        "the server is shutting down".to_owned(),
                    ));
                } else if request.method == "shutdown" {
                    self.shutting_down = true;
                    self.send(Response::new_ok(request.id, ()));
                } else {
                    let response = self.on_request(request);
                    self.send(response);
                }
                Flow::Continue
            }
            Message::Notification(notification) if notification.method == "exit" => Flow::Exit,
            Message::Notification(notification) => {
                let method = notification.method.clone();
                if let Err(payload) =
                    catch_unwind(AssertUnwindSafe(|| self.on_notification(notification)))
                {
                    eprintln!(
                        "ktpl lsp: internal error on `{method}`: {}; please report it",
                        panic_message(payload.as_ref())
                    );
                }
                Flow::Continue
            }
            // Answers to our own requests (capability registration): nothing to do.
            Message::Response(_) => Flow::Continue,
        }
    }

    fn on_request(&mut self, request: Request) -> Response {
        // Fixes and hovers read the last findings: bring them up to date first.
        if let Some(uri) = request
            .params
            .pointer("/textDocument/uri")
            .and_then(|uri| serde_json::from_value::<Uri>(uri.clone()).ok())
        {
            // A panic while checking leaves the document unchecked (the panic hook logs
            // it on stderr); the request is still answered from what is known.
            let world = &mut self.world;
            let _ = catch_unwind(AssertUnwindSafe(|| world.check(&uri)));
        }
        let world = &self.world;
        match request.method.as_str() {
            transport::INVALID_MESSAGE => Response::new_err(
                request.id,
                ErrorCode::InvalidRequest as i32,
                format!(
                    "not a JSON-RPC message ktpl understands: {}",
                    request.params.as_str().unwrap_or_default()
                ),
            ),
            Completion::METHOD => answer(request, |p| handlers::completion::completion(world, &p)),
            HoverRequest::METHOD => answer(request, |p| handlers::hover::hover(world, &p)),
            CodeActionRequest::METHOD => {
                answer(request, |p| handlers::code_action::code_actions(world, &p))
            }
            DocumentSymbolRequest::METHOD => answer(request, |p| {
                handlers::document_symbols::document_symbols(world, &p)
            }),
            Formatting::METHOD => answer(request, |p| handlers::formatting::formatting(world, &p)),
            _ => Response::new_err(
                request.id,
                ErrorCode::MethodNotFound as i32,
                format!("ktpl lsp does not handle `{}`", request.method),
            ),
        }
    }

    fn on_notification(&mut self, notification: Notification) {
        let method = notification.method.clone();
        let outcome = match method.as_str() {
            DidOpenTextDocument::METHOD => notification
                .extract::<lsp_types::DidOpenTextDocumentParams>(DidOpenTextDocument::METHOD)
                .map(|p| {
                    let document = p.text_document;
                    self.world.open(
                        document.uri.clone(),
                        &document.language_id,
                        document.version,
                        document.text,
                    );
                    self.mark_dirty(document.uri);
                }),
            DidChangeTextDocument::METHOD => notification
                .extract::<lsp_types::DidChangeTextDocumentParams>(DidChangeTextDocument::METHOD)
                .map(|p| {
                    let uri = p.text_document.uri;
                    if self
                        .world
                        .change(&uri, p.text_document.version, p.content_changes)
                    {
                        self.mark_dirty(uri);
                    } else {
                        eprintln!("ktpl lsp: a change to {} which is not open", uri.as_str());
                    }
                }),
            DidCloseTextDocument::METHOD => notification
                .extract::<lsp_types::DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD)
                .map(|p| {
                    let uri = p.text_document.uri;
                    self.world.close(&uri);
                    self.dirty.retain(|dirty| *dirty != uri);
                    self.notify::<PublishDiagnostics>(handlers::diagnostics::cleared(&uri));
                }),
            DidSaveTextDocument::METHOD => notification
                .extract::<lsp_types::DidSaveTextDocumentParams>(DidSaveTextDocument::METHOD)
                .map(|p| {
                    if is_config(&p.text_document.uri) {
                        self.config_changed();
                    }
                }),
            DidChangeWatchedFiles::METHOD => notification
                .extract::<lsp_types::DidChangeWatchedFilesParams>(DidChangeWatchedFiles::METHOD)
                .map(|p| {
                    if p.changes.iter().any(|change| is_config(&change.uri)) {
                        self.config_changed();
                    }
                }),
            // `initialized`, `$/cancelRequest`, `$/setTrace`...: nothing to do.
            _ => Ok(()),
        };
        if let Err(error) = outcome {
            eprintln!("ktpl lsp: ignoring a malformed `{method}` notification: {error}");
        }
    }

    fn mark_dirty(&mut self, uri: Uri) {
        if !self.dirty.contains(&uri) {
            self.dirty.push(uri);
        }
    }

    /// A `ktpl.toml` changed: every open document is checked again.
    fn config_changed(&mut self) {
        self.world.invalidate_all();
        let uris: Vec<Uri> = self.world.documents.keys().cloned().collect();
        for uri in uris {
            self.mark_dirty(uri);
        }
    }

    fn publish_dirty(&mut self) {
        for uri in std::mem::take(&mut self.dirty) {
            let world = &mut self.world;
            let published = catch_unwind(AssertUnwindSafe(|| {
                world.check(&uri);
                handlers::diagnostics::diagnostics(world, &uri)
            }));
            match published {
                Ok(Some(params)) => self.notify::<PublishDiagnostics>(params),
                Ok(None) => {}
                Err(payload) => {
                    eprintln!(
                        "ktpl lsp: internal error checking {}: {}; please report it",
                        uri.as_str(),
                        panic_message(payload.as_ref())
                    );
                }
            }
        }
        for (path, error) in self.world.take_config_reads() {
            let encoding = self.world.encoding;
            if let Some(params) =
                handlers::diagnostics::config_diagnostics(&path, error.as_ref(), encoding)
            {
                self.notify::<PublishDiagnostics>(params);
            }
        }
    }

    /// Asks the client to tell us when any `ktpl.toml` changes.
    fn watch_config_files(&self) {
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String(format!("**/{}", crate::config::FILE_NAME)),
                kind: None,
            }],
        };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "ktpl-config-watcher".to_owned(),
                method: DidChangeWatchedFiles::METHOD.to_owned(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        let request = Request::new(
            RequestId::from("ktpl/register-watcher".to_owned()),
            RegisterCapability::METHOD.to_owned(),
            params,
        );
        let _ = self.connection.sender.send(request.into());
    }

    fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        let _ = self
            .connection
            .sender
            .send(Notification::new(N::METHOD.to_owned(), params).into());
    }

    fn send(&self, response: Response) {
        // A client gone mid-session ends the loop when its channel closes.
        let _ = self.connection.sender.send(response.into());
    }
}

fn is_config(uri: &Uri) -> bool {
    uri.as_str()
        .rsplit('/')
        .next()
        .is_some_and(|name| name == crate::config::FILE_NAME)
}

/// Runs a handler on a request's parameters: bad parameters and panics become error
/// responses, and the server keeps serving.
pub(crate) fn answer<P: DeserializeOwned, R: Serialize>(
    request: Request,
    handler: impl FnOnce(P) -> R,
) -> Response {
    let method = request.method.clone();
    let params: P = match serde_json::from_value(request.params) {
        Ok(params) => params,
        Err(error) => {
            return Response::new_err(
                request.id,
                ErrorCode::InvalidParams as i32,
                format!("invalid parameters for `{method}`: {error}"),
            );
        }
    };
    match catch_unwind(AssertUnwindSafe(|| handler(params))) {
        Ok(result) => Response::new_ok(request.id, result),
        Err(payload) => {
            let message = format!(
                "internal error in ktpl while answering `{method}`: {}; please report it",
                panic_message(payload.as_ref())
            );
            eprintln!("ktpl lsp: {message}");
            Response::new_err(request.id, ErrorCode::InternalError as i32, message)
        }
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_handler_becomes_an_error_response() {
        let request = Request::new(RequestId::from(1), "x".to_owned(), 5);
        let response = answer(request, |_: i32| -> i32 { panic!("boom") });
        let error = response.response_result.expect_err("error");
        assert_eq!(error.code, ErrorCode::InternalError as i32);
        assert!(error.message.contains("boom"), "{}", error.message);
        let request = Request::new(RequestId::from(2), "x".to_owned(), 5);
        let response = answer(request, |n: i32| n + 1);
        assert_eq!(response.response_result.ok(), Some(serde_json::json!(6)));
    }

    #[test]
    fn bad_parameters_become_an_error_response() {
        let request = Request::new(RequestId::from(1), "x".to_owned(), "text");
        let response = answer(request, |n: i32| n);
        let error = response.response_result.expect_err("error");
        assert_eq!(error.code, ErrorCode::InvalidParams as i32);
    }
}
