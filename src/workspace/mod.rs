//! The workspace: the paths a command was given (and `-`, standard input) plus
//! `ktpl.toml` lookup, turned into the sources to work on, each with its config.
//!
//! `check`, `preview`, `import` and `fmt` all open one, so they walk every folder the
//! same way (`walk`), read each file with the config that applies to it (`configs`) and
//! agree on what counts as a template (`template_rule`): a `package.json` found in a
//! folder is skipped by every command alike.

mod configs;
mod template_rule;
mod walk;

use std::path::{Path, PathBuf};

use self::configs::Configs;
pub(crate) use self::template_rule::looks_like_template;
pub(crate) use self::walk::{Entry, PathProblem};
use crate::code::Code;
use crate::config::{Config, ConfigError};
use crate::diagnostic::Problem;
use crate::source::{self, SourceFile, SourceKind};

/// Which files a command works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Files {
    /// Template sources: `.ktpl`, `.json` and the `extensions` of `ktpl.toml`, read by
    /// extension (`check`, `preview`, `fmt`).
    Templates,
    /// Templates to import: `.json`, and JavaScript objects as pasted (`.js`, `.mjs`,
    /// `.ts`), all read as JSON (`import`); with the feature `import-code`, also the
    /// application code import finds templates in (JavaScript, TypeScript, JSX, Python).
    Imports,
}

/// Extensions a folder import reads.
#[cfg(not(feature = "import-code"))]
const IMPORT_EXTENSIONS: &[&str] = &["json", "js", "mjs", "ts"];
#[cfg(feature = "import-code")]
const IMPORT_EXTENSIONS: &[&str] = &[
    "json", "js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx", "py",
];

impl Files {
    /// Whether a file found in a folder, with this extension, is one to read.
    fn wants(self, extension: &str, config: &Config) -> bool {
        match self {
            Files::Templates => config.is_template_extension(extension),
            Files::Imports => IMPORT_EXTENSIONS.contains(&extension),
        }
    }

    /// How a file's text is read.
    fn kind_of(self, path: &Path) -> SourceKind {
        match self {
            Files::Templates => SourceFile::kind_of(path),
            Files::Imports => SourceKind::Json,
        }
    }
}

/// How to open a workspace: plain settings, whoever asks (the command line maps its
/// flags onto these).
#[derive(Debug, Clone, Default)]
pub(crate) struct Options {
    /// One config file for every source (`--config`), instead of the nearest
    /// `ktpl.toml` of each.
    pub(crate) config: Option<PathBuf>,
    /// How standard input (`-`) is read; `None` sniffs it (JSON when it starts with `{`).
    pub(crate) stdin: Option<SourceKind>,
}

/// The sources under the given paths, each with its config.
#[derive(Debug)]
pub(crate) struct Workspace {
    files: Files,
    stdin: Option<SourceKind>,
    configs: Configs,
    walk: walk::Walk,
}

/// One entry, read.
#[derive(Debug)]
pub(crate) enum Read {
    /// A template to work on.
    Template(SourceFile),
    /// A file found in a folder that is plainly something else (see `template_rule`):
    /// skipped.
    NotTemplate(SourceFile),
    /// Could not be read (or is not UTF-8 text): the source as far as it was read, and
    /// why.
    Unreadable(SourceFile, Problem),
}

impl Workspace {
    /// Walks `paths` for `files`. The root config is `options.config`, or the
    /// `ktpl.toml` found from the working directory upward; it decides the folder walk
    /// (`extensions`, `exclude`). Each file is then read with the nearest `ktpl.toml`
    /// from its folder up, unless `options.config` names one for all.
    pub(crate) fn open(
        paths: &[PathBuf],
        options: &Options,
        files: Files,
    ) -> Result<Workspace, ConfigError> {
        let root = root_config(options.config.as_deref())?;
        let walk = walk::walk(paths, &root, files);
        let configs = if options.config.is_some() {
            Configs::one(root)
        } else {
            Configs::nearest(root, walk.entries.iter().map(|entry| entry.path.as_path()))?
        };
        Ok(Workspace {
            files,
            stdin: options.stdin,
            configs,
            walk,
        })
    }

    /// One file (or `-`), as named: no folder is walked, and it is always read as a
    /// template. Its config is found as for [`Workspace::open`].
    pub(crate) fn one(
        path: &Path,
        options: &Options,
        files: Files,
    ) -> Result<Workspace, ConfigError> {
        let root = root_config(options.config.as_deref())?;
        let walk = walk::Walk::one(path);
        let configs = if options.config.is_some() {
            Configs::one(root)
        } else {
            Configs::nearest(root, [path])?
        };
        Ok(Workspace {
            files,
            stdin: options.stdin,
            configs,
            walk,
        })
    }

    /// The files to work on: command-line files first in their order, each folder's
    /// files sorted.
    pub(crate) fn entries(&self) -> &[Entry] {
        &self.walk.entries
    }

    /// Paths that could not be read or walked.
    pub(crate) fn path_problems(&self) -> &[PathProblem] {
        &self.walk.problems
    }

    /// The config `path` is worked on with.
    pub(crate) fn config_for(&self, path: &Path) -> &Config {
        self.configs.for_file(path)
    }

    /// Reads one entry. A file named on the command line is always a template; one
    /// found in a folder may turn out to be something else.
    pub(crate) fn read(&self, entry: &Entry) -> Read {
        let read = if crate::source::is_dash(&entry.path) {
            source::read_stdin(self.stdin)
        } else {
            source::read_file(&entry.path, self.files.kind_of(&entry.path))
        };
        match read {
            Err((source, problem)) => Read::Unreadable(source, problem),
            Ok(source)
                if !entry.given
                    && source.kind == SourceKind::Json
                    && !looks_like_template(&source.text) =>
            {
                Read::NotTemplate(source)
            }
            Ok(source) => Read::Template(source),
        }
    }
}

/// `--config`, or the config found from the working directory upward.
fn root_config(given: Option<&Path>) -> Result<Config, ConfigError> {
    match given {
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
    }
}
