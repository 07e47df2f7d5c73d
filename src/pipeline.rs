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
    let mut checked = check_each(&[(source, config)], vars, target);
    checked.pop().expect("one checked source for one source")
}

/// [`check_for`] on many sources at once, each with its configuration: the same result
/// for each, in order. Each stage runs over every source before the next stage starts,
/// and each lint over every template before the next lint: a check's code is much
/// larger than the processor's instruction cache, and run file by file it was fetched
/// again for every file (issue 20).
#[must_use]
pub(crate) fn check_each(
    sources: &[(&SourceFile, &Config)],
    vars: &BTreeMap<String, String>,
    target: Target,
) -> Vec<Checked> {
    // Raw JSON has no parse here: its first stage reads it without positions.
    let documents: Vec<Option<Result<syntax::ast::Document<'_>, Vec<Problem>>>> = sources
        .iter()
        .map(|(source, _)| (source.kind == SourceKind::Ktpl).then(|| syntax::parse(&source.text)))
        .collect();
    let staged: Vec<Staged<'_, '_>> = sources
        .iter()
        .zip(&documents)
        .map(|(&(source, config), document)| {
            let parsed = document
                .as_ref()
                .map(|document| document.as_ref().map_err(Vec::as_slice));
            (source, parsed, config)
        })
        .collect();
    checked_each(&staged, vars, target)
}

/// [`check`] of a ktpl source whose parse the caller already has (the language server
/// keeps each version's, and reads its outline for completion and hover).
#[must_use]
pub(crate) fn check_parsed(
    source: &SourceFile,
    parsed: Result<&syntax::ast::Document<'_>, &[Problem]>,
    vars: &BTreeMap<String, String>,
    config: &Config,
) -> Checked {
    let mut checked = checked_each(&[(source, Some(parsed), config)], vars, Target::Rest);
    checked.pop().expect("one checked source for one source")
}

/// One source as the stages take it: its text, its parse (`None` for raw JSON) and its
/// configuration.
type Staged<'s, 'd> = (
    &'s SourceFile,
    Option<Result<&'d syntax::ast::Document<'d>, &'d [Problem]>>,
    &'s Config,
);

