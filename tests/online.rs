//! `--online`: every image and link of the checked templates fetched from a server on
//! 127.0.0.1 (`online_server`), each finding asserted at the line and column of its URL;
//! the hostile answers survived; the cache honoured; private addresses refused without
//! `--online-allow-private`; and no fetch at all without `--online`.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::harness::{Ktpl, ktpl, stderr, stdout};
use crate::online_server::{Answer, Server, bmp, gif, jpeg, png, webp};

fn file(bytes: Vec<u8>, content_type: &'static str) -> Answer {
    let size = bytes.len();
    Answer::File {
        content_type,
        bytes,
        size,
    }
}

/// The server every test here uses, with every case.
fn server() -> Server {
    Server::start(vec![
        ("/good.png", file(png(800, 400), "image/png")),
        ("/photo.jpg", file(jpeg(640, 640), "image/jpeg")),
        ("/anim.gif", file(gif(400, 300), "image/gif")),
        ("/photo.webp", file(webp(1000, 500), "image/webp")),
        ("/small.png", file(png(120, 90), "image/png")),
        ("/side-199.png", file(png(199, 199), "image/png")),
        ("/side-200.png", file(png(200, 200), "image/png")),
        (
            "/big.png",
            Answer::File {
                content_type: "image/png",
                bytes: png(800, 400),
                size: 3 * 1024 * 1024,
            },
        ),
        (
            "/page.html",
            file(b"<!doctype html><title>x</title>".to_vec(), "text/html"),
        ),
        (
            "/fake.png",
            file(
                b"<!doctype html><html><body>not found</body></html>".to_vec(),
                "image/png",
            ),
        ),
        ("/icon.bmp", file(bmp(400, 400), "image/bmp")),
        ("/slow.png", Answer::Slow(Duration::from_secs(4))),
        ("/trickle.jpg", Answer::Trickle),
        ("/endless.jpg", Answer::Endless),
        ("/bomb.png", Answer::GzipBomb),
        ("/huge.png", Answer::HugeHeader),
        (
            "/ok",
            file(b"<!doctype html><title>ok</title>".to_vec(), "text/html"),
        ),
        ("/gone", Answer::Status(404)),
        ("/loop", Answer::Redirect("/loop-2".to_owned())),
        ("/loop-2", Answer::Redirect("/loop".to_owned())),
        ("/nohead", Answer::NoHead),
        (
            "/to-file",
            Answer::Redirect("file:///etc/passwd".to_owned()),
        ),
        (
            "/away-local",
            Answer::Redirect("http://localhost:{port}/ok".to_owned()),
        ),
        ("/slow-a.png", Answer::Slow(Duration::from_secs(3))),
        ("/slow-b.png", Answer::Slow(Duration::from_secs(3))),
    ])
}

/// A feed template with one image and one link.
fn feed(image: &str, size: &str, link: &str) -> String {
    format!(
        "feed {{\n  content {{\n    title \"T\"\n    image \"{image}\"{size}\n    link \"{link}\"\n  }}\n}}\n"
    )
}

/// Writes `files` into `dir`.
fn write_all(dir: &Path, files: &[(&str, String)]) {
    for (name, text) in files {
        std::fs::write(dir.join(name), text).expect("write template");
    }
}

/// The text of the file called `name` among `files`.
fn text_of(files: &[(&str, String)], name: &str) -> String {
    files
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| text.clone())
        .unwrap_or_default()
}

/// Runs `ktpl check --format json ARGS`; the online findings, and the exit code.
fn check_json(args: &[&str]) -> (Vec<Value>, Option<i32>, String) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let output = ktpl(&all, None);
    let online = crate::harness::findings(&output)
        .into_iter()
        .filter(|item| {
            item["code"]
                .as_str()
                .is_some_and(|c| c.starts_with("ktpl::online::"))
        })
        .collect();
    (online, output.status.code(), stderr(&output))
}

