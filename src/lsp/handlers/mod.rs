//! One file per request or notification kind; each reads the world and answers in
//! protocol types (converted through `conversion`).
//!
//! Adding a request is three lines: its module here, its arm in `Server::on_request`
//! (`Formatting::METHOD => answer(request, |p| formatting::formatting(world, &p))`),
//! and its capability in `capabilities`.

pub(crate) mod code_action;
pub(crate) mod completion;
pub(crate) mod diagnostics;
pub(crate) mod document_symbols;
pub(crate) mod formatting;
pub(crate) mod hover;
