//! `ktpl.toml`: lint levels, registered link domains, native schemes, extra file
//! extensions, paths a folder walk leaves out. Found from the working directory upward, or given with `--config`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use toml::Spanned;

use crate::code::{Code, Severity};
use crate::diagnostic::{Applicability, Fix, Problem};
use crate::finding::Finding;
use crate::prose;
use crate::source::{SourceFile, SourceKind};
use crate::span::Span;
use crate::web_domain::WebDomain;

/// The file name looked for.
pub(crate) const FILE_NAME: &str = "ktpl.toml";

/// Default for `max_template_bytes`. Kakao documents no size limit for default
/// templates (spec §5); this is a guard against runaway variables, not a Kakao rule.
pub(crate) const DEFAULT_MAX_TEMPLATE_BYTES: usize = 10 * 1024;

const KEYS: [&str; 7] = [
    "allowed_domains",
    "native_schemes",
    "extensions",
    "exclude",
    "max_template_bytes",
    "lints",
    "fixes",
];

/// What a code's level is set to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    /// Not reported.
    Allow,
    /// Reported, does not fail.
    Warn,
    /// Reported, fails.
    Error,
}

/// The settings ktpl runs with.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where the settings came from, if a file.
    pub(crate) path: Option<PathBuf>,
    /// Web domains registered for the app; empty means "not checked".
    pub(crate) allowed_domains: Vec<WebDomain>,
    /// The app's native app schemes, accepted in web links.
    pub(crate) native_schemes: Vec<String>,
    /// Extensions read as ktpl sources besides `ktpl` (JSON is always `json`).
    pub(crate) extensions: Vec<String>,
    /// Gitignore-style globs, relative to each walked folder, that `ktpl check` never
    /// reads there (files named on the command line are always read).
    pub(crate) exclude: Vec<String>,
    /// Largest compiled template, in bytes, before `message_too_large`.
    pub(crate) max_template_bytes: usize,
    /// Level overrides per code.
    pub(crate) levels: HashMap<Code, Level>,
    /// Whether `ktpl check --fix` applies the fixes of a code on its own, where
    /// `[fixes]` says otherwise than the fix itself (ruff's `extend-safe-fixes`).
    pub(crate) fix_applicability: HashMap<Code, Applicability>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            path: None,
            allowed_domains: Vec::new(),
            native_schemes: Vec::new(),
            extensions: Vec::new(),
            exclude: Vec::new(),
            max_template_bytes: DEFAULT_MAX_TEMPLATE_BYTES,
            levels: HashMap::new(),
            fix_applicability: HashMap::new(),
        }
    }
}

/// A config file that could not be used: its text and everything wrong in it.
#[derive(Debug)]
pub struct ConfigError {
    /// The file, for rendering.
    pub(crate) source: SourceFile,
    /// Every problem found.
    pub(crate) problems: Vec<Problem>,
}

impl ConfigError {
    /// What is wrong, one finding per problem, positioned in the config file.
    #[must_use]
    pub fn findings(&self) -> Vec<Finding> {
        crate::finding::findings(&self.source, &self.problems)
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.problems.as_slice() {
            [one] => write!(f, "{}: {}", self.source.name, one.message),
            problems => write!(
                f,
                "{} cannot be used: {}",
                self.source.name,
                prose::count(problems.len() as u64, "problem")
            ),
        }
    }
}

impl std::error::Error for ConfigError {}

impl miette::Diagnostic for ConfigError {
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source.text)
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        Some(Box::new(
            self.problems
                .iter()
                .map(|problem| problem as &dyn miette::Diagnostic),
        ))
    }
}

