//! `ktpl send` and `ktpl friends` against the fake Kakao API on 127.0.0.1. Every run
//! also asserts that no token appears in anything ktpl printed.

use std::path::Path;
use std::process::Output;

use crate::fake_kakao::{
    EXPIRED_TOKEN, FakeKakao, NEW_REFRESH_TOKEN, NEW_TOKEN, REFRESH_TOKEN, REST_API_KEY,
    SCOPELESS_TOKEN, TOKEN,
};
use crate::harness::{Ktpl, stderr, stdout};

pub(crate) const SECRETS: [&str; 6] = [
    TOKEN,
    EXPIRED_TOKEN,
    SCOPELESS_TOKEN,
    REFRESH_TOKEN,
    NEW_TOKEN,
    NEW_REFRESH_TOKEN,
];

/// Runs ktpl with a clean Kakao environment plus `env` (no `HOME`, so nothing is ever
/// written to the real state folder), and checks no secret leaked.
pub(crate) fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut ktpl = Ktpl::new().args(args).without_kakao_env();
    for (name, value) in env {
        ktpl = ktpl.env(name, value);
    }
    let output = ktpl.run().into_output();
    for secret in SECRETS {
        assert!(
            !stdout(&output).contains(secret),
            "a token leaked to stdout: {}",
            stdout(&output)
        );
        assert!(
            !stderr(&output).contains(secret),
            "a token leaked to stderr: {}",
            stderr(&output)
        );
    }
    output
}

/// The sample most send tests send.
pub(crate) const TEXT_SAMPLE: &str = "examples/kakao-samples/text_kakao_docs.ktpl";

/// Runs `ktpl send TEXT_SAMPLE ARGS` (see [`run`]).
pub(crate) fn send_text(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut all = vec!["send", TEXT_SAMPLE];
    all.extend_from_slice(args);
    run(&all, env)
}

/// Writes a token file holding `text`, with the permissions `mode` on Unix.
pub(crate) fn write_token_file(path: &Path, text: &str, mode: u32) {
    std::fs::write(path, text).expect("write");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    }
    #[cfg(not(unix))]
    let _ = mode;
}

/// Runs `ktpl send TEXT_SAMPLE ARGS --token-file TOKEN_FILE` against `fake`, with the
/// REST API key a refresh needs.
pub(crate) fn send_with_token_file(fake: &FakeKakao, token_file: &Path, args: &[&str]) -> Output {
    let mut all = args.to_vec();
    all.extend(["--token-file", token_file.to_str().expect("utf-8")]);
    send_text(
        &all,
        &[
            ("KAKAO_API_BASE", fake.base.as_str()),
            ("KAKAO_AUTH_BASE", fake.base.as_str()),
            ("KAKAO_REST_API_KEY", REST_API_KEY),
        ],
    )
}

/// `ktpl send TEXT_SAMPLE --to me ARGS` refuses a token file others can read.
#[cfg(unix)]
pub(crate) fn assert_shared_token_file_refused(args: &[&str]) {
    let dir = tempfile::tempdir().expect("tempdir");
    let token_file = dir.path().join("token");
    write_token_file(&token_file, TOKEN, 0o644);
    let mut all = vec!["--to", "me"];
    all.extend_from_slice(args);
    all.extend(["--token-file", token_file.to_str().expect("utf-8")]);
    let out = send_text(&all, &[]);
    assert_eq!(out.status.code(), Some(4));
    assert!(stderr(&out).contains("chmod 600"), "{}", stderr(&out));
}

/// An expired access token, a refresh token and the REST API key in the environment,
/// against `base`, with the state folder `state`.
pub(crate) fn refresh_env<'a>(base: &'a str, state: &'a str) -> [(&'static str, &'a str); 6] {
    [
        ("KAKAO_ACCESS_TOKEN", EXPIRED_TOKEN),
        ("KAKAO_REFRESH_TOKEN", REFRESH_TOKEN),
        ("KAKAO_REST_API_KEY", REST_API_KEY),
        ("KAKAO_API_BASE", base),
        ("KAKAO_AUTH_BASE", base),
        ("XDG_STATE_HOME", state),
    ]
}

