//! A template source as read: its display name and its text, shared cheaply; and
//! reading one from a file or standard input.

use std::io::Read as _;
use std::path::Path;
use std::sync::Arc;

use crate::code::Code;
use crate::diagnostic::Problem;
use crate::finding::Finding;
use crate::span::Span;

/// Whether `path` is `-`, which names standard input where a template is read and
/// standard output where one is written. Compared as text: comparing `Path`s walks
/// their components, and this runs once per file checked.
#[must_use]
pub(crate) fn is_dash(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// What kind of text a source holds, decided by its file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// The ktpl language (`.ktpl`, or standard input that does not start with `{`).
    Ktpl,
    /// A raw `template_object` (`.json`).
    Json,
}

impl SourceKind {
    /// The language name reports give the text (miette's snippet language).
    #[must_use]
    pub fn language(self) -> &'static str {
        match self {
            SourceKind::Ktpl => "ktpl",
            SourceKind::Json => "json",
        }
    }

    /// The kind text without a file name holds (standard input): JSON when its first
    /// character, after spaces and a byte-order mark, is `{`; ktpl otherwise (a ktpl
    /// file starts with a comment, `let` or a template name, never with `{`).
    #[must_use]
    pub fn sniff(bytes: &[u8]) -> Self {
        let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
        match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => SourceKind::Json,
            _ => SourceKind::Ktpl,
        }
    }
}

/// A template source: the name reports show, its text, and its kind (ktpl or raw
/// JSON).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown in reports (a path as the user gave it, or `<stdin>`).
    pub(crate) name: String,
    /// The whole text.
    pub(crate) text: Arc<str>,
    /// How to read the text.
    pub(crate) kind: SourceKind,
}

impl SourceFile {
    /// A source of the given kind.
    pub(crate) fn new(
        name: impl Into<String>,
        text: impl Into<Arc<str>>,
        kind: SourceKind,
    ) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
            kind,
        }
    }

    /// The kind a path's extension implies: `.json` is raw JSON, anything else ktpl.
    #[must_use]
    pub(crate) fn kind_of(path: &std::path::Path) -> SourceKind {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("json") => SourceKind::Json,
            _ => SourceKind::Ktpl,
        }
    }

    /// A ktpl source (the language of `.ktpl` files).
    pub fn ktpl(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        Self::new(name, text, SourceKind::Ktpl)
    }

    /// A raw `template_object` in JSON.
    pub fn json(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        Self::new(name, text, SourceKind::Json)
    }

    /// A source whose kind is told from its text, as `ktpl check -` reads standard
    /// input: JSON when its first character (after spaces and a byte-order mark) is
    /// `{`, ktpl otherwise.
    pub fn sniff(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let text = text.into();
        let kind = SourceKind::sniff(text.as_bytes());
        Self::new(name, text, kind)
    }

    /// Reads a file, named by its path; its kind by extension (`.json` is raw JSON,
    /// anything else ktpl). A file that cannot be read or is not UTF-8 text gives the
    /// finding `ktpl check` reports for it (`ktpl::io::read`, `ktpl::io::not_text`).
    pub fn read(path: &Path) -> Result<Self, Finding> {
        read_file(path, Self::kind_of(path)).map_err(|(source, problem)| {
            Finding::new(&source, &problem, &crate::span::Lines::new(&source.text))
        })
    }

    /// The name reports show: the path as given, or `<stdin>`.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The whole text.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// How the text is read.
    #[must_use]
    pub fn kind(&self) -> SourceKind {
        self.kind
    }

    /// The source as miette reads it whole: what the report's own reader
    /// (`report::human`'s snippets) is tested against.
    #[cfg(test)]
    #[must_use]
    pub(crate) fn named_source(&self) -> miette::NamedSource<Arc<str>> {
        miette::NamedSource::new(&self.name, Arc::clone(&self.text))
            .with_language(self.kind.language())
    }
}

/// What reading a source gives: the source, or the source as far as it was read (empty
/// when nothing could be) with the problem that stopped it.
pub(crate) type ReadResult = Result<SourceFile, (SourceFile, Problem)>;

