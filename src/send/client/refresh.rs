//! One refresh of an expired access token, kept only where the new tokens can be saved.

use super::Client;
use super::transport::{Exchange, FORM, join};
use crate::send::credentials::Refreshed;
use crate::send::error::SendError;
use crate::send::response::{AuthErrorReply, TokenReply};
use crate::send::secret::{AccessToken, RefreshToken};

impl Client {
    pub(super) fn refresh(&mut self) -> Result<(), SendError> {
        self.refreshed = true;
        let Some((refresh_token, app)) = self
            .credentials
            .refresh_grant()
            .map(|(token, app)| (token.clone(), app.clone()))
        else {
            return Ok(());
        };
        // Kakao may rotate the refresh token and void the old one: know first that the
        // new one can be kept, or do not refresh at all.
        let pending = self.credentials.prepare_write_back()?;
        let mut form = vec![
            ("grant_type".to_owned(), "refresh_token".to_owned()),
            ("client_id".to_owned(), app.rest_api_key.clone()),
            (
                "refresh_token".to_owned(),
                refresh_token.expose().to_owned(),
            ),
        ];
        if let Some(secret) = &app.client_secret {
            form.push(("client_secret".to_owned(), secret.expose().to_owned()));
        }
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form.iter())
            .finish();
        let url = join(&self.auth_base, "/oauth/token");
        let lost = |what: String| {
            SendError::Credentials {
            message: format!("refreshing the access token failed: {what}"),
            help: "Kakao may have issued a new refresh token that ktpl never saw; if the next run says KOE322, log in again".to_owned(),
        }
        };
        let reply = match self.exchange(|| {
            self.agent
                .post(&url)
                .header("Content-Type", FORM)
                .send(body.as_str())
        }) {
            Exchange::NotConnected(message) => {
                return Err(SendError::Credentials {
                    message: format!("refreshing the access token failed: {message}"),
                    help: "the refresh token still works; run again when Kakao can be reached"
                        .to_owned(),
                });
            }
            Exchange::NoReply(message) => return Err(lost(message)),
            Exchange::Reply { status, body } if !(200..300).contains(&status) => {
                let error: Option<AuthErrorReply> = serde_json::from_str(&body).ok();
                let detail = error.map_or_else(
                    || format!("HTTP {status}"),
                    |e| {
                        format!(
                            "{} {} ({})",
                            e.error,
                            e.error_description,
                            e.error_code.unwrap_or_default()
                        )
                    },
                );
                return Err(SendError::Credentials {
                    message: format!("refreshing the access token failed: {detail}"),
                    help: "the refresh token is expired or invalid (KOE322 means log in again); check KAKAO_REST_API_KEY and KAKAO_CLIENT_SECRET".to_owned(),
                });
            }
            Exchange::Reply { body, .. } => body,
        };
        let tokens: TokenReply = serde_json::from_str(&reply)
            .map_err(|e| lost(format!("Kakao's token reply could not be read: {e}")))?;
        let malformed = std::iter::once(&tokens.access_token)
            .chain(&tokens.refresh_token)
            .any(|token| token.is_empty() || !token.bytes().all(|b| b.is_ascii_graphic()));
        if malformed {
            return Err(lost(
                "Kakao's token reply holds something that is not a token".to_owned(),
            ));
        }
        self.credentials.access = AccessToken::new(tokens.access_token);
        // A reply without a refresh token keeps the old one (as the SDKs do).
        let refreshed = Refreshed {
            refresh_rotated: tokens.refresh_token.is_some(),
            expires_in: tokens.expires_in,
            refresh_token_expires_in: tokens.refresh_token_expires_in,
        };
        if let Some(new_refresh) = tokens.refresh_token {
            self.credentials.refresh = Some(RefreshToken::new(new_refresh));
        }
        let now = crate::send::store::now(&|_| None);
        if let Some(saved) = self
            .credentials
            .commit_write_back(pending, refreshed, now)?
        {
            self.notices.push(format!(
                "Kakao issued a new refresh token and the old one no longer works; it was saved to {} (use it as KAKAO_REFRESH_TOKEN, or pass --token-file to keep tokens in one file)",
                saved.display()
            ));
        }
        Ok(())
    }
}
