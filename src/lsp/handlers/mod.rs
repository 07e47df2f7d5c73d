//! One file per request or notification kind; each reads the world and answers in
//! protocol types (converted through `conversion`).

pub mod code_action;
pub mod completion;
pub mod diagnostics;
pub mod document_symbols;
pub mod hover;
