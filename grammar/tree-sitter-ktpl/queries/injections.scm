; Comments are handed to the `comment` grammar (TODO, FIXME, NOTE, URLs) where the
; editor has one. Nothing else in ktpl is another language: texts are plain text shown
; as they are, links are single URLs (highlighted as such in highlights.scm), and
; execution params are `key=value&...` query strings, which no grammar covers.
((comment) @injection.content
  (#set! injection.language "comment"))
