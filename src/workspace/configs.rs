//! The config each file is worked on with: one for all (`--config`), or the nearest
//! `ktpl.toml` from the file's folder upward (so a folder of templates can carry its own
//! settings), else the one found from the working directory.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{Config, ConfigError};

/// The configs of a workspace.
#[derive(Debug)]
pub(super) struct Configs {
    /// `--config`, or the working directory's config.
    root: Arc<Config>,
    /// The folders whose nearest `ktpl.toml` is not `root`, with its settings; files in
    /// other folders use `root`. Usually empty, and then no path is hashed.
    nearest: HashMap<PathBuf, Arc<Config>>,
}

impl Configs {
    /// `root` for every file.
    pub(super) fn one(root: Config) -> Configs {
        Configs {
            root: Arc::new(root),
            nearest: HashMap::new(),
        }
    }

    /// `root`, and the nearest config of every folder holding one of `files`. A broken
    /// config is an error for all: its problems are the caller's to report.
    pub(super) fn nearest<'a>(
        root: Config,
        files: impl IntoIterator<Item = &'a Path>,
    ) -> Result<Configs, ConfigError> {
        let mut configs = Configs::one(root);
        let root_path = configs.root.path.clone();
        let mut searched: HashSet<&Path> = HashSet::new();
        let mut loaded: HashMap<PathBuf, Arc<Config>> = HashMap::new();
        let mut previous: Option<&Path> = None;
        for file in files {
            let Some(folder) = file.parent() else {
                continue;
            };
            // Walked folders list their files together: most files skip the set.
            if crate::source::is_dash(file) || previous == Some(folder) || !searched.insert(folder)
            {
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
                let config = Arc::new(Config::load(&path)?);
                loaded.insert(path, Arc::clone(&config));
                config
            };
            configs.nearest.insert(folder.to_path_buf(), config);
        }
        Ok(configs)
    }

    /// The config `file` is worked on with.
    pub(super) fn for_file(&self, file: &Path) -> &Config {
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
