//! `ktpl login`, `whoami` and `logout` against the fake Kakao account server
//! (`fake_kauth`), with a "browser" that follows the sign-in page's redirect: a
//! `BROWSER` script that hands the address to the test, which follows it as a browser
//! would, and once headless Chromium. Every run checks that no token, code or PKCE
//! verifier appears in what ktpl printed.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::fake_kauth::{
    APP_ID, FIXED_TOKEN, FakeAccount, NO_CONSENT_TOKEN, REST_API_KEY, SECRET_PREFIX, Setup, USER_ID,
};
use crate::harness::{Ktpl, stderr, stdout};

/// The sample `send` tests send.
const TEXT_SAMPLE: &str = "examples/kakao-samples/text_kakao_docs.ktpl";
/// A fixed "now" inside one Kakao day (2026-12-06 10:00 KST), so no test crosses midnight.
pub(crate) const NOW: &str = "1796518800";

/// A user's folders and a fake: what one test's runs of ktpl share.
pub(crate) struct Home {
    pub(crate) dir: tempfile::TempDir,
    pub(crate) base: String,
}

impl Home {
    pub(crate) fn new(fake: &FakeAccount) -> Self {
        Self {
            dir: tempfile::tempdir().expect("tempdir"),
            base: fake.base.clone(),
        }
    }

