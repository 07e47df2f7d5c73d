; Generated from ../highlights.scm by tests/tree_sitter.rs, with Helix's capture names;
; do not edit. Regenerate: KTPL_UPDATE_DOCS=1 cargo test --test integration tree_sitter::

; Highlights for ktpl, in the capture names of nvim-treesitter and the tree-sitter CLI
; (Zed falls back from a dotted name to its prefix). queries/helix/highlights.scm is
; the same with Helix's names, generated from this file by the tests.
; Patterns never capture the same node twice: editors disagree on which capture wins.

; `let name = value`
"let" @keyword
(binding
  name: (name) @variable)

; The template keyword: one of Kakao's six types, or a typo shown plainly as a type.
((template
  name: (name) @type.builtin)
  (#any-of? @type.builtin "feed" "list" "location" "commerce" "text" "calendar"))

((template
  name: (name) @type)
  (#not-any-of? @type "feed" "list" "location" "commerce" "text" "calendar"))

; Field names: `title "..."`, `content { ... }`, `button "..." { ... }`.
(node
  name: (name) @variable.other.member)

; `key=value` arguments: `link web="..."`, `social like=286`.
(keyed
  key: (name) @variable.parameter)

"=" @operator

; Strings; one that holds a URL (a scheme and `://`) is marked as one.
((string) @string.special.url
  (#match? @string.special.url "^\"[A-Za-z][A-Za-z0-9+.-]*://"))

((string) @string
  (#not-match? @string "^\"[A-Za-z][A-Za-z0-9+.-]*://"))

(raw_string) @string

(escape_sequence) @constant.character.escape

; `${name}` inside strings.
(interpolation) @variable

; `640`, `208_800`, `640x640`, `30%`
(number) @constant.numeric

(comment) @comment

(block
  [
    "{"
    "}"
  ] @punctuation.bracket)
