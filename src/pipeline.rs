//! The whole pipeline for one source: parse or read, compile, validate, lint.

use std::collections::BTreeMap;

use crate::code::Code;
use crate::compile::span_map::SpanMap;
use crate::compile::{self, Compiled};
use crate::config::Config;
use crate::diagnostic::{Problem, Problems};
use crate::source::{SourceFile, SourceKind};
use crate::span::Span;
use crate::target::Target;
use crate::{json_input, lint, strict_json, syntax, validate};

/// What checking one source found.
#[derive(Debug)]
pub struct Checked {
    /// The template JSON, when the source could be read that far. For a raw JSON
    /// template without problems the span map is left empty (nothing to point at).
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

/// Runs every stage that makes sense on `source`. After syntax errors nothing else
/// runs. After compile errors the parts that did compile are still validated and linted
/// (as rustc keeps checking after an error), without the findings the broken parts
/// cause: see [`Broken`].
#[must_use]
pub fn check(source: &SourceFile, vars: &BTreeMap<String, String>, config: &Config) -> Checked {
    match source.kind {
        SourceKind::Ktpl => {
            let parsed = syntax::parse(&source.text);
            check_parsed(source, parsed.as_ref().map_err(Vec::as_slice), vars, config)
        }
        SourceKind::Json => check_read(source, None, vars, config),
    }
}

/// [`check`] of a ktpl source whose parse the caller already has (the language server
/// keeps each version's).
#[must_use]
pub fn check_parsed(
    source: &SourceFile,
    parsed: Result<&syntax::ast::Document<'_>, &[Problem]>,
    vars: &BTreeMap<String, String>,
    config: &Config,
) -> Checked {
    check_read(source, Some(parsed), vars, config)
}

/// [`check`], given the parse of a ktpl source; `None` for raw JSON.
fn check_read(
    source: &SourceFile,
    parsed: Option<Result<&syntax::ast::Document<'_>, &[Problem]>>,
    vars: &BTreeMap<String, String>,
    config: &Config,
) -> Checked {
    let mut template_span = None;
    let (compiled, mut problems) = match parsed {
        Some(parsed) => match parsed {
            Err(problems) => (None, problems.to_vec()),
            Ok(document) => match check_ktpl_fast(document, vars, config) {
                Fast::Clean(mut checked) => {
                    checked.problems.sort();
                    return checked;
                }
                Fast::Located(_) | Fast::Unreadable => {
                    template_span = Some(document.template.span);
                    let (compiled, problems) = compile::compile(document, vars, true);
                    (Some(compiled), problems)
                }
            },
        },
        None => match check_json_fast(source, config) {
            Fast::Clean(checked) => return checked,
            Fast::Located(value) => {
                let (spans, problems) = json_input::locate(&source.text);
                (Some(Compiled { value, spans }), problems)
            }
            Fast::Unreadable => json_input::read(&source.text),
        },
    };
    if let Some(compiled) = compiled.as_ref() {
        if source.kind == SourceKind::Ktpl && problems.iter().any(Problem::is_error) {
            if let Some(broken) = Broken::find(compiled, &problems, template_span) {
                let mut findings = validate::validate(compiled);
                findings.extend(lint::lint(compiled, config));
                findings.retain(|finding| !broken.explains(finding));
                problems.extend(findings);
            }
        } else {
            problems.extend(validate::validate(compiled));
            problems.extend(lint::lint(compiled, config));
        }
    }
    let mut problems = Problems(config.apply_levels(problems));
    problems.sort();
    Checked { compiled, problems }
}

/// The template of `source` with its span map, for a later stage (`online`) that has
/// something to point at in a template `check` passed without positions. `None` when
/// the source does not parse.
#[must_use]
pub fn located(source: &SourceFile, vars: &BTreeMap<String, String>) -> Option<Compiled> {
    match source.kind {
        SourceKind::Ktpl => {
            let document = syntax::parse(&source.text).ok()?;
            Some(compile::compile(&document, vars, true).0)
        }
        SourceKind::Json => json_input::read(&source.text).0,
    }
}

/// `check` for a target: the JavaScript SDK's rules replace the REST API's where they
/// differ (`validate::js_sdk`).
#[must_use]
pub fn check_for(
    source: &SourceFile,
    vars: &BTreeMap<String, String>,
    config: &Config,
    target: Target,
) -> Checked {
    let mut checked = check(source, vars, config);
    if target == Target::Js
        && let Some(compiled) = &checked.compiled
    {
        let problems = std::mem::take(&mut checked.problems.0);
        checked.problems =
            Problems(config.apply_levels(validate::js_sdk::adjust(compiled, problems)));
        checked.problems.sort();
    }
    checked
}

/// Validation and lints for a template read some other way (`import` reads pasted
/// JavaScript objects), with the same configuration and order as `check`.
#[must_use]
pub fn check_compiled(
    compiled: Compiled,
    mut problems: Vec<Problem>,
    config: &Config,
    target: Target,
) -> Checked {
    if !problems.iter().any(Problem::is_error) {
        problems.extend(validate::validate(&compiled));
        problems.extend(lint::lint(&compiled, config));
    }
    if target == Target::Js {
        problems = validate::js_sdk::adjust(&compiled, problems);
    }
    let mut problems = Problems(config.apply_levels(problems));
    problems.sort();
    Checked {
        compiled: Some(compiled),
        problems,
    }
}

/// Past this many compile errors a file is more broken than whole, and matching every
/// finding against every error would cost their product: later stages are skipped.
const MOST_ERRORS: usize = 64;

/// The parts of a template its compile errors broke, so that later findings they cause
/// are not reported: fixing the error changes them.
struct Broken {
    /// Where each compile error is.
    spans: Vec<Span>,
    /// The innermost object around each error: a field dropped there can make it miss
    /// a required field or look empty.
    objects: Vec<String>,
}

impl Broken {
    /// `None` when nothing later stages find could be trusted: the template itself did
    /// not compile, variables ran past their bound (every later `${}` is empty), or an
    /// error sits in a `let` line (every use of that variable is broken).
    fn find(compiled: &Compiled, problems: &[Problem], template: Option<Span>) -> Option<Broken> {
        let template = template?;
        if !compiled.value.is_object() {
            return None;
        }
        let mut spans = Vec::new();
        for problem in problems.iter().filter(|p| p.is_error()) {
            if spans.len() == MOST_ERRORS {
                return None;
            }
            let (span, _) = problem.primary.clone()?;
            let inside = template.start <= span.start && span.end <= template.end;
            if problem.code == Code::CompileExpansionTooLarge || !inside {
                return None;
            }
            spans.push(span);
        }
        let objects = spans
            .iter()
            .filter_map(|span| innermost_object(compiled, *span))
            .collect();
        Some(Broken { spans, objects })
    }

