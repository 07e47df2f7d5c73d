//! ktpl: Kakao Talk default templates, from readable source to validated JSON.
//!
//! The pipeline: `syntax` (text to tree) → `compile` (tree to JSON + span map) or
//! `json_input` (raw JSON to the same) → `validate` (JSON Schemas) and `lint`
//! (rules no schema can say) → `report`.

pub mod cli;
pub mod code;
pub mod compile;
pub mod config;
pub mod diagnostic;
pub mod explain;
pub mod finding;
pub mod fmt;
pub mod import;
pub mod json_input;
pub(crate) mod kakao;
pub mod lint;
pub mod locate;
pub mod lsp;
pub mod pipeline;
pub mod preview;
pub mod prose;
pub mod report;
#[cfg(feature = "send")]
pub mod send;
pub mod source;
pub mod span;
pub mod strict_json;
pub mod syntax;
pub mod target;
pub mod validate;
pub mod watch;
pub(crate) mod workspace;
