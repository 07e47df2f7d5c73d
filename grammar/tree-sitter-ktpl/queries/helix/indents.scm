; Indentation in Helix's captures: one level inside every `{ }` block.
(block) @indent

(block
  "}" @outdent)
