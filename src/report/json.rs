//! Machine output: one JSON object per problem, each a [`Finding`] as the library
//! returns it (so the keys cannot drift from the API's).

use crate::diagnostic::Problem;
use crate::finding::{self, Finding};
use crate::source::SourceFile;

/// The findings for one file's problems, as `--format json` prints them.
#[must_use]
pub fn problems(source: &SourceFile, problems: &[Problem]) -> Vec<Finding> {
    finding::findings(source, problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::Code;
    use crate::source::SourceKind;
    use crate::span::Span;

    /// The keys `--format json` documents, in its order, and nothing else (the byte
    /// span and the secondary labels stay out of the JSON).
    #[test]
    fn a_finding_prints_exactly_the_documented_keys() {
        let source = SourceFile::new("a.ktpl", "text {\n  titel \"가\"\n}\n", SourceKind::Ktpl);
        let problem = Problem::new(Code::CompileUnknownField, "unknown field `titel`")
            .at(Span::new(9, 14), "did you mean `text`?")
            .also(Span::new(0, 4), "in this template")
            .help("rename it")
            .pointer("/titel");
        let text = serde_json::to_string(&problems(&source, &[problem])[0]).expect("JSON");
        assert_eq!(
            text,
            r#"{"file":"a.ktpl","severity":"error","code":"ktpl::compile::unknown_field","message":"unknown field `titel`","line":2,"column":3,"end_line":2,"end_column":8,"label":"did you mean `text`?","help":"rename it","pointer":"/titel"}"#
        );
    }
}
