//! Valid templates (fixtures and examples) compile to pinned JSON with complete span maps.

use crate::harness::{assert_span_map_complete, check, render, source};

fn compiles_cleanly(path: &std::path::Path) -> serde_json::Value {
    let source = source(path);
    let checked = check(&source);
    assert!(
        !checked.problems.has_errors(),
        "{} should be valid:\n{}",
        source.name,
        render(&source, &checked)
    );
    let compiled = checked.compiled.as_ref().expect("compiled");
    assert_span_map_complete(&source, compiled);
    compiled.value.clone()
}

#[test]
fn valid_fixtures() {
    insta::glob!("fixtures/valid/**/*.ktpl", |path| {
        insta::assert_json_snapshot!(compiles_cleanly(path));
    });
}

#[test]
fn examples() {
    insta::glob!("../examples", "*.{ktpl,json}", |path| {
        insta::assert_json_snapshot!(compiles_cleanly(path));
    });
}

#[test]
fn output_is_byte_stable_and_in_kakao_key_order() {
    let path = crate::harness::repo("examples/commerce_dress.ktpl");
    let first = serde_json::to_string(&compiles_cleanly(&path)).expect("json");
    let second = serde_json::to_string(&compiles_cleanly(&path)).expect("json");
    assert_eq!(first, second);
    let keys: Vec<&str> = [
        "\"object_type\":",
        "\"content\":",
        "\"commerce\":{",
        "\"buttons\":",
    ]
    .into_iter()
    .collect();
    let positions: Vec<usize> = keys.iter().map(|k| first.find(k).expect(k)).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{first}");
}
