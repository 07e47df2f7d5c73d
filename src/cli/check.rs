//! `ktpl check`: every template in files and folders, reported in the chosen format.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::code::Code;
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::pipeline;
use crate::report::{self, exit, human};
use crate::source::{SourceFile, SourceKind};
use crate::target::Target;
use crate::workspace::{Entry, Files, PathProblem, Read};

use super::args::{CommonArgs, Format, OnlineArgs, VarArgs};
use super::fixing::{self, Mode};
use super::input::{load_vars, open_workspace, stop_on_ctrl_c, style_for, usage_error};
use super::online::Online;
use super::stdio::{err, outln};

/// What checking one file produced, already formatted for the chosen output.
struct FileOutcome {
    errors: usize,
    warnings: usize,
    /// A problem with reading or walking a path, not with a template: exit 2.
    unreadable: bool,
    /// A JSON file found in a folder that is not a template (see `workspace`).
    skipped: bool,
    root: usize,
    text: String,
    items: Vec<serde_json::Value>,
    /// With `--fix`/`--diff`: fixes applied (or that would be), and notes for stderr.
    fixes: usize,
    notes: String,
}

/// Files checked at once; bounds memory however many files there are.
const CHUNK: usize = 1024;

/// Files a thread takes through the pipeline together (`pipeline::check_each`).
const BATCH: usize = 16;

/// `check --watch`: checks, then checks again after every save until Ctrl-C.
pub(crate) fn check_watching(
    paths: &[PathBuf],
    format: Format,
    allow_empty: bool,
    vars: &VarArgs,
    common: &CommonArgs,
    online: &OnlineArgs,
) -> u8 {
    let mut watch = match crate::watch::Watch::new(paths) {
        Ok(watch) => watch,
        Err(message) => return usage_error(&message),
    };
    let stop = match stop_on_ctrl_c() {
        Ok(stop) => stop,
        Err(message) => return usage_error(&message),
    };
    let mut code = check(paths, format, allow_empty, None, vars, common, online);
    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
        if watch.changed_within(std::time::Duration::from_millis(100)) {
            outln!("\n── a file changed: checking again ──\n");
            code = check(paths, format, allow_empty, None, vars, common, online);
        }
    }
    // Stopped by hand: the last check's result, as a plain `check` would give.
    code
}

/// Codes that mean "the command could not read what it was pointed at" (exit 2).
const PATH_CODES: [Code; 3] = [Code::IoRead, Code::IoSymlinkLoop, Code::IoNoTemplates];

