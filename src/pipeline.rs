//! The whole pipeline for one source: parse or read, compile, validate, lint.

use std::collections::BTreeMap;

use crate::compile::{self, Compiled};
use crate::config::Config;
use crate::diagnostic::{Problem, Problems};
use crate::source::{SourceFile, SourceKind};
use crate::{json_input, lint, syntax, validate};

/// What checking one source found.
#[derive(Debug)]
pub struct Checked {
    /// The template JSON, when the source could be read that far.
    pub compiled: Option<Compiled>,
    /// Every problem, in source order.
    pub problems: Problems,
}

impl Checked {
    /// The template, only when nothing is an error.
    #[must_use]
    pub fn template(&self) -> Option<&Compiled> {
        if self.problems.has_errors() {
            None
        } else {
            self.compiled.as_ref()
        }
    }
}

/// Runs every stage that makes sense on `source`. Stages after the first failing
/// one are skipped only when their findings would be noise (after syntax errors and
/// after compile errors, whose fix changes the JSON).
#[must_use]
pub fn check(source: &SourceFile, vars: &BTreeMap<String, String>, config: &Config) -> Checked {
    let (compiled, mut problems) = match source.kind {
        SourceKind::Ktpl => match syntax::parse(&source.text) {
            Err(problems) => (None, problems),
            Ok(document) => {
                let (compiled, problems) = compile::compile(&document, vars);
                (Some(compiled), problems)
            }
        },
        SourceKind::Json => json_input::read(&source.text),
    };
    let compile_failed = problems.iter().any(Problem::is_error) && source.kind == SourceKind::Ktpl;
    if let Some(compiled) = compiled.as_ref().filter(|_| !compile_failed) {
        problems.extend(validate::validate(compiled));
        problems.extend(lint::lint(compiled, config));
    }
    let mut problems = Problems(config.apply_levels(problems));
    problems.sort();
    Checked { compiled, problems }
}
