//! The documentation book (`docs/`, mdBook): its generated pages are current, every
//! page is in the table of contents, and every relative link (the README's too) leads
//! to a file and, with a `#fragment`, to a heading there.
//!
//! Two pages are generated here from the code, so they cannot drift from it: the CLI
//! reference from the clap definition and the diagnostic codes from the code registry
//! with `ktpl explain`'s text. Regenerate them with the command in [`REGENERATE`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use ktpl::internals::Code;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::harness::{files_under, repo};

const REGENERATE: &str = "KTPL_UPDATE_DOCS=1 cargo test --test integration docs::";

const GENERATED_NOTE: &str = "<!-- Generated from the code by tests/docs.rs; do not edit. Regenerate with\n     `KTPL_UPDATE_DOCS=1 cargo test --test integration docs::` -->";

/// `docs/src/reference/cli.md`: every command and flag, from clap.
fn cli_page() -> String {
    let markdown = clap_markdown::help_markdown_command_custom(
        &unbuilt_with_flags(ktpl::internals::cli_command()),
        &clap_markdown::MarkdownOptions::new()
            .title("Command-line reference".to_owned())
            .show_footer(false),
    );
    // The title first, then the note, so mdBook's page title stays the heading.
    let (title, rest) = markdown.split_once('\n').expect("a title line");
    format!(
        "{title}\n\n{GENERATED_NOTE}\n\nEvery command and flag of `ktpl` (built with the default \
         `send` feature), as `ktpl COMMAND --help` prints them. `ktpl man COMMAND` shows the \
         same as a manual page. Exit codes and output formats are in \
         [The machine interface](../machine-interface.md).\n{rest}"
    )
}

/// The command tree as written, each command with its flags: what clap-markdown reads.
/// The commands define their flags only when clap builds them (`defer`, for a fast
/// start), so each is built here on its own; building adds a `--help` flag (kept off)
/// and gives every switch a default (`false`, `0`), which the definition does not
/// write and the page never showed (taken off again).
fn unbuilt_with_flags(root: clap::Command) -> clap::Command {
    use clap::ArgAction;
    root.mut_subcommands(|command| {
        let mut command = command.disable_help_flag(true);
        command.build();
        command.mut_args(|arg| match arg.get_action() {
            ArgAction::SetTrue | ArgAction::SetFalse | ArgAction::Count => {
                arg.default_values(Vec::<&str>::new())
            }
            _ => arg,
        })
    })
}

/// The id mdBook gives a heading: lower case, spaces to `-`, only letters, digits,
/// `_` and `-` kept.
fn heading_id(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c.to_ascii_lowercase())
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// `docs/src/reference/codes.md`: every code of the registry with its explanation.
fn codes_page() -> String {
    let mut page = format!(
        "# Diagnostic codes\n\n{GENERATED_NOTE}\n\n\
         Every problem ktpl reports has a stable code `ktpl::<stage>::<name>`, a span in \
         the source (DSL or raw JSON), a label and a help line. This page holds every code \
         with the text `ktpl explain CODE` prints: what it means, a wrong and a right \
         example. `ktpl explain` lists them all; CODE may be the full name, `stage::name` \
         or the short name (`ktpl explain bad_escape`; a short name two stages share, like \
         `unknown_field`, shows both). Warnings (and some errors) can be allowed or \
         raised in [`ktpl.toml`](../configuration.md).\n\n\
         | Code | Severity | Meaning |\n|---|---|---|\n"
    );
    for code in Code::ALL {
        page.push_str(&format!(
            "| [`{name}`](#{id}) | {severity} | {summary} |\n",
            name = code.name(),
            id = heading_id(code.name()),
            severity = code.default_severity().as_str(),
            summary = code.summary().replace('|', "\\|"),
        ));
    }
    for code in Code::ALL {
        let explanation = ktpl::internals::explanation(*code).unwrap_or_else(|| code.summary());
        // The explanation's own headings sit under the code's.
        let explanation = explanation.replace("\n### ", "\n#### ");
        page.push_str(&format!(
            "\n## {name}\n\n*{severity}* · {summary}\n\n{explanation}\n",
            name = code.name(),
            severity = code.default_severity().as_str(),
            summary = code.summary(),
        ));
    }
    page
}

