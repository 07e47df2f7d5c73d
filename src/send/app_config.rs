//! `kakao.toml` in ktpl's config folder: the app's REST API key and client secret, so
//! `ktpl login` (and refreshing) need no environment variables. The environment wins
//! over the file. A file holding the client secret must be readable by its owner only.
//!
//! ```toml
//! rest_api_key = "0123456789abcdef0123456789abcdef"
//! client_secret = "..."   # only when the app has the client secret switched on
//! ```

use serde::Deserialize;

use super::error::SendError;
use super::folders::{self, Env};
use super::private_file::read_private;
use super::secret::ClientSecret;

/// The file's name in the config folder.
pub const FILE_NAME: &str = "kakao.toml";

/// What `kakao.toml` holds.
#[derive(Debug, Default)]
pub struct AppConfig {
    /// The app's REST API key.
    pub rest_api_key: Option<String>,
    /// The app's client secret.
    pub client_secret: Option<ClientSecret>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    rest_api_key: Option<String>,
    client_secret: Option<String>,
}

/// Reads `kakao.toml` from the config folder; `None` when there is none.
pub fn load(env: Env<'_>) -> Result<Option<AppConfig>, SendError> {
    let Some(path) = folders::config_dir(env).map(|dir| dir.join(FILE_NAME)) else {
        return Ok(None);
    };
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(None);
    };
    let bad = |why: String| SendError::Usage {
        message: format!("{}: {why}", path.display()),
    };
    let file: File = toml::from_str(&text).map_err(|e| bad(e.message().to_owned()))?;
    if file.client_secret.is_some() {
        // Holding a secret, it must be private like a token file.
        read_private(&path, "app config")?;
    }
    for (name, value) in [
        ("rest_api_key", &file.rest_api_key),
        ("client_secret", &file.client_secret),
    ] {
        if let Some(value) = value {
            super::credentials::check_token_text(value, name, &path.display().to_string())?;
        }
    }
    Ok(Some(AppConfig {
        rest_api_key: file.rest_api_key,
        client_secret: file.client_secret.map(ClientSecret::new),
    }))
}
