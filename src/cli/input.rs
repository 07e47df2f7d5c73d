//! What several commands share: variables, config, reading sources, and reading,
//! compiling and checking one template.

#![allow(clippy::print_stderr)]

use std::collections::BTreeMap;
use std::io::{IsTerminal, Read};
use std::path::Path;

use crate::code::Code;
use crate::config::{Config, ConfigError};
use crate::diagnostic::Problem;
use crate::pipeline;
use crate::report::{exit, human};
use crate::source::{SourceFile, SourceKind};

use super::args::{Color, CommonArgs, StdinFormat, VarArgs};

pub(crate) fn usage_error(message: &str) -> u8 {
    eprintln!("error: {message}");
    exit::USAGE
}

pub(crate) fn load_vars(args: &VarArgs) -> Result<BTreeMap<String, String>, String> {
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

pub(crate) fn style_for(args: &CommonArgs, tty: bool) -> human::Style {
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    human::Style { color, width: 100 }
}

/// The config to run with; a broken config is reported on stderr (exit 2).
pub(crate) fn load_config(args: &CommonArgs) -> Result<Config, u8> {
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

/// Reads one source; `-` is stdin, read as `stdin_format` says. Errors are problems
/// of the file itself.
pub(crate) fn read_source(
    path: &Path,
    stdin_format: StdinFormat,
) -> Result<SourceFile, (SourceFile, Problem)> {
    let (name, kind, bytes) = if path == Path::new("-") {
        let mut bytes = Vec::new();
        if let Err(error) = std::io::stdin().read_to_end(&mut bytes) {
            let source = SourceFile::new("<stdin>", "", SourceKind::Ktpl);
            return Err((source, io_problem("<stdin>", &error)));
        }
        let kind = match stdin_format {
            StdinFormat::Json => SourceKind::Json,
            StdinFormat::Ktpl => SourceKind::Ktpl,
            StdinFormat::Auto => SourceKind::sniff(&bytes),
        };
        ("<stdin>".to_owned(), kind, bytes)
    } else {
        let name = path.display().to_string();
        let kind = SourceFile::kind_of(path);
        match std::fs::read(path) {
            Ok(bytes) => (name, kind, bytes),
            Err(error) => {
                let problem = io_problem(&name, &error);
                return Err((SourceFile::new(name, "", kind), problem));
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

/// A file that could not be read; the message names it, as there is no text to point at.
pub(crate) fn io_problem(name: &str, error: &std::io::Error) -> Problem {
    Problem::new(Code::IoRead, format!("cannot read {name}: {error}"))
        .help("check that the path exists and is readable")
}

/// Reads, compiles and checks one template; every problem is reported on stderr, and
/// any error means no template (`Err` holds the exit code).
pub(crate) fn checked_template(
    path: &Path,
    vars: &VarArgs,
    common: &CommonArgs,
) -> Result<serde_json::Value, u8> {
    let vars = load_vars(vars).map_err(|message| usage_error(&message))?;
    let config = load_config(common)?;
    let style = style_for(common, std::io::stderr().is_terminal());
    let source = read_source(path, common.stdin_format).map_err(|(source, problem)| {
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

/// An environment variable, when set to valid text.
#[cfg(feature = "send")]
pub(crate) fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// A client for Kakao's API from the flags and environment (token, API and auth bases).
#[cfg(feature = "send")]
pub(crate) fn client(
    api: &super::args::ApiArgs,
) -> Result<crate::send::Client, crate::send::SendError> {
    let credentials = crate::send::Credentials::load(api.token_file.as_deref(), env)?;
    let api_base = api
        .api_base
        .clone()
        .or_else(|| env("KAKAO_API_BASE"))
        .unwrap_or_else(|| crate::send::client::DEFAULT_API_BASE.to_owned());
    let auth_base =
        env("KAKAO_AUTH_BASE").unwrap_or_else(|| crate::send::client::DEFAULT_AUTH_BASE.to_owned());
    crate::send::Client::new(&api_base, &auth_base, credentials)
}

/// Reports a send error on stderr; its exit code.
#[cfg(feature = "send")]
pub(crate) fn fail(error: &crate::send::SendError) -> u8 {
    eprintln!("error: {error}");
    match error {
        crate::send::SendError::Usage { .. } => exit::USAGE,
        _ => exit::REQUEST_FAILED,
    }
}
