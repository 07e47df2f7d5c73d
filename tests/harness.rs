//! Shared helpers: run the pipeline on a file, render reports, check span maps.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use ktpl::internals::{Mapped, Spans, all_pointers};
use ktpl::{Config, RenderStyle, Report, Source, SourceKind, Vars};

/// The variables every fixture may use, as if given with `--var`.
pub(crate) fn fixture_vars() -> Vars {
    Vars::from([("calendar_id".to_owned(), "subscribed-calendar-1".to_owned())])
}

/// Kakao's published templates, copied into the repository (`tests/data/README.md`).
pub(crate) const KAKAO_TEMPLATES: &str = "tests/data/kakao/templates";
/// Kakao's published API replies, which the fake Kakao answers with.
#[cfg(feature = "send")]
pub(crate) const KAKAO_RESPONSES: &str = "tests/data/kakao/responses";

/// A path inside the repository.
pub(crate) fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Reads a file the way the CLI does (kind by extension), named relative to the
/// repository.
pub(crate) fn source(path: &Path) -> Source {
    let text = std::fs::read_to_string(path).expect("fixture is readable");
    let name = path
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .display()
        .to_string();
    match path.extension().and_then(|e| e.to_str()) {
        Some("json") => Source::json(name, text),
        _ => Source::ktpl(name, text),
    }
}

/// The config beside a fixture, if any (fixtures that need settings).
fn fixture_config(source: &Source) -> Config {
    let beside = repo(source.name()).with_file_name("ktpl.toml");
    if beside.is_file() {
        Config::load(&beside).expect("fixture config is valid")
    } else {
        Config::default()
    }
}

/// Checks a source through the library's API, with the `ktpl.toml` beside it.
pub(crate) fn check(source: &Source) -> Report {
    ktpl::check(source, &fixture_vars(), &fixture_config(source))
}

/// Checks a source with the pipeline itself, for tests of what the API does not show
/// (the span map).
pub(crate) fn check_stages(source: &Source) -> ktpl::internals::Checked {
    ktpl::internals::check(source, &fixture_vars(), &fixture_config(source))
}

/// The report as a person sees it, without colour, at a fixed width: the API's
/// `render`, which prints what `ktpl check` prints.
pub(crate) fn render(source: &Source, report: &Report) -> String {
    ktpl::render(
        source,
        &report.findings,
        RenderStyle {
            color: false,
            width: 80,
        },
    )
}

/// Every pointer in the span map resolves in the JSON, and every leaf has a span
/// whose text is non-empty.
pub(crate) fn assert_span_map_complete(source: &Source, compiled: &Mapped) {
    for pointer in compiled.spans.pointers() {
        assert!(
            compiled.value.pointer(pointer).is_some(),
            "{}: span map holds {pointer:?}, which is not in the JSON",
            source.name()
        );
    }
    for (pointer, is_leaf) in all_pointers(&compiled.value) {
        let origin = compiled.spans.get(&pointer);
        assert!(
            origin.is_some() || !is_leaf,
            "{}: leaf {pointer:?} has no span",
            source.name()
        );
        if let Some(origin) = origin {
            assert!(
                origin.value.end <= source.text().len() && origin.value.start < origin.value.end,
                "{}: {pointer:?} has an empty or out-of-range span",
                source.name()
            );
        }
    }
}

/// A run of the built `ktpl` binary, set up step by step (after casey/just's test
/// builder): arguments, standard input, environment, working directory, and files in a
/// temporary folder of its own. Every test that runs the binary starts here.
pub(crate) struct Ktpl {
    command: Command,
    stdin: Option<Vec<u8>>,
    dir: Option<tempfile::TempDir>,
}

impl Ktpl {
    /// `ktpl`, run in the repository, with `NO_COLOR` unset (colour follows
    /// `--color` and the terminal, which a test never is).
    pub(crate) fn new() -> Ktpl {
        Ktpl::starting(Command::new(env!("CARGO_BIN_EXE_ktpl")))
    }

    /// `ktpl` started by `sh` under this umask (std cannot set a child's umask), for
    /// tests of the modes of files ktpl creates.
    #[cfg(unix)]
    pub(crate) fn with_umask(umask: &str) -> Ktpl {
        let mut sh = Command::new("sh");
        sh.arg("-c")
            .arg(format!("umask {umask}; exec \"$0\" \"$@\""))
            .arg(env!("CARGO_BIN_EXE_ktpl"));
        Ktpl::starting(sh)
    }

    fn starting(mut command: Command) -> Ktpl {
        command
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("NO_COLOR");
        Ktpl {
            command,
            stdin: None,
            dir: None,
        }
    }

