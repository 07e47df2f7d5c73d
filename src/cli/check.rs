//! `ktpl check`: every template in files and folders, reported in the chosen format.

#![allow(clippy::print_stdout)]

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::code::Code;
use crate::pipeline;
use crate::report::{self, exit, human};

use super::args::{CommonArgs, Format, VarArgs};
use super::input::{
    Configs, load_config, load_vars, read_source, stop_on_ctrl_c, style_for, usage_error,
};

/// What checking one file produced, already formatted for the chosen output.
struct FileOutcome {
    errors: usize,
    warnings: usize,
    unreadable: bool,
    text: String,
    items: Vec<serde_json::Value>,
}

/// Files checked at once; bounds memory however many files there are.
const CHUNK: usize = 1024;

/// `check --watch`: checks, then checks again after every save until Ctrl-C.
pub(crate) fn check_watching(
    paths: &[PathBuf],
    format: Format,
    vars: &VarArgs,
    common: &CommonArgs,
) -> u8 {
    let watch = match crate::watch::Watch::new(paths) {
        Ok(watch) => watch,
        Err(message) => return usage_error(&message),
    };
    let stop = match stop_on_ctrl_c() {
        Ok(stop) => stop,
        Err(message) => return usage_error(&message),
    };
    let mut code = check(paths, format, vars, common);
    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
        if watch.changed_within(std::time::Duration::from_millis(100)) {
            println!("\n── a file changed: checking again ──\n");
            code = check(paths, format, vars, common);
        }
    }
    // Stopped by hand: the last check's result, as a plain `check` would give.
    code
}

pub(crate) fn check(paths: &[PathBuf], format: Format, vars: &VarArgs, common: &CommonArgs) -> u8 {
    let vars = match load_vars(vars) {
        Ok(vars) => vars,
        Err(message) => return usage_error(&message),
    };
    let config = match load_config(common) {
        Ok(config) => config,
        Err(code) => return code,
    };
    let files = match crate::walk::template_files(paths, &config) {
        Ok(files) => files,
        Err(message) => return usage_error(&message),
    };
    let configs = match Configs::load(common, config, &files) {
        Ok(configs) => configs,
        Err(code) => return code,
    };
    let style = style_for(common, std::io::stdout().is_terminal());
    let check_one = |path: &PathBuf| -> FileOutcome {
        let (source, problems) = match read_source(path) {
            Ok(source) => {
                let checked = pipeline::check(&source, &vars, configs.for_file(path));
                (source, checked.problems.0)
            }
            Err((source, problem)) => (source, vec![problem]),
        };
        let (text, items) = match format {
            Format::Human => (human::render(&source, &problems, style), Vec::new()),
            Format::Github => (report::github::annotations(&source, &problems), Vec::new()),
            Format::Json => (
                String::new(),
                report::json::problems(&source, &problems)
                    .into_iter()
                    .filter_map(|p| serde_json::to_value(p).ok())
                    .collect(),
            ),
            Format::Sarif => (String::new(), report::sarif::results(&source, &problems)),
        };
        FileOutcome {
            errors: problems.iter().filter(|p| p.is_error()).count(),
            warnings: problems.iter().filter(|p| !p.is_error()).count(),
            unreadable: problems.iter().any(|p| p.code == Code::IoRead),
            text,
            items,
        }
    };
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let (mut errors, mut warnings, mut unreadable) = (0usize, 0usize, false);
    let mut first_item = true;
    let mut written = match format {
        Format::Json => stdout.write_all(b"["),
        Format::Sarif => report::sarif::write_header(&mut stdout),
        Format::Human | Format::Github => Ok(()),
    };
    for chunk in files.chunks(CHUNK) {
        let outcomes: Vec<FileOutcome> = chunk.par_iter().map(check_one).collect();
        for outcome in outcomes {
            errors += outcome.errors;
            warnings += outcome.warnings;
            unreadable |= outcome.unreadable;
            written = written.and_then(|()| stdout.write_all(outcome.text.as_bytes()));
            for item in outcome.items {
                let separator: &[u8] = if first_item { b"\n" } else { b",\n" };
                first_item = false;
                let text = if format == Format::Json {
                    serde_json::to_string_pretty(&item)
                } else {
                    serde_json::to_string(&item)
                }
                .unwrap_or_default();
                written = written
                    .and_then(|()| stdout.write_all(separator))
                    .and_then(|()| stdout.write_all(text.as_bytes()));
            }
        }
    }
    written = written.and_then(|()| match format {
        Format::Json => stdout.write_all(if first_item { b"]\n" } else { b"\n]\n" }),
        Format::Sarif => report::sarif::write_footer(&mut stdout),
        Format::Human => writeln!(
            stdout,
            "checked {}: {}, {}",
            crate::prose::count(files.len() as u64, "file"),
            crate::prose::count(errors as u64, "error"),
            crate::prose::count(warnings as u64, "warning"),
        ),
        Format::Github => Ok(()),
    });
    written = written.and_then(|()| stdout.flush());
    if written.is_err() || unreadable {
        exit::USAGE
    } else if errors > 0 {
        exit::PROBLEMS
    } else {
        exit::OK
    }
}
