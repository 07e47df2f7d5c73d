//! Integration tests: one binary (see Cargo.toml), one module per concern.

mod api;
mod bounded;
mod check_properties;
mod checks;
mod cli;
mod completions;
mod config;
mod corpus;
mod diagnostics;
mod docs;
mod explain;
#[cfg(feature = "send")]
mod fake_kakao;
#[cfg(feature = "send")]
mod fake_kauth;
mod fix;
mod fmt;
mod formats;
mod fuzz_inputs;
mod generate;
mod golden;
mod grammar;
mod harness;
mod import;
#[cfg(feature = "import-code")]
mod import_code;
#[cfg(feature = "send")]
mod login;
mod lsp;
mod lsp_client;
mod lsp_protocol;
#[cfg(feature = "online")]
mod online;
#[cfg(feature = "online")]
mod online_server;
mod pipes;
mod preview;
mod properties;
#[cfg(feature = "send")]
mod quota;
#[cfg(feature = "send")]
mod send;
#[cfg(feature = "send")]
mod send_faults;
#[cfg(feature = "send")]
mod send_journal;
#[cfg(feature = "send")]
mod send_tokens;
mod serve_limits;
mod templates;
mod tree_sitter;
mod walk;
mod watch_follow;
mod writes;
