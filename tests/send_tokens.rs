//! Tokens are never lost or exposed: no refresh when the rotated refresh token could
//! not be kept; the write-back's temporary file cannot be redirected or widened by a
//! file or symlink planted at a fixed name; the dry run makes every check a real send
//! makes; `ktpl friends` cannot be made to forge lines or list anyone twice.

use crate::fake_kakao::{
    EXPIRED_TOKEN, FakeKakao, NEW_REFRESH_TOKEN, NEW_TOKEN, REFRESH_TOKEN, Setup, TOKEN,
};
use crate::harness::{stderr, stdout};
#[cfg(unix)]
use crate::send::assert_shared_token_file_refused;
use crate::send::{
    as_refs, env_for, refresh_env, run, send_text, send_with_token_file, write_token_file,
};

fn refreshed(fake: &FakeKakao) -> bool {
    fake.requests().iter().any(|r| r.path == "/oauth/token")
}

#[test]
fn no_refresh_when_the_rotated_token_could_not_be_kept() {
    let fake = FakeKakao::start();
    let dir = tempfile::tempdir().expect("tempdir");
    // A state folder under a plain file cannot be created, not even by root.
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "").expect("write");
    let state = blocker.join("state");
    let env = refresh_env(&fake.base, state.to_str().expect("utf-8"));
    let out = send_text(&["--to", "me"], &env);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(!refreshed(&fake), "never refreshed into the void");
    assert!(
        stderr(&out).contains("did not refresh") && stderr(&out).contains("XDG_STATE_HOME"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fake.requests().len(), 1, "the refused request only");

    // A friends send keeps its quota ledger in the same folder: it stops before any request.
    let out = send_text(&["--to", "a,b,c,d,e,f"], &env);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("XDG_STATE_HOME"), "{}", stderr(&out));
    assert!(!refreshed(&fake));
    assert_eq!(fake.requests().len(), 1, "nothing more was asked");

    // The refresh token still works: with somewhere to keep the new one, it refreshes.
    let writable = tempfile::tempdir().expect("tempdir");
    let env = refresh_env(&fake.base, writable.path().to_str().expect("utf-8"));
    let out = send_text(&["--to", "me"], &env);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[cfg(unix)]
#[test]
fn no_refresh_when_the_token_files_folder_is_read_only() {
    use std::os::unix::fs::PermissionsExt;
    let fake = FakeKakao::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("secrets");
    std::fs::create_dir(&folder).expect("mkdir");
    let token_file = folder.join("token");
    let tokens = format!("{EXPIRED_TOKEN}\n{REFRESH_TOKEN}\n");
    write_token_file(&token_file, &tokens, 0o600);
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    if std::fs::File::create(folder.join("probe")).is_ok() {
        // Root writes through a read-only mode; the state-folder test above covers the
        // same check for everyone.
        return;
    }
    let out = send_with_token_file(&fake, &token_file, &["--to", "me"]);
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(!refreshed(&fake));
    assert!(stderr(&out).contains("did not refresh"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&token_file).expect("token"), tokens);
}

/// A token file read from a pipe (`--token-file <(pass kakao)`) sits in a folder no
/// one can create files in, root included: the refresh must not happen.
#[cfg(target_os = "linux")]
#[test]
fn no_refresh_when_the_token_file_is_a_pipe() {
    let fake = FakeKakao::start();
    let out = crate::harness::Ktpl::new()
        .args([
            "send",
            crate::send::TEXT_SAMPLE,
            "--to",
            "me",
            "--token-file",
            "/proc/self/fd/0",
        ])
        .env_clear()
        .kakao(&fake.base)
        .env("KAKAO_REST_API_KEY", crate::fake_kakao::REST_API_KEY)
        .stdin(format!("{EXPIRED_TOKEN}\n{REFRESH_TOKEN}\n"))
        .run();
    for secret in crate::send::SECRETS {
        assert!(!stdout(&out).contains(secret) && !stderr(&out).contains(secret));
    }
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(stderr(&out).contains("did not refresh"), "{}", stderr(&out));
    assert!(!refreshed(&fake), "the refresh token is still valid");
}

#[cfg(unix)]
#[test]
fn a_planted_file_or_symlink_at_the_old_temp_name_changes_nothing() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    for plant_link in [true, false] {
        let fake = FakeKakao::start();
        let dir = tempfile::tempdir().expect("tempdir");
        let token_file = dir.path().join("token");
        write_token_file(
            &token_file,
            &format!("{EXPIRED_TOKEN}\n{REFRESH_TOKEN}\n"),
            0o600,
        );
        let planted = dir.path().join(".token.ktpl-tmp");
        let victim = dir.path().join("world-readable");
        std::fs::write(&victim, "victim\n").expect("write");
        std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o666)).expect("chmod");
        if plant_link {
            std::os::unix::fs::symlink(&victim, &planted).expect("symlink");
        } else {
            std::fs::write(&planted, "planted\n").expect("write");
            std::fs::set_permissions(&planted, std::fs::Permissions::from_mode(0o666))
                .expect("chmod");
        }
        let out = send_with_token_file(&fake, &token_file, &["--to", "me"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(refreshed(&fake));
        let meta = std::fs::symlink_metadata(&token_file).expect("token file");
        assert!(meta.is_file(), "a regular file, not a link");
        assert_eq!(meta.mode() & 0o777, 0o600);
        assert_eq!(
            std::fs::read_to_string(&token_file).expect("token"),
            format!("{NEW_TOKEN}\n{NEW_REFRESH_TOKEN}\n")
        );
        assert_eq!(
            std::fs::read_to_string(&victim).expect("victim"),
            "victim\n"
        );
        if !plant_link {
            assert_eq!(
                std::fs::read_to_string(&planted).expect("plant"),
                "planted\n"
            );
        }
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 3, "no temporary file left behind: {names:?}");
    }
}

