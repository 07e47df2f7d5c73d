//! Machine output: one JSON object per problem, each a [`Finding`] as the library
//! returns it (so the keys cannot drift from the API's), with the fixes it carries, in
//! a versioned envelope (`{"version": 1, "findings": [...]}`).

use std::io::{self, Write};

use crate::diagnostic::Problem;
use crate::finding::{self, Finding};
use crate::source::SourceFile;

/// The version of the JSON output's shape; it changes only when a key changes meaning
/// or goes away (new keys may be added).
pub const VERSION: u32 = 1;

/// The findings for one file's problems, as `--format json` prints them.
#[must_use]
pub fn problems(source: &SourceFile, problems: &[Problem]) -> Vec<Finding> {
    finding::findings(source, problems)
}

/// Opens the envelope, up to the `findings` array.
pub fn write_header(out: &mut impl Write) -> io::Result<()> {
    write!(out, "{{\n  \"version\": {VERSION},\n  \"findings\": [")
}

/// Writes one finding into the array (`first`: no comma before it).
pub fn write_item(out: &mut impl Write, item: &serde_json::Value, first: bool) -> io::Result<()> {
    let text = serde_json::to_string_pretty(item).unwrap_or_default();
    // JSON strings hold no raw line breaks, so every one is between tokens.
    let text = text.replace('\n', "\n    ");
    out.write_all(if first { b"\n    " } else { b",\n    " })?;
    out.write_all(text.as_bytes())
}

/// Closes the array and the envelope (`empty`: no finding was written).
pub fn write_footer(out: &mut impl Write, empty: bool) -> io::Result<()> {
    out.write_all(if empty { b"]\n}\n" } else { b"\n  ]\n}\n" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::Code;
    use crate::diagnostic::Fix;
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
            .pointer("/titel")
            .fix(Fix::replace_name(
                crate::diagnostic::Applicability::Safe,
                Span::new(9, 14),
                "titel",
                "text",
                "text",
            ));
        let text = serde_json::to_string(&problems(&source, &[problem])[0]).expect("JSON");
        assert_eq!(
            text,
            r#"{"file":"a.ktpl","severity":"error","code":"ktpl::compile::unknown_field","message":"unknown field `titel`","line":2,"column":3,"end_line":2,"end_column":8,"label":"did you mean `text`?","help":"rename it","pointer":"/titel","fixes":[{"title":"Replace `titel` with `text`","applicability":"safe","edits":[{"line":2,"column":3,"end_line":2,"end_column":8,"start":9,"end":14,"content":"text"}]}]}"#
        );
    }

    /// `check --format json`'s whole output for the findings of some files: the envelope
    /// the streaming writer produces.
    fn document(items: &[serde_json::Value]) -> String {
        let mut out = Vec::new();
        let written = write_header(&mut out)
            .and_then(|()| {
                items
                    .iter()
                    .enumerate()
                    .try_for_each(|(index, item)| write_item(&mut out, item, index == 0))
            })
            .and_then(|()| write_footer(&mut out, items.is_empty()));
        debug_assert!(written.is_ok(), "writing to a Vec cannot fail");
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn the_envelope_is_versioned_json_either_way() {
        let empty: serde_json::Value = serde_json::from_str(&document(&[])).expect("json");
        assert_eq!(empty, serde_json::json!({ "version": 1, "findings": [] }));
        let items = [
            serde_json::json!({"a": [1, "x\ny"]}),
            serde_json::json!({"b": 2}),
        ];
        let text = document(&items);
        let full: serde_json::Value = serde_json::from_str(&text).expect("json");
        assert_eq!(full, serde_json::json!({ "version": 1, "findings": items }));
        assert!(text.contains("\n    {\n      \"a\""), "{text}");
    }
}