pub(crate) fn check(
    paths: &[PathBuf],
    format: Format,
    allow_empty: bool,
    mode: Option<Mode>,
    vars: &VarArgs,
    common: &CommonArgs,
    online: &OnlineArgs,
) -> u8 {
    if mode.is_some() && online.online {
        // Fixing rewrites files; what the network says about them is a second step.
        return usage_error(
            "`--online` cannot be combined with `--fix` or `--diff`: fix first, then run `ktpl check --online`",
        );
    }
    if let Some(Mode::Fix(which)) = mode
        && paths.iter().any(|path| crate::source::is_dash(path))
    {
        return fixing::fix_stdin(paths, format, which, vars, common);
    }
    let mut online = match Online::start(online) {
        Ok(online) => online,
        Err(code) => return code,
    };
    let vars = match load_vars(vars) {
        Ok(vars) => vars,
        Err(message) => return usage_error(&message),
    };
    let workspace = match open_workspace(paths, common, Files::Templates, None) {
        Ok(workspace) => workspace,
        Err(code) => return code,
    };
    let style = style_for(common, std::io::stdout().is_terminal());
    let outcome = |source: &SourceFile, problems: &[Problem], root: usize| -> FileOutcome {
        // A clean file renders as nothing in every format: no line index, no handler.
        let (text, items) = match format {
            _ if problems.is_empty() => (String::new(), Vec::new()),
            Format::Human => (human::render(source, problems, style), Vec::new()),
            Format::Github => (report::github::annotations(source, problems), Vec::new()),
            Format::Json => (
                String::new(),
                report::json::problems(source, problems)
                    .into_iter()
                    .filter_map(|p| serde_json::to_value(p).ok())
                    .collect(),
            ),
            Format::Sarif => (String::new(), report::sarif::results(source, problems)),
        };
        FileOutcome {
            errors: problems.iter().filter(|p| p.is_error()).count(),
            warnings: problems.iter().filter(|p| !p.is_error()).count(),
            unreadable: problems.iter().any(|p| PATH_CODES.contains(&p.code)),
            skipped: false,
            root,
            text,
            items,
            fixes: 0,
            notes: String::new(),
        }
    };
    let path_outcome = |found: &PathProblem| {
        let source = SourceFile::new(found.name.clone(), "", SourceKind::Ktpl);
        outcome(&source, std::slice::from_ref(&found.problem), found.root)
    };
    // A template to check, or the outcome of a file that holds none (or that `--fix` or
    // `--diff` has finished with).
    let prepare = |entry: &Entry| -> Result<(SourceFile, &Config), FileOutcome> {
        let source = match workspace.read(entry) {
            Read::Template(source) => source,
            Read::NotTemplate(source) => {
                return Err(FileOutcome {
                    skipped: true,
                    ..outcome(&source, &[], entry.root)
                });
            }
            Read::Unreadable(source, problem) => {
                return Err(outcome(&source, &[problem], entry.root));
            }
        };
        let config = workspace.config_for(&entry.path);
        if let Some(mode) = mode {
            // Fixing ends the file's story here (`--online` is refused with it).
            let fixed = fixing::fix_file(&entry.path, &source, &vars, config, mode);
            let mut result = match mode {
                // `--diff` shows the changes, not the findings.
                Mode::Diff(_) => FileOutcome {
                    text: fixed.diff,
                    ..outcome(&fixed.source, &[], entry.root)
                },
                Mode::Fix(_) => outcome(&fixed.source, &fixed.problems, entry.root),
            };
            result.fixes = fixed.fixes;
            result.notes = fixed.notes;
            result.unreadable |= fixed.failed;
            return Err(result);
        }
        Ok((source, config))
    };
    // Each file's checked template, or its outcome: the templates go through the
    // pipeline together, one stage over all of them before the next.
    let check_files =
        |entries: &[Entry]| -> Vec<Result<(SourceFile, pipeline::Checked), FileOutcome>> {
            let prepared: Vec<_> = entries.iter().map(prepare).collect();
            let sources: Vec<(&SourceFile, &Config)> = prepared
                .iter()
                .filter_map(|prepared| {
                    prepared
                        .as_ref()
                        .ok()
                        .map(|(source, config)| (source, *config))
                })
                .collect();
            let mut checked = pipeline::check_each(&sources, &vars, Target::Rest).into_iter();
            prepared
                .into_iter()
                .map(|prepared| {
                    prepared.map(|(source, _)| {
                        (source, checked.next().expect("checked with the others"))
                    })
                })
                .collect()
        };
    let check_batch = |entries: &[Entry]| -> Vec<FileOutcome> {
        check_files(entries)
            .into_iter()
            .zip(entries)
            .map(|(checked, entry)| match checked {
                Ok((source, checked)) => outcome(&source, &checked.problems, entry.root),
                Err(outcome) => outcome,
            })
            .collect()
    };
    let mut out = Output {
        stdout: std::io::BufWriter::new(std::io::stdout().lock()),
        format,
        first_item: true,
        written: Ok(()),
        totals: Totals {
            mode,
            ..Totals::default()
        },
        templates_per_root: vec![0; paths.len()],
        problem_per_root: vec![false; paths.len()],
    };
    out.written = match format {
        Format::Json => report::json::write_header(&mut out.stdout),
        Format::Sarif => report::sarif::write_header(&mut out.stdout),
        Format::Human | Format::Github => Ok(()),
    };
    for found in workspace.path_problems() {
        out.emit(path_outcome(found));
    }
    for chunk in workspace.entries().chunks(CHUNK) {
        let outcomes: Vec<FileOutcome> = match online.as_mut() {
            // One file (a pre-commit hook's usual call) needs no thread pool: starting
            // its threads costs more than the check.
            None if workspace.entries().len() == 1 => check_batch(chunk),
            None => chunk.par_chunks(BATCH).flat_map_iter(check_batch).collect(),
            // The chunk's URLs are fetched together (each once per run), then each
            // file gets its findings.
            Some(online) => {
                let checked: Vec<_> = chunk.par_chunks(BATCH).flat_map_iter(check_files).collect();
                online.probe(
                    checked
                        .iter()
                        .filter_map(|c| c.as_ref().ok().map(|(_, c)| c)),
                );
                checked
                    .into_iter()
                    .zip(chunk)
                    .map(|(checked, entry)| match checked {
                        Ok((source, mut checked)) => {
                            let config = workspace.config_for(&entry.path);
                            online.add_findings(&source, &vars, config, &mut checked);
                            outcome(&source, &checked.problems, entry.root)
                        }
                        Err(outcome) => outcome,
                    })
                    .collect()
            }
        };
        for outcome in outcomes {
            out.emit(outcome);
        }
    }
    if !allow_empty {
        for (root, path) in paths.iter().enumerate() {
            // A path already reported as unreadable needs no second problem.
            if out.templates_per_root[root] == 0 && !out.problem_per_root[root] {
                out.emit(path_outcome(&no_templates(path, root)));
            }
        }
    }
    let Output {
        mut stdout,
        totals,
        first_item,
        mut written,
        ..
    } = out;
    written = written.and_then(|()| match format {
        Format::Json => report::json::write_footer(&mut stdout, first_item),
        Format::Sarif => report::sarif::write_footer(&mut stdout),
        Format::Human => writeln!(stdout, "{}", totals.summary()),
        Format::Github => Ok(()),
    });
    if let Err(error) = written.and_then(|()| stdout.flush()) {
        super::stdio::stdout_failed(&error);
    }
    if totals.unreadable {
        exit::USAGE
    } else if matches!(mode, Some(Mode::Diff(_))) {
        if totals.fixes > 0 {
            exit::PROBLEMS
        } else {
            exit::OK
        }
    } else if totals.errors > 0 {
        exit::PROBLEMS
    } else {
        exit::OK
    }
}

