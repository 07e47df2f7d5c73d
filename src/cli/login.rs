//! `ktpl login`: sign in to Kakao in the browser (PKCE, `state` checked, loopback only)
//! and keep the tokens in the sign-in store for `send` and `friends`.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{BufRead, IsTerminal};
use std::time::Duration;

use crate::report::exit;
use crate::send::credentials::app_keys;
use crate::send::login::{Authorize, Listener, redirect_uri};
use crate::send::pkce::{Pkce, random_text};
use crate::send::store::{self, Facts, SignIn};
use crate::send::{Client, SendError};

use super::args::LoginArgs;
use super::input::{bases, env, fail, stop_on_ctrl_c, with_http_timeout};

/// The scope ids asked for: `--scope` values split on commas, each once.
fn scopes(args: &LoginArgs) -> Result<Vec<String>, SendError> {
    let mut scopes: Vec<String> = Vec::new();
    for id in args.scope.iter().flat_map(|value| value.split(',')) {
        let id = id.trim();
        if id.is_empty() {
            continue;
        }
        if !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(SendError::Usage {
                message: format!(
                    "--scope `{id}` is not a consent item id (such as `talk_message` or `friends`)"
                ),
            });
        }
        if !scopes.iter().any(|s| s == id) {
            scopes.push(id.to_owned());
        }
    }
    Ok(scopes)
}

/// Runs `ktpl login`.
pub(crate) fn login(args: &LoginArgs) -> u8 {
    match run(args) {
        Ok(()) => exit::OK,
        Err(error) => fail(&error),
    }
}

fn run(args: &LoginArgs) -> Result<(), SendError> {
    let scopes = scopes(args)?;
    let app = app_keys(&env)?.ok_or_else(|| SendError::Usage {
        message: format!(
            "ktpl login needs the app's REST API key: set KAKAO_REST_API_KEY (and KAKAO_CLIENT_SECRET when the app uses one), or put `rest_api_key` in {}",
            crate::send::folders::config_dir(&env).map_or_else(
                || "kakao.toml in ktpl's config folder".to_owned(),
                |dir| dir.join(crate::send::app_config::FILE_NAME).display().to_string()
            )
        ),
    })?;
    let store_path = store::path(&env).ok_or_else(|| SendError::Usage {
        message: "ktpl has no config folder to keep the sign-in in: set HOME or XDG_CONFIG_HOME"
            .to_owned(),
    })?;
    let (api_base, auth_base) = bases(args.api_base.as_deref());
    // Check the bases before anything is opened (plain http only for loopback).
    let mut client = with_http_timeout(Client::signing_in(
        &api_base,
        &auth_base,
        app.clone(),
        store_path.clone(),
    )?)?;
    let listener = Listener::bind(args.port)?;
    let redirect = redirect_uri(listener.port());
    let state = random_text(16)?;
    let pkce = Pkce::new()?;
    let url = Authorize {
        auth_base: &auth_base,
        client_id: &app.rest_api_key,
        redirect_uri: &redirect,
        scopes: &scopes,
        state: &state,
        code_challenge: &pkce.challenge,
    }
    .url();
    eprintln!("The app must have this redirect URI registered (for its REST API key): {redirect}");
    // On a terminal a pasted address is always taken too: the browser may have opened
    // on another machine, or not at all.
    let mut paste = args.no_browser || std::io::stdin().is_terminal();
    if args.no_browser {
        eprintln!(
            "Open this address in a browser and sign in:\n\n  {url}\n\nThen paste here the address the browser ends on (it starts with {redirect}), or just its code:"
        );
    } else if let Err(e) = webbrowser::open(&url) {
        eprintln!(
            "Could not open a browser ({e}). Open this address yourself and sign in:\n\n  {url}\n\nor paste here the address the browser ends on:"
        );
        paste = true;
    } else {
        eprintln!(
            "Opened the sign-in page in your browser; waiting for Kakao to send it back here (Ctrl-C gives up)…\nIf no browser opened, visit:\n\n  {url}\n"
        );
    }
    let pasted = paste.then(|| {
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::stdin().lock().lines() {
                let Ok(line) = line else { break };
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        receive
    });
    let stop = stop_on_ctrl_c().map_err(|message| SendError::Usage { message })?;
    let code = listener.wait(
        &state,
        &redirect,
        Duration::from_secs(args.timeout),
        &stop,
        pasted.as_ref(),
    )?;
    drop(listener);
    let granted = client.sign_in_with_code(&code, &pkce.verifier, &redirect)?;
    let now = store::now(&env);
    let mut sign_in = SignIn {
        access: client.credentials().access.clone(),
        refresh: client.credentials().refresh.clone(),
        app,
        facts: Facts {
            scopes: granted.scopes.clone(),
            access_token_expires_at: granted.expires_in.map(|s| now + s),
            refresh_token_expires_at: granted.refresh_token_expires_in.map(|s| now + s),
            ..Facts::default()
        },
    };
    // Kept at once: the code is spent, and the tokens must not be lost if what follows
    // fails.
    store::save(&store_path, &sign_in)?;
    client = with_http_timeout(crate::send::Client::new(
        &api_base,
        &auth_base,
        crate::send::Credentials::from_sign_in(sign_in.clone(), store_path.clone()),
    )?)?;
    let info = client.token_info()?;
    let mut agreed = granted.scopes.clone();
    if agreed.is_empty() {
        agreed = client
            .scopes()?
            .scopes
            .into_iter()
            .filter(|scope| scope.agreed)
            .map(|scope| scope.id)
            .collect();
    }
    // A refresh on the way may have replaced the tokens (and saved them).
    sign_in.access = client.credentials().access.clone();
    sign_in.refresh.clone_from(&client.credentials().refresh);
    sign_in.facts.app_id = Some(info.app_id);
    sign_in.facts.user_id = info.id;
    sign_in.facts.scopes.clone_from(&agreed);
    sign_in.facts.access_token_expires_at =
        Some(store::now(&env) + u64::try_from(info.expires_in).unwrap_or(0));
    store::save(&store_path, &sign_in)?;
    println!(
        "Signed in: user {} of app {}; consented to {}.",
        info.id.map_or_else(|| "?".to_owned(), |id| id.to_string()),
        info.app_id,
        if agreed.is_empty() {
            "nothing ktpl needs".to_owned()
        } else {
            agreed.join(", ")
        }
    );
    println!(
        "The tokens are in {} (readable by you only).",
        store_path.display()
    );
    let missing: Vec<&String> = scopes.iter().filter(|s| !agreed.contains(s)).collect();
    if !missing.is_empty() {
        let ids: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
        eprintln!(
            "note: you did not agree to {}; to add it later run `ktpl login --scope {}`",
            ids.join(", "),
            ids.join(",")
        );
    }
    Ok(())
}
