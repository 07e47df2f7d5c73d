//! `ktpl preview`: every template as a Kakao Talk bubble in one HTML page, written to a
//! file or served live on 127.0.0.1.

#![allow(clippy::print_stderr)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::pipeline;
use crate::preview;
use crate::report::exit;
use crate::source::{SourceFile, SourceKind};

use super::args::{CommonArgs, PreviewArgs, VarArgs};
use super::input::{Configs, load_vars_and_config, read_source, stop_on_ctrl_c, usage_error};

pub(crate) fn preview(args: &PreviewArgs, vars: &VarArgs, common: &CommonArgs) -> u8 {
    let (vars, config) = match load_vars_and_config(vars, common) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    if args.serve {
        return serve(args, vars, config, common);
    }
    let (html, entries) = match page(&args.paths, &vars, &config, common, None) {
        Ok(page) => page,
        Err(PageError::Usage(message)) => return usage_error(&message),
        Err(PageError::Reported(code)) => return code,
    };
    let written = match args.output.as_deref() {
        Some(out) if out != Path::new("-") => std::fs::write(out, html.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", out.display())),
        _ => std::io::Write::write_all(&mut std::io::stdout(), html.as_bytes())
            .map_err(|e| format!("cannot write to standard output: {e}")),
    };
    if let Err(message) = written {
        return usage_error(&message);
    }
    let broken = entries.iter().filter(|e| e.has_errors()).count();
    eprintln!(
        "previewed {}; {} shown as diagnostics",
        crate::prose::count(entries.len() as u64, "template"),
        crate::prose::count(broken as u64, "template"),
    );
    exit::OK
}

/// Why no page was made.
enum PageError {
    /// To be reported as a usage error.
    Usage(String),
    /// Already reported on stderr (a broken `ktpl.toml`), with this exit code.
    Reported(u8),
}

/// The page for every template under `paths`, and its entries. Each file is checked
/// with its nearest `ktpl.toml`, as `check` does.
fn page(
    paths: &[PathBuf],
    vars: &BTreeMap<String, String>,
    config: &Config,
    common: &CommonArgs,
    live: Option<u64>,
) -> Result<(String, Vec<preview::Entry>), PageError> {
    let walk = crate::walk::template_files(paths, config);
    let files: Vec<PathBuf> = walk.targets.into_iter().map(|t| t.path).collect();
    let configs = Configs::load(common, config.clone(), &files).map_err(PageError::Reported)?;
    // A missing path or unreadable entry shows as its diagnostic, first.
    let mut entries: Vec<preview::Entry> = walk
        .problems
        .iter()
        .map(|found| {
            let source = SourceFile::new(found.name.clone(), "", SourceKind::Ktpl);
            preview::entry(&source, std::slice::from_ref(&found.problem), None)
        })
        .collect();
    let checked: Vec<preview::Entry> = files
        .par_iter()
        .map(|path| match read_source(path, common.stdin_format) {
            Ok(source) => {
                let checked = pipeline::check(&source, vars, configs.for_file(path));
                let template = checked.compiled.as_ref().map(|c| &c.value);
                preview::entry(&source, &checked.problems, template)
            }
            Err((source, problem)) => preview::entry(&source, &[problem], None),
        })
        .collect();
    entries.extend(checked);
    let html = preview::page(&entries, live)
        .map_err(|e| PageError::Usage(format!("cannot render the preview page: {e:#}")))?;
    Ok((html, entries))
}

fn serve(
    args: &PreviewArgs,
    vars: BTreeMap<String, String>,
    config: Config,
    common: &CommonArgs,
) -> u8 {
    if args.paths.iter().any(|p| p == Path::new("-")) {
        return usage_error("--serve watches files; it cannot read a template from stdin");
    }
    let watch = match crate::watch::Watch::new(&args.paths) {
        Ok(watch) => watch,
        Err(message) => return usage_error(&message),
    };
    let stop = match stop_on_ctrl_c() {
        Ok(stop) => stop,
        Err(message) => return usage_error(&message),
    };
    let paths = args.paths.clone();
    let common = common.clone();
    let build = move |generation| match page(&paths, &vars, &config, &common, Some(generation)) {
        Ok((html, _)) => html,
        // A folder or file that went away, or a broken `ktpl.toml` (already reported):
        // an empty page until it is back.
        Err(error) => {
            let message = match error {
                PageError::Usage(message) => {
                    eprintln!("error: {message}");
                    message
                }
                PageError::Reported(_) => "ktpl.toml could not be read".to_owned(),
            };
            preview::page(&[], Some(generation)).unwrap_or(message)
        }
    };
    let served = preview::serve::serve(args.port, build, watch, &stop, |address| {
        eprintln!("serving the preview on http://{address}/ (Ctrl-C stops)");
    });
    match served {
        Ok(()) => {
            eprintln!("stopped");
            exit::OK
        }
        Err(message) => usage_error(&message),
    }
}
