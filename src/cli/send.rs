//! `ktpl send`: compile, check and send a message, then account for every receiver.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::report::exit;
use crate::send::ledger::{Ledger, QuotaPlan, Sender};
use crate::send::outcome::ReceiverOutcome;
use crate::send::{
    Account, Client, Fingerprint, Journal, Message, Plan, Quota, Recipients, SendError, Status,
};

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
        (None, template_id, Some(url)) => {
            Message::scrap(url, template_id, custom).map_err(|e| fail(&e))
        }
        _ => Err(fail(&SendError::Usage {
            message:
                "give one of: a template FILE, --template-id ID, or --scrap URL [--template-id ID]"
                    .to_owned(),
        })),
    }
}

/// Runs `ktpl send`. A dry run makes every check a real send makes (receivers,
/// template, token, API base, journal) and then prints the plan instead of sending.
pub(crate) fn send(
    args: &SendArgs,
    api: &ApiArgs,
    compile_template: &dyn Fn(&Path) -> Result<serde_json::Value, u8>,
) -> u8 {
    let files: Vec<&Path> = args.to_file.iter().map(PathBuf::as_path).collect();
    let recipients = match Recipients::parse(&args.to, &files) {
        Ok(recipients) => recipients,
        Err(error) => return fail(&error),
    };
    let message = match message(args, compile_template) {
        Ok(message) => message,
        Err(code) => return code,
    };
    let mut client = match client(api) {
        Ok(client) => client,
        Err(error) => return fail(&error),
    };
    let mut journal = match &args.journal {
        Some(path) => {
            // Receivers aside, every request of this send carries the same fields.
            let sample = match &recipients {
                Recipients::Me => message.request(None),
                Recipients::Friends(_) => message.request(Some(&[])),
            };
            let fingerprint = Fingerprint::new(client.api_url(sample.path), &sample.form);
            match Journal::open(path, fingerprint, args.dry_run) {
                Ok(journal) => Some(journal),
                Err(error) => return fail(&error),
            }
        }
        None => None,
    };
    let mut plan = Plan::new(&recipients, journal.as_ref(), args.resend_unknown);
    let mut ledger = None;
    let mut quota_plan = None;
    if matches!(recipients, Recipients::Friends(_)) && !plan.batches.is_empty() {
        if let Err(error) = check_consent(&client) {
            return fail(&error);
        }
        match open_ledger(&mut client) {
            Ok(Some((open, sender))) => {
                quota_plan = Some(open.plan(sender, &plan.pending_friends()));
                ledger = Some((open, sender));
            }
            Ok(None) => eprintln!(
                "note: ktpl has no state folder (HOME and XDG_STATE_HOME are unset), so Kakao's daily quotas are not tracked for this send"
            ),
            Err(error) => return fail(&error),
        }
    }
    let over_quota = quota_plan.as_ref().is_some_and(|q| !q.over.is_empty());
    if over_quota
        && !args.within_quota
        && let Some(quota) = &quota_plan
    {
        if args.dry_run {
            print_plan(&plan, &message, &client, &args.format, quota_plan.as_ref());
        }
        refuse_over_quota(quota);
        return exit::USAGE;
    }
    if let Some(quota) = &quota_plan {
        let when = quota.when_next();
        let held: Vec<(String, String)> = quota
            .over
            .iter()
            .map(|(receiver, _, why)| (receiver.clone(), format!("quota: {why}; it can go {when}")))
            .collect();
        plan.hold(&held);
    }
    if args.dry_run {
        print_plan(&plan, &message, &client, &args.format, quota_plan.as_ref());
        return exit::OK;
    }
    let quota = ledger.as_mut().map(|(ledger, sender)| Quota {
        ledger,
        sender: *sender,
    });
    let (account, stopped) =
        crate::send::send_all(&mut client, &message, &plan, journal.as_mut(), quota);
    print_account(&account, &args.format);
    if let Some(reason) = stopped {
        if account.summary().not_sent > 0 {
            eprintln!("error: {reason}\n  (so the receivers after it were not sent)");
        } else {
            eprintln!("error: {reason}");
        }
    }
    for notice in &client.notices {
        eprintln!("note: {notice}");
    }
    account.exit_code()
}

