//! Import from application code: templates inside JavaScript, TypeScript, JSX and Python
//! files, with the values the code splices in turned into ktpl variables.
//!
//! Input: a file's text and its language. A front end per language (`js`, `python`)
//! parses it with a real parser and gives every template object it holds as a
//! [`found::Found`] tree (edits applied, spans kept). Here each tree becomes template
//! JSON with a span map and the table of run-time values, is checked like any template
//! (findings about a value known only at run time are left out: they depend on it), and
//! is written by the same builder and printer as JSON imports. Output: one source per
//! template, each with its variables, or problems at the lines of the code.

mod found;
mod js;
mod names;
mod python;
mod uses;

use std::collections::HashMap;
use std::path::Path;

use serde_json::{Map, Value};

use super::dynamic::{Dynamic, DynamicValue, TextPart};
use super::{Options, write};
use crate::code::Code;
use crate::compile::Compiled;
use crate::compile::span_map::{Origin, SpanMap, join, join_index};
use crate::config::Config;
use crate::diagnostic::{Problem, Problems};
use crate::fmt::tree::Comment;
use crate::kakao::js_sdk::rest_key_for_js;
use crate::pipeline;
use crate::span::{Lines, Span};
use crate::target::Target;

use found::{Found, Part, Shape};
pub use js::Dialect;

/// The languages import reads application code in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// JavaScript, TypeScript, JSX or TSX.
    JavaScript(Dialect),
    /// Python 3.
    Python,
}

impl Language {
    /// The language of a file, by its extension.
    #[must_use]
    pub fn of(path: &Path) -> Option<Language> {
        let extension = path.extension()?.to_str()?;
        Some(match extension {
            "js" | "mjs" | "cjs" | "jsx" => Language::JavaScript(Dialect::JavaScript),
            "ts" | "mts" | "cts" => Language::JavaScript(Dialect::TypeScript),
            "tsx" => Language::JavaScript(Dialect::Tsx),
            "py" => Language::Python,
            _ => return None,
        })
    }
}

/// Why a file in a language import does not read is out of scope, if it is one.
#[must_use]
pub(crate) fn out_of_scope(path: &Path) -> Option<&'static str> {
    match path.extension()?.to_str()? {
        "java" | "kt" | "kts" => Some(
            "Java and Kotlin are out of scope for `ktpl import`: templates there are built by setters on SDK objects (`FeedTemplate`, `Content`), not written as one literal; print the template's JSON from the app (Kakao's SDKs serialise it) and import that",
        ),
        _ => None,
    }
}

/// What importing one code file gave.
#[derive(Debug)]
pub struct ImportedFile {
    /// One entry per template found, in file order.
    pub templates: Vec<ImportedTemplate>,
    /// Problems with the file as a whole (it does not parse), with spans into it.
    pub problems: Problems,
}

/// One template found in a code file.
#[derive(Debug)]
pub struct ImportedTemplate {
    /// A name for it: the variable or function that holds it, else `template1`, ...
    /// (distinct within the file; letters, digits and `_` only).
    pub name: String,
    /// The 1-based line it starts on.
    pub line: usize,
    /// The form it is written in.
    pub form: Target,
    /// The ktpl source, when it can be written.
    pub source: Option<String>,
    /// Its problems (warnings too), with spans into the file.
    pub problems: Problems,
    /// The variables the source uses, one per expression of the code.
    pub variables: Vec<Variable>,
}

/// A ktpl variable standing for an expression of the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    /// Its ktpl name.
    pub name: String,
    /// The expression, as written in the code.
    pub expression: String,
    /// The 1-based line of its first use.
    pub line: usize,
}

/// A template object found by a front end.
#[derive(Debug)]
pub(crate) struct Root {
    /// The variable, field or key that holds it.
    pub(crate) name: Option<String>,
    /// The function it is made in.
    pub(crate) function: Option<String>,
    /// The object expression (or `Object.assign(...)` call).
    pub(crate) span: Span,
    /// Its value, edits applied.
    pub(crate) value: Found,
    /// What could not be read or followed.
    pub(crate) problems: Vec<Problem>,
    /// Reading stopped at a limit (an error in `problems` says where): the value is
    /// short of what the code builds, so it is neither checked nor written.
    pub(crate) cut: bool,
}

/// What a front end found in a file.
#[derive(Debug, Default)]
pub(crate) struct Finds {
    pub(crate) roots: Vec<Root>,
    /// Problems with the file itself (syntax).
    pub(crate) problems: Vec<Problem>,
}

impl Finds {
    fn failed(problem: Problem) -> Self {
        Finds {
            roots: Vec::new(),
            problems: vec![problem],
        }
    }
}

/// Imports every template in a code file. `file` names it in the comments written
/// into each source.
#[must_use]
pub fn import_code(
    text: &str,
    language: Language,
    file: &str,
    options: Options,
    config: &Config,
) -> ImportedFile {
    let finds = match language {
        Language::JavaScript(dialect) => js::find(text, dialect),
        Language::Python => python::find(text),
    };
    let lines = Lines::new(text);
    let names = names::template_names(&finds.roots);
    let templates = finds
        .roots
        .into_iter()
        .zip(names)
        .map(|(root, name)| import_root(text, &lines, root, name, file, options, config))
        .collect();
    let mut problems = Problems::from(finds.problems);
    problems.sort();
    ImportedFile {
        templates,
        problems,
    }
}

