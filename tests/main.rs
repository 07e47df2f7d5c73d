//! Integration tests: one binary (see Cargo.toml), one module per concern.

mod cli;
mod corpus;
mod diagnostics;
mod harness;
mod templates;
