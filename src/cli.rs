//! The command line: argument definitions and what each command does.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::BTreeMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::code::Code;
use crate::diagnostic::Problem;
use crate::pipeline::{self, Checked};
use crate::report::{self, exit, human};
use crate::source::{SourceFile, SourceKind};
use crate::validate::SCHEMAS;

/// Kakao Talk message templates: write them readably, check them, compile them to JSON.
#[derive(Debug, Parser)]
#[command(name = "ktpl", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Compile one template to `template_object` JSON.
    Compile {
        /// A `.ktpl` source, a raw `.json` template, or `-` for a ktpl source on stdin.
        file: PathBuf,
        /// Write the JSON here instead of standard output.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Indent the JSON (compact by default).
        #[arg(long)]
        pretty: bool,
        #[command(flatten)]
        vars: VarArgs,
        #[command(flatten)]
        style: StyleArgs,
    },
    /// Check templates (`.ktpl` and `.json`, files or folders) and report every problem.
    Check {
        /// Files or folders (walked recursively); `-` reads a ktpl source from stdin.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        #[command(flatten)]
        vars: VarArgs,
        #[command(flatten)]
        style: StyleArgs,
    },
    /// Print the JSON Schema of a template type or object (all templates by default).
    Schema {
        /// `feed`, `list`, `location`, `commerce`, `text`, `calendar`, or an object such
        /// as `content`, `link`, `button`, `social`, `item_content`, `item_info`.
        name: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// miette's graphical report.
    Human,
    /// A JSON array, one object per problem.
    Json,
}

#[derive(Debug, Args)]
struct VarArgs {
    /// Set a variable for `${name}`: `--var name=value` (repeatable; wins over --vars and `let`).
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
    var: Vec<(String, String)>,
    /// Read variables from a JSON object file: `{"name": "value"}`.
    #[arg(long = "vars", value_name = "FILE")]
    vars_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct StyleArgs {
    /// Colour: `auto` (only on a terminal, off with `NO_COLOR`), `always` or `never`.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn parse_var(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_owned(), value.to_owned())),
        _ => Err(format!("expected NAME=VALUE, got `{text}`")),
    }
}

/// Runs a parsed command line.
#[must_use]
pub fn run(cli: Cli) -> ExitCode {
    let code = match cli.command {
        Command::Compile {
            file,
            output,
            pretty,
            vars,
            style,
        } => compile(&file, output.as_deref(), pretty, &vars, &style),
        Command::Check {
            paths,
            format,
            vars,
            style,
        } => check(&paths, format, &vars, &style),
        Command::Schema { name } => schema(name.as_deref()),
    };
    ExitCode::from(code)
}

fn usage_error(message: &str) -> u8 {
    eprintln!("error: {message}");
    exit::USAGE
}

fn load_vars(args: &VarArgs) -> Result<BTreeMap<String, String>, String> {
    let mut vars = BTreeMap::new();
    if let Some(path) = &args.vars_file {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read --vars file {}: {e}", path.display()))?;
        let value: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| format!("--vars file {} is not JSON: {e}", path.display()))?;
        let serde_json::Value::Object(map) = value else {
            return Err(format!(
                "--vars file {} must hold a JSON object like {{\"name\": \"value\"}}",
                path.display()
            ));
        };
        for (name, value) in map {
            let text = match value {
                serde_json::Value::String(s) => s,
                serde_json::Value::Number(n) => n.to_string(),
                serde_json::Value::Bool(b) => b.to_string(),
                other => {
                    return Err(format!(
                        "--vars file {}: `{name}` must be a string, number or boolean, not {other}",
                        path.display()
                    ));
                }
            };
            vars.insert(name, text);
        }
    }
    for (name, value) in &args.var {
        vars.insert(name.clone(), value.clone());
    }
    Ok(vars)
}

fn style_for(args: &StyleArgs, tty: bool) -> human::Style {
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    human::Style { color, width: 100 }
}

/// Reads one source; `-` is stdin. Errors are problems of the file itself.
fn read_source(path: &Path) -> Result<SourceFile, (SourceFile, Problem)> {
    let (name, kind, bytes) = if path == Path::new("-") {
        let mut bytes = Vec::new();
        if let Err(error) = std::io::stdin().read_to_end(&mut bytes) {
            let source = SourceFile::new("<stdin>", "", SourceKind::Ktpl);
            return Err((source, io_problem(&error)));
        }
        ("<stdin>".to_owned(), SourceKind::Ktpl, bytes)
    } else {
        let name = path.display().to_string();
        let kind = SourceFile::kind_of(path);
        match std::fs::read(path) {
            Ok(bytes) => (name, kind, bytes),
            Err(error) => {
                let source = SourceFile::new(name, "", kind);
                return Err((source, io_problem(&error)));
            }
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(name, text, kind)),
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&error.as_bytes()[..at]).into_owned();
            let problem = Problem::new(Code::IoNotText, "file is not UTF-8 text")
                .at(crate::span::Span::new(at, at), format!("invalid UTF-8 at byte {at}"))
                .help("templates are UTF-8 text; is this a binary file, or saved in another encoding (such as EUC-KR)? re-save it as UTF-8");
            Err((SourceFile::new(name, valid, kind), problem))
        }
    }
}