impl Config {
    /// The nearest `ktpl.toml` upward from a file's folder (or from a folder), read;
    /// the defaults when there is none. This is the config `ktpl check` uses for that
    /// file.
    pub fn for_path(path: &Path) -> Result<Config, ConfigError> {
        let folder = if path.is_dir() {
            path
        } else {
            path.parent()
                .filter(|parent| !parent.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
        };
        // A relative path's ancestors stop at its first component: look from the
        // absolute folder, so `t.ktpl` finds a `ktpl.toml` above the working directory.
        let folder = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
        Config::discover(&folder)
    }

    /// The first `ktpl.toml` in `dir` or its ancestors, or defaults when there is none.
    pub(crate) fn discover(dir: &Path) -> Result<Config, ConfigError> {
        match Config::find(dir) {
            Some(path) => Config::load(&path),
            None => Ok(Config::default()),
        }
    }

    /// The path of the first `ktpl.toml` in `dir` or its ancestors.
    #[must_use]
    pub(crate) fn find(dir: &Path) -> Option<PathBuf> {
        dir.ancestors()
            .map(|ancestor| ancestor.join(FILE_NAME))
            .find(|candidate| candidate.is_file())
    }

    /// Reads one config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let name = path.display().to_string();
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) => {
                let problem =
                    Problem::new(Code::IoRead, format!("cannot read config {name}: {error}"))
                        .help("check the path given to --config");
                let source = SourceFile::new(name, "", SourceKind::Ktpl);
                return Err(ConfigError {
                    source,
                    problems: vec![problem],
                });
            }
        };
        let source = SourceFile::new(name, text, SourceKind::Ktpl);
        let mut config = Config::parse(&source.text).map_err(|problems| ConfigError {
            source: source.clone(),
            problems,
        })?;
        config.path = Some(path.to_path_buf());
        Ok(config)
    }

    /// Parses the text of a config file.
    #[doc(hidden)]
    pub fn parse(text: &str) -> Result<Config, Vec<Problem>> {
        let table: BTreeMap<Spanned<String>, Spanned<toml::Value>> =
            toml::from_str(text).map_err(|error| {
                let span = error
                    .span()
                    .map_or(Span::new(0, 0), |r| Span::new(r.start, r.end));
                vec![
                    Problem::new(
                        Code::ConfigSyntax,
                        format!("invalid TOML: {}", error.message().trim()),
                    )
                    .at(span, "here")
                    .help("see the README's configuration section for the format"),
                ]
            })?;
        let mut config = Config::default();
        let mut problems = Vec::new();
        for (key, value) in &table {
            let key_span = spanned(key);
            match key.get_ref().as_str() {
                "allowed_domains" => {
                    // Checked for being a list of strings; each is then read as a domain.
                    strings(value, "allowed_domains", &mut problems);
                    for (entry, span) in strings_with_spans(value) {
                        match WebDomain::parse(&entry) {
                            Ok(domain) => config.allowed_domains.push(domain),
                            Err(why) => problems.push(
                                Problem::new(Code::ConfigBadValue, format!("`{entry}` is not a web domain: {why}"))
                                    .at(span, "not a domain")
                                    .help("write a domain as Kakao's console lists it: \"example.com\", \"localhost:3000\" or \"https://example.com\""),
                            ),
                        }
                    }
                }
                "native_schemes" => {
                    config.native_schemes = strings(value, "native_schemes", &mut problems);
                    for scheme in &mut config.native_schemes {
                        *scheme = scheme.trim_end_matches("://").to_ascii_lowercase();
                    }
                }
                "extensions" => {
                    config.extensions = strings(value, "extensions", &mut problems)
                        .into_iter()
                        .map(|ext| ext.trim_start_matches('.').to_owned())
                        .collect();
                }
                "exclude" => {
                    config.exclude = strings(value, "exclude", &mut problems);
                    let mut globs = ignore::overrides::OverrideBuilder::new(".");
                    for glob in &config.exclude {
                        if let Err(error) = globs.add(&format!("!{glob}")) {
                            problems.push(
                                Problem::new(
                                    Code::ConfigBadValue,
                                    format!("`{glob}` in `exclude` is not a valid glob"),
                                )
                                .at(spanned(value), error.to_string())
                                .help("write gitignore-style globs, like \"node_modules/\" or \"**/package.json\""),
                            );
                        }
                    }
                }
                "max_template_bytes" => match value.get_ref().as_integer().map(usize::try_from) {
                    Some(Ok(bytes)) if bytes > 0 => config.max_template_bytes = bytes,
                    _ => problems.push(
                        Problem::new(
                            Code::ConfigBadValue,
                            "`max_template_bytes` must be a positive integer",
                        )
                        .at(spanned(value), "not a positive integer")
                        .help("write a number of bytes, like `max_template_bytes = 10240`"),
                    ),
                },
                "lints" => config.levels = levels(value, &mut problems),
                "fixes" => config.fix_applicability = fixes(value, &mut problems),
                other => {
                    let present: Vec<&str> = table.keys().map(|k| k.get_ref().as_str()).collect();
                    problems.push(unknown_key(other, key_span, &KEYS, &present, FILE_NAME));
                }
            }
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }

    /// The severity a problem with `code` is reported with, or `None` when allowed.
    #[must_use]
    pub(crate) fn severity(&self, code: Code) -> Option<Severity> {
        match self.levels.get(&code) {
            Some(Level::Allow) => None,
            Some(Level::Warn) => Some(Severity::Warning),
            Some(Level::Error) => Some(Severity::Error),
            None => Some(code.default_severity()),
        }
    }

    /// Applies the configured levels: drops allowed problems, re-grades the rest, and
    /// marks their fixes safe or unsafe as `[fixes]` says.
    #[must_use]
    pub(crate) fn apply_levels(&self, problems: Vec<Problem>) -> Vec<Problem> {
        if self.levels.is_empty() && self.fix_applicability.is_empty() {
            return problems;
        }
        problems
            .into_iter()
            .filter_map(|mut problem| {
                problem.severity = self.severity(problem.code)?;
                if let Some(applicability) = self.fix_applicability.get(&problem.code) {
                    for fix in &mut problem.fixes {
                        fix.applicability = *applicability;
                    }
                }
                Some(problem)
            })
            .collect()
    }

    /// Whether a file with this extension is a template ktpl reads.
    #[must_use]
    pub(crate) fn is_template_extension(&self, extension: &str) -> bool {
        extension == "ktpl" || extension == "json" || self.extensions.iter().any(|e| e == extension)
    }
}

