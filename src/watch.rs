//! Watching template files for saves, for `ktpl check --watch` and `ktpl preview
//! --serve`: the paths as given → "something changed" after each save settles.
//!
//! A watch belongs to a folder, not to its path: when a watched folder is deleted and
//! made again (a `git checkout`, a generator rewriting its output), the operating
//! system's watch goes with the old folder. So each watched folder is held open, and
//! when the folder at its path is another one (or is back after being gone), it is
//! watched again and that counts as a change.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

/// How long a save may take: editors write, rename and touch in several steps, which
/// should count as one change.
const SETTLE: Duration = Duration::from_millis(60);

/// A watch over files and folders.
pub(crate) struct Watch {
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    /// Files given by name (their folder is watched: editors replace files on save).
    files: Vec<PathBuf>,
    /// Folders given, watched recursively.
    folders: Vec<PathBuf>,
    /// The folders holding the operating system's watches.
    held: Vec<Watched>,
}

/// One folder watched: its path, how, and the folder now watched there (held open, so
/// a folder made again at the path is told from it); `None` while the path is gone.
struct Watched {
    path: PathBuf,
    mode: RecursiveMode,
    folder: Option<same_file::Handle>,
}

impl Watch {
    /// Starts watching `paths` (files or folders; `-` is skipped).
    pub(crate) fn new(paths: &[PathBuf]) -> Result<Self, String> {
        let (sender, events) = channel();
        let mut watcher =
            notify::recommended_watcher(sender).map_err(|e| format!("cannot watch files: {e}"))?;
        let (mut files, mut folders, mut held) = (Vec::new(), Vec::new(), Vec::new());
        for path in paths
            .iter()
            .filter(|p| !crate::source::is_dash(p.as_path()))
        {
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
            let folder = same_file::Handle::from_path(&target).ok();
            watcher
                .watch(&target, mode)
                .map_err(|e| format!("cannot watch {}: {e}", path.display()))?;
            held.push(Watched {
                path: target,
                mode,
                folder,
            });
        }
        Ok(Self {
            watcher,
            events,
            files,
            folders,
            held,
        })
    }

    /// Watches again every watched path whose folder is not the one watched (made
    /// again, or back after being gone); `true` when one was.
    fn follow_folders(&mut self) -> bool {
        let mut changed = false;
        for watched in &mut self.held {
            let now = same_file::Handle::from_path(&watched.path).ok();
            if now == watched.folder {
                continue;
            }
            changed = true;
            let _ = self.watcher.unwatch(&watched.path);
            // A folder that cannot be watched yet is tried again on the next call.
            watched.folder =
                now.filter(|_| self.watcher.watch(&watched.path, watched.mode).is_ok());
        }
        changed
    }

    /// Waits up to `timeout` for a change to a watched path; `true` when one came (and
    /// the save settled). Reading a file is not a change; a watched folder deleted and
    /// made again is.
    #[must_use]
    pub(crate) fn changed_within(&mut self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(Ok(event)) if self.is_change(&event) => break,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                    if self.follow_folders() {
                        break;
                    }
                    return false;
                }
            }
        }
        self.follow_folders();
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
