//! The command line: `args` defines it, one file per command runs it, `input` holds
//! what several commands share. No command file imports another.

use std::process::ExitCode;

mod args;
mod check;
mod compile;
mod explain;
mod fixing;
mod fmt;
#[cfg(feature = "send")]
mod friends;
mod import;
mod input;
#[cfg(feature = "send")]
mod login;
#[cfg(feature = "send")]
mod logout;
mod lsp;
mod online;
mod preview;
mod schema;
#[cfg(feature = "send")]
mod send;
#[cfg(feature = "send")]
mod whoami;

use args::{Cli, Command};
use clap::Parser as _;

/// Parses the process's command line and runs it: the binary's `main`.
#[must_use]
pub fn main() -> ExitCode {
    run(Cli::parse())
}

/// Parses `args` (the program's name first) as a command line and runs it, in this
/// process: for tests that watch what a command does inside it.
#[must_use]
pub fn main_with<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    run(Cli::parse_from(args))
}

/// Runs a parsed command line.
fn run(cli: Cli) -> ExitCode {
    let code = match cli.command {
        Command::Compile {
            file,
            output,
            pretty,
            target,
            module,
            vars,
            common,
        } => compile::compile(
            &file,
            output.as_deref(),
            compile::Form {
                pretty,
                target,
                module,
            },
            &vars,
            &common,
        ),
        Command::Fmt {
            paths,
            check,
            common,
        } => fmt::fmt(&paths, check, &common),
        Command::Import {
            input,
            output,
            from,
            factor_lets,
            common,
        } => import::import(
            &input,
            output.as_deref(),
            crate::import::Options { from, factor_lets },
            &common,
        ),
        Command::Check {
            paths,
            format,
            watch: false,
            allow_empty,
            fixes,
            vars,
            common,
            online,
        } => match fixing::Mode::from_args(&fixes) {
            Ok(mode) => check::check(&paths, format, allow_empty, mode, &vars, &common, &online),
            Err(message) => input::usage_error(&message),
        },
        Command::Check {
            paths,
            format,
            watch: true,
            allow_empty,
            vars,
            common,
            online,
            ..
        } => check::check_watching(&paths, format, allow_empty, &vars, &common, &online),
        Command::Preview {
            preview,
            vars,
            common,
            online,
        } => preview::preview(&preview, &vars, &common, &online),
        Command::Schema { name } => schema::schema(name.as_deref()),
        Command::Explain { code } => explain::explain(code.as_deref()),
        Command::Lsp => lsp::lsp(),
        #[cfg(feature = "send")]
        Command::Send {
            send,
            api,
            vars,
            common,
            online,
        } => send::send(&send, &api, &|file| {
            online::checked_template(file, &vars, &common, &online)
        }),
        #[cfg(feature = "send")]
        Command::Friends { api, format } => friends::friends(&api, &format),
        #[cfg(feature = "send")]
        Command::Login(args) => login::login(&args),
        #[cfg(feature = "send")]
        Command::Whoami { api, format } => whoami::whoami(&api, &format),
        #[cfg(feature = "send")]
        Command::Logout { api_base } => logout::logout(api_base.as_deref()),
    };
    ExitCode::from(code)
}
