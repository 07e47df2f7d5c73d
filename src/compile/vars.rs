//! Variables: `let` bindings in the file, overridden by `--var`/`--vars` values.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::code::Code;
use crate::diagnostic::{Applicability, Fix, Problem};
use crate::prose;
use crate::span::Span;
use crate::syntax::ast::{Binding, StrPart, ValueKind};

/// How many bytes `${}` may copy out of variables in one file, all expansions together.
/// A `let` that repeats the previous variable ten times grows tenfold per line, so
/// eleven lines would need terabytes; counting every copied byte against one budget keeps
/// the memory for a file within its own size plus this bound. Kakao's own messages are a
/// few kilobytes (`max_template_bytes` warns past 10 KiB by default), so no real template
/// comes near it.
pub(crate) const MAX_EXPANDED_BYTES: usize = 1024 * 1024;

/// How many undefined-variable problems get a "did you mean" and the list of defined
/// names: each costs a pass over every name, so without a cap a file of many
/// undefined references and many `let`s would cost their product.
const SUGGESTED_UNDEFINED: usize = 20;

/// How many defined names a help line lists.
const LISTED_NAMES: usize = 10;

/// The values `${name}` can take, and which of them were used.
#[derive(Debug, Default)]
pub(crate) struct Vars {
    values: HashMap<String, String>,
    let_spans: HashMap<String, Span>,
    used: HashSet<String>,
    /// Bytes copied out of variables so far (see `MAX_EXPANDED_BYTES`).
    expanded: usize,
    /// Set once the budget is spent: later `${}` expand to nothing, unreported.
    exhausted: bool,
    /// Undefined-variable problems reported so far.
    undefined_count: usize,
}

impl Vars {
    /// Evaluates the file's bindings in order; a value from the command line wins over
    /// a `let` of the same name.
    pub(crate) fn new(
        bindings: &[Binding],
        cli: &BTreeMap<String, String>,
        problems: &mut Vec<Problem>,
    ) -> Self {
        let mut vars = Vars {
            values: cli.clone().into_iter().collect(),
            ..Vars::default()
        };
        for binding in bindings {
            let name = binding.name.text;
            if let Some(&first) = vars.let_spans.get(name) {
                problems.push(
                    Problem::new(
                        Code::CompileDuplicateVariable,
                        format!("variable `{name}` is defined twice"),
                    )
                    .at(binding.name.span, "defined again here")
                    .also(first, "first defined here")
                    .help("remove one of the two `let` lines, or rename one"),
                );
                continue;
            }
            vars.let_spans.insert(name.to_owned(), binding.name.span);
            if cli.contains_key(name) {
                continue;
            }
            let text = match &binding.value.kind {
                ValueKind::Str(parts) => vars.interpolate(parts, problems),
                ValueKind::Int(n) => n.to_string(),
                ValueKind::Size(w, h) => format!("{w}x{h}"),
                ValueKind::Percent(n) => format!("{n}%"),
            };
            vars.values.insert(name.to_owned(), text);
        }
        vars
    }

    /// The string the parts spell, with every `${name}` replaced.
    pub(crate) fn interpolate(&mut self, parts: &[StrPart], problems: &mut Vec<Problem>) -> String {
        let mut text = String::new();
        for part in parts {
            match part {
                StrPart::Text(literal) => text.push_str(literal),
                StrPart::Var(name, span) => {
                    let Some(value) = self.values.get(*name) else {
                        problems.push(self.undefined(name, *span));
                        continue;
                    };
                    if !self.used.contains(*name) {
                        self.used.insert((*name).to_owned());
                    }
                    if self.exhausted {
                        continue;
                    }
                    if self.expanded + value.len() > MAX_EXPANDED_BYTES {
                        self.exhausted = true;
                        problems.push(too_much_expansion(name, *span, self.expanded));
                        continue;
                    }
                    self.expanded += value.len();
                    text.push_str(value);
                }
            }
        }
        text
    }

    fn undefined(&mut self, name: &str, span: Span) -> Problem {
        self.undefined_count += 1;
        let mut help = String::new();
        let mut fix = None;
        if self.values.is_empty() {
            help.push_str("no variables are defined; ");
        } else if self.undefined_count <= SUGGESTED_UNDEFINED {
            let mut defined: Vec<&str> = self.values.keys().map(String::as_str).collect();
            defined.sort_unstable();
            if let Some(close) = prose::suggest(name, &defined, &[]) {
                help.push_str(&close.label());
                help.push(' ');
                fix = Some(Fix::replace_name(
                    Applicability::safe_if(close.unique),
                    span,
                    &format!("${{{name}}}"),
                    &format!("${{{}}}", close.name),
                    format!("${{{}}}", close.name),
                ));
            }
            let more = defined.len().saturating_sub(LISTED_NAMES);
            defined.truncate(LISTED_NAMES);
            help.push_str(&format!("defined: {}", prose::one_of(&defined)));
            if more > 0 {
                help.push_str(&format!(" and {more} more"));
            }
            help.push_str("; ");
        }
        help.push_str(&format!(
            "define it with `let {name} = \"...\"` or `--var {name}=...`, or write `$${{` for a literal `${{`"
        ));
        Problem::new(
            Code::CompileUndefinedVariable,
            format!("undefined variable `{name}`"),
        )
        .at(span, "not defined")
        .help(help)
        .maybe_fix(fix)
    }

