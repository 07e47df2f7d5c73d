//! Property tests over generated templates (`generate`: all six types, random
//! optional fields, Korean, emoji and multi-line text): import then compile gives the
//! template back, from REST JSON and from a pasted JavaScript literal; formatting
//! sources with generated comments and blank lines is idempotent and changes no
//! compiled JSON; `check --fix` leaves a valid template valid, and mends a known typo
//! or quoted number into the very template it came from, or leaves it for the author.

use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, FileFailurePersistence};

use serde_json::Value;

use ktpl::internals::{Which, fix_source, to_json};
#[cfg(feature = "import-code")]
use ktpl::{CodeDialect as Dialect, CodeLanguage as Language};
use ktpl::{
    Config, ImportOptions as Options, Source, SourceKind, Vars, format as format_source, import,
};

use crate::generate::{Findings, template};
use crate::harness::{compile_source, js_literal};

pub(crate) fn imported(text: &str, factor_lets: bool) -> String {
    let options = Options {
        from: None,
        factor_lets,
    };
    import(text, &options, &Config::default())
        .unwrap_or_else(|report| panic!("not imported: {:?}\n{text}", report.findings))
}

/// Comments and blank lines scattered through a canonical source, never inside a
/// `"""` string: `choices[i]` says what goes before (1: blank, 2: comment) or after
/// (3: trailing comment) line `i`.
pub(crate) fn with_trivia(source: &str, choices: &[u8]) -> String {
    let mut out = String::new();
    let mut inside = false;
    for (index, line) in source.lines().enumerate() {
        let choice = choices[index % choices.len()];
        let opens = !inside && line.ends_with("\"\"\"");
        if !inside {
            match choice {
                1 => out.push('\n'),
                2 => out.push_str(&format!("// 메모 ✨ {{ \" {index}\n")),
                _ => {}
            }
        }
        out.push_str(line);
        if !inside && !opens && choice == 3 {
            out.push_str(" // 끝 }");
        }
        out.push('\n');
        if inside && line.trim_start().starts_with("\"\"\"") {
            inside = false;
        } else if opens {
            inside = true;
        }
    }
    out
}

/// `source` with the name that starts line `line` (counted over the lines that start
/// with a name, outside `"""` strings) misspelt by swapping two neighbouring letters.
fn misspell_a_name(source: &str, line: usize, at: usize) -> Option<String> {
    let mut names = Vec::new();
    let mut inside = false;
    let mut offset = 0;
    for text in source.split_inclusive('\n') {
        let trimmed = text.trim_start();
        let name_len = trimmed
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(trimmed.len());
        if !inside && name_len >= 2 && !trimmed.starts_with("let ") {
            names.push((offset + text.len() - trimmed.len(), name_len));
        }
        let quotes = text.matches("\"\"\"").count();
        if quotes % 2 == 1 {
            inside = !inside;
        }
        offset += text.len();
    }
    let (start, len) = *names.get(line % names.len().max(1))?;
    let name = &source[start..start + len];
    let i = at % (len - 1);
    let bytes = name.as_bytes();
    if bytes[i] == bytes[i + 1] {
        return None;
    }
    let mut typo = bytes.to_vec();
    typo.swap(i, i + 1);
    let typo = String::from_utf8(typo).ok()?;
    Some(format!(
        "{}{typo}{}",
        &source[..start],
        &source[start + len..]
    ))
}

/// Pretty JSON with the key that starts line `line` (counted over the lines that start
/// with a key) misspelt by swapping two neighbouring letters.
fn misspell_a_json_key(json: &str, line: usize, at: usize) -> Option<String> {
    let mut keys = Vec::new();
    let mut offset = 0;
    for text in json.split_inclusive('\n') {
        let trimmed = text.trim_start();
        if let Some(rest) = trimmed.strip_prefix('"')
            && let Some(len) = rest.find('"')
            && rest[len..].starts_with("\":")
            && len >= 2
        {
            keys.push((offset + text.len() - trimmed.len() + 1, len));
        }
        offset += text.len();
    }
    let (start, len) = *keys.get(line % keys.len().max(1))?;
    let i = at % (len - 1);
    let mut typo = json.as_bytes()[start..start + len].to_vec();
    if typo[i] == typo[i + 1] {
        return None;
    }
    typo.swap(i, i + 1);
    let typo = String::from_utf8(typo).ok()?;
    Some(format!("{}{typo}{}", &json[..start], &json[start + len..]))
}

