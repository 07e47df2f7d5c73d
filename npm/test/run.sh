#!/usr/bin/env bash
# The npm packages as a user gets them: stages this machine's platform package around
# BINARY, packs it and the launcher (`npm pack`), installs both into an empty folder from
# the packed files only (offline; the registry is a closed port), then runs `npx ktpl
# check`, a language-server round trip and a signal through the launcher.
#   npm/test/run.sh BINARY [TARGET]     (TARGET: a Rust target of npm/platforms.json)
set -euo pipefail
binary=$(realpath "$1")
target=${2:-$(uname -m)-unknown-linux-gnu}  # this machine (Linux, glibc)
npm_dir=$(cd "$(dirname "$0")/.." && pwd)
repo=$(dirname "$npm_dir")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

node "$npm_dir/stage.mjs"
platform=$(node "$npm_dir/stage.mjs" --target "$target" --binary "$binary" --out "$work/stage")
npm pack --silent --pack-destination "$work" "$npm_dir/ktpl" "$platform" >/dev/null
packed=("$work"/*.tgz)
[ ${#packed[@]} -eq 2 ] || { echo "npm test: expected 2 packed files, got ${packed[*]}" >&2; exit 1; }

mkdir "$work/app"
cd "$work/app"
echo '{"private": true}' > package.json
npm install --offline --no-audit --no-fund --registry http://127.0.0.1:9/ "${packed[@]}" >/dev/null

cp -r "$repo/examples" templates
out=$(npx --offline ktpl check templates 2>&1) || { echo "$out" >&2; echo "npm test: npx ktpl check failed" >&2; exit 1; }
echo "npx ktpl check: ${out##*$'\n'}"
printf 'text {\n  titel "x"\n}\n' > broken.ktpl
if npx --offline ktpl check broken.ktpl >/dev/null 2>&1; then
  echo "npm test: a broken template passed" >&2; exit 1
else
  status=$?
  [ "$status" -eq 1 ] || { echo "npm test: exit $status for a broken template, not 1" >&2; exit 1; }
fi
node "$npm_dir/test/lsp.mjs" node_modules/.bin/ktpl lsp
node "$npm_dir/test/signal.mjs" node_modules/.bin/ktpl
echo "npm: 4 passed, 0 failed"
