//! `ktpl man`: the manual pages, one per command, rendered as roff from the
//! command-line definition (`clap_mangen`), so they say what `--help` says.

use std::path::Path;

use clap_mangen::Man;
use roff::{Roff, bold, roman};

use crate::report::exit;

use super::command;
use super::input::usage_error;
use super::stdio::{outln, write_stdout_bytes};

pub(crate) fn man(command: Option<&str>, dir: Option<&Path>) -> u8 {
    let pages = pages();
    if let Some(dir) = dir {
        return write_pages(&pages, dir);
    }
    let wanted = command.map_or_else(|| "ktpl".to_owned(), |name| format!("ktpl-{name}"));
    if let Some((_, page)) = pages.iter().find(|(name, _)| *name == wanted) {
        write_stdout_bytes(page);
        return exit::OK;
    }
    let commands: Vec<&str> = pages
        .iter()
        .filter_map(|(name, _)| name.strip_prefix("ktpl-"))
        .collect();
    let name = command.unwrap_or_default();
    let hint = crate::prose::closest(name, commands.iter().copied())
        .map_or(String::new(), |s| format!("; did you mean `{s}`?"));
    usage_error(&format!(
        "no command named `{name}`{hint} (commands: {})",
        commands.join(", ")
    ))
}

/// Every page as (name, roff): ktpl's own, then one per command in `--help`'s order.
fn pages() -> Vec<(String, Vec<u8>)> {
    let mut root = command().disable_help_subcommand(true);
    root.build();
    let mut pages = vec![render(root.clone(), Some(exit_status()))];
    pages.extend(
        root.get_subcommands()
            .filter(|command| !command.is_hide_set())
            .map(|command| render(command.clone(), None)),
    );
    pages
}

fn render(command: clap::Command, extra: Option<Roff>) -> (String, Vec<u8>) {
    let name = command
        .get_display_name()
        .unwrap_or_else(|| command.get_name())
        .to_owned();
    let mut page = Vec::new();
    Man::new(command)
        .manual("ktpl Manual")
        .source(concat!("ktpl ", env!("CARGO_PKG_VERSION")))
        .render(&mut page)
        .expect("rendering into memory cannot fail");
    if let Some(extra) = extra {
        page.extend(extra.to_roff().into_bytes());
    }
    (name, page)
}

/// The exit codes: part of ktpl's stable interface, so the top page states them (the
/// machine interface page of the book has the same table).
fn exit_status() -> Roff {
    let mut codes = vec![
        (
            exit::OK,
            "No error (warnings allowed); for send, every receiver got the message.",
        ),
        (
            exit::PROBLEMS,
            "A template has an error (for send: nothing was sent); fmt --check and check --diff: a file would change; fmt or import refused to write a read-only or non-regular file; a folder import where any file did not import.",
        ),
        (
            exit::USAGE,
            "Usage error, a broken ktpl.toml, a path or file that could not be read or written, a symlink loop, a path with no template, or two inputs of a folder import for one output file.",
        ),
    ];
    #[cfg(feature = "send")]
    codes.extend([
        (
            exit::SOME_FAILED,
            "send: some receivers were not delivered, though every request got Kakao's answer.",
        ),
        (
            exit::REQUEST_FAILED,
            "send, friends, login, whoami, logout: a request failed as a whole, got no readable answer, or receivers were not sent; or no usable token.",
        ),
    ]);
    codes.push((
        exit::READER_GONE,
        "Any command: the reader of its output went away (a closed pipe, as in ktpl check | head); ktpl stops at once, as a tool ended by SIGPIPE (128 + 13).",
    ));
    let mut roff = Roff::new();
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in codes {
        roff.control("TP", []);
        roff.text([bold(code.to_string())]);
        roff.text([roman(meaning)]);
    }
    roff
}

fn write_pages(pages: &[(String, Vec<u8>)], dir: &Path) -> u8 {
    if let Err(e) = std::fs::create_dir_all(dir) {
        return usage_error(&format!("cannot create {}: {e}", dir.display()));
    }
    for (name, page) in pages {
        let path = dir.join(format!("{name}.1"));
        if let Err(e) = std::fs::write(&path, page) {
            return usage_error(&format!("cannot write {}: {e}", path.display()));
        }
        outln!("{}", path.display());
    }
    exit::OK
}
