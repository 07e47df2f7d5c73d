//! What several commands share: variables, config, reading sources, and reading,
//! compiling and checking one template.

#![allow(clippy::print_stderr)]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::code::Code;
use crate::config::{Config, ConfigError};
use crate::diagnostic::Problem;
use crate::pipeline;
use crate::report::{exit, human};
use crate::source::{SourceFile, SourceKind};
use crate::target::Target;

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

/// The config for each template file: `--config` when given; otherwise the nearest
/// `ktpl.toml` from the file's folder upward (so a folder of templates can carry its own
/// settings), else the one found from the working directory.
pub(crate) struct Configs {
    /// `--config`, or the working directory's config.
    pub(crate) root: Arc<Config>,
    /// The folders whose nearest `ktpl.toml` is found from them, with its settings;
    /// files in other folders use `root`. Usually empty, and then no path is hashed.
    nearest: HashMap<PathBuf, Arc<Config>>,
}

impl Configs {
    /// With `root` (from [`load_config`]), loads the config of every folder holding
    /// one of `files`; a broken config is reported on stderr (exit 2).
    pub(crate) fn load(args: &CommonArgs, root: Config, files: &[PathBuf]) -> Result<Configs, u8> {
        let mut configs = Configs {
            root: Arc::new(root),
            nearest: HashMap::new(),
        };
        if args.config.is_some() {
            return Ok(configs);
        }
        let root_path = configs.root.path.clone();
        let mut searched: HashSet<&Path> = HashSet::new();
        let mut loaded: HashMap<PathBuf, Arc<Config>> = HashMap::new();
        let mut previous: Option<&Path> = None;
        for file in files {
            let Some(folder) = file.parent() else {
                continue;
            };
            // Walked folders list their files together: most files skip the set.
            if file == Path::new("-") || previous == Some(folder) || !searched.insert(folder) {
                continue;
            }
            previous = Some(folder);
            let Some(path) = Config::find(folder) else {
                continue;
            };
            if root_path
                .as_ref()
                .is_some_and(|root| same_file(root, &path))
            {
                continue;
            }
            let config = if let Some(config) = loaded.get(&path) {
                Arc::clone(config)
            } else {
                let config = Arc::new(
                    Config::load(&path).map_err(|error| report_config_error(args, &error))?,
                );
                loaded.insert(path, Arc::clone(&config));
                config
            };
            configs.nearest.insert(folder.to_path_buf(), config);
        }
        Ok(configs)
    }

    /// The config `file` is checked with.
    pub(crate) fn for_file(&self, file: &Path) -> &Config {
        if self.nearest.is_empty() {
            return &self.root;
        }
        file.parent()
            .and_then(|folder| self.nearest.get(folder))
            .unwrap_or(&self.root)
    }
}

/// Whether two paths name the same file (one may be relative, the other absolute).
fn same_file(a: &Path, b: &Path) -> bool {
    a == b
        || matches!(
            (std::fs::canonicalize(a), std::fs::canonicalize(b)),
            (Ok(a), Ok(b)) if a == b
        )
}

fn report_config_error(args: &CommonArgs, error: &ConfigError) -> u8 {
    let style = style_for(args, std::io::stderr().is_terminal());
    eprint!("{}", human::render(&error.source, &error.problems, style));
    exit::USAGE
}

/// The variables and config a command that checks templates starts from; a problem
/// with either is reported on stderr, and `Err` holds the exit code.
pub(crate) fn load_vars_and_config(
    vars: &VarArgs,
    common: &CommonArgs,
) -> Result<(BTreeMap<String, String>, Config), u8> {
    let vars = load_vars(vars).map_err(|message| usage_error(&message))?;
    Ok((vars, load_config(common)?))
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
    loaded.map_err(|error| report_config_error(args, &error))
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
/// `target` says whose rules apply (`send` uses the REST API's).
pub(crate) fn checked_template_for(
    path: &Path,
    vars: &VarArgs,
    common: &CommonArgs,
    target: Target,
) -> Result<serde_json::Value, u8> {
    let (vars, config) = load_vars_and_config(vars, common)?;
    let configs = Configs::load(common, config, &[path.to_path_buf()])?;
    let config = configs.for_file(path);
    let style = style_for(common, std::io::stderr().is_terminal());
    let source = read_source(path, common.stdin_format).map_err(|(source, problem)| {
        let is_io = problem.code == Code::IoRead;
        eprint!("{}", human::render(&source, &[problem], style));
        if is_io { exit::USAGE } else { exit::PROBLEMS }
    })?;
    let checked = pipeline::check_for(&source, &vars, config, target);
    if !checked.problems.is_empty() {
        eprint!("{}", human::render(&source, &checked.problems, style));
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
    let client = crate::send::Client::new(&api_base, &auth_base, credentials)?;
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
    eprintln!("error: {error}");
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
/// or it is `-`; a failure is a usage error.
pub(crate) fn write_output(
    out: Option<&Path>,
    text: &str,
    to_file: impl FnOnce(&Path, &str) -> Result<(), String>,
) -> u8 {
    use std::io::Write as _;
    let written = match out {
        Some(out) if out != Path::new("-") => to_file(out, text),
        _ => std::io::stdout()
            .write_all(text.as_bytes())
            .map_err(|e| format!("cannot write to standard output: {e}")),
    };
    match written {
        Ok(()) => exit::OK,
        Err(message) => usage_error(&message),
    }
}

/// Writes `text` to `path` atomically: a temporary file in the same folder, renamed
/// over the target, so a reader never sees half a file. An existing file's
/// permissions are kept.
pub(crate) fn write_atomically(path: &Path, text: &str) -> Result<(), String> {
    use std::io::Write as _;
    let fail = |e: &dyn std::fmt::Display| format!("cannot write {}: {e}", path.display());
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut file = tempfile::Builder::new()
        .prefix(".ktpl-")
        .tempfile_in(dir)
        .map_err(|e| fail(&e))?;
    file.write_all(text.as_bytes()).map_err(|e| fail(&e))?;
    file.as_file().sync_all().map_err(|e| fail(&e))?;
    if let Ok(metadata) = std::fs::metadata(path) {
        file.as_file()
            .set_permissions(metadata.permissions())
            .map_err(|e| fail(&e))?;
    }
    file.persist(path).map_err(|e| fail(&e.error))?;
    Ok(())
}
