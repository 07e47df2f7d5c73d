//! `ktpl import`: template JSON or pasted JavaScript objects to ktpl source; a folder
//! file by file into an output folder, keeping relative paths.

#![allow(clippy::print_stderr)]

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::import::{Options, import as import_text};
use crate::report::{exit, human};
use crate::source::{SourceFile, SourceKind};

use super::args::{CommonArgs, StdinFormat};
use super::input::{
    load_config, read_source, report_write_error, style_for, usage_error, write_output,
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
        if !imported.problems.0.is_empty() {
            eprint!("{}", human::render(&source, &imported.problems.0, style));
        }
        let Some(text) = imported.source else {
            return exit::PROBLEMS;
        };
        match out.filter(|out| *out != Path::new("-")) {
            Some(out) => write_imported(out, &text),
            None => write_output(None, &text, |_, _| Ok(())),
        }
    };
    if !input.is_dir() {
        if let Some(out) = output.filter(|out| is_same_file(input, out)) {
            return usage_error(&format!(
                "{} is the file being imported; writing the source there would replace it: choose another `-o`",
                out.display()
            ));
        }
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
    // The files written so far (device and inode), so that two inputs never land in
    // one file, even where two different paths name it (a case-insensitive file
    // system, a symlink in the output folder).
    let mut written: Vec<(PathBuf, FileId)> = Vec::new();
    for (target, inputs) in plan_outputs(input, out_dir, files) {
        if let [file] = &inputs[..] {
            let earlier = file_id(&target)
                .and_then(|id| written.iter().find(|(_, seen)| *seen == id))
                .map(|(earlier, _)| earlier.clone());
            if let Some(earlier) = earlier {
                code = code.max(collision(&[earlier, file.clone()], &target));
                continue;
            }
            let outcome = run(file, Some(&target));
            if let Some(id) = file_id(&target).filter(|_| outcome != exit::USAGE) {
                written.push((file.clone(), id));
            }
            code = code.max(outcome);
        } else {
            code = code.max(collision(&inputs, &target));
        }
    }
    code
}

/// Where each input of a folder import goes (`-o DIR` plus its relative path, as
/// `.ktpl`), with every input that goes there: `t.js` and `t.json` share `t.ktpl`.
fn plan_outputs(
    input: &Path,
    out_dir: &Path,
    files: Vec<PathBuf>,
) -> BTreeMap<PathBuf, Vec<PathBuf>> {
    let mut plan: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for file in files {
        let relative = file.strip_prefix(input).unwrap_or(&file);
        let target = out_dir.join(relative).with_extension("ktpl");
        plan.entry(target).or_default().push(file);
    }
    plan
}

/// Reports inputs that would all be imported to `target`: none of them is written.
fn collision(inputs: &[PathBuf], target: &Path) -> u8 {
    let names: Vec<String> = inputs
        .iter()
        .map(|path| path.display().to_string())
        .collect();
    let (names, all) = match names.split_last() {
        Some((last, [first])) => (format!("{first} and {last}"), "both"),
        Some((last, rest)) => (format!("{}, and {last}", rest.join(", ")), "all"),
        None => (String::new(), "all"),
    };
    usage_error(&format!(
        "{names} would {all} be imported to {}, so none of them was: rename all but one, or import each on its own with `-o`",
        target.display()
    ))
}

/// Writes an imported source, creating its folder.
fn write_imported(out: &Path, text: &str) -> u8 {
    let folder = out.parent().filter(|dir| !dir.as_os_str().is_empty());
    if let Some(Err(e)) = folder.map(std::fs::create_dir_all) {
        return usage_error(&format!(
            "cannot create the folder of {}: {e}",
            out.display()
        ));
    }
    match crate::write::write_file(out, text) {
        Ok(()) => exit::OK,
        Err(error) => report_write_error(&error),
    }
}

/// A file's identity: its device and inode, where the platform has them.
type FileId = (u64, u64);

fn file_id(path: &Path) -> Option<FileId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        std::fs::canonicalize(path).ok().map(|p| {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            p.hash(&mut hasher);
            (0, hasher.finish())
        })
    }
}

fn is_same_file(a: &Path, b: &Path) -> bool {
    file_id(a).is_some_and(|id| file_id(b) == Some(id))
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
