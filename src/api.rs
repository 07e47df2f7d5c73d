//! The library's entry points: for one source, what `ktpl check`, `ktpl compile`,
//! `ktpl fmt`, `ktpl import` and the human report do. Each is a thin door onto the
//! stages (`pipeline`, `fmt`, `import`, `report`), the same ones the commands use.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::compile::output::{to_js_json, to_json};
use crate::compile::span_map::SpanMap;
use crate::config::Config;
use crate::diagnostic::Problem;
use crate::finding::{Finding, findings};
use crate::report::human;
use crate::source::{SourceFile, SourceKind};
use crate::target::Target;
use crate::{import as import_stage, json_input, pipeline};

/// Values for the template's `${name}` variables, as `--var name=value` gives them
/// (they win over the source's own `let` lines).
pub type Vars = BTreeMap<String, String>;

/// What checking one template found.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Report {
    /// The `template_object`, when the template has no error.
    pub template: Option<Value>,
    /// Every finding, errors and warnings, sorted as `ktpl check` prints them (by
    /// position, then code).
    pub findings: Vec<Finding>,
}

impl Report {
    /// Whether any finding is an error (the template must not be sent).
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(Finding::is_error)
    }

    /// The template as JSON text in the order Kakao's docs list the keys (as
    /// [`Compiled::to_json`] writes it), when there is one. `template` itself is a
    /// `serde_json::Value`, whose maps sort their keys.
    #[must_use]
    pub fn template_json(&self, pretty: bool) -> Option<String> {
        self.template
            .as_ref()
            .map(|template| to_json(template, pretty))
    }

    /// A report of only `problems` about `source` (nothing compiled).
    fn of_problems(source: &SourceFile, problems: &[Problem]) -> Report {
        Report {
            template: None,
            findings: findings(source, problems),
        }
    }
}

/// A template compiled without errors.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Compiled {
    /// The `template_object`, as Kakao's REST API takes it.
    pub template: Value,
    /// The warnings found (none of them stops a send).
    pub warnings: Vec<Finding>,
}

impl Compiled {
    /// The template as JSON text in the order Kakao's docs list the keys, compact or
    /// indented: the bytes `ktpl compile` prints.
    #[must_use]
    pub fn to_json(&self, pretty: bool) -> String {
        to_json(&self.template, pretty)
    }

    /// The template as the object the JavaScript SDK's `Kakao.Share.sendDefault`
    /// takes (camelCase keys), as `ktpl compile --target js` prints it. The JavaScript
    /// SDK's own limits are checked by that command, not here.
    #[must_use]
    pub fn to_js(&self, pretty: bool) -> String {
        to_js_json(&self.template, pretty)
    }
}

/// Checks one source, as `ktpl check` does: parses (or reads the JSON), compiles,
/// validates against Kakao's rules and runs every lint, with `config`'s levels.
#[must_use]
pub fn check(source: &SourceFile, vars: &Vars, config: &Config) -> Report {
    let checked = pipeline::check(source, vars, config);
    Report {
        template: checked.template().map(|compiled| compiled.value.clone()),
        findings: findings(source, &checked.problems),
    }
}

/// Checks a template already in memory (a `serde_json::Value` your program built).
/// Its findings have no positions, but a `pointer` where one applies; their file is
/// `<template>`.
#[must_use]
pub fn check_value(value: &Value, config: &Config) -> Report {
    let source = SourceFile::new("<template>", "", SourceKind::Json);
    let mut value = value.clone();
    json_input::drop_schema_key(&mut value);
    let compiled = crate::compile::Compiled {
        value,
        spans: SpanMap::default(),
    };
    let checked = pipeline::check_compiled(compiled, Vec::new(), config, Target::Rest);
    Report {
        template: checked.template().map(|compiled| compiled.value.clone()),
        findings: findings(&source, &checked.problems),
    }
}

