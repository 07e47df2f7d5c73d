#!/usr/bin/env bash
# The ktpl benchmark: the floor, ktpl and two peers (ajv-cli, check-jsonschema) on one
# generated corpus, in paired, interleaved rounds. See benches/README.md.
#
# usage: [KTPL_BIN=path] benches/run.sh [N] [--rounds R] [--small-rounds S] [--no-peers]
#                                   (default N=10000 templates, as .json and as .ktpl)
#        benches/run.sh N --memory  (only peak memory of the JSON run, e.g. N=100000)
#
# The peers are installed on first use into target/bench-tools/ (a Python venv with
# check-jsonschema from PyPI; ajv-cli 5 with ajv 8 and ajv-formats from npm).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
n="${1:-10000}"
shift || true
memory_only=""
bench_args=()
for arg in "$@"; do
  if [ "$arg" = "--memory" ]; then memory_only=1; else bench_args+=("$arg"); fi
done

# KTPL_BIN=path measures another build of ktpl (e.g. a copy of the binary before a change).
echo "== building (release)"
if [ -z "${KTPL_BIN:-}" ]; then
  cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
fi
cargo build --release --quiet --manifest-path "$here/floor/Cargo.toml"
ktpl="${KTPL_BIN:-$repo/target/release/ktpl}"
floor="$here/floor/target/release/ktpl-floor"

tools="$repo/target/bench-tools"
cjs="$tools/venv/bin/check-jsonschema"
ajv="$tools/npm/node_modules/.bin/ajv"
if [[ ! " ${bench_args[*]-} " =~ " --no-peers " ]] && [ -z "$memory_only" ]; then
  if [ ! -x "$cjs" ]; then
    echo "== installing check-jsonschema into $tools/venv"
    python3 -m venv "$tools/venv"
    "$tools/venv/bin/pip" install --quiet check-jsonschema
  fi
  if [ ! -x "$ajv" ]; then
    echo "== installing ajv-cli into $tools/npm"
    npm install --silent --no-audit --no-fund --prefix "$tools/npm" ajv-cli@5 ajv@8 ajv-formats@3
  fi
  echo "== peers: $("$cjs" --version); ajv-cli $(node -p "require('$tools/npm/node_modules/ajv-cli/package.json').version") with ajv $(node -p "require('$tools/npm/node_modules/ajv/package.json').version")"
fi

corpus="$(mktemp -d)"
trap 'rm -rf "$corpus"' EXIT
python3 "$here/gen_corpus.py" "$corpus" "$n" >/dev/null
echo "== corpus: $n templates x 2 forms in $corpus ($(nproc) cores)"

if [ -n "$memory_only" ]; then
  /usr/bin/time -o "$corpus/time.log" -f '%e %M' "$ktpl" check --format json "$corpus/json" >/dev/null 2>&1 || true
  # GNU time puts "Command exited with non-zero status 1" first: the figures are last.
  read -r s kb < <(tail -n 1 "$corpus/time.log")
  echo "ktpl check on $n JSON files: ${s}s, peak $((kb / 1024)) MB (target: flat in N)"
  exit 0
fi

# check-jsonschema resolves `$ref`s against each schema's `$id` and would fetch
# https://ktpl.dev/...: it gets the same schemas with `file:` ids instead.
mkdir -p "$corpus/file-schemas"
cp -r "$repo/schemas/." "$corpus/file-schemas/"
python3 - "$corpus/file-schemas" <<'PY'
import json, pathlib, sys
for path in pathlib.Path(sys.argv[1]).resolve().rglob("*.json"):
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["$id"] = path.as_uri()
    path.write_text(json.dumps(schema, ensure_ascii=False, indent=2), encoding="utf-8")
PY

# The pre-commit case: one small source, and the same template as JSON for the peer.
small="$repo/examples/kakao-samples/text_kakao_docs.ktpl"
"$ktpl" compile "$small" >"$corpus/small.json"

python3 "$here/bench.py" --ktpl "$ktpl" --floor "$floor" --corpus "$corpus" \
  --schemas "$repo/schemas" --file-schemas "$corpus/file-schemas" \
  --ajv "$ajv" --check-jsonschema "$cjs" \
  --small-ktpl "$small" --small-json "$corpus/small.json" ${bench_args[@]+"${bench_args[@]}"}
if [ -n "${KTPL_BIN:-}" ]; then
  echo "ktpl: $KTPL_BIN (KTPL_BIN); tree at $(git -C "$repo" rev-parse --short HEAD)"
else
  echo "commit: $(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet HEAD -- src grammar schemas Cargo.toml Cargo.lock || echo ' (with uncommitted changes)')"
fi