/// The 1-based line and column (in characters) where `needle` starts in `text`.
fn position(text: &str, needle: &str) -> (u64, u64) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in {text}"));
    let line = text[..at].matches('\n').count() + 1;
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let column = text[start..at].chars().count() + 1;
    (line as u64, column as u64)
}

/// Asserts that `findings` of `file` are exactly `expected` (code, text in message),
/// each at the quoted URL `url` in `text`.
fn assert_findings(findings: &[Value], file: &str, text: &str, expected: &[(&str, &str, &str)]) {
    let mine: Vec<&Value> = findings
        .iter()
        .filter(|f| f["file"].as_str().is_some_and(|name| name.ends_with(file)))
        .collect();
    let codes: Vec<&str> = mine.iter().filter_map(|f| f["code"].as_str()).collect();
    let wanted: Vec<&str> = expected.iter().map(|(code, _, _)| *code).collect();
    assert_eq!(codes, wanted, "{file}: {mine:#?}");
    for (finding, (_, url, words)) in mine.iter().zip(expected) {
        let (line, column) = position(text, &format!("\"{url}\""));
        assert_eq!(
            (finding["line"].as_u64(), finding["column"].as_u64()),
            (Some(line), Some(column)),
            "{file}: {finding:#}"
        );
        let message = finding["message"].as_str().unwrap_or_default();
        assert!(
            message.contains(words),
            "{file}: `{message}` lacks `{words}`"
        );
    }
}

