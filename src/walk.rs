//! Which files `ktpl check` reads: files as given, folders walked with the `ignore`
//! crate (honouring `.gitignore` and `exclude` in `ktpl.toml`, skipping hidden entries,
//! following symlinks), template extensions only. Nothing is skipped silently: a
//! missing path, an unreadable entry and a symlink loop each become a problem.

use std::path::{Path, PathBuf};

use crate::code::Code;
use crate::config::Config;
use crate::diagnostic::Problem;

/// One file to check.
#[derive(Debug, Clone)]
pub struct Target {
    /// The path as the walk found it (or `-`).
    pub path: PathBuf,
    /// Named on the command line, rather than found in a folder: always a template.
    pub given: bool,
    /// Index of the command-line path this file came from.
    pub root: usize,
}

/// A problem with a path rather than with a template's text.
#[derive(Debug, Clone)]
pub struct PathProblem {
    /// The path the problem is about, as reports name it.
    pub name: String,
    /// What is wrong.
    pub problem: Problem,
    /// Index of the command-line path it came from.
    pub root: usize,
}

/// What walking the command-line paths found.
#[derive(Debug, Default)]
pub struct Walk {
    /// Files to check: command-line files first in their order, folders' files sorted.
    pub targets: Vec<Target>,
    /// Paths that could not be read or walked.
    pub problems: Vec<PathProblem>,
}

/// Every template file under `paths`. `-` passes through.
#[must_use]
pub fn template_files(paths: &[PathBuf], config: &Config) -> Walk {
    let mut walk = Walk::default();
    for (root, path) in paths.iter().enumerate() {
        let name = path.display().to_string();
        if path == Path::new("-") {
            walk.targets.push(Target {
                path: path.clone(),
                given: true,
                root,
            });
            continue;
        }
        match std::fs::metadata(path) {
            Err(error) => walk.problems.push(PathProblem {
                problem: unreadable(&error.to_string(), path),
                name,
                root,
            }),
            Ok(meta) if !meta.is_dir() => walk.targets.push(Target {
                path: path.clone(),
                given: true,
                root,
            }),
            Ok(_) => walk_folder(path, root, config, &mut walk),
        }
    }
    walk
}

fn walk_folder(folder: &Path, root: usize, config: &Config, walk: &mut Walk) {
    let mut builder = ignore::WalkBuilder::new(folder);
    builder.require_git(false).follow_links(true);
    if !config.exclude.is_empty() {
        let mut overrides = ignore::overrides::OverrideBuilder::new(folder);
        for glob in &config.exclude {
            // Checked when the config was read; a glob that fails here is skipped.
            let _ = overrides.add(&format!("!{glob}"));
        }
        if let Ok(overrides) = overrides.build() {
            builder.overrides(overrides);
        }
    }
    let mut found = Vec::new();
    for entry in builder.build() {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                let wanted = entry
                    .path()
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|ext| config.is_template_extension(ext));
                if is_file && wanted {
                    found.push(entry.into_path());
                }
            }
            Err(error) => walk.problems.push(walk_problem(&error, folder, root)),
        }
    }
    found.sort();
    walk.targets.extend(found.into_iter().map(|path| Target {
        path,
        given: false,
        root,
    }));
}

/// A walk error as a problem about the entry it names.
fn walk_problem(error: &ignore::Error, folder: &Path, root: usize) -> PathProblem {
    let mut error = error;
    let mut path = None;
    loop {
        match error {
            ignore::Error::WithPath { path: at, err } => {
                path.get_or_insert(at.clone());
                error = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                error = err;
            }
            ignore::Error::Loop { ancestor, child } => {
                let name = child.display().to_string();
                let problem = Problem::new(
                    Code::IoSymlinkLoop,
                    format!("symlink loop: {name} leads back to {}", ancestor.display()),
                )
                .help("the folder holds a link to itself or to a folder above it; remove the link, or add it to `exclude` in ktpl.toml");
                return PathProblem {
                    name,
                    problem,
                    root,
                };
            }
            other => {
                let path = path.unwrap_or_else(|| folder.to_path_buf());
                let message = other.to_string();
                // `ignore` words an I/O error as "IO error for operation on PATH: why".
                let prefix = format!("IO error for operation on {}: ", path.display());
                let why = message.strip_prefix(&prefix).unwrap_or(&message);
                let problem = unreadable(why, &path);
                return PathProblem {
                    name: path.display().to_string(),
                    problem,
                    root,
                };
            }
        }
    }
}

fn unreadable(error: &str, path: &Path) -> Problem {
    let is_link = path
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink());
    let help = if is_link {
        "this symlink points at nothing readable; fix or remove the link"
    } else {
        "check that the path exists and is readable"
    };
    Problem::new(
        Code::IoRead,
        format!("cannot read {}: {error}", path.display()),
    )
    .help(help)
}

/// The top-level keys a template object may have, for telling templates from other
/// JSON files in a walked folder.
fn template_keys() -> &'static [&'static str] {
    static KEYS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys = vec!["object_type"];
        for kind in ["feed", "list", "location", "commerce", "text", "calendar"] {
            keys.extend(
                crate::kakao::fields::Kind::template(kind)
                    .map(crate::kakao::fields::Kind::keys)
                    .unwrap_or_default(),
            );
        }
        keys.sort_unstable();
        keys.dedup();
        keys
    })
}

/// Whether a `.json` file found in a folder is a template (files named on the command
/// line always are). It is not only when it is clearly something else: valid JSON whose
/// top level is not an object, or an object none of whose keys is a template key or
/// close to one (`package.json`, `tsconfig.json`). Anything that does not parse, an
/// empty object, or one with `object_type` misspelled is read as a template, so a
/// broken template is reported rather than skipped.
#[must_use]
pub fn looks_like_template(text: &str) -> bool {
    // Nearly every template names its type: no need to parse it twice.
    if text.contains("\"object_type\"") {
        return true;
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return true;
    };
    let serde_json::Value::Object(object) = value else {
        return false;
    };
    let keys = template_keys();
    object.is_empty()
        || object.keys().any(|key| {
            keys.contains(&key.as_str())
                || crate::prose::closest(key, keys.iter().copied()).is_some()
        })
}

#[cfg(test)]
mod tests {
    use super::looks_like_template;

    #[test]
    fn other_json_files_are_told_from_templates() {
        for other in [
            r#"{"name": "shop", "version": "1.0.0", "scripts": {}, "dependencies": {}, "devDependencies": {}, "license": "MIT", "main": "index.js", "private": true}"#,
            r#"{"compilerOptions": {"strict": true}, "include": ["src"], "exclude": []}"#,
            r#"{"recommendations": ["rust-lang.rust-analyzer"]}"#,
            "[1, 2]",
        ] {
            assert!(!looks_like_template(other), "{other}");
        }
        for template in [
            r#"{"object_type": "text", "text": "a", "link": {}}"#,
            r#"{"objecttype": "text"}"#,
            r#"{"object_typ": "feed"}"#,
            r#"{"content": {"title": "a"}}"#,
            "{}",
            r#"{"object_type": "text", "#,
        ] {
            assert!(looks_like_template(template), "{template}");
        }
    }
}
