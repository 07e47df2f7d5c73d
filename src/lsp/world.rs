//! The server's state: the open documents (text, version, last findings) and the
//! `ktpl.toml` each one runs with, read from its folder up and re-read when it changes.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use lsp_types::{Range, TextDocumentContentChangeEvent, Uri};

use super::conversion::{Encoding, LineIndex};
use crate::config::{Config, ConfigError};
use crate::diagnostic::Problems;
use crate::pipeline::{self, Checked};
use crate::source::{SourceFile, SourceKind};
use crate::workspace::looks_like_template;

/// One open document.
#[derive(Debug)]
pub(crate) struct Document {
    /// The editor's current text.
    pub text: String,
    /// The editor's version number.
    pub version: i32,
    /// How to read it (`.json` or a `json` language id: raw JSON; else ktpl).
    pub kind: SourceKind,
    /// Line starts of `text`.
    pub index: LineIndex,
    /// What the last check found; `None` while a change waits to be checked.
    pub checked: Option<Checked>,
}

impl Document {
    fn new(text: String, version: i32, kind: SourceKind, encoding: Encoding) -> Self {
        let index = LineIndex::new(&text, encoding);
        Self {
            text,
            version,
            kind,
            index,
            checked: None,
        }
    }
}

/// A config as last read, and the file state it was read from.
#[derive(Debug)]
struct CachedConfig {
    modified: Option<SystemTime>,
    len: u64,
    config: Arc<Config>,
}

/// Everything the server knows.
#[derive(Debug)]
pub(crate) struct World {
    /// The negotiated position encoding.
    pub encoding: Encoding,
    /// Open documents by URI.
    pub documents: HashMap<Uri, Document>,
    configs: HashMap<PathBuf, CachedConfig>,
    /// Config files read since the server last looked, with what is wrong in them
    /// (`None`: nothing), so their problems can be shown on the file itself.
    config_reads: Vec<(PathBuf, Option<ConfigError>)>,
}

impl World {
    /// An empty world speaking `encoding`.
    #[must_use]
    pub(crate) fn new(encoding: Encoding) -> Self {
        Self {
            encoding,
            documents: HashMap::new(),
            configs: HashMap::new(),
            config_reads: Vec::new(),
        }
    }

    /// Opens (or replaces) a document.
    pub(crate) fn open(&mut self, uri: Uri, language_id: &str, version: i32, text: String) {
        let kind = kind_of(&uri, language_id);
        self.documents
            .insert(uri, Document::new(text, version, kind, self.encoding));
    }

    /// Applies the editor's changes in order; `false` for an unknown document.
    pub(crate) fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    ) -> bool {
        let Some(document) = self.documents.get_mut(uri) else {
            return false;
        };
        for change in changes {
            match change.range {
                Some(range) => replace(document, range, &change.text),
                None => document.text = change.text,
            }
            document.index = LineIndex::new(&document.text, self.encoding);
        }
        document.version = version;
        document.checked = None;
        true
    }

    /// Forgets a closed document.
    pub(crate) fn close(&mut self, uri: &Uri) {
        self.documents.remove(uri);
    }

    /// Marks every document for a new check (after a `ktpl.toml` changed).
    pub(crate) fn invalidate_all(&mut self) {
        self.configs.clear();
        for document in self.documents.values_mut() {
            document.checked = None;
        }
    }

    /// Runs the pipeline on a document that changed since its last check; `true` when
    /// it ran.
    pub(crate) fn check(&mut self, uri: &Uri) -> bool {
        let needs_check = self
            .documents
            .get(uri)
            .is_some_and(|document| document.checked.is_none());
        if !needs_check {
            return false;
        }
        let config = self.config_for(uri);
        let Some(document) = self.documents.get_mut(uri) else {
            return false;
        };
        // The one rule for what is a template (`workspace`): a JSON document that is
        // plainly something else (`package.json`, opened beside the templates) gets no
        // findings, as `check` skips it in a folder.
        let checked = if document.kind == SourceKind::Json && !looks_like_template(&document.text) {
            Checked {
                compiled: None,
                problems: Problems::default(),
            }
        } else {
            let source = SourceFile::new(display_name(uri), document.text.as_str(), document.kind);
            pipeline::check(&source, &BTreeMap::new(), &config)
        };
        document.checked = Some(checked);
        true
    }

    /// The config for a document: the nearest `ktpl.toml` from its folder up, re-read
    /// when the file's size or time changed. A broken config means the defaults (its
    /// problems are shown on the config file itself, see `take_config_reads`).
    fn config_for(&mut self, uri: &Uri) -> Arc<Config> {
        let Some(dir) = file_path(uri).and_then(|path| path.parent().map(Path::to_path_buf)) else {
            return Arc::new(Config::default());
        };
        // The lookup every command makes (`workspace`): the nearest `ktpl.toml` upward.
        let Some(path) = Config::find(&dir) else {
            return Arc::new(Config::default());
        };
        let metadata = std::fs::metadata(&path).ok();
        let modified = metadata.as_ref().and_then(|m| m.modified().ok());
        let len = metadata.as_ref().map_or(0, std::fs::Metadata::len);
        if let Some(cached) = self.configs.get(&path)
            && cached.modified == modified
            && cached.len == len
        {
            return Arc::clone(&cached.config);
        }
        let (config, error) = match Config::load(&path) {
            Ok(config) => (Arc::new(config), None),
            Err(error) => (Arc::new(Config::default()), Some(error)),
        };
        self.config_reads.push((path.clone(), error));
        self.configs.insert(
            path,
            CachedConfig {
                modified,
                len,
                config: Arc::clone(&config),
            },
        );
        config
    }
}

