//! `ktpl whoami`: who is signed in (the token `send` would use), for which app, until
//! when, with which consents, and whether each command can run. Exit 0 with a live
//! token, 4 without one.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use serde_json::json;

use crate::report::exit;
use crate::send::credentials::Origin;
use crate::send::response::Scope;
use crate::send::{SendError, store};

use super::args::ApiArgs;
use super::input::{client, env};

/// What each command needs, in consent ids.
const NEEDS: [(&str, &[&str], &str); 3] = [
    ("send --to me", &["talk_message"], ""),
    (
        "friends",
        &["friends"],
        "the app needs Kakao's permission to list friends who are not app members",
    ),
    (
        "send --to UUID",
        &["talk_message", "friends"],
        "the app needs Kakao's permission to send to friends who are not app members",
    ),
];

/// Runs `ktpl whoami`.
pub(crate) fn whoami(api: &ApiArgs, format: &str) -> u8 {
    let json_out = format == "json";
    let not_signed_in = |error: &SendError| {
        if json_out {
            let report = json!({
                "version": crate::report::json::VERSION,
                "signed_in": false,
                "error": error.to_string(),
            });
            println!(
                "{}",
                serde_json::to_string_pretty(&report).unwrap_or_default()
            );
        } else {
            eprintln!("error: {error}");
        }
        eprintln!(
            "Not signed in: run `ktpl login` (or set KAKAO_ACCESS_TOKEN, or pass --token-file)."
        );
        exit::REQUEST_FAILED
    };
    let mut client = match client(api) {
        Ok(client) => client,
        Err(error @ SendError::Usage { .. }) => {
            eprintln!("error: {error}");
            return exit::USAGE;
        }
        Err(error) => return not_signed_in(&error),
    };
    let info = match client.token_info() {
        Ok(info) => info,
        Err(error) => return not_signed_in(&error),
    };
    let scopes: Vec<Scope> = match client.scopes() {
        Ok(reply) => reply.scopes,
        Err(error) => return not_signed_in(&error),
    };
    let agreed = |id: &str| scopes.iter().any(|s| s.id == id && s.agreed);
    let source = match &client.credentials().origin {
        Origin::File(path) => format!("--token-file {}", path.display()),
        Origin::Env { .. } => "KAKAO_ACCESS_TOKEN".to_owned(),
        Origin::Store { path, .. } => format!("ktpl login ({})", path.display()),
    };
    let now = store::now(&env);
    let expires_at = now.saturating_add_signed(info.expires_in);
    let commands: Vec<serde_json::Value> = NEEDS
        .iter()
        .map(|(command, needs, note)| {
            let missing: Vec<&str> = needs.iter().copied().filter(|id| !agreed(id)).collect();
            json!({
                "command": command,
                "ready": missing.is_empty(),
                "missing_consent": missing,
                "fix": (!missing.is_empty()).then(|| format!("ktpl login --scope {}", missing.join(","))),
                "note": (!note.is_empty()).then_some(*note),
            })
        })
        .collect();
    if json_out {
        let report = json!({
            "version": crate::report::json::VERSION,
            "signed_in": true,
            "source": source,
            "app_id": info.app_id,
            "user_id": info.id,
            "expires_in": info.expires_in,
            "expires_at": crate::send::ledger::utc_text(expires_at),
            "scopes": scopes,
            "commands": commands,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
        return exit::OK;
    }
    println!(
        "Signed in as user {} of app {} (token from {source}).",
        info.id.map_or_else(|| "?".to_owned(), |id| id.to_string()),
        info.app_id
    );
    println!(
        "The access token expires in {} min, at {}{}.",
        info.expires_in / 60,
        crate::send::ledger::utc_text(expires_at),
        if client.credentials().refresh_grant().is_some() {
            "; ktpl refreshes it when it does"
        } else {
            ""
        }
    );
    let consented: Vec<&str> = scopes
        .iter()
        .filter(|s| s.agreed)
        .map(|s| s.id.as_str())
        .collect();
    println!(
        "Consented to: {}",
        if consented.is_empty() {
            "nothing".to_owned()
        } else {
            consented.join(", ")
        }
    );
    for command in &commands {
        let name = command["command"].as_str().unwrap_or_default();
        if command["ready"] == true {
            let note = command["note"]
                .as_str()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            println!("  ready    ktpl {name}{note}");
        } else {
            println!(
                "  blocked  ktpl {name}: needs consent to {}; run `{}`",
                command["missing_consent"]
                    .as_array()
                    .map(|ids| ids
                        .iter()
                        .filter_map(|v| v.as_str())
                        .collect::<Vec<_>>()
                        .join(", "))
                    .unwrap_or_default(),
                command["fix"].as_str().unwrap_or_default()
            );
        }
    }
    exit::OK
}