/// `source` with its first integer argument (` 640x640` sizes excepted) quoted,
/// `1000` becoming `"1,000"`.
fn quote_a_number(source: &str) -> Option<String> {
    let mut inside = false;
    let mut offset = 0;
    for text in source.split_inclusive('\n') {
        if !inside
            && let Some(found) = text.split(' ').find(|word| {
                let word = word.trim_end();
                !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit()) && word.len() < 10
            })
        {
            let word = found.trim_end();
            let at = offset + text.find(&format!(" {word}"))? + 1;
            let grouped = word
                .parse::<u64>()
                .ok()?
                .to_string()
                .as_bytes()
                .rchunks(3)
                .rev()
                .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
                .collect::<Vec<_>>()
                .join(",");
            return Some(format!(
                "{}\"{grouped}\"{}",
                &source[..at],
                &source[at + word.len()..]
            ));
        }
        if text.matches("\"\"\"").count() % 2 == 1 {
            inside = !inside;
        }
        offset += text.len();
    }
    None
}

/// Fixes `text` with the safe fixes; the template it compiles to, or `None` when errors
/// are left.
fn fixed(text: &str, kind: SourceKind, which: Which) -> (String, Option<Value>) {
    let source = source_of(text, kind);
    let fixed = fix_source(&source, &Vars::new(), &Config::default(), which);
    assert!(!fixed.undone, "a fix broke the template:\n{text}");
    if fixed.checked.problems.has_errors() {
        return (fixed.text, None);
    }
    let value = match kind {
        SourceKind::Ktpl => compile_source(&fixed.text),
        SourceKind::Json => serde_json::from_str(&fixed.text).expect("fixed JSON"),
    };
    (fixed.text, Some(value))
}

fn has_errors(text: &str, kind: SourceKind) -> bool {
    ktpl::check(&source_of(text, kind), &Vars::new(), &Config::default()).has_errors()
}

fn source_of(text: &str, kind: SourceKind) -> Source {
    match kind {
        SourceKind::Ktpl => Source::ktpl("gen", text),
        SourceKind::Json => Source::json("gen", text),
    }
}

pub(crate) fn runner() -> RunnerConfig {
    RunnerConfig {
        cases: 96,
        // Seeds of failures found here go beside this file.
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("regressions"))),
        ..RunnerConfig::default()
    }
}

proptest! {
    #![proptest_config(runner())]

    #[test]
    fn import_then_compile_gives_back_the_template(value in template(Findings::Any), lets in prop::bool::ANY) {
        let report = ktpl::check(
            &Source::json("gen.json", to_json(&value, true)),
            &Vars::new(),
            &Config::default(),
        );
        prop_assert!(!report.has_errors(), "generated an invalid template: {:?}", report.findings);
        let source = imported(&to_json(&value, true), lets);
        prop_assert_eq!(compile_source(&source), value.clone(), "{}", source);
        let pasted = format!("Kakao.Share.sendDefault({});", js_literal(&value, 0));
        let source = imported(&pasted, lets);
        prop_assert_eq!(compile_source(&source), value, "{}", source);
    }

    #[test]
    fn formatting_with_comments_and_blank_lines_is_idempotent_and_keeps_meaning(
        value in template(Findings::Any),
        choices in prop::collection::vec(0..6u8, 1..40),
    ) {
        let source = imported(&to_json(&value, false), false);
        prop_assert_eq!(format_source(&source).expect("formats"), source.clone());
        let messy = with_trivia(&source, &choices);
        prop_assert_eq!(compile_source(&messy), value.clone(), "{}", messy);
        let once = format_source(&messy).expect("formats");
        prop_assert_eq!(compile_source(&once), value, "{}", once);
        prop_assert_eq!(format_source(&once).expect("formats"), once.clone());
        let comments = |text: &str| text.matches("// ").count();
        prop_assert_eq!(comments(&once), comments(&messy));
    }

    #[test]
    fn fixes_keep_valid_templates_valid_and_mend_typos_into_the_template_they_came_from(
        value in template(Findings::Any),
        line in 0..64usize,
        at in 0..64usize,
    ) {
        let ktpl_source = imported(&to_json(&value, false), false);
        let json_source = to_json(&value, true);
        for (text, kind) in [(&ktpl_source, SourceKind::Ktpl), (&json_source, SourceKind::Json)] {
            // A valid template gets no safe fix, and stays valid whatever is applied.
            let (safe, _) = fixed(text, kind, Which::Safe);
            prop_assert_eq!(&safe, text);
            let (all, compiled) = fixed(text, kind, Which::All);
            prop_assert!(compiled.is_some(), "unsafe fixes broke a valid template:\n{}", all);
        }
        let mutants = [misspell_a_name(&ktpl_source, line, at), quote_a_number(&ktpl_source)];
        for mutant in mutants.into_iter().flatten() {
            // A swap that happens to spell another field is no typo.
            prop_assume!(has_errors(&mutant, SourceKind::Ktpl));
            let (text, compiled) = fixed(&mutant, SourceKind::Ktpl, Which::Safe);
            if let Some(compiled) = compiled {
                prop_assert_eq!(compiled, value.clone(), "{}\nfixed into\n{}", mutant, text);
            }
        }
        let json_mutant = misspell_a_json_key(&json_source, line, at);
        if let Some(mutant) = json_mutant.filter(|m| has_errors(m, SourceKind::Json)) {
            let (text, compiled) = fixed(&mutant, SourceKind::Json, Which::Safe);
            if let Some(compiled) = compiled {
                prop_assert_eq!(compiled, value, "{}\nfixed into\n{}", mutant, text);
            }
        }
    }
}

