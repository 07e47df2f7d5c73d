//! The ktpl language for [tree-sitter](https://tree-sitter.github.io/): the parser
//! generated from `grammar.js` and the highlight, indent and injection queries.
//!
//! ```
//! let mut parser = tree_sitter::Parser::new();
//! parser
//!     .set_language(&tree_sitter_ktpl::LANGUAGE.into())
//!     .expect("the ktpl grammar loads");
//! let tree = parser.parse("text { text \"hi\" }", None).expect("a tree");
//! assert!(!tree.root_node().has_error());
//! ```

use tree_sitter_language::LanguageFn;

extern "C" {
    fn tree_sitter_ktpl() -> *const ();
}

/// The ktpl language, for `tree_sitter::Parser::set_language(&LANGUAGE.into())`.
// SAFETY: `tree_sitter_ktpl` is the generated parser's entry point; it returns a
// pointer to a static `TSLanguage`.
pub const LANGUAGE: LanguageFn = unsafe { LanguageFn::from_raw(tree_sitter_ktpl) };

/// The node types of the grammar (`src/node-types.json`).
pub const NODE_TYPES: &str = include_str!("../../src/node-types.json");

/// Syntax highlighting, in nvim-treesitter's capture names.
pub const HIGHLIGHTS_QUERY: &str = include_str!("../../queries/highlights.scm");

/// Languages inside ktpl: comments go to the `comment` grammar.
pub const INJECTIONS_QUERY: &str = include_str!("../../queries/injections.scm");

/// Indentation, in nvim-treesitter's capture names.
pub const INDENTS_QUERY: &str = include_str!("../../queries/indents.scm");

#[cfg(test)]
mod tests {
    #[test]
    fn the_language_loads() {
        let mut parser = tree_sitter::Parser::new();
        parser
            .set_language(&super::LANGUAGE.into())
            .expect("the ktpl grammar loads");
    }
}
