//! The span map of plain JSON text, read token by token: where every value is, and
//! any key given twice, without building a tree or a second copy of the values.
//!
//! `locate` runs for every `.json` template with a finding, and most of what the
//! tree-building reader (`read_loose`) cost there went on values the check already
//! has. Only plain JSON is read here (double-quoted strings, JSON numbers, trailing
//! commas); for anything looser, or nested deeper than `read_loose` reads, this gives
//! `None` and `read_loose` reads the text, so both agree on every text (a test checks).

use std::borrow::Cow;
use std::collections::HashMap;

use jsonc_parser::tokens::Token;
use jsonc_parser::{Scanner, ScannerOptions};

use crate::compile::span_map::{Origin, SpanMap, push_index, push_segment};
use crate::diagnostic::Problem;
use crate::span::Span;

use super::{MAX_DEPTH, duplicate_key, remove_member};

/// The span map of `text` (which starts at byte `base` of the file) and its duplicate
/// keys, or `None` when the text is not plain JSON.
pub(super) fn read(text: &str, base: usize) -> Option<(SpanMap, Vec<Problem>)> {
    let mut reader = Reader {
        scanner: Scanner::new(text, &ScannerOptions::default()),
        text,
        base,
        depth: 0,
        spans: SpanMap::for_json(),
        problems: Vec::new(),
    };
    let first = reader.next()?;
    let mut pointer = String::new();
    let root = reader.value(first, &mut pointer)?;
    if !reader.at_end() {
        return None;
    }
    let origin = Origin {
        key: Span::new(root.start, root.start + 1),
        ..Origin::at(root)
    };
    reader.spans.insert(pointer, origin);
    Some((reader.spans, reader.problems))
}

struct Reader<'a> {
    scanner: Scanner<'a>,
    text: &'a str,
    base: usize,
    depth: usize,
    spans: SpanMap,
    problems: Vec<Problem>,
}

