//! Valid templates (fixtures and examples) compile to pinned JSON with complete span maps.

use crate::harness::compiles_cleanly;

#[test]
fn valid_fixtures() {
    insta::glob!("fixtures/valid/**/*.ktpl", |path| {
        insta::assert_snapshot!(ktpl::compile::key_order::to_json(
            &compiles_cleanly(path),
            true
        ));
    });
}

#[test]
fn examples() {
    insta::glob!("../examples", "*.{ktpl,json}", |path| {
        insta::assert_snapshot!(ktpl::compile::key_order::to_json(
            &compiles_cleanly(path),
            true
        ));
    });
}

#[test]
fn output_is_byte_stable_and_in_kakao_key_order() {
    let path = crate::harness::repo("examples/commerce_dress.ktpl");
    let first = ktpl::compile::key_order::to_json(&compiles_cleanly(&path), false);
    let second = ktpl::compile::key_order::to_json(&compiles_cleanly(&path), false);
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