fn spanned<T>(value: &Spanned<T>) -> Span {
    let range = value.span();
    Span::new(range.start, range.end)
}

fn strings(value: &Spanned<toml::Value>, key: &str, problems: &mut Vec<Problem>) -> Vec<String> {
    match value.get_ref().as_array() {
        Some(items) if items.iter().all(toml::Value::is_str) => items
            .iter()
            .filter_map(|item| item.as_str().map(str::to_owned))
            .collect(),
        _ => {
            problems.push(
                Problem::new(
                    Code::ConfigBadValue,
                    format!("`{key}` must be a list of strings"),
                )
                .at(spanned(value), "not a list of strings")
                .help(format!("write `{key} = [\"...\", \"...\"]`")),
            );
            Vec::new()
        }
    }
}

/// The strings of an array value with their spans (spans of elements are not kept by
/// `toml::Value`, so the array's span is used for each).
fn strings_with_spans(value: &Spanned<toml::Value>) -> Vec<(String, Span)> {
    value
        .get_ref()
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|item| item.as_str().map(|s| (s.to_owned(), spanned(value))))
                .collect()
        })
        .unwrap_or_default()
}

/// An unknown key of a table, with a suggestion that renames it.
fn unknown_key(key: &str, span: Span, keys: &[&str], present: &[&str], table: &str) -> Problem {
    let suggestion = prose::suggest(key, keys, present);
    Problem::new(
        Code::ConfigUnknownKey,
        format!("unknown key `{key}` in {table}"),
    )
    .at(
        span,
        suggestion.map_or_else(|| "unknown key".to_owned(), |s| s.label()),
    )
    .help(format!("{table} takes {}", prose::one_of(keys)))
    .maybe_fix(
        // A bare key only: a quoted one's span holds its quotes too.
        suggestion
            .filter(|_| span.end - span.start == key.len())
            .map(|s| {
                Fix::replace_name(Applicability::safe_if(s.unique), span, key, s.name, s.name)
            }),
    )
}

