//! `ktpl send` and `ktpl friends`: the command-line side of the send backend.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::report::exit;
use crate::send::{Account, Client, Credentials, Message, SendError, Status, Target};

/// Where and how to reach Kakao.
#[derive(Debug, Args)]
pub(crate) struct ApiArgs {
    /// Read the access token from this file (first line; an optional second line is the
    /// refresh token). It must not be readable by others. Default: `KAKAO_ACCESS_TOKEN`.
    #[arg(long, value_name = "FILE")]
    pub(crate) token_file: Option<PathBuf>,
    /// Kakao's API base URL (or `KAKAO_API_BASE`); plain http only for loopback hosts.
    #[arg(long, value_name = "URL")]
    pub(crate) api_base: Option<String>,
}

/// What `ktpl send` was asked to send.
#[derive(Debug, Args)]
pub(crate) struct SendArgs {
    /// A template to compile, check and send with the default-template endpoints.
    pub(crate) file: Option<PathBuf>,
    /// `me`, or friends' uuids (comma-separated; repeatable).
    #[arg(long, value_name = "me|UUID[,UUID...]")]
    pub(crate) to: Vec<String>,
    /// A file of friends' uuids, one per line (`#` comments allowed).
    #[arg(long, value_name = "FILE")]
    pub(crate) to_file: Vec<PathBuf>,
    /// Send a custom template built in the developer console, by id.
    #[arg(long, value_name = "ID")]
    pub(crate) template_id: Option<i64>,
    /// Send a scrap of this page (optionally laid out by `--template-id`).
    #[arg(long, value_name = "URL")]
    pub(crate) scrap: Option<String>,
    /// A custom template argument `key=value` (repeatable).
    #[arg(long = "arg", value_name = "KEY=VALUE", value_parser = super::cli::parse_var)]
    pub(crate) args: Vec<(String, String)>,
    /// Custom template arguments from a JSON object file.
    #[arg(long = "args", value_name = "FILE")]
    pub(crate) args_file: Option<PathBuf>,
    /// Print the requests that would be made, and send nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// `human` or `json` (the account of every receiver).
    #[arg(long, value_name = "FORMAT", default_value = "human", value_parser = ["human", "json"])]
    pub(crate) format: String,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

fn client(api: &ApiArgs) -> Result<Client, SendError> {
    let credentials = Credentials::load(api.token_file.as_deref(), env)?;
    let api_base = api
        .api_base
        .clone()
        .or_else(|| env("KAKAO_API_BASE"))
        .unwrap_or_else(|| crate::send::client::DEFAULT_API_BASE.to_owned());
    let auth_base =
        env("KAKAO_AUTH_BASE").unwrap_or_else(|| crate::send::client::DEFAULT_AUTH_BASE.to_owned());
    Client::new(&api_base, &auth_base, credentials)
}

fn fail(error: &SendError) -> u8 {
    eprintln!("error: {error}");
    match error {
        SendError::Usage { .. } => exit::USAGE,
        _ => exit::REQUEST_FAILED,
    }
}

fn custom_args(args: &SendArgs) -> Result<BTreeMap<String, String>, SendError> {
    let mut map = BTreeMap::new();
    if let Some(path) = &args.args_file {
        let usage = |message: String| SendError::Usage { message };
        let text = std::fs::read_to_string(path)
            .map_err(|e| usage(format!("cannot read --args file {}: {e}", path.display())))?;
        let value: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| usage(format!("--args file {} is not JSON: {e}", path.display())))?;
        let serde_json::Value::Object(object) = value else {
            return Err(usage(format!(
                "--args file {} must hold a JSON object",
                path.display()
            )));
        };
        for (key, value) in object {
            let text = match value {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            map.insert(key, text);
        }
    }
    map.extend(args.args.iter().cloned());
    Ok(map)
}

/// The message to send; `Err(code)` when the template has errors (already reported).
fn message(
    args: &SendArgs,
    compile_template: &dyn Fn(&Path) -> Result<serde_json::Value, u8>,
) -> Result<Message, u8> {
    let custom = custom_args(args).map_err(|e| fail(&e))?;
    match (&args.file, args.template_id, &args.scrap) {
        (Some(file), None, None) => {
            if !custom.is_empty() {
                return Err(fail(&SendError::Usage {
                    message: "--arg/--args are for custom templates (--template-id) and scraps"
                        .to_owned(),
                }));
            }
            compile_template(file)
                .map(Message::Default)
                .inspect_err(|_| {
                    eprintln!("error: the template has errors; nothing was sent");
                })
        }
        (None, Some(template_id), None) => Ok(Message::Custom {
            template_id,
            args: custom,
        }),
        (None, template_id, Some(url)) => Ok(Message::Scrap {
            request_url: url.clone(),
            template_id,
            args: custom,
        }),
        _ => Err(fail(&SendError::Usage {
            message:
                "give one of: a template FILE, --template-id ID, or --scrap URL [--template-id ID]"
                    .to_owned(),
        })),
    }
}

/// Runs `ktpl send`.
pub(crate) fn send(
    args: &SendArgs,
    api: &ApiArgs,
    compile_template: &dyn Fn(&Path) -> Result<serde_json::Value, u8>,
) -> u8 {
    let files: Vec<&Path> = args.to_file.iter().map(PathBuf::as_path).collect();
    let target = match Target::parse(&args.to, &files) {
        Ok(target) => target,
        Err(error) => return fail(&error),
    };
    let message = match message(args, compile_template) {
        Ok(message) => message,
        Err(code) => return code,
    };
    if args.dry_run {
        let base = api
            .api_base
            .clone()
            .or_else(|| env("KAKAO_API_BASE"))
            .unwrap_or_else(|| crate::send::client::DEFAULT_API_BASE.to_owned());
        for batch in target.batches() {
            let receivers = matches!(target, Target::Friends(_)).then_some(batch.as_slice());
            let request = message.request(receivers);
            println!("POST {}{}", base.trim_end_matches('/'), request.path);
            println!("Authorization: Bearer ***");
            println!("Content-Type: application/x-www-form-urlencoded;charset=utf-8");
            for (key, value) in &request.form {
                println!("  {key} = {value}");
            }
            println!();
        }
        println!("dry run: nothing was sent");
        return exit::OK;
    }
    let mut client = match client(api) {
        Ok(client) => client,
        Err(error) => return fail(&error),
    };
    let account = client.send(&message, &target);
    print_account(&account, &args.format);
    for notice in &client.notices {
        eprintln!("note: {notice}");
    }
    account.exit_code()
}

fn print_account(account: &Account, format: &str) {
    if format == "json" {
        println!(
            "{}",
            serde_json::to_string_pretty(account).unwrap_or_default()
        );
        return;
    }
    for receiver in &account.receivers {
        match &receiver.status {
            Status::Delivered => println!("delivered  {}", receiver.receiver),
            Status::Failed {
                code,
                msg,
                explanation,
                ..
            } => println!(
                "failed     {}: {msg} ({code})\n           {explanation}",
                receiver.receiver
            ),
            Status::Unknown => println!(
                "unknown    {}: Kakao's reply named this receiver in neither list; check before sending again",
                receiver.receiver
            ),
        }
    }
    println!(
        "{} of {} delivered",
        account.delivered(),
        account.receivers.len()
    );
}

/// Runs `ktpl friends`.
pub(crate) fn friends(api: &ApiArgs, format: &str) -> u8 {
    let mut client = match client(api) {
        Ok(client) => client,
        Err(error) => return fail(&error),
    };
    match client.friends() {
        Ok(friends) => {
            if format == "json" {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&friends).unwrap_or_default()
                );
            } else {
                for friend in &friends {
                    println!(
                        "{}\t{}\t{}\t{}",
                        friend.uuid,
                        friend.profile_nickname.as_deref().unwrap_or(""),
                        if friend.favorite == Some(true) {
                            "favorite"
                        } else {
                            "-"
                        },
                        if friend.allowed_msg == Some(false) {
                            "no-messages"
                        } else {
                            "ok"
                        },
                    );
                }
                println!("{} friends", friends.len());
            }
            exit::OK
        }
        Err(error) => fail(&error),
    }
}