/// [`check_each`], given the parses.
fn checked_each(
    sources: &[Staged<'_, '_>],
    vars: &BTreeMap<String, String>,
    target: Target,
) -> Vec<Checked> {
    stages(sources, vars)
        .into_iter()
        .zip(sources)
        .map(|((compiled, problems), &(source, _, config))| {
            let mut checked = finish(compiled, problems, config, target);
            checked.problems.settle_fixes(&source.text);
            checked
        })
        .collect()
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

/// The stages for each source, before the target's rules and the configured levels.
/// Most templates in a large repository are clean: each is first read without
/// positions, validated and linted ([`Fast`]), and only one with something to report
/// is read again with its positions ([`located_stages`]).
fn stages(
    sources: &[Staged<'_, '_>],
    vars: &BTreeMap<String, String>,
) -> Vec<(Option<Compiled>, Vec<Problem>)> {
    let fast: Vec<Fast> = sources
        .iter()
        .map(|&(source, parsed, config)| match parsed {
            Some(Err(_)) => Fast::Unreadable,
            Some(Ok(document)) => ktpl_before_lints(document, vars, config),
            None => json_before_lints(source),
        })
        .collect();
    let candidates: Vec<(&Compiled, &Config)> = fast
        .iter()
        .zip(sources)
        .filter_map(|(fast, &(_, _, config))| match fast {
            Fast::Valid(compiled, _) => Some((compiled, config)),
            Fast::Located(_) | Fast::Unreadable => None,
        })
        .collect();
    let mut lints = lint::lint_each(&candidates).into_iter();
    fast.into_iter()
        .zip(sources)
        .map(|(fast, &(source, parsed, config))| {
            let read = match fast {
                Fast::Valid(compiled, problems) => {
                    let found = lints.next().expect("lints for every candidate");
                    if config.apply_levels(found).is_empty() {
                        return (Some(compiled), problems);
                    }
                    Some(compiled.value)
                }
                Fast::Located(value) => Some(value),
                Fast::Unreadable => None,
            };
            located_stages(source, parsed, read, vars, config)
        })
        .collect()
}

/// The stages for one source that has something to report, with positions. `read` is
/// the template as the position-free pass read it, when it could (raw JSON keeps it and
/// only locates it; a ktpl source compiles again, recording spans).
fn located_stages(
    source: &SourceFile,
    parsed: Option<Result<&syntax::ast::Document<'_>, &[Problem]>>,
    read: Option<serde_json::Value>,
    vars: &BTreeMap<String, String>,
    config: &Config,
) -> (Option<Compiled>, Vec<Problem>) {
    let mut template_span = None;
    let (compiled, mut problems) = match parsed {
        Some(Err(problems)) => (None, problems.to_vec()),
        Some(Ok(document)) => {
            template_span = Some(document.template.span);
            let (compiled, problems) = compile::compile(document, vars, Spans::Record);
            (Some(compiled), problems)
        }
        None => match read {
            Some(value) => {
                let (spans, problems) = json_input::locate(&source.text);
                (Some(Compiled { value, spans }), problems)
            }
            None => json_input::read(&source.text),
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

/// What the position-free first pass made of a source, before its lints.
enum Fast {
    /// Compiled and valid, with nothing to report but compile warnings (which carry
    /// their own spans): clean unless its lints find something.
    Valid(Compiled, Vec<Problem>),
    /// Something to report that needs positions: only they are missing.
    Located(serde_json::Value),
    /// Not readable as a template (bad JSON, duplicate key, syntax or compile errors):
    /// the full path explains it.
    Unreadable,
}

/// A ktpl template compiled without a span map, then validated. Otherwise the caller
/// compiles again recording them.
fn ktpl_before_lints(
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
    if !validate::is_valid(&compiled.value) {
        return Fast::Located(compiled.value);
    }
    Fast::Valid(compiled, problems)
}

/// Raw JSON read without positions, then validated.
fn json_before_lints(source: &SourceFile) -> Fast {
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
    Fast::Valid(compiled, Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checked together, sources find what each finds checked alone: the same
    /// problems in the same order and the same template, each with its own
    /// configuration (the golden corpus in both forms, half of it broken, two thirds of
    /// it under the golden `ktpl.toml`), in one batch and in batches of 16.
    #[test]
    fn checking_many_at_once_finds_what_checking_each_finds() {
        let golden = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden");
        let configured = Config::load(&golden.join("ktpl.toml")).expect("the golden config");
        let default = Config::default();
        let mut sources = Vec::new();
        for (form, kind) in [("json", SourceKind::Json), ("ktpl", SourceKind::Ktpl)] {
            let mut paths: Vec<_> = std::fs::read_dir(golden.join(form))
                .expect("the golden folder")
                .map(|entry| entry.expect("a golden file").path())
                .collect();
            paths.sort();
            for path in paths {
                let text = std::fs::read_to_string(&path).expect("a golden file");
                sources.push(SourceFile::new(path.display().to_string(), text, kind));
            }
        }
        let sources: Vec<(&SourceFile, &Config)> = sources
            .iter()
            .enumerate()
            .map(|(i, source)| (source, if i % 3 == 0 { &default } else { &configured }))
            .collect();
        let vars = BTreeMap::new();
        let alone: Vec<Checked> = sources
            .iter()
            .map(|&(source, config)| check_for(source, &vars, config, Target::Rest))
            .collect();
        let in_one = check_each(&sources, &vars, Target::Rest);
        let in_sixteens: Vec<Checked> = sources
            .chunks(16)
            .flat_map(|batch| check_each(batch, &vars, Target::Rest))
            .collect();
        assert_eq!(in_one.len(), sources.len());
        assert_eq!(in_sixteens.len(), sources.len());
        for (((source, _), alone), (in_one, in_sixteens)) in sources
            .iter()
            .zip(&alone)
            .zip(in_one.iter().zip(&in_sixteens))
        {
            for together in [in_one, in_sixteens] {
                assert_eq!(
                    format!("{:?}", together.problems),
                    format!("{:?}", alone.problems),
                    "{}",
                    source.name
                );
                assert_eq!(
                    together.compiled.as_ref().map(|c| &c.value),
                    alone.compiled.as_ref().map(|c| &c.value),
                    "{}",
                    source.name
                );
            }
        }
        assert!(alone.iter().any(|checked| checked.problems.is_empty()));
        assert!(alone.iter().any(|checked| checked.problems.has_errors()));
    }

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