/// Compares a generated page with the committed one; with `KTPL_UPDATE_DOCS` set,
/// writes it instead.
fn assert_current(path: &str, generated: &str, stale: &mut Vec<String>) {
    let file = repo(path);
    if std::env::var_os("KTPL_UPDATE_DOCS").is_some() {
        std::fs::write(&file, generated).expect("write the generated page");
        return;
    }
    let committed = std::fs::read_to_string(&file).unwrap_or_default();
    if committed != generated {
        stale.push(path.to_owned());
    }
}

#[test]
fn generated_pages_are_current() {
    let mut stale = Vec::new();
    // Without `send`, the CLI has no `send` and `friends`: the page is for the default build.
    if cfg!(feature = "send") {
        assert_current("docs/src/reference/cli.md", &cli_page(), &mut stale);
    }
    assert_current("docs/src/reference/codes.md", &codes_page(), &mut stale);
    assert!(
        stale.is_empty(),
        "{} no longer match the code; regenerate with `{REGENERATE}` and commit them",
        stale.join(" and ")
    );
}

#[test]
fn the_codes_page_has_every_code_and_its_explanation() {
    let page = codes_page();
    for code in Code::ALL {
        assert!(page.contains(&format!("\n## {}\n", code.name())), "{code}");
        if let Some((_, right)) = ktpl::internals::example(*code, "Right") {
            assert!(page.contains(right), "{code}: the right example is missing");
        }
    }
}

/// A markdown file's links (destination) and heading ids.
struct Markdown {
    links: Vec<String>,
    ids: BTreeSet<String>,
}

fn read_markdown(path: &Path) -> Markdown {
    let text = std::fs::read_to_string(path).expect("readable markdown");
    let mut links = Vec::new();
    let mut ids = BTreeSet::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut heading: Option<String> = None;
    for event in Parser::new_ext(&text, pulldown_cmark::Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                links.push(dest_url.into_string());
            }
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::Text(text) | Event::Code(text) => {
                if let Some(heading) = &mut heading {
                    heading.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let id = heading_id(&heading.take().unwrap_or_default());
                // mdBook numbers a repeated id: `x`, `x-1`, `x-2`.
                let count = seen.entry(id.clone()).or_insert(0);
                ids.insert(if *count == 0 {
                    id.clone()
                } else {
                    format!("{id}-{count}")
                });
                *count += 1;
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                // `<a href="...">` in raw HTML counts too.
                for part in html.split("href=\"").skip(1) {
                    links.push(part.split('"').next().unwrap_or_default().to_owned());
                }
            }
            _ => {}
        }
    }
    Markdown { links, ids }
}

fn book_pages() -> Vec<PathBuf> {
    files_under("docs/src", &["md"])
}

#[test]
fn every_summary_entry_exists_and_every_page_is_listed() {
    let summary = repo("docs/src/SUMMARY.md");
    let listed: BTreeSet<PathBuf> = read_markdown(&summary)
        .links
        .iter()
        .map(|link| repo("docs/src").join(link))
        .collect();
    assert!(listed.len() > 10, "SUMMARY.md lists {} pages", listed.len());
    for page in &listed {
        assert!(
            page.is_file(),
            "SUMMARY.md lists {}, which does not exist",
            page.display()
        );
    }
    for page in book_pages() {
        if page != summary {
            assert!(
                listed.contains(&page),
                "{} is not in SUMMARY.md, so the book does not show it",
                page.display()
            );
        }
    }
    let book = std::fs::read_to_string(repo("docs/book.toml")).expect("docs/book.toml");
    assert!(book.contains("[book]"), "{book}");
}

