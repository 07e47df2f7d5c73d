//! `ktpl import`: template JSON or pasted JavaScript objects to ktpl source; a folder
//! file by file into an output folder, keeping relative paths.

#![allow(clippy::print_stderr)]

use std::io::IsTerminal;
use std::path::Path;

use crate::config::Config;
use crate::import::{Options, import as import_text};
use crate::report::{exit, human};
use crate::source::{SourceFile, SourceKind};
use crate::workspace::{Files, Read, Workspace};

use super::args::CommonArgs;
use super::input::{
    open_workspace, report_config_error, report_unreadable, style_for, usage_error,
    workspace_options, write_atomically, write_output,
};

pub(crate) fn import(
    input: &Path,
    output: Option<&Path>,
    options: Options,
    common: &CommonArgs,
) -> u8 {
    let style = style_for(common, std::io::stderr().is_terminal());
    let run = |source: &SourceFile, config: &Config, out: Option<&Path>| -> u8 {
        let imported = import_text(&source.text, options, config);
        if !imported.problems.is_empty() {
            eprint!("{}", human::render(source, &imported.problems, style));
        }
        let Some(text) = imported.source else {
            return exit::PROBLEMS;
        };
        write_output(out, &text, |out, text| {
            out.parent()
                .filter(|dir| !dir.as_os_str().is_empty())
                .map_or(Ok(()), std::fs::create_dir_all)
                .map_err(|e| format!("cannot create the folder of {}: {e}", out.display()))
                .and_then(|()| write_atomically(out, text))
        })
    };
    if !input.is_dir() {
        let workspace = match Workspace::one(
            input,
            &workspace_options(common, Some(SourceKind::Json)),
            Files::Imports,
        ) {
            Ok(workspace) => workspace,
            Err(error) => return report_config_error(common, &error),
        };
        return match workspace.read(&workspace.entries()[0]) {
            Read::Template(source) | Read::NotTemplate(source) => {
                run(&source, workspace.config_for(input), output)
            }
            Read::Unreadable(source, problem) => report_unreadable(&source, problem, style),
        };
    }
    // A folder: walked as `check` walks it, each file imported with its nearest
    // `ktpl.toml`; JSON files that are not templates (`package.json`) are skipped.
    let workspace = match open_workspace(
        &[input.to_path_buf()],
        common,
        Files::Imports,
        Some(SourceKind::Json),
    ) {
        Ok(workspace) => workspace,
        Err(code) => return code,
    };
    let Some(out_dir) = output.filter(|out| *out != Path::new("-")) else {
        return usage_error("importing a folder needs `-o FOLDER` to write the sources into");
    };
    let mut code = exit::OK;
    for found in workspace.path_problems() {
        let source = SourceFile::new(found.name.clone(), "", SourceKind::Json);
        eprint!(
            "{}",
            human::render(&source, std::slice::from_ref(&found.problem), style)
        );
        code = exit::USAGE;
    }
    for entry in workspace.entries() {
        let file = &entry.path;
        let outcome = match workspace.read(entry) {
            Read::Template(source) => {
                let relative = file.strip_prefix(input).unwrap_or(file);
                let target = out_dir.join(relative).with_extension("ktpl");
                run(&source, workspace.config_for(file), Some(&target))
            }
            Read::NotTemplate(source) => {
                eprintln!("skipped {}: a JSON file with no template keys", source.name);
                exit::OK
            }
            Read::Unreadable(source, problem) => report_unreadable(&source, problem, style),
        };
        code = code.max(outcome);
    }
    code
}
