//! `check --fix` and `check --diff`: each file's fixes applied (`crate::fixer`), then
//! written back in place with `fmt`'s atomic writer or shown as a unified diff, with a
//! note on standard error of what was fixed. Shared by `check`'s walk and its stdin.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::code::Code;
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::fixer::{self, MAX_ROUNDS, Which};
use crate::pipeline;
use crate::report::{exit, human};
use crate::source::SourceFile;
use crate::workspace::{Files, Read, Workspace};

use super::args::{CommonArgs, FixArgs, Format, VarArgs};
use super::input::{load_vars, report_config_error, style_for, usage_error, workspace_options};
use super::stdio::err;

/// What `check` does with fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// `--fix`: apply them, then report what is left.
    Fix(Which),
    /// `--diff`: show them, write nothing.
    Diff(Which),
}

impl Mode {
    /// The mode the flags ask for; `None` for a plain check.
    pub(crate) fn from_args(args: &FixArgs) -> Result<Option<Mode>, String> {
        let which = if args.unsafe_fixes {
            Which::All
        } else {
            Which::Safe
        };
        match (args.fix, args.diff) {
            (_, true) => Ok(Some(Mode::Diff(which))),
            (true, false) => Ok(Some(Mode::Fix(which))),
            (false, false) if args.unsafe_fixes => {
                Err("`--unsafe-fixes` goes with `--fix` or `--diff`".to_owned())
            }
            (false, false) => Ok(None),
        }
    }

    fn which(self) -> Which {
        match self {
            Mode::Fix(which) | Mode::Diff(which) => which,
        }
    }
}

/// What fixing one file did.
pub(crate) struct FileFix {
    /// The file as it now reads (for `--diff`: as it would).
    pub(crate) source: SourceFile,
    /// What is left in it.
    pub(crate) problems: Vec<Problem>,
    /// How many fixes were (or would be) applied.
    pub(crate) fixes: usize,
    /// For `--diff`: the unified diff, empty when nothing would change.
    pub(crate) diff: String,
    /// Lines for standard error: what was fixed, and what went wrong.
    pub(crate) notes: String,
    /// The fixed file could not be written.
    pub(crate) failed: bool,
}

/// Fixes one file read from `path` (`-`: never written).
pub(crate) fn fix_file(
    path: &Path,
    source: &SourceFile,
    vars: &BTreeMap<String, String>,
    config: &Config,
    mode: Mode,
) -> FileFix {
    let fixed = fixer::fix_source(source, vars, config, mode.which());
    let name = source.name.as_str();
    let mut notes = String::new();
    if fixed.changed() {
        let verb = match mode {
            Mode::Fix(_) => "fixed",
            Mode::Diff(_) => "would fix",
        };
        notes.push_str(&format!("{verb} {name}: {}\n", per_code(&fixed.applied)));
    }
    if fixed.unfinished {
        notes.push_str(&format!(
            "{name}: stopped after {MAX_ROUNDS} rounds of fixes with more to apply; run `ktpl check --fix` again\n"
        ));
    }
    if fixed.undone {
        notes.push_str(&format!(
            "{name}: a round of fixes was undone because it broke the template (a bug in ktpl; please report it)\n"
        ));
    }
    let mut outcome = FileFix {
        source: SourceFile::new(name, fixed.text.as_str(), source.kind),
        problems: Vec::new(),
        fixes: fixed.applied.values().sum(),
        diff: String::new(),
        notes,
        failed: false,
    };
    match mode {
        Mode::Diff(_) if fixed.changed() => {
            outcome.diff = unified_diff(name, &source.text, &fixed.text);
        }
        Mode::Fix(_) if fixed.changed() && !crate::source::is_dash(path) => {
            if let Err(message) = crate::write::write_file(path, &fixed.text) {
                outcome
                    .notes
                    .push_str(&format!("{message}; nothing was fixed in it\n"));
                outcome.failed = true;
                outcome.fixes = 0;
                outcome.source = source.clone();
                outcome.problems = pipeline::check(source, vars, config).problems.into_vec();
                return outcome;
            }
        }
        Mode::Fix(_) | Mode::Diff(_) => {}
    }
    outcome.problems = fixed.checked.problems.into_vec();
    outcome
}

/// `--fix` on standard input: the fixed text to standard output, what was fixed and
/// what is left to standard error (as a person reads it), the exit code as `check`'s.
pub(crate) fn fix_stdin(
    paths: &[PathBuf],
    format: Format,
    which: Which,
    vars: &VarArgs,
    common: &CommonArgs,
) -> u8 {
    if paths.len() > 1 {
        return usage_error(
            "`check --fix -` fixes standard input alone; give other paths in another run",
        );
    }
    if format != Format::Human {
        return usage_error(
            "`check --fix -` prints the fixed text on standard output, so findings go to standard error as text; leave out `--format`",
        );
    }
    let vars = match load_vars(vars) {
        Ok(vars) => vars,
        Err(message) => return usage_error(&message),
    };
    let stdin = Path::new("-");
    let workspace = match Workspace::one(stdin, &workspace_options(common, None), Files::Templates)
    {
        Ok(workspace) => workspace,
        Err(error) => return report_config_error(common, &error),
    };
    let style = style_for(common, std::io::stderr().is_terminal());
    let source = match workspace.read(&workspace.entries()[0]) {
        Read::Template(source) | Read::NotTemplate(source) => source,
        Read::Unreadable(source, problem) => {
            err!("{}", human::render(&source, &[problem], style));
            return exit::USAGE;
        }
    };
    let config = workspace.config_for(stdin);
    let fixed = fix_file(stdin, &source, &vars, config, Mode::Fix(which));
    if let Err(error) = std::io::stdout().write_all(fixed.source.text.as_bytes()) {
        return usage_error(&format!("cannot write to standard output: {error}"));
    }
    err!("{}", fixed.notes);
    err!("{}", human::render(&fixed.source, &fixed.problems, style));
    if fixed.problems.iter().any(Problem::is_error) {
        exit::PROBLEMS
    } else {
        exit::OK
    }
}

/// "1 × `ktpl::compile::unknown_field`, 2 × `ktpl::compile::wrong_type`" (without
/// the backticks).
fn per_code(applied: &BTreeMap<Code, usize>) -> String {
    applied
        .iter()
        .map(|(code, count)| format!("{count} × {code}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The diff `fmt --check` prints, from `before` to `after`.
pub(crate) fn unified_diff(name: &str, before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(name, name)
        .missing_newline_hint(true)
        .to_string()
}
