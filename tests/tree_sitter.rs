//! The tree-sitter grammar (`grammar/tree-sitter-ktpl/`): it carves every source in the
//! repository exactly as the compiler's pest grammar does, fails where pest's grammar
//! fails, its queries compile, the highlights colour what they should, and the committed
//! parser is the one `grammar.js` generates.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::Command;

use ktpl::internals::Code;
use ktpl::internals::ast::{Arg, Document, Node, StrPart, Value, ValueKind};
use proptest::prelude::*;
use tree_sitter::{Language, Parser, Query, Tree};
use tree_sitter_highlight::{HighlightConfiguration, HighlightEvent, Highlighter};

use crate::harness::{files_under, repo};

const GRAMMAR: &str = "grammar/tree-sitter-ktpl";

fn language() -> Language {
    tree_sitter_ktpl::LANGUAGE.into()
}

fn parse(text: &str) -> Tree {
    let mut parser = Parser::new();
    parser.set_language(&language()).expect("the grammar loads");
    parser.parse(text, None).expect("a tree")
}

/// What one syntax tree says a source is made of, as (kind, byte range), in source
/// order: binding and node names, `key=` keys, values, and `${name}` variables.
type Carving = Vec<(&'static str, Range<usize>)>;

fn carving_of_tree(tree: &Tree) -> Carving {
    let mut out = Vec::new();
    let mut cursor = tree.walk();
    let mut visit = true;
    loop {
        if visit {
            let node = cursor.node();
            let parent = node.parent().map(|p| p.kind());
            let kind = match (node.kind(), cursor.field_name(), parent) {
                ("name", Some("name"), Some("binding")) => Some("binding"),
                ("name", Some("name"), Some("template" | "node")) => Some("node"),
                ("name", Some("key"), Some("keyed")) => Some("key"),
                ("string" | "raw_string" | "number", _, _) => Some("value"),
                ("interpolation", _, _) => Some("variable"),
                _ => None,
            };
            if let Some(kind) = kind {
                out.push((kind, node.byte_range()));
            }
        }
        if visit && cursor.goto_first_child() {
            continue;
        }
        if cursor.goto_next_sibling() {
            visit = true;
            continue;
        }
        if !cursor.goto_parent() {
            break;
        }
        visit = false;
    }
    out
}

/// The compiler's grammar itself, without the lowering after it: what pest accepts.
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/ktpl.pest"]
struct PestGrammar;

/// What pest's parse tree says a source is made of (as [`carving_of_tree`], without the
/// variables, which the lowering finds), and whether it read a string that is never
/// closed (pest's grammar matches those so the lowering can point at them; for
/// tree-sitter they are errors). `None` when pest's grammar refuses the source.
fn carving_of_pest(text: &str) -> Option<(Carving, bool)> {
    fn walk(
        pair: pest::iterators::Pair<'_, Rule>,
        parent: Rule,
        out: &mut Carving,
        open: &mut bool,
    ) {
        let span = pair.as_span().start()..pair.as_span().end();
        match (pair.as_rule(), parent) {
            (Rule::name, Rule::binding) => out.push(("binding", span)),
            (Rule::name, Rule::template | Rule::node) => out.push(("node", span)),
            // The token is `name=`.
            (Rule::key, _) => out.push(("key", span.start..span.end - 1)),
            (Rule::value, _) => {
                *open |= is_unclosed_string(pair.as_str());
                out.push(("value", span));
            }
            _ => {}
        }
        let rule = pair.as_rule();
        for child in pair.into_inner() {
            walk(child, rule, out, open);
        }
    }
    use pest::Parser as _;
    let pairs = PestGrammar::parse(Rule::document, text).ok()?;
    let (mut out, mut open) = (Vec::new(), false);
    for pair in pairs {
        walk(pair, Rule::EOI, &mut out, &mut open);
    }
    Some((out, open))
}

/// Whether a value token is a string never closed: a `"""` the grammar read as its
/// opener alone, or a `"` string that ran into its line's end (its last `"`, if any,
/// escaped by an odd run of backslashes).
fn is_unclosed_string(value: &str) -> bool {
    if value.starts_with("\"\"\"") {
        return value.len() == 3;
    }
    let Some(after) = value.strip_prefix('"') else {
        return false;
    };
    after
        .strip_suffix('"')
        .is_none_or(|body| (body.len() - body.trim_end_matches('\\').len()) % 2 == 1)
}

/// The `${name}` variables the compiler's lowering finds, when the whole source lowers.
fn variables_of_document(document: &Document<'_>) -> Vec<Range<usize>> {
    fn value(value: &Value<'_>, out: &mut Vec<Range<usize>>) {
        if let ValueKind::Str(parts) = &value.kind {
            for part in parts {
                if let StrPart::Var(_, span) = part {
                    out.push(span.start..span.end);
                }
            }
        }
    }
    fn carve_node(node: &Node<'_>, out: &mut Vec<Range<usize>>) {
        for arg in &node.args {
            match arg {
                Arg::Positional(v) | Arg::Keyed { value: v, .. } => value(v, out),
            }
        }
        for child in node.block.iter().flat_map(|block| &block.nodes) {
            carve_node(child, out);
        }
    }
    let mut out = Vec::new();
    for binding in &document.bindings {
        value(&binding.value, &mut out);
    }
    carve_node(&document.template, &mut out);
    out
}

/// Compares the two grammars on one source; returns what disagrees.
fn disagreement(name: &str, text: &str) -> Option<String> {
    let tree = parse(text);
    let root = tree.root_node();
    if let Err(problems) = ktpl::internals::parse(text)
        && problems.iter().any(|p| p.code == Code::SyntaxTooDeep)
    {
        // The compiler refuses it before parsing, to keep pest's recursion bounded.
        return None;
    }
    let carving = carving_of_tree(&tree);
    let (variables, structure): (Carving, Carving) = carving
        .into_iter()
        .partition(|(kind, _)| *kind == "variable");
    match carving_of_pest(text) {
        None if root.has_error() => None,
        None => Some(format!(
            "{name}: pest's grammar refuses it, tree-sitter parses it cleanly"
        )),
        Some((_, true)) if root.has_error() => None,
        Some((_, true)) => Some(format!(
            "{name}: a string is never closed, yet tree-sitter finds no error"
        )),
        Some(_) if root.has_error() => Some(format!(
            "{name}: pest's grammar accepts it, tree-sitter finds an error: {}",
            root.to_sexp()
        )),
        Some((pest, false)) if pest != structure => {
            let at = structure.iter().zip(&pest).position(|(a, b)| a != b);
            Some(format!(
                "{name}: the grammars carve it differently (first at {at:?}):\n tree-sitter {structure:?}\n pest        {pest:?}"
            ))
        }
        Some(_) => {
            let ours: Vec<Range<usize>> = variables.into_iter().map(|(_, range)| range).collect();
            match ktpl::internals::parse(text) {
                Ok(document) if variables_of_document(&document) != ours => Some(format!(
                    "{name}: the `${{}}` variables differ: tree-sitter {ours:?}, ktpl {:?}",
                    variables_of_document(&document)
                )),
                _ => None,
            }
        }
    }
}

/// Every `.ktpl` file of the repository (examples, fixtures, anything added later).
fn every_ktpl_file() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in [
        "examples", "tests", "docs", "benches", "fuzz", "grammar", "src",
    ] {
        files.extend(files_under(dir, &["ktpl"]));
    }
    files.retain(|path| !path.components().any(|c| c.as_os_str() == "target"));
    files
}

