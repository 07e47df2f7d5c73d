//! Integration tests: one binary (see Cargo.toml), one module per concern.

mod cli;
mod config;
mod corpus;
mod diagnostics;
mod explain;
#[cfg(feature = "send")]
mod fake_kakao;
mod formats;
mod harness;
mod properties;
#[cfg(feature = "send")]
mod send;
mod templates;
mod walk;
