; Indentation (nvim-treesitter's captures): one level inside every `{ }` block.
; queries/helix/indents.scm says the same in Helix's captures.
(block) @indent.begin

(block
  "}" @indent.end @indent.branch)

(comment) @indent.auto
