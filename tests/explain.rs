//! Every code has an explanation whose wrong example produces it and whose right
//! example passes.

use ktpl::code::Code;
use ktpl::explain::{example, explanation};
use ktpl::source::{SourceFile, SourceKind};

use crate::harness::check;

#[test]
fn every_code_is_explained_with_examples_that_do_what_they_say() {
    let mut failures = Vec::new();
    for code in Code::ALL {
        let Some(section) = explanation(*code) else {
            failures.push(format!("{code}: no section in src/explain.md"));
            continue;
        };
        if section.contains("Needs:") {
            continue;
        }
        for (label, should_report) in [("Wrong", true), ("Right", false)] {
            let Some((language, text)) = example(*code, label) else {
                failures.push(format!("{code}: no {label} example"));
                continue;
            };
            let kind = match language {
                "ktpl" => SourceKind::Ktpl,
                "json" => SourceKind::Json,
                _ => continue,
            };
            let source = SourceFile::new(format!("{code} {label}"), text, kind);
            let checked = check(&source);
            let reported = checked.problems.iter().any(|p| p.code == *code);
            if should_report && !reported {
                failures.push(format!(
                    "{code}: the Wrong example does not report it: {:?}",
                    checked.problems
                ));
            }
            if !should_report && checked.problems.has_errors() {
                failures.push(format!(
                    "{code}: the Right example has errors: {:?}",
                    checked.problems
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
