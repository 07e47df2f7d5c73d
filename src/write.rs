//! Writing the files a user asked for (`fmt`, `import -o`, `check --fix`): a path and
//! its new text in, the file on disk out. A new file follows the umask. An existing one is rewritten
//! where it really lives (through symlinks), keeping its owner, group, mode and hard
//! links; read-only files and anything that is not a regular file are refused.
//! Regular files are replaced atomically, so a reader never sees half a file.

use std::fmt;
use std::fs::Metadata;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Why a file was not written.
#[derive(Debug)]
pub(crate) enum WriteError {
    /// ktpl will not write there (read-only, not a regular file); the user must act.
    Refused {
        /// The path as given.
        path: PathBuf,
        /// What the path is, as a phrase: "is read-only (mode 0444)".
        reason: String,
        /// What to do about it.
        help: &'static str,
    },
    /// The write was attempted and failed (no space, no permission, ...).
    Failed {
        /// The path as given.
        path: PathBuf,
        /// What failed, with the system's message.
        error: String,
    },
}

impl WriteError {
    /// Whether ktpl refused the write, rather than the system failing it.
    #[must_use]
    pub(crate) fn is_refusal(&self) -> bool {
        matches!(self, WriteError::Refused { .. })
    }
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Refused { path, reason, help } => {
                write!(f, "{} {reason}; not written: {help}", path.display())
            }
            WriteError::Failed { path, error } => {
                write!(f, "cannot write {}: {error}", path.display())
            }
        }
    }
}

impl std::error::Error for WriteError {}

/// Refuses `path` unless it is missing or a regular file (after symlinks), so a caller
/// can say so before reading it: reading a FIFO consumes what another program sent.
pub(crate) fn expect_regular_or_missing(path: &Path) -> Result<(), WriteError> {
    match std::fs::metadata(path) {
        Ok(meta) => expect_regular(path, &meta),
        Err(_) => Ok(()),
    }
}

/// Writes `text` to `path`.
///
/// - A missing file is created with mode 0666 less the umask, through a temporary file
///   renamed into place (never over a file that appeared meanwhile).
/// - An existing one is written where it lives: a symlink is followed to its target
///   (the link stays). It must be a regular file with a write bit set: a read-only
///   mode is refused even for root, who could write it anyway.
/// - Its owner, group and mode are kept. With one link it is replaced atomically;
///   with several (hard links) it is rewritten in place, not atomically, because a
///   rename would split the links and leave the others with the old text.
pub(crate) fn write_file(path: &Path, text: &str) -> Result<(), WriteError> {
    let failed = |what: &str, e: &dyn fmt::Display| WriteError::Failed {
        path: path.to_owned(),
        error: format!("{what}{e}"),
    };
    let existing = match std::fs::symlink_metadata(path) {
        Ok(_) => std::fs::metadata(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                WriteError::Refused {
                    path: path.to_owned(),
                    reason: "is a symlink to nothing".to_owned(),
                    help: "fix or remove the link",
                }
            } else {
                failed("", &e)
            }
        })?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return create_new(path, text).map_err(|e| failed("", &e));
        }
        Err(e) => return Err(failed("", &e)),
    };
    expect_regular(path, &existing)?;
    if mode_bits(&existing) & 0o222 == 0 {
        return Err(WriteError::Refused {
            path: path.to_owned(),
            reason: format!("is read-only (mode {:04o})", mode_bits(&existing)),
            help: "make it writable (`chmod u+w`) if it should change",
        });
    }
    // Where the file really lives: the temporary file must sit beside it for the
    // rename to be atomic, and the rename must replace it, not a link to it.
    let real = std::fs::canonicalize(path).map_err(|e| failed("", &e))?;
    if link_count(&existing) > 1 {
        return rewrite_in_place(&real, text).map_err(|e| failed("", &e));
    }
    replace(&real, &existing, text).map_err(|e| failed("", &e))
}

fn expect_regular(path: &Path, meta: &Metadata) -> Result<(), WriteError> {
    if meta.is_file() {
        return Ok(());
    }
    Err(WriteError::Refused {
        path: path.to_owned(),
        reason: format!("is not a regular file (it is {})", kind_of(meta)),
        help: "ktpl writes only regular files; use `-` to read standard input and print to standard output",
    })
}

/// What a non-regular file is, for the message.
fn kind_of(meta: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() { "a folder" } else { "special" }
}

fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn create_new(path: &Path, text: &str) -> std::io::Result<()> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".ktpl-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // What `open(O_CREAT, 0666)` gives every other tool's output: the umask applies.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let temp = builder.tempfile_in(folder_of(path))?;
    commit(temp, text, path, false)
}

fn replace(real: &Path, existing: &Metadata, text: &str) -> std::io::Result<()> {
    let temp = tempfile::Builder::new()
        .prefix(".ktpl-")
        .tempfile_in(folder_of(real))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Owner first: a change of owner clears set-user-ID bits the mode then restores.
        std::os::unix::fs::fchown(temp.as_file(), Some(existing.uid()), Some(existing.gid()))
            .map_err(|e| {
                std::io::Error::new(
                    e.kind(),
                    format!(
                        "cannot give the new text the file's owner {}:{} ({e})",
                        existing.uid(),
                        existing.gid()
                    ),
                )
            })?;
    }
    temp.as_file().set_permissions(existing.permissions())?;
    commit(temp, text, real, true)
}

/// Writes `text` into `temp`, syncs it, renames it to `path` (over an existing file only
/// when `overwrite`) and syncs the folder, so a crash leaves the old file or the new one.
/// The token write-back shares this step.
pub(crate) fn commit(
    mut temp: tempfile::NamedTempFile,
    text: &str,
    path: &Path,
    overwrite: bool,
) -> std::io::Result<()> {
    temp.write_all(text.as_bytes())?;
    temp.as_file().sync_all()?;
    if overwrite {
        temp.persist(path).map_err(|e| e.error)?;
    } else {
        temp.persist_noclobber(path).map_err(|e| e.error)?;
    }
    #[cfg(unix)]
    std::fs::File::open(folder_of(path))?.sync_all()?;
    Ok(())
}

fn rewrite_in_place(real: &Path, text: &str) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new().write(true).open(real)?;
    file.write_all(text.as_bytes())?;
    file.set_len(text.len() as u64)?;
    file.sync_all()
}

#[cfg(unix)]
fn mode_bits(meta: &Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn mode_bits(meta: &Metadata) -> u32 {
    if meta.permissions().readonly() {
        0o444
    } else {
        0o644
    }
}

#[cfg(unix)]
fn link_count(meta: &Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(meta)
}

#[cfg(not(unix))]
fn link_count(_: &Metadata) -> u64 {
    1
}
