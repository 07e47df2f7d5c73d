//! The send backend (cargo feature `send`): Kakao's "send to me" and "send to friends"
//! endpoints for default, custom and scrap messages, and the friends list.

pub mod app_config;
pub mod client;
pub mod credentials;
pub mod dispatch;
pub mod error;
pub mod folders;
pub mod journal;
pub mod koe;
pub mod ledger;
pub mod login;
pub mod message;
pub mod outcome;
pub mod pkce;
pub mod private_file;
pub mod recipients;
pub mod response;
pub mod secret;
pub mod store;

pub use client::Client;
pub use credentials::{AppKeys, Credentials};
pub use dispatch::{Plan, Quota, send_all};
pub use error::SendError;
pub use journal::{Fingerprint, Journal};
pub use message::{Message, PlannedRequest};
pub use outcome::{Account, Status};
pub use recipients::Recipients;
pub use secret::{AccessToken, AuthCode, ClientSecret, CodeVerifier, RefreshToken};