/// `[fixes]`: `safe = [codes]` and `unsafe = [codes]`.
fn fixes(
    value: &Spanned<toml::Value>,
    problems: &mut Vec<Problem>,
) -> HashMap<Code, Applicability> {
    const KEYS: [&str; 2] = ["safe", "unsafe"];
    let mut marked = HashMap::new();
    let span = spanned(value);
    let Some(table) = value.get_ref().as_table() else {
        problems.push(
            Problem::new(Code::ConfigBadValue, "`fixes` must be a table")
                .at(span, "not a table")
                .help("write a `[fixes]` section with lines like `safe = [\"plain_http\"]`"),
        );
        return marked;
    };
    let present: Vec<&str> = table.keys().map(String::as_str).collect();
    for (key, list) in table {
        let applicability = match key.as_str() {
            "safe" => Applicability::Safe,
            "unsafe" => Applicability::Unsafe,
            other => {
                // `toml::Value` keeps no spans inside a table: point at the table.
                let mut problem = unknown_key(other, span, &KEYS, &present, "[fixes]");
                problem.fixes.clear();
                problems.push(problem);
                continue;
            }
        };
        let names = match list.as_array() {
            Some(items) if items.iter().all(toml::Value::is_str) => items,
            _ => {
                problems.push(
                    Problem::new(
                        Code::ConfigBadValue,
                        format!("`{key}` in [fixes] must be a list of codes"),
                    )
                    .at(span, "not a list of strings")
                    .help(format!("write `{key} = [\"plain_http\"]`")),
                );
                continue;
            }
        };
        for name in names.iter().filter_map(toml::Value::as_str) {
            let codes = Code::matching(name);
            if codes.is_empty() {
                let all: Vec<&str> = Code::ALL.iter().map(|code| code.short_name()).collect();
                let label = prose::suggest(name, &all, &[])
                    .map_or_else(|| "in this table".to_owned(), |s| s.label());
                problems.push(
                    Problem::new(Code::ConfigBadValue, format!("`{name}` is not a ktpl code"))
                        .at(span, label)
                        .help("`ktpl explain` lists the codes, like `plain_http` or `ktpl::lint::plain_http`"),
                );
            }
            for code in codes {
                marked.insert(code, applicability);
            }
        }
    }
    marked
}

