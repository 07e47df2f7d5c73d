//! The command line: `args` defines it, one file per command runs it, `input` holds
//! what several commands share. No command file imports another.

use std::process::ExitCode;

mod args;
mod check;
mod compile;
mod explain;
#[cfg(feature = "send")]
mod friends;
mod input;
mod schema;
#[cfg(feature = "send")]
mod send;

pub use args::Cli;
use args::Command;

/// Runs a parsed command line.
#[must_use]
pub fn run(cli: Cli) -> ExitCode {
    let code = match cli.command {
        Command::Compile {
            file,
            output,
            pretty,
            vars,
            common,
        } => compile::compile(&file, output.as_deref(), pretty, &vars, &common),
        Command::Check {
            paths,
            format,
            allow_empty,
            vars,
            common,
        } => check::check(&paths, format, allow_empty, &vars, &common),
        Command::Schema { name } => schema::schema(name.as_deref()),
        Command::Explain { code } => explain::explain(code.as_deref()),
        #[cfg(feature = "send")]
        Command::Send {
            send,
            api,
            vars,
            common,
        } => send::send(&send, &api, &|file| {
            input::checked_template(file, &vars, &common)
        }),
        #[cfg(feature = "send")]
        Command::Friends { api, format } => friends::friends(&api, &format),
    };
    ExitCode::from(code)
}