    /// Adds arguments.
    pub(crate) fn args<I, S>(mut self, args: I) -> Ktpl
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.command.args(args);
        self
    }

    /// Adds one argument (a path, say).
    pub(crate) fn arg(mut self, arg: impl AsRef<OsStr>) -> Ktpl {
        self.command.arg(arg);
        self
    }

    /// Gives this text on standard input (otherwise it is empty).
    pub(crate) fn stdin(mut self, text: impl Into<Vec<u8>>) -> Ktpl {
        self.stdin = Some(text.into());
        self
    }

    /// Sets an environment variable.
    #[cfg_attr(not(feature = "send"), allow(dead_code))] // used by the send tests
    pub(crate) fn env(mut self, name: &str, value: impl AsRef<OsStr>) -> Ktpl {
        self.command.env(name, value);
        self
    }

    /// Starts from an empty environment.
    #[cfg_attr(not(feature = "send"), allow(dead_code))]
    pub(crate) fn env_clear(mut self) -> Ktpl {
        self.command.env_clear();
        self
    }

    /// Runs in `dir` instead of the repository.
    pub(crate) fn current_dir(mut self, dir: impl AsRef<Path>) -> Ktpl {
        self.command.current_dir(dir);
        self
    }

    /// Writes `text` to `name` (folders made as needed) in the run's temporary folder,
    /// which is the working directory from then on.
    pub(crate) fn file(mut self, name: &str, text: impl AsRef<[u8]>) -> Ktpl {
        let dir = self
            .dir
            .get_or_insert_with(|| tempfile::tempdir().expect("tempdir"));
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
        std::fs::write(&path, text).expect("write");
        let dir = dir.path().to_path_buf();
        self.current_dir(dir)
    }

    /// Nothing of Kakao from the real environment reaches the run (no token, key,
    /// API base, sign-in store or state folder; no `HOME`, so nothing is read from or
    /// written to the real config and state folders; no `BROWSER`): send, friends and
    /// login tests add what they mean with [`Ktpl::kakao`] and [`Ktpl::env`].
    #[cfg_attr(not(feature = "send"), allow(dead_code))]
    pub(crate) fn without_kakao_env(mut self) -> Ktpl {
        for name in [
            "KAKAO_ACCESS_TOKEN",
            "KAKAO_REFRESH_TOKEN",
            "KAKAO_REST_API_KEY",
            "KAKAO_CLIENT_SECRET",
            "KAKAO_API_BASE",
            "KAKAO_AUTH_BASE",
            "KTPL_HTTP_TIMEOUT_MS",
            "XDG_STATE_HOME",
            "XDG_CONFIG_HOME",
            "HOME",
            "BROWSER",
        ] {
            self.command.env_remove(name);
        }
        self
    }

    /// Points Kakao's API and auth servers at the fake Kakao at `base`
    /// (`tests/fake_kakao.rs`).
    #[cfg(feature = "send")]
    pub(crate) fn kakao(self, base: &str) -> Ktpl {
        self.env("KAKAO_API_BASE", base)
            .env("KAKAO_AUTH_BASE", base)
    }

    /// The command as set up, for a caller that drives the process itself (the
    /// language server client). Files written with [`Ktpl::file`] are not kept.
    pub(crate) fn command(self) -> Command {
        self.command
    }

    /// Starts the run with these pipes (for commands that keep running: `--serve`,
    /// `--watch`); standard input is empty.
    pub(crate) fn spawn(mut self, stdout: Stdio, stderr: Stdio) -> Child {
        self.command
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(stderr)
            .spawn()
            .expect("ktpl runs")
    }

    /// Runs to the end.
    pub(crate) fn run(mut self) -> Run {
        self.command
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = self.command.spawn().expect("ktpl runs");
        if let Some(input) = &self.stdin {
            use std::io::Write;
            let written = child.stdin.take().expect("stdin").write_all(input);
            // A run that stops before reading its input (a usage error, exit 2) closes
            // the pipe: what it did is in its status and output, which the test checks.
            if let Err(error) = written
                && error.kind() != std::io::ErrorKind::BrokenPipe
            {
                panic!("write stdin: {error}");
            }
        }
        Run {
            output: child.wait_with_output().expect("ktpl finishes"),
            dir: self.dir,
        }
    }
}

/// What a run gave: its exit status and output (the fields of [`Output`]), and its
/// temporary folder, kept until the run is dropped.
pub(crate) struct Run {
    output: Output,
    dir: Option<tempfile::TempDir>,
}

impl Run {
    /// The exit status and output, the folder let go.
    #[cfg_attr(not(feature = "send"), allow(dead_code))]
    pub(crate) fn into_output(self) -> Output {
        self.output
    }

    /// The run's temporary folder (see [`Ktpl::file`]).
    pub(crate) fn dir(&self) -> &Path {
        self.dir.as_ref().expect("the run wrote files").path()
    }
}

impl std::ops::Deref for Run {
    type Target = Output;

    fn deref(&self) -> &Output {
        &self.output
    }
}

/// Runs the built binary in the repository, with optional standard input.
pub(crate) fn ktpl(args: &[&str], stdin: Option<&str>) -> Run {
    let run = Ktpl::new().args(args);
    match stdin {
        Some(text) => run.stdin(text),
        None => run,
    }
    .run()
}