    /// Warnings for `let` bindings nothing used.
    pub(crate) fn unused(&self) -> Vec<Problem> {
        let mut unused: Vec<(&String, &Span)> = self
            .let_spans
            .iter()
            .filter(|(name, _)| !self.used.contains(*name))
            .collect();
        unused.sort_by_key(|(_, span)| span.start);
        unused
            .into_iter()
            .map(|(name, span)| {
                Problem::new(
                    Code::CompileUnusedVariable,
                    format!("variable `{name}` is never used"),
                )
                .at(*span, "defined here")
                .help(format!("use it as `${{{name}}}` or remove the `let` line"))
            })
            .collect()
    }
}

/// The error at the `${}` whose value would pass `MAX_EXPANDED_BYTES`.
fn too_much_expansion(name: &str, span: Span, expanded: usize) -> Problem {
    Problem::new(
        Code::CompileExpansionTooLarge,
        format!(
            "expanding `${{{name}}}` here passes the {} MiB that variables may expand to in one file",
            MAX_EXPANDED_BYTES / (1024 * 1024)
        ),
    )
    .at(span, format!("{expanded} bytes were already expanded before this"))
    .help("a `let` that repeats another variable many times grows with every line; write the text out, or repeat it fewer times")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::Code;

    fn compile(text: &str) -> Vec<Problem> {
        let document = crate::syntax::parse(text).expect("parses");
        let (compiled, problems) =
            crate::compile::compile(&document, &BTreeMap::new(), crate::compile::Spans::Record);
        // Whatever the file asks for, what was built stays within the bound.
        let built = serde_json::to_string(&compiled.value).expect("json").len();
        assert!(
            built <= text.len() + 2 * MAX_EXPANDED_BYTES,
            "{built} bytes built"
        );
        problems
    }

    #[test]
    fn a_doubling_chain_stops_at_the_reference_that_crosses_the_bound() {
        let mut text = "let v0 = \"xxxxxxxxxx\"\n".to_owned();
        for line in 1..=20 {
            let previous = format!("${{v{}}}", line - 1);
            text.push_str(&format!("let v{line} = \"{}\"\n", previous.repeat(10)));
        }
        text.push_str("text {\n  text \"${v20}\"\n  link \"https://example.com\"\n}\n");
        let problems = compile(&text);
        let too_large: Vec<&Problem> = problems
            .iter()
            .filter(|p| p.code == Code::CompileExpansionTooLarge)
            .collect();
        assert_eq!(too_large.len(), 1, "{problems:?}");
        let (span, _) = too_large[0].primary.clone().expect("span");
        // `v4` is 10^5 bytes and 111,100 were copied to build `v0`..`v4`: the tenth
        // `${v4}` in `let v5` (line 5 from 0) is the one that passes 1 MiB.
        let line = text[..span.start].matches('\n').count();
        assert_eq!(line, 5, "{}", span.read(&text));
        assert_eq!(span.read(&text), "${v4}");
        assert_eq!(
            text[span.end..].find('"'),
            Some(0),
            "the last reference on its line"
        );
    }

    #[test]
    fn many_undefined_references_do_not_each_list_every_name() {
        let mut text = String::new();
        for n in 0..200 {
            text.push_str(&format!("let defined{n} = \"x\"\n"));
        }
        text.push_str("text {\n  text \"");
        for n in 0..200 {
            text.push_str(&format!("${{missing{n}}}"));
        }
        text.push_str("${defined0}\"\n  link \"https://example.com\"\n}\n");
        let problems = compile(&text);
        let undefined: Vec<&Problem> = problems
            .iter()
            .filter(|p| p.code == Code::CompileUndefinedVariable)
            .collect();
        assert_eq!(undefined.len(), 200);
        let first = undefined[0].help.as_deref().unwrap_or_default();
        assert!(first.contains("and 190 more"), "{first}");
        assert!(undefined[199].help.as_deref().unwrap_or_default().len() < 200);
    }
}
