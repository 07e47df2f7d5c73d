//! `ktpl import`: template JSON or pasted JavaScript objects to ktpl source, and the
//! templates inside JavaScript, TypeScript and Python files (feature `import-code`); a
//! folder file by file into an output folder, keeping relative paths.

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
use super::stdio::{err, errln};

pub(crate) fn import(
    input: &Path,
    output: Option<&Path>,
    options: Options,
    common: &CommonArgs,
) -> u8 {
    let style = style_for(common, std::io::stderr().is_terminal());
    // `path` picks the front end; `in_folder`: found in a folder, where a file with no
    // template is skipped rather than an error.
    let run = |path: &Path,
               source: &SourceFile,
               config: &Config,
               out: Option<&Path>,
               in_folder: bool|
     -> Outcome {
        #[cfg(feature = "import-code")]
        if let Some(language) = crate::import::Language::of(path) {
            return import_code(source, language, out, in_folder, options, config, style);
        }
        #[cfg(not(feature = "import-code"))]
        let _ = (path, in_folder);
        let imported = import_text(&source.text, options, config);
        if !imported.problems.is_empty() {
            err!("{}", human::render(source, &imported.problems, style));
        }
        let Some(text) = imported.source else {
            return Outcome::code(exit::PROBLEMS);
        };
        Outcome {
            templates: 1,
            ..Outcome::code(write_source(out, &text))
        }
    };
    if !input.is_dir() {
        #[cfg(feature = "import-code")]
        if let Some(why) = crate::import::out_of_scope(input) {
            return usage_error(&format!("{}: {why}", input.display()));
        }
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
                run(input, &source, workspace.config_for(input), output, false).code
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
    let Some(out_dir) = output.filter(|out| !crate::source::is_dash(out)) else {
        return usage_error("importing a folder needs `-o FOLDER` to write the sources into");
    };
    let mut code = exit::OK;
    let (mut templates, mut skipped) = (0u64, 0u64);
    for found in workspace.path_problems() {
        let source = SourceFile::new(found.name.clone(), "", SourceKind::Json);
        err!(
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
                    errln!("skipped {}: a JSON file with no template keys", source.name);
                    skipped += 1;
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
                let outcome = run(
                    file,
                    source,
                    workspace.config_for(file),
                    Some(&target),
                    true,
                );
                if let Some(id) = file_id(&target).filter(|_| outcome.code != exit::USAGE) {
                    written.push(((*file).clone(), id));
                }
                code = code.max(outcome.code);
                templates += outcome.templates;
                skipped += u64::from(outcome.skipped);
            }
            _ => {
                let files: Vec<PathBuf> = sources.iter().map(|(file, _)| (*file).clone()).collect();
                code = code.max(collision(&files, &target));
            }
        }
    }
    errln!(
        "imported {} from {} read; skipped {} with no template",
        crate::prose::count(templates, "template"),
        crate::prose::count(workspace.entries().len() as u64, "file"),
        crate::prose::count(skipped, "file"),
    );
    code
}

/// What importing one file came to.
struct Outcome {
    code: u8,
    /// Templates written (or printed).
    templates: u64,
    /// Found in a folder and holding no template: not an error, but counted.
    skipped: bool,
}

impl Outcome {
    fn code(code: u8) -> Self {
        Outcome {
            code,
            templates: 0,
            skipped: false,
        }
    }
}

/// Writes one source to `out` (a file, its folder created), or to standard output.
fn write_source(out: Option<&Path>, text: &str) -> u8 {
    match out.filter(|out| !crate::source::is_dash(out)) {
        Some(out) => write_imported(out, text),
        None => write_output(None, text, |_, _| Ok(())),
    }
}

/// Imports every template of a code file: one source each, named after the template
/// when the file holds several (`share.ktpl` → `share.orderShipped.ktpl`), with a
/// summary line per template (and its variables) on standard error.
#[cfg(feature = "import-code")]
fn import_code(
    source: &SourceFile,
    language: crate::import::Language,
    out: Option<&Path>,
    in_folder: bool,
    options: Options,
    config: &Config,
    style: human::Style,
) -> Outcome {
    use crate::code::Code;
    use crate::diagnostic::Problem;
    use crate::span::Span;

    let file = Path::new(&source.name)
        .file_name()
        .map_or(source.name.clone(), |name| {
            name.to_string_lossy().into_owned()
        });
    let imported = crate::import::import_code(&source.text, language, &file, options, config);
    if !imported.problems.is_empty() {
        err!("{}", human::render(source, &imported.problems, style));
        return Outcome::code(exit::PROBLEMS);
    }
    if imported.templates.is_empty() {
        if in_folder {
            return Outcome {
                skipped: true,
                ..Outcome::code(exit::OK)
            };
        }
        let problem = Problem::new(Code::ImportNoTemplate, "no template object in this file")
            .at(Span::new(0, 0), "read all of this file")
            .help("import finds object literals with `objectType` (or `object_type`): a `Kakao.Share.sendDefault({...})` argument, a `const template = {...}`, a Python dict");
        err!("{}", human::render(source, &[problem], style));
        return Outcome::code(exit::PROBLEMS);
    }
    let several = imported.templates.len() > 1;
    let mut outcome = Outcome::code(exit::OK);
    let mut printed = 0;
    for template in &imported.templates {
        if !template.problems.is_empty() {
            err!("{}", human::render(source, &template.problems, style));
        }
        let target = out.filter(|out| !crate::source::is_dash(out)).map(|out| {
            if several {
                out.with_extension(format!("{}.ktpl", template.name))
            } else {
                out.to_path_buf()
            }
        });
        let Some(text) = &template.source else {
            errln!(
                "{}:{}: `{}` not imported (see above)",
                source.name,
                template.line,
                template.name
            );
            outcome.code = outcome.code.max(exit::PROBLEMS);
            continue;
        };
        let to = target
            .as_ref()
            .map_or("standard output".to_owned(), |target| {
                target.display().to_string()
            });
        errln!(
            "{}:{}: `{}` → {to}",
            source.name,
            template.line,
            template.name
        );
        for variable in &template.variables {
            errln!(
                "    ${{{}}} = `{}` (line {})",
                variable.name,
                crate::prose::excerpt(&variable.expression, 60),
                variable.line
            );
        }
        let text = if target.is_none() && printed > 0 {
            format!("\n{text}")
        } else {
            text.clone()
        };
        outcome.code = outcome.code.max(write_source(target.as_deref(), &text));
        outcome.templates += 1;
        printed += 1;
    }
    outcome
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
