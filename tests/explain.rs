//! Every code has an explanation whose wrong example produces it and whose right
//! example passes.

use ktpl::Source;
use ktpl::internals::{Code, example, explanation};

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
            let name = format!("{code} {label}");
            let source = match language {
                "ktpl" => Source::ktpl(name, text),
                "json" => Source::json(name, text),
                _ => continue,
            };
            let report = check(&source);
            let reported = report.findings.iter().any(|f| f.code == code.name());
            if should_report && !reported {
                failures.push(format!(
                    "{code}: the Wrong example does not report it: {:?}",
                    report.findings
                ));
            }
            if !should_report && report.has_errors() {
                failures.push(format!(
                    "{code}: the Right example has errors: {:?}",
                    report.findings
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
