#!/usr/bin/env bash
# The ktpl benchmark: speed and memory of `ktpl check` against a floor measured in
# the same run. See benches/README.md.
#
# usage: benches/run.sh [N]          (default 10000 templates, both as .json and .ktpl)
#        benches/run.sh N --memory   (only peak memory of the JSON run, e.g. N=100000)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
n="${1:-10000}"
memory_only="${2:-}"

if [ ! -x /usr/bin/time ]; then
  echo "bench: /usr/bin/time is needed (Debian: apt-get install -y time)" >&2
  exit 2
fi

echo "== building (release)"
cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
cargo build --release --quiet --manifest-path "$here/floor/Cargo.toml"
ktpl="$repo/target/release/ktpl"
floor="$here/floor/target/release/ktpl-floor"

corpus="$(mktemp -d)"
trap 'rm -rf "$corpus"' EXIT
python3 "$here/gen_corpus.py" "$corpus" "$n" >/dev/null
echo "== corpus: $n templates x 2 forms in $corpus ($(nproc) cores)"

# Prints "seconds peak_kb" for a command (its output discarded, exit status ignored).
measure() {
  local log="$corpus/time.log" start end
  start=$(date +%s%N)
  /usr/bin/time -o "$log" -f '%M' "$@" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000000 )).$(( (end - start) / 1000 % 1000 ))e-3 $(tail -n 1 "$log")" \
    | awk '{ printf "%.3f %s\n", $1, $2 }'
}

# Best of 3 runs: the least disturbed by whatever else the machine is doing.
best() {
  local best_s="" best_kb=""
  for _ in 1 2 3; do
    read -r s kb <<<"$(measure "$@")"
    if [ -z "$best_s" ] || awk "BEGIN{exit !($s < $best_s)}"; then best_s="$s"; fi
    if [ -z "$best_kb" ] || [ "$kb" -gt "$best_kb" ]; then best_kb="$kb"; fi
  done
  echo "$best_s $best_kb"
}

if [ "$memory_only" = "--memory" ]; then
  read -r s kb <<<"$(measure "$ktpl" check --format json "$corpus/json")"
  echo "ktpl check on $n JSON files: ${s}s, peak $((kb / 1024)) MB (target: under 64 MB at 100,000)"
  exit 0
fi

read -r floor_s floor_kb <<<"$(best "$floor" "$corpus/json")"
read -r json_s json_kb <<<"$(best "$ktpl" check --format json "$corpus/json")"
read -r ktpl_s ktpl_kb <<<"$(best "$ktpl" check --format json "$corpus/ktpl")"

small="$repo/examples/kakao-samples/text_kakao_docs.ktpl"
small_ms="$(python3 - "$ktpl" "$small" <<'PY'
import subprocess, sys, time
best = min(
    (lambda s: (subprocess.run([sys.argv[1], "check", sys.argv[2]], stdout=subprocess.DEVNULL), time.perf_counter() - s)[1])(time.perf_counter())
    for _ in range(30)
)
print(f"{best * 1000:.1f}")
PY
)"

python3 - "$n" "$floor_s" "$floor_kb" "$json_s" "$json_kb" "$ktpl_s" "$ktpl_kb" "$small_ms" <<'PY'
import sys
n = int(sys.argv[1])
fs, fk, js, jk, ks, kk, sm = map(float, sys.argv[2:])
def rate(s): return f"{n / s:,.0f}" if s > 0 else "inf"
print(f"{'run':<26}{'wall s':>8}{'files/s':>12}{'peak MB':>9}")
print(f"{'floor (serde+jsonschema)':<26}{fs:>8.3f}{rate(fs):>12}{fk/1024:>9.1f}")
print(f"{'ktpl check, .json':<26}{js:>8.3f}{rate(js):>12}{jk/1024:>9.1f}")
print(f"{'ktpl check, .ktpl':<26}{ks:>8.3f}{rate(ks):>12}{kk/1024:>9.1f}")
r1 = js / fs if fs else float('inf')
r2 = ks / js if js else float('inf')
print()
print(f"json / floor  = {r1:.2f}  (target <= 1.5)  {'met' if r1 <= 1.5 else 'NOT met'}")
print(f"ktpl / json   = {r2:.2f}  (target <= 2.0)  {'met' if r2 <= 2.0 else 'NOT met'}")
print(f"one small file: {sm:.1f} ms (target < 5 ms)  {'met' if sm < 5 else 'NOT met'}")
PY
