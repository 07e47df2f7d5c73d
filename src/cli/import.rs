//! `ktpl import`: template JSON or pasted JavaScript objects to ktpl source, and the
//! templates inside JavaScript, TypeScript and Python files (feature `import-code`); a
//! folder file by file into an output folder, keeping relative paths.

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
#[cfg(feature = "import-code")]
const INPUT_EXTENSIONS: &[&str] = &[
    "json", "js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx", "py",
];
#[cfg(not(feature = "import-code"))]
const INPUT_EXTENSIONS: &[&str] = &["json", "js", "mjs", "ts"];

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
    let run = |path: &Path, out: Option<&Path>, in_folder: bool| -> Outcome {
        #[cfg(feature = "import-code")]
        if let Some(why) = crate::import::out_of_scope(path) {
            return Outcome::code(usage_error(&format!("{}: {why}", path.display())));
        }
        let source = match read_source(path, StdinFormat::Json) {
            Ok(source) => SourceFile::new(source.name, source.text, SourceKind::Json),
            Err((source, problem)) => {
                let is_io = problem.code == crate::code::Code::IoRead;
                eprint!("{}", human::render(&source, &[problem], style));
                return Outcome::code(if is_io { exit::USAGE } else { exit::PROBLEMS });
            }
        };
        #[cfg(feature = "import-code")]
        if let Some(language) = crate::import::Language::of(path) {
            return import_code(&source, language, out, in_folder, options, &config, style);
        }
        if in_folder && !crate::walk::looks_like_template(&source.text) {
            return Outcome {
                skipped: true,
                ..Outcome::code(exit::OK)
            };
        }
        let imported = import_text(&source.text, options, &config);
        if !imported.problems.0.is_empty() {
            eprint!("{}", human::render(&source, &imported.problems.0, style));
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
        return run(input, output, false).code;
    }
    let Some(out_dir) = output.filter(|out| *out != Path::new("-")) else {
        return usage_error("importing a folder needs `-o FOLDER` to write the sources into");
    };
    let files = match input_files(input) {
        Ok(files) => files,
        Err(message) => return usage_error(&message),
    };
    let mut code = exit::OK;
    let (mut templates, mut skipped) = (0u64, 0u64);
    let count = files.len() as u64;
    for file in files {
        let relative = file.strip_prefix(input).unwrap_or(&file);
        let target = out_dir.join(relative).with_extension("ktpl");
        let outcome = run(&file, Some(&target), true);
        code = code.max(outcome.code);
        templates += outcome.templates;
        skipped += u64::from(outcome.skipped);
    }
    eprintln!(
        "imported {} from {} read; skipped {} with no template",
        crate::prose::count(templates, "template"),
        crate::prose::count(count, "file"),
        crate::prose::count(skipped, "file"),
    );
    code
}

/// Writes one source to `out` (a file, its folder created), or to standard output.
fn write_source(out: Option<&Path>, text: &str) -> u8 {
    write_output(out, text, |out, text| {
        out.parent()
            .filter(|dir| !dir.as_os_str().is_empty())
            .map_or(Ok(()), std::fs::create_dir_all)
            .map_err(|e| format!("cannot create the folder of {}: {e}", out.display()))
            .and_then(|()| write_atomically(out, text))
    })
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
    config: &crate::config::Config,
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
    if !imported.problems.0.is_empty() {
        eprint!("{}", human::render(source, &imported.problems.0, style));
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
        eprint!("{}", human::render(source, &[problem], style));
        return Outcome::code(exit::PROBLEMS);
    }
    let several = imported.templates.len() > 1;
    let mut outcome = Outcome::code(exit::OK);
    let mut printed = 0;
    for template in &imported.templates {
        if !template.problems.0.is_empty() {
            eprint!("{}", human::render(source, &template.problems.0, style));
        }
        let target = out.filter(|out| *out != Path::new("-")).map(|out| {
            if several {
                out.with_extension(format!("{}.ktpl", template.name))
            } else {
                out.to_path_buf()
            }
        });
        let Some(text) = &template.source else {
            eprintln!(
                "{}:{}: `{}` not imported (see above)",
                source.name, template.line, template.name
            );
            outcome.code = outcome.code.max(exit::PROBLEMS);
            continue;
        };
        let to = target
            .as_ref()
            .map_or("standard output".to_owned(), |target| {
                target.display().to_string()
            });
        eprintln!(
            "{}:{}: `{}` → {to}",
            source.name, template.line, template.name
        );
        for variable in &template.variables {
            eprintln!(
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
