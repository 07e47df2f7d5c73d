//! The credentials a send uses: where the tokens come from (a token file,
//! `KAKAO_ACCESS_TOKEN`, or ktpl's own sign-in), and where refreshed ones go.

use std::path::{Path, PathBuf};

use super::error::SendError;
use super::folders::Env;
use super::private_file::{PendingWrite, read_private};
use super::secret::{AccessToken, ClientSecret, RefreshToken};
use super::store::{self, Facts, SignIn};

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

/// Where the tokens came from, and so where refreshed ones go.
#[derive(Debug, Clone)]
pub enum Origin {
    /// `--token-file FILE`: refreshed tokens go back into it.
    File(PathBuf),
    /// `KAKAO_ACCESS_TOKEN`: a rotated refresh token goes to the state file
    /// (`$XDG_STATE_HOME/ktpl/refresh-token`, or under `~/.local/state`), when there is one.
    Env {
        /// The state file.
        state_file: Option<PathBuf>,
    },
    /// ktpl's own sign-in (`ktpl login`): refreshed tokens go back into the store.
    Store {
        /// The store's file.
        path: PathBuf,
        /// What is known about the sign-in.
        facts: Facts,
    },
}

/// The tokens a send uses, and where they came from.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// The access token.
    pub access: AccessToken,
    /// The refresh token, when there is one.
    pub refresh: Option<RefreshToken>,
    /// The app's keys, needed to refresh.
    pub app: Option<AppKeys>,
    /// Where the tokens came from.
    pub origin: Origin,
}

/// What Kakao said about the tokens a refresh issued.
#[derive(Debug, Clone, Copy, Default)]
pub struct Refreshed {
    /// Whether a new refresh token came (Kakao voids the old one).
    pub refresh_rotated: bool,
    /// Seconds the new access token lives.
    pub expires_in: Option<u64>,
    /// Seconds the new refresh token lives.
    pub refresh_token_expires_in: Option<u64>,
}

