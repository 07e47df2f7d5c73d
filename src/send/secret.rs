//! The secrets a sign-in handles (access token, refresh token, client secret,
//! authorization code, PKCE verifier), each its own type that never prints: `Debug` and
//! `Display` show `***`, and none implements `Serialize`, so no secret can reach output,
//! logs, errors or snapshots by accident. Only the send module can read one out.

use std::fmt;

macro_rules! secret {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            /// Wraps the secret text.
            #[must_use]
            pub fn new(text: impl Into<String>) -> Self {
                Self(text.into())
            }

            /// The secret text, for the one request or file that must carry it.
            pub(in crate::send) fn expose(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(***)"))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("***")
            }
        }
    };
}

secret!(
    /// A Kakao access token (sent as `Authorization: Bearer …`).
    AccessToken
);
secret!(
    /// A Kakao refresh token (traded at kauth for a new access token).
    RefreshToken
);
secret!(
    /// The app's client secret, when the app has it switched on.
    ClientSecret
);
secret!(
    /// An authorization code from the sign-in redirect (used once, for the tokens).
    AuthCode
);
secret!(
    /// A PKCE code verifier (RFC 7636): only its SHA-256 leaves before the code comes back.
    CodeVerifier
);

impl AccessToken {
    /// The `Authorization` header value. Only the HTTP client calls this.
    pub(in crate::send) fn bearer(&self) -> String {
        format!("Bearer {}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let shown = [
            (
                format!("{}", AccessToken::new("secret-1")),
                format!("{:?}", AccessToken::new("secret-1")),
            ),
            (
                format!("{}", RefreshToken::new("secret-2")),
                format!("{:?}", RefreshToken::new("secret-2")),
            ),
            (
                format!("{}", ClientSecret::new("secret-3")),
                format!("{:?}", ClientSecret::new("secret-3")),
            ),
            (
                format!("{}", AuthCode::new("secret-4")),
                format!("{:?}", AuthCode::new("secret-4")),
            ),
            (
                format!("{}", CodeVerifier::new("secret-5")),
                format!("{:?}", CodeVerifier::new("secret-5")),
            ),
        ];
        for (display, debug) in shown {
            assert_eq!(display, "***");
            assert!(
                debug.ends_with("(***)") && !debug.contains("secret"),
                "{debug}"
            );
        }
    }
}