pub(crate) fn env_for(fake: &FakeKakao, token: &'static str) -> Vec<(&'static str, String)> {
    vec![
        ("KAKAO_ACCESS_TOKEN", token.to_owned()),
        ("KAKAO_API_BASE", fake.base.clone()),
        ("KAKAO_AUTH_BASE", fake.base.clone()),
    ]
}

pub(crate) fn as_refs<'a>(env: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    env.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

pub(crate) fn account(output: &Output) -> serde_json::Value {
    let account: serde_json::Value = serde_json::from_str(&stdout(output)).expect("JSON account");
    assert_eq!(account["version"], 1, "the JSON output is versioned");
    account
}

#[test]
fn send_to_me_compiles_checks_and_posts_the_template() {
    let fake = FakeKakao::start();
    let env = env_for(&fake, TOKEN);
    let out = send_text(&["--to", "me"], &as_refs(&env));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(stdout(&out).contains("delivered  me"));
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/v2/api/talk/memo/default/send");
    assert_eq!(
        request.header("Authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(
        request.header("Content-Type"),
        Some("application/x-www-form-urlencoded;charset=utf-8")
    );
    let sent: serde_json::Value =
        serde_json::from_str(&request.field("template_object").expect("field")).expect("json");
    assert_eq!(sent["object_type"], "text");
    assert_eq!(
        sent["text"],
        "텍스트 영역입니다. 최대 200자 표시 가능합니다."
    );
}

#[test]
fn a_template_with_errors_is_never_sent() {
    let fake = FakeKakao::start();
    let env = env_for(&fake, TOKEN);
    let out = run(
        &[
            "send",
            "tests/fixtures/invalid/schema/too_many_buttons.ktpl",
            "--to",
            "me",
        ],
        &as_refs(&env),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("ktpl::schema::too_many"));
    assert!(fake.requests().is_empty());
}

#[test]
fn friends_are_batched_by_five_and_accounted_for() {
    let fake = FakeKakao::start();
    let env = env_for(&fake, TOKEN);
    let out = run(
        &[
            "send",
            "examples/kakao-samples/commerce_dress.ktpl",
            "--to",
            "u1,u2,u3,u4",
            "--to",
            "u5,u6,u7",
            "--format",
            "json",
        ],
        &as_refs(&env),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let requests = fake.requests();
    let sizes: Vec<usize> = requests
        .iter()
        .map(|r| {
            serde_json::from_str::<Vec<String>>(&r.field("receiver_uuids").expect("uuids"))
                .expect("json")
                .len()
        })
        .collect();
    assert_eq!(sizes, [5, 2]);
    assert!(
        requests
            .iter()
            .all(|r| r.path == "/v1/api/talk/friends/message/default/send")
    );
    let receivers = account(&out)["receivers"]
        .as_array()
        .expect("receivers")
        .clone();
    assert_eq!(receivers.len(), 7);
    assert!(receivers.iter().all(|r| r["status"] == "delivered"));
}

#[test]
fn partial_failure_names_each_receiver_and_exits_three() {
    let fake = FakeKakao::start();
    let env = env_for(&fake, TOKEN);
    let dir = tempfile::tempdir().expect("tempdir");
    let list = dir.path().join("uuids.txt");
    std::fs::write(&list, "# friends\nok-1\nfail-1\n\nlost-1\n").expect("write");
    let out = send_text(
        &[
            "--to-file",
            list.to_str().expect("utf-8"),
            "--format",
            "json",
        ],
        &as_refs(&env),
    );
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    let receivers = account(&out)["receivers"].clone();
    assert_eq!(receivers[0]["receiver"], "ok-1");
    assert_eq!(receivers[0]["status"], "delivered");
    assert_eq!(receivers[1]["status"], "failed");
    assert_eq!(receivers[1]["code"], -532);
    assert_eq!(
        receivers[1]["msg"],
        "daily message limit per sender has been exceeded."
    );
    assert!(
        receivers[1]["explanation"]
            .as_str()
            .is_some_and(|e| e.contains("daily"))
    );
    assert_eq!(receivers[2]["status"], "unknown", "never silently dropped");
}

#[test]
fn missing_consent_fails_the_request_as_a_whole_with_the_scope_named() {
    let fake = FakeKakao::start();
    let env = env_for(&fake, SCOPELESS_TOKEN);
    let out = send_text(&["--to", "a,b,c,d,e,f"], &as_refs(&env));
    assert_eq!(out.status.code(), Some(4));
    assert!(stdout(&out).contains("talk_message"), "{}", stdout(&out));
    assert!(stdout(&out).contains("0 of 6 delivered"));
    assert_eq!(
        fake.requests().len(),
        1,
        "a consent failure is not repeated for the next batch"
    );
}

#[test]
fn an_expired_token_is_refreshed_once_and_written_back() {
    let fake = FakeKakao::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let token_file = dir.path().join("token");
    write_token_file(
        &token_file,
        &format!("{EXPIRED_TOKEN}\n{REFRESH_TOKEN}\n"),
        0o600,
    );
    let out = send_with_token_file(&fake, &token_file, &["--to", "me"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let paths: Vec<String> = fake.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        paths,
        [
            "/v2/api/talk/memo/default/send",
            "/oauth/token",
            "/v2/api/talk/memo/default/send"
        ]
    );
    let oauth = &fake.requests()[1];
    assert_eq!(oauth.field("grant_type").as_deref(), Some("refresh_token"));
    assert_eq!(oauth.field("client_id").as_deref(), Some(REST_API_KEY));
    let written = std::fs::read_to_string(&token_file).expect("token file");
    assert_eq!(written, format!("{NEW_TOKEN}\n{NEW_REFRESH_TOKEN}\n"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&token_file)
            .expect("meta")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600);
    }
}

#[test]
fn an_expired_token_without_refresh_credentials_says_how_to_fix_it() {
    let fake = FakeKakao::start();
    let env = env_for(&fake, EXPIRED_TOKEN);
    let out = send_text(&["--to", "me"], &as_refs(&env));
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stdout(&out).contains("KAKAO_REFRESH_TOKEN"),
        "{}",
        stdout(&out)
    );
    assert_eq!(fake.requests().len(), 1, "never retried blindly");
}

#[test]
fn custom_and_scrap_messages_use_their_endpoints() {
    let fake = FakeKakao::start();
    let env = env_for(&fake, TOKEN);
    let dir = tempfile::tempdir().expect("tempdir");
    let args_file = dir.path().join("args.json");
    std::fs::write(&args_file, r#"{"name": "Kim", "count": 3}"#).expect("write");
    let custom_me = run(
        &[
            "send",
            "--template-id",
            "12345",
            "--args",
            args_file.to_str().expect("utf-8"),
            "--arg",
            "name=Lee",
            "--to",
            "me",
        ],
        &as_refs(&env),
    );
    assert_eq!(custom_me.status.code(), Some(0), "{}", stdout(&custom_me));
    let custom_friends = run(
        &["send", "--template-id", "12345", "--to", "u1"],
        &as_refs(&env),
    );
    assert_eq!(custom_friends.status.code(), Some(0));
    let scrap_me = run(
        &[
            "send",
            "--scrap",
            "https://developers.kakao.com",
            "--to",
            "me",
        ],
        &as_refs(&env),
    );
    assert_eq!(scrap_me.status.code(), Some(0));
    let scrap_friends = run(
        &[
            "send",
            "--scrap",
            "https://developers.kakao.com",
            "--template-id",
            "9",
            "--to",
            "u1",
        ],
        &as_refs(&env),
    );
    assert_eq!(scrap_friends.status.code(), Some(0));
    let requests = fake.requests();
    let paths: Vec<&str> = requests.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/v2/api/talk/memo/send",
            "/v1/api/talk/friends/message/send",
            "/v2/api/talk/memo/scrap/send",
            "/v1/api/talk/friends/message/scrap/send",
        ]
    );
    assert_eq!(requests[0].field("template_id").as_deref(), Some("12345"));
    let args: serde_json::Value =
        serde_json::from_str(&requests[0].field("template_args").expect("args")).expect("json");
    assert_eq!(args, serde_json::json!({"count": "3", "name": "Lee"}));
    assert_eq!(
        requests[3].field("request_url").as_deref(),
        Some("https://developers.kakao.com")
    );
    assert_eq!(requests[3].field("template_id").as_deref(), Some("9"));
}

