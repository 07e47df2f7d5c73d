//! `ktpl completions` and `ktpl man`: what they print is checked against the clap
//! definition itself, so a command or flag added later is covered without editing here.

use std::process::Command;

use clap::ValueEnum;
use clap_complete::Shell;

use crate::harness::{ktpl, stderr, stdout};

/// A command of ktpl (`None` for ktpl itself) with its long flags and, per flag that
/// takes one of a fixed set of values, those values.
struct Commandline {
    name: Option<String>,
    flags: Vec<String>,
    values: Vec<(String, Vec<String>)>,
}

fn commands() -> Vec<Commandline> {
    let mut root = ktpl::internals::cli_command();
    root.build();
    let describe = |command: &clap::Command, name: Option<String>| {
        let visible = || {
            command
                .get_arguments()
                .filter(|arg| !arg.is_hide_set() && arg.get_long().is_some())
        };
        Commandline {
            name,
            flags: visible()
                .map(|arg| format!("--{}", arg.get_long().expect("long")))
                .collect(),
            values: visible()
                .filter(|arg| arg.get_action().takes_values())
                .map(|arg| {
                    let values: Vec<String> = arg
                        .get_possible_values()
                        .iter()
                        .map(|value| value.get_name().to_owned())
                        .collect();
                    (format!("--{}", arg.get_long().expect("long")), values)
                })
                .filter(|(_, values)| !values.is_empty())
                .collect(),
        }
    };
    let mut out = vec![describe(&root, None)];
    for command in root.get_subcommands().filter(|c| !c.is_hide_set()) {
        out.push(describe(command, Some(command.get_name().to_owned())));
    }
    assert!(out.len() > 10, "only {} commands", out.len());
    out
}

/// The commands with a manual page: all but clap's `help`, which `--help` replaces.
fn man_commands() -> Vec<Commandline> {
    let mut commands = commands();
    commands.retain(|c| c.name.as_deref() != Some("help"));
    commands
}

fn completion_script(shell: &str) -> String {
    let run = ktpl(&["completions", shell], None);
    assert!(run.status.success(), "{shell}: {}", stderr(&run));
    stdout(&run)
}

#[test]
fn every_shell_script_names_every_command_and_flag() {
    let commands = commands();
    for shell in Shell::value_variants() {
        let name = shell
            .to_possible_value()
            .expect("named")
            .get_name()
            .to_owned();
        let script = completion_script(&name);
        let mut missing = Vec::new();
        for command in &commands {
            if let Some(name) = &command.name
                && !script.contains(name.as_str())
            {
                missing.push(name.clone());
            }
            for flag in &command.flags {
                // fish names a long flag as `-l format`; the others write `--format`.
                let written = if name == "fish" {
                    format!("-l {}", &flag[2..])
                } else {
                    flag.clone()
                };
                if !script.contains(&written) {
                    missing.push(format!("{:?} {flag}", command.name));
                }
            }
        }
        assert!(missing.is_empty(), "{name} script lacks {missing:?}");
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let run = ktpl(&["completions", "tcsh"], None);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("bash"), "{}", stderr(&run));
}

/// Loads the bash script as a user does and asks it to complete `words`, the cursor on
/// the last one; prints one line per case: the candidates, space-separated.
fn bash_completions(cases: &[Vec<String>]) -> Vec<Vec<String>> {
    let dir = tempfile::tempdir().expect("tempdir");
    let script_path = dir.path().join("ktpl.bash");
    std::fs::write(&script_path, completion_script("bash")).expect("write script");
    let mut script = format!(
        "source {}\ncomplete -p ktpl || exit 9\n",
        script_path.display()
    );
    for words in cases {
        let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
        script.push_str(&format!(
            "COMP_WORDS=({words}); COMP_CWORD={cword}; COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}; \
             COMPREPLY=(); _ktpl ktpl '{current}' '{previous}'; echo \"${{COMPREPLY[*]}}\"\n",
            words = quoted.join(" "),
            cword = words.len() - 1,
            line = words.join(" "),
            current = words.last().expect("a word"),
            previous = words[words.len().saturating_sub(2)],
        ));
    }
    let out = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "bash: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut lines = text.lines();
    let registered = lines.next().expect("complete -p prints");
    assert!(
        registered.contains("-F _ktpl") && registered.ends_with("ktpl"),
        "{registered}"
    );
    let replies: Vec<Vec<String>> = lines
        .map(|line| line.split_whitespace().map(str::to_owned).collect())
        .collect();
    assert_eq!(replies.len(), cases.len(), "{text}");
    replies
}

