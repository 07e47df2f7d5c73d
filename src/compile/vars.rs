//! Variables: `let` bindings in the file, overridden by `--var`/`--vars` values.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::code::Code;
use crate::diagnostic::Problem;
use crate::prose;
use crate::span::Span;
use crate::syntax::ast::{Binding, StrPart, ValueKind};

/// The values `${name}` can take, and which of them were used.
#[derive(Debug, Default)]
pub(crate) struct Vars {
    values: HashMap<String, String>,
    let_spans: HashMap<String, Span>,
    used: HashSet<String>,
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
                    if let Some(value) = self.values.get(*name) {
                        text.push_str(value);
                        self.used.insert((*name).to_owned());
                    } else {
                        problems.push(self.undefined(name, *span));
                    }
                }
            }
        }
        text
    }

    fn undefined(&self, name: &str, span: Span) -> Problem {
        let mut defined: Vec<&str> = self.values.keys().map(String::as_str).collect();
        defined.sort_unstable();
        let mut help = match prose::closest(name, defined.iter().copied()) {
            Some(close) => format!("did you mean `{close}`? "),
            None => String::new(),
        };
        if defined.is_empty() {
            help.push_str("no variables are defined; ");
        } else {
            help.push_str(&format!("defined: {}; ", prose::one_of(&defined)));
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