    pub(crate) fn config(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    pub(crate) fn store(&self) -> PathBuf {
        self.config().join("ktpl/sign-in.json")
    }

    /// ktpl with a clean environment: this home's folders, the fake's bases, the
    /// REST API key, a fixed clock; no `HOME`, no token, no `BROWSER`.
    pub(crate) fn ktpl(&self, args: &[&str]) -> Ktpl {
        Ktpl::new()
            .args(args)
            .without_kakao_env()
            .kakao(&self.base)
            .env("XDG_CONFIG_HOME", self.config())
            .env("XDG_STATE_HOME", self.dir.path().join("state"))
            .env("KAKAO_REST_API_KEY", REST_API_KEY)
            .env("KTPL_TEST_NOW", NOW)
    }

    /// [`Home::ktpl`], for a caller that drives the process itself.
    pub(crate) fn command(&self, args: &[&str]) -> Command {
        self.ktpl(args).command()
    }

    /// Runs ktpl to the end (with `env` added), checking nothing secret was printed.
    pub(crate) fn run(&self, fake: &FakeAccount, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut ktpl = self.ktpl(args);
        for (name, value) in env {
            ktpl = ktpl.env(name, value);
        }
        let output = ktpl.run().into_output();
        assert_no_secret(fake, &output);
        output
    }

    /// A `BROWSER` script that writes the address it is given to a file, for the test
    /// to follow; its path, and the file's.
    fn browser(&self) -> (PathBuf, PathBuf) {
        let script = self.dir.path().join("browser.sh");
        let url = self.dir.path().join("browser.url");
        write_script(
            &script,
            &format!("#!/bin/sh\nprintf '%s\\n' \"$1\" > '{}'\n", url.display()),
        );
        (script, url)
    }
}

pub(crate) fn write_script(path: &Path, text: &str) {
    std::fs::write(path, text).expect("write script");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
}

/// Nothing secret in what ktpl printed: no token, code or verifier the fake issued or saw.
pub(crate) fn assert_no_secret(fake: &FakeAccount, output: &Output) {
    let printed = format!("{}{}", stdout(output), stderr(output));
    assert!(
        !printed.contains(SECRET_PREFIX),
        "a secret leaked: {printed}"
    );
    for verifier in fake.verifiers() {
        assert!(
            !printed.contains(&verifier),
            "the PKCE verifier leaked: {printed}"
        );
    }
}

/// Waits (bounded) for `path` to hold a line.
fn wait_for_file(path: &Path) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(text) = std::fs::read_to_string(path)
            && text.ends_with('\n')
        {
            return text.trim().to_owned();
        }
        assert!(Instant::now() < deadline, "the browser was never opened");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

/// Opens the sign-in page as a browser would: its redirect's address.
pub(crate) fn consent(url: &str) -> String {
    let response = agent().get(url).call().expect("the sign-in page answers");
    assert_eq!(
        response.status().as_u16(),
        302,
        "the sign-in page redirects"
    );
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("Location")
        .to_owned()
}

/// Follows a redirect to ktpl's listener; the page's status and text.
fn land(location: &str) -> (u16, String) {
    let mut response = agent()
        .get(location)
        .call()
        .expect("ktpl's listener answers");
    let status = response.status().as_u16();
    (
        status,
        response.body_mut().read_to_string().unwrap_or_default(),
    )
}

/// Starts `ktpl login ARGS --port 0` with the `BROWSER` script; the child and the file
/// the script writes the address to.
fn start_login(home: &Home, args: &[&str]) -> (Child, PathBuf) {
    let (script, url) = home.browser();
    let mut all = vec!["login", "--port", "0", "--timeout", "20"];
    all.extend_from_slice(args);
    let child = home
        .command(&all)
        .env("BROWSER", &script)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ktpl login starts");
    (child, url)
}

/// Signs in through the whole flow; ktpl's output.
pub(crate) fn sign_in(fake: &FakeAccount, home: &Home, scope: &str) -> Output {
    let (child, url) = start_login(home, &["--scope", scope]);
    let location = consent(&wait_for_file(&url));
    let (status, page) = land(&location);
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Signed in"), "{page}");
    let output = child.wait_with_output().expect("ktpl login ends");
    assert_no_secret(fake, &output);
    output
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .expect("exists")
        .permissions()
        .mode()
        & 0o777
}

#[test]
fn login_then_send_to_me_works_with_no_token_handled_by_hand() {
    let fake = FakeAccount::start();
    let home = Home::new(&fake);
    let out = sign_in(&fake, &home, "talk_message,friends");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&format!("user {USER_ID} of app {APP_ID}")),
        "{}",
        stdout(&out)
    );
    assert!(
        stderr(&out).contains("redirect URI"),
        "it names the redirect URI to register"
    );
    // The sign-in page got PKCE S256 and a state; the code came with the verifier.
    let authorize = &fake.requests()[0];
    assert!(authorize.path.starts_with("/oauth/authorize?"));
    assert!(authorize.path.contains("code_challenge_method=S256"));
    assert!(authorize.path.contains("scope=talk_message%2Cfriends"));
    assert!(authorize.path.contains("&state="));
    let token = fake
        .requests()
        .into_iter()
        .find(|r| r.path == "/oauth/token")
        .expect("a token request");
    assert_eq!(token.field("grant_type"), Some("authorization_code"));
    assert_eq!(token.field("code_verifier").map(str::len), Some(43));
    // The store: owner-only, in the config folder.
    #[cfg(unix)]
    {
        assert_eq!(mode(&home.store()), 0o600);
        assert_eq!(mode(home.store().parent().expect("dir")), 0o700);
    }
    let stored: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(home.store()).expect("store")).expect("json");
    assert_eq!(stored["app_id"], APP_ID);
    assert_eq!(
        stored["scopes"],
        serde_json::json!(["talk_message", "friends"])
    );

    let sent = home.run(&fake, &["send", TEXT_SAMPLE, "--to", "me"], &[]);
    assert_eq!(sent.status.code(), Some(0), "{}", stderr(&sent));
    let memo = fake.sends();
    assert_eq!(memo.len(), 1);
    assert_eq!(memo[0].path, "/v2/api/talk/memo/default/send");
    assert!(
        memo[0]
            .authorization
            .as_deref()
            .is_some_and(|a| a.starts_with("Bearer fake-signin-access-"))
    );

    let who = home.run(&fake, &["whoami", "--format", "json"], &[]);
    assert_eq!(who.status.code(), Some(0), "{}", stderr(&who));
    let who: serde_json::Value = serde_json::from_str(&stdout(&who)).expect("json");
    assert_eq!(who["version"], 1);
    assert_eq!(who["signed_in"], true);
    assert_eq!(who["user_id"], USER_ID);
    assert_eq!(who["app_id"], APP_ID);
    assert!(
        who["commands"]
            .as_array()
            .expect("commands")
            .iter()
            .all(|c| c["ready"] == true),
        "{who}"
    );
    let human = home.run(&fake, &["whoami"], &[]);
    assert!(
        stdout(&human).contains("ready    ktpl send --to me"),
        "{}",
        stdout(&human)
    );

    let out = home.run(&fake, &["logout"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(fake.logged_out(), "Kakao was told");
    assert!(!home.store().exists(), "the tokens are gone");
    let after = home.run(&fake, &["whoami"], &[]);
    assert_eq!(after.status.code(), Some(4));
    assert!(stderr(&after).contains("ktpl login"), "{}", stderr(&after));
}

#[test]
fn a_wrong_state_or_declined_consent_stores_nothing() {
    for (setup, says) in [
        (
            Setup {
                wrong_state: true,
                ..Setup::default()
            },
            "state",
        ),
        (
            Setup {
                deny: true,
                ..Setup::default()
            },
            "access_denied",
        ),
    ] {
        let fake = FakeAccount::with(setup);
        let home = Home::new(&fake);
        let (child, url) = start_login(&home, &[]);
        let (status, page) = land(&consent(&wait_for_file(&url)));
        assert_eq!(status, 400, "{page}");
        let out = child.wait_with_output().expect("ends");
        assert_no_secret(&fake, &out);
        assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
        assert!(stderr(&out).contains(says), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("nothing was stored"),
            "{}",
            stderr(&out)
        );
        assert!(!home.store().exists());
        assert!(
            !fake.requests().iter().any(|r| r.path == "/oauth/token"),
            "no code was traded"
        );
    }
}

#[test]
fn login_gives_up_after_its_timeout_and_on_ctrl_c() {
    let fake = FakeAccount::start();
    let home = Home::new(&fake);
    let started = Instant::now();
    let out = home.run(
        &fake,
        &["login", "--port", "0", "--no-browser", "--timeout", "1"],
        &[],
    );
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no sign-in came back within 1 s"),
        "{}",
        stderr(&out)
    );
    assert!(started.elapsed() < Duration::from_secs(15));
    assert!(!home.store().exists());

    #[cfg(unix)]
    {
        let (mut child, url) = start_login(&home, &[]);
        wait_for_file(&url);
        let killed = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(killed.success());
        let deadline = Instant::now() + Duration::from_secs(10);
        while child.try_wait().expect("wait").is_none() {
            assert!(Instant::now() < deadline, "Ctrl-C did not stop ktpl login");
            std::thread::sleep(Duration::from_millis(20));
        }
        let out = child.wait_with_output().expect("ends");
        assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
        assert!(stderr(&out).contains("interrupted"), "{}", stderr(&out));
        assert!(!home.store().exists());
    }
}