fn io_problem(error: &std::io::Error) -> Problem {
    Problem::new(Code::IoRead, format!("cannot read: {error}"))
        .help("check that the path exists and is readable")
}

fn compile(
    path: &Path,
    output: Option<&Path>,
    pretty: bool,
    vars: &VarArgs,
    style: &StyleArgs,
) -> u8 {
    let vars = match load_vars(vars) {
        Ok(vars) => vars,
        Err(message) => return usage_error(&message),
    };
    let source = match read_source(path) {
        Ok(source) => source,
        Err((source, problem)) => {
            let is_io = problem.code == Code::IoRead;
            eprint!(
                "{}",
                human::render(
                    &source,
                    &[problem],
                    style_for(style, std::io::stderr().is_terminal())
                )
            );
            return if is_io { exit::USAGE } else { exit::PROBLEMS };
        }
    };
    let checked = pipeline::check(&source, &vars);
    let style = style_for(style, std::io::stderr().is_terminal());
    if !checked.problems.0.is_empty() {
        eprint!("{}", human::render(&source, &checked.problems.0, style));
    }
    let Some(compiled) = checked.template() else {
        return exit::PROBLEMS;
    };
    let mut json = if pretty {
        serde_json::to_string_pretty(&compiled.value)
    } else {
        serde_json::to_string(&compiled.value)
    }
    .unwrap_or_default();
    json.push('\n');
    let written = match output {
        Some(out) if out != Path::new("-") => std::fs::write(out, json.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", out.display())),
        _ => std::io::stdout()
            .write_all(json.as_bytes())
            .map_err(|e| format!("cannot write to standard output: {e}")),
    };
    match written {
        Ok(()) => exit::OK,
        Err(message) => usage_error(&message),
    }
}

/// Every template file under the given paths, files as given, folders walked in
/// sorted order.
fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for path in paths {
        if path == Path::new("-") || !path.is_dir() {
            if path != Path::new("-") && !path.exists() {
                return Err(format!("{}: no such file or folder", path.display()));
            }
            files.push(path.clone());
            continue;
        }
        walk(path, &mut files)
            .map_err(|e| format!("cannot read folder {}: {e}", path.display()))?;
    }
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for entry in entries {
        let hidden = entry
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if entry.is_dir() {
            walk(&entry, files)?;
        } else if matches!(
            entry.extension().and_then(|e| e.to_str()),
            Some("ktpl" | "json")
        ) {
            files.push(entry);
        }
    }
    Ok(())
}

fn check(paths: &[PathBuf], format: Format, vars: &VarArgs, style: &StyleArgs) -> u8 {
    let vars = match load_vars(vars) {
        Ok(vars) => vars,
        Err(message) => return usage_error(&message),
    };
    let files = match collect_files(paths) {
        Ok(files) => files,
        Err(message) => return usage_error(&message),
    };
    let style = style_for(style, std::io::stdout().is_terminal());
    let mut json_out = Vec::new();
    let mut human_out = String::new();
    let (mut errors, mut warnings, mut io_failed) = (0usize, 0usize, false);
    for path in &files {
        let (source, problems) = match read_source(path) {
            Ok(source) => {
                let Checked { problems, .. } = pipeline::check(&source, &vars);
                (source, problems.0)
            }
            Err((source, problem)) => {
                io_failed |= problem.code == Code::IoRead;
                (source, vec![problem])
            }
        };
        errors += problems.iter().filter(|p| p.is_error()).count();
        warnings += problems.iter().filter(|p| !p.is_error()).count();
        match format {
            Format::Human => human_out.push_str(&human::render(&source, &problems, style)),
            Format::Json => json_out.extend(report::json::problems(&source, &problems)),
        }
    }
    let mut stdout = std::io::stdout().lock();
    let written = match format {
        Format::Human => {
            human_out.push_str(&format!(
                "checked {}: {}, {}\n",
                crate::prose::count(files.len() as u64, "file"),
                crate::prose::count(errors as u64, "error"),
                crate::prose::count(warnings as u64, "warning"),
            ));
            stdout.write_all(human_out.as_bytes())
        }
        Format::Json => serde_json::to_writer_pretty(&mut stdout, &json_out)
            .map_err(std::io::Error::other)
            .and_then(|()| stdout.write_all(b"\n")),
    };
    if written.is_err() || io_failed {
        exit::USAGE
    } else if errors > 0 {
        exit::PROBLEMS
    } else {
        exit::OK
    }
}

fn schema(name: Option<&str>) -> u8 {
    let wanted = name.unwrap_or("template");
    let found = SCHEMAS.iter().find(|(path, _)| {
        let stem = path
            .rsplit('/')
            .next()
            .unwrap_or(path)
            .trim_end_matches(".json");
        stem == wanted || *path == wanted
    });
    if let Some((_, text)) = found {
        print!("{text}");
        if !text.ends_with('\n') {
            println!();
        }
        exit::OK
    } else {
        let names: Vec<&str> = SCHEMAS
            .iter()
            .map(|(path, _)| {
                path.rsplit('/')
                    .next()
                    .unwrap_or(path)
                    .trim_end_matches(".json")
            })
            .collect();
        usage_error(&format!(
            "no schema named `{wanted}`; known: {}",
            names.join(", ")
        ))
    }
}
