//! Every template Kakao published in `../shared/corpus/templates` passes unchanged.

use crate::harness::{assert_span_map_complete, check, render, repo, source};

#[test]
fn kakao_corpus_templates_pass() {
    let dir = repo("../shared/corpus/templates");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("the shared corpus is beside the repository") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let source = source(&path);
        let checked = check(&source);
        assert!(
            !checked.problems.has_errors(),
            "{} must pass:\n{}",
            source.name,
            render(&source, &checked)
        );
        assert_span_map_complete(&source, checked.compiled.as_ref().expect("compiled"));
        seen += 1;
    }
    assert!(seen >= 4, "expected the corpus templates, found {seen}");
}
