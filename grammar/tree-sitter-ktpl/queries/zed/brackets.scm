; Matching brackets in Zed: a block's braces.
(block
  "{" @open
  "}" @close)
