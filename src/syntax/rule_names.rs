//! Names of grammar rules as a person reads them in "expected ..." messages.

use super::grammar::Rule;

/// How a rule reads in prose. Exhaustive on purpose: a new rule must be named here.
#[must_use]
pub(super) fn describe(rule: Rule) -> &'static str {
    match rule {
        Rule::EOI => "end of file",
        Rule::trivia | Rule::comment | Rule::comment_text => "whitespace",
        Rule::document => "a template",
        Rule::binding | Rule::let_keyword => "`let`",
        Rule::template => "a template such as `feed { ... }`",
        Rule::block => "`{`",
        // `key` fails where a name would: a field name is what is missing there.
        Rule::node | Rule::name | Rule::name_char | Rule::key => "a field name",
        Rule::argument => "an argument",
        Rule::keyed => "`key=value`",
        Rule::value | Rule::string_char => "a value",
    }
}