#[test]
fn a_failing_refresh_fails_the_batch_and_sends_no_more() {
    let fake = FakeKakao::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let token_file = dir.path().join("token");
    let tokens = format!("{EXPIRED_TOKEN}\nfake-revoked-refresh-token\n");
    write_token_file(&token_file, &tokens, 0o600);
    let out = send_with_token_file(
        &fake,
        &token_file,
        &["--to", "a,b,c,d,e,f,g", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(4));
    let report = crate::send::account(&out);
    assert_eq!(report["receivers"][0]["status"], "failed");
    assert_eq!(report["receivers"][0]["code"], -401);
    assert_eq!(report["receivers"][6]["status"], "not_sent");
    assert!(stderr(&out).contains("KOE322"), "{}", stderr(&out));
    assert_eq!(fake.requests().len(), 2, "one send, one refresh, no more");
    assert_eq!(std::fs::read_to_string(&token_file).expect("token"), tokens);
    assert!(!stdout(&out).contains("fake-revoked-refresh-token"));
    assert!(!stderr(&out).contains("fake-revoked-refresh-token"));
}

#[test]
fn the_dry_run_makes_every_check_a_send_makes_and_prints_a_json_plan() {
    let fake = FakeKakao::start();
    let env = env_for(&fake, TOKEN);
    let out = send_text(
        &["--to", "a,b,c,d,e,f", "--dry-run", "--format", "json"],
        &as_refs(&env),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let plan: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON plan");
    assert_eq!(plan["version"], 1);
    assert_eq!(plan["dry_run"], true);
    let requests = plan["requests"].as_array().expect("requests");
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0]["url"],
        format!("{}/v1/api/talk/friends/message/default/send", fake.base)
    );
    assert_eq!(requests[1]["receivers"], serde_json::json!(["f"]));
    assert_eq!(requests[0]["headers"]["Authorization"], "Bearer ***");
    assert!(requests[0]["form"]["template_object"].is_string());

    let plain_http = send_text(
        &[
            "--to",
            "me",
            "--dry-run",
            "--api-base",
            "http://kapi.kakao.com",
        ],
        &[("KAKAO_ACCESS_TOKEN", TOKEN)],
    );
    assert_eq!(
        plain_http.status.code(),
        Some(2),
        "plain http refused in a dry run too"
    );

    let no_token = send_text(&["--to", "me", "--dry-run"], &[]);
    assert_eq!(no_token.status.code(), Some(4), "{}", stderr(&no_token));

    #[cfg(unix)]
    assert_shared_token_file_refused(&["--dry-run"]);
    assert!(fake.requests().is_empty());
}

#[test]
fn friends_escapes_control_characters_and_lists_nobody_twice() {
    let friend = |uuid: &str, nickname: &str| serde_json::json!({"uuid": uuid, "profile_nickname": nickname, "allowed_msg": true});
    let fake = FakeKakao::with(Setup {
        friends: Some(vec![
            friend("friend-1", "Mallory\nfriend-9\t친구9\tfavorite\tok"),
            friend("friend-2", "\u{1b}[2Jclear"),
            friend("friend-1", "Mallory again"),
            friend("friend-3", "Carol"),
        ]),
        ..Setup::default()
    });
    let env = env_for(&fake, TOKEN);
    let out = run(&["friends"], &as_refs(&env));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let printed = stdout(&out);
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(lines.len(), 4, "three friends and the count: {printed}");
    assert!(
        lines[0].starts_with("friend-1\tMallory\\nfriend-9\\t"),
        "{printed}"
    );
    assert!(!printed.contains('\u{1b}'));
    assert!(lines[2].starts_with("friend-3\tCarol"), "{printed}");
    assert_eq!(lines[3], "3 friends");
}

#[test]
fn friends_stops_on_a_paging_reply_that_repeats_itself() {
    for setup in [
        Setup {
            repeat_paging: true,
            ..Setup::default()
        },
        Setup {
            stale_pages: true,
            ..Setup::default()
        },
    ] {
        let fake = FakeKakao::with(setup);
        let env = env_for(&fake, TOKEN);
        let out = run(&["friends"], &as_refs(&env));
        assert_eq!(out.status.code(), Some(4));
        assert!(stderr(&out).contains("repeats"), "{}", stderr(&out));
        assert_eq!(fake.requests().len(), 2, "stopped at the first repeat");
        assert!(stdout(&out).is_empty(), "nothing half-listed");
    }
}
