//! Which files `ktpl check` reads: files as given, folders walked with the `ignore`
//! crate (honouring `.gitignore`, skipping hidden entries), template extensions only.

use std::path::{Path, PathBuf};

use crate::config::Config;

/// Every template file under `paths`, folders' files sorted by path. `-` passes through.
pub fn template_files(paths: &[PathBuf], config: &Config) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for path in paths {
        if path == Path::new("-") {
            files.push(path.clone());
            continue;
        }
        if !path.exists() {
            return Err(format!("{}: no such file or folder", path.display()));
        }
        if !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        let mut found = Vec::new();
        let walker = ignore::WalkBuilder::new(path).require_git(false).build();
        for entry in walker {
            let entry = entry.map_err(|e| format!("cannot walk {}: {e}", path.display()))?;
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
        found.sort();
        files.extend(found);
    }
    Ok(files)
}
