//! Every command-line definition: the commands, their flags, and the value parsers.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Kakao Talk message templates: write them readably, check them, compile them to JSON.
#[derive(Debug, Parser)]
#[command(name = "ktpl", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Compile one template to `template_object` JSON.
    Compile {
        /// A `.ktpl` source, a raw `.json` template, or `-` for stdin (ktpl or JSON, see
        /// `--stdin-format`).
        file: PathBuf,
        /// Write the JSON here instead of standard output.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Indent the JSON (compact by default).
        #[arg(long)]
        pretty: bool,
        #[command(flatten)]
        vars: VarArgs,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Check templates (`.ktpl` and `.json`, files or folders) and report every problem.
    Check {
        /// Files or folders (walked recursively, following symlinks, honouring .gitignore
        /// and `exclude` in ktpl.toml); `-` reads a template from stdin.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Let a path that holds no template pass (by default it is an error, exit 2,
        /// so a mistyped path cannot turn a CI job green).
        #[arg(long)]
        allow_empty: bool,
        #[command(flatten)]
        vars: VarArgs,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Print the JSON Schema of a template type or object (all templates by default).
    Schema {
        /// `feed`, `list`, `location`, `commerce`, `text`, `calendar`, or an object such
        /// as `content`, `link`, `button`, `social`, `item_content`, `item_info`.
        name: Option<String>,
    },
    /// Send a message with Kakao's "send to me" or "send to friends" endpoints.
    #[cfg(feature = "send")]
    Send {
        #[command(flatten)]
        send: SendArgs,
        #[command(flatten)]
        api: ApiArgs,
        #[command(flatten)]
        vars: VarArgs,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// List the user's friends who can receive the app's messages (uuid, nickname,
    /// favorite, whether they accept messages).
    #[cfg(feature = "send")]
    Friends {
        #[command(flatten)]
        api: ApiArgs,
        /// `human` or `json`.
        #[arg(long, value_name = "FORMAT", default_value = "human", value_parser = ["human", "json"])]
        format: String,
    },
    /// Explain a diagnostic code, with a wrong and a right example (all codes when none).
    Explain {
        /// A code such as `ktpl::lint::plain_http` (or, for lints, `plain_http`).
        code: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// miette's graphical report.
    Human,
    /// A JSON array, one object per problem.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
}

#[derive(Debug, Args)]
pub(crate) struct VarArgs {
    /// Set a variable for `${name}`: `--var name=value` (repeatable; wins over --vars and `let`).
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
    pub(crate) var: Vec<(String, String)>,
    /// Read variables from a JSON object file: `{"name": "value"}`.
    #[arg(long = "vars", value_name = "FILE")]
    pub(crate) vars_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct CommonArgs {
    /// Colour: `auto` (only on a terminal, off with `NO_COLOR`), `always` or `never`.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub(crate) color: Color,
    /// Use this config file instead of the `ktpl.toml` found from the working directory up.
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// How to read `-` (stdin): `auto` reads JSON when the text starts with `{`, ktpl
    /// otherwise.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = StdinFormat::Auto)]
    pub(crate) stdin_format: StdinFormat,
}

/// What standard input holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum StdinFormat {
    /// JSON when the first character (after spaces, a BOM) is `{`; ktpl otherwise.
    Auto,
    /// A raw `template_object`.
    Json,
    /// The ktpl language.
    Ktpl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Color {
    Auto,
    Always,
    Never,
}

/// Where and how to reach Kakao.
#[cfg(feature = "send")]
#[derive(Debug, Args)]
pub(crate) struct ApiArgs {
    /// Read the access token from this file (first line; an optional second line is the
    /// refresh token). It must not be readable by others. Default: `KAKAO_ACCESS_TOKEN`.
    #[arg(long, value_name = "FILE")]
    pub(crate) token_file: Option<PathBuf>,
    /// Kakao's API base URL (or `KAKAO_API_BASE`); plain http only for loopback hosts.
    #[arg(long, value_name = "URL")]
    pub(crate) api_base: Option<String>,
}

/// What `ktpl send` was asked to send.
#[cfg(feature = "send")]
#[derive(Debug, Args)]
pub(crate) struct SendArgs {
    /// A template to compile, check and send with the default-template endpoints.
    pub(crate) file: Option<PathBuf>,
    /// `me`, or friends' uuids (comma-separated; repeatable).
    #[arg(long, value_name = "me|UUID[,UUID...]")]
    pub(crate) to: Vec<String>,
    /// A file of friends' uuids, one per line (`#` comments allowed).
    #[arg(long, value_name = "FILE")]
    pub(crate) to_file: Vec<PathBuf>,
    /// Send a custom template built in the developer console, by id.
    #[arg(long, value_name = "ID")]
    pub(crate) template_id: Option<i64>,
    /// Send a scrap of this page (optionally laid out by `--template-id`).
    #[arg(long, value_name = "URL")]
    pub(crate) scrap: Option<String>,
    /// A custom template argument `key=value` (repeatable).
    #[arg(long = "arg", value_name = "KEY=VALUE", value_parser = parse_var)]
    pub(crate) args: Vec<(String, String)>,
    /// Custom template arguments from a JSON object file.
    #[arg(long = "args", value_name = "FILE")]
    pub(crate) args_file: Option<PathBuf>,
    /// Print the requests that would be made, and send nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// `human` or `json` (the account of every receiver).
    #[arg(long, value_name = "FORMAT", default_value = "human", value_parser = ["human", "json"])]
    pub(crate) format: String,
}

pub(crate) fn parse_var(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_owned(), value.to_owned())),
        _ => Err(format!("expected NAME=VALUE, got `{text}`")),
    }
}
