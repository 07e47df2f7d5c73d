//! Every template Kakao published (copied into `tests/data/kakao/templates`) passes
//! unchanged.

use crate::harness::{KAKAO_TEMPLATES, compiles_cleanly, files_under};

#[test]
fn kakao_corpus_templates_pass() {
    let paths = files_under(KAKAO_TEMPLATES, &["json"]);
    assert_eq!(paths.len(), 4, "expected Kakao's four templates: {paths:?}");
    for path in &paths {
        compiles_cleanly(path);
    }
}