    /// Whether `finding` is about a broken part.
    fn explains(&self, finding: &Problem) -> bool {
        let overlaps = finding.primary.as_ref().is_some_and(|(span, _)| {
            self.spans
                .iter()
                .any(|broken| span.start < broken.end && broken.start < span.end)
        });
        overlaps
            || finding
                .pointer
                .as_ref()
                .is_some_and(|pointer| self.objects.contains(pointer))
    }
}

/// The pointer of the deepest object whose source contains `span`.
fn innermost_object(compiled: &Compiled, span: Span) -> Option<String> {
    compiled
        .spans
        .pointers()
        .filter(|pointer| {
            compiled.spans.get(pointer).is_some_and(|origin| {
                origin.node.start <= span.start && span.end <= origin.node.end
            }) && compiled
                .value
                .pointer(pointer)
                .is_some_and(serde_json::Value::is_object)
        })
        .max_by_key(|pointer| pointer.matches('/').count())
        .map(str::to_owned)
}

/// What a position-free first pass found.
enum Fast {
    /// Nothing to report (but warnings that carry their own spans): done.
    Clean(Checked),
    /// Something to report that needs positions: only they are missing.
    Located(serde_json::Value),
    /// Not readable as a template (bad JSON, duplicate key, compile errors): the full
    /// path explains it.
    Unreadable,
}

/// A ktpl template compiled without a span map, then validated and linted: when nothing
/// but compile warnings turns up, no spans were needed. Otherwise the caller compiles
/// again recording them.
fn check_ktpl_fast(
    document: &crate::syntax::ast::Document,
    vars: &BTreeMap<String, String>,
    config: &Config,
) -> Fast {
    let (compiled, problems) = compile::compile(document, vars, false);
    let problems = config.apply_levels(problems);
    if problems.iter().any(Problem::is_error) {
        return Fast::Unreadable;
    }
    if !validate::is_valid(&compiled.value)
        || !config
            .apply_levels(lint::lint(&compiled, config))
            .is_empty()
    {
        return Fast::Located(compiled.value);
    }
    Fast::Clean(Checked {
        compiled: Some(compiled),
        problems: Problems(problems),
    })
}

/// Raw JSON that parses, validates and lints clean in one pass needs no positions:
/// most templates in a large repository take this path.
fn check_json_fast(source: &SourceFile, config: &Config) -> Fast {
    let text = source.text.strip_prefix('\u{feff}').unwrap_or(&source.text);
    let Ok(mut value) = strict_json::from_str(text) else {
        return Fast::Unreadable;
    };
    json_input::drop_schema_key(&mut value);
    if !validate::is_valid(&value) {
        return Fast::Located(value);
    }
    let compiled = Compiled {
        value,
        spans: SpanMap::default(),
    };
    if !config
        .apply_levels(lint::lint(&compiled, config))
        .is_empty()
    {
        return Fast::Located(compiled.value);
    }
    Fast::Clean(Checked {
        compiled: Some(compiled),
        problems: Problems::default(),
    })
}