#[test]
fn friends_follows_paging_to_the_end() {
    let fake = FakeKakao::start();
    let env = env_for(&fake, TOKEN);
    let out = run(&["friends", "--format", "json"], &as_refs(&env));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let output: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(output["version"], 1);
    let friends = &output["friends"];
    let uuids: Vec<&str> = friends
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|f| f["uuid"].as_str())
        .collect();
    assert_eq!(
        uuids,
        [
            "friend-0", "friend-1", "friend-2", "friend-3", "friend-4", "friend-5"
        ]
    );
    assert_eq!(friends[3]["allowed_msg"], false);
    let requests = fake.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests[0].path.contains("limit=100"));
    assert!(
        requests[1].path.contains("offset=2"),
        "next page from after_url's query"
    );
}

#[test]
fn dry_run_prints_requests_with_the_token_masked_and_sends_nothing() {
    let fake = FakeKakao::start();
    let env = env_for(&fake, TOKEN);
    let out = send_text(&["--to", "a,b,c,d,e,f", "--dry-run"], &as_refs(&env));
    assert_eq!(out.status.code(), Some(0));
    let printed = stdout(&out);
    assert_eq!(printed.matches("POST ").count(), 2);
    assert!(printed.contains("Authorization: Bearer ***"));
    assert!(printed.contains("receiver_uuids = [\"a\",\"b\",\"c\",\"d\",\"e\"]"));
    assert!(fake.requests().is_empty());
}