pub(crate) fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Checks a file that must be valid: no errors, a complete span map; returns its JSON.
pub(crate) fn compiles_cleanly(path: &std::path::Path) -> serde_json::Value {
    let source = source(path);
    let report = check(&source);
    assert!(
        !report.has_errors(),
        "{} should be valid:\n{}",
        source.name(),
        render(&source, &report)
    );
    let template = report.template.expect("a template without errors");
    // Clean templates are checked without positions; read it again keeping them.
    let with_spans = match source.kind() {
        SourceKind::Json => ktpl::internals::read_json(source.text()).0.expect("json"),
        SourceKind::Ktpl => {
            let document = ktpl::internals::parse(source.text()).expect("parses");
            ktpl::internals::compile(&document, &fixture_vars(), Spans::Record).0
        }
    };
    assert_eq!(with_spans.value, template);
    assert_span_map_complete(&source, &with_spans);
    template
}

/// Every file under `dir` (recursively) with one of `extensions`, sorted; panics naming
/// `dir` when it (or a folder in it) cannot be read.
pub(crate) fn files_under(dir: &str, extensions: &[&str]) -> Vec<PathBuf> {
    fn walk(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) {
        // A missing folder fails the test naming it: a quiet skip would let a bare clone
        // with data missing pass.
        let entries = std::fs::read_dir(dir)
            .unwrap_or_else(|error| panic!("test data folder {}: {error}", dir.display()));
        for entry in entries {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, extensions, out);
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e))
            {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&repo(dir), extensions, &mut out);
    out.sort();
    out
}

/// Every valid template we have, as REST JSON: the examples (any depth), the valid
/// fixtures, Kakao's corpus and the import samples.
pub(crate) fn every_valid_template() -> Vec<(String, serde_json::Value)> {
    let mut paths = files_under("examples", &["ktpl", "json"]);
    paths.extend(files_under("tests/fixtures/valid", &["ktpl", "json"]));
    paths.extend(files_under(KAKAO_TEMPLATES, &["json"]));
    // The import samples; `code/` holds application code and the JSON it sends.
    paths.extend(
        files_under("tests/fixtures/import", &["json"])
            .into_iter()
            .filter(|path| !path.starts_with(repo("tests/fixtures/import/code"))),
    );
    assert!(paths.len() > 20, "found only {} templates", paths.len());
    paths
        .iter()
        .map(|path| (path.display().to_string(), compiles_cleanly(path)))
        .collect()
}

/// Compiles a ktpl source (no variables from outside) through the library's API;
/// panics with the findings.
pub(crate) fn compile_source(text: &str) -> serde_json::Value {
    let source = Source::ktpl("generated.ktpl", text);
    match ktpl::compile(&source, &Vars::new(), &Config::default()) {
        Ok(compiled) => compiled.template,
        Err(report) => panic!("does not compile: {:?}\n{text}", report.findings),
    }
}

/// A JSON value written as people paste JavaScript objects: unquoted camelCase keys,
/// single quotes, trailing commas.
pub(crate) fn js_literal(value: &serde_json::Value, indent: usize) -> String {
    use serde_json::Value;
    let pad = "  ".repeat(indent + 1);
    let end = "  ".repeat(indent);
    match value {
        Value::Object(map) => {
            let mut out = String::from("{\n");
            for (key, child) in map {
                out.push_str(&format!(
                    "{pad}{}: {},\n",
                    ktpl::internals::js_name(key),
                    js_literal(child, indent + 1)
                ));
            }
            out + &end + "}"
        }
        Value::Array(items) => {
            let mut out = String::from("[\n");
            for child in items {
                out.push_str(&format!("{pad}{},\n", js_literal(child, indent + 1)));
            }
            out + &end + "]"
        }
        Value::String(text) => {
            let quoted = serde_json::to_string(text).expect("string");
            let inner = &quoted[1..quoted.len() - 1];
            format!("'{}'", inner.replace("\\\"", "\"").replace('\'', "\\'"))
        }
        other => other.to_string(),
    }
}

/// The findings `ktpl check --format json` printed: its stdout is
/// `{"version": 1, "findings": [...]}` whatever happened. Every test reads that output
/// through here.
pub(crate) fn findings(run: &Output) -> Vec<serde_json::Value> {
    let text = String::from_utf8_lossy(&run.stdout);
    let output: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("check --format json printed no JSON ({error}): {text}"));
    assert_eq!(output["version"], 1, "{text}");
    output["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("no findings array: {text}"))
        .clone()
}

/// Parses a SARIF log and validates it against the vendored SARIF 2.1.0 schema.
pub(crate) fn valid_sarif(text: &str) -> serde_json::Value {
    let log: serde_json::Value = serde_json::from_str(text).expect("SARIF is JSON");
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo("tests/data/sarif-2.1.0-rtm.5.json"))
            .expect("vendored schema"),
    )
    .expect("schema is JSON");
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&schema)
        .expect("SARIF schema compiles");
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    log
}