fn import_root(
    text: &str,
    lines: &Lines,
    root: Root,
    name: String,
    file: &str,
    options: Options,
    config: &Config,
) -> ImportedTemplate {
    let line = lines.line_of(root.span.start).0 + 1;
    let form = options.from.unwrap_or(if has_js_key(&root.value) {
        Target::Js
    } else {
        Target::Rest
    });
    if root.cut {
        let mut problems = Problems::from(root.problems);
        problems.sort();
        return ImportedTemplate {
            name,
            line,
            form,
            source: None,
            problems,
            variables: Vec::new(),
        };
    }
    let mut lowering = Lowering {
        text,
        form,
        spans: SpanMap::default(),
        dynamic: Dynamic::new(),
        variables: names::Variables::default(),
        problems: root.problems,
        dynamic_spans: Vec::new(),
    };
    let origin = Origin {
        key: Span::new(root.span.start, (root.span.start + 1).min(root.span.end)),
        ..Origin::at(root.span)
    };
    let value = lowering.value(&root.value, String::new(), origin);
    if let Some(object_type) = lowering.dynamic.get("/object_type") {
        let at = lowering
            .spans
            .get("/object_type")
            .map_or(root.span, |origin| origin.value);
        lowering.problems.push(
            Problem::new(
                Code::ImportDynamicValue,
                format!(
                    "the template type comes from `{}`, known only when the code runs",
                    crate::prose::excerpt(&object_type.expression, 60)
                ),
            )
            .at(at, "the template type")
            .help("a ktpl source is one template type: write the type itself (`'feed'`, `'text'`, ...) in the code, then import again")
            .pointer("/object_type"),
        );
    }
    let variables: Vec<Variable> = lowering
        .variables
        .list()
        .into_iter()
        .map(|(name, expression, at)| Variable {
            name,
            expression,
            line: lines.line_of(at.start).0 + 1,
        })
        .collect();
    let Lowering {
        spans,
        dynamic,
        problems,
        dynamic_spans,
        ..
    } = lowering;
    let compiled = Compiled { value, spans };
    let mut checked = pipeline::check_compiled(compiled, problems, config, form);
    // A finding about a value known only at run time depends on that value.
    let mut kept = std::mem::take(&mut checked.problems).into_vec();
    kept.retain(|problem| {
        let by_pointer = problem.pointer.as_deref().is_some_and(|pointer| {
            dynamic.keys().any(|d| {
                pointer == d
                    || pointer
                        .strip_prefix(d.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
        });
        let by_span = problem.primary.as_ref().is_some_and(|(at, _)| {
            dynamic_spans
                .iter()
                .any(|d| d.start <= at.start && at.end <= d.end)
        });
        !(is_check(problem.code) && (by_pointer || by_span))
    });
    checked.problems = Problems::from(kept);
    let leading = comments(file, line, &name, &variables);
    let (source, problems) = write(checked, &dynamic, leading, root.span.start, options);
    ImportedTemplate {
        name,
        line,
        form,
        source,
        problems,
        variables,
    }
}

/// Whether a code comes from validation or the lints (rather than from reading).
fn is_check(code: Code) -> bool {
    let name = code.name();
    name.starts_with("ktpl::schema::")
        || name.starts_with("ktpl::lint::")
        || name.starts_with("ktpl::target::")
}

/// The comments above an imported template: where it came from, and what each
/// variable stands for.
fn comments(file: &str, line: usize, name: &str, variables: &[Variable]) -> Vec<Comment> {
    let comment = |text: String| Comment {
        text,
        blank_before: false,
    };
    let mut out = vec![comment(format!(
        "// Imported from {file}, line {line} (`{name}`)."
    ))];
    if !variables.is_empty() {
        out.push(comment(
            "// Variables (give each with `--var NAME=VALUE`), for what the code splices in:"
                .to_owned(),
        ));
        for variable in variables {
            out.push(comment(format!(
                "//   {}: `{}` (line {})",
                variable.name,
                crate::prose::excerpt(&one_line(&variable.expression), 80),
                variable.line
            )));
        }
    }
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether any key is the JavaScript SDK's camelCase name of a template key.
fn has_js_key(found: &Found) -> bool {
    match &found.value {
        Shape::Object(members) => members.iter().any(|member| {
            (member.key.chars().any(|c| c.is_ascii_uppercase())
                && rest_key_for_js(&member.key).is_some())
                || has_js_key(&member.value)
        }),
        Shape::Array(items) => items.iter().any(has_js_key),
        _ => false,
    }
}

/// A found tree to template JSON, its span map and its run-time values.
struct Lowering<'t> {
    text: &'t str,
    form: Target,
    spans: SpanMap,
    dynamic: Dynamic,
    variables: names::Variables,
    problems: Vec<Problem>,
    /// The spans of run-time values.
    dynamic_spans: Vec<Span>,
}

impl Lowering<'_> {
    fn value(&mut self, found: &Found, pointer: String, origin: Origin) -> Value {
        self.spans.insert(pointer.clone(), origin);
        match &found.value {
            Shape::Object(members) => {
                let mut map = Map::new();
                let mut seen: HashMap<String, Span> = HashMap::new();
                for member in members {
                    let key = match self.form {
                        Target::Js => rest_key_for_js(&member.key).unwrap_or(&member.key),
                        Target::Rest => &member.key,
                    }
                    .to_owned();
                    let child = join(&pointer, &key);
                    if let Some(first) = seen.insert(key.clone(), member.key_span) {
                        self.problems.push(
                            Problem::new(
                                Code::JsonDuplicateKey,
                                format!("`{key}` is given twice, in two spellings"),
                            )
                            .at(member.key_span, "given again here")
                            .also(first, "first given here")
                            .help("keep one of the two keys")
                            .pointer(child.clone()),
                        );
                    }
                    let origin = Origin {
                        key: member.key_span,
                        value: member.value.span,
                        node: member.span,
                    };
                    let value = self.value(&member.value, child, origin);
                    map.insert(key, value);
                }
                Value::Object(map)
            }
            Shape::Array(items) => Value::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(index, item)| {
                        self.value(item, join_index(&pointer, index), Origin::at(item.span))
                    })
                    .collect(),
            ),
            Shape::Text(text) => Value::String(text.clone()),
            Shape::Number(number) => Value::Number(number.clone()),
            Shape::Bool(value) => Value::Bool(*value),
            Shape::Null => Value::Null,
            Shape::Dynamic(parts) => {
                let mut placeholder = String::new();
                let mut text_parts = Vec::new();
                for part in parts {
                    match part {
                        Part::Text(text) => {
                            placeholder.push_str(text);
                            text_parts.push(TextPart::Text(text.clone()));
                        }
                        Part::Expr(expression, at) => {
                            let name = self.variables.name_for(expression, *at);
                            placeholder.push_str(&format!("${{{name}}}"));
                            text_parts.push(TextPart::Var(name));
                        }
                    }
                }
                self.dynamic_spans.push(found.span);
                self.dynamic.insert(
                    pointer,
                    DynamicValue {
                        parts: text_parts,
                        expression: found.span.read(self.text).to_owned(),
                    },
                );
                Value::String(placeholder)
            }
        }
    }
}

