//! `ktpl fmt`: sources rewritten in the canonical layout, in place or to stdout; with
//! `--check`, nothing written and a diff of what would change.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::fmt::format_source;
use crate::report::{exit, human};
use crate::source::{SourceFile, SourceKind};
use crate::workspace::{Files, Read};

use super::args::CommonArgs;
use super::input::{open_workspace, report_unreadable, report_write_error, style_for, usage_error};
use super::stdio::{err, errln, out};

pub(crate) fn fmt(paths: &[PathBuf], check: bool, common: &CommonArgs) -> u8 {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    for path in paths {
        if path.is_file() && SourceFile::kind_of(path) == SourceKind::Json {
            return usage_error(&format!(
                "{}: `ktpl fmt` formats ktpl sources; turn a JSON template into one with `ktpl import`",
                path.display()
            ));
        }
    }
    let workspace = match open_workspace(paths, common, Files::Templates, Some(SourceKind::Ktpl)) {
        Ok(workspace) => workspace,
        Err(code) => return code,
    };
    let style = style_for(common, std::io::stderr().is_terminal());
    let mut code = exit::OK;
    // A missing path or unreadable entry is reported, and the rest still formatted.
    for found in workspace.path_problems() {
        let source = SourceFile::new(found.name.clone(), "", SourceKind::Ktpl);
        let problems = std::slice::from_ref(&found.problem);
        err!("{}", human::render(&source, problems, style));
        code = exit::USAGE;
    }
    // `fmt` formats ktpl sources: a folder's JSON templates are left alone.
    for entry in workspace.entries().iter().filter(|entry| {
        crate::source::is_dash(&entry.path) || SourceFile::kind_of(&entry.path) == SourceKind::Ktpl
    }) {
        if !check && !crate::source::is_dash(&entry.path) {
            // Before reading: reading a FIFO would take what another program sent.
            if let Err(refused) = crate::write::expect_regular_or_missing(&entry.path) {
                code = code.max(report_write_error(&refused));
                continue;
            }
        }
        let outcome = match workspace.read(entry) {
            Read::Template(source) | Read::NotTemplate(source) => {
                fmt_one(&entry.path, &source, check, style)
            }
            Read::Unreadable(source, problem) => report_unreadable(&source, problem, style),
        };
        code = code.max(outcome);
    }
    code
}

/// Formats one source read from `path`; its exit code.
fn fmt_one(path: &Path, source: &SourceFile, check: bool, style: human::Style) -> u8 {
    let formatted = match format_source(&source.text) {
        Ok(formatted) => formatted,
        Err(problems) => {
            err!("{}", human::render(source, &problems, style));
            return exit::PROBLEMS;
        }
    };
    let stdin = crate::source::is_dash(path);
    if check {
        if formatted == *source.text {
            return exit::OK;
        }
        let diff = similar::TextDiff::from_lines(&*source.text, &formatted);
        let name = source.name.as_str();
        errln!("would reformat {name}");
        out!(
            "{}",
            diff.unified_diff()
                .context_radius(3)
                .header(name, name)
                .missing_newline_hint(true)
        );
        return exit::PROBLEMS;
    }
    if stdin {
        super::stdio::write_stdout_bytes(formatted.as_bytes());
        return exit::OK;
    }
    if formatted == *source.text {
        return exit::OK;
    }
    match crate::write::write_file(path, &formatted) {
        Ok(()) => exit::OK,
        Err(error) => report_write_error(&error),
    }
}
