//! The pest parser generated from `grammar/ktpl.pest`.

#![allow(missing_docs, unreachable_pub, clippy::pedantic)]

/// The generated parser; `Rule` names the grammar's rules.
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/ktpl.pest"]
pub struct KtplParser;

#[cfg(test)]
mod tests {
    use super::*;
    use pest::Parser;

    fn parses(rule: Rule, text: &str) -> bool {
        KtplParser::parse(rule, text).is_ok_and(|pairs| pairs.as_str() == text)
    }

    #[test]
    fn values_lex_loosely_so_lowering_can_explain() {
        for text in ["208_800", "640x640", "640x", "30%", "-5", "1.5"] {
            assert!(parses(Rule::value, text), "{text}");
        }
        assert!(parses(Rule::value, r#""a \" ${b} c""#));
        assert!(parses(Rule::value, "\"\"\"\n  a\n  \"\"\""));
        // A string stops at its line's end; the lowering reports it unterminated.
        assert!(!parses(Rule::value, "\"a\nb\""));
        assert!(parses(Rule::value, "\"a"));
        assert!(parses(Rule::value, "\"\"\""));
    }

    #[test]
    fn nodes_take_positional_and_keyed_arguments() {
        assert!(parses(
            Rule::node,
            r#"link web="https://a" mobile="https://m""#
        ));
        assert!(parses(Rule::node, r#"image "https://a" 640x640"#));
        assert!(parses(Rule::node, r#"button "Go" { link "https://a" }"#));
    }

    #[test]
    fn document_needs_exactly_one_template() {
        assert!(parses(
            Rule::document,
            "let a = \"x\"\ntext { text \"${a}\" }"
        ));
        assert!(!parses(Rule::document, "text { } text { }"));
        assert!(!parses(Rule::document, "let a = \"x\""));
    }

    #[test]
    fn comments_and_several_nodes_per_line() {
        assert!(parses(
            Rule::document,
            "// c\nfeed { content { title \"a\" description \"b\" } // c\n }"
        ));
    }
}
