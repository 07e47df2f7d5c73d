//! The command line: argument definitions and what each command does.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::BTreeMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use crate::code::Code;
use crate::config::{Config, ConfigError};
use crate::diagnostic::Problem;
use crate::pipeline;
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
        common: CommonArgs,
    },
    /// Check templates (`.ktpl` and `.json`, files or folders) and report every problem.
    Check {
        /// Files or folders (walked recursively, honouring .gitignore); `-` reads a
        /// ktpl source from stdin.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        #[command(flatten)]
        vars: VarArgs,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Print the JSON Schema of a template type or object (all templates by default).
    Schema {
        /// `feed`, `list`, `location`, `commerce`, `text`, `calendar`, or an object such
        /// as `content`, `link`, `button`, `social`, `item_content`, `item_info`.
        name: Option<String>,
    },
    /// Send a message with Kakao's "send to me" or "send to friends" endpoints.
    #[cfg(feature = "send")]
    Send {
        #[command(flatten)]
        send: crate::send_cli::SendArgs,
        #[command(flatten)]
        api: crate::send_cli::ApiArgs,
        #[command(flatten)]
        vars: VarArgs,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// List the user's friends who can receive the app's messages (uuid, nickname,
    /// favorite, whether they accept messages).
    #[cfg(feature = "send")]
    Friends {
        #[command(flatten)]
        api: crate::send_cli::ApiArgs,
        /// `human` or `json`.
        #[arg(long, value_name = "FORMAT", default_value = "human", value_parser = ["human", "json"])]
        format: String,
    },
    /// Explain a diagnostic code, with a wrong and a right example (all codes when none).
    Explain {
        /// A code such as `ktpl::lint::plain_http` (or, for lints, `plain_http`).
        code: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// miette's graphical report.
    Human,
    /// A JSON array, one object per problem.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
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
struct CommonArgs {
    /// Colour: `auto` (only on a terminal, off with `NO_COLOR`), `always` or `never`.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Use this config file instead of the `ktpl.toml` found from the working directory up.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

pub(crate) fn parse_var(text: &str) -> Result<(String, String), String> {
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
            common,
        } => compile(&file, output.as_deref(), pretty, &vars, &common),
        Command::Check {
            paths,
            format,
            vars,
            common,
        } => check(&paths, format, &vars, &common),
        Command::Schema { name } => schema(name.as_deref()),
        Command::Explain { code } => explain(code.as_deref()),
        #[cfg(feature = "send")]
        Command::Send {
            send,
            api,
            vars,
            common,
        } => crate::send_cli::send(&send, &api, &|file| checked_template(file, &vars, &common)),
        #[cfg(feature = "send")]
        Command::Friends { api, format } => crate::send_cli::friends(&api, &format),
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

fn style_for(args: &CommonArgs, tty: bool) -> human::Style {
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    human::Style { color, width: 100 }
}

/// The config to run with; a broken config is reported on stderr (exit 2).
fn load_config(args: &CommonArgs) -> Result<Config, u8> {
    let loaded = match &args.config {
        Some(path) => Config::load(path),
        None => std::env::current_dir()
            .map_err(|e| ConfigError {
                source: SourceFile::new("<cwd>", "", SourceKind::Ktpl),
                problems: vec![
                    Problem::new(
                        Code::IoRead,
                        format!("cannot read the working directory: {e}"),
                    )
                    .help("run ktpl from an existing directory"),
                ],
            })
            .and_then(|dir| Config::discover(&dir)),
    };
    loaded.map_err(|error| {
        let style = style_for(args, std::io::stderr().is_terminal());
        eprint!("{}", human::render(&error.source, &error.problems, style));
        exit::USAGE
    })
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

/// Reads, compiles and checks one template; every problem is reported on stderr, and
/// any error means no template (`Err` holds the exit code).
fn checked_template(
    path: &Path,
    vars: &VarArgs,
    common: &CommonArgs,
) -> Result<serde_json::Value, u8> {
    let vars = load_vars(vars).map_err(|message| usage_error(&message))?;
    let config = load_config(common)?;
    let style = style_for(common, std::io::stderr().is_terminal());
    let source = read_source(path).map_err(|(source, problem)| {
        let is_io = problem.code == Code::IoRead;
        eprint!("{}", human::render(&source, &[problem], style));
        if is_io { exit::USAGE } else { exit::PROBLEMS }
    })?;
    let checked = pipeline::check(&source, &vars, &config);
    if !checked.problems.0.is_empty() {
        eprint!("{}", human::render(&source, &checked.problems.0, style));
    }
    checked
        .template()
        .map(|compiled| compiled.value.clone())
        .ok_or(exit::PROBLEMS)
}

fn compile(
    path: &Path,
    output: Option<&Path>,
    pretty: bool,
    vars: &VarArgs,
    common: &CommonArgs,
) -> u8 {
    let template = match checked_template(path, vars, common) {
        Ok(template) => template,
        Err(code) => return code,
    };
    let mut json = crate::compile::key_order::to_json(&template, pretty);
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

/// What checking one file produced, already formatted for the chosen output.
struct FileOutcome {
    errors: usize,
    warnings: usize,
    unreadable: bool,
    text: String,
    items: Vec<serde_json::Value>,
}

/// Files checked at once; bounds memory however many files there are.
const CHUNK: usize = 1024;

fn check(paths: &[PathBuf], format: Format, vars: &VarArgs, common: &CommonArgs) -> u8 {
    let vars = match load_vars(vars) {
        Ok(vars) => vars,
        Err(message) => return usage_error(&message),
    };
    let config = match load_config(common) {
        Ok(config) => config,
        Err(code) => return code,
    };
    let files = match crate::walk::template_files(paths, &config) {
        Ok(files) => files,
        Err(message) => return usage_error(&message),
    };
    let style = style_for(common, std::io::stdout().is_terminal());
    let check_one = |path: &PathBuf| -> FileOutcome {
        let (source, problems) = match read_source(path) {
            Ok(source) => {
                let checked = pipeline::check(&source, &vars, &config);
                (source, checked.problems.0)
            }
            Err((source, problem)) => (source, vec![problem]),
        };
        let (text, items) = match format {
            Format::Human => (human::render(&source, &problems, style), Vec::new()),
            Format::Github => (report::github::annotations(&source, &problems), Vec::new()),
            Format::Json => (
                String::new(),
                report::json::problems(&source, &problems)
                    .into_iter()
                    .filter_map(|p| serde_json::to_value(p).ok())
                    .collect(),
            ),
            Format::Sarif => (String::new(), report::sarif::results(&source, &problems)),
        };
        FileOutcome {
            errors: problems.iter().filter(|p| p.is_error()).count(),
            warnings: problems.iter().filter(|p| !p.is_error()).count(),
            unreadable: problems.iter().any(|p| p.code == Code::IoRead),
            text,
            items,
        }
    };
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let (mut errors, mut warnings, mut unreadable) = (0usize, 0usize, false);
    let mut first_item = true;
    let mut written = match format {
        Format::Json => stdout.write_all(b"["),
        Format::Sarif => report::sarif::write_header(&mut stdout),
        Format::Human | Format::Github => Ok(()),
    };
    for chunk in files.chunks(CHUNK) {
        let outcomes: Vec<FileOutcome> = chunk.par_iter().map(check_one).collect();
        for outcome in outcomes {
            errors += outcome.errors;
            warnings += outcome.warnings;
            unreadable |= outcome.unreadable;
            written = written.and_then(|()| stdout.write_all(outcome.text.as_bytes()));
            for item in outcome.items {
                let separator: &[u8] = if first_item { b"\n" } else { b",\n" };
                first_item = false;
                let text = if format == Format::Json {
                    serde_json::to_string_pretty(&item)
                } else {
                    serde_json::to_string(&item)
                }
                .unwrap_or_default();
                written = written
                    .and_then(|()| stdout.write_all(separator))
                    .and_then(|()| stdout.write_all(text.as_bytes()));
            }
        }
    }
    written = written.and_then(|()| match format {
        Format::Json => stdout.write_all(if first_item { b"]\n" } else { b"\n]\n" }),
        Format::Sarif => report::sarif::write_footer(&mut stdout),
        Format::Human => writeln!(
            stdout,
            "checked {}: {}, {}",
            crate::prose::count(files.len() as u64, "file"),
            crate::prose::count(errors as u64, "error"),
            crate::prose::count(warnings as u64, "warning"),
        ),
        Format::Github => Ok(()),
    });
    written = written.and_then(|()| stdout.flush());
    if written.is_err() || unreadable {
        exit::USAGE
    } else if errors > 0 {
        exit::PROBLEMS
    } else {
        exit::OK
    }
}

fn schema(name: Option<&str>) -> u8 {
    let wanted = name.unwrap_or("template");
    let stem = |path: &'static str| {
        path.rsplit('/')
            .next()
            .unwrap_or(path)
            .trim_end_matches(".json")
    };
    let found = SCHEMAS
        .iter()
        .find(|(path, _)| stem(path) == wanted || *path == wanted);
    if let Some((_, text)) = found {
        print!("{text}");
        if !text.ends_with('\n') {
            println!();
        }
        return exit::OK;
    }
    let names: Vec<&str> = SCHEMAS.iter().map(|(path, _)| stem(path)).collect();
    usage_error(&format!(
        "no schema named `{wanted}`; known: {}",
        names.join(", ")
    ))
}

fn explain(name: Option<&str>) -> u8 {
    let Some(name) = name else {
        for code in Code::ALL {
            println!(
                "{:<40} {:<7}  {}",
                code.name(),
                code.default_severity().as_str(),
                code.summary()
            );
        }
        return exit::OK;
    };
    let Some(code) = Code::from_name(name).or_else(|| Code::from_name(&format!("ktpl::{name}")))
    else {
        let names: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
        let hint = crate::prose::closest(name, names.iter().copied())
            .map_or(String::new(), |s| format!("; did you mean `{s}`?"));
        return usage_error(&format!(
            "no code named `{name}`{hint} (`ktpl explain` lists them all)"
        ));
    };
    println!("{} ({})\n", code.name(), code.default_severity().as_str());
    match crate::explain::explanation(code) {
        Some(text) => println!("{text}"),
        None => println!("{}", code.summary()),
    }
    exit::OK
}
