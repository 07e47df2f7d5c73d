; Indentation in Zed's captures: one level inside every `{ }` block.
(block
  "}" @end) @indent
