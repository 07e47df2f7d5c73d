//! The command line: `args` defines it, one file per command runs it, `input` holds
//! what several commands share. No command file imports another.

use std::process::ExitCode;

mod args;
mod check;
mod compile;
mod explain;
mod fmt;
#[cfg(feature = "send")]
mod friends;
mod import;
mod input;
mod lsp;
mod preview;
mod schema;
#[cfg(feature = "send")]
mod send;

use args::{Cli, Command};
use clap::Parser as _;

/// Parses the process's command line and runs it: the binary's `main`.
#[must_use]
pub fn main() -> ExitCode {
    run(Cli::parse())
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
            vars,
            common,
        } => check::check(&paths, format, allow_empty, &vars, &common),
        Command::Check {
            paths,
            format,
            watch: true,
            allow_empty,
            vars,
            common,
        } => check::check_watching(&paths, format, allow_empty, &vars, &common),
        Command::Preview {
            preview,
            vars,
            common,
        } => preview::preview(&preview, &vars, &common),
        Command::Schema { name } => schema::schema(name.as_deref()),
        Command::Explain { code } => explain::explain(code.as_deref()),
        Command::Lsp => lsp::lsp(),
        #[cfg(feature = "send")]
        Command::Send {
            send,
            api,
            vars,
            common,
        } => send::send(&send, &api, &|file| {
            input::checked_template_for(file, &vars, &common, crate::target::Target::Rest)
        }),
        #[cfg(feature = "send")]
        Command::Friends { api, format } => friends::friends(&api, &format),
    };
    ExitCode::from(code)
}