impl Credentials {
    /// Reads credentials: the token from `file` (first line; an optional second line is
    /// the refresh token), else `KAKAO_ACCESS_TOKEN` (refresh from `KAKAO_REFRESH_TOKEN`,
    /// `KAKAO_REST_API_KEY` and `KAKAO_CLIENT_SECRET`), else the sign-in `ktpl login`
    /// stored. `env` reads a variable.
    pub fn load(file: Option<&Path>, env: Env<'_>) -> Result<Self, SendError> {
        let non_empty = |name: &str| env(name).filter(|v| !v.trim().is_empty());
        let (access, file_refresh) = match file {
            Some(path) => {
                let text = read_private(path, "token file")?;
                let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
                let access = lines.next().ok_or_else(|| SendError::Credentials {
                    message: format!("token file {} is empty", path.display()),
                    help: "put the access token on the first line".to_owned(),
                })?;
                (access.to_owned(), lines.next().map(str::to_owned))
            }
            None => match non_empty("KAKAO_ACCESS_TOKEN") {
                Some(token) => (token.trim().to_owned(), None),
                None => return Self::signed_in(env),
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
        let app = app_keys(env)?;
        let origin = match file {
            Some(path) => Origin::File(path.to_path_buf()),
            None => Origin::Env {
                state_file: super::folders::state_dir(env).map(|dir| dir.join("refresh-token")),
            },
        };
        Ok(Self {
            access: AccessToken::new(access),
            refresh: refresh_token.map(|token| RefreshToken::new(token.trim())),
            app,
            origin,
        })
    }

    /// The sign-in `ktpl login` stored, or the error that says how to get a token.
    fn signed_in(env: Env<'_>) -> Result<Self, SendError> {
        let none = || {
            SendError::Credentials {
            message: "not signed in: no access token".to_owned(),
            help: "run `ktpl login` (or set KAKAO_ACCESS_TOKEN, or pass --token-file FILE: a user token with the talk_message consent)".to_owned(),
        }
        };
        let path = store::path(env).ok_or_else(none)?;
        let sign_in = store::load(&path)?.ok_or_else(none)?;
        Ok(Self::from_sign_in(sign_in, path))
    }

    /// Credentials from a stored sign-in at `path`.
    #[must_use]
    pub fn from_sign_in(sign_in: SignIn, path: PathBuf) -> Self {
        Self {
            access: sign_in.access,
            refresh: sign_in.refresh,
            app: Some(sign_in.app),
            origin: Origin::Store {
                path,
                facts: sign_in.facts,
            },
        }
    }

    /// What is known about the sign-in, when the tokens came from `ktpl login`.
    #[must_use]
    pub fn facts(&self) -> Option<&Facts> {
        match &self.origin {
            Origin::Store { facts, .. } => Some(facts),
            _ => None,
        }
    }

    /// The refresh token and the app keys, when both are there to refresh with.
    #[must_use]
    pub fn refresh_grant(&self) -> Option<(&RefreshToken, &AppKeys)> {
        self.refresh.as_ref().zip(self.app.as_ref())
    }

    /// Where refreshed tokens will be kept: the token file, the sign-in store, or (a
    /// rotated refresh token from the environment) the state file. Called before
    /// refreshing: it creates the exclusive temporary file the tokens will be written to,
    /// so a folder that cannot be written is found while the old refresh token still
    /// works.
    pub fn prepare_write_back(&self) -> Result<PendingWrite, SendError> {
        let (path, help) = match &self.origin {
            Origin::File(file) => (
                file.clone(),
                "make the token file's folder writable, or copy the token file to a writable folder and pass that to --token-file",
            ),
            Origin::Store { path, .. } => (
                path.clone(),
                "make ktpl's config folder writable (or set XDG_CONFIG_HOME), then run again",
            ),
            Origin::Env {
                state_file: Some(state),
            } => (
                state.clone(),
                "set XDG_STATE_HOME to a writable folder, or pass --token-file FILE in a writable folder",
            ),
            Origin::Env { state_file: None } => {
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
        if matches!(self.origin, Origin::Env { .. } | Origin::Store { .. }) {
            super::folders::create_private(super::private_file::folder_of(&path))
                .map_err(cannot)?;
        }
        PendingWrite::beside(&path).map_err(cannot)
    }

    /// Writes refreshed tokens through `pending`. To a token file or the sign-in store,
    /// both go back. From the environment, a rotated refresh token (Kakao voids the old
    /// one) goes to the state file, whose path is returned so the user can be told; a new
    /// access token alone is only kept in memory for this run.
    pub fn commit_write_back(
        &mut self,
        pending: PendingWrite,
        refreshed: Refreshed,
        now: u64,
    ) -> Result<Option<PathBuf>, SendError> {
        let path = pending.path().to_path_buf();
        let failed = |e: std::io::Error| {
            SendError::Credentials {
            message: format!("cannot write the refreshed token to {}: {e}", path.display()),
            help: "Kakao may have voided the old refresh token; if the next run says KOE322, log in again".to_owned(),
        }
        };
        match &mut self.origin {
            Origin::File(_) => {
                let mut text = format!("{}\n", self.access.expose());
                if let Some(refresh) = &self.refresh {
                    text.push_str(refresh.expose());
                    text.push('\n');
                }
                pending.commit(&text).map_err(failed)?;
                Ok(None)
            }
            Origin::Store { facts, .. } => {
                if let Some(seconds) = refreshed.expires_in {
                    facts.access_token_expires_at = Some(now + seconds);
                }
                if let Some(seconds) = refreshed.refresh_token_expires_in {
                    facts.refresh_token_expires_at = Some(now + seconds);
                }
                let (Some(app), facts) = (self.app.clone(), facts.clone()) else {
                    return Ok(None);
                };
                let sign_in = SignIn {
                    access: self.access.clone(),
                    refresh: self.refresh.clone(),
                    app,
                    facts,
                };
                store::commit(pending, &sign_in).map_err(failed)?;
                Ok(None)
            }
            Origin::Env { .. } => match &self.refresh {
                Some(refresh) if refreshed.refresh_rotated => {
                    pending
                        .commit(&format!("{}\n", refresh.expose()))
                        .map_err(failed)?;
                    Ok(Some(path))
                }
                _ => Ok(None),
            },
        }
    }
}

/// The app's keys from `KAKAO_REST_API_KEY` and `KAKAO_CLIENT_SECRET`, else from
/// `kakao.toml` in ktpl's config folder (see [`super::app_config`]).
pub fn app_keys(env: Env<'_>) -> Result<Option<AppKeys>, SendError> {
    let non_empty = |name: &str| env(name).filter(|v| !v.trim().is_empty());
    for name in ["KAKAO_REST_API_KEY", "KAKAO_CLIENT_SECRET"] {
        if let Some(value) = non_empty(name) {
            check_token_text(value.trim(), name, name)?;
        }
    }
    let config = super::app_config::load(env)?;
    let key = non_empty("KAKAO_REST_API_KEY")
        .map(|key| key.trim().to_owned())
        .or_else(|| config.as_ref().and_then(|c| c.rest_api_key.clone()));
    let secret = non_empty("KAKAO_CLIENT_SECRET")
        .map(|secret| ClientSecret::new(secret.trim()))
        .or_else(|| config.and_then(|c| c.client_secret));
    Ok(key.map(|rest_api_key| AppKeys {
        rest_api_key,
        client_secret: secret,
    }))
}

/// Refuses a token that cannot be one: a byte-order mark, a line break or any other
/// character outside visible ASCII (it would fail as an HTTP header far from its
/// cause). The message names where the token came from, never the token.
pub(super) fn check_token_text(token: &str, what: &str, source: &str) -> Result<(), SendError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_malformed_token_is_named_by_its_source_never_shown() {
        let load = |token: &'static str| {
            Credentials::load(None, &move |name: &str| {
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
        let credentials = Credentials::load(None, &|name: &str| {
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
