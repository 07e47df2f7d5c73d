//! Property tests over generated templates (`generate`: all six types, random
//! optional fields, Korean, emoji and multi-line text): import then compile gives the
//! template back, from REST JSON and from a pasted JavaScript literal; formatting
//! sources with generated comments and blank lines is idempotent and changes no
//! compiled JSON.

use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, FileFailurePersistence};

use ktpl::internals::to_json;
use ktpl::{Config, ImportOptions as Options, Source, Vars, format as format_source, import};

use crate::generate::{Findings, template};
use crate::harness::{compile_source, js_literal};

fn imported(text: &str, factor_lets: bool) -> String {
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
fn with_trivia(source: &str, choices: &[u8]) -> String {
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

fn runner() -> RunnerConfig {
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
}