/// Before a friends send with ktpl's own sign-in: the consents it needs, named with the
/// `ktpl login --scope` that adds them. (A token from elsewhere carries no record of its
/// consents; Kakao's -402 is explained the same way.)
fn check_consent(client: &Client) -> Result<(), SendError> {
    let Some(facts) = client.credentials().facts() else {
        return Ok(());
    };
    let missing: Vec<&str> = ["talk_message", "friends"]
        .into_iter()
        .filter(|id| !facts.scopes.iter().any(|s| s == id))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(SendError::Credentials {
        message: format!(
            "sending to friends needs your consent to {}, which your sign-in does not have; nothing was sent",
            missing.join(" and ")
        ),
        help: format!(
            "run `ktpl login --scope {}` and agree on Kakao's page",
            missing.join(",")
        ),
    })
}

/// The quota ledger and the sender, for a friends send: `None` without a state folder.
/// The sender is the stored sign-in's, else Kakao says whose token it is.
fn open_ledger(client: &mut Client) -> Result<Option<(Ledger, Sender)>, SendError> {
    let Some(state) = crate::send::folders::state_dir(&env) else {
        return Ok(None);
    };
    // The ledger first: a state folder that cannot hold it stops the send before any
    // request.
    let now = crate::send::store::now(&env);
    let ledger = Ledger::open(&state, now, &|| {
        eprintln!("waiting: another `ktpl send` is using the quota ledger…");
    })?;
    let known = client
        .credentials()
        .facts()
        .and_then(|facts| facts.app_id.zip(facts.user_id));
    let (app_id, user_id) = if let Some(ids) = known {
        ids
    } else {
        let info = client.token_info().map_err(|error| SendError::Credentials {
                message: format!(
                    "cannot plan Kakao's daily quotas: whose token this is could not be read ({error}); nothing was sent"
                ),
                help: "run again when Kakao can be reached".to_owned(),
            })?;
        let user_id = info.id.ok_or_else(|| SendError::Credentials {
                message: "Kakao's token info names no user, so the quota ledger cannot count this sender's messages; nothing was sent".to_owned(),
                help: "use a user token (from `ktpl login`)".to_owned(),
            })?;
        (info.app_id, user_id)
    };
    Ok(Some((ledger, Sender { app_id, user_id })))
}

/// Says which receivers are over today's quota, how many can go, and when the rest can.
fn refuse_over_quota(quota: &QuotaPlan) {
    eprintln!("error: this send would pass Kakao's daily message quotas, so nothing was sent:");
    for (receiver, _, why) in &quota.over {
        eprintln!("  {receiver}: {why}");
    }
    let total = quota.fits.len() + quota.over.len();
    eprintln!(
        "  {} of {total} receivers can get it today; the rest can {}.",
        quota.fits.len(),
        quota.when_next()
    );
    eprintln!(
        "  help: add --within-quota to send to those {} now and leave the rest `not_sent`; with --journal FILE, the same command on a later day sends them",
        quota.fits.len()
    );
}