#[test]
fn network_failures_are_retried_only_when_nothing_was_sent() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let base = format!("http://127.0.0.1:{port}");
    let out = send_text(
        &["--to", "me", "--api-base", &base],
        &[("KAKAO_ACCESS_TOKEN", TOKEN)],
    );
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stdout(&out).contains("no connection after 3 attempts"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn plain_http_to_a_remote_host_and_shared_token_files_are_refused() {
    let out = send_text(
        &["--to", "me", "--api-base", "http://kapi.kakao.com"],
        &[("KAKAO_ACCESS_TOKEN", TOKEN)],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("loopback"));

    #[cfg(unix)]
    assert_shared_token_file_refused(&[]);
}

#[test]
fn usage_errors_exit_two() {
    let no_receivers = send_text(&[], &[]);
    assert_eq!(no_receivers.status.code(), Some(2));
    let both = send_text(&["--template-id", "1", "--to", "me"], &[]);
    assert_eq!(both.status.code(), Some(2));
    let bad_timeout = send_text(
        &["--to", "me"],
        &[
            ("KAKAO_ACCESS_TOKEN", TOKEN),
            ("KTPL_HTTP_TIMEOUT_MS", "soon"),
        ],
    );
    assert_eq!(bad_timeout.status.code(), Some(2));
    assert!(stderr(&bad_timeout).contains("KTPL_HTTP_TIMEOUT_MS"));
    let resend_alone = send_text(
        &["--to", "me", "--resend-unknown"],
        &[("KAKAO_ACCESS_TOKEN", TOKEN)],
    );
    assert_eq!(
        resend_alone.status.code(),
        Some(2),
        "--resend-unknown needs --journal"
    );
}

#[test]
fn a_rotated_refresh_token_is_kept_even_without_a_token_file() {
    let fake = FakeKakao::start();
    let state = tempfile::tempdir().expect("tempdir");
    let env = refresh_env(&fake.base, state.path().to_str().expect("utf-8"));
    let out = send_text(&["--to", "me"], &env);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let saved = state.path().join("ktpl/refresh-token");
    assert_eq!(
        std::fs::read_to_string(&saved).expect("saved"),
        format!("{NEW_REFRESH_TOKEN}\n")
    );
    assert!(
        stderr(&out).contains(saved.to_str().expect("utf-8")),
        "{}",
        stderr(&out)
    );
}
