//! `ktpl import`: template JSON or pasted JavaScript objects to ktpl source; a folder
//! file by file into an output folder, keeping relative paths.

#![allow(clippy::print_stderr)]

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::import::{Options, import as import_text};
use crate::report::{exit, human};
use crate::source::{SourceFile, SourceKind};

use super::args::{CommonArgs, StdinFormat};
use super::input::{
    load_config, read_source, style_for, usage_error, write_atomically, write_output,
};

/// Extensions a folder import reads.
const INPUT_EXTENSIONS: &[&str] = &["json", "js", "mjs", "ts"];

pub(crate) fn import(
    input: &Path,
    output: Option<&Path>,
    options: Options,
    common: &CommonArgs,
) -> u8 {
    let config = match load_config(common) {
        Ok(config) => config,
        Err(code) => return code,
    };
    let style = style_for(common, std::io::stderr().is_terminal());
    let run = |path: &Path, out: Option<&Path>| -> u8 {
        let source = match read_source(path, StdinFormat::Json) {
            Ok(source) => SourceFile::new(source.name, source.text, SourceKind::Json),
            Err((source, problem)) => {
                let is_io = problem.code == crate::code::Code::IoRead;
                eprint!("{}", human::render(&source, &[problem], style));
                return if is_io { exit::USAGE } else { exit::PROBLEMS };
            }
        };
        let imported = import_text(&source.text, options, &config);
        if !imported.problems.is_empty() {
            eprint!("{}", human::render(&source, &imported.problems, style));
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
        return run(input, output);
    }
    let Some(out_dir) = output.filter(|out| *out != Path::new("-")) else {
        return usage_error("importing a folder needs `-o FOLDER` to write the sources into");
    };
    let files = match input_files(input) {
        Ok(files) => files,
        Err(message) => return usage_error(&message),
    };
    let mut code = exit::OK;
    for file in files {
        let relative = file.strip_prefix(input).unwrap_or(&file);
        let target = out_dir.join(relative).with_extension("ktpl");
        code = code.max(run(&file, Some(&target)));
    }
    code
}

/// The template files under a folder (honouring `.gitignore`), sorted.
fn input_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for entry in ignore::WalkBuilder::new(dir).require_git(false).build() {
        let entry = entry.map_err(|e| format!("cannot walk {}: {e}", dir.display()))?;
        let wanted = entry
            .path()
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|ext| INPUT_EXTENSIONS.contains(&ext));
        if wanted && entry.file_type().is_some_and(|t| t.is_file()) {
            files.push(entry.into_path());
        }
    }
    files.sort();
    Ok(files)
}
