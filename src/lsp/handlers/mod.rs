//! One file per request or notification kind; each reads the world and answers in
//! protocol types (converted through `conversion`).
//!
//! Adding a request is three lines: its module here, its arm in `Server::on_request`
//! (`Formatting::METHOD => answer(request, |p| formatting::formatting(world, &p))`),
//! and its capability in `capabilities`.

pub mod code_action;
pub mod completion;
pub mod diagnostics;
pub mod document_symbols;
pub mod formatting;
pub mod hover;
