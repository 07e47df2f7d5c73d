//! Compiles the generated parser (`src/parser.c`, committed; see the README).

fn main() {
    let src = std::path::Path::new("src");
    cc::Build::new()
        .std("c11")
        .include(src)
        .file(src.join("parser.c"))
        // Generated code: its warnings are not ours to fix.
        .warnings(false)
        .compile("tree-sitter-ktpl");
    println!("cargo:rerun-if-changed=src/parser.c");
    println!("cargo:rerun-if-changed=src/tree_sitter/parser.h");
}