#[test]
fn bash_completes_commands_flags_and_values() {
    let commands = commands();
    let mut cases = vec![vec!["ktpl".to_owned(), String::new()]];
    let mut expected = vec![
        commands
            .iter()
            .filter_map(|c| c.name.clone())
            .collect::<Vec<_>>(),
    ];
    for command in commands.iter().skip(1) {
        let name = command.name.clone().expect("a subcommand");
        cases.push(vec!["ktpl".to_owned(), name.clone(), "--".to_owned()]);
        expected.push(command.flags.clone());
        for (flag, values) in &command.values {
            cases.push(vec![
                "ktpl".to_owned(),
                name.clone(),
                flag.clone(),
                String::new(),
            ]);
            expected.push(values.clone());
        }
    }
    // A prefix narrows: `ktpl ch<TAB>` offers `check` only.
    cases.push(vec!["ktpl".to_owned(), "ch".to_owned()]);
    expected.push(vec!["check".to_owned()]);
    let replies = bash_completions(&cases);
    for ((words, reply), wanted) in cases.iter().zip(&replies).zip(&expected) {
        for word in wanted {
            assert!(
                reply.contains(word),
                "`{}<TAB>` offers {reply:?}, not {word}",
                words.join(" ")
            );
        }
    }
    assert_eq!(replies.last(), Some(&vec!["check".to_owned()]));
}

/// The pages `ktpl man --dir` writes, by file name.
fn written_pages() -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("man1");
    let run = ktpl(&["man", "--dir", out.to_str().expect("utf-8 path")], None);
    assert!(run.status.success(), "{}", stderr(&run));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .expect("the folder was made")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    (dir, names)
}

#[test]
fn man_writes_one_page_per_command() {
    let (_dir, names) = written_pages();
    let mut expected: Vec<String> = man_commands()
        .iter()
        .map(|c| match &c.name {
            Some(name) => format!("ktpl-{name}.1"),
            None => "ktpl.1".to_owned(),
        })
        .collect();
    expected.sort();
    assert_eq!(names, expected);
}

#[test]
fn man_prints_the_page_of_ktpl_or_of_a_command() {
    let top = stdout(&ktpl(&["man"], None));
    assert!(top.contains(".TH ktpl 1"), "{top}");
    assert!(top.contains(".SH \"EXIT STATUS\""), "{top}");
    for command in man_commands().iter().skip(1) {
        let name = command.name.as_deref().expect("a subcommand");
        assert!(
            top.contains(&format!("ktpl\\-{}(1)", name.replace('-', "\\-"))),
            "the top page does not point at {name}'s page"
        );
        let run = ktpl(&["man", name], None);
        assert!(run.status.success(), "{name}: {}", stderr(&run));
        let page = stdout(&run);
        assert!(
            page.contains(&format!(
                ".TH ktpl-{name} 1  \"ktpl {}\"",
                env!("CARGO_PKG_VERSION")
            )),
            "{page}"
        );
        for flag in &command.flags {
            assert!(
                page.contains(&flag.replace('-', "\\-")),
                "{name}'s page lacks {flag}"
            );
        }
    }
}

#[test]
fn man_names_the_commands_it_has_when_asked_for_another() {
    let run = ktpl(&["man", "chek"], None);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("did you mean `check`?"),
        "{}",
        stderr(&run)
    );
    let run = ktpl(&["man", "check", "--dir", "out"], None);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
}

/// `man` from man-db (with groff), when it is installed; CI installs it.
fn man_program() -> Option<()> {
    Command::new("man")
        .arg("--version")
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|_| ())
}

#[test]
#[allow(clippy::print_stderr)] // says why it skipped, outside CI
fn man_renders_every_page_without_warnings() {
    if man_program().is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but `man` is missing (.ci/run installs it: apt-get install man-db groff-base)"
        );
        eprintln!("skipped: man is not installed");
        return;
    }
    let (dir, names) = written_pages();
    for name in names {
        let path = dir.path().join("man1").join(&name);
        let out = Command::new("man")
            .args(["--warnings=w", "-l"]) // `w`: every groff warning
            .arg(&path)
            .env("MANWIDTH", "80")
            .output()
            .expect("man runs");
        let warnings = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && warnings.is_empty(),
            "{name}: {warnings}"
        );
        let text = String::from_utf8_lossy(&out.stdout);
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION"] {
            assert!(text.contains(section), "{name} has no {section}:\n{text}");
        }
    }
}