fn print_plan(
    plan: &Plan,
    message: &Message,
    client: &crate::send::Client,
    format: &str,
    quota: Option<&QuotaPlan>,
) {
    let requests: Vec<_> = plan
        .batches
        .iter()
        .map(|batch| message.request(batch.as_deref()))
        .collect();
    if format == "json" {
        let requests: Vec<serde_json::Value> = requests
            .iter()
            .map(|request| {
                let form: serde_json::Map<String, serde_json::Value> = request
                    .form
                    .iter()
                    .map(|(key, value)| (key.clone(), value.clone().into()))
                    .collect();
                serde_json::json!({
                    "method": "POST",
                    "url": client.api_url(request.path),
                    "headers": {
                        "Authorization": "Bearer ***",
                        "Content-Type": "application/x-www-form-urlencoded;charset=utf-8",
                    },
                    "receivers": if request.receivers.is_empty() { vec!["me".to_owned()] } else { request.receivers.clone() },
                    "form": form,
                })
            })
            .collect();
        let plan = serde_json::json!({
            "version": crate::report::json::VERSION,
            "dry_run": true,
            "requests": requests,
            "settled_earlier": plan.earlier,
            "held": plan.held,
            "quota": quota.map(quota_json),
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&plan).unwrap_or_default()
        );
        return;
    }
    for request in &requests {
        println!("POST {}", client.api_url(request.path));
        println!("Authorization: Bearer ***");
        println!("Content-Type: application/x-www-form-urlencoded;charset=utf-8");
        for (key, value) in &request.form {
            println!("  {key} = {value}");
        }
        println!();
    }
    for outcome in &plan.earlier {
        println!(
            "skipped    {}: {} in an earlier run (journal)",
            outcome.receiver,
            outcome.status.name()
        );
    }
    if let Some(quota) = quota {
        let adds = quota.fits.len();
        println!(
            "quota      Kakao's day {} (KST): you sent {} of {} messages today; this send adds {adds} ({} of {})",
            quota.day,
            quota.usage.sender,
            crate::send::ledger::SENDER_DAILY,
            quota.usage.sender as usize + adds,
            crate::send::ledger::SENDER_DAILY,
        );
        for (receiver, _, why) in &quota.over {
            println!(
                "over quota {receiver}: {why}; it can go {}",
                quota.when_next()
            );
        }
    }
    println!("dry run: nothing was sent");
}

fn quota_json(quota: &QuotaPlan) -> serde_json::Value {
    serde_json::json!({
        "day": quota.day.to_string(),
        "timezone": "Asia/Seoul (KST, UTC+9)",
        "sender_sent_today": quota.usage.sender,
        "sender_limit": crate::send::ledger::SENDER_DAILY,
        "pair_limit": crate::send::ledger::PAIR_DAILY,
        "recipient_limit": crate::send::ledger::RECIPIENT_DAILY,
        "this_send": quota.fits.len(),
        "over": quota.over.iter().map(|(receiver, limit, why)| serde_json::json!({
            "receiver": receiver, "limit": limit, "why": why,
        })).collect::<Vec<_>>(),
        "next_day_starts": crate::send::ledger::utc_text(quota.next_day),
    })
}

fn print_account(account: &Account, format: &str) {
    let summary = account.summary();
    if format == "json" {
        let report = serde_json::json!({
            "version": crate::report::json::VERSION,
            "receivers": account.receivers,
            "summary": summary,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
        return;
    }
    for outcome in &account.receivers {
        print_outcome(outcome);
    }
    println!(
        "{} of {} delivered ({} failed, {} unknown, {} not sent)",
        summary.delivered,
        account.receivers.len(),
        summary.failed,
        summary.unknown,
        summary.not_sent
    );
    if summary.unknown > 0 {
        println!(
            "unknown: the request reached Kakao or may have, and no answer says whether these receivers got it; they may or may not have. Kakao offers no way to ask: check with them (for `me`, look in your own chat) before sending again. With --journal, a re-run leaves them alone unless you add --resend-unknown."
        );
    }
}

fn print_outcome(outcome: &ReceiverOutcome) {
    let earlier = if outcome.earlier_run {
        " (earlier run)"
    } else {
        ""
    };
    let receiver = &outcome.receiver;
    match &outcome.status {
        Status::Delivered => println!("delivered  {receiver}{earlier}"),
        Status::Failed {
            code,
            msg,
            explanation,
            ..
        } => println!("failed     {receiver}{earlier}: {msg} ({code})\n           {explanation}"),
        Status::Unknown { reason, .. } => {
            println!("unknown    {receiver}{earlier}: {reason}");
        }
        Status::NotSent { reason } => println!("not_sent   {receiver}{earlier}: {reason}"),
    }
}
