//! `ktpl completions SHELL`: a completion script generated from the command-line
//! definition (`clap_complete`), so it knows every command and flag this build has.

use clap::CommandFactory;

use crate::report::exit;

use super::Cli;

pub(crate) fn completions(shell: clap_complete::Shell) -> u8 {
    clap_complete::generate(shell, &mut Cli::command(), "ktpl", &mut std::io::stdout());
    exit::OK
}
