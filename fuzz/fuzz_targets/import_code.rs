//! `import` of application code on any UTF-8 text, through every front end (the first
//! byte picks JavaScript, TypeScript, TSX or Python): problems point inside the text,
//! and every source written compiles when each of its variables gets a value.

#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;

use ktpl::internals::{Problem, Spans, compile, import_code_file, parse};
use ktpl::{CodeDialect as Dialect, CodeLanguage as Language, Config, ImportOptions};

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let language = match first % 4 {
        0 => Language::JavaScript(Dialect::JavaScript),
        1 => Language::JavaScript(Dialect::TypeScript),
        2 => Language::JavaScript(Dialect::Tsx),
        _ => Language::Python,
    };
    let options = ImportOptions {
        from: None,
        factor_lets: first & 0x10 != 0,
    };
    let file = import_code_file(text, language, "fuzz", options, &Config::default());
    ktpl_fuzz::assert_problems_in(text, &file.problems);
    for template in &file.templates {
        ktpl_fuzz::assert_problems_in(text, &template.problems);
        let Some(source) = &template.source else {
            assert!(template.problems.has_errors(), "no source and no error");
            continue;
        };
        let vars: BTreeMap<String, String> = template
            .variables
            .iter()
            .map(|v| (v.name.clone(), "v".to_owned()))
            .collect();
        let document = parse(source)
            .unwrap_or_else(|problems| panic!("imported source does not parse: {problems:?}\n{source}"));
        let (_, problems) = compile(&document, &vars, Spans::Skip);
        assert!(
            !problems.iter().any(Problem::is_error),
            "imported source does not compile: {problems:?}\n{source}"
        );
    }
});
