//! `ktpl preview`: the page's HTML for every example, escaping, the live server, and a
//! real browser (headless Chromium through chromedriver) looking at the page.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::harness::{Ktpl, check, check_stages, repo, source};

/// The `<main>` of a page: the entries, without the stylesheet and script (pinned as
/// files in the repository, not in every snapshot).
fn entries_html(page: &str) -> &str {
    let start = page.find("<main").expect("page has <main>");
    let end = page.find("</main>").expect("page has </main>") + "</main>".len();
    &page[start..end]
}

/// The page of one file, as `ktpl preview` builds it.
fn page_of(path: &Path) -> String {
    let source = source(path);
    let checked = check_stages(&source);
    let entry = ktpl::internals::preview_entry(
        &source,
        &checked.problems,
        checked.compiled.as_ref().map(|c| &c.value),
    );
    ktpl::internals::preview_page(&[entry], None).expect("page renders")
}

#[test]
fn examples() {
    // Recursive: examples may be grouped in folders.
    insta::glob!("../examples", "**/*.{ktpl,json}", |path| {
        let page = page_of(path);
        assert!(
            page.contains("data-object-type="),
            "{}: no bubble",
            path.display()
        );
        insta::assert_snapshot!(entries_html(&page));
    });
}

#[test]
fn broken_template_shows_checks_diagnostics_in_place_of_the_bubble() {
    let path = repo("tests/fixtures/invalid/compile/unknown_field.ktpl");
    let page = page_of(&path);
    assert!(!page.contains("data-object-type="), "no bubble for errors");
    assert!(page.contains(r#"data-ktpl-code="ktpl::compile::unknown_field""#));
    // The same text as `ktpl check`, source excerpt included.
    let source = source(&path);
    let report = ktpl::render(
        &source,
        &check(&source).findings,
        ktpl::RenderStyle {
            color: false,
            width: 100,
        },
    );
    let first_line = report.lines().find(|l| l.contains('│')).expect("excerpt");
    let escaped = first_line
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('/', "&#x2f;");
    assert!(page.contains(&escaped), "missing {escaped:?} in the page");
}

#[test]
fn cli_writes_the_page_to_stdout_and_says_what_it_showed() {
    let output = Ktpl::new()
        .args([
            "preview",
            "examples/kakao-samples/text_kakao_docs.ktpl",
            "tests/fixtures/invalid/compile/unknown_field.ktpl",
        ])
        .run();
    // The page is written, so preview succeeds; it reports the broken template itself.
    assert!(output.status.success(), "{:?}", *output);
    let page = String::from_utf8(output.stdout.clone()).expect("UTF-8");
    let stderr = String::from_utf8(output.stderr.clone()).expect("UTF-8");
    assert!(
        stderr.contains("previewed 2 templates; 1 template shown as diagnostics"),
        "{stderr}"
    );
    let text =
        page.find(r#"data-ktpl-entry="examples&#x2f;kakao-samples&#x2f;text_kakao_docs.ktpl""#);
    let broken = page.find(r#"data-ktpl-code="ktpl::compile::unknown_field""#);
    assert!(
        text.is_some() && broken.is_some() && text < broken,
        "path order"
    );

    let usage = Ktpl::new()
        .args(["preview", "examples", "--port", "9000"])
        .run();
    assert_eq!(usage.status.code(), Some(2), "--port needs --serve");
}

#[test]
fn variables_work_as_in_compile() {
    let dir = tempfile::tempdir().expect("tempdir");
    let vars = dir.path().join("vars.json");
    std::fs::write(&vars, r#"{"order": "B-7"}"#).expect("written");
    let output = Ktpl::new()
        .args([
            "preview",
            "examples/text_shipping.ktpl",
            "--var",
            "name=홍길동",
            "--vars",
        ])
        .arg(&vars)
        .run();
    assert!(output.status.success(), "{:?}", *output);
    let page = String::from_utf8(output.stdout.clone()).expect("UTF-8");
    assert!(page.contains("홍길동님, 안녕하세요!"), "--var not applied");
    assert!(page.contains("주문 B-7이(가)"), "--vars not applied");
}

/// Text that must be shown, never run: markup, both quotes, Korean, emoji.
const EVIL: &str = r#"<script>alert("x'y")</script><img src=x onerror=alert(1)> 한글 🎉"#;

/// One template of each type with every string field set.
fn every_field_templates() -> Vec<Value> {
    let link = json!({"web_url": "https://a.example/w", "mobile_web_url": "https://a.example/m",
        "android_execution_params": "a=1", "ios_execution_params": "i=1"});
    let content = json!({"title": "t", "description": "d", "image_url": "https://a.example/i.png",
        "image_width": 640, "image_height": 640, "link": link});
    let button = json!({"title": "b", "link": link});
    vec![
        json!({"object_type": "feed", "content": content, "item_content": {
            "profile_text": "p", "profile_image_url": "https://a.example/p.png",
            "title_image_url": "https://a.example/t.png", "title_image_text": "tt",
            "title_image_category": "c", "items": [{"item": "i", "item_op": "1"}],
            "sum": "s", "sum_op": "2"}, "social": {"like_count": 1},
            "buttons": [button, button]}),
        json!({"object_type": "list", "header_title": "h", "header_link": link,
            "contents": [content, content], "button_title": "bt"}),
        json!({"object_type": "location", "address": "a", "address_title": "at",
            "content": content, "buttons": [button]}),
        json!({"object_type": "commerce", "content": content, "commerce": {
            "regular_price": 2, "discount_price": 1, "discount_rate": 50, "product_name": "pn",
            "currency_unit": "u"}, "button_title": "bt"}),
        json!({"object_type": "text", "text": "x", "link": link, "buttons": [button]}),
        json!({"object_type": "calendar", "id_type": "event", "id": "e", "content": content,
            "buttons": [button]}),
    ]
}

/// Pointers to every string in `value` but the type names.
fn string_pointers(value: &Value, at: &str, out: &mut Vec<String>) {
    match value {
        Value::String(_) if !at.ends_with("/object_type") && !at.ends_with("/id_type") => {
            out.push(at.to_owned());
        }
        Value::Object(map) => {
            for (key, child) in map {
                string_pointers(child, &format!("{at}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                string_pointers(child, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_text_field_is_shown_escaped_never_run() {
    let source = ktpl::Source::json(EVIL, "");
    for template in every_field_templates() {
        let mut pointers = Vec::new();
        string_pointers(&template, "", &mut pointers);
        assert!(pointers.len() > 3);
        for pointer in pointers {
            let mut evil = template.clone();
            *evil.pointer_mut(&pointer).expect("pointer") = Value::String(EVIL.to_owned());
            let entry = ktpl::internals::preview_entry(&source, &[], Some(&evil));
            let page = ktpl::internals::preview_page(&[entry], None).expect("renders");
            let what = format!("{} {pointer}", template["object_type"]);
            // The page's own script is the only script; no injected element exists.
            assert_eq!(page.matches("<script").count(), 1, "{what}");
            assert_eq!(page.matches("</script>").count(), 1, "{what}");
            assert!(!page.contains("<img src=x"), "{what}");
            assert!(page.contains("&lt;script&gt;"), "{what}: not shown escaped");
            // Shown as text: Korean and emoji pass through the escaping untouched
            // (in the field itself, or in the links table or hover title when cut).
            let main = entries_html(&page);
            let shown = main.matches("한글 🎉").count();
            assert!(shown >= 2, "{what}: the value is not shown ({shown} times)");
        }
    }
}

/// A running `ktpl preview --serve`, stopped with SIGINT (Ctrl-C) when dropped.
struct Served {
    child: Child,
    address: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `ktpl preview --serve --port 0 FOLDER`; the address comes from its first line.
fn serve_folder(folder: &Path) -> (Served, BufReader<std::process::ChildStderr>) {
    let mut child = Ktpl::new()
        .args(["preview", "--serve", "--port", "0"])
        .arg(folder)
        .spawn(Stdio::null(), Stdio::piped());
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut line = String::new();
    stderr.read_line(&mut line).expect("address line");
    let address = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_owned();
    (Served { child, address }, stderr)
}

fn text_template(text: &str) -> String {
    format!("text {{\n  text \"{text}\"\n  link \"https://example.com\"\n}}\n")
}

fn http_get(address: &str, path: &str, host: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).expect("server accepts");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .expect("request written");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response");
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    (status, body)
}

fn page_when(address: &str, within: Duration, wanted: impl Fn(&str) -> bool) -> String {
    let started = Instant::now();
    loop {
        let (_, page) = http_get(address, "/", address);
        if wanted(&page) || started.elapsed() > within {
            return page;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[cfg(unix)]
#[test]
fn serve_updates_the_page_on_save_and_stops_on_ctrl_c() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("notice.ktpl");
    let template =
        |title: &str| format!("text {{\n  text \"{title}\"\n  link \"https://example.com\"\n}}\n");
    std::fs::write(&file, template("첫 번째 안내")).expect("written");
    let (served, mut stderr) = serve_folder(dir.path());
    // Loopback only: the socket is bound to 127.0.0.1.
    assert!(
        served.address.starts_with("127.0.0.1:"),
        "{}",
        served.address
    );

    let (status, first) = http_get(&served.address, "/", &served.address);
    assert_eq!(status, 200);
    assert!(first.contains("첫 번째 안내") && first.contains(r#"data-ktpl-live="1""#));
    // A page from elsewhere (DNS rebinding) is refused.
    let (status, _) = http_get(&served.address, "/", "attacker.example");
    assert_eq!(status, 403);

    std::fs::write(&file, template("두 번째 안내")).expect("written");
    let second = page_when(&served.address, Duration::from_secs(2), |p| {
        p.contains("두 번째 안내")
    });
    assert!(second.contains("두 번째 안내"), "not updated within 2s");
    let (_, generation) = http_get(&served.address, "/generation", &served.address);
    assert_ne!(generation.trim(), "1");

    // Broken: diagnostics in place of the bubble; fixed: the bubble again.
    std::fs::write(&file, "text {\n  txet \"x\"\n}\n").expect("written");
    let broken = page_when(&served.address, Duration::from_secs(2), |p| {
        p.contains("data-ktpl-code=")
    });
    assert!(broken.contains("data-ktpl-code=") && !broken.contains("data-object-type="));
    std::fs::write(&file, template("세 번째 안내")).expect("written");
    let fixed = page_when(&served.address, Duration::from_secs(2), |p| {
        p.contains("세 번째 안내")
    });
    assert!(fixed.contains(r#"data-object-type="text""#));

    // Ctrl-C: a clean stop.
    let mut served = served;
    let pid = served.child.id().to_string();
    let sent = Command::new("kill").args(["-INT", &pid]).status();
    assert!(sent.is_ok_and(|s| s.success()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = served.child.try_wait().expect("wait") {
            break status;
        }
        assert!(started.elapsed() < Duration::from_secs(5), "did not stop");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
    let mut rest = String::new();
    let _ = stderr.read_to_string(&mut rest);
    assert!(rest.contains("stopped"), "{rest}");
}

#[cfg(unix)]
#[test]
fn check_watch_checks_again_on_save() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("notice.ktpl");
    std::fs::write(
        &file,
        "text {\n  text \"a\"\n  link \"https://example.com\"\n}\n",
    )
    .expect("written");
    let mut child = Ktpl::new()
        .args(["check", "--watch", "--color", "never"])
        .arg(&file)
        .spawn(Stdio::piped(), Stdio::null());
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    stdout.read_line(&mut line).expect("first check");
    assert!(line.contains("checked 1 file: 0 errors"), "{line}");
    std::fs::write(&file, "text {\n  txet \"a\"\n}\n").expect("written");
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut all = String::new();
        for line in stdout.lines().map_while(Result::ok) {
            all.push_str(&line);
            all.push('\n');
            if line.starts_with("checked ") {
                let _ = sender.send(all.clone());
            }
        }
    });
    let second = receiver
        .recv_timeout(Duration::from_secs(3))
        .expect("checked again within 3s");
    let _ = child.kill();
    let _ = child.wait();
    assert!(second.contains("checking again"), "{second}");
    assert!(second.contains("unknown_field"), "{second}");
}

/// `chromium` and `chromedriver`, when both are installed.
fn browser() -> Option<(PathBuf, PathBuf)> {
    let find = |names: &[&str]| {
        let path = std::env::var_os("PATH")?;
        std::env::split_paths(&path)
            .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
            .find(|candidate| candidate.is_file())
    };
    Some((
        find(&["chromium", "chromium-browser", "google-chrome"])?,
        find(&["chromedriver"])?,
    ))
}

/// chromedriver in a process group of its own, with the browsers it starts: all killed
/// when dropped, even when an assertion failed before the session was closed.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        #[cfg(unix)]
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.0.id())])
            .status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn driver_command(chromedriver: &Path) -> Command {
    let mut command = Command::new(chromedriver);
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    command
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

#[tokio::test(flavor = "current_thread")]
#[allow(clippy::print_stderr)] // says why it skipped, outside CI
async fn browser_shows_every_bubble_as_kakao_lays_it_out() {
    let Some((chromium, chromedriver)) = browser() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but chromium or chromedriver is missing (.ci/run installs them: \
             apt-get install chromium chromium-driver)"
        );
        eprintln!("skipped: chromium and chromedriver are not installed");
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let page = dir.path().join("preview.html");
    let built = Ktpl::new()
        .args([
            "preview",
            "examples",
            "tests/fixtures/preview/long_title.ktpl",
            "-o",
        ])
        .arg(&page)
        .run();
    assert!(built.status.success(), "{:?}", *built);

    let port = free_port();
    let _driver = Driver(
        driver_command(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let profile = dir.path().join("profile");
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".to_owned(),
        json!({"binary": chromium, "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--window-size=1000,1400", format!("--user-data-dir={}", profile.display()),
        ]}),
    );
    let client =
        fantoccini::ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a browser session");
    let outcome = look_at_the_page(&client, &page).await;
    let live = follow_a_served_page(&client).await;
    let _ = client.close().await;
    outcome.expect("the browser could be driven");
    live.expect("the browser could follow the served page");
}

/// The served page's script swaps in the new bubble after a save, without a reload.
async fn follow_a_served_page(
    client: &fantoccini::Client,
) -> Result<(), fantoccini::error::CmdError> {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("notice.ktpl");
    std::fs::write(&file, text_template("before the save")).expect("written");
    let (served, _stderr) = serve_folder(dir.path());
    client.goto(&format!("http://{}/", served.address)).await?;
    // A mark on the window survives only if the page is not reloaded.
    client
        .execute("window.ktplMark = 1; return null;", vec![])
        .await?;
    std::fs::write(&file, text_template("after the save")).expect("written");
    let started = Instant::now();
    let shown = loop {
        let shown = client
            .execute(
                "return [document.querySelector('.text').textContent, window.ktplMark || 0];",
                vec![],
            )
            .await?;
        if shown[0] == "after the save" || started.elapsed() > Duration::from_secs(2) {
            break shown;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(
        shown,
        json!(["after the save", 1]),
        "not updated in place within 2s"
    );
    drop(served);
    Ok(())
}

async fn look_at_the_page(
    client: &fantoccini::Client,
    page: &Path,
) -> Result<(), fantoccini::error::CmdError> {
    use fantoccini::Locator;
    use fantoccini::actions::{InputSource, MouseActions, PointerAction};

    client.goto(&format!("file://{}", page.display())).await?;

    // Every example is a bubble of its type.
    let files = crate::harness::files_under("examples", &["ktpl", "json"]);
    assert!(files.len() >= 6);
    let mut seen_types = std::collections::BTreeSet::new();
    for file in &files {
        let source = source(file);
        let report = check(&source);
        let object_type = report.template.expect("examples are valid")["object_type"]
            .as_str()
            .expect("object_type")
            .to_owned();
        let selector = format!(r#".bubble[data-ktpl-file="{}"]"#, source.name());
        let bubble = client.find(Locator::Css(&selector)).await?;
        assert_eq!(
            bubble.attr("data-object-type").await?.as_deref(),
            Some(object_type.as_str()),
            "{}",
            source.name()
        );
        assert!(bubble.is_displayed().await?);
        if seen_types.insert(object_type.clone()) {
            let shot = bubble.screenshot().await?;
            let folder = repo("target/preview-screenshots");
            std::fs::create_dir_all(&folder).expect("screenshot folder");
            std::fs::write(folder.join(format!("{object_type}.png")), shot).expect("saved");
        }
    }
    assert_eq!(
        seen_types.len(),
        6,
        "every type has an example: {seen_types:?}"
    );

    // Two buttons sit side by side: same row, left then right.
    let pairs = client
        .find_all(Locator::Css(r#".buttons[data-ktpl-buttons="2"]"#))
        .await?;
    assert!(pairs.len() >= 3);
    for pair in pairs {
        let buttons = pair.find_all(Locator::Css(".button")).await?;
        let (left_x, left_y, left_w, _) = buttons[0].rectangle().await?;
        let (right_x, right_y, _, _) = buttons[1].rectangle().await?;
        assert!((left_y - right_y).abs() < 1.0, "not on one row");
        assert!(right_x >= left_x + left_w, "not side by side");
    }

    // The long title is cut after two lines, with an ellipsis.
    let cut = client
        .execute(
            r#"const t = document.querySelector('[data-ktpl-file$="long_title.ktpl"] .title');
               const s = getComputedStyle(t);
               return {clamp: s.webkitLineClamp, overflow: s.overflow,
                       cut: t.scrollHeight > t.clientHeight, marked: t.classList.contains('is-cut'),
                       lines: Math.round(t.clientHeight / parseFloat(s.lineHeight))};"#,
            vec![],
        )
        .await?;
    assert_eq!(cut["clamp"], "2", "{cut}");
    assert_eq!(cut["overflow"], "hidden", "{cut}");
    assert_eq!(cut["cut"], true, "{cut}");
    assert_eq!(cut["marked"], true, "{cut}");
    assert_eq!(cut["lines"], 2, "{cut}");

    // The image area has the declared shape (800x400), loaded or not (a placeholder).
    let shape = client
        .execute(
            r#"const r = document.querySelector('[data-ktpl-file$="long_title.ktpl"] .content-image')
                 .getBoundingClientRect();
               return r.width / r.height;"#,
            vec![],
        )
        .await?;
    let ratio = shape.as_f64().unwrap_or_default();
    assert!(
        (ratio - 2.0).abs() < 0.02,
        "image area is {ratio}:1, not 2:1"
    );

    // Nothing spills out of a bubble (the hover panels are outside by design, hidden).
    let overflowing = client
        .execute(
            r"const out = [];
              for (const b of document.querySelectorAll('.bubble')) {
                const r = b.getBoundingClientRect();
                for (const el of b.querySelectorAll('*')) {
                  if (el.closest('.taps')) continue;
                  const e = el.getBoundingClientRect();
                  if (e.width === 0 && e.height === 0) continue;
                  if (e.left < r.left - 0.5 || e.right > r.right + 0.5 ||
                      e.top < r.top - 0.5 || e.bottom > r.bottom + 0.5) {
                    out.push(b.dataset.ktplFile + ' ' + el.className);
                  }
                }
              }
              return out;",
            vec![],
        )
        .await?;
    assert_eq!(overflowing, json!([]), "elements overflow their bubble");

    // Hovering a button shows where its tap goes.
    let button = client
        .find(Locator::Css(
            r#"[data-ktpl-file$="long_title.ktpl"] .button[data-ktpl-region="button"]"#,
        ))
        .await?;
    let taps = button.find(Locator::Css(".taps")).await?;
    assert!(!taps.is_displayed().await?, "shown before hovering");
    client
        .perform_actions(
            MouseActions::new("mouse".to_owned()).then(PointerAction::MoveToElement {
                element: button.clone(),
                duration: None,
                x: 0.0,
                y: 0.0,
            }),
        )
        .await?;
    assert!(taps.is_displayed().await?, "not shown on hover");
    std::fs::write(
        repo("target/preview-screenshots/hover.png"),
        client.screenshot().await?,
    )
    .expect("saved");
    let shown = taps.text().await?;
    assert!(shown.contains("https://example.com/web"), "{shown}");
    let links: Value =
        serde_json::from_str(&button.attr("data-ktpl-links").await?.unwrap_or_default())
            .expect("data-ktpl-links is JSON");
    assert_eq!(links["web_url"], "https://example.com/web");

    // The PC switch: an app-only button has nowhere to go on PC.
    client
        .find(Locator::Css(r#"[data-ktpl-mode="pc"]"#))
        .await?
        .click()
        .await?;
    let app_only = client
        .execute(
            r#"const b = document.querySelectorAll('[data-ktpl-file$="long_title.ktpl"] .button')[1];
               return [document.body.className, b.hasAttribute('data-ktpl-nowhere-pc'),
                       getComputedStyle(b).cursor];"#,
            vec![],
        )
        .await?;
    assert_eq!(app_only, json!(["mode-pc", true, "not-allowed"]));
    Ok(())
}
