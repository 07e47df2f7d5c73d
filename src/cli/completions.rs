//! `ktpl completions SHELL`: a completion script generated from the command-line
//! definition (`clap_complete`), so it knows every command and flag this build has.

use crate::report::exit;

use super::command;
use super::stdio::write_stdout_bytes;

pub(crate) fn completions(shell: clap_complete::Shell) -> u8 {
    // Rendered in memory first: clap_complete panics when its writer fails, and a closed
    // pipe must end ktpl as stdio says (exit 141), not with a panic.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command(), "ktpl", &mut script);
    write_stdout_bytes(&script);
    exit::OK
}