#[test]
fn every_finding_is_at_its_url() {
    let server = server();
    let dir = tempfile::tempdir().expect("tempdir");
    let url = |path: &str| server.url(path);
    let ok = url("/ok");
    let list = format!(
        "list {{\n  header_title \"Photos\"\n  header_link \"{ok}\"\n  content {{ title \"a\" image \"{}\" 640x640 link \"{}\" }}\n  content {{ title \"b\" image \"{}\" 400x300 link \"{}\" }}\n  content {{ title \"c\" image \"{}\" 1000x500 link \"{}\" }}\n}}\n",
        url("/photo.jpg"),
        url("/nohead"),
        url("/anim.gif"),
        ok,
        url("/photo.webp"),
        ok,
    );
    let files = [
        ("good.ktpl", feed(&url("/good.png"), " 800x400", &ok)),
        ("formats.ktpl", list),
        ("missing.ktpl", feed(&url("/missing.png"), "", &ok)),
        ("html.ktpl", feed(&url("/page.html"), "", &ok)),
        ("fake.ktpl", feed(&url("/fake.png"), "", &ok)),
        ("bmp.ktpl", feed(&url("/icon.bmp"), "", &ok)),
        ("small.ktpl", feed(&url("/small.png"), "", &ok)),
        ("big.ktpl", feed(&url("/big.png"), " 800x400", &ok)),
        (
            "ratio.ktpl",
            feed(&url("/good.png?square"), " 640x640", &ok),
        ),
        (
            "gone.ktpl",
            feed(&url("/good.png"), " 800x400", &url("/gone")),
        ),
        (
            "loop.ktpl",
            feed(&url("/good.png"), " 800x400", &url("/loop")),
        ),
        (
            "to-file.ktpl",
            feed(&url("/good.png"), " 800x400", &url("/to-file")),
        ),
    ];
    write_all(dir.path(), &files);
    let path = dir.path().to_str().expect("utf-8 path");
    let (findings, code, err) = check_json(&[
        path,
        "--online",
        "--online-allow-private",
        "--online-timeout",
        "2s",
    ]);
    let text = |name: &str| text_of(&files, name);
    assert_findings(&findings, "good.ktpl", &text("good.ktpl"), &[]);
    assert_findings(&findings, "formats.ktpl", &text("formats.ktpl"), &[]);
    assert_findings(
        &findings,
        "missing.ktpl",
        &text("missing.ktpl"),
        &[(
            "ktpl::online::image_unreachable",
            &url("/missing.png"),
            "404 Not Found",
        )],
    );
    assert_findings(
        &findings,
        "html.ktpl",
        &text("html.ktpl"),
        &[(
            "ktpl::online::not_an_image",
            &url("/page.html"),
            "text/html",
        )],
    );
    assert_findings(
        &findings,
        "fake.ktpl",
        &text("fake.ktpl"),
        &[(
            "ktpl::online::not_an_image",
            &url("/fake.png"),
            "first bytes",
        )],
    );
    assert_findings(
        &findings,
        "bmp.ktpl",
        &text("bmp.ktpl"),
        &[("ktpl::online::not_an_image", &url("/icon.bmp"), "BMP")],
    );
    assert_findings(
        &findings,
        "small.ktpl",
        &text("small.ktpl"),
        &[(
            "ktpl::online::image_too_small",
            &url("/small.png"),
            "120x90 px",
        )],
    );
    assert_findings(
        &findings,
        "big.ktpl",
        &text("big.ktpl"),
        &[("ktpl::online::image_too_large", &url("/big.png"), "3.0 MB")],
    );
    assert_findings(
        &findings,
        "ratio.ktpl",
        &text("ratio.ktpl"),
        &[(
            "ktpl::online::image_ratio_mismatch",
            &url("/good.png?square"),
            "800x400 px (2:1), but 640x640 (1:1) is declared",
        )],
    );
    assert_findings(
        &findings,
        "gone.ktpl",
        &text("gone.ktpl"),
        &[("ktpl::online::link_unreachable", &url("/gone"), "404")],
    );
    assert_findings(
        &findings,
        "loop.ktpl",
        &text("loop.ktpl"),
        &[("ktpl::online::link_unreachable", &url("/loop"), "loop")],
    );
    assert_findings(
        &findings,
        "to-file.ktpl",
        &text("to-file.ktpl"),
        &[(
            "ktpl::online::refused",
            &url("/to-file"),
            "file:///etc/passwd",
        )],
    );
    assert_eq!(code, Some(1), "{err}");
    // Each URL once across the run, though `/ok` and `/good.png` appear in many files
    // (a HEAD, then the GET of the first bytes for an image).
    assert_eq!(server.count("/ok"), 1);
    assert_eq!(server.count("/good.png"), 2);
    assert_eq!(server.count("/nohead"), 2, "HEAD refused, then GET");
    let ratio = findings
        .iter()
        .find(|f| f["code"] == "ktpl::online::image_ratio_mismatch")
        .expect("ratio finding");
    assert!(
        ratio["help"]
            .as_str()
            .is_some_and(|h| h.contains("1:1") && h.contains("cropped or squashed")),
        "{ratio:#}"
    );
}

#[test]
fn redirects_to_another_host_say_where_they_end() {
    let landing = Server::start(vec![(
        "/landing",
        file(b"<!doctype html>".to_vec(), "text/html"),
    )]);
    let away = Server::start(vec![(
        "/away",
        // `localhost` is another host than `127.0.0.1`, though the same machine.
        Answer::Redirect(format!("http://localhost:{}/landing", landing.port)),
    )]);
    let dir = tempfile::tempdir().expect("tempdir");
    let link = away.url("/away");
    let text = format!("text {{\n  text \"hi\"\n  link \"{link}\"\n}}\n");
    write_all(dir.path(), &[("away.ktpl", text.clone())]);
    let path = dir.path().to_str().expect("utf-8 path");
    let (findings, _, err) = check_json(&[path, "--online", "--online-allow-private"]);
    let end = format!("http://localhost:{}/landing", landing.port);
    assert_findings(
        &findings,
        "away.ktpl",
        &text,
        &[("ktpl::online::redirect_other_host", &link, &end)],
    );
    // With registered domains, leaving them is its own finding.
    std::fs::write(
        dir.path().join("ktpl.toml"),
        "allowed_domains = [\"127.0.0.1\"]\n",
    )
    .expect("config");
    let (findings, _, _) = check_json(&[path, "--online", "--online-allow-private"]);
    assert_findings(
        &findings,
        "away.ktpl",
        &text,
        &[("ktpl::online::redirect_unregistered", &link, "`localhost`")],
    );
    assert!(err.is_empty() || !err.contains("panicked"), "{err}");
}

