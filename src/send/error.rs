//! What can go wrong when sending, and Kakao's error codes in plain words.

use std::fmt;

/// A failure of the send as a whole (not of one receiver).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// Bad command-line use.
    Usage {
        /// What is wrong.
        message: String,
    },
    /// No usable token.
    Credentials {
        /// What is wrong.
        message: String,
        /// What to do.
        help: String,
    },
    /// Kakao could not be reached.
    Network {
        /// What happened.
        message: String,
    },
    /// Kakao refused the request.
    Kakao(KakaoError),
}

/// An error reply from Kakao.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KakaoError {
    /// HTTP status.
    pub status: u16,
    /// Kakao's code (`-401`, ...).
    pub code: i64,
    /// Kakao's message.
    pub msg: String,
    /// Scopes the API needs (with -402).
    pub required_scopes: Vec<String>,
}

impl KakaoError {
    /// What the code means and what to do, in plain words.
    #[must_use]
    pub fn explanation(&self) -> String {
        if self.status == 429 && self.code == 0 {
            return "Kakao is limiting how fast requests arrive and refused this one, so nothing was sent; wait a while and run again".to_owned();
        }
        if self.code == -402 && !self.required_scopes.is_empty() {
            return format!(
                "the user has not agreed to {}: run `ktpl login --scope {}` and agree on Kakao's page (the app must have the consent item set up under [Kakao Login] > [Consent items])",
                self.required_scopes.join(", "),
                self.required_scopes.join(",")
            );
        }
        explain_code(self.code).to_owned()
    }
}

/// Plain words for a Kakao error code (spec §9.2).
#[must_use]
pub fn explain_code(code: i64) -> &'static str {
    match code {
        -1 => "Kakao had an internal error; try again later",
        -2 => {
            "a parameter is missing or invalid (for friends: a uuid from another app, your own uuid, or a custom template whose purpose is not 'message API')"
        }
        -3 => "a feature or consent item this API needs is not enabled in the app settings",
        -4 => "the account is restricted by Kakao",
        -5 => {
            "the app has no permission for this API (sending to friends needs Kakao's review; test apps reach team members only)"
        }
        -6 => "Kakao does not allow this action",
        -7 => "Kakao is under maintenance or had an internal problem; try again later",
        -8 => "a request header is invalid",
        -9 => "this API has been retired",
        -10 => "the app's quota is exceeded; try again after the quota resets",
        -11 => "the paid-API spending limit is exceeded",
        -12 => "the app or developer account is suspended",
        -101 => "the user is not linked to the app",
        -103 => "the Kakao account is dormant or does not exist",
        -401 => {
            "the access token is expired or invalid: run `ktpl login` (or set KAKAO_REFRESH_TOKEN and KAKAO_REST_API_KEY, and ktpl refreshes it once)"
        }
        -402 => {
            "the user has not agreed to the needed consent item: run `ktpl login --scope talk_message` (or the scope Kakao names) and agree"
        }
        -405 => "the user must verify their age",
        -406 => "the user is under 14 and the app does not allow that",
        -501 => "the receiver is not a Kakao Talk user",
        -502 => {
            "the receiver is not the sender's friend (re-read the friends list after its cache expires)"
        }
        -504 => "the receiver's device does not support this message",
        -530 => "the receiver does not accept messages (or their profile is not public)",
        -531 => "the sender's monthly message quota is used up",
        -532 => {
            "the sender's daily message quota is used up (100 per day per app); try again tomorrow"
        }
        -533 => "the receiver's daily message quota is used up; try again tomorrow",
        -536 => {
            "the sender and receiver exceeded their daily quota as a pair (20 per day); try again tomorrow"
        }
        -603 => "Kakao timed out internally; try again",
        -903 => "the app key or token belongs to an unregistered developer",
        -9798 => "Kakao is under maintenance; try again later",
        _ => "an error code Kakao documents nowhere ktpl knows; see Kakao's error-code reference",
    }
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SendError::Usage { message } | SendError::Network { message } => f.write_str(message),
            SendError::Credentials { message, help } => write!(f, "{message}\n  help: {help}"),
            SendError::Kakao(error) => write!(
                f,
                "Kakao refused the request (HTTP {}, code {}: {})\n  help: {}",
                error.status,
                error.code,
                error.msg,
                error.explanation()
            ),
        }
    }
}

impl std::error::Error for SendError {}
