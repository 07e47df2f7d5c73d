//! `ktpl preview`: every template as a Kakao Talk bubble in one HTML page, written to a
//! file or served live on 127.0.0.1.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::pipeline;
use crate::preview;
use crate::report::exit;
use crate::source::{SourceFile, SourceKind};
use crate::workspace::{Files, Read};

use super::args::{CommonArgs, OnlineArgs, PreviewArgs, VarArgs};
use super::input::{load_vars, open_workspace, stop_on_ctrl_c, usage_error};
use super::online::Online;
use super::stdio::errln;

pub(crate) fn preview(
    args: &PreviewArgs,
    vars: &VarArgs,
    common: &CommonArgs,
    online: &OnlineArgs,
) -> u8 {
    if args.serve && online.online {
        return usage_error(
            "--online fetches once, for a written page; it cannot be combined with --serve",
        );
    }
    let mut online = match Online::start(online) {
        Ok(online) => online,
        Err(code) => return code,
    };
    let vars = match load_vars(vars) {
        Ok(vars) => vars,
        Err(message) => return usage_error(&message),
    };
    if args.serve {
        return serve(args, vars, common);
    }
    let (html, page) = match page(&args.paths, &vars, common, None, online.as_mut()) {
        Ok(page) => page,
        Err(PageError::Usage(message)) => return usage_error(&message),
        Err(PageError::Reported(code)) => return code,
    };
    let written = match args.output.as_deref() {
        Some(out) if !crate::source::is_dash(out) => std::fs::write(out, html.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", out.display())),
        _ => {
            super::stdio::write_stdout_bytes(html.as_bytes());
            Ok(())
        }
    };
    if let Err(message) = written {
        return usage_error(&message);
    }
    let broken = page.entries.iter().filter(|e| e.has_errors()).count();
    let mut summary = format!(
        "previewed {}; {} shown as diagnostics",
        crate::prose::count(page.entries.len() as u64, "template"),
        crate::prose::count(broken as u64, "template"),
    );
    if page.skipped > 0 {
        summary.push_str(&format!(
            " (skipped {} that {} no template keys)",
            crate::prose::count(page.skipped, "JSON file"),
            if page.skipped == 1 { "has" } else { "have" }
        ));
    }
    errln!("{summary}");
    exit::OK
}

/// What a page shows: its entries, and how many JSON files found in folders were not
/// templates (as `check` counts them).
struct Page {
    entries: Vec<preview::Entry>,
    skipped: u64,
}

/// Why no page was made.
enum PageError {
    /// To be reported as a usage error.
    Usage(String),
    /// Already reported on stderr (a broken `ktpl.toml`), with this exit code.
    Reported(u8),
}

/// The page for every template under `paths`, and what it shows. Each file is checked
/// with its nearest `ktpl.toml`, and a folder's JSON files that are not templates are
/// skipped, as `check` does: both open the same workspace. With `online`, its images
/// and links are fetched too, and the content image's real shape shown.
fn page(
    paths: &[PathBuf],
    vars: &BTreeMap<String, String>,
    common: &CommonArgs,
    live: Option<u64>,
    mut online: Option<&mut Online>,
) -> Result<(String, Page), PageError> {
    let workspace =
        open_workspace(paths, common, Files::Templates, None).map_err(PageError::Reported)?;
    // A missing path or unreadable entry shows as its diagnostic, first.
    let mut entries: Vec<preview::Entry> = workspace
        .path_problems()
        .iter()
        .map(|found| {
            let source = SourceFile::new(found.name.clone(), "", SourceKind::Ktpl);
            preview::entry(&source, std::slice::from_ref(&found.problem), None)
        })
        .collect();
    // Each file checked; `None` for a folder's JSON file that is not a template.
    let mut checked: Vec<Option<Result<(SourceFile, pipeline::Checked), preview::Entry>>> =
        workspace
            .entries()
            .par_iter()
            .map(|entry| match workspace.read(entry) {
                Read::Template(source) => {
                    let checked = pipeline::check(&source, vars, workspace.config_for(&entry.path));
                    Some(Ok((source, checked)))
                }
                Read::NotTemplate(_) => None,
                Read::Unreadable(source, problem) => {
                    Some(Err(preview::entry(&source, &[problem], None)))
                }
            })
            .collect();
    let skipped = checked.iter().filter(|checked| checked.is_none()).count() as u64;
    if let Some(online) = online.as_deref_mut() {
        online.probe(checked.iter().filter_map(|checked| match checked {
            Some(Ok((_, checked))) => Some(checked),
            _ => None,
        }));
        for (entry, checked) in workspace.entries().iter().zip(&mut checked) {
            if let Some(Ok((source, checked))) = checked {
                online.add_findings(source, vars, workspace.config_for(&entry.path), checked);
            }
        }
    }
    entries.extend(checked.into_iter().flatten().map(|checked| match checked {
        Ok((source, checked)) => {
            let template = checked.compiled.as_ref().map(|c| &c.value);
            let entry = preview::entry(&source, &checked.problems, template);
            let real = online
                .as_deref()
                .zip(template)
                .and_then(|(online, template)| online.content_image_size(template));
            entry.with_content_image_size(real)
        }
        Err(entry) => entry,
    }));
    let html = preview::page(&entries, live)
        .map_err(|e| PageError::Usage(format!("cannot render the preview page: {e:#}")))?;
    Ok((html, Page { entries, skipped }))
}

fn serve(args: &PreviewArgs, vars: BTreeMap<String, String>, common: &CommonArgs) -> u8 {
    if args.paths.iter().any(|p| crate::source::is_dash(p)) {
        return usage_error("--serve watches files; it cannot read a template from stdin");
    }
    // A broken `ktpl.toml` stops the server before it starts (later it shows an empty
    // page until the file is fixed).
    if let Err(code) = open_workspace(&args.paths, common, Files::Templates, None) {
        return code;
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
    let build = move |generation| match page(&paths, &vars, &common, Some(generation), None) {
        Ok((html, _)) => html,
        // A folder or file that went away, or a broken `ktpl.toml` (already reported):
        // an empty page until it is back.
        Err(error) => {
            let message = match error {
                PageError::Usage(message) => {
                    errln!("error: {message}");
                    message
                }
                PageError::Reported(_) => "ktpl.toml could not be read".to_owned(),
            };
            preview::page(&[], Some(generation)).unwrap_or(message)
        }
    };
    let served = preview::serve::serve(args.port, build, watch, &stop, |address| {
        errln!("serving the preview on http://{address}/ (Ctrl-C stops)");
    });
    match served {
        Ok(()) => {
            errln!("stopped");
            exit::OK
        }
        Err(message) => usage_error(&message),
    }
}