/// Reads the file at `path` as `kind`, named by its path as given.
pub(crate) fn read_file(path: &Path, kind: SourceKind) -> ReadResult {
    // The lossy text `display` writes, without the formatting machinery.
    let name = path.to_string_lossy().into_owned();
    READ_BUFFER.with_borrow_mut(|buffer| match read_into(path, buffer) {
        Ok(()) => {
            let read = from_bytes(name, kind, buffer);
            if buffer.capacity() > KEPT_BUFFER_BYTES {
                *buffer = Vec::new();
            }
            read
        }
        Err(error) => {
            let problem = io_problem(&name, &error);
            Err((SourceFile::new(name, "", kind), problem))
        }
    })
}

thread_local! {
    /// Each thread reads its files into one buffer, and the text is copied from there
    /// into the source's own `Arc<str>` (which a `Vec` could not become without a copy
    /// either).
    static READ_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A buffer grown past this by a large file is given back after it.
const KEPT_BUFFER_BYTES: usize = 1 << 20;

/// Reads the whole file at `path` into `buffer`. Not `fs::read` or `File::read_to_end`,
/// which ask for the file's size and position first (a `statx` and an `lseek` per file)
/// to size a buffer that is already there: `Take` reads to the end without asking.
fn read_into(path: &Path, buffer: &mut Vec<u8>) -> std::io::Result<()> {
    buffer.clear();
    std::fs::File::open(path)?
        .take(u64::MAX)
        .read_to_end(buffer)
        .map(drop)
}

/// Reads standard input as `kind`, named `<stdin>`; `None` sniffs the kind from the
/// text ([`SourceKind::sniff`]).
pub(crate) fn read_stdin(kind: Option<SourceKind>) -> ReadResult {
    let mut bytes = Vec::new();
    if let Err(error) = std::io::stdin().read_to_end(&mut bytes) {
        let source = SourceFile::new("<stdin>", "", SourceKind::Ktpl);
        return Err((source, io_problem("<stdin>", &error)));
    }
    let kind = kind.unwrap_or_else(|| SourceKind::sniff(&bytes));
    from_bytes("<stdin>".to_owned(), kind, &bytes)
}

/// The source of `bytes`, which must be UTF-8 text.
fn from_bytes(name: String, kind: SourceKind, bytes: &[u8]) -> ReadResult {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(name, text, kind)),
        Err(error) => {
            let at = error.valid_up_to();
            let valid = String::from_utf8_lossy(&bytes[..at]).into_owned();
            let problem = Problem::new(Code::IoNotText, "file is not UTF-8 text")
                .at(Span::new(at, at), format!("invalid UTF-8 at byte {at}"))
                .help("templates are UTF-8 text; is this a binary file, or saved in another encoding (such as EUC-KR)? re-save it as UTF-8");
            Err((SourceFile::new(name, valid, kind), problem))
        }
    }
}

/// A file that could not be read; the message names it, as there is no text to point at.
pub(crate) fn io_problem(name: &str, error: &std::io::Error) -> Problem {
    Problem::new(Code::IoRead, format!("cannot read {name}: {error}"))
        .help("check that the path exists and is readable")
}

#[cfg(test)]
mod tests {
    use super::{SourceKind, read_file};

    #[test]
    fn files_read_through_the_shared_buffer_hold_their_own_text() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let large = "가".repeat(super::KEPT_BUFFER_BYTES);
        let files = [
            ("long.ktpl", large.as_str()),
            ("short.ktpl", "text { text \"hi\" }"),
            ("empty.ktpl", ""),
            ("again.ktpl", "feed {}"),
        ];
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).expect("written");
        }
        for (name, text) in files {
            let source = read_file(&dir.path().join(name), SourceKind::Ktpl).expect("read");
            assert_eq!(&*source.text, text, "{name}");
        }
        let (_, problem) = read_file(dir.path(), SourceKind::Ktpl).expect_err("a folder");
        assert!(
            problem.message.contains("cannot read"),
            "{}",
            problem.message
        );
        let not_utf8 = dir.path().join("latin1.ktpl");
        std::fs::write(&not_utf8, b"text { text \"caf\xe9\" }").expect("written");
        let (source, problem) = read_file(&not_utf8, SourceKind::Ktpl).expect_err("not UTF-8");
        assert_eq!(&*source.text, "text { text \"caf");
        assert!(problem.message.contains("not UTF-8"), "{}", problem.message);
    }
}