fn levels(value: &Spanned<toml::Value>, problems: &mut Vec<Problem>) -> HashMap<Code, Level> {
    let mut levels = HashMap::new();
    let span = spanned(value);
    let Some(table) = value.get_ref().as_table() else {
        problems.push(
            Problem::new(Code::ConfigBadValue, "`lints` must be a table")
                .at(span, "not a table")
                .help("write a `[lints]` section with lines like `plain_http = \"allow\"`"),
        );
        return levels;
    };
    let configurable: Vec<&str> = Code::ALL
        .iter()
        .filter(|code| code.is_configurable())
        .map(|code| code.short_name())
        .collect();
    for (name, level) in table {
        let Some(code) = Code::from_name(name).filter(|code| code.is_configurable()) else {
            let suggestion =
                prose::suggest(name.rsplit("::").next().unwrap_or(name), &configurable, &[]);
            let message = match Code::from_name(name) {
                Some(code) => format!("`{}` is an error that cannot be configured", code.name()),
                None => format!("`{name}` is not a ktpl lint"),
            };
            problems.push(
                Problem::new(Code::ConfigBadValue, message)
                    .at(span, suggestion.map_or("in this table".to_owned(), |s| s.label()))
                    .help("`ktpl explain` lists the codes; lints are named like `plain_http` or `ktpl::lint::plain_http`"),
            );
            continue;
        };
        let parsed = match level.as_str() {
            Some("allow") => Level::Allow,
            Some("warn") => Level::Warn,
            Some("error") => Level::Error,
            _ => {
                problems.push(
                    Problem::new(Code::ConfigBadValue, format!("`{name}` has level {level}"))
                        .at(span, "not a level")
                        .help("a level is \"allow\", \"warn\" or \"error\""),
                );
                continue;
            }
        };
        levels.insert(code, parsed);
    }
    levels
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_setting() {
        let config = Config::parse(
            "allowed_domains = [\"Example.com\"]\nnative_schemes = [\"kakao123://\"]\nextensions = [\".tpl\"]\nmax_template_bytes = 2048\n[lints]\nplain_http = \"allow\"\n\"ktpl::lint::small_image\" = \"error\"\n",
        )
        .expect("valid");
        assert_eq!(
            config.allowed_domains,
            [WebDomain::parse("example.com").expect("domain")]
        );
        assert_eq!(config.native_schemes, ["kakao123"]);
        assert_eq!(config.extensions, ["tpl"]);
        assert_eq!(config.max_template_bytes, 2048);
        assert_eq!(config.severity(Code::LintPlainHttp), None);
        assert_eq!(config.severity(Code::LintSmallImage), Some(Severity::Error));
        assert!(config.is_template_extension("tpl"));
    }

    #[test]
    fn unknown_keys_get_a_suggestion_at_their_span() {
        let text = "allowed_domain = [\"a.com\"]\n";
        let problems = Config::parse(text).expect_err("unknown key");
        assert_eq!(problems[0].code, Code::ConfigUnknownKey);
        let (span, label) = problems[0].primary.clone().expect("span");
        assert_eq!(span.read(text), "allowed_domain");
        assert_eq!(label, "did you mean `allowed_domains`?");
    }

    #[test]
    fn an_unknown_key_is_renamed_by_its_fix() {
        let text = "allowed_domain = [\"a.com\"]\n";
        let problems = Config::parse(text).expect_err("unknown key");
        let fix = &problems[0].fixes[0];
        assert_eq!(fix.applicability, Applicability::Safe);
        assert_eq!(fix.edits[0].span.read(text), "allowed_domain");
        assert_eq!(fix.edits[0].content, "allowed_domains");
        // Never to a key the file already has.
        let text = "allowed_domains = []\nallowed_domain = [\"a.com\"]\n";
        let problems = Config::parse(text).expect_err("unknown key");
        assert!(problems[0].fixes.is_empty(), "{problems:?}");
    }

    #[test]
    fn fixes_can_be_marked_safe_or_unsafe_per_code() {
        let config = Config::parse(
            "[fixes]\nsafe = [\"plain_http\"]\nunsafe = [\"ktpl::compile::unknown_field\"]\n",
        )
        .expect("valid");
        assert_eq!(
            config.fix_applicability.get(&Code::LintPlainHttp),
            Some(&Applicability::Safe)
        );
        assert_eq!(
            config.fix_applicability.get(&Code::CompileUnknownField),
            Some(&Applicability::Unsafe)
        );
        for text in [
            "[fixes]\nsafe = [\"plain_htp\"]\n",
            "[fixes]\nsafe = \"plain_http\"\n",
            "fixes = 1\n",
        ] {
            let problems = Config::parse(text).expect_err(text);
            assert_eq!(problems[0].code, Code::ConfigBadValue, "{text}");
        }
        let problems = Config::parse("[fixes]\nsafer = []\n").expect_err("unknown");
        assert_eq!(problems[0].code, Code::ConfigUnknownKey);
    }

    #[test]
    fn bad_values_are_reported() {
        for text in [
            "[lints]\nplain_http = \"loud\"\n",
            "[lints]\nplain_htp = \"allow\"\n",
            "[lints]\n\"ktpl::schema::required\" = \"allow\"\n",
            "max_template_bytes = -1\n",
            "allowed_domains = [\"https://a.com/shop\"]\n",
            "allowed_domains = \"a.com\"\n",
            "exclude = [\"a/{b\"]\n",
        ] {
            let problems = Config::parse(text).expect_err(text);
            assert_eq!(problems[0].code, Code::ConfigBadValue, "{text}");
        }
        assert_eq!(
            Config::parse("a = [").expect_err("syntax")[0].code,
            Code::ConfigSyntax
        );
    }
}
