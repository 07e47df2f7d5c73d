//! `ktpl check`: every template in files and folders, reported in the chosen format.

#![allow(clippy::print_stdout)]

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::code::Code;
use crate::diagnostic::Problem;
use crate::pipeline;
use crate::report::{self, exit, human};
use crate::source::{SourceFile, SourceKind};
use crate::walk::{PathProblem, Target};

use super::args::{CommonArgs, Format, OnlineArgs, VarArgs};
use super::input::{
    Configs, load_vars_and_config, read_source, stop_on_ctrl_c, style_for, usage_error,
};
use super::online::Online;

/// What checking one file produced, already formatted for the chosen output.
struct FileOutcome {
    errors: usize,
    warnings: usize,
    /// A problem with reading or walking a path, not with a template: exit 2.
    unreadable: bool,
    /// A JSON file found in a folder that is not a template (see `walk`).
    skipped: bool,
    root: usize,
    text: String,
    items: Vec<serde_json::Value>,
}

/// Files checked at once; bounds memory however many files there are.
const CHUNK: usize = 1024;

/// `check --watch`: checks, then checks again after every save until Ctrl-C.
pub(crate) fn check_watching(
    paths: &[PathBuf],
    format: Format,
    allow_empty: bool,
    vars: &VarArgs,
    common: &CommonArgs,
    online: &OnlineArgs,
) -> u8 {
    let watch = match crate::watch::Watch::new(paths) {
        Ok(watch) => watch,
        Err(message) => return usage_error(&message),
    };
    let stop = match stop_on_ctrl_c() {
        Ok(stop) => stop,
        Err(message) => return usage_error(&message),
    };
    let mut code = check(paths, format, allow_empty, vars, common, online);
    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
        if watch.changed_within(std::time::Duration::from_millis(100)) {
            println!("\n── a file changed: checking again ──\n");
            code = check(paths, format, allow_empty, vars, common, online);
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
    vars: &VarArgs,
    common: &CommonArgs,
    online: &OnlineArgs,
) -> u8 {
    let mut online = match Online::start(online) {
        Ok(online) => online,
        Err(code) => return code,
    };
    let (vars, config) = match load_vars_and_config(vars, common) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let walk = crate::walk::template_files(paths, &config);
    let files: Vec<PathBuf> = walk.targets.iter().map(|t| t.path.clone()).collect();
    let configs = match Configs::load(common, config, &files) {
        Ok(configs) => configs,
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
        }
    };
    let path_outcome = |found: &PathProblem| {
        let source = SourceFile::new(found.name.clone(), "", SourceKind::Ktpl);
        outcome(&source, std::slice::from_ref(&found.problem), found.root)
    };
    // A checked template, or the outcome of a file that holds none.
    let check_file = |target: &Target| -> Result<(SourceFile, pipeline::Checked), FileOutcome> {
        match read_source(&target.path, common.stdin_format) {
            Ok(source) => {
                if !target.given
                    && source.kind == SourceKind::Json
                    && !crate::walk::looks_like_template(&source.text)
                {
                    return Err(FileOutcome {
                        skipped: true,
                        ..outcome(&source, &[], target.root)
                    });
                }
                let checked = pipeline::check(&source, &vars, configs.for_file(&target.path));
                Ok((source, checked))
            }
            Err((source, problem)) => Err(outcome(&source, &[problem], target.root)),
        }
    };
    let check_one = |target: &Target| -> FileOutcome {
        match check_file(target) {
            Ok((source, checked)) => outcome(&source, &checked.problems.0, target.root),
            Err(outcome) => outcome,
        }
    };
    let mut out = Output {
        stdout: std::io::BufWriter::new(std::io::stdout().lock()),
        format,
        first_item: true,
        written: Ok(()),
        totals: Totals::default(),
        templates_per_root: vec![0; paths.len()],
        problem_per_root: vec![false; paths.len()],
    };
    out.written = match format {
        Format::Json => out.stdout.write_all(b"["),
        Format::Sarif => report::sarif::write_header(&mut out.stdout),
        Format::Human | Format::Github => Ok(()),
    };
    for found in &walk.problems {
        out.emit(path_outcome(found));
    }
    for chunk in walk.targets.chunks(CHUNK) {
        let outcomes: Vec<FileOutcome> = match online.as_mut() {
            // One file (a pre-commit hook's usual call) needs no thread pool: starting
            // its threads costs more than the check.
            None if walk.targets.len() == 1 => chunk.iter().map(check_one).collect(),
            None => chunk.par_iter().map(check_one).collect(),
            // The chunk's URLs are fetched together (each once per run), then each
            // file gets its findings.
            Some(online) => {
                let checked: Vec<_> = chunk.par_iter().map(check_file).collect();
                online.probe(
                    checked
                        .iter()
                        .filter_map(|c| c.as_ref().ok().map(|(_, c)| c)),
                );
                checked
                    .into_iter()
                    .zip(chunk)
                    .map(|(checked, target)| match checked {
                        Ok((source, mut checked)) => {
                            let config = configs.for_file(&target.path);
                            online.add_findings(&source, &vars, config, &mut checked);
                            outcome(&source, &checked.problems.0, target.root)
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
        Format::Json => stdout.write_all(if first_item { b"]\n" } else { b"\n]\n" }),
        Format::Sarif => report::sarif::write_footer(&mut stdout),
        Format::Human => writeln!(stdout, "{}", totals.summary()),
        Format::Github => Ok(()),
    });
    written = written.and_then(|()| stdout.flush());
    if written.is_err() || totals.unreadable {
        exit::USAGE
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
    /// The first write error, if any (a closed pipe): exit 2.
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
        if self.written.is_err() {
            return;
        }
        self.written = self.stdout.write_all(outcome.text.as_bytes());
        for item in outcome.items {
            let separator: &[u8] = if self.first_item { b"\n" } else { b",\n" };
            self.first_item = false;
            let text = if self.format == Format::Json {
                serde_json::to_string_pretty(&item)
            } else {
                serde_json::to_string(&item)
            }
            .unwrap_or_default();
            self.written = std::mem::replace(&mut self.written, Ok(()))
                .and_then(|()| self.stdout.write_all(separator))
                .and_then(|()| self.stdout.write_all(text.as_bytes()));
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
    }

    fn summary(&self) -> String {
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
