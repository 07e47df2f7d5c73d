//! Every command-line definition: the commands, their flags, and the value parsers.

use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::target::Target;

/// Kakao Talk message templates: write them readably, check them, compile them to JSON.
#[derive(Debug, Parser)]
#[command(name = "ktpl", version, about, propagate_version = true)]
pub(super) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

// Parsed once per run: the size of the largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
// Each command's flags are defined when clap builds that command: parsing `check`
// builds only `check` (defining all of them was 0.24M of a one-file check's 1.5M
// instructions). `--help`, `man` and `completions` build what they show; the book's
// reference (tests/docs.rs) builds each command itself. The flattened argument structs
// below carry `//` comments, not doc comments: clap takes a struct's doc comment as
// the command's about, and a deferred struct's would replace the command's own.
#[command(defer = true)]
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
        /// Whose form to write: `rest` (`snake_case` `template_object` for the REST API)
        /// or `js` (the camelCase object `Kakao.Share.sendDefault` takes), validated by
        /// that target's rules.
        #[arg(long, value_enum, default_value_t = Target::Rest)]
        target: Target,
        /// With `--target js`: write an ES module, `export default {...};`.
        #[arg(long)]
        module: bool,
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
        /// Keep running, and check again whenever a file is saved (Ctrl-C stops).
        #[arg(long)]
        watch: bool,
        /// Let a path that holds no template pass (by default it is an error, exit 2,
        /// so a mistyped path cannot turn a CI job green).
        #[arg(long)]
        allow_empty: bool,
        #[command(flatten)]
        fixes: FixArgs,
        #[command(flatten)]
        vars: VarArgs,
        #[command(flatten)]
        common: CommonArgs,
        #[command(flatten)]
        online: OnlineArgs,
    },
    /// Show templates as Kakao Talk bubbles in one HTML page (or serve it live).
    Preview {
        #[command(flatten)]
        preview: PreviewArgs,
        #[command(flatten)]
        vars: VarArgs,
        #[command(flatten)]
        common: CommonArgs,
        #[command(flatten)]
        online: OnlineArgs,
    },
    /// Format ktpl sources in place in the canonical layout (comments kept).
    Fmt {
        /// Files or folders (walked recursively for `.ktpl` files; default `.`); `-`
        /// reads standard input and writes the result to standard output.
        paths: Vec<PathBuf>,
        /// Change nothing: print a unified diff of every file that would change, and
        /// exit 1 if any would.
        #[arg(long)]
        check: bool,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Turn template JSON (REST, or the JavaScript SDK's object as pasted) into ktpl source.
    Import {
        /// A `.json` or `.js` file, a folder of them, or `-` for standard input.
        input: PathBuf,
        /// Write here (a file; a folder when INPUT is a folder) instead of standard output.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// The input's form (detected from its keys by default).
        #[arg(long, value_enum)]
        from: Option<Target>,
        /// Factor a URL prefix used three or more times into a `let` variable.
        #[arg(long = "let")]
        factor_lets: bool,
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
        #[command(flatten)]
        online: OnlineArgs,
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
    /// Sign in to Kakao in the browser and keep the tokens for `send` and `friends`.
    #[cfg(feature = "send")]
    Login(LoginArgs),
    /// Show who is signed in, until when, with which consents, and which commands can run.
    #[cfg(feature = "send")]
    Whoami {
        #[command(flatten)]
        api: ApiArgs,
        /// `human` or `json`.
        #[arg(long, value_name = "FORMAT", default_value = "human", value_parser = ["human", "json"])]
        format: String,
    },
    /// Log out at Kakao and remove the stored sign-in.
    #[cfg(feature = "send")]
    Logout {
        /// Kakao's API base URL (or `KAKAO_API_BASE`); plain http only for loopback hosts.
        #[arg(long, value_name = "URL")]
        api_base: Option<String>,
    },
    /// Run the language server on stdin and stdout (diagnostics as you type, completion,
    /// hover, quick fixes, outline) for `.ktpl` files and raw `.json` templates.
    Lsp,
    /// Explain a diagnostic code, with a wrong and a right example (all codes when none).
    Explain {
        /// A code such as `ktpl::lint::plain_http` (or, for lints, `plain_http`).
        code: Option<String>,
    },
    /// Print a shell completion script: `source <(ktpl completions bash)`.
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) of ktpl or one of its commands, or write them all.
    Man {
        /// A command (`check`, `compile`, ...); ktpl's own page when absent.
        #[arg(conflicts_with = "dir")]
        command: Option<String>,
        /// Write every page into this folder (`ktpl.1`, `ktpl-check.1`, ...) instead.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

// What `ktpl preview` shows and where.
#[derive(Debug, Args)]
pub(crate) struct PreviewArgs {
    /// Files or folders (walked as `check` walks them), shown in this order.
    #[arg(required = true)]
    pub(crate) paths: Vec<PathBuf>,
    /// Write the page here (standard output when absent or `-`).
    #[arg(short, long, value_name = "OUT.html", conflicts_with = "serve")]
    pub(crate) output: Option<PathBuf>,
    /// Serve the page on 127.0.0.1 and update it on every save (Ctrl-C stops).
    #[arg(long)]
    pub(crate) serve: bool,
    /// The port for `--serve` (0: any free port; the address is printed).
    #[arg(long, value_name = "N", default_value_t = 8790, requires = "serve")]
    pub(crate) port: u16,
}

// `--online`: fetch the templates' images and links (check, preview, send).
#[derive(Debug, Clone, Args)]
pub(crate) struct OnlineArgs {
    /// Fetch every image and link URL of the templates and report those that will not
    /// show or open (without it nothing touches the network).
    #[arg(long)]
    pub(crate) online: bool,
    /// With --online: also fetch URLs on loopback, private and link-local addresses
    /// (refused by default, so a template cannot make CI probe its own network).
    #[arg(long, requires = "online")]
    pub(crate) online_allow_private: bool,
    /// With --online: keep what was fetched in this folder across runs (keyed by URL).
    #[arg(long, value_name = "DIR", requires = "online")]
    pub(crate) online_cache: Option<PathBuf>,
    /// How old a cached answer may be before it is fetched again (`90s`, `30m`, `24h`,
    /// `7d`).
    #[arg(long, value_name = "AGE", default_value = "24h", value_parser = parse_duration)]
    pub(crate) online_cache_max_age: std::time::Duration,
    /// The longest one request may take, body included.
    #[arg(long, value_name = "TIME", default_value = "10s", value_parser = parse_duration)]
    pub(crate) online_timeout: std::time::Duration,
    /// The longest the whole run may spend fetching; URLs not reached by then are
    /// reported as not checked.
    #[arg(long, value_name = "TIME", default_value = "120s", value_parser = parse_duration)]
    pub(crate) online_budget: std::time::Duration,
    /// Requests in flight at once.
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub(crate) online_concurrency: u16,
}

/// `--target` and `--from` name the library's one [`Target`].
impl ValueEnum for Target {
    fn value_variants<'a>() -> &'a [Self] {
        &[Target::Rest, Target::Js]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            Target::Rest => {
                PossibleValue::new("rest").help("Kakao's REST API: `snake_case` `template_object`")
            }
            Target::Js => PossibleValue::new("js")
                .help("The JavaScript SDK (`Kakao.Share.sendDefault`): camelCase"),
        })
    }
}

// `check --fix`, `--diff` and `--unsafe-fixes`.
#[derive(Debug, Default, Args)]
pub(crate) struct FixArgs {
    /// Apply the safe fixes to the files (rounds of fixing until none is left), say what
    /// was fixed, and report what is left; with `-`, print the fixed text.
    #[arg(long, conflicts_with = "watch")]
    pub(crate) fix: bool,
    /// Write nothing: print the changes the fixes would make as a unified diff, and
    /// exit 1 when there are any.
    #[arg(long, conflicts_with_all = ["watch", "format"])]
    pub(crate) diff: bool,
    /// With `--fix` or `--diff`: apply the unsafe fixes too (placeholders for missing
    /// fields, entries past a limit removed, `http` made `https`...).
    #[arg(long)]
    pub(crate) unsafe_fixes: bool,
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

#[derive(Debug, Clone, Args)]
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

// Where and how to reach Kakao.
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

// How `ktpl login` signs in.
#[cfg(feature = "send")]
#[derive(Debug, Args)]
pub(crate) struct LoginArgs {
    /// Consent items to ask for, comma-separated (repeatable): `talk_message` (sending),
    /// `friends` (the friends list, and sending to friends). Asking again for a missing
    /// one adds it.
    #[arg(long, value_name = "SCOPE[,SCOPE...]", default_value = "talk_message")]
    pub(crate) scope: Vec<String>,
    /// The loopback port of the redirect URI `http://localhost:PORT/callback`, which must
    /// be registered for the app (0: any free port, for a URI registered with it).
    #[arg(long, value_name = "N", default_value_t = crate::send::login::DEFAULT_PORT)]
    pub(crate) port: u16,
    /// Do not open a browser: print the sign-in address, and read the address the
    /// browser ends on (or just its code) from standard input (for SSH sessions).
    #[arg(long)]
    pub(crate) no_browser: bool,
    /// Give up after this many seconds without a sign-in.
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    pub(crate) timeout: u64,
    /// Kakao's API base URL (or `KAKAO_API_BASE`); plain http only for loopback hosts.
    #[arg(long, value_name = "URL")]
    pub(crate) api_base: Option<String>,
}

// What `ktpl send` was asked to send.
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
    /// Print the requests that would be made, and send nothing (after every check a
    /// real send makes).
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// Record every request and each receiver's fate in this JSON Lines file; run the
    /// same command again with it to send only to receivers not yet `delivered`.
    #[arg(long, value_name = "FILE")]
    pub(crate) journal: Option<PathBuf>,
    /// With --journal: send again to receivers an earlier run left `unknown` (they may
    /// get the message twice).
    #[arg(long, requires = "journal")]
    pub(crate) resend_unknown: bool,
    /// Send only to the friends Kakao's daily quotas still allow today; the rest are
    /// `not_sent` (reason "quota"), for a `--journal` re-run on a later day. Without it,
    /// a send that would pass a quota is refused before any request.
    #[arg(long)]
    pub(crate) within_quota: bool,
    /// `human` or `json` (the account of every receiver).
    #[arg(long, value_name = "FORMAT", default_value = "human", value_parser = ["human", "json"])]
    pub(crate) format: String,
}

/// A duration: a number with `ms`, `s`, `m`, `h` or `d` (seconds when bare).
pub(crate) fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let text = text.trim();
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("expected a time like `10s`, `30m` or `24h`, got `{text}`"))?;
    let millis = match unit {
        "ms" => Some(number),
        "" | "s" => number.checked_mul(1000),
        "m" => number.checked_mul(60_000),
        "h" => number.checked_mul(3_600_000),
        "d" => number.checked_mul(86_400_000),
        _ => {
            return Err(format!(
                "unknown unit `{unit}` in `{text}`: use ms, s, m, h or d"
            ));
        }
    };
    millis
        .map(std::time::Duration::from_millis)
        .ok_or_else(|| format!("`{text}` is too long a time"))
}

pub(crate) fn parse_var(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_owned(), value.to_owned())),
        _ => Err(format!("expected NAME=VALUE, got `{text}`")),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// Building a command runs its deferred flags (`defer`): what it shows about itself
    /// stays its own (a flattened struct with a doc comment would replace it).
    #[test]
    fn built_commands_keep_their_own_about() {
        let unbuilt = super::Cli::command();
        let mut built = super::Cli::command();
        built.build();
        let text = |command: &clap::Command| {
            (
                command.get_about().map(ToString::to_string),
                command.get_long_about().map(ToString::to_string),
            )
        };
        let mut compared = 0;
        for command in unbuilt.get_subcommands() {
            let name = command.get_name();
            let after = built.find_subcommand(name).expect(name);
            assert!(after.get_arguments().count() > 0, "{name} built");
            assert_eq!(text(command), text(after), "{name}");
            assert!(command.get_about().is_some(), "{name}");
            compared += 1;
        }
        assert!(compared > 10, "{compared}");
    }
}
