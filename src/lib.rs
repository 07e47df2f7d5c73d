//! ktpl: Kakao Talk default message templates, from readable source to validated JSON.
//!
//! Check a template and show its findings the way `ktpl check` prints them:
//!
//! ```
//! use ktpl::{Config, Source, Vars};
//!
//! let source = Source::ktpl(
//!     "shipped.ktpl",
//!     "text {\n  text \"Your order has shipped.\"\n  lnik \"https://example.com/orders\"\n}\n",
//! );
//! let report = ktpl::check(&source, &Vars::new(), &Config::default());
//! assert!(report.has_errors());
//! let finding = &report.findings[0];
//! assert_eq!(finding.code, "ktpl::compile::unknown_field");
//! assert_eq!((finding.line, finding.column), (Some(3), Some(3)));
//! assert_eq!(finding.label.as_deref(), Some("did you mean `link`?"));
//!
//! // The same text `ktpl check` prints, source excerpt and all.
//! let text = ktpl::render(&source, &report.findings, ktpl::RenderStyle::default());
//! assert!(text.contains("unknown field `lnik` in `text`"));
//! ```
//!
//! Compile one to the `template_object` Kakao's REST API takes:
//!
//! ```
//! use ktpl::{Config, Source, Vars};
//!
//! let source = Source::ktpl(
//!     "shipped.ktpl",
//!     "text {\n  text \"${name}, your order has shipped.\"\n  link \"https://example.com/orders\"\n}\n",
//! );
//! let vars = Vars::from([("name".to_owned(), "Minji".to_owned())]);
//! let compiled = ktpl::compile(&source, &vars, &Config::default()).expect("no errors");
//! assert_eq!(compiled.template["text"], "Minji, your order has shipped.");
//! assert!(compiled.to_json(false).starts_with(r#"{"object_type":"text","text":"Minji"#));
//! ```
//!
//! [`check_value`] checks a template your program built as a `serde_json::Value`;
//! [`format()`] and [`import()`] are `ktpl fmt` and `ktpl import` for one text
//! (`import_code`, feature `import-code`, for a JavaScript, TypeScript or Python file). A
//! [`Config`] holds `ktpl.toml`'s settings ([`Config::for_path`] finds the one a file
//! uses); the `send` module (cargo feature `send`) calls Kakao's API.
//!
//! # How it works
//!
//! Every command is a door onto one pipeline, and data flows one way through it:
//!
//! - `syntax`: ktpl text to a syntax tree with spans (pest grammar in `grammar/`);
//!   `json_input` reads a raw `.json` template to the same place.
//! - `compile`: the tree to `template_object` JSON plus a map from every JSON pointer
//!   back to the source.
//! - `validate`: the JSON against the JSON Schemas in `schemas/`; `lint`: the rules no
//!   schema can say; `online` (with `--online`): the images and links fetched.
//!   `pipeline` runs the stages for one source.
//! - `report`: findings for people (miette) and machines (JSON, SARIF, GitHub).
//!
//! Every stage reports `diagnostic::Problem`s, each carrying its fixes as edits
//! (`fixer` applies them for `ktpl check --fix`); a [`Finding`] is one with its lines
//! and columns. Beside the stages: `kakao`, Kakao's model (fields, key order, limits,
//! display rules, each with its source), which every stage reads; `workspace`, which
//! turns the paths a command was given and `ktpl.toml` lookup into sources; `fmt` and
//! `import` (one printer), `preview` (HTML bubbles), `lsp` (the language server),
//! `send` (Kakao's API) and `cli` (the commands).

mod api;
mod cli;
mod code;
mod compile;
mod config;
mod diagnostic;
mod explain;
mod finding;
mod fixer;
mod fmt;
mod import;
mod json_input;
mod kakao;
mod lint;
mod locate;
mod lsp;
#[cfg(feature = "online")]
mod online;
mod pipeline;
mod preview;
mod prose;
mod report;
#[cfg(feature = "send")]
pub mod send;
mod source;
mod span;
mod strict_json;
mod syntax;
mod target;
mod validate;
mod watch;
mod web_domain;
mod workspace;
mod write;

#[cfg(feature = "import-code")]
pub use crate::api::{CodeDialect, CodeLanguage, CodeTemplate, CodeVariable, import_code};
pub use crate::api::{
    Compiled, ImportOptions, RenderStyle, Report, Vars, check, check_value, compile, format,
    import, render,
};
pub use crate::code::Severity;
pub use crate::config::{Config, ConfigError};
pub use crate::finding::{EditOut, Finding, FixOut};
pub use crate::source::{SourceFile as Source, SourceKind};
pub use crate::target::Target;

/// Runs the `ktpl` command line (the binary's `main`): parses the arguments, runs the
/// command, and gives its exit code.
#[doc(hidden)]
pub use crate::cli::main as run_command_line;

/// Not part of the API: what the integration tests, benchmarks and fuzz targets reach
/// into (the stages themselves, the span map), as casey/just exposes its own.
#[doc(hidden)]
pub mod internals {
    pub use crate::cli::command as cli_command;
    pub use crate::cli::main_with as run_command_line_with;
    pub use crate::code::Code;
    pub use crate::compile::output::{to_js_json, to_json};
    pub use crate::compile::span_map::all_pointers;
    pub use crate::compile::{Compiled as Mapped, Spans, compile};
    pub use crate::diagnostic::{Problem, Problems};
    pub use crate::explain::{example, explanation};
    pub use crate::fixer::{Which, fix_source};
    #[cfg(feature = "import-code")]
    pub use crate::import::{ImportedFile, ImportedTemplate, import_code as import_code_file};
    pub use crate::json_input::read as read_json;
    pub use crate::kakao::js_sdk::js_name;
    #[cfg(feature = "online")]
    pub use crate::online::probes_started;
    pub use crate::pipeline::{Checked, check};
    pub use crate::preview::{Entry as PreviewEntry, entry as preview_entry, page as preview_page};
    pub use crate::report::{github, human, json, sarif};
    pub use crate::span::Span;
    pub use crate::syntax::parse;
    pub use crate::syntax::trivia::{Trivia, collect as trivia};

    /// The syntax tree `parse` gives (the tree-sitter grammar's tests compare theirs
    /// with it).
    pub mod ast {
        pub use crate::syntax::ast::{
            Arg, Binding, Block, Document, Ident, Node, StrPart, Value, ValueKind,
        };
    }
}
