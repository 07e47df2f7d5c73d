//! The formatter: a source's syntax tree and trivia to canonical text. It is the one
//! printer: `import` builds the same tree from JSON and prints it here.
//!
//! Input: ktpl text. Output: the text in the layout `print` documents, with every
//! comment kept (attached by `attach`) and every literal as written, so the compiled
//! JSON does not change.

pub(crate) mod attach;
pub(crate) mod literal;
pub(crate) mod print;
pub(crate) mod tree;

use crate::diagnostic::Problem;
use crate::syntax;

/// Formats a ktpl source. A source with syntax errors is not formatted: the errors
/// are the same problems `check` reports for it.
pub(crate) fn format_source(text: &str) -> Result<String, Vec<Problem>> {
    let document = syntax::parse(text)?;
    let trivia = syntax::trivia::collect(text, &document);
    Ok(print::print(&attach::tree(text, &document, &trivia)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(text: &str) -> String {
        format_source(text).expect("formats")
    }

    #[test]
    fn lays_out_one_node_per_line_with_two_space_indent() {
        let text = "let a=\"x\"\nfeed{content{title \"${a}\" link \"https://e.x\"}\n button \"b\" {link \"l\"}}";
        assert_eq!(
            format(text),
            "let a = \"x\"\nfeed {\n  content {\n    title \"${a}\"\n    link \"https://e.x\"\n  }\n  button \"b\" {\n    link \"l\"\n  }\n}\n"
        );
    }

    #[test]
    fn keeps_comments_where_they_belong_and_one_blank_line() {
        let text = "// file\n\n\nlet a = \"x\" // why\ntext { // opens\n\n\n  text \"${a}\" // trailing\n  // about link\n\n\n  link \"l\"\n  // last\n}\n// end\n";
        assert_eq!(
            format(text),
            "// file\n\nlet a = \"x\" // why\ntext {\n  // opens\n\n  text \"${a}\" // trailing\n  // about link\n\n  link \"l\"\n  // last\n}\n// end\n"
        );
    }

    #[test]
    fn wraps_long_argument_lists_and_keeps_comments_between_arguments() {
        let url = format!("\"https://example.com/{}\"", "a".repeat(80));
        let text = format!("feed {{ content {{ image {url} 640x640 }} }}");
        assert_eq!(
            format(&text),
            format!("feed {{\n  content {{\n    image {url} 640x640\n  }}\n}}\n")
        );
        let text = format!("feed {{ content {{ image {url} width=640 height=640 }} }}");
        assert_eq!(
            format(&text),
            format!(
                "feed {{\n  content {{\n    image {url}\n        width=640\n        height=640\n  }}\n}}\n"
            )
        );
        let text = "feed { content { image \"u\" // hero\n 640x640 } }";
        assert_eq!(
            format(text),
            "feed {\n  content {\n    image \"u\" // hero\n        640x640\n  }\n}\n"
        );
    }

    #[test]
    fn reindents_triple_quoted_strings_without_changing_them() {
        let text = "text {\ntext \"\"\"\n      Hello\n        world\n\n      end\n      \"\"\"\n}";
        assert_eq!(
            format(text),
            "text {\n  text \"\"\"\n    Hello\n      world\n\n    end\n    \"\"\"\n}\n"
        );
    }

    #[test]
    fn is_idempotent_and_refuses_syntax_errors() {
        let text = "feed { content { title \"t\" } // c\n}";
        let once = format(text);
        assert_eq!(format(&once), once);
        let problems = format_source("feed { title = \"x\" }").expect_err("syntax error");
        assert_eq!(
            problems,
            syntax::parse("feed { title = \"x\" }").expect_err("same")
        );
    }
}
