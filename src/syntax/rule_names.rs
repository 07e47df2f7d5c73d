//! Names of grammar rules as a person reads them in "expected ..." messages.

use super::grammar::Rule;

/// How a rule reads in prose. Exhaustive on purpose: a new rule must be named here.
#[must_use]
pub(super) fn describe(rule: Rule) -> &'static str {
    match rule {
        Rule::EOI => "end of file",
        Rule::WHITESPACE | Rule::COMMENT => "whitespace",
        Rule::document => "a template",
        Rule::binding | Rule::let_keyword => "`let`",
        Rule::template => "a template such as `feed { ... }`",
        Rule::block => "`{`",
        Rule::node | Rule::name | Rule::name_char => "a field name",
        Rule::argument => "an argument",
        Rule::keyed => "`key=value`",
        Rule::value => "a value",
        Rule::number => "a number",
        Rule::string | Rule::string_body | Rule::escape | Rule::unterminated_string => "a string",
        Rule::unterminated_raw_string => "a `\"\"\"` string",
        Rule::raw_string | Rule::raw_string_body => "a `\"\"\"` string",
    }
}