/// Where outcomes go, in order, and what they add up to.
struct Output<W: Write> {
    stdout: W,
    format: Format,
    first_item: bool,
    /// A write error not yet acted on (the header's): `emit` ends the process on one,
    /// as there is no one left to read the rest.
    written: std::io::Result<()>,
    totals: Totals,
    /// Templates checked per command-line path.
    templates_per_root: Vec<usize>,
    /// Whether a command-line path had a path problem already reported.
    problem_per_root: Vec<bool>,
}

impl<W: Write> Output<W> {
    fn emit(&mut self, outcome: FileOutcome) {
        self.totals.add(&outcome);
        if outcome.skipped {
            return;
        }
        if outcome.unreadable {
            self.problem_per_root[outcome.root] = true;
        } else {
            self.templates_per_root[outcome.root] += 1;
        }
        if !outcome.notes.is_empty() {
            // What was fixed goes beside the report, never into machine output.
            let _ = self.stdout.flush();
            err!("{}", outcome.notes);
        }
        self.written = std::mem::replace(&mut self.written, Ok(()))
            .and_then(|()| self.stdout.write_all(outcome.text.as_bytes()));
        for item in outcome.items {
            let first = std::mem::replace(&mut self.first_item, false);
            self.written = std::mem::replace(&mut self.written, Ok(())).and_then(|()| {
                if self.format == Format::Json {
                    report::json::write_item(&mut self.stdout, &item, first)
                } else {
                    let separator: &[u8] = if first { b"\n" } else { b",\n" };
                    self.stdout.write_all(separator)?;
                    self.stdout
                        .write_all(serde_json::to_string(&item).unwrap_or_default().as_bytes())
                }
            });
        }
        if let Err(error) = &self.written {
            super::stdio::stdout_failed(error);
        }
    }
}

/// Counts over every file, for the summary line and the exit code.
#[derive(Default)]
struct Totals {
    files: u64,
    skipped: u64,
    errors: usize,
    warnings: usize,
    unreadable: bool,
    mode: Option<Mode>,
    /// Fixes applied (or, for `--diff`, that would be), and in how many files.
    fixes: usize,
    fixed_files: u64,
}

impl Totals {
    fn add(&mut self, outcome: &FileOutcome) {
        if outcome.skipped {
            self.skipped += 1;
            return;
        }
        if !outcome.unreadable {
            self.files += 1;
        }
        self.errors += outcome.errors;
        self.warnings += outcome.warnings;
        self.unreadable |= outcome.unreadable;
        self.fixes += outcome.fixes;
        self.fixed_files += u64::from(outcome.fixes > 0);
    }

    fn summary(&self) -> String {
        let count = if self.fixes == 1 {
            "1 fix".to_owned()
        } else {
            format!("{} fixes", self.fixes)
        };
        let applied = format!(
            "{count} in {}",
            crate::prose::count(self.fixed_files, "file")
        );
        match self.mode {
            Some(Mode::Diff(_)) if self.fixes == 0 => return "nothing to fix".to_owned(),
            Some(Mode::Diff(_)) => return format!("would apply {applied}"),
            Some(Mode::Fix(_)) if self.fixes == 0 => {
                return format!("{}; nothing to fix", self.checked());
            }
            Some(Mode::Fix(_)) => return format!("{}; applied {applied}", self.checked()),
            None => {}
        }
        self.checked()
    }

    fn checked(&self) -> String {
        let mut line = format!(
            "checked {}: {}, {}",
            crate::prose::count(self.files, "file"),
            crate::prose::count(self.errors as u64, "error"),
            crate::prose::count(self.warnings as u64, "warning"),
        );
        if self.skipped > 0 {
            line.push_str(&format!(
                " (skipped {} that {} no template keys)",
                crate::prose::count(self.skipped, "JSON file"),
                if self.skipped == 1 { "has" } else { "have" }
            ));
        }
        line
    }
}

fn no_templates(path: &std::path::Path, root: usize) -> PathProblem {
    let name = path.display().to_string();
    let problem = Problem::new(
        Code::IoNoTemplates,
        format!("{name} holds no template: nothing was checked there"),
    )
    .help("check the path for a typo; templates end in `.ktpl` or `.json` (more with `extensions` in ktpl.toml); pass `--allow-empty` if an empty folder is expected");
    PathProblem {
        name,
        problem,
        root,
    }
}
