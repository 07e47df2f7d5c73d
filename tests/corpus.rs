//! Every template Kakao published in `../shared/corpus/templates` passes unchanged.

use crate::harness::{compiles_cleanly, repo};

#[test]
fn kakao_corpus_templates_pass() {
    let dir = repo("../shared/corpus/templates");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("the shared corpus is beside the repository") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        compiles_cleanly(&path);
        seen += 1;
    }
    assert!(seen >= 4, "expected the corpus templates, found {seen}");
}