#[test]
fn no_browser_takes_the_pasted_address() {
    let fake = FakeAccount::start();
    let home = Home::new(&fake);
    let mut child = home
        .command(&["login", "--port", "0", "--no-browser", "--timeout", "20"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut printed = BufReader::new(child.stderr.take().expect("stderr"));
    let mut url = String::new();
    let mut seen = String::new();
    while url.is_empty() {
        let mut line = String::new();
        assert!(
            printed.read_line(&mut line).expect("reads") > 0,
            "no address printed: {seen}"
        );
        seen.push_str(&line);
        if line
            .trim_start()
            .starts_with(&format!("{}/oauth/authorize?", fake.base))
        {
            line.trim().clone_into(&mut url);
        }
    }
    // The browser ends on the redirect (on another machine, say): paste its address.
    let location = consent(&url);
    writeln!(child.stdin.as_mut().expect("stdin"), "{location}").expect("paste");
    let rest = std::thread::spawn(move || {
        let mut rest = String::new();
        let _ = std::io::Read::read_to_string(&mut printed, &mut rest);
        rest
    });
    let out = child.wait_with_output().expect("ends");
    let all_stderr = format!("{seen}{}", rest.join().expect("joined"));
    assert_eq!(out.status.code(), Some(0), "{all_stderr}");
    assert!(!all_stderr.contains(SECRET_PREFIX), "{all_stderr}");
    assert!(!stdout(&out).contains(SECRET_PREFIX));
    assert!(home.store().exists());
}

#[test]
fn a_refresh_writes_back_to_the_store() {
    // The first token is expired at once: the sign-in's own token-info request refreshes
    // it, before the store exists.
    let fake = FakeAccount::with(Setup {
        expire_first_access: true,
        ..Setup::default()
    });
    let home = Home::new(&fake);
    let out = sign_in(&fake, &home, "talk_message");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stored = |field: &str| -> String {
        let text = std::fs::read_to_string(home.store()).expect("store");
        let value: serde_json::Value = serde_json::from_str(&text).expect("json");
        value[field].as_str().unwrap_or_default().to_owned()
    };
    let refreshes = || {
        fake.requests()
            .iter()
            .filter(|r| r.field("grant_type") == Some("refresh_token"))
            .count()
    };
    assert_eq!(refreshes(), 1);
    let before = (stored("access_token"), stored("refresh_token"));
    let sent = home.run(&fake, &["send", TEXT_SAMPLE, "--to", "me"], &[]);
    assert_eq!(sent.status.code(), Some(0), "{}", stderr(&sent));
    assert_eq!(refreshes(), 1, "a live token is not refreshed");
    assert_eq!((stored("access_token"), stored("refresh_token")), before);

    // Later the access token expires: the send refreshes it and keeps both new tokens
    // (Kakao rotated the refresh token and voided the old one).
    fake.expire_access_tokens();
    let sent = home.run(&fake, &["send", TEXT_SAMPLE, "--to", "me"], &[]);
    assert_eq!(sent.status.code(), Some(0), "{}", stderr(&sent));
    assert_eq!(refreshes(), 2);
    let after = (stored("access_token"), stored("refresh_token"));
    assert_ne!(after.0, before.0);
    assert_ne!(after.1, before.1);
    #[cfg(unix)]
    assert_eq!(mode(&home.store()), 0o600);
    let again = home.run(&fake, &["send", TEXT_SAMPLE, "--to", "me"], &[]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(refreshes(), 2, "the stored token is the live one");
    // Three sends, one of them refused once for its expired token and sent again.
    assert_eq!(fake.sends().len(), 4);
}

#[test]
fn missing_consent_names_the_login_to_run() {
    let fake = FakeAccount::with(Setup {
        agree_only: Some(vec!["talk_message"]),
        ..Setup::default()
    });
    let home = Home::new(&fake);
    let out = sign_in(&fake, &home, "talk_message,friends");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("ktpl login --scope friends"),
        "{}",
        stderr(&out)
    );
    for args in [
        vec!["send", TEXT_SAMPLE, "--to", "friend-1"],
        vec!["friends"],
    ] {
        let out = home.run(&fake, &args, &[]);
        assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("ktpl login --scope friends"),
            "{}",
            stderr(&out)
        );
    }
    assert!(fake.sends().is_empty(), "nothing was sent");
    let who = home.run(&fake, &["whoami"], &[]);
    assert!(
        stdout(&who).contains("blocked  ktpl friends"),
        "{}",
        stdout(&who)
    );

    // A token from elsewhere: Kakao's -402 names the scope, and so does ktpl.
    let out = home.run(
        &fake,
        &["send", TEXT_SAMPLE, "--to", "me"],
        &[("KAKAO_ACCESS_TOKEN", NO_CONSENT_TOKEN)],
    );
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("ktpl login --scope talk_message"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn login_without_the_apps_key_says_where_to_put_it() {
    let fake = FakeAccount::start();
    let home = Home::new(&fake);
    let out = home
        .command(&["login", "--port", "0", "--timeout", "1"])
        .env_remove("KAKAO_REST_API_KEY")
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("KAKAO_REST_API_KEY") && stderr(&out).contains("kakao.toml"),
        "{}",
        stderr(&out)
    );
    // The key in kakao.toml is enough.
    std::fs::create_dir_all(home.config().join("ktpl")).expect("mkdir");
    std::fs::write(
        home.config().join("ktpl/kakao.toml"),
        format!("rest_api_key = \"{REST_API_KEY}\"\n"),
    )
    .expect("write");
    let out = home
        .command(&["login", "--port", "0", "--no-browser", "--timeout", "1"])
        .env_remove("KAKAO_REST_API_KEY")
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    assert!(
        stderr(&out).contains(&format!("client_id={REST_API_KEY}")),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("no sign-in came back"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_store_others_can_read_is_refused() {
    let fake = FakeAccount::start();
    let home = Home::new(&fake);
    let out = sign_in(&fake, &home, "talk_message");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(home.store(), std::fs::Permissions::from_mode(0o644))
            .expect("chmod");
        let out = home.run(&fake, &["send", TEXT_SAMPLE, "--to", "me"], &[]);
        assert_eq!(out.status.code(), Some(4));
        assert!(stderr(&out).contains("chmod 600"), "{}", stderr(&out));
        assert!(fake.sends().is_empty());
    }
    let _ = FIXED_TOKEN;
}

/// The one run in a real browser: headless Chromium opens the sign-in page, follows
/// Kakao's redirect to ktpl's listener, and shows its page.
#[test]
fn headless_chromium_completes_the_sign_in() {
    let Some(chromium) = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists())
    else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs chromium (.ci/run installs it)"
        );
        return;
    };
    let fake = FakeAccount::start();
    let home = Home::new(&fake);
    let profile = home.dir.path().join("chromium-profile");
    let dom = home.dir.path().join("dom.html");
    let script = home.dir.path().join("chromium.sh");
    write_script(
        &script,
        &format!(
            "#!/bin/sh\nexec {chromium} --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir='{}' --dump-dom \"$1\" > '{}' 2>/dev/null\n",
            profile.display(),
            dom.display()
        ),
    );
    let out = home
        .command(&["login", "--port", "0", "--timeout", "60"])
        .env("BROWSER", &script)
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    assert_no_secret(&fake, &out);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(home.store().exists());
    let deadline = Instant::now() + Duration::from_secs(30);
    while !std::fs::read_to_string(&dom).is_ok_and(|d| d.contains("</html>")) {
        assert!(Instant::now() < deadline, "chromium showed no page");
        std::thread::sleep(Duration::from_millis(100));
    }
    let page = std::fs::read_to_string(&dom).expect("dom");
    assert!(page.contains("Signed in"), "{page}");
}
