//! The sign-in store: what `ktpl login` got from Kakao (tokens, when they expire, the
//! consented scopes, the app and user ids) in `sign-in.json` in ktpl's config folder,
//! written atomically with mode 0600 and refused when others can read it. The one place
//! a secret is serialized.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::credentials::AppKeys;
use super::error::SendError;
use super::folders::{self, Env};
use super::private_file::{PendingWrite, read_private};
use super::secret::{AccessToken, ClientSecret, RefreshToken};

/// The store's file name in the config folder.
pub const FILE_NAME: &str = "sign-in.json";

/// A sign-in: the tokens, the app they belong to, and what is known about them.
#[derive(Debug, Clone)]
pub struct SignIn {
    /// The access token.
    pub access: AccessToken,
    /// The refresh token.
    pub refresh: Option<RefreshToken>,
    /// The app's keys the tokens were issued to (a refresh needs them).
    pub app: AppKeys,
    /// What is known about the sign-in (no secret).
    pub facts: Facts,
}

/// What is known about a sign-in: nothing secret, so it may be printed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    /// Kakao's app id.
    #[serde(default)]
    pub app_id: Option<i64>,
    /// The user's id in the app (service user id).
    #[serde(default)]
    pub user_id: Option<i64>,
    /// The scopes the user consented to, as Kakao reported at sign-in.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// When the access token expires (Unix seconds).
    #[serde(default)]
    pub access_token_expires_at: Option<u64>,
    /// When the refresh token expires (Unix seconds).
    #[serde(default)]
    pub refresh_token_expires_at: Option<u64>,
}

/// The file's layout. Only this module reads or writes it.
#[derive(Serialize, Deserialize)]
struct Stored {
    version: u32,
    rest_api_key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    client_secret: Option<String>,
    access_token: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refresh_token: Option<String>,
    #[serde(flatten)]
    facts: Facts,
}

/// Where the sign-in is kept, when there is a config folder.
#[must_use]
pub fn path(env: Env<'_>) -> Option<PathBuf> {
    folders::config_dir(env).map(|dir| dir.join(FILE_NAME))
}

/// Reads the sign-in at `path`; `None` when there is none.
pub fn load(path: &Path) -> Result<Option<SignIn>, SendError> {
    if !path.exists() {
        return Ok(None);
    }
    let text = read_private(path, "the sign-in")?;
    let stored: Stored = serde_json::from_str(&text).map_err(|e| SendError::Credentials {
        message: format!("the sign-in at {} cannot be read: {e}", path.display()),
        help: "run `ktpl login` to sign in again".to_owned(),
    })?;
    Ok(Some(SignIn {
        access: AccessToken::new(stored.access_token),
        refresh: stored.refresh_token.map(RefreshToken::new),
        app: AppKeys {
            rest_api_key: stored.rest_api_key,
            client_secret: stored.client_secret.map(ClientSecret::new),
        },
        facts: stored.facts,
    }))
}

/// The file's text for `sign_in`.
fn text(sign_in: &SignIn) -> String {
    let stored = Stored {
        version: 1,
        rest_api_key: sign_in.app.rest_api_key.clone(),
        client_secret: sign_in
            .app
            .client_secret
            .as_ref()
            .map(|s| s.expose().to_owned()),
        access_token: sign_in.access.expose().to_owned(),
        refresh_token: sign_in.refresh.as_ref().map(|r| r.expose().to_owned()),
        facts: sign_in.facts.clone(),
    };
    let mut text = serde_json::to_string_pretty(&stored).unwrap_or_default();
    text.push('\n');
    text
}

/// Prepares writing the store at `path` (its folder created, owner-only).
pub fn prepare(path: &Path) -> std::io::Result<PendingWrite> {
    folders::create_private(super::private_file::folder_of(path))?;
    PendingWrite::beside(path)
}

/// Writes `sign_in` through `pending`.
pub fn commit(pending: PendingWrite, sign_in: &SignIn) -> std::io::Result<()> {
    pending.commit(&text(sign_in))
}

/// Writes `sign_in` to `path`, atomically, mode 0600.
pub fn save(path: &Path, sign_in: &SignIn) -> Result<(), SendError> {
    prepare(path)
        .and_then(|pending| commit(pending, sign_in))
        .map_err(|e| SendError::Credentials {
            message: format!("cannot save the sign-in to {}: {e}", path.display()),
            help: "make the folder writable, or set XDG_CONFIG_HOME to a writable folder"
                .to_owned(),
        })
}

/// Removes the sign-in at `path`; whether there was one.
pub fn remove(path: &Path) -> Result<bool, SendError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(SendError::Credentials {
            message: format!("cannot remove the sign-in at {}: {e}", path.display()),
            help: "remove the file by hand".to_owned(),
        }),
    }
}

/// Now, in Unix seconds (`KTPL_TEST_NOW` fixes it in tests; see the README).
#[must_use]
pub fn now(env: Env<'_>) -> u64 {
    env("KTPL_TEST_NOW")
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        })
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn the_store_is_owner_only_and_reads_back_as_written() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("ktpl").join(FILE_NAME);
        let sign_in = SignIn {
            access: AccessToken::new("secret-access"),
            refresh: Some(RefreshToken::new("secret-refresh")),
            app: AppKeys {
                rest_api_key: "key".to_owned(),
                client_secret: Some(ClientSecret::new("secret-client")),
            },
            facts: Facts {
                app_id: Some(7),
                user_id: Some(9),
                scopes: vec!["talk_message".to_owned()],
                access_token_expires_at: Some(100),
                refresh_token_expires_at: Some(200),
            },
        };
        save(&path, &sign_in).expect("saves");
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let folder = std::fs::metadata(path.parent().expect("dir")).expect("meta");
        assert_eq!(folder.permissions().mode() & 0o777, 0o700);
        let back = load(&path).expect("loads").expect("there");
        assert_eq!(back.access, sign_in.access);
        assert_eq!(back.refresh, sign_in.refresh);
        assert_eq!(back.facts, sign_in.facts);
        assert!(!format!("{back:?}").contains("secret"));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        assert!(load(&path).is_err(), "a store others can read is refused");
        assert!(remove(&path).expect("removes"));
        assert!(!remove(&path).expect("nothing left"));
    }
}
