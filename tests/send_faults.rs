//! `ktpl send` against a fake Kakao that breaks connections: for each fault, every
//! receiver's fate is held against what the fake actually delivered (no lie either
//! way), nothing is delivered twice, and no token is printed (`send::run` checks).

use std::collections::BTreeMap;
use std::process::Output;
use std::time::Duration;

use crate::fake_kakao::{FakeKakao, Fault, Setup, TOKEN};
use crate::harness::{stderr, stdout};
use crate::send::{TEXT_SAMPLE, account, as_refs, env_for, run, send_text, write_token_file};

/// The client's timeout in these tests; `Fault::Delay` waits longer.
const TIMEOUT_MS: &str = "1500";

pub(crate) fn uuids(prefix: &str, count: usize) -> Vec<String> {
    (1..=count).map(|i| format!("{prefix}-{i}")).collect()
}

/// The token for `fake`, and the short timeout.
fn short_timeout_env(fake: &FakeKakao) -> Vec<(&'static str, String)> {
    let mut env = env_for(fake, TOKEN);
    env.push(("KTPL_HTTP_TIMEOUT_MS", TIMEOUT_MS.to_owned()));
    env
}

/// Runs `ktpl send TEXT_SAMPLE --to RECEIVERS --format json` against `fake`.
fn send_json_to(fake: &FakeKakao, receivers: &[String]) -> Output {
    send_json(fake, &[TEXT_SAMPLE, "--to", &receivers.join(",")])
}

/// Runs `ktpl send ARGS --format json` against `fake` with a short timeout.
pub(crate) fn send_json(fake: &FakeKakao, args: &[&str]) -> Output {
    let env = short_timeout_env(fake);
    let mut all = vec!["send"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    run(&all, &as_refs(&env))
}

/// Each receiver's fate, after checking the account tells no lie: `delivered` only for
/// receivers the fake delivered to, `failed` and `not_sent` only for receivers it did
/// not, and nobody delivered twice. The summary counts all four fates.
pub(crate) fn truthful_fates(out: &Output, fake: &FakeKakao) -> BTreeMap<String, String> {
    let report = account(out);
    let delivered = fake.delivered();
    let mut once = delivered.clone();
    once.sort();
    once.dedup();
    assert_eq!(
        once.len(),
        delivered.len(),
        "delivered twice: {delivered:?}"
    );
    let mut fates = BTreeMap::new();
    for receiver in report["receivers"].as_array().expect("receivers") {
        let name = receiver["receiver"].as_str().expect("name").to_owned();
        let status = receiver["status"].as_str().expect("status").to_owned();
        let reached = delivered.contains(&name);
        match status.as_str() {
            "delivered" => assert!(reached, "{name} reported delivered, never reached"),
            "failed" | "not_sent" => assert!(!reached, "{name} reported {status}, was reached"),
            "unknown" => {}
            other => panic!("unexpected status {other}"),
        }
        fates.insert(name, status);
    }
    let summary = &report["summary"];
    let count = |status: &str| fates.values().filter(|s| *s == status).count();
    for status in ["delivered", "failed", "unknown", "not_sent"] {
        assert_eq!(summary[status], count(status), "summary of {status}");
    }
    fates
}

fn fates_of<'a>(fates: &'a BTreeMap<String, String>, names: &[String]) -> Vec<&'a str> {
    names.iter().map(|n| fates[n].as_str()).collect()
}

/// Ten friends in two batches; `fault` hits the first request, the second is served
/// normally. Returns the first batch's fates and the exit code.
fn first_batch_under(fault: Fault) -> (Vec<String>, Option<i32>) {
    let fake = FakeKakao::with(Setup {
        faults: vec![fault.clone()],
        ..Setup::default()
    });
    let all = uuids("u", 10);
    let out = send_json_to(&fake, &all);
    let fates = truthful_fates(&out, &fake);
    assert_eq!(
        fates_of(&fates, &all[5..]),
        ["delivered"; 5],
        "{fault:?}: the second batch goes out normally\n{}",
        stdout(&out)
    );
    assert_eq!(
        fake.requests().len(),
        usize::from(!matches!(fault, Fault::ResetBeforeRead)) + 1
    );
    let first = fates_of(&fates, &all[..5])
        .into_iter()
        .map(str::to_owned)
        .collect();
    (first, out.status.code())
}

#[test]
fn a_request_without_a_readable_answer_leaves_its_receivers_unknown() {
    let html = "<html><body><h1>Bad Gateway</h1></body></html>";
    for fault in [
        Fault::ResetBeforeRead,
        Fault::CloseAfterRead,
        Fault::Delay(Duration::from_millis(2500)),
        Fault::Reply {
            status: 500,
            body: html,
            delivered: false,
        },
        Fault::Reply {
            status: 502,
            body: html,
            delivered: true,
        },
        Fault::Reply {
            status: 503,
            body: html,
            delivered: false,
        },
        Fault::Body200("{\"successful_receiver_uuids\": [\"u-1\""),
        Fault::Body200(""),
        Fault::Body200(html),
        Fault::Body200("{\"successful_receiver_uuids\": null}"),
        Fault::Body200("null"),
        Fault::Truncated,
    ] {
        let (first, code) = first_batch_under(fault.clone());
        assert_eq!(first, ["unknown"; 5], "{fault:?}");
        assert_eq!(code, Some(4), "{fault:?}: unknown counts as not delivered");
    }
}

#[test]
fn a_dropped_keep_alive_connection_loses_nothing() {
    let (first, code) = first_batch_under(Fault::KeepAliveThenDrop);
    assert_eq!(first, ["delivered"; 5]);
    assert_eq!(code, Some(0));
}

