//! Kakao's replies, as serde types (shapes from spec §6, §8, §9 and the corpus).

use serde::Deserialize;

/// Reply of the friends send endpoints. Absent lists are empty; a `null` list or any
/// other shape is an error, so a reply ktpl cannot read is never taken as an answer.
#[derive(Debug, Default, Deserialize)]
pub struct FriendsReply {
    /// Receivers the message reached.
    #[serde(default)]
    pub successful_receiver_uuids: Vec<String>,
    /// Groups of receivers that failed, with why.
    #[serde(default, alias = "failure_infos")]
    pub failure_info: Vec<FailureInfo>,
}

/// Receivers that failed with one error.
#[derive(Debug, Deserialize)]
pub struct FailureInfo {
    /// Kakao's code.
    pub code: i64,
    /// Kakao's message.
    #[serde(default)]
    pub msg: String,
    /// The receivers.
    #[serde(default)]
    pub receiver_uuids: Vec<String>,
}

/// Reply of the "send to me" endpoints: `{"result_code": 0}` on success.
#[derive(Debug, Deserialize)]
pub struct MemoReply {
    /// 0 when the message was sent.
    pub result_code: i64,
}

/// Kakao's error body.
#[derive(Debug, Deserialize)]
pub struct ErrorReply {
    /// Code.
    pub code: i64,
    /// Message.
    #[serde(default)]
    pub msg: String,
    /// Scopes the API needs (-402).
    #[serde(default)]
    pub required_scopes: Vec<String>,
}

/// The OAuth token endpoint's reply (to a sign-in's code, or to a refresh). Not
/// `Debug`: it holds tokens.
#[derive(Deserialize)]
pub struct TokenReply {
    /// The new access token.
    pub access_token: String,
    /// A refresh token: always after a sign-in; after a refresh only when Kakao rotated it.
    #[serde(default)]
    pub refresh_token: Option<String>,
    /// Seconds the access token lives.
    #[serde(default)]
    pub expires_in: Option<u64>,
    /// Seconds the refresh token lives (only with a refresh token).
    #[serde(default)]
    pub refresh_token_expires_in: Option<u64>,
    /// The consented scopes, space-separated.
    #[serde(default)]
    pub scope: Option<String>,
}

/// The OAuth endpoint's error body.
#[derive(Debug, Deserialize)]
pub struct AuthErrorReply {
    /// `invalid_grant`, ...
    #[serde(default)]
    pub error: String,
    /// Details.
    #[serde(default)]
    pub error_description: String,
    /// `KOE322`, ...
    #[serde(default)]
    pub error_code: Option<String>,
}

/// One page of the friends list.
#[derive(Debug, Deserialize)]
pub struct FriendsPage {
    /// The friends on this page.
    #[serde(default)]
    pub elements: Vec<Friend>,
    /// The next page, if any.
    #[serde(default)]
    pub after_url: Option<String>,
}

/// A friend who can receive messages from the app.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
pub struct Friend {
    /// The per-app code used as a receiver.
    pub uuid: String,
    /// Nickname.
    #[serde(default)]
    pub profile_nickname: Option<String>,
    /// Whether a favourite.
    #[serde(default)]
    pub favorite: Option<bool>,
    /// Whether the friend accepts messages.
    #[serde(default)]
    pub allowed_msg: Option<bool>,
}

/// `GET /v1/user/access_token_info`: whose token, for which app, for how long.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
pub struct TokenInfo {
    /// The user's id in the app (absent for some token kinds).
    #[serde(default)]
    pub id: Option<i64>,
    /// Seconds the access token still lives.
    pub expires_in: i64,
    /// Kakao's app id.
    pub app_id: i64,
}

/// `GET /v2/user/scopes`: the app's consent items and the user's answers.
#[derive(Debug, Clone, Deserialize)]
pub struct ScopesReply {
    /// The user's id.
    #[serde(default)]
    pub id: Option<i64>,
    /// The consent items.
    #[serde(default)]
    pub scopes: Vec<Scope>,
}

/// One consent item.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
pub struct Scope {
    /// Its id (`talk_message`, `friends`, ...).
    pub id: String,
    /// Its name on the consent screen.
    #[serde(default)]
    pub display_name: String,
    /// `PRIVACY` or `SERVICE`.
    #[serde(default, rename = "type")]
    pub kind: String,
    /// Whether the app uses it (set up as a consent item).
    #[serde(default)]
    pub using: bool,
    /// Whether the user agreed.
    #[serde(default)]
    pub agreed: bool,
    /// Whether the user may take the consent back.
    #[serde(default)]
    pub revocable: Option<bool>,
}
