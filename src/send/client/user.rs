//! Signing in and the user APIs: trading a sign-in's code for tokens, whose token it
//! is (`access_token_info`), which consents it carries (`scopes`), and logging out.

use super::Client;
use super::transport::{Exchange, FORM, join};
use crate::send::credentials::Credentials;
use crate::send::error::SendError;
use crate::send::koe;
use crate::send::response::{AuthErrorReply, ScopesReply, TokenInfo, TokenReply};
use crate::send::secret::{AccessToken, AuthCode, CodeVerifier, RefreshToken};

/// What a code bought: the tokens (now the client's credentials), their lifetimes and
/// the consented scopes.
#[derive(Debug, Clone, Default)]
pub struct Granted {
    /// Seconds the access token lives.
    pub expires_in: Option<u64>,
    /// Seconds the refresh token lives.
    pub refresh_token_expires_in: Option<u64>,
    /// The consented scopes Kakao named in the reply (empty when it named none).
    pub scopes: Vec<String>,
}

impl Client {
    /// Trades a sign-in's `code` for tokens (`grant_type=authorization_code`, with the
    /// PKCE verifier and, when the app has one, the client secret), which become this
    /// client's credentials. An error says what the `KOE…` code means.
    pub fn sign_in_with_code(
        &mut self,
        code: &AuthCode,
        verifier: &CodeVerifier,
        redirect_uri: &str,
    ) -> Result<Granted, SendError> {
        let Some(app) = self.credentials.app.clone() else {
            return Err(SendError::Usage {
                message: "no REST API key".to_owned(),
            });
        };
        let mut form = vec![
            ("grant_type", "authorization_code".to_owned()),
            ("client_id", app.rest_api_key.clone()),
            ("redirect_uri", redirect_uri.to_owned()),
            ("code", code.expose().to_owned()),
            ("code_verifier", verifier.expose().to_owned()),
        ];
        if let Some(secret) = &app.client_secret {
            form.push(("client_secret", secret.expose().to_owned()));
        }
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form.iter())
            .finish();
        let url = join(&self.auth_base, "/oauth/token");
        let failed = |message: String, help: String| SendError::Credentials {
            message: format!("signing in failed: {message}"),
            help,
        };
        let reply = match self.exchange(|| {
            self.agent
                .post(&url)
                .header("Content-Type", FORM)
                .send(body.as_str())
        }) {
            Exchange::NotConnected(message) | Exchange::NoReply(message) => {
                return Err(failed(
                    message,
                    "check the network and run `ktpl login` again".to_owned(),
                ));
            }
            Exchange::Reply { status, body } if !(200..300).contains(&status) => {
                return Err(kauth_error(status, &body, redirect_uri, "signing in"));
            }
            Exchange::Reply { body, .. } => body,
        };
        let tokens: TokenReply = serde_json::from_str(&reply).map_err(|e| {
            failed(
                format!("Kakao's token reply could not be read ({e})"),
                "run `ktpl login` again".to_owned(),
            )
        })?;
        let malformed = std::iter::once(&tokens.access_token)
            .chain(&tokens.refresh_token)
            .any(|token| token.is_empty() || !token.bytes().all(|b| b.is_ascii_graphic()));
        if malformed {
            return Err(failed(
                "Kakao's token reply holds something that is not a token".to_owned(),
                "run `ktpl login` again".to_owned(),
            ));
        }
        self.credentials.access = AccessToken::new(tokens.access_token);
        self.credentials.refresh = tokens.refresh_token.map(RefreshToken::new);
        Ok(Granted {
            expires_in: tokens.expires_in,
            refresh_token_expires_in: tokens.refresh_token_expires_in,
            scopes: tokens
                .scope
                .unwrap_or_default()
                .split([' ', ','])
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        })
    }

    /// Whose token this is, for which app, and how long it lives
    /// (`GET /v1/user/access_token_info`; an expired token is refreshed once).
    pub fn token_info(&mut self) -> Result<TokenInfo, SendError> {
        let body = self.get_api("/v1/user/access_token_info")?;
        serde_json::from_str(&body).map_err(|e| SendError::Network {
            message: format!("Kakao's token info could not be read: {e}"),
        })
    }

    /// The app's consent items and the user's answers (`GET /v2/user/scopes`).
    pub fn scopes(&mut self) -> Result<ScopesReply, SendError> {
        let body = self.get_api("/v2/user/scopes")?;
        serde_json::from_str(&body).map_err(|e| SendError::Network {
            message: format!("Kakao's scopes reply could not be read: {e}"),
        })
    }

    /// Logs the user out at Kakao (`POST /v1/user/logout`): the tokens stop working.
    pub fn logout(&mut self) -> Result<(), SendError> {
        self.post_api("/v1/user/logout").map(|_| ())
    }

    /// The credentials, as they are now (after a sign-in or a refresh).
    #[must_use]
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }
}

/// A kauth error reply (`{"error", "error_description", "error_code": "KOE…"}`) as an
/// error that says what it means; never with the request's secrets.
pub(super) fn kauth_error(status: u16, body: &str, redirect_uri: &str, doing: &str) -> SendError {
    let reply: Option<AuthErrorReply> = serde_json::from_str(body).ok();
    match reply {
        Some(reply) => {
            let code = reply.error_code.clone().unwrap_or_default();
            let help = if code.is_empty() {
                koe::explain_error(&reply.error).to_owned()
            } else {
                koe::explain(&code, redirect_uri)
            };
            SendError::Credentials {
                message: format!(
                    "{doing} failed: Kakao answered HTTP {status} {} {}{}",
                    reply.error,
                    reply.error_description,
                    if code.is_empty() {
                        String::new()
                    } else {
                        format!(" ({code})")
                    }
                ),
                help,
            }
        }
        None => SendError::Credentials {
            message: format!("{doing} failed: Kakao answered HTTP {status} without an error body"),
            help: "check KAKAO_AUTH_BASE and try again".to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kauth_errors_say_what_their_koe_code_means() {
        let uri = "http://localhost:8791/callback";
        let secret = kauth_error(
            401,
            r#"{"error":"invalid_client","error_description":"Bad client credentials","error_code":"KOE010"}"#,
            uri,
            "signing in",
        )
        .to_string();
        assert!(
            secret.contains("KOE010") && secret.contains("KAKAO_CLIENT_SECRET"),
            "{secret}"
        );
        let used = kauth_error(
            400,
            r#"{"error":"invalid_grant","error_description":"authorization code not found for code=abc","error_code":"KOE320"}"#,
            uri,
            "signing in",
        )
        .to_string();
        assert!(
            used.contains("already used") && used.contains("ktpl login"),
            "{used}"
        );
        let mismatch = kauth_error(
            400,
            r#"{"error":"invalid_grant","error_description":"Redirect URI mismatch.","error_code":"KOE303"}"#,
            uri,
            "signing in",
        )
        .to_string();
        assert!(mismatch.contains(uri), "{mismatch}");
        let bare = kauth_error(502, "<html>", uri, "signing in").to_string();
        assert!(bare.contains("HTTP 502"), "{bare}");
    }
}
