//! `ktpl send`: compile, check and send a message, then account for every receiver.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::report::exit;
use crate::send::{Account, Message, SendError, Status, Target};

use super::args::{ApiArgs, SendArgs};
use super::input::{client, env, fail};

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