/// A generated template written inside generated application code: JavaScript or
/// Python, inside a function, a class, a call or an object, with other objects (and a
/// brace in a string, and a comment) before and after it.
#[cfg(feature = "import-code")]
fn in_code(value: &Value, language: u8, wrapper: u8, around: bool) -> (String, Language) {
    let before_js = "import { track } from './t';\nconst opts = { debug: true, nested: { a: [1, 2] } };\n// Kakao.Share.sendDefault({\nconsole.log('{', `}`);\n";
    let after_js = "\nconst other = { title: 'x', buttons: [] };\nexport default other;\n";
    let before_py =
        "import json\nopts = {'debug': True, 'nested': {'a': [1, 2]}}\n# send({\nprint('{')\n";
    let after_py = "\nother = {'title': 'x'}\n";
    if language == 0 {
        let literal = js_literal(value, 1);
        let body = match wrapper {
            0 => format!("Kakao.Share.sendDefault({literal});"),
            1 => format!(
                "function share(order) {{\n  if (order) {{ track('{{'); }}\n  const tpl = {literal};\n  Kakao.Share.sendDefault(tpl);\n}}"
            ),
            2 => format!("export const make = () => ({{ wrapped: 1, t: {literal} }});"),
            _ => format!(
                "class Messages {{\n  static template = {literal};\n  send() {{ return 1; }}\n}}"
            ),
        };
        let dialect = if wrapper == 3 {
            Dialect::TypeScript
        } else {
            Dialect::JavaScript
        };
        let code = if around {
            format!("{before_js}{body}{after_js}")
        } else {
            body
        };
        (code, Language::JavaScript(dialect))
    } else {
        let literal = to_json(value, true);
        let body = match wrapper {
            0 => format!("t = {literal}"),
            1 => format!(
                "def view(request):\n    data = {{'template_object': json.dumps({literal})}}\n    return data"
            ),
            2 => format!("class Messages:\n    template = {literal}\n"),
            _ => format!(
                "requests.post(URL, data={{'template_object': json.dumps(dict(**{literal}))}})"
            ),
        };
        let code = if around {
            format!("{before_py}{body}{after_py}")
        } else {
            body
        };
        (code, Language::Python)
    }
}

#[cfg(feature = "import-code")]
proptest! {
    #![proptest_config(runner())]

    #[test]
    fn templates_inside_generated_code_import_back(
        value in template(Findings::Any),
        language in 0..2u8,
        wrapper in 0..4u8,
        around in prop::bool::ANY,
    ) {
        let (code, language) = in_code(&value, language, wrapper, around);
        let file = ktpl::internals::import_code_file(&code, language, "gen", Options::default(), &Config::default());
        prop_assert!(file.problems.is_empty(), "{:?}\n{}", file.problems, code);
        prop_assert_eq!(file.templates.len(), 1, "{:?}\n{}", file.templates, code);
        let source = file.templates[0].source.clone();
        prop_assert!(source.is_some(), "{:?}\n{}", file.templates[0].problems, code);
        let source = source.unwrap_or_default();
        prop_assert_eq!(compile_source(&source), value, "{}\n{}", source, code);
    }
}