/// Compiles one source to the `template_object`, as `ktpl compile` does: the template
/// and its warnings, or, when any finding is an error, the whole report.
pub fn compile(source: &SourceFile, vars: &Vars, config: &Config) -> Result<Compiled, Report> {
    let report = check(source, vars, config);
    match report.template {
        Some(template) => Ok(Compiled {
            template,
            warnings: report.findings,
        }),
        None => Err(report),
    }
}

/// Formats one ktpl source as `ktpl fmt` does. A source with syntax errors is not
/// formatted: the report holds them (file `<input>`).
pub fn format(text: &str) -> Result<String, Report> {
    crate::fmt::format_source(text).map_err(|problems| {
        Report::of_problems(
            &SourceFile::new("<input>", text, SourceKind::Ktpl),
            &problems,
        )
    })
}

/// How [`import`] reads its input.
pub use crate::import::Options as ImportOptions;

/// Turns template JSON (REST, or the JavaScript SDK's object, even pasted as a
/// JavaScript literal with text around it) into ktpl source, as `ktpl import` does. A
/// template with errors, or with a value ktpl cannot write, gives the report instead
/// (file `<input>`, positions in `text`).
pub fn import(text: &str, options: &ImportOptions, config: &Config) -> Result<String, Report> {
    let imported = import_stage::import(text, *options, config);
    imported.source.ok_or_else(|| {
        Report::of_problems(
            &SourceFile::new("<input>", text, SourceKind::Json),
            &imported.problems,
        )
    })
}

/// The language of application code for [`import_code`] (by extension:
/// [`CodeLanguage::of`]), and the dialect of JavaScript.
#[cfg(feature = "import-code")]
pub use crate::import::{Dialect as CodeDialect, Language as CodeLanguage};

/// A ktpl variable of an imported template, standing for an expression of the code.
#[cfg(feature = "import-code")]
pub use crate::import::Variable as CodeVariable;

/// One template found in application code by [`import_code`].
#[cfg(feature = "import-code")]
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CodeTemplate {
    /// A name for it: the variable or function that holds it, else `template1`, ...
    pub name: String,
    /// The 1-based line it starts on.
    pub line: usize,
    /// The form it is written in (the JavaScript SDK's camelCase, or REST).
    pub form: Target,
    /// The ktpl source, when it has no error.
    pub source: Option<String>,
    /// Its findings (warnings too), positioned in the code.
    pub findings: Vec<Finding>,
    /// The variables the source uses, one per expression of the code.
    pub variables: Vec<CodeVariable>,
}

/// Finds every Kakao template in a JavaScript, TypeScript or Python file and turns each
/// into ktpl source, as `ktpl import FILE` does: values the code computes become
/// variables. `file` names the file in the comment above each source and in the
/// findings. A file that does not parse gives the report instead.
#[cfg(feature = "import-code")]
pub fn import_code(
    text: &str,
    language: CodeLanguage,
    file: &str,
    options: &ImportOptions,
    config: &Config,
) -> Result<Vec<CodeTemplate>, Report> {
    let imported = import_stage::import_code(text, language, file, *options, config);
    let source = SourceFile::new(file, text, SourceKind::Json);
    if !imported.problems.is_empty() {
        return Err(Report::of_problems(&source, &imported.problems));
    }
    Ok(imported
        .templates
        .into_iter()
        .map(|template| CodeTemplate {
            name: template.name,
            line: template.line,
            form: template.form,
            source: template.source,
            findings: findings(&source, &template.problems),
            variables: template.variables,
        })
        .collect())
}

/// How [`render`] draws a report.
pub use crate::report::human::Style as RenderStyle;

/// The human report of `findings` in `source`, exactly as `ktpl check` prints it: one
/// block per finding with the source excerpt underlined.
#[must_use]
pub fn render(source: &SourceFile, findings: &[Finding], style: RenderStyle) -> String {
    let problems: Vec<Problem> = findings.iter().filter_map(Finding::to_problem).collect();
    human::render(source, &problems, style)
}
