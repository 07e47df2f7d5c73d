//! The `ktpl` binary: parse the command line, run it, exit with its code.

use clap::Parser;

fn main() -> std::process::ExitCode {
    ktpl::cli::run(ktpl::cli::Cli::parse())
}
