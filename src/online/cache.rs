//! `--online-cache DIR`: what a probe found, kept across runs (a CI cache), one JSON
//! file per URL named by the SHA-256 of the probe kind and URL, with the time it was
//! fetched. Entries older than the maximum age are fetched again. Only answers are
//! kept: a failure to resolve, connect or finish in time may be gone on the next run.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::{Kind, Probed};

/// A cache folder and how old an entry may be.
#[derive(Debug, Clone)]
pub(crate) struct Cache {
    dir: PathBuf,
    max_age: Duration,
}

/// One file of the cache.
#[derive(Serialize, Deserialize)]
struct Entry {
    url: String,
    kind: Kind,
    /// Seconds since the Unix epoch.
    fetched_at: u64,
    probed: Probed,
}

impl Cache {
    /// A cache in `dir` (created when first written) whose entries live `max_age`.
    #[must_use]
    pub(crate) fn new(dir: &Path, max_age: Duration) -> Cache {
        Cache {
            dir: dir.to_path_buf(),
            max_age,
        }
    }

    fn path(&self, kind: Kind, url: &str) -> PathBuf {
        let key = format!("{}\n{url}", kind.name());
        let digest = ring::digest::digest(&ring::digest::SHA256, key.as_bytes());
        let name = digest
            .as_ref()
            .iter()
            .fold(String::new(), |mut name, byte| {
                use std::fmt::Write as _;
                let _ = write!(name, "{byte:02x}");
                name
            });
        self.dir.join(format!("{name}.json"))
    }

    /// The entry for `url`, when there is one younger than the maximum age.
    #[must_use]
    pub(crate) fn get(&self, kind: Kind, url: &str) -> Option<Probed> {
        let text = std::fs::read_to_string(self.path(kind, url)).ok()?;
        let entry: Entry = serde_json::from_str(&text).ok()?;
        let age = Duration::from_secs(now().checked_sub(entry.fetched_at)?);
        (entry.url == url && entry.kind == kind && age < self.max_age).then_some(entry.probed)
    }

    /// Keeps `probed` for `url`, when it is an answer worth keeping.
    pub(crate) fn put(&self, kind: Kind, url: &str, probed: &Probed) -> Result<(), String> {
        if probed.result.is_err() {
            return Ok(());
        }
        let fail = |e: &dyn std::fmt::Display| {
            format!(
                "cannot write the online cache in {}: {e}",
                self.dir.display()
            )
        };
        std::fs::create_dir_all(&self.dir).map_err(|e| fail(&e))?;
        let entry = Entry {
            url: url.to_owned(),
            kind,
            fetched_at: now(),
            probed: probed.clone(),
        };
        let text = serde_json::to_string_pretty(&entry).map_err(|e| fail(&e))?;
        // Written whole or not at all: parallel CI jobs may share the folder.
        let mut file = tempfile::NamedTempFile::new_in(&self.dir).map_err(|e| fail(&e))?;
        file.write_all(text.as_bytes()).map_err(|e| fail(&e))?;
        file.persist(self.path(kind, url))
            .map_err(|e| fail(&e.error))?;
        Ok(())
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}
