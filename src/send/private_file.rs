//! Files only their owner may read (token files, the sign-in store): read one,
//! refusing it when others can read it, and replace one atomically with mode 0600.

use std::path::{Path, PathBuf};

use super::error::SendError;

/// An exclusive temporary file beside its destination, waiting for the new text;
/// dropped unused, it is removed. Created first, so a folder that cannot be written is
/// found before anything is at stake (a refresh token Kakao may rotate).
#[derive(Debug)]
pub struct PendingWrite {
    temp: tempfile::NamedTempFile,
    path: PathBuf,
}

impl PendingWrite {
    /// Creates the temporary file for `path`: a random name, `O_CREAT|O_EXCL` (a planted
    /// file or symlink is never opened), mode 0600, in `path`'s folder so the rename is
    /// atomic.
    pub fn beside(path: &Path) -> std::io::Result<Self> {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("token");
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".ktpl-tmp")
            .tempfile_in(folder_of(path))?;
        Ok(Self {
            temp,
            path: path.to_path_buf(),
        })
    }

    /// Where the text will go.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `text`, syncs it, renames it over the destination (replacing a symlink
    /// there, never following it) and syncs the folder, so a crash leaves the old text
    /// or the new, never half of either.
    pub fn commit(self, text: &str) -> std::io::Result<()> {
        crate::write::commit(self.temp, text, &self.path, true)
    }
}

/// The folder a file is in (`.` for a bare name).
#[must_use]
pub fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Reads `path` (a `what`, such as "token file"), refusing one that others can read, as
/// ssh does with keys.
pub fn read_private(path: &Path, what: &str) -> Result<String, SendError> {
    let metadata = std::fs::metadata(path).map_err(|e| SendError::Credentials {
        message: format!("cannot read {what} {}: {e}", path.display()),
        help: format!("check the path of the {what}"),
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = metadata.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(SendError::Credentials {
                message: format!(
                    "{what} {} is readable by others (mode {mode:03o})",
                    path.display()
                ),
                help: format!("a token is a password: run `chmod 600 {}`", path.display()),
            });
        }
    }
    #[cfg(not(unix))]
    let _ = metadata;
    std::fs::read_to_string(path).map_err(|e| SendError::Credentials {
        message: format!("cannot read {what} {}: {e}", path.display()),
        help: format!("check the {what}"),
    })
}
