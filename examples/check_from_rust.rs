//! Checking templates from Rust with ktpl's library, the way a service that stores its
//! users' templates would: read each file, check it with the `ktpl.toml` that applies
//! to it, and show the findings exactly as `ktpl check` prints them.
//!
//! ```sh
//! cargo run --example check_from_rust -- examples/maintenance_notice.ktpl
//! ```
//!
//! Exits 1 when a template has an error, as `ktpl check` does.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use ktpl::{Config, RenderStyle, Source, Vars};

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let mut out = std::io::stdout().lock();
    match check_paths(&paths, &mut out) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

/// Checks every file in `paths`, writing each one's report to `out`; `Ok(true)` when
/// no template has an error.
pub fn check_paths(paths: &[String], out: &mut impl Write) -> Result<bool, String> {
    let mut clean = true;
    for path in paths.iter().map(Path::new) {
        // The settings `ktpl check` would use for this file.
        let config = Config::for_path(path).map_err(|error| error.to_string())?;
        let source = match Source::read(path) {
            Ok(source) => source,
            // A file that cannot be read is a finding too, with the same code and text.
            Err(finding) => {
                writeln!(out, "{}: {}", finding.file, finding.message)
                    .map_err(|e| e.to_string())?;
                clean = false;
                continue;
            }
        };
        let report = ktpl::check(&source, &Vars::new(), &config);
        clean &= !report.has_errors();
        let text = ktpl::render(&source, &report.findings, RenderStyle::default());
        out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    }
    Ok(clean)
}
