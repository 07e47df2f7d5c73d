#!/bin/sh
# The wheel's manual pages and shell completions, written by the binary it ships, where
# pyproject.toml's `data` puts them under the installing environment's prefix; the same
# layout python/build_backend.py's stage_pages() writes for builds from source.
#   .github/stage-pages.sh BINARY
set -eu
share=target/wheel-data/data/share
rm -rf "$share"
mkdir -p "$share/man/man1" "$share/bash-completion/completions" \
  "$share/zsh/site-functions" "$share/fish/vendor_completions.d"
"$1" man --dir "$share/man/man1"
"$1" completions bash > "$share/bash-completion/completions/ktpl"
"$1" completions zsh > "$share/zsh/site-functions/_ktpl"
"$1" completions fish > "$share/fish/vendor_completions.d/ktpl.fish"
