//! The quota ledger against the fake Kakao account server, which keeps Kakao's daily
//! quotas as Kakao does: ktpl must refuse (or hold back) what would pass them before
//! any request, count what it sent across runs and crashes, and learn from Kakao's
//! quota errors. The clock is fixed (`KTPL_TEST_NOW`) inside one Kakao day.

use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::fake_kauth::{FIXED_TOKEN, FakeAccount, Setup};
use crate::harness::{stderr, stdout};
use crate::login::Home;

const TEXT_SAMPLE: &str = "examples/kakao-samples/text_kakao_docs.ktpl";
const TOKEN_ENV: [(&str, &str); 1] = [("KAKAO_ACCESS_TOKEN", FIXED_TOKEN)];

fn send(home: &Home, fake: &FakeAccount, args: &[&str]) -> std::process::Output {
    let mut all = vec!["send", TEXT_SAMPLE];
    all.extend_from_slice(args);
    home.run(fake, &all, &TOKEN_ENV)
}

fn dry_run_quota(home: &Home, fake: &FakeAccount, to: &str) -> serde_json::Value {
    let out = send(home, fake, &["--to", to, "--dry-run", "--format", "json"]);
    let plan: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json plan");
    plan["quota"].clone()
}

#[test]
fn the_21st_message_to_one_friend_is_refused_before_any_request() {
    let fake = FakeAccount::start();
    let home = Home::new(&fake);
    for n in 1..=20 {
        let out = send(&home, &fake, &["--to", "friend-1"]);
        assert_eq!(out.status.code(), Some(0), "send {n}: {}", stderr(&out));
    }
    assert_eq!(fake.sends().len(), 20);
    let quota = dry_run_quota(&home, &fake, "friend-2");
    assert_eq!(quota["sender_sent_today"], 20, "{quota}");
    assert_eq!(quota["this_send"], 1);
    let out = send(&home, &fake, &["--to", "friend-1"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(
        said.contains("friend-1: you sent this friend 20 messages today"),
        "{said}"
    );
    assert!(said.contains("0 of 1 receivers can get it today"), "{said}");
    assert!(said.contains("2026-12-07 00:00 KST"), "{said}");
    assert_eq!(
        fake.sends().len(),
        20,
        "Kakao received nothing for the 21st"
    );
    // Another friend still fits.
    let out = send(&home, &fake, &["--to", "friend-2"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_101st_receiver_is_refused_or_held_back_with_within_quota() {
    let fake = FakeAccount::start();
    let home = Home::new(&fake);
    let receivers: Vec<String> = (0..101).map(|i| format!("uuid-{i:03}")).collect();
    let list = home.dir.path().join("receivers.txt");
    std::fs::write(&list, receivers.join("\n")).expect("write");
    let list = list.to_str().expect("utf-8");

    let out = send(&home, &fake, &["--to-file", list]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("100 of 101 receivers can get it today"),
        "{}",
        stderr(&out)
    );
    assert!(fake.sends().is_empty(), "nothing was sent");

    let journal = home.dir.path().join("journal.jsonl");
    let journal = journal.to_str().expect("utf-8");
    let out = send(
        &home,
        &fake,
        &[
            "--to-file",
            list,
            "--within-quota",
            "--journal",
            journal,
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let account: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(account["summary"]["delivered"], 100);
    assert_eq!(account["summary"]["not_sent"], 1);
    let held = &account["receivers"][100];
    assert_eq!(held["receiver"], "uuid-100");
    assert_eq!(held["status"], "not_sent");
    assert!(
        held["reason"]
            .as_str()
            .is_some_and(|r| r.starts_with("quota:")),
        "{held}"
    );
    assert_eq!(fake.sends().len(), 20, "100 receivers in requests of 5");

    // The same command again the same day: the one left is still over the quota.
    let again = send(
        &home,
        &fake,
        &["--to-file", list, "--within-quota", "--journal", journal],
    );
    assert_eq!(again.status.code(), Some(4), "{}", stderr(&again));
    assert_eq!(fake.sends().len(), 20, "still nothing more today");

    // The next Kakao day, the journal's re-run sends only the one held back.
    fake.new_day();
    let next_day = (crate::login::NOW.parse::<u64>().expect("now") + 86_400).to_string();
    let out = home.run(
        &fake,
        &[
            "send",
            TEXT_SAMPLE,
            "--to-file",
            list,
            "--within-quota",
            "--journal",
            journal,
        ],
        &[TOKEN_ENV[0], ("KTPL_TEST_NOW", &next_day)],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let newest = fake.sends().pop().expect("a send");
    assert_eq!(newest.field("receiver_uuids"), Some("[\"uuid-100\"]"));
}

#[test]
fn kakaos_quota_errors_update_the_ledger() {
    // Kakao counted 20 messages to friend-2 that this ledger never saw (another machine).
    let fake = FakeAccount::with(Setup {
        pair_sent_elsewhere: vec![("friend-2", 20)],
        ..Setup::default()
    });
    let home = Home::new(&fake);
    let out = send(&home, &fake, &["--to", "friend-1,friend-2"]);
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    assert!(stdout(&out).contains("-536"), "{}", stdout(&out));
    assert_eq!(fake.sends().len(), 1);
    let out = send(&home, &fake, &["--to", "friend-2"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("(-536)"), "{}", stderr(&out));
    assert_eq!(fake.sends().len(), 1, "refused before any request");
}

/// Starts `ktpl send --to RECEIVERS` (output discarded) and returns once the fake Kakao
/// has its first request, which the fake holds as `hold_sends` says.
#[cfg(unix)]
fn send_until_kakao_holds_it(
    home: &Home,
    fake: &FakeAccount,
    receivers: &str,
) -> std::process::Child {
    let child = home
        .command(&["send", TEXT_SAMPLE, "--to", receivers])
        .env("KAKAO_ACCESS_TOKEN", FIXED_TOKEN)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let deadline = Instant::now() + Duration::from_secs(20);
    while fake.sends().is_empty() {
        assert!(Instant::now() < deadline, "the send never reached Kakao");
        std::thread::sleep(Duration::from_millis(10));
    }
    child
}

#[test]
#[cfg(unix)]
fn a_crash_between_request_and_record_still_counts() {
    let fake = FakeAccount::with(Setup {
        hold_sends: Some(Duration::from_secs(5)),
        ..Setup::default()
    });
    let home = Home::new(&fake);
    let mut child = send_until_kakao_holds_it(&home, &fake, "friend-1,friend-2");
    // Kakao accepted the request; ktpl dies before the reply is recorded.
    child.kill().expect("kill");
    child.wait().expect("reaped");
    let quota = dry_run_quota(&home, &fake, "friend-3");
    assert_eq!(
        quota["sender_sent_today"], 2,
        "both receivers may have got it: {quota}"
    );
}

#[test]
#[cfg(unix)]
fn concurrent_sends_take_turns_on_the_ledger() {
    let fake = FakeAccount::with(Setup {
        hold_sends: Some(Duration::from_secs(2)),
        ..Setup::default()
    });
    let home = Home::new(&fake);
    let first = send_until_kakao_holds_it(&home, &fake, "friend-1");
    let second = send(&home, &fake, &["--to", "friend-2"]);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    assert!(
        stderr(&second).contains("another `ktpl send` is using the quota ledger"),
        "{}",
        stderr(&second)
    );
    let first = first.wait_with_output().expect("ends");
    assert_eq!(first.status.code(), Some(0));
    let quota = dry_run_quota(&home, &fake, "friend-3");
    assert_eq!(quota["sender_sent_today"], 2, "{quota}");
}
