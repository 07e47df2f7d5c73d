//! Integration tests: one binary (see Cargo.toml), one module per concern.

mod check_properties;
mod cli;
mod config;
mod corpus;
mod diagnostics;
mod explain;
#[cfg(feature = "send")]
mod fake_kakao;
mod fmt;
mod formats;
mod grammar;
mod harness;
mod import;
#[cfg(feature = "import-code")]
mod import_code;
mod lsp;
mod lsp_client;
mod preview;
mod properties;
#[cfg(feature = "send")]
mod send;
#[cfg(feature = "send")]
mod send_faults;
#[cfg(feature = "send")]
mod send_journal;
#[cfg(feature = "send")]
mod send_tokens;
mod templates;
mod walk;
