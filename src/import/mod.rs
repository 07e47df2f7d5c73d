//! Import: template JSON (REST `snake_case`, or the JavaScript SDK's `camelCase` object,
//! even pasted as a JS literal) to ktpl source.
//!
//! Input: the text of one template. It is read and checked like `check` reads a
//! `.json` file (same diagnostics; a loose JS/Python literal through the same stages),
//! then `build` writes it as the printer's tree, reading the field table, and `fmt`
//! prints it. The tree is the printer's own rather than `syntax::ast`, whose names
//! borrow from a source text import does not have. Output: source whose compiled JSON
//! equals the input (tested over every template we have), or problems and no source.

mod build;
#[cfg(feature = "import-code")]
mod code;
mod dynamic;
mod lets;

use serde_json::Value;

use crate::code::Code;
use crate::config::Config;
use crate::diagnostic::{Problem, Problems};
use crate::fmt::literal;
use crate::fmt::print::print;
use crate::fmt::tree::{Item, ItemKind, Tree};
use crate::kakao::js_sdk::rest_key_for_js;
use crate::pipeline;
use crate::source::{SourceFile, SourceKind};
use crate::span::Span;
use crate::target::Target;

#[cfg(feature = "import-code")]
pub(crate) use code::out_of_scope;
#[cfg(feature = "import-code")]
pub use code::{Dialect, ImportedFile, ImportedTemplate, Language, Variable, import_code};
use dynamic::Dynamic;
pub(crate) use dynamic::TextPart;

/// How to import.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// The input's form; detected from its keys when `None`.
    pub from: Option<Target>,
    /// Factor URL prefixes used three or more times into `let` variables.
    pub factor_lets: bool,
}

/// What importing one template gave.
#[derive(Debug)]
pub(crate) struct Imported {
    /// The ktpl source, when the input is a template ktpl can write.
    pub source: Option<String>,
    /// Every problem found (warnings too), with spans into the input text.
    pub problems: Problems,
}

/// Imports one template from its text.
#[must_use]
pub(crate) fn import(text: &str, options: Options, config: &Config) -> Imported {
    let Some(start) = text.find('{') else {
        let problem = Problem::new(Code::JsonSyntax, "no template object found")
            .at(Span::new(0, text.len().min(1)), "expected `{`")
            .help("give one template object, like `{\"object_type\": \"text\", ...}`");
        return Imported {
            source: None,
            problems: Problems::from(vec![problem]),
        };
    };
    // Text around the object (`Kakao.Share.sendDefault(` ... `);`) is not read; an
    // object never closed is read to the end, where the parser says what is missing.
    let end = text[start..]
        .rfind('}')
        .map_or(text.len(), |at| start + at + 1);
    let object = &text[start..end];
    let form = options.from.unwrap_or_else(|| detect(object));
    let strict = form == Target::Rest
        && serde_json::from_str::<Value>(text.strip_prefix('\u{feff}').unwrap_or(text)).is_ok();
    let checked = if strict {
        let source = SourceFile::new("<import>", text, SourceKind::Json);
        let mut checked = pipeline::check(&source, &std::collections::BTreeMap::new(), config);
        if let Some(compiled) = checked.compiled.as_mut()
            && compiled.spans.is_empty()
        {
            compiled.spans = crate::json_input::locate(text).0;
        }
        checked
    } else {
        let rename = |name: &str| match form {
            Target::Js => rest_key_for_js(name),
            Target::Rest => None,
        };
        let (compiled, mut problems) = crate::json_input::read_loose(object, start, &rename);
        // Fixes are written for `.ktpl` and `.json` text (`check --fix`); a pasted
        // JavaScript object is neither, so none is offered for it.
        for problem in &mut problems {
            problem.fixes.clear();
        }
        match compiled {
            Some(compiled) => {
                let mut checked = pipeline::check_compiled(compiled, problems, config, form);
                for problem in checked.problems.iter_mut() {
                    problem.fixes.clear();
                }
                checked
            }
            None => {
                return Imported {
                    source: None,
                    problems: Problems::from(problems),
                };
            }
        }
    };
    let (source, problems) = write(checked, &Dynamic::new(), Vec::new(), start, options);
    Imported { source, problems }
}

/// The source for a checked template (`dynamic`: its values known only at run time,
/// `leading`: comments to write above the template), or `None` and the problems when
/// anything is an error.
fn write(
    checked: pipeline::Checked,
    dynamic: &Dynamic,
    leading: Vec<crate::fmt::tree::Comment>,
    start: usize,
    options: Options,
) -> (Option<String>, Problems) {
    let mut problems = checked.problems;
    let Some(compiled) = checked.compiled.filter(|_| !problems.has_errors()) else {
        return (None, problems);
    };
    let prefixes = if options.factor_lets {
        let variables: Vec<&str> = dynamic
            .values()
            .flat_map(|value| &value.parts)
            .filter_map(|part| match part {
                dynamic::TextPart::Var(name) => Some(name.as_str()),
                dynamic::TextPart::Text(_) => None,
            })
            .collect();
        lets::prefixes(&written_heads(&compiled.value, dynamic), &variables)
    } else {
        Vec::new()
    };
    let mut builder = build::Builder::new(&compiled.spans, &prefixes, dynamic);
    let template = builder.template(&compiled.value);
    problems.extend(builder.problems);
    if template.is_none() && !problems.has_errors() {
        // Validation guarantees a known `object_type`; say so rather than print nothing.
        problems.push(
            Problem::new(Code::ImportUnwritable, "no template type to write")
                .at(Span::new(start, start + 1), "this object")
                .help("give `object_type` one of `feed`, `list`, `location`, `commerce`, `text` or `calendar`"),
        );
    }
    problems.sort();
    let Some(template) = template.filter(|_| !problems.has_errors()) else {
        return (None, problems);
    };
    let mut items: Vec<Item> = prefixes
        .iter()
        .map(|(name, prefix)| Item {
            leading: Vec::new(),
            blank_before: false,
            kind: ItemKind::Let {
                name: name.clone(),
                value: literal::string(prefix),
            },
            trailing: None,
        })
        .collect();
    let mut template = Item::node(template);
    template.blank_before = !items.is_empty();
    items.push(template);
    items[0].leading = leading;
    let source = print(&Tree {
        items,
        dangling: Vec::new(),
    });
    (Some(source), problems)
}

