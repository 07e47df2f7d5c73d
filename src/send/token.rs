//! The access token: where it comes from, and a type that never prints it.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::error::SendError;

/// A Kakao access token. `Debug` and `Display` print `***`; there is no way to
/// serialize it, so it cannot reach output, logs, errors or snapshots.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

impl AccessToken {
    /// Wraps a token.
    #[must_use]
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    /// The `Authorization` header value. Only the HTTP client calls this.
    pub(super) fn bearer(&self) -> String {
        format!("Bearer {}", self.0)
    }

    /// The raw token, for writing back to its file.
    pub(super) fn secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(***)")
    }
}

impl fmt::Display for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// What is needed to refresh an expired access token.
#[derive(Clone)]
pub struct RefreshCredentials {
    /// The refresh token.
    pub refresh_token: AccessToken,
    /// The app's REST API key (`client_id`).
    pub rest_api_key: String,
    /// The client secret, when the app has one enabled.
    pub client_secret: Option<AccessToken>,
}

impl fmt::Debug for RefreshCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RefreshCredentials(***)")
    }
}

/// Where the credentials came from, so a refreshed token can be written back.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// The access token.
    pub access: AccessToken,
    /// Refresh credentials, when available.
    pub refresh: Option<RefreshCredentials>,
    /// The token file, when the token came from one.
    pub file: Option<PathBuf>,
    /// Where a rotated refresh token is kept when there is no token file
    /// (`$XDG_STATE_HOME/ktpl/refresh-token`, or under `~/.local/state`).
    pub state_file: Option<PathBuf>,
}

impl Credentials {
    /// Reads credentials: the token from `file` (first line; an optional second line is
    /// the refresh token) or `KAKAO_ACCESS_TOKEN`; refresh from `KAKAO_REFRESH_TOKEN`,
    /// `KAKAO_REST_API_KEY` and `KAKAO_CLIENT_SECRET`. `env` reads a variable.
    pub fn load(
        file: Option<&Path>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, SendError> {
        let non_empty = |name: &str| env(name).filter(|v| !v.trim().is_empty());
        let (access, file_refresh) = match file {
            Some(path) => {
                let text = read_private(path)?;
                let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
                let access = lines.next().ok_or_else(|| SendError::Credentials {
                    message: format!("token file {} is empty", path.display()),
                    help: "put the access token on the first line".to_owned(),
                })?;
                (access.to_owned(), lines.next().map(str::to_owned))
            }
            None => match non_empty("KAKAO_ACCESS_TOKEN") {
                Some(token) => (token.trim().to_owned(), None),
                None => {
                    return Err(SendError::Credentials {
                        message: "no access token".to_owned(),
                        help: "set KAKAO_ACCESS_TOKEN or pass --token-file FILE (a user token with the talk_message consent)".to_owned(),
                    });
                }
            },
        };
        let refresh_token = file_refresh.or_else(|| non_empty("KAKAO_REFRESH_TOKEN"));
        let refresh = match (refresh_token, non_empty("KAKAO_REST_API_KEY")) {
            (Some(token), Some(key)) => Some(RefreshCredentials {
                refresh_token: AccessToken::new(token.trim()),
                rest_api_key: key.trim().to_owned(),
                client_secret: non_empty("KAKAO_CLIENT_SECRET").map(|s| AccessToken::new(s.trim())),
            }),
            _ => None,
        };
        let state_file = non_empty("XDG_STATE_HOME")
            .map(PathBuf::from)
            .or_else(|| non_empty("HOME").map(|home| Path::new(&home).join(".local/state")))
            .map(|dir| dir.join("ktpl").join("refresh-token"));
        Ok(Self {
            access: AccessToken::new(access),
            refresh,
            file: file.map(Path::to_path_buf),
            state_file,
        })
    }

    /// Keeps refreshed tokens. With a token file, both go back into it. Without one,
    /// a rotated refresh token (Kakao invalidates the old one) is saved to the state
    /// file, whose path is returned so the user can be told; a new access token alone
    /// is only kept in memory for this run.
    pub fn write_back(&self, refresh_rotated: bool) -> Result<Option<PathBuf>, SendError> {
        if let Some(path) = &self.file {
            let mut text = format!("{}\n", self.access.secret());
            if let Some(refresh) = &self.refresh {
                text.push_str(refresh.refresh_token.secret());
                text.push('\n');
            }
            write_private(path, &text)?;
            return Ok(None);
        }
        match (&self.refresh, &self.state_file) {
            (Some(refresh), Some(state)) if refresh_rotated => {
                if let Some(dir) = state.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| SendError::Credentials {
                        message: format!("cannot create {}: {e}", dir.display()),
                        help: "Kakao rotated the refresh token; pass --token-file to keep it there"
                            .to_owned(),
                    })?;
                }
                write_private(state, &format!("{}\n", refresh.refresh_token.secret()))?;
                Ok(Some(state.clone()))
            }
            _ => Ok(None),
        }
    }
}

/// Writes a secret file atomically: a new file beside it, mode 0600, renamed over the
/// old one, so a crash never leaves half a token.
fn write_private(path: &Path, text: &str) -> Result<(), SendError> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let temp = dir.join(format!(
        ".{}.ktpl-tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("token")
    ));
    let failed = |e: std::io::Error| SendError::Credentials {
        message: format!(
            "cannot write the refreshed token to {}: {e}",
            path.display()
        ),
        help: "check that the token file's folder is writable".to_owned(),
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut out = options.open(&temp).map_err(failed)?;
    out.write_all(text.as_bytes()).map_err(failed)?;
    out.sync_all().map_err(failed)?;
    drop(out);
    std::fs::rename(&temp, path).map_err(failed)
}

/// Reads a token file, refusing one that others can read (as ssh does with keys).
fn read_private(path: &Path) -> Result<String, SendError> {
    let metadata = std::fs::metadata(path).map_err(|e| SendError::Credentials {
        message: format!("cannot read token file {}: {e}", path.display()),
        help: "check the path given to --token-file".to_owned(),
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = metadata.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(SendError::Credentials {
                message: format!(
                    "token file {} is readable by others (mode {mode:03o})",
                    path.display()
                ),
                help: format!("a token is a password: run `chmod 600 {}`", path.display()),
            });
        }
    }
    #[cfg(not(unix))]
    let _ = metadata;
    std::fs::read_to_string(path).map_err(|e| SendError::Credentials {
        message: format!("cannot read token file {}: {e}", path.display()),
        help: "the token file holds the access token on its first line".to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_never_print() {
        let token = AccessToken::new("secret-value-123");
        assert_eq!(format!("{token}"), "***");
        assert!(!format!("{token:?}").contains("secret"));
        let credentials = Credentials::load(None, |name| {
            (name == "KAKAO_ACCESS_TOKEN"
                || name == "KAKAO_REFRESH_TOKEN"
                || name == "KAKAO_REST_API_KEY")
                .then(|| "secret-value-123".to_owned())
        })
        .expect("loads");
        assert!(!format!("{credentials:?}").contains("secret"));
        assert!(credentials.refresh.is_some());
    }
}
