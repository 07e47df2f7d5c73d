//! What several commands share: variables, config, reading sources, and reading,
//! compiling and checking one template.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::code::Code;
use crate::config::{Config, ConfigError};
use crate::diagnostic::Problem;
use crate::pipeline;
use crate::report::{exit, human};
use crate::source::{SourceFile, SourceKind};
use crate::target::Target;
use crate::workspace::{self, Files, Read, Workspace};

use super::args::{Color, CommonArgs, StdinFormat, VarArgs};
use super::stdio::{err, errln};

pub(crate) fn usage_error(message: &str) -> u8 {
    errln!("error: {message}");
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

/// How the common flags open a workspace; `stdin` says how `-` is read when the
/// command fixes it (`fmt` reads ktpl, `import` JSON), else `--stdin-format` does.
pub(crate) fn workspace_options(
    common: &CommonArgs,
    stdin: Option<SourceKind>,
) -> workspace::Options {
    workspace::Options {
        config: common.config.clone(),
        stdin: stdin.or(match common.stdin_format {
            StdinFormat::Auto => None,
            StdinFormat::Json => Some(SourceKind::Json),
            StdinFormat::Ktpl => Some(SourceKind::Ktpl),
        }),
    }
}

/// The workspace of `paths` (see [`workspace::Workspace::open`]); a broken config is
/// reported on stderr, and `Err` holds the exit code (2).
pub(crate) fn open_workspace(
    paths: &[PathBuf],
    common: &CommonArgs,
    files: Files,
    stdin: Option<SourceKind>,
) -> Result<Workspace, u8> {
    Workspace::open(paths, &workspace_options(common, stdin), files)
        .map_err(|error| report_config_error(common, &error))
}

/// Reports a config that could not be used on stderr; its exit code (2).
pub(crate) fn report_config_error(common: &CommonArgs, error: &ConfigError) -> u8 {
    let style = style_for(common, std::io::stderr().is_terminal());
    err!("{}", human::render(&error.source, &error.problems, style));
    exit::USAGE
}

/// Reports a source that could not be read on stderr; its exit code: 2 for a file
/// that is not there or not readable, 1 for one that is not UTF-8 text.
pub(crate) fn report_unreadable(source: &SourceFile, problem: Problem, style: human::Style) -> u8 {
    let is_io = problem.code == Code::IoRead;
    err!("{}", human::render(source, &[problem], style));
    if is_io { exit::USAGE } else { exit::PROBLEMS }
}

/// Reads, compiles and checks one template; every problem is reported on stderr, and
/// any error means no template (`Err` holds the exit code).
/// `target` says whose rules apply (`send` uses the REST API's).
pub(crate) fn checked_template_for(
    path: &Path,
    vars: &VarArgs,
    common: &CommonArgs,
    target: Target,
) -> Result<serde_json::Value, u8> {
    checked_template_with(path, vars, common, target, &mut |_, _, _, _| {})
}

/// A later stage's findings for one checked template, added to its problems (`--online`).
pub(crate) type MoreChecks<'a> =
    dyn FnMut(&SourceFile, &BTreeMap<String, String>, &Config, &mut pipeline::Checked) + 'a;

/// [`checked_template_for`], with `more` run on the checked template before anything
/// is reported.
pub(crate) fn checked_template_with(
    path: &Path,
    vars: &VarArgs,
    common: &CommonArgs,
    target: Target,
    more: &mut MoreChecks<'_>,
) -> Result<serde_json::Value, u8> {
    let vars = load_vars(vars).map_err(|message| usage_error(&message))?;
    let workspace = Workspace::one(path, &workspace_options(common, None), Files::Templates)
        .map_err(|error| report_config_error(common, &error))?;
    let style = style_for(common, std::io::stderr().is_terminal());
    let source = match workspace.read(&workspace.entries()[0]) {
        Read::Template(source) | Read::NotTemplate(source) => source,
        Read::Unreadable(source, problem) => {
            return Err(report_unreadable(&source, problem, style));
        }
    };
    let config = workspace.config_for(path);
    let mut checked = pipeline::check_for(&source, &vars, config, target);
    more(&source, &vars, config, &mut checked);
    if !checked.problems.is_empty() {
        err!("{}", human::render(&source, &checked.problems, style));
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
    let credentials = crate::send::Credentials::load(api.token_file.as_deref(), &env)?;
    client_for(credentials, api.api_base.as_deref())
}

/// A client holding `credentials`, for the API base `api_base` (else `KAKAO_API_BASE`),
/// `KAKAO_AUTH_BASE`, and the timeout `KTPL_HTTP_TIMEOUT_MS`.
#[cfg(feature = "send")]
pub(crate) fn client_for(
    credentials: crate::send::Credentials,
    api_base: Option<&str>,
) -> Result<crate::send::Client, crate::send::SendError> {
    let (api_base, auth_base) = bases(api_base);
    let client = crate::send::Client::new(&api_base, &auth_base, credentials)?;
    with_http_timeout(client)
}

/// The API and auth bases: `api_base` or `KAKAO_API_BASE`, and `KAKAO_AUTH_BASE`, else
/// Kakao's hosts.
#[cfg(feature = "send")]
pub(crate) fn bases(api_base: Option<&str>) -> (String, String) {
    let api_base = api_base
        .map(str::to_owned)
        .or_else(|| env("KAKAO_API_BASE"))
        .unwrap_or_else(|| crate::send::client::DEFAULT_API_BASE.to_owned());
    let auth_base =
        env("KAKAO_AUTH_BASE").unwrap_or_else(|| crate::send::client::DEFAULT_AUTH_BASE.to_owned());
    (api_base, auth_base)
}

/// `client` with the request timeout `KTPL_HTTP_TIMEOUT_MS` says, if it says one.
#[cfg(feature = "send")]
pub(crate) fn with_http_timeout(
    client: crate::send::Client,
) -> Result<crate::send::Client, crate::send::SendError> {
    Ok(match env("KTPL_HTTP_TIMEOUT_MS") {
        Some(text) => {
            let millis: u64 = text
                .trim()
                .parse()
                .ok()
                .filter(|&ms| ms > 0)
                .ok_or_else(|| crate::send::SendError::Usage {
                    message: format!(
                        "KTPL_HTTP_TIMEOUT_MS must be a number of milliseconds above 0, not `{text}`"
                    ),
                })?;
            client.with_timeout(std::time::Duration::from_millis(millis))
        }
        None => client,
    })
}

/// Reports a send error on stderr; its exit code.
#[cfg(feature = "send")]
pub(crate) fn fail(error: &crate::send::SendError) -> u8 {
    errln!("error: {error}");
    match error {
        crate::send::SendError::Usage { .. } => exit::USAGE,
        _ => exit::REQUEST_FAILED,
    }
}

/// A flag Ctrl-C sets, so that `--watch` and `--serve` can stop cleanly.
pub(crate) fn stop_on_ctrl_c() -> Result<std::sync::Arc<std::sync::atomic::AtomicBool>, String> {
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = std::sync::Arc::clone(&stop);
    ctrlc::set_handler(move || flag.store(true, std::sync::atomic::Ordering::Relaxed))
        .map_err(|e| format!("cannot catch Ctrl-C: {e}"))?;
    Ok(stop)
}

/// Writes `text` to `out` with `to_file`, or to standard output when there is no `out`
/// or it is `-`; a failure is a usage error (a closed standard output ends the process,
/// see [`super::stdio`]).
pub(crate) fn write_output(
    out: Option<&Path>,
    text: &str,
    to_file: impl FnOnce(&Path, &str) -> Result<(), String>,
) -> u8 {
    let written = match out {
        Some(out) if !crate::source::is_dash(out) => to_file(out, text),
        _ => {
            super::stdio::write_stdout_bytes(text.as_bytes());
            Ok(())
        }
    };
    match written {
        Ok(()) => exit::OK,
        Err(message) => usage_error(&message),
    }
}

/// Reports a file ktpl did not write; its exit code: 1 when ktpl refused (the user
/// must change the file), 2 when the system failed the write.
pub(crate) fn report_write_error(error: &crate::write::WriteError) -> u8 {
    errln!("error: {error}");
    if error.is_refusal() {
        exit::PROBLEMS
    } else {
        exit::USAGE
    }
}