/// The template with each run-time text cut to the text written before its first
/// variable: only there can a `let` prefix stand (`"${shop}/o/${order_id}"`), so only
/// there is one looked for.
fn written_heads<'v>(value: &'v Value, dynamic: &Dynamic) -> std::borrow::Cow<'v, Value> {
    if dynamic.is_empty() {
        return std::borrow::Cow::Borrowed(value);
    }
    let mut value = value.clone();
    for (pointer, run_time) in dynamic {
        if let Some(text) = value.pointer_mut(pointer) {
            *text = Value::String(match run_time.parts.first() {
                Some(dynamic::TextPart::Text(head)) => head.clone(),
                _ => String::new(),
            });
        }
    }
    std::borrow::Cow::Owned(value)
}

/// The form an object is written in: the JavaScript SDK's when any key is the
/// camelCase name of a template key (`objectType`, `imageUrl`), else REST.
fn detect(object: &str) -> Target {
    let (compiled, _) = crate::json_input::read_loose(object, 0, &|_| None);
    let is_js = compiled.is_some_and(|compiled| has_js_key(&compiled.value));
    if is_js { Target::Js } else { Target::Rest }
}

fn has_js_key(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(key, child)| {
            (key.chars().any(|c| c.is_ascii_uppercase()) && rest_key_for_js(key).is_some())
                || has_js_key(child)
        }),
        Value::Array(items) => items.iter().any(has_js_key),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn imported(text: &str) -> String {
        let imported = import(text, Options::default(), &Config::default());
        imported
            .source
            .unwrap_or_else(|| panic!("{:?}", imported.problems))
    }

    #[test]
    fn writes_the_sugar_in_kakao_order() {
        let json = r#"{"object_type":"feed","buttons":[{"title":"웹","link":{"web_url":"https://a.kr","mobile_web_url":"https://a.kr"}}],
            "content":{"link":{"web_url":"https://a.kr","mobile_web_url":"https://m.a.kr"},"image_url":"https://a.kr/i.png","image_width":640,"image_height":640,"title":"오늘의 디저트"},
            "social":{"like_count":1,"comment_count":2}}"#;
        assert_eq!(
            imported(json),
            "feed {\n  content {\n    title \"오늘의 디저트\"\n    image \"https://a.kr/i.png\" 640x640\n    link web=\"https://a.kr\" mobile=\"https://m.a.kr\"\n  }\n  social like=1 comment=2\n  button \"웹\" \"https://a.kr\"\n}\n"
        );
    }

    #[test]
    fn reads_a_pasted_javascript_object() {
        let js = "Kakao.Share.sendDefault({\n  objectType: 'text',\n  text: '첫 줄\\n둘째 줄',\n  link: { webUrl: 'https://a.kr', mobileWebUrl: 'https://a.kr', },\n});";
        let imported = import(js, Options::default(), &Config::default());
        assert_eq!(
            imported.source.as_deref(),
            Some(
                "text {\n  text \"\"\"\n    첫 줄\n    둘째 줄\n    \"\"\"\n  link \"https://a.kr\"\n}\n"
            )
        );
    }

    #[test]
    fn unreadable_objects_are_explained_where_they_break() {
        let python = "{'object_type': 'text', 'x': True}";
        let imported = import(python, Options::default(), &Config::default());
        let problem = &imported.problems[0];
        assert_eq!(
            problem.primary.as_ref().map(|(s, _)| s.read(python)),
            Some("True")
        );
        assert!(
            problem
                .help
                .as_deref()
                .is_some_and(|h| h.contains("Python"))
        );
        let unclosed = "send({'object_type': 'text'";
        let imported = import(unclosed, Options::default(), &Config::default());
        assert!(
            imported.problems[0].message.contains("nterminated"),
            "{:?}",
            imported.problems
        );
    }

    #[test]
    fn invalid_templates_get_check_diagnostics_and_no_source() {
        let text =
            r#"{"object_type":"text","text":"hi","link":{"web_url":"https://a.kr"},"titel":"x"}"#;
        let imported = import(text, Options::default(), &Config::default());
        assert!(imported.source.is_none());
        let source = SourceFile::new("t.json", text, SourceKind::Json);
        let checked = pipeline::check(
            &source,
            &std::collections::BTreeMap::new(),
            &Config::default(),
        );
        assert_eq!(imported.problems, checked.problems);
    }
}
