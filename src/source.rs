//! A template source as read: its display name and its text, shared cheaply.

use std::sync::Arc;

use miette::NamedSource;

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

/// One source file: the name diagnostics show, and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown in reports (a path as the user gave it, or `<stdin>`).
    pub name: String,
    /// The whole text.
    pub text: Arc<str>,
    /// How to read the text.
    pub kind: SourceKind,
}

impl SourceFile {
    /// A source of the given kind.
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>, kind: SourceKind) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
            kind,
        }
    }

    /// The kind a path's extension implies: `.json` is raw JSON, anything else ktpl.
    #[must_use]
    pub fn kind_of(path: &std::path::Path) -> SourceKind {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("json") => SourceKind::Json,
            _ => SourceKind::Ktpl,
        }
    }

    /// The source as miette wants it for rendering.
    #[must_use]
    pub fn named_source(&self) -> NamedSource<Arc<str>> {
        NamedSource::new(&self.name, Arc::clone(&self.text)).with_language(self.kind.language())
    }
}