#[test]
fn hostile_servers_cannot_hang_ktpl_or_fill_its_memory() {
    let server = server();
    let dir = tempfile::tempdir().expect("tempdir");
    let ok = server.url("/ok");
    let files = [
        ("slow.ktpl", feed(&server.url("/slow.png"), "", &ok)),
        ("trickle.ktpl", feed(&server.url("/trickle.jpg"), "", &ok)),
        ("endless.ktpl", feed(&server.url("/endless.jpg"), "", &ok)),
        ("bomb.ktpl", feed(&server.url("/bomb.png"), "", &ok)),
        ("huge.ktpl", feed(&server.url("/huge.png"), "", &ok)),
    ];
    write_all(dir.path(), &files);
    let path = dir.path().to_str().expect("utf-8 path");
    let started = Instant::now();
    let (findings, _, err) = check_json(&[
        path,
        "--online",
        "--online-allow-private",
        "--online-timeout",
        "1s",
    ]);
    // Each request ends within its timeout; they run side by side.
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
    let text = |name: &str| text_of(&files, name);
    assert_findings(
        &findings,
        "slow.ktpl",
        &text("slow.ktpl"),
        &[(
            "ktpl::online::image_unreachable",
            &server.url("/slow.png"),
            "in time",
        )],
    );
    assert_findings(
        &findings,
        "trickle.ktpl",
        &text("trickle.ktpl"),
        &[(
            "ktpl::online::image_unreachable",
            &server.url("/trickle.jpg"),
            "in time",
        )],
    );
    // A JPEG that never says its size is read up to the limit, then left.
    assert_findings(&findings, "endless.ktpl", &text("endless.ktpl"), &[]);
    assert!(
        server
            .endless_bytes
            .load(std::sync::atomic::Ordering::Relaxed)
            < 16 * 1024 * 1024,
        "ktpl kept reading an endless body"
    );
    // The bomb inflates to zeros: only the first bytes are ever inflated.
    assert_findings(
        &findings,
        "bomb.ktpl",
        &text("bomb.ktpl"),
        &[(
            "ktpl::online::not_an_image",
            &server.url("/bomb.png"),
            "first bytes",
        )],
    );
    assert_findings(
        &findings,
        "huge.ktpl",
        &text("huge.ktpl"),
        &[(
            "ktpl::online::image_unreachable",
            &server.url("/huge.png"),
            "headers larger than 64 KiB",
        )],
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn urls_past_the_overall_budget_are_reported_not_checked() {
    let server = server();
    let dir = tempfile::tempdir().expect("tempdir");
    let ok = server.url("/ok");
    let files = [
        ("a.ktpl", feed(&server.url("/slow-a.png"), "", &ok)),
        ("b.ktpl", feed(&server.url("/slow-b.png"), "", &ok)),
    ];
    write_all(dir.path(), &files);
    let path = dir.path().to_str().expect("utf-8 path");
    let started = Instant::now();
    let (findings, code, _) = check_json(&[
        path,
        "--online",
        "--online-allow-private",
        "--online-budget",
        "1s",
        "--online-concurrency",
        "1",
    ]);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    let not_checked = findings
        .iter()
        .filter(|f| f["code"] == "ktpl::online::not_checked")
        .count();
    // The link is fetched first; the first slow image runs into the budget, and the
    // second is never started.
    assert_eq!(not_checked, 2, "{findings:#?}");
    assert_eq!(server.count("/slow-b.png"), 0);
    assert_eq!(code, Some(0), "not checked is a warning");
}

#[test]
fn the_cache_answers_a_second_run_without_a_request() {
    let server = server();
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = tempfile::tempdir().expect("cache dir");
    let text = feed(&server.url("/good.png"), " 640x640", &server.url("/ok"));
    write_all(dir.path(), &[("ratio.ktpl", text.clone())]);
    let path = dir.path().to_str().expect("utf-8 path");
    let cache_dir = cache.path().to_str().expect("utf-8 path");
    let args = [
        path,
        "--online",
        "--online-allow-private",
        "--online-cache",
        cache_dir,
    ];
    let (first, _, _) = check_json(&args);
    let requests = server.total();
    assert_eq!(requests, 3, "HEAD and GET of the image, HEAD of the link");
    let (second, _, _) = check_json(&args);
    assert_eq!(server.total(), requests, "the second run fetched again");
    assert_eq!(first, second);
    assert_findings(
        &second,
        "ratio.ktpl",
        &text,
        &[(
            "ktpl::online::image_ratio_mismatch",
            &server.url("/good.png"),
            "800x400",
        )],
    );
    // Too old: fetched again.
    let mut stale = args.to_vec();
    stale.extend(["--online-cache-max-age", "0s"]);
    check_json(&stale);
    assert_eq!(server.total(), 2 * requests);
}

#[test]
fn private_addresses_are_refused_without_the_flag() {
    let server = server();
    let dir = tempfile::tempdir().expect("tempdir");
    let image = server.url("/good.png");
    // A name that resolves to 127.0.0.1 is refused as well as the address itself.
    let link = format!("http://localhost:{}/ok", server.port);
    let text = feed(&image, " 800x400", &link);
    write_all(dir.path(), &[("private.ktpl", text.clone())]);
    let path = dir.path().to_str().expect("utf-8 path");
    let (findings, code, _) = check_json(&[path, "--online"]);
    assert_findings(
        &findings,
        "private.ktpl",
        &text,
        &[
            (
                "ktpl::online::refused",
                &image,
                "loopback, private or link-local",
            ),
            ("ktpl::online::refused", &link, "`localhost` resolves to"),
        ],
    );
    assert_eq!(code, Some(0), "a refusal is a warning");
    assert_eq!(
        server.connections(),
        0,
        "a private address was connected to"
    );
}

#[test]
fn without_online_nothing_is_fetched() {
    let server = server();
    let dir = tempfile::tempdir().expect("tempdir");
    write_all(
        dir.path(),
        &[(
            "t.ktpl",
            feed(&server.url("/missing.png"), "", &server.url("/gone")),
        )],
    );
    let path = dir.path().to_str().expect("utf-8 path");
    let (findings, code, _) = check_json(&[path]);
    assert!(findings.is_empty());
    assert_eq!(code, Some(0));
    let output = ktpl(&["preview", path, "-o", "-"], None);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(server.connections(), 0, "ktpl connected without --online");
    // In this process too: the checking code never reaches the online stage.
    let before = ktpl::internals::probes_started();
    let _ = ktpl::internals::run_command_line_with(["ktpl", "check", "--format", "json", path]);
    assert_eq!(ktpl::internals::probes_started(), before);
    assert_eq!(server.connections(), 0);
}

#[test]
fn preview_shows_the_real_shape_and_flags_a_mismatch() {
    let server = server();
    let dir = tempfile::tempdir().expect("tempdir");
    let ok = server.url("/ok");
    write_all(
        dir.path(),
        &[
            (
                "a-ratio.ktpl",
                feed(&server.url("/good.png"), " 640x640", &ok),
            ),
            (
                "b-fine.ktpl",
                feed(&server.url("/photo.jpg"), " 640x640", &ok),
            ),
        ],
    );
    let path = dir.path().to_str().expect("utf-8 path");
    let output = ktpl(
        &[
            "preview",
            path,
            "-o",
            "-",
            "--online",
            "--online-allow-private",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let html = stdout(&output);
    assert!(
        html.contains("data-ktpl-real=\"800x400\" data-ktpl-mismatch"),
        "{html}"
    );
    assert!(html.contains("real 800×400, declared 640x640"));
    assert!(html.contains("data-ktpl-real=\"640x640\">real 640×640</span>"));
    assert!(html.contains("data-ktpl-code=\"ktpl::online::image_ratio_mismatch\""));
}

/// The preview, the lint `small_image` and the online checks read Kakao's image rules
/// from one place (`kakao/`), so they agree: on the smallest side Kakao takes, and on
/// the shape Kakao lays a declared size out in (the page's boxes and its script, and
/// the online finding's words).
#[test]
fn the_preview_the_lints_and_the_online_checks_agree_on_images() {
    let server = server();
    let dir = tempfile::tempdir().expect("tempdir");
    let ok = server.url("/ok");
    let files = [
        (
            "a-199.ktpl",
            feed(&server.url("/side-199.png"), " 199x199", &ok),
        ),
        (
            "b-200.ktpl",
            feed(&server.url("/side-200.png"), " 200x200", &ok),
        ),
        (
            "c-wide.ktpl",
            feed(&server.url("/photo.jpg"), " 900x300", &ok),
        ),
        (
            "d-tall.ktpl",
            feed(&server.url("/photo.jpg"), " 300x900", &ok),
        ),
    ];
    write_all(dir.path(), &files);
    let online = ["--online", "--online-allow-private"];
    let codes = |name: &str| -> Vec<String> {
        let file = dir.path().join(name);
        let mut args = vec!["check", "--format", "json", file.to_str().expect("utf-8")];
        args.extend(online);
        crate::harness::findings(&ktpl(&args, None))
            .iter()
            .map(|f| f["code"].as_str().unwrap_or_default().to_owned())
            // The server is plain http on 127.0.0.1: `plain_http` is about that.
            .filter(|code| code != "ktpl::lint::plain_http")
            .collect()
    };
    // One pixel under the smallest side: too small declared and too small fetched.
    let small = codes("a-199.ktpl");
    assert!(
        small.iter().any(|c| c == "ktpl::lint::small_image"),
        "{small:?}"
    );
    assert!(
        small.iter().any(|c| c == "ktpl::online::image_too_small"),
        "{small:?}"
    );
    assert_eq!(codes("b-200.ktpl"), Vec::<String>::new());
    // A shape past Kakao's bounds: the page draws the shape the finding names.
    for (name, shape, shown) in [("c-wide.ktpl", "2:1", 2.0), ("d-tall.ktpl", "3:4", 0.75)] {
        let file = dir.path().join(name);
        let file = file.to_str().expect("utf-8");
        let mut args = vec!["check", file];
        args.extend(online);
        let report = stdout(&ktpl(&args, None));
        assert!(report.contains(&format!("cut to {shape}")), "{report}");
        let page = stdout(&ktpl(&["preview", file, "-o", "-"], None));
        let drawn = page
            .split("aspect-ratio: ")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .and_then(|number| number.parse::<f64>().ok())
            .expect("an image box");
        assert!((drawn - shown).abs() < 1e-9, "{name}: drawn {drawn}");
        // The script shapes loaded images within the same bounds.
        let bound = |name: &str| -> f64 {
            page.split(&format!("{name} = "))
                .nth(1)
                .and_then(|rest| rest.split([',', ';']).next())
                .and_then(|number| number.parse().ok())
                .unwrap_or_else(|| panic!("no {name} in the script"))
        };
        let bound = if shown > 1.0 {
            bound("WIDEST")
        } else {
            bound("TALLEST")
        };
        assert!(
            (bound - shown).abs() < 1e-9,
            "{name}: the script's bound is {bound}"
        );
    }
}

#[test]
fn online_levels_are_configurable() {
    let server = server();
    let dir = tempfile::tempdir().expect("tempdir");
    write_all(
        dir.path(),
        &[(
            "t.ktpl",
            // The fragment stays in the browser: the link is fetched without it.
            feed(&server.url("/missing.png"), "", &server.url("/ok#top")),
        )],
    );
    std::fs::write(
        dir.path().join("ktpl.toml"),
        "[lints]\nimage_unreachable = \"warn\"\n",
    )
    .expect("config");
    let path = dir.path().to_str().expect("utf-8 path");
    let (findings, code, _) = check_json(&[path, "--online", "--online-allow-private"]);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["code"], "ktpl::online::image_unreachable");
    assert_eq!(server.count("/ok"), 1);
    assert_eq!(findings[0]["severity"], "warning");
    assert_eq!(code, Some(0));
}

/// The first line's `// expect: CODE`, and a second line's `// args: ...`.
fn fixture_header(text: &str) -> (String, Vec<String>) {
    let mut lines = text.lines();
    let code = lines
        .next()
        .and_then(|line| line.strip_prefix("// expect: "))
        .expect("an online fixture names its code on its first line")
        .trim()
        .to_owned();
    let args = lines
        .next()
        .and_then(|line| line.strip_prefix("// args: "))
        .map(|args| args.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default();
    (code, args)
}

/// Every file of `dir` (recursively), relative to it.
fn files_in(dir: &Path, base: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("fixture folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files_in(&path, base, out);
        } else {
            out.push(path.strip_prefix(base).expect("inside").to_path_buf());
        }
    }
}

/// The fixtures of `tests/fixtures/online`: each, with its URLs pointed at the test
/// server, reports the code its first line names at the URL it is about, and its
/// report is pinned. Every online code has one.
#[test]
fn online_fixtures() {
    let server = server();
    let fixtures = crate::harness::repo("tests/fixtures/online");
    let dir = tempfile::tempdir().expect("tempdir");
    let mut files = Vec::new();
    files_in(&fixtures, &fixtures, &mut files);
    files.sort();
    let host = format!("http://127.0.0.1:{}", server.port);
    for file in &files {
        let text = std::fs::read_to_string(fixtures.join(file)).expect("fixture");
        let target = dir.path().join(file);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("folder");
        std::fs::write(&target, text.replace("http://ktpl-test.invalid", &host)).expect("copy");
    }
    let mut named = Vec::new();
    for file in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "ktpl"))
    {
        let text = std::fs::read_to_string(dir.path().join(file)).expect("copied");
        let (code, extra) = fixture_header(&text);
        named.push(code.clone());
        let name = file.to_str().expect("utf-8 name");
        let mut args = vec![
            "check",
            "--color",
            "never",
            "--online",
            "--online-allow-private",
        ];
        args.extend(extra.iter().map(String::as_str));
        let output = |format: &[&str]| {
            Ktpl::new()
                .args(&args)
                .args(format)
                .arg(name)
                .current_dir(dir.path())
                .run()
        };
        let run = |format: &[&str]| stdout(&output(format));
        let json = crate::harness::findings(&output(&["--format", "json"]));
        let found = json
            .iter()
            .find(|item| item["code"] == code.as_str())
            .unwrap_or_else(|| panic!("{name} should report {code}: {json:#?}"));
        // At a URL of the template: the image's or the link's line.
        let line = found["line"].as_u64().expect("line");
        let at = text
            .lines()
            .nth(usize::try_from(line).expect("line") - 1)
            .unwrap_or_default();
        assert!(
            at.contains("image \"") || at.contains("link \""),
            "{name}: {found:#}"
        );
        insta::with_settings!({
            snapshot_suffix => name.replace(['/', '.'], "_"),
            filters => vec![(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT"), (r"localhost:\d+", "localhost:PORT")],
        }, {
            insta::assert_snapshot!(run(&[]));
        });
    }
    let missing: Vec<&str> = ktpl::internals::Code::ALL
        .iter()
        .map(|code| code.name())
        .filter(|name| name.starts_with("ktpl::online::") && !named.iter().any(|n| n == name))
        .collect();
    assert!(
        missing.is_empty(),
        "online codes without a fixture: {missing:?}"
    );
}

#[test]
fn requests_name_ktpl_and_carry_no_token_and_no_cookie() {
    let server = server();
    let dir = tempfile::tempdir().expect("tempdir");
    let text = feed(
        &server.url("/good.png"),
        " 800x400",
        &server.url("/away-local"),
    );
    write_all(dir.path(), &[("t.ktpl", text)]);
    let file = dir.path().join("t.ktpl");
    let token = "fake-access-token-never-leaves-ktpl";
    let output = Ktpl::new()
        .args([
            "send",
            file.to_str().expect("utf-8"),
            "--to",
            "me",
            "--dry-run",
        ])
        .args([
            "--online",
            "--online-allow-private",
            "--api-base",
            "http://127.0.0.1:9",
        ])
        .env("KAKAO_ACCESS_TOKEN", token)
        .run();
    // Warnings do not stop a send; the dry run prints the request with the token masked.
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("ktpl::online::redirect_other_host"));
    let headers = server.headers();
    // The image (HEAD, GET), the link and its redirect target.
    assert!(server.total() >= 4, "{headers:#?}");
    let agents: Vec<&String> = headers
        .iter()
        .filter(|h| h.to_ascii_lowercase().starts_with("user-agent:"))
        .collect();
    assert_eq!(agents.len(), server.total());
    for agent in agents {
        assert!(
            agent.contains(&format!("ktpl/{}", env!("CARGO_PKG_VERSION"))),
            "{agent}"
        );
    }
    for header in &headers {
        let lower = header.to_ascii_lowercase();
        assert!(!header.contains(token), "{header}");
        assert!(!lower.starts_with("authorization:"), "{header}");
        // The redirect set a cookie; it is never sent back.
        assert!(!lower.starts_with("cookie:"), "{header}");
    }
}

#[test]
fn send_refuses_a_template_whose_image_will_not_show() {
    let server = server();
    let dir = tempfile::tempdir().expect("tempdir");
    write_all(
        dir.path(),
        &[(
            "t.ktpl",
            feed(&server.url("/missing.png"), "", &server.url("/ok")),
        )],
    );
    let file = dir.path().join("t.ktpl");
    let output = Ktpl::new()
        .args([
            "send",
            file.to_str().expect("utf-8"),
            "--to",
            "me",
            "--dry-run",
        ])
        .args([
            "--online",
            "--online-allow-private",
            "--api-base",
            "http://127.0.0.1:9",
        ])
        .env("KAKAO_ACCESS_TOKEN", "fake-token")
        .run();
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("ktpl::online::image_unreachable"), "{err}");
    assert!(err.contains("nothing was sent"), "{err}");
    assert!(
        stdout(&output).is_empty(),
        "a plan was printed: {}",
        stdout(&output)
    );
}

#[test]
fn online_flags_are_checked() {
    // A real, clean template: exit 2 must come from the flags, not a missing file.
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("x.ktpl");
    std::fs::write(&file, "text { text \"hi\" link {} }\n").expect("write");
    let file = file.to_str().expect("utf-8 path");
    assert_eq!(ktpl(&["check", file], None).status.code(), Some(0));
    for (args, says) in [
        (&["check", file, "--online-allow-private"][..], "--online"),
        (&["check", file, "--online", "--online-timeout", "5x"], "5x"),
        (
            &["check", file, "--online", "--online-concurrency", "0"],
            "concurrency",
        ),
        (&["preview", file, "--serve", "--online"], "--serve"),
        (&["check", file, "--online", "--fix"], "--fix"),
        (&["check", file, "--online", "--diff"], "--diff"),
    ] {
        let output = ktpl(args, None);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(says),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}
