//! Which files a command reads: files as given, folders walked with the `ignore` crate
//! (honouring `.gitignore` and `exclude` in `ktpl.toml`, skipping hidden entries,
//! following symlinks), the command's extensions only. Nothing is skipped silently: a
//! missing path, an unreadable entry and a symlink loop each become a problem.

use std::path::{Path, PathBuf};

use super::Files;
use crate::code::Code;
use crate::config::Config;
use crate::diagnostic::Problem;

/// One file to read.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// The path as the walk found it (or `-`).
    pub(crate) path: PathBuf,
    /// Named on the command line, rather than found in a folder: always a template.
    pub(crate) given: bool,
    /// Index of the command-line path this file came from.
    pub(crate) root: usize,
}

/// A problem with a path rather than with a template's text.
#[derive(Debug, Clone)]
pub(crate) struct PathProblem {
    /// The path the problem is about, as reports name it.
    pub(crate) name: String,
    /// What is wrong.
    pub(crate) problem: Problem,
    /// Index of the command-line path it came from.
    pub(crate) root: usize,
}

/// What walking the command-line paths found.
#[derive(Debug, Default)]
pub(super) struct Walk {
    /// Files to read: command-line files first in their order, folders' files sorted.
    pub(super) entries: Vec<Entry>,
    /// Paths that could not be read or walked.
    pub(super) problems: Vec<PathProblem>,
}

impl Walk {
    /// Just `path`, as named, unwalked.
    pub(super) fn one(path: &Path) -> Walk {
        Walk {
            entries: vec![Entry {
                path: path.to_path_buf(),
                given: true,
                root: 0,
            }],
            problems: Vec::new(),
        }
    }
}

/// Every file under `paths` that `files` wants. `-` passes through.
#[must_use]
pub(super) fn walk(paths: &[PathBuf], config: &Config, files: Files) -> Walk {
    let mut walk = Walk::default();
    for (root, path) in paths.iter().enumerate() {
        let name = path.display().to_string();
        if crate::source::is_dash(path) {
            walk.entries.push(Entry {
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
            Ok(meta) if !meta.is_dir() => walk.entries.push(Entry {
                path: path.clone(),
                given: true,
                root,
            }),
            Ok(_) => walk_folder(path, root, config, files, &mut walk),
        }
    }
    walk
}

fn walk_folder(folder: &Path, root: usize, config: &Config, files: Files, walk: &mut Walk) {
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
                    .is_some_and(|ext| files.wants(ext, config));
                if is_file && wanted {
                    found.push(entry.into_path());
                }
            }
            Err(error) => walk.problems.push(walk_problem(&error, folder, root)),
        }
    }
    walk.entries
        .extend(sorted(found, folder).into_iter().map(|path| Entry {
            path,
            given: false,
            root,
        }));
}

/// `paths`, all under `folder`, in the order of `Path`'s `Ord` (part by part). Each is
/// keyed once by the bytes below the folder with its separators as 0 bytes, which no
/// name holds: byte order is then part-by-part order (`a/x` before `a b`), with no
/// path split into parts per comparison.
fn sorted(paths: Vec<PathBuf>, folder: &Path) -> Vec<PathBuf> {
    let keys: Option<Vec<Vec<u8>>> = paths.iter().map(|path| order_key(path, folder)).collect();
    let Some(keys) = keys else {
        // A path that is not plainly `folder/part/part`: compare parts.
        let mut paths = paths;
        paths.sort_by_cached_key(|path| path.strip_prefix(folder).unwrap_or(path).to_path_buf());
        return paths;
    };
    let mut keyed: Vec<(Vec<u8>, PathBuf)> = keys.into_iter().zip(paths).collect();
    keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    keyed.into_iter().map(|(_, path)| path).collect()
}

/// The order key of `path` below `folder` (see [`sorted`]), or `None` when its text is
/// not the folder's, a separator and plain parts (no empty, `.` or `..` part).
fn order_key(path: &Path, folder: &Path) -> Option<Vec<u8>> {
    if !cfg!(unix) {
        return None;
    }
    let below = path
        .as_os_str()
        .as_encoded_bytes()
        .strip_prefix(folder.as_os_str().as_encoded_bytes())?;
    let below = if folder.as_os_str().as_encoded_bytes().ends_with(b"/") {
        below
    } else {
        below.strip_prefix(b"/")?
    };
    if below
        .split(|&b| b == b'/')
        .any(|part| matches!(part, b"" | b"." | b".."))
    {
        return None;
    }
    Some(
        below
            .iter()
            .map(|&b| if b == b'/' { 0 } else { b })
            .collect(),
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte keys give `Path`'s order, and paths they cannot key plainly are still
    /// sorted part by part.
    #[test]
    fn paths_are_sorted_part_by_part() {
        let names = [
            "b.ktpl",
            "a/x.ktpl",
            "a b.ktpl",
            "a-b.ktpl",
            "a.b/y.ktpl",
            "A.ktpl",
            "a/z/q.ktpl",
            "a.ktpl",
            "a/y.ktpl",
            "ab/c.ktpl",
            "한/a.ktpl",
            "a0.ktpl",
            "a!/b",
            "a/\u{1}",
        ];
        for folder in [".", "./", "root", "root/", "/tmp/x"] {
            let folder = Path::new(folder);
            let paths: Vec<PathBuf> = names.iter().map(|name| folder.join(name)).collect();
            assert!(paths.iter().all(|path| order_key(path, folder).is_some()));
            let mut expected = paths.clone();
            expected.sort();
            assert_eq!(sorted(paths.into_iter().rev().collect(), folder), expected);
        }
        let folder = Path::new("f");
        let odd: Vec<PathBuf> = ["f/a/../b", "f/./a", "f//c", "f/a-"]
            .iter()
            .map(PathBuf::from)
            .collect();
        assert!(order_key(&odd[0], folder).is_none());
        let mut expected = odd.clone();
        expected.sort();
        assert_eq!(sorted(odd.into_iter().rev().collect(), folder), expected);
    }
}