impl<'a> Reader<'a> {
    /// The next token; `None` at the end, at a scanning error and at anything plain
    /// JSON does not have (comments, single quotes), which `read_loose` reads instead.
    fn next(&mut self) -> Option<Token<'a>> {
        let token = self.scanner.scan().ok()??;
        match token {
            Token::CommentLine(_) | Token::CommentBlock(_) => None,
            Token::String(_) if self.text.as_bytes()[self.scanner.token_start()] != b'"' => None,
            token => Some(token),
        }
    }

    fn at_end(&mut self) -> bool {
        matches!(self.scanner.scan(), Ok(None))
    }

    /// The current token's span in the file.
    fn token_span(&self) -> Span {
        Span::new(
            self.base + self.scanner.token_start(),
            self.base + self.scanner.token_end(),
        )
    }

    /// Reads the value that starts with `token`, recording the spans inside it (not
    /// its own: the caller knows its key), and gives its span.
    fn value(&mut self, token: Token<'a>, pointer: &mut String) -> Option<Span> {
        let start = self.base + self.scanner.token_start();
        match token {
            Token::OpenBrace => self.object(pointer)?,
            Token::OpenBracket => self.array(pointer)?,
            Token::String(_) | Token::Boolean(_) | Token::Null => {}
            Token::Number(number) => {
                serde_json::from_str::<serde_json::Number>(number).ok()?;
            }
            _ => return None,
        }
        Some(Span::new(start, self.base + self.scanner.token_end()))
    }

    /// The token after a member or element: the next one's first token, or `close`
    /// (after a comma too: the tree reader allows a trailing comma).
    fn after_item(&mut self, close: &Token<'a>) -> Option<Token<'a>> {
        match self.next()? {
            Token::Comma => self.next(),
            token if token == *close => Some(token),
            _ => None,
        }
    }

    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }

    fn object(&mut self, pointer: &mut String) -> Option<()> {
        self.enter()?;
        let mut seen: HashMap<Cow<'a, str>, Origin, foldhash::fast::RandomState> =
            HashMap::default();
        let mut token = self.next()?;
        loop {
            let name = match token {
                Token::CloseBrace => break,
                Token::String(name) => name,
                _ => return None,
            };
            let key = self.token_span();
            if self.next()? != Token::Colon {
                return None;
            }
            let first_token = self.next()?;
            let parent = pointer.len();
            push_segment(pointer, &name);
            // A duplicate is reported before what is inside the value, as it is read.
            let problems_before = self.problems.len();
            let value = self.value(first_token, pointer)?;
            let origin = Origin {
                key,
                value,
                node: Span::new(key.start, value.end),
            };
            if let Some(first) = seen.get(&name) {
                let fix = remove_member(self.text, self.base, &name, *first, origin);
                let problem = duplicate_key(&name, key, first.key, pointer.clone()).maybe_fix(fix);
                self.problems.insert(problems_before, problem);
            }
            self.spans.insert(pointer.clone(), origin);
            pointer.truncate(parent);
            seen.insert(name, origin);
            token = self.after_item(&Token::CloseBrace)?;
        }
        self.depth -= 1;
        Some(())
    }

    fn array(&mut self, pointer: &mut String) -> Option<()> {
        self.enter()?;
        let mut token = self.next()?;
        let mut index = 0;
        loop {
            if token == Token::CloseBracket {
                break;
            }
            let parent = pointer.len();
            push_index(pointer, index);
            let value = self.value(token, pointer)?;
            self.spans.insert(pointer.clone(), Origin::at(value));
            pointer.truncate(parent);
            index += 1;
            token = self.after_item(&Token::CloseBracket)?;
        }
        self.depth -= 1;
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json_input::read_loose;

    fn every_pointer(spans: &SpanMap) -> Vec<(String, Origin)> {
        let mut all: Vec<(String, Origin)> = spans
            .pointers()
            .map(|pointer| (pointer.to_owned(), *spans.get(pointer).expect("recorded")))
            .collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    }

    /// Reads `text` both ways; gives whether this reader took it.
    fn agrees(text: &str) -> bool {
        let Some((spans, problems)) = read(text, 0) else {
            return false;
        };
        let (Some(tree), tree_problems) = read_loose(text, 0, &|_| None) else {
            panic!("only the token reader read {text:?}");
        };
        assert_eq!(every_pointer(&spans), every_pointer(&tree.spans), "{text}");
        assert_eq!(problems, tree_problems, "{text}");
        true
    }

    #[test]
    fn the_golden_templates_are_read_as_the_tree_reader_reads_them() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/golden/json");
        let mut read = 0;
        for entry in std::fs::read_dir(folder).expect("golden JSON") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("text");
            assert!(agrees(&text), "plain JSON left to the tree reader: {text}");
            read += 1;
        }
        assert_eq!(read, 300);
    }

    #[test]
    fn duplicates_escapes_and_commas_are_read_as_the_tree_reader_reads_them() {
        for text in [
            r#"{"a": 1, "a": 2}"#,
            "{\"a\": {\"x\": 1, \"x\": 1}, \"b\": [1, {\"y\": 2, \"y\": 3}],\n \"a\": {\"x\": 2}, \"a\": 3}",
            r#"{"a": 1 , "a": 1 ,"b": 2}"#,
            r#"{"a~b/c": {"\u0041\/": [true, false, null, -0, 1.5e3, "\"\\"]}}"#,
            r#"{"a": [1, 2,], "b": {},}"#,
            r#"{"content": {"title": "제목 😀", "link": {"web_url": "https://a.example"}}}"#,
            "  [ [] , {} ]  ",
            r#""just a string""#,
        ] {
            assert!(agrees(text), "plain JSON left to the tree reader: {text}");
        }
    }

    #[test]
    fn looser_text_is_left_to_the_tree_reader() {
        for text in [
            "{'a': 1}",
            "{a: 1}",
            "{\"a\": 1 // note\n}",
            "{\"a\": /* note */ 1}",
            "{\"a\": 0x10}",
            "{\"a\": 01}",
            "{\"a\": .5}",
            "{\"a\": 1 \"b\": 2}",
            "{\"a\": 1} {}",
            "{\"a\": 1",
            "",
        ] {
            assert!(read(text, 0).is_none(), "{text}");
        }
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert!(read(&deep, 0).is_none());
        let deepest = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(agrees(&deepest));
    }

    #[test]
    fn spans_start_where_the_text_does_in_the_file() {
        let text = "\u{feff}{\"a\": [10]}";
        let (spans, problems) = crate::json_input::locate(text);
        assert!(problems.is_empty());
        assert_eq!(spans.get("/a/0").expect("element").value.read(text), "10");
        assert_eq!(spans.get("/a").expect("member").key.read(text), "\"a\"");
        assert_eq!(
            spans.get("").expect("root").value.read(text),
            "{\"a\": [10]}"
        );
    }
}
