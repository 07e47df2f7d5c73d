//! `ktpl import`: template JSON or pasted JavaScript objects to ktpl source; a folder
//! file by file into an output folder, keeping relative paths.

#![allow(clippy::print_stderr)]

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::import::{Options, import as import_text};
use crate::report::{exit, human};
use crate::source::{SourceFile, SourceKind};
use crate::workspace::{Entry, Files, Read, Workspace};

use super::args::CommonArgs;
use super::input::{
    open_workspace, report_config_error, report_unreadable, report_write_error, style_for,
    usage_error, workspace_options, write_output,
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
    // The files written so far (device and inode), so that two inputs never land in
    // one file, even where two different paths name it (a case-insensitive file
    // system, a symlink in the output folder).
    let mut written: Vec<(PathBuf, FileId)> = Vec::new();
    for (target, entries) in plan_outputs(input, out_dir, workspace.entries()) {
        // A file that is not a template (or cannot be read) claims no output.
        let mut sources = Vec::new();
        for entry in entries {
            match workspace.read(entry) {
                Read::Template(source) => sources.push((&entry.path, source)),
                Read::NotTemplate(source) => {
                    eprintln!("skipped {}: a JSON file with no template keys", source.name);
                }
                Read::Unreadable(source, problem) => {
                    code = code.max(report_unreadable(&source, problem, style));
                }
            }
        }
        match &sources[..] {
            [] => {}
            [(file, source)] => {
                let earlier = file_id(&target)
                    .and_then(|id| written.iter().find(|(_, seen)| *seen == id))
                    .map(|(earlier, _)| earlier.clone());
                if let Some(earlier) = earlier {
                    code = code.max(collision(&[earlier, (*file).clone()], &target));
                    continue;
                }
                let outcome = run(source, workspace.config_for(file), Some(&target));
                if let Some(id) = file_id(&target).filter(|_| outcome != exit::USAGE) {
                    written.push(((*file).clone(), id));
                }
                code = code.max(outcome);
            }
            _ => {
                let files: Vec<PathBuf> = sources.iter().map(|(file, _)| (*file).clone()).collect();
                code = code.max(collision(&files, &target));
            }
        }
    }
    code
}

/// Where each input of a folder import goes (`-o DIR` plus its relative path, as
/// `.ktpl`), with every input that goes there: `t.js` and `t.json` share `t.ktpl`.
fn plan_outputs<'a>(
    input: &Path,
    out_dir: &Path,
    entries: &'a [Entry],
) -> BTreeMap<PathBuf, Vec<&'a Entry>> {
    let mut plan: BTreeMap<PathBuf, Vec<&Entry>> = BTreeMap::new();
    for entry in entries {
        let file = &entry.path;
        let relative = file.strip_prefix(input).unwrap_or(file);
        let target = out_dir.join(relative).with_extension("ktpl");
        plan.entry(target).or_default().push(entry);
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
