//! `ktpl send --journal`: a fault, a re-run, and every receiver delivered exactly once
//! or still `unknown`; a torn last line; a journal for another message refused; and
//! the lock against two runs at once.

use std::path::Path;

use crate::fake_kakao::{FakeKakao, Fault, Setup};
use crate::harness::stderr;
use crate::send::TEXT_SAMPLE;
use crate::send_faults::{send_json, truthful_fates, uuids};

/// Runs `ktpl send TEXT_SAMPLE --to TO --journal JOURNAL --format json` against `fake`.
fn send_journaled(fake: &FakeKakao, to: &str, journal: &str) -> std::process::Output {
    send_json(fake, &[TEXT_SAMPLE, "--to", to, "--journal", journal])
}

fn journal_lines(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .expect("journal")
        .lines()
        .map(|line| serde_json::from_str(line).expect("every line is JSON"))
        .collect()
}

#[test]
fn a_rerun_with_the_journal_finishes_the_job_and_messages_nobody_twice() {
    let fake = FakeKakao::with(Setup {
        faults: vec![
            Fault::Normal,
            Fault::CloseAfterRead,
            Fault::Reply {
                status: 503,
                body: "<html>Service Unavailable</html>",
                delivered: false,
            },
        ],
        ..Setup::default()
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let journal = dir.path().join("send.jsonl");
    let journal_arg = journal.to_str().expect("utf-8");
    let all = uuids("u", 23);
    let to = all.join(",");
    let args = [TEXT_SAMPLE, "--to", to.as_str(), "--journal", journal_arg];

    let first = send_json(&fake, &args);
    let fates = truthful_fates(&first, &fake);
    let by = |range: std::ops::Range<usize>| -> Vec<String> {
        all[range].iter().map(|u| fates[u].clone()).collect()
    };
    assert_eq!(by(0..5), ["delivered"; 5]);
    assert_eq!(by(5..15), ["unknown"; 10], "lost reply, then a 503");
    assert_eq!(
        by(15..23),
        ["not_sent"; 8],
        "two outages in a row stop the send"
    );
    assert_eq!(first.status.code(), Some(4));
    let lines = journal_lines(&journal);
    assert_eq!(lines[0]["event"], "request");
    assert_eq!(lines[1]["event"], "fates");
    assert_eq!(lines.len(), 6, "three requests, each before and after");

    let journal_before = std::fs::read_to_string(&journal).expect("journal");
    let mut dry = args.to_vec();
    dry.push("--dry-run");
    let plan: serde_json::Value =
        serde_json::from_str(&crate::harness::stdout(&send_json(&fake, &dry))).expect("plan");
    let planned: Vec<&serde_json::Value> = plan["requests"]
        .as_array()
        .expect("requests")
        .iter()
        .flat_map(|r| r["receivers"].as_array().expect("receivers"))
        .collect();
    assert_eq!(
        planned,
        all[15..].iter().collect::<Vec<_>>(),
        "the dry run plans the rest"
    );
    assert_eq!(
        plan["settled_earlier"].as_array().expect("settled").len(),
        15
    );
    assert_eq!(
        std::fs::read_to_string(&journal).expect("journal"),
        journal_before
    );
    assert_eq!(fake.requests().len(), 3, "a dry run sends nothing");

    let second = send_json(&fake, &args);
    let report = crate::send::account(&second);
    let fates = truthful_fates(&second, &fake);
    assert_eq!(fates.len(), 23, "the account covers every receiver");
    assert!(all[15..].iter().all(|u| fates[u] == "delivered"));
    assert!(all[..5].iter().all(|u| fates[u] == "delivered"));
    assert!(
        all[5..15].iter().all(|u| fates[u] == "unknown"),
        "never re-sent"
    );
    let earlier = report["receivers"]
        .as_array()
        .expect("receivers")
        .iter()
        .filter(|r| r["earlier_run"] == true)
        .count();
    assert_eq!(earlier, 15);
    assert_eq!(
        fake.requests().len(),
        5,
        "only the 8 not sent went out, in two requests"
    );

    let resend = send_json(
        &fake,
        &[
            TEXT_SAMPLE,
            "--to",
            to.as_str(),
            "--journal",
            journal_arg,
            "--resend-unknown",
        ],
    );
    assert_eq!(resend.status.code(), Some(0));
    let sent: Vec<String> = fake.requests()[5..]
        .iter()
        .flat_map(|r| {
            serde_json::from_str::<Vec<String>>(&r.field("receiver_uuids").expect("uuids"))
                .expect("json")
        })
        .collect();
    assert_eq!(
        sent,
        all[5..15],
        "--resend-unknown sends exactly the unknown"
    );
}

#[test]
fn a_torn_last_line_means_attempted_outcome_unknown() {
    let fake = FakeKakao::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let journal = dir.path().join("send.jsonl");
    let journal_arg = journal.to_str().expect("utf-8");
    let first = send_journaled(&fake, "a,b", journal_arg);
    assert_eq!(first.status.code(), Some(0));
    // A crash while the fates line was being written.
    let text = std::fs::read_to_string(&journal).expect("journal");
    let cut = text.find("\"event\":\"fates\"").expect("fates line") + 10;
    std::fs::write(&journal, &text[..cut]).expect("tear");

    let second = send_journaled(&fake, "a,b,c", journal_arg);
    let fates = truthful_fates(&second, &fake);
    assert_eq!(fates["a"], "unknown", "attempted, no recorded outcome");
    assert_eq!(fates["b"], "unknown");
    assert_eq!(fates["c"], "delivered");
    assert_eq!(fake.delivered(), ["a", "b", "c"], "a and b not sent again");
    let lines = journal_lines(&journal);
    assert_eq!(lines.len(), 3, "the torn tail was dropped before appending");
    assert_eq!(lines[1]["receivers"], serde_json::json!(["c"]));
}

#[test]
fn a_journal_for_another_message_or_endpoint_is_refused() {
    let fake = FakeKakao::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let journal = dir.path().join("send.jsonl");
    let journal_arg = journal.to_str().expect("utf-8");
    let first = send_journaled(&fake, "a", journal_arg);
    assert_eq!(first.status.code(), Some(0));
    for args in [
        vec!["examples/kakao-samples/commerce_dress.ktpl", "--to", "a,b"],
        vec!["--template-id", "5", "--to", "a,b"],
        vec![TEXT_SAMPLE, "--to", "me"],
    ] {
        let mut args = args.clone();
        args.extend(["--journal", journal_arg]);
        let out = send_json(&fake, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("new journal"), "{}", stderr(&out));
    }
    assert_eq!(
        fake.requests().len(),
        1,
        "nothing sent with a mismatched journal"
    );

    let custom = dir.path().join("custom.jsonl");
    let custom_arg = custom.to_str().expect("utf-8");
    let with_arg = |value: &str| {
        let arg = format!("name={value}");
        send_json(
            &fake,
            &[
                "--template-id",
                "5",
                "--arg",
                &arg,
                "--to",
                "a",
                "--journal",
                custom_arg,
            ],
        )
    };
    assert_eq!(with_arg("Kim").status.code(), Some(0));
    let other = with_arg("Lee");
    assert_eq!(other.status.code(), Some(2));
    assert!(
        stderr(&other).contains("different arguments"),
        "{}",
        stderr(&other)
    );
    assert_eq!(fake.requests().len(), 2);
}

#[test]
fn a_journal_in_use_by_another_run_is_refused() {
    let fake = FakeKakao::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let journal = dir.path().join("send.jsonl");
    let held = std::fs::File::create(&journal).expect("create");
    held.lock().expect("lock");
    let out = send_journaled(&fake, "a", journal.to_str().expect("utf-8"));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("in use"), "{}", stderr(&out));
    assert!(fake.requests().is_empty());
    held.unlock().expect("unlock");
}
