#!/usr/bin/env bash
# The steps of the ktpl GitHub Action (action.yml at the repository root), runnable by
# hand and in tests (.ci/dist-test points it at a local server):
#
#   ktpl.sh install   downloads ktpl-<target>.tar.gz of a release and its .sha256,
#                     checks the checksum, unpacks it and puts ktpl on GITHUB_PATH.
#       KTPL_VERSION       "0.1.0", "v0.1.0" or "latest"; empty: the action's own tag
#                          (KTPL_ACTION_REF, else the tag in GITHUB_ACTION_PATH), else latest
#       KTPL_DOWNLOAD_URL  releases base URL; default https://github.com/<repo>/releases
#                          (<repo>: KTPL_ACTION_REPOSITORY, else from GITHUB_ACTION_PATH)
#       KTPL_TARGET        the Rust target to download; default from RUNNER_OS/RUNNER_ARCH
#   ktpl.sh check     runs `ktpl check` on KTPL_PATHS (split on white space) with
#                     --format KTPL_FORMAT and KTPL_ARGS; with KTPL_SARIF=true also writes
#                     SARIF for code scanning. Never fails itself: the exit code goes to
#                     the step output `exit-code` (the action fails after the upload).
set -euo pipefail

fail() {
  echo "::error title=ktpl action::$*" >&2
  exit 1
}

output() {
  echo "$1=$2" >> "${GITHUB_OUTPUT:-/dev/null}"
}

temp_dir() {
  local dir=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
  if command -v cygpath >/dev/null 2>&1; then dir=$(cygpath -u "$dir"); fi
  echo "$dir"
}

target() {
  if [ -n "${KTPL_TARGET:-}" ]; then echo "$KTPL_TARGET"; return; fi
  local os=${RUNNER_OS:-$(uname -s)} arch=${RUNNER_ARCH:-$(uname -m)}
  case "$os/$arch" in
    # musl: static, so it runs on every Linux runner and in any container image.
    Linux/X64 | Linux/x86_64) echo x86_64-unknown-linux-musl ;;
    Linux/ARM64 | Linux/aarch64) echo aarch64-unknown-linux-gnu ;;
    macOS/X64 | Darwin/x86_64) echo x86_64-apple-darwin ;;
    macOS/ARM64 | Darwin/arm64) echo aarch64-apple-darwin ;;
    Windows/X64) echo x86_64-pc-windows-msvc ;;
    *) fail "no ktpl release for $os on $arch; build it with cargo install ktpl" ;;
  esac
}

# owner/repo and ref from the runner's checkout of this action: .../_actions/OWNER/REPO/REF
action_path_part() {
  local path=${GITHUB_ACTION_PATH:-}
  [ -n "$path" ] || return 0
  path=${path%/}
  case "$1" in
    ref) echo "${path##*/}" ;;
    repository)
      local repo=${path%/*}
      local owner=${repo%/*}
      echo "${owner##*/}/${repo##*/}"
      ;;
  esac
}

release_version() {
  local version=${KTPL_VERSION:-}
  if [ -z "$version" ]; then
    local ref=${KTPL_ACTION_REF:-$(action_path_part ref)}
    # A release tag (v1.2.3) pins the binary to the action; a branch or commit gets latest.
    if [[ "$ref" =~ ^v[0-9]+\.[0-9]+\.[0-9]+ ]]; then version=$ref; else version=latest; fi
  fi
  if [ "$version" != latest ]; then version="v${version#v}"; fi
  echo "$version"
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
  else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

install() {
  local version target archive base url dir expected actual
  version=$(release_version)
  target=$(target)
  archive="ktpl-$target.tar.gz"
  base=${KTPL_DOWNLOAD_URL:-}
  if [ -z "$base" ]; then
    local repository=${KTPL_ACTION_REPOSITORY:-$(action_path_part repository)}
    [ -n "$repository" ] || fail "cannot tell which repository to download ktpl from; set download-url"
    base="https://github.com/$repository/releases"
  fi
  if [ "$version" = latest ]; then url="$base/latest/download"; else url="$base/download/$version"; fi
  dir="$(temp_dir)/ktpl-$version-$target"
  rm -rf "$dir"
  mkdir -p "$dir"
  echo "ktpl: downloading $url/$archive"
  curl --fail --silent --show-error --location --retry 3 -o "$dir/$archive" "$url/$archive" \
    || fail "cannot download $url/$archive (is $version a ktpl release with a $target build?)"
  curl --fail --silent --show-error --location --retry 3 -o "$dir/$archive.sha256" "$url/$archive.sha256" \
    || fail "cannot download the checksum $url/$archive.sha256"
  expected=$(cut -d' ' -f1 < "$dir/$archive.sha256" | tr -d '\r\n')
  actual=$(sha256 "$dir/$archive")
  [ "$expected" = "$actual" ] || fail "checksum mismatch for $archive: expected $expected, got $actual"
  tar -xzf "$dir/$archive" -C "$dir"
  local bin="$dir/ktpl-$target"
  [ -x "$bin/ktpl" ] || [ -f "$bin/ktpl.exe" ] || fail "$archive holds no ktpl-$target/ktpl"
  local entry=$bin
  if command -v cygpath >/dev/null 2>&1; then entry=$(cygpath -w "$bin"); fi
  echo "$entry" >> "${GITHUB_PATH:-/dev/null}"
  output path "$bin"
  echo "ktpl: installed $("$bin/ktpl" --version) ($target) in $bin"
}

check() {
  local format=${KTPL_FORMAT:-github} ktpl=${KTPL_BIN:-ktpl} status=0 sarif=""
  case "$format" in
    human | json | sarif | github) ;;
    *) fail "format must be human, json, sarif or github, not '$format'" ;;
  esac
  local -a paths args
  read -r -d '' -a paths <<< "${KTPL_PATHS:-.}" || true
  read -r -d '' -a args <<< "${KTPL_ARGS:-}" || true
  [ ${#paths[@]} -gt 0 ] || paths=(.)
  if [ "${KTPL_SARIF:-true}" = true ]; then sarif="$(temp_dir)/ktpl.sarif"; fi
  if [ "$format" = sarif ] && [ -n "$sarif" ]; then
    "$ktpl" check --format sarif ${args[@]+"${args[@]}"} -- "${paths[@]}" > "$sarif" || status=$?
    echo "ktpl: wrote $sarif"
  else
    "$ktpl" check --format "$format" ${args[@]+"${args[@]}"} -- "${paths[@]}" || status=$?
    if [ -n "$sarif" ]; then
      # A second, quiet pass for code scanning; the first one's exit code counts.
      "$ktpl" check --format sarif ${args[@]+"${args[@]}"} -- "${paths[@]}" > "$sarif" || true
    fi
  fi
  output exit-code "$status"
  output sarif-file "$sarif"
  echo "ktpl: check exited with $status"
}

case "${1:-}" in
  install) install ;;
  check) check ;;
  *) fail "usage: ktpl.sh install|check" ;;
esac
