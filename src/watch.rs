//! Watching template files for saves, for `ktpl check --watch` and `ktpl preview
//! --serve`: the paths as given → "something changed" after each save settles.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

/// How long a save may take: editors write, rename and touch in several steps, which
/// should count as one change.
const SETTLE: Duration = Duration::from_millis(60);

/// A watch over files and folders.
pub(crate) struct Watch {
    _watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    /// Files given by name (their folder is watched: editors replace files on save).
    files: Vec<PathBuf>,
    /// Folders given, watched recursively.
    folders: Vec<PathBuf>,
}

impl Watch {
    /// Starts watching `paths` (files or folders; `-` is skipped).
    pub(crate) fn new(paths: &[PathBuf]) -> Result<Self, String> {
        let (sender, events) = channel();
        let mut watcher =
            notify::recommended_watcher(sender).map_err(|e| format!("cannot watch files: {e}"))?;
        let (mut files, mut folders) = (Vec::new(), Vec::new());
        for path in paths.iter().filter(|p| p.as_path() != Path::new("-")) {
            let absolute = std::fs::canonicalize(path)
                .map_err(|e| format!("cannot watch {}: {e}", path.display()))?;
            let (target, mode) = if absolute.is_dir() {
                folders.push(absolute.clone());
                (absolute, RecursiveMode::Recursive)
            } else {
                let folder = absolute
                    .parent()
                    .map_or_else(|| absolute.clone(), Path::to_path_buf);
                files.push(absolute);
                (folder, RecursiveMode::NonRecursive)
            };
            watcher
                .watch(&target, mode)
                .map_err(|e| format!("cannot watch {}: {e}", path.display()))?;
        }
        Ok(Self {
            _watcher: watcher,
            events,
            files,
            folders,
        })
    }

    /// Waits up to `timeout` for a change to a watched path; `true` when one came (and
    /// the save settled). Reading a file is not a change.
    #[must_use]
    pub(crate) fn changed_within(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(Ok(event)) if self.is_change(&event) => break,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return false,
            }
        }
        // Take the rest of this save.
        while self.events.recv_timeout(SETTLE).is_ok() {}
        true
    }

    fn is_change(&self, event: &notify::Event) -> bool {
        if matches!(event.kind, EventKind::Access(_)) {
            return false;
        }
        event.paths.iter().any(|path| {
            self.files.iter().any(|file| file == path)
                || self.folders.iter().any(|folder| path.starts_with(folder))
        })
    }
}