impl World {
    /// The config files read since the last call, each with its problems if broken.
    pub(crate) fn take_config_reads(&mut self) -> Vec<(PathBuf, Option<ConfigError>)> {
        std::mem::take(&mut self.config_reads)
    }
}

/// Replaces `range` of the document's text (clamped to the text) with `new_text`.
fn replace(document: &mut Document, range: Range, new_text: &str) {
    let span = document.index.span(&document.text, range);
    document.text.replace_range(span.start..span.end, new_text);
}

/// Raw JSON for `.json` files and the `json`/`jsonc` language ids; ktpl otherwise.
fn kind_of(uri: &Uri, language_id: &str) -> SourceKind {
    if matches!(language_id, "json" | "jsonc")
        || uri
            .path()
            .as_str()
            .rsplit('.')
            .next()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("json"))
    {
        SourceKind::Json
    } else {
        SourceKind::Ktpl
    }
}

/// The local path of a `file:` URI.
#[must_use]
pub(crate) fn file_path(uri: &Uri) -> Option<PathBuf> {
    url::Url::parse(uri.as_str()).ok()?.to_file_path().ok()
}

/// The name problems are reported under: the path for files, else the URI.
fn display_name(uri: &Uri) -> String {
    file_path(uri).map_or_else(|| uri.as_str().to_owned(), |p| p.display().to_string())
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use lsp_types::Position;

    use super::*;

    fn uri(text: &str) -> Uri {
        Uri::from_str(text).expect("uri")
    }

    #[test]
    fn incremental_changes_apply_in_order_and_clamp() {
        let mut world = World::new(Encoding::Utf16);
        let doc = uri("untitled:a.ktpl");
        world.open(doc.clone(), "ktpl", 1, "가나\nab".to_owned());
        let change = |line, from, to, text: &str| TextDocumentContentChangeEvent {
            range: Some(Range::new(
                Position::new(line, from),
                Position::new(line, to),
            )),
            range_length: None,
            text: text.to_owned(),
        };
        assert!(world.change(
            &doc,
            2,
            vec![
                change(0, 1, 2, "다"),
                change(1, 1, 99, "c"),
                change(7, 0, 0, "!")
            ]
        ));
        assert_eq!(world.documents[&doc].text, "가다\nac!");
        assert!(!world.change(&uri("untitled:other"), 1, Vec::new()));
    }

    #[test]
    fn kinds_follow_extension_and_language() {
        assert_eq!(
            kind_of(&uri("file:///t/a.JSON"), "plaintext"),
            SourceKind::Json
        );
        assert_eq!(kind_of(&uri("untitled:1"), "json"), SourceKind::Json);
        assert_eq!(kind_of(&uri("file:///t/a.ktpl"), "ktpl"), SourceKind::Ktpl);
    }
}
