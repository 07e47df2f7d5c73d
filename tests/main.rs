//! Integration tests: one binary (see Cargo.toml), one module per concern.

mod cli;
mod config;
mod corpus;
mod diagnostics;
mod explain;
mod formats;
mod harness;
mod templates;