#[test]
fn both_grammars_agree_on_every_ktpl_file_in_the_repository() {
    let files = every_ktpl_file();
    assert!(files.len() > 80, "found only {} .ktpl files", files.len());
    let mut failures = Vec::new();
    let mut clean = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).expect("readable");
        let name = path
            .strip_prefix(repo(""))
            .unwrap_or(path)
            .display()
            .to_string();
        if !parse(&text).root_node().has_error() {
            clean += 1;
        }
        failures.extend(disagreement(&name, &text));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // Every example and valid fixture is among the clean ones.
    for path in files_under("examples", &["ktpl"])
        .into_iter()
        .chain(files_under("tests/fixtures/valid", &["ktpl"]))
    {
        let text = std::fs::read_to_string(&path).expect("readable");
        assert!(!parse(&text).root_node().has_error(), "{}", path.display());
    }
    assert!(clean > 60, "only {clean} files parse cleanly");
}

#[test]
fn both_grammars_agree_on_the_explanations_examples() {
    let mut failures = Vec::new();
    for code in Code::ALL {
        for label in ["Wrong", "Right"] {
            if let Some(("ktpl", text)) = ktpl::internals::example(*code, label) {
                failures.extend(disagreement(&format!("{code} {label}"), text));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Every template we hold as JSON or JavaScript (examples, import fixtures) or as ktpl
/// (compiled first), written back as ktpl by `ktpl import`.
#[test]
fn imported_templates_parse_as_pest_parses_them() {
    let mut texts = Vec::new();
    // `import/code/` holds application code and the JSON it sends, not one template each.
    let code = crate::harness::repo("tests/fixtures/import/code");
    for path in files_under("examples", &["json"])
        .into_iter()
        .chain(files_under("tests/fixtures/import", &["json", "js"]))
        .filter(|path| !path.starts_with(&code))
    {
        texts.push((
            path.display().to_string(),
            std::fs::read_to_string(&path).expect("readable"),
        ));
    }
    for path in files_under("examples", &["ktpl"])
        .into_iter()
        .chain(files_under("tests/fixtures/valid", &["ktpl"]))
    {
        let json = ktpl::internals::to_json(&crate::harness::compiles_cleanly(&path), true);
        texts.push((path.display().to_string(), json));
    }
    assert!(texts.len() > 15, "only {} templates", texts.len());
    let mut failures = Vec::new();
    for (name, text) in texts {
        for factor_lets in [false, true] {
            let options = ktpl::ImportOptions {
                from: None,
                factor_lets,
            };
            let source = ktpl::import(&text, &options, &ktpl::Config::default())
                .unwrap_or_else(|report| panic!("{name} does not import: {:?}", report.findings));
            failures.extend(disagreement(&name, &source).map(|f| format!("{f}\n{source}")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

proptest! {
    #![proptest_config(crate::properties::runner())]

    /// Random templates of every type, written by `ktpl import` and strewn with comments
    /// and blank lines.
    #[test]
    fn generated_sources_parse_as_pest_parses_them(
        value in crate::generate::template(crate::generate::Findings::Any),
        lets in prop::bool::ANY,
        choices in prop::collection::vec(0..6u8, 1..40),
    ) {
        let source = crate::properties::imported(&ktpl::internals::to_json(&value, false), lets);
        let messy = crate::properties::with_trivia(&source, &choices);
        prop_assert_eq!(disagreement("generated", &messy), None, "{}", messy);
    }
}

#[test]
fn grammar_failures_are_errors_in_both() {
    for text in [
        "",
        "feed {",
        "feed { title = \"x\" }",
        "feed { } }",
        "feed { } text { }",
        "text { text \"never closed }",
        "text { link web= \"x\" }",
        "text { link web =\"x\" }",
        "let = \"x\" text { }",
        "text { text 'single' }",
    ] {
        assert!(parse(text).root_node().has_error(), "{text:?}");
        assert!(ktpl::internals::parse(text).is_err(), "{text:?}");
    }
}

/// Every query file, the editor-specific ones too, compiles against the grammar: a node
/// or field name it uses that the grammar lacks is an error here.
#[test]
fn every_query_compiles() {
    let queries = files_under(GRAMMAR, &["scm"]);
    assert!(queries.len() >= 7, "{queries:?}");
    for path in queries {
        let text = std::fs::read_to_string(&path).expect("readable");
        if let Err(error) = Query::new(&language(), &text) {
            panic!("{}: {error}", path.display());
        }
    }
}

/// The capture names editors colour, in the order of preference for `configure`.
const CAPTURES: &[&str] = &[
    "comment",
    "keyword",
    "type.builtin",
    "type",
    "property",
    "variable.parameter",
    "variable",
    "operator",
    "string.special.url",
    "string.escape",
    "string",
    "punctuation.bracket",
    "number",
];

/// The capture that colours each byte of `text` (the innermost one), as
/// tree-sitter-highlight resolves them, with the injection query loaded too.
fn highlights(text: &str) -> Vec<Option<&'static str>> {
    let mut config = HighlightConfiguration::new(
        language(),
        "ktpl",
        tree_sitter_ktpl::HIGHLIGHTS_QUERY,
        tree_sitter_ktpl::INJECTIONS_QUERY,
        "",
    )
    .expect("the queries load");
    let names = config.names().to_vec();
    let unknown: Vec<&&str> = names
        .iter()
        .filter(|n| !CAPTURES.contains(n) && !n.starts_with("injection."))
        .collect();
    assert!(
        unknown.is_empty(),
        "captures this test does not know: {unknown:?}"
    );
    config.configure(CAPTURES);
    let mut highlighter = Highlighter::new();
    let events = highlighter
        .highlight(&config, text.as_bytes(), None, |_| None)
        .expect("highlights");
    let mut out = vec![None; text.len()];
    let mut stack = Vec::new();
    for event in events {
        match event.expect("an event") {
            HighlightEvent::HighlightStart(highlight) => stack.push(CAPTURES[highlight.0]),
            HighlightEvent::HighlightEnd => {
                stack.pop();
            }
            HighlightEvent::Source { start, end } => {
                for slot in &mut out[start..end] {
                    *slot = stack.last().copied();
                }
            }
        }
    }
    out
}

#[test]
fn highlights_colour_each_part_of_a_template() {
    let text = r#"// A shipping notice
let shop = "https://example.com"
commerce {
  content { title "Knit \u{AC00}" image "http://img.example.com/k.jpg" 640x640 link web="${shop}/k" }
  commerce { regular_price 208_800 discount_rate 30% }
  button "Buy $${code}" {
    link "https://example.com/buy"
  }
}
"#;
    let colours = highlights(text);
    let mut failures = Vec::new();
    // (the text, which occurrence of it, the capture expected on all of its bytes)
    for (needle, nth, expected) in [
        ("// A shipping notice", 0, "comment"),
        ("let", 0, "keyword"),
        ("shop", 0, "variable"),
        ("=", 0, "operator"),
        ("\"https://example.com\"", 0, "string.special.url"),
        ("commerce", 0, "type.builtin"),
        ("{", 0, "punctuation.bracket"),
        ("content", 0, "property"),
        ("title", 0, "property"),
        ("\"Knit ", 0, "string"),
        ("\\u{AC00}", 0, "string.escape"),
        ("\"http://img.example.com/k.jpg\"", 0, "string.special.url"),
        ("640x640", 0, "number"),
        ("web", 0, "variable.parameter"),
        ("=", 1, "operator"),
        ("${shop}", 0, "variable"),
        ("commerce", 1, "property"),
        ("208_800", 0, "number"),
        ("30%", 0, "number"),
        ("\"Buy ", 0, "string"),
        ("$${", 0, "string.escape"),
        ("code}\"", 0, "string"),
        ("}", 2, "punctuation.bracket"),
        ("}", 6, "punctuation.bracket"),
    ] {
        let Some((at, _)) = text.match_indices(needle).nth(nth) else {
            failures.push(format!("{needle:?} #{nth} is not in the sample"));
            continue;
        };
        let got: Vec<Option<&str>> = colours[at..at + needle.len()].to_vec();
        if got.iter().any(|c| *c != Some(expected)) {
            failures.push(format!(
                "{needle:?} #{nth}: expected {expected}, got {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // A template keyword Kakao does not have is shown as a plain type.
    let typo = highlights("feeed { }");
    assert_eq!(typo[..5], [Some("type"); 5]);
    // A `"""` string is a string, its variables variables.
    let raw = "text {\n  text \"\"\"\n    Hi ${name}\n    \"\"\"\n}\n";
    let colours = highlights(raw);
    let at = raw.find("Hi").expect("Hi");
    assert_eq!(colours[at], Some("string"));
    let at = raw.find("${name}").expect("name");
    assert_eq!(colours[at..at + 7], [Some("variable"); 7]);
}

/// `queries/helix/highlights.scm`: the highlights in Helix's capture names.
fn helix_highlights() -> String {
    const RENAMES: &[(&str, &str)] = &[
        ("@property", "@variable.other.member"),
        ("@number", "@constant.numeric"),
        ("@string.escape", "@constant.character.escape"),
    ];
    let mut text = tree_sitter_ktpl::HIGHLIGHTS_QUERY.to_owned();
    for (from, to) in RENAMES {
        text = text.replace(&format!("{from})"), &format!("{to})"));
        text = text.replace(&format!("{from}\n"), &format!("{to}\n"));
        text = text.replace(&format!("{from} "), &format!("{to} "));
    }
    format!(
        "; Generated from ../highlights.scm by tests/tree_sitter.rs, with Helix's capture names;\n\
         ; do not edit. Regenerate: KTPL_UPDATE_DOCS=1 cargo test --test integration tree_sitter::\n\n{text}"
    )
}

#[test]
fn helix_highlights_are_current() {
    let path = repo(&format!("{GRAMMAR}/queries/helix/highlights.scm"));
    let generated = helix_highlights();
    for from in ["@property", "@number", "@string.escape"] {
        assert!(
            !generated.contains(&format!("{from} ")) && !generated.contains(&format!("{from}\n")),
            "{from} left in the Helix queries"
        );
    }
    if std::env::var_os("KTPL_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &generated).expect("write");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is stale; regenerate with `KTPL_UPDATE_DOCS=1 cargo test --test integration tree_sitter::`",
        path.display()
    );
}

/// The tree-sitter CLI version the committed parser was generated with.
const CLI_VERSION: &str = "0.25.10";

/// The committed `src/` is what `tree-sitter generate` makes of `grammar.js`. Needs the
/// tree-sitter CLI of the same version (CI has none; the grammar's README says how to
/// install it), and skips without it.
#[test]
#[allow(clippy::print_stderr)] // says why it skipped
fn the_committed_parser_is_generated_from_grammar_js() {
    let version = Command::new("tree-sitter").arg("--version").output();
    let version = match version {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).into_owned(),
        _ => {
            eprintln!(
                "skipped: no tree-sitter CLI (cargo install tree-sitter-cli@{CLI_VERSION} --locked)"
            );
            return;
        }
    };
    if !version.contains(CLI_VERSION) {
        eprintln!(
            "skipped: tree-sitter CLI {version} is not {CLI_VERSION}, which generated the parser"
        );
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    for file in ["grammar.js", "tree-sitter.json"] {
        std::fs::copy(repo(&format!("{GRAMMAR}/{file}")), dir.path().join(file)).expect("copy");
    }
    let out = Command::new("tree-sitter")
        .arg("generate")
        .current_dir(dir.path())
        .output()
        .expect("tree-sitter runs");
    assert!(
        out.status.success(),
        "tree-sitter generate: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut stale = Vec::new();
    for file in generated_files(&dir.path().join("src")) {
        let relative = file.strip_prefix(dir.path()).expect("inside");
        let committed = repo(GRAMMAR).join(relative);
        if std::fs::read(&file).ok() != std::fs::read(&committed).ok() {
            stale.push(relative.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "{stale:?} differ from what grammar.js generates; run `tree-sitter generate` in {GRAMMAR} and commit src/"
    );
}

fn generated_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("src/") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(generated_files(&path));
        } else {
            out.push(path);
        }
    }
    out
}