/// Where brackets first nest deeper than any real code around a template does: parsers
/// recurse per level, so such input is refused before it can exhaust the stack.
pub(crate) fn too_deep(text: &str) -> Option<usize> {
    const LIMIT: usize = 256;
    let mut depth = 0usize;
    for (at, byte) in text.bytes().enumerate() {
        match byte {
            b'{' | b'[' | b'(' => {
                depth += 1;
                if depth > LIMIT {
                    return Some(at);
                }
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

pub(crate) fn too_deep_problem(at: usize) -> Problem {
    Problem::new(
        Code::ImportCodeSyntax,
        "the code nests brackets too deeply to read",
    )
    .at(Span::new(at, at + 1), "too deep here")
    .help("import reads files whose brackets nest at most 256 deep")
}

/// An expression import cannot follow into a template value.
pub(crate) fn unfollowable(at: Span, what: &str, help: &str) -> Problem {
    Problem::new(Code::ImportUnfollowable, what.to_owned())
        .at(at, "import cannot follow this")
        .help(help.to_owned())
}

/// A change to the template's variable that import cannot apply in order.
pub(crate) fn edit_problem(name: &str, at: Span, context: &str, reassigned: bool) -> Problem {
    let what = if reassigned {
        format!("`{name}` is assigned again {context}")
    } else {
        format!("`{name}` is changed {context}")
    };
    Problem::new(Code::ImportDynamicEdit, what)
        .at(at, "changed here")
        .help("import applies changes made in straight-line code after the object (`x.key = ...`); make this one there, or put it in the object, then import again")
}

/// A static change made after the template was first used (`used`): what the code sends
/// there may not hold it.
pub(crate) fn late_edit_problem(name: &str, at: Span, used: Span) -> Problem {
    Problem::new(
        Code::ImportDynamicEdit,
        format!("`{name}` is changed after it is used"),
    )
    .at(at, "changed here")
    .also(used, "used here first")
    .help("import applies changes made before the template is sent or passed on; move this change above its first use (or into the object), then import again")
}

/// A constant the template reads (`at`) that the file changes (`changed`): what it holds
/// when the code sends the template is not known.
pub(crate) fn changed_constant_problem(name: &str, at: Span, changed: Span) -> Problem {
    Problem::new(
        Code::ImportUnfollowable,
        format!("`{name}` is changed elsewhere in the file, so what it holds here is not known"),
    )
    .at(at, "read here")
    .also(changed, "changed here")
    .help("import follows constants that are never changed: write the final value in the constant (or in the template), then import again")
}