/// `a/b/../c` as `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[test]
fn every_relative_link_resolves() {
    let mut files = book_pages();
    files.push(repo("README.md"));
    files.extend(files_under("grammar", &["md"]));
    let mut broken = Vec::new();
    let mut ids: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let mut ids_of = |path: &Path| {
        ids.entry(path.to_path_buf())
            .or_insert_with(|| read_markdown(path).ids)
            .clone()
    };
    for file in &files {
        let dir = file.parent().expect("a folder");
        for link in read_markdown(file).links {
            if link.contains("://") || link.starts_with("mailto:") {
                continue;
            }
            let (path, fragment) = match link.split_once('#') {
                Some((path, fragment)) => (path, Some(fragment)),
                None => (link.as_str(), None),
            };
            let target = if path.is_empty() {
                file.clone()
            } else {
                dir.join(path)
            };
            let name = file
                .strip_prefix(repo(""))
                .unwrap_or(file)
                .display()
                .to_string();
            if !target.exists() {
                broken.push(format!("{name}: {link} (no such file)"));
                continue;
            }
            // mdBook publishes only docs/src: a page linking outside it breaks on the site.
            if file.starts_with(repo("docs/src"))
                && !normalize(&target).starts_with(repo("docs/src"))
            {
                broken.push(format!(
                    "{name}: {link} (outside the book; name the file in `code` instead)"
                ));
                continue;
            }
            if let Some(fragment) = fragment
                && target.extension().is_some_and(|e| e == "md")
                && !ids_of(&target).contains(fragment)
            {
                broken.push(format!("{name}: {link} (no such heading)"));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// The ktpl examples of the hand-written pages (fenced as `ktpl`) are templates that
/// check without errors. (The codes page holds `ktpl explain`'s examples, wrong ones
/// included; tests/explain.rs checks those.)
#[test]
fn every_ktpl_example_in_the_book_checks_cleanly() {
    let vars = BTreeMap::from([
        ("name".to_owned(), "Kim".to_owned()),
        ("order".to_owned(), "A-1042".to_owned()),
    ]);
    let mut examples = 0;
    let mut failures = Vec::new();
    for page in book_pages() {
        if page.starts_with(repo("docs/src/reference")) {
            continue;
        }
        let text = std::fs::read_to_string(&page).expect("readable");
        let mut block: Option<String> = None;
        for event in Parser::new(&text) {
            match event {
                Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(lang)))
                    if &*lang == "ktpl" =>
                {
                    block = Some(String::new());
                }
                Event::Text(code) => {
                    if let Some(block) = &mut block {
                        block.push_str(&code);
                    }
                }
                Event::End(TagEnd::CodeBlock) => {
                    let Some(source) = block.take() else { continue };
                    examples += 1;
                    let name = page
                        .strip_prefix(repo(""))
                        .unwrap_or(&page)
                        .display()
                        .to_string();
                    let file = ktpl::Source::ktpl(name.clone(), source);
                    let report = ktpl::check(&file, &vars, &ktpl::Config::default());
                    if report.has_errors() {
                        failures.push(format!("{name}: {:?}\n{}", report.findings, file.text()));
                    }
                }
                _ => {}
            }
        }
    }
    assert!(examples >= 7, "found {examples} ktpl examples");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The exit codes are part of the stable interface: `ktpl man`'s EXIT STATUS lists
/// exactly those the book's table documents (without `send`, none of its own).
#[test]
fn the_manual_and_the_book_list_the_same_exit_codes() {
    let page = std::fs::read_to_string(repo("docs/src/machine-interface.md")).expect("page");
    let mut documented: BTreeSet<u8> = page
        .lines()
        .filter_map(|line| line.strip_prefix("| **")?.split_once("**")?.0.parse().ok())
        .collect();
    assert!(documented.contains(&141), "{documented:?}");
    if !cfg!(feature = "send") {
        documented.retain(|code| ![3, 4].contains(code));
    }
    let run = crate::harness::ktpl(&["man"], None);
    let man = String::from_utf8_lossy(&run.stdout).into_owned();
    let (_, status) = man
        .split_once(".SH \"EXIT STATUS\"")
        .expect("an EXIT STATUS section");
    let listed: BTreeSet<u8> = status
        .lines()
        .filter_map(|line| {
            line.strip_prefix("\\fB")?
                .strip_suffix("\\fR")?
                .parse()
                .ok()
        })
        .collect();
    assert_eq!(
        listed, documented,
        "`ktpl man` and docs/src/machine-interface.md differ"
    );
}
