//! The credentials a send uses: where the tokens come from, and where refreshed ones go.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::error::SendError;
use super::secret::{AccessToken, ClientSecret, RefreshToken};

/// The app's keys, which kauth asks for with every token request.
#[derive(Clone)]
pub struct AppKeys {
    /// The app's REST API key (`client_id`).
    pub rest_api_key: String,
    /// The client secret, when the app has one switched on.
    pub client_secret: Option<ClientSecret>,
}

impl std::fmt::Debug for AppKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AppKeys(***)")
    }
}

/// Where the credentials came from, so a refreshed token can be written back.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// The access token.
    pub access: AccessToken,
    /// The refresh token, when there is one.
    pub refresh: Option<RefreshToken>,
    /// The app's keys, needed to refresh.
    pub app: Option<AppKeys>,
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
        let source = file.map_or_else(
            || "KAKAO_ACCESS_TOKEN".to_owned(),
            |path| format!("the first line of {}", path.display()),
        );
        check_token_text(&access, "the access token", &source)?;
        let refresh_source = match file {
            Some(path) if file_refresh.is_some() => {
                format!("the second line of {}", path.display())
            }
            _ => "KAKAO_REFRESH_TOKEN".to_owned(),
        };
        let refresh_token = file_refresh.or_else(|| non_empty("KAKAO_REFRESH_TOKEN"));
        if let Some(token) = &refresh_token {
            check_token_text(token.trim(), "the refresh token", &refresh_source)?;
        }
        for name in ["KAKAO_REST_API_KEY", "KAKAO_CLIENT_SECRET"] {
            if let Some(value) = non_empty(name) {
                check_token_text(value.trim(), name, name)?;
            }
        }
        let app = non_empty("KAKAO_REST_API_KEY").map(|key| AppKeys {
            rest_api_key: key.trim().to_owned(),
            client_secret: non_empty("KAKAO_CLIENT_SECRET").map(|s| ClientSecret::new(s.trim())),
        });
        let state_file = non_empty("XDG_STATE_HOME")
            .map(PathBuf::from)
            .or_else(|| non_empty("HOME").map(|home| Path::new(&home).join(".local/state")))
            .map(|dir| dir.join("ktpl").join("refresh-token"));
        Ok(Self {
            access: AccessToken::new(access),
            refresh: refresh_token.map(|token| RefreshToken::new(token.trim())),
            app,
            file: file.map(Path::to_path_buf),
            state_file,
        })
    }

    /// The refresh token and the app keys, when both are there to refresh with.
    #[must_use]
    pub fn refresh_grant(&self) -> Option<(&RefreshToken, &AppKeys)> {
        self.refresh.as_ref().zip(self.app.as_ref())
    }

    /// Where refreshed tokens will be kept: the token file, or (a rotated refresh
    /// token without one) the state file. Called before refreshing: it creates the
    /// exclusive temporary file the tokens will be written to, so a folder that cannot
    /// be written is found while the old refresh token still works.
    pub fn prepare_write_back(&self) -> Result<PendingWrite, SendError> {
        let (path, help) = match (&self.file, &self.state_file) {
            (Some(file), _) => (
                file.clone(),
                "make the token file's folder writable, or copy the token file to a writable folder and pass that to --token-file",
            ),
            (None, Some(state)) => (
                state.clone(),
                "set XDG_STATE_HOME to a writable folder, or pass --token-file FILE in a writable folder",
            ),
            (None, None) => {
                return Err(SendError::Credentials {
                    message: "the access token expired, and ktpl has nowhere to keep the refresh token Kakao may rotate, so it did not refresh".to_owned(),
                    help: "pass --token-file FILE in a writable folder, or set XDG_STATE_HOME".to_owned(),
                });
            }
        };
        let cannot = |e: std::io::Error| SendError::Credentials {
            message: format!(
                "the access token expired, and a refreshed token could not be saved to {} ({e}), so ktpl did not refresh: your refresh token still works",
                path.display()
            ),
            help: help.to_owned(),
        };
        let dir = folder_of(&path);
        if self.file.is_none() {
            let mut builder = std::fs::DirBuilder::new();
            builder.recursive(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::DirBuilderExt;
                builder.mode(0o700);
            }
            builder.create(dir).map_err(cannot)?;
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("token");
        // Random name, O_CREAT|O_EXCL (a planted file or symlink is never opened), mode
        // 0600, in the destination's folder so the rename is atomic.
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".ktpl-tmp")
            .tempfile_in(dir)
            .map_err(cannot)?;
        Ok(PendingWrite { temp, path })
    }

    /// Writes refreshed tokens through `pending`. With a token file, both go back into
    /// it. Without one, a rotated refresh token (Kakao voids the old one) goes to the
    /// state file, whose path is returned so the user can be told; a new access token
    /// alone is only kept in memory for this run.
    pub fn commit_write_back(
        &self,
        pending: PendingWrite,
        refresh_rotated: bool,
    ) -> Result<Option<PathBuf>, SendError> {
        if self.file.is_some() {
            let mut text = format!("{}\n", self.access.expose());
            if let Some(refresh) = &self.refresh {
                text.push_str(refresh.expose());
                text.push('\n');
            }
            pending.commit(&text)?;
            return Ok(None);
        }
        match &self.refresh {
            Some(refresh) if refresh_rotated => {
                let path = pending.path.clone();
                pending.commit(&format!("{}\n", refresh.expose()))?;
                Ok(Some(path))
            }
            _ => Ok(None),
        }
    }
}