#[test]
fn rate_limiting_fails_the_batch_and_sends_no_more() {
    let fake = FakeKakao::with(Setup {
        faults: vec![
            Fault::Normal,
            Fault::Reply {
                status: 429,
                body: "",
                delivered: false,
            },
        ],
        ..Setup::default()
    });
    let all = uuids("u", 12);
    let out = send_json_to(&fake, &all);
    let fates = truthful_fates(&out, &fake);
    assert_eq!(fates_of(&fates, &all[..5]), ["delivered"; 5]);
    assert_eq!(fates_of(&fates, &all[5..10]), ["failed"; 5]);
    assert_eq!(fates_of(&fates, &all[10..]), ["not_sent"; 2]);
    assert_eq!(fake.requests().len(), 2, "no request after the 429");
    assert_eq!(out.status.code(), Some(4));
    assert!(stderr(&out).contains("slow down"), "{}", stderr(&out));
}

#[test]
fn two_outages_in_a_row_stop_the_send() {
    let gateway = Fault::Reply {
        status: 502,
        body: "<html>Bad Gateway</html>",
        delivered: false,
    };
    let fake = FakeKakao::with(Setup {
        faults: vec![gateway.clone(), gateway],
        ..Setup::default()
    });
    let all = uuids("u", 15);
    let out = send_json_to(&fake, &all);
    let fates = truthful_fates(&out, &fake);
    assert_eq!(fates_of(&fates, &all[..10]), ["unknown"; 10]);
    assert_eq!(fates_of(&fates, &all[10..]), ["not_sent"; 5]);
    assert_eq!(fake.requests().len(), 2);
}

#[test]
fn the_sender_quota_running_out_stops_the_send() {
    let fake = FakeKakao::start();
    let mut all = uuids("u", 4);
    all.insert(2, "fail-quota".to_owned());
    all.extend(uuids("v", 3));
    let out = send_json_to(&fake, &all);
    let fates = truthful_fates(&out, &fake);
    assert_eq!(fates["fail-quota"], "failed");
    assert_eq!(fates_of(&fates, &all[5..]), ["not_sent"; 3]);
    assert_eq!(fake.requests().len(), 1);
}

#[test]
fn send_to_me_custom_and_scrap_tell_the_same_truth() {
    for (args, fault, expected) in [
        (
            vec![TEXT_SAMPLE, "--to", "me"],
            Fault::Body200("<html>ok</html>"),
            "unknown",
        ),
        (
            vec![TEXT_SAMPLE, "--to", "me"],
            Fault::Body200("{\"result_code\": null}"),
            "unknown",
        ),
        (
            vec![TEXT_SAMPLE, "--to", "me"],
            Fault::CloseAfterRead,
            "unknown",
        ),
        (
            vec!["--template-id", "7", "--to", "me"],
            Fault::ResetBeforeRead,
            "unknown",
        ),
        (
            vec!["--template-id", "7", "--to", "a,b"],
            Fault::Body200("{}"),
            "unknown",
        ),
        (
            vec!["--scrap", "https://example.com", "--to", "me"],
            Fault::Truncated,
            "unknown",
        ),
        (
            vec!["--scrap", "https://example.com", "--to", "a"],
            Fault::Reply {
                status: 400,
                body: "{\"code\":-2,\"msg\":\"invalid request_url\"}",
                delivered: false,
            },
            "failed",
        ),
        (
            vec!["--scrap", "https://example.com", "--to", "me"],
            Fault::Normal,
            "delivered",
        ),
    ] {
        let fake = FakeKakao::with(Setup {
            faults: vec![fault.clone()],
            ..Setup::default()
        });
        let out = send_json(&fake, &args);
        let fates = truthful_fates(&out, &fake);
        assert!(
            fates.values().all(|f| f == expected),
            "{args:?} {fault:?}: {fates:?}"
        );
    }
}

#[test]
fn the_human_report_says_who_might_have_got_it() {
    let fake = FakeKakao::with(Setup {
        faults: vec![Fault::CloseAfterRead],
        ..Setup::default()
    });
    let env = short_timeout_env(&fake);
    let out = send_text(&["--to", "a,b"], &as_refs(&env));
    let printed = stdout(&out);
    assert!(printed.contains("unknown    a: the request went out and no reply came back"));
    assert!(printed.contains("0 of 2 delivered (0 failed, 2 unknown, 0 not sent)"));
    assert!(printed.contains("may or may not have"), "{printed}");
}

#[test]
fn malformed_tokens_are_usage_errors_before_any_connection() {
    let fake = FakeKakao::start();
    let mut env = env_for(&fake, TOKEN);
    env[0].1 = format!("{TOKEN}\nX-Injected: 1");
    let out = send_text(&["--to", "me"], &as_refs(&env));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("line break"), "{}", stderr(&out));

    let dir = tempfile::tempdir().expect("tempdir");
    let token_file = dir.path().join("token");
    write_token_file(&token_file, &format!("\u{feff}{TOKEN}\n"), 0o600);
    let out = send_text(
        &[
            "--to",
            "me",
            "--token-file",
            token_file.to_str().expect("utf-8"),
        ],
        &[("KAKAO_API_BASE", fake.base.as_str())],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("byte-order mark"), "{}", stderr(&out));
    assert!(fake.requests().is_empty(), "no connection was made");
}

#[test]
fn scrap_takes_only_http_urls() {
    let fake = FakeKakao::start();
    let env = env_for(&fake, TOKEN);
    for url in [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "example.com/page",
    ] {
        let out = run(&["send", "--scrap", url, "--to", "me"], &as_refs(&env));
        assert_eq!(out.status.code(), Some(2), "{url}: {}", stderr(&out));
        assert!(stderr(&out).contains("--scrap"), "{}", stderr(&out));
    }
    assert!(fake.requests().is_empty());
}
