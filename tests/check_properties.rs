//! Properties over random valid templates (`generate`): the same template written as
//! `.ktpl` and as raw JSON compiles to the same JSON with a span map covering it
//! exactly, and checks with the same findings and no error; one with nothing to warn
//! about checks with no finding at all.

use ktpl::internals::Spans;
use ktpl::{Config, Severity, Source, Vars};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

use crate::generate::{Findings, as_ktpl, template};
use crate::harness::assert_span_map_complete;

/// What a check found, without positions (which differ between the two sources).
fn findings(source: &Source) -> Vec<(String, Severity, Option<String>)> {
    let report = ktpl::check(source, &Vars::new(), &Config::default());
    let mut found: Vec<_> = report
        .findings
        .iter()
        .map(|f| (f.code.to_owned(), f.severity, f.pointer.clone()))
        .collect();
    found.sort();
    found
}

fn runner() -> ProptestConfig {
    ProptestConfig {
        cases: 160,
        // Seeds of failures found here go beside this file.
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("regressions"))),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(runner())]

    #[test]
    fn ktpl_and_json_agree_and_valid_templates_have_no_error(value in template(Findings::Any)) {
        let ktpl_text = as_ktpl(&value);
        let ktpl_source = Source::ktpl("random.ktpl", ktpl_text.as_str());
        let document = ktpl::internals::parse(&ktpl_text)
            .map_err(|p| TestCaseError::fail(format!("{ktpl_text}\n{p:?}")))?;
        let (compiled, compile_problems) =
            ktpl::internals::compile(&document, &Vars::new(), Spans::Record);
        prop_assert!(compile_problems.is_empty(), "{ktpl_text}\n{compile_problems:?}");
        prop_assert_eq!(&compiled.value, &value, "{}", ktpl_text);
        assert_span_map_complete(&ktpl_source, &compiled);

        let json_text = serde_json::to_string_pretty(&value).expect("json");
        let json_source = Source::json("random.json", json_text.as_str());
        let (read, _) = ktpl::internals::read_json(&json_text);
        assert_span_map_complete(&json_source, &read.expect("valid JSON"));

        let from_ktpl = findings(&ktpl_source);
        prop_assert_eq!(&from_ktpl, &findings(&json_source), "{}", ktpl_text);
        prop_assert!(
            from_ktpl.iter().all(|(_, severity, _)| *severity == Severity::Warning),
            "{ktpl_text}\n{from_ktpl:?}"
        );
    }

    #[test]
    fn templates_with_nothing_to_warn_about_check_clean(value in template(Findings::None)) {
        let ktpl_text = as_ktpl(&value);
        let from_ktpl = findings(&Source::ktpl("clean.ktpl", ktpl_text.as_str()));
        prop_assert!(from_ktpl.is_empty(), "{ktpl_text}\n{from_ktpl:?}");
        let json_text = serde_json::to_string(&value).expect("json");
        let from_json = findings(&Source::json("clean.json", json_text.as_str()));
        prop_assert!(from_json.is_empty(), "{json_text}\n{from_json:?}");
    }
}