/// An exclusive temporary file beside a token file, waiting for the refreshed tokens;
/// dropped unused, it is removed.
#[derive(Debug)]
pub struct PendingWrite {
    temp: tempfile::NamedTempFile,
    path: PathBuf,
}

impl PendingWrite {
    /// Writes `text`, syncs it, renames it over the destination (replacing a symlink
    /// there, never following it) and syncs the folder, so a crash leaves the old
    /// tokens or the new ones, never half of either.
    fn commit(mut self, text: &str) -> Result<(), SendError> {
        let path = self.path.clone();
        let failed = |e: std::io::Error| {
            SendError::Credentials {
            message: format!(
                "cannot write the refreshed token to {}: {e}",
                path.display()
            ),
            help: "Kakao may have voided the old refresh token; if the next run says KOE322, log in again".to_owned(),
        }
        };
        self.temp.write_all(text.as_bytes()).map_err(failed)?;
        self.temp.as_file().sync_all().map_err(failed)?;
        self.temp.persist(&self.path).map_err(|e| failed(e.error))?;
        #[cfg(unix)]
        std::fs::File::open(folder_of(&self.path))
            .and_then(|dir| dir.sync_all())
            .map_err(failed)?;
        Ok(())
    }
}

fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Refuses a token that cannot be one: a byte-order mark, a line break or any other
/// character outside visible ASCII (it would fail as an HTTP header far from its
/// cause). The message names where the token came from, never the token.
fn check_token_text(token: &str, what: &str, source: &str) -> Result<(), SendError> {
    let problem = if token.starts_with('\u{feff}') {
        Some("starts with a byte-order mark (BOM); save the file as UTF-8 without BOM".to_owned())
    } else if token.contains(['\n', '\r']) {
        Some("contains a line break; give the token alone, on one line".to_owned())
    } else {
        token
            .char_indices()
            .find(|(_, c)| !c.is_ascii_graphic())
            .map(|(at, c)| {
                format!(
                    "has a character no token has (U+{:04X} at byte {at}); copy the token again",
                    u32::from(c)
                )
            })
    };
    match problem {
        Some(problem) => Err(SendError::Usage {
            message: format!("{what} from {source} {problem}"),
        }),
        None => Ok(()),
    }
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
    fn a_malformed_token_is_named_by_its_source_never_shown() {
        let load = |token: &'static str| {
            Credentials::load(None, move |name| {
                (name == "KAKAO_ACCESS_TOKEN").then(|| token.to_owned())
            })
        };
        for (token, says) in [
            ("\u{feff}secret-abc", "byte-order mark"),
            ("secret\nabc", "line break"),
            ("secret abc", "U+0020"),
            ("secret\u{200b}abc", "U+200B"),
        ] {
            let error = load(token).expect_err("malformed").to_string();
            assert!(error.contains(says), "{error}");
            assert!(error.contains("KAKAO_ACCESS_TOKEN"), "{error}");
            assert!(!error.contains("secret"), "{error}");
        }
        assert!(
            load("  secret-abc \n").is_ok(),
            "surrounding whitespace is trimmed"
        );
    }

    #[test]
    fn credentials_never_print() {
        let credentials = Credentials::load(None, |name| {
            (name == "KAKAO_ACCESS_TOKEN"
                || name == "KAKAO_REFRESH_TOKEN"
                || name == "KAKAO_REST_API_KEY")
                .then(|| "secret-value-123".to_owned())
        })
        .expect("loads");
        assert!(!format!("{credentials:?}").contains("secret"));
        assert!(credentials.refresh_grant().is_some());
    }
}
