//! The whole pipeline for one source: parse or read, compile, validate, lint.

use std::collections::BTreeMap;

use crate::code::{Code, Severity};
use crate::compile::span_map::SpanMap;
use crate::compile::{self, Compiled, Spans};
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

/// Runs every stage that makes sense on `source`, for Kakao's REST API: `check_for`
/// with [`Target::Rest`].
#[must_use]
pub fn check(source: &SourceFile, vars: &BTreeMap<String, String>, config: &Config) -> Checked {
    check_for(source, vars, config, Target::Rest)
}

/// Runs every stage that makes sense on `source`, with `target`'s rules. After syntax
/// errors nothing else runs. After compile errors the parts that did compile are still
/// validated and linted (as rustc keeps checking after an error), without the findings
/// the broken parts cause: see [`Broken`].
#[must_use]
pub(crate) fn check_for(
    source: &SourceFile,
    vars: &BTreeMap<String, String>,
    config: &Config,
    target: Target,
) -> Checked {
    let (compiled, problems) = stages(source, vars, config);
    let mut checked = finish(compiled, problems, config, target);
    checked.problems.settle_fixes(&source.text);
    checked
}

/// The template of `source` with its span map, for a later stage (`online`) that has
/// something to point at in a template `check` passed without positions. `None` when
/// the source does not parse.
#[cfg(feature = "online")]
#[must_use]
pub(crate) fn located(source: &SourceFile, vars: &BTreeMap<String, String>) -> Option<Compiled> {
    match source.kind {
        SourceKind::Ktpl => {
            let document = syntax::parse(&source.text).ok()?;
            Some(compile::compile(&document, vars, Spans::Record).0)
        }
        SourceKind::Json => json_input::read(&source.text).0,
    }
}

/// Validation and lints for a template read some other way (`import` reads pasted
/// JavaScript objects; the library checks values in memory), with the same rules,
/// configuration and order as `check_for`.
#[must_use]
pub(crate) fn check_compiled(
    compiled: Compiled,
    mut problems: Vec<Problem>,
    config: &Config,
    target: Target,
) -> Checked {
    if !problems.iter().any(Problem::is_error) {
        problems.extend(validate::validate(&compiled));
        problems.extend(lint::lint(&compiled, config));
    }
    finish(Some(compiled), problems, config, target)
}

/// The one order every entry point ends in: the target's rules replace the REST
/// API's where they differ (`validate::js_sdk`), then the configured levels apply (so
/// they reach the target's own findings too), then the problems are sorted.
fn finish(
    compiled: Option<Compiled>,
    mut problems: Vec<Problem>,
    config: &Config,
    target: Target,
) -> Checked {
    if target == Target::Js
        && let Some(compiled) = &compiled
    {
        problems = validate::js_sdk::adjust(compiled, problems);
    }
    let mut problems = Problems::from(config.apply_levels(problems));
    problems.sort();
    Checked { compiled, problems }
}

/// The stages for one source, before the target's rules and the configured levels.
fn stages(
    source: &SourceFile,
    vars: &BTreeMap<String, String>,
    config: &Config,
) -> (Option<Compiled>, Vec<Problem>) {
    let mut template_span = None;
    let (compiled, mut problems) = match source.kind {
        SourceKind::Ktpl => match syntax::parse(&source.text) {
            Err(problems) => (None, problems),
            Ok(document) => match check_ktpl_fast(&document, vars, config) {
                Fast::Clean(compiled, problems) => return (Some(compiled), problems),
                Fast::Located(_) | Fast::Unreadable => {
                    template_span = Some(document.template.span);
                    let (compiled, problems) = compile::compile(&document, vars, Spans::Record);
                    (Some(compiled), problems)
                }
            },
        },
        SourceKind::Json => match check_json_fast(source, config) {
            Fast::Clean(compiled, problems) => return (Some(compiled), problems),
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
    (compiled, problems)
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
    /// Nothing to report but compile warnings, which carry their own spans: done.
    Clean(Compiled, Vec<Problem>),
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
    let (compiled, problems) = compile::compile(document, vars, Spans::Skip);
    if problems
        .iter()
        .any(|problem| config.severity(problem.code) == Some(Severity::Error))
    {
        return Fast::Unreadable;
    }
    if !validate::is_valid(&compiled.value)
        || !config
            .apply_levels(lint::lint(&compiled, config))
            .is_empty()
    {
        return Fast::Located(compiled.value);
    }
    Fast::Clean(compiled, problems)
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
    Fast::Clean(compiled, Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JavaScript SDK's own findings take the configured level through every
    /// entry point: the target's rules come before the levels in all of them.
    #[test]
    fn every_entry_point_applies_the_target_rules_then_the_levels() {
        let config = Config::parse("[lints]\n\"ktpl::target::js_share_url_long\" = \"error\"\n")
            .expect("valid config");
        let text = format!(
            r#"{{"object_type": "text", "text": "{}", "link": {{"web_url": "https://a.example"}}}}"#,
            "가".repeat(1_200)
        );
        let source = SourceFile::new("t.json", text.as_str(), SourceKind::Json);
        let (compiled, problems) = json_input::read(&text);
        let compiled = compiled.expect("valid JSON");
        for checked in [
            check_for(&source, &BTreeMap::new(), &config, Target::Js),
            check_compiled(compiled, problems, &config, Target::Js),
        ] {
            let url = checked
                .problems
                .iter()
                .find(|problem| problem.code == Code::TargetJsShareUrlLong)
                .expect("the share URL is too long for the JavaScript SDK");
            assert!(url.is_error(), "{url:?}");
        }
        assert!(
            !check(&source, &BTreeMap::new(), &config)
                .problems
                .iter()
                .any(|problem| problem.code == Code::TargetJsShareUrlLong),
            "REST has no such limit"
        );
    }
}
