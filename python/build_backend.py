"""The PEP 517 backend of `pyproject.toml`: maturin, after staging the `ktpl` binary.

maturin builds one kind of thing per wheel, a pyo3 module or `bin` bindings, not both
(PyO3/maturin#368). So the command is built here with cargo and copied to
`target/wheel-data/scripts/`, which `[tool.maturin] data` names: installers put a
wheel's `scripts/` on PATH as they are (the way maturin ships ruff's binary), so `ktpl`
runs with no Python in front of it. maturin then builds the module and the wheel.

`KTPL_BINARY=/path/to/ktpl` ships that binary instead of building one: CI and the
release workflow build it once for the archive, the npm package and the wheel.

The manual pages and shell completions go beside it as wheel data, where installers put
`data/` under the environment's prefix: `share/man/man1/ktpl*.1` (found by `man` when the
prefix's `bin` is on PATH), `share/bash-completion/completions/ktpl`,
`share/zsh/site-functions/_ktpl` and `share/fish/vendor_completions.d/ktpl.fish`. The
staged binary writes them (`ktpl man --dir`, `ktpl completions SHELL`), so they always
describe the command shipped; a binary this machine cannot run (a cross build) ships
without them, with a warning.

Without a wheel, `python python/build_backend.py [--binary PATH]` only stages the
binary and its pages (then run `maturin build`). The release workflow stages the same
files with `.github/stage-pages.sh`.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any, Mapping, Optional

import maturin
from maturin import (  # noqa: F401 (the hooks maturin implements as they are)
    build_sdist,
    get_requires_for_build_editable,
    get_requires_for_build_sdist,
    get_requires_for_build_wheel,
    prepare_metadata_for_build_wheel,
)

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "target" / "wheel-data" / "scripts"
SHARE = ROOT / "target" / "wheel-data" / "data" / "share"
# Where each shell looks for completions under a prefix, and the file name it wants.
COMPLETIONS = {
    "bash": Path("bash-completion") / "completions" / "ktpl",
    "zsh": Path("zsh") / "site-functions" / "_ktpl",
    "fish": Path("fish") / "vendor_completions.d" / "ktpl.fish",
}


def _cargo_env() -> Optional[dict[str, str]]:
    # maturin may have installed a Rust toolchain for this build; use the same one.
    get_env = getattr(maturin, "_get_env", None)
    return get_env() if callable(get_env) else None


def build_binary() -> Path:
    """`cargo build --release` of the `ktpl` binary (honouring CARGO_BUILD_TARGET and
    CARGO_TARGET_DIR); its path, as cargo reports it."""
    command = [
        os.environ.get("CARGO", "cargo"),
        "build",
        "--release",
        "--locked",
        "--bin",
        "ktpl",
        "--manifest-path",
        str(ROOT / "Cargo.toml"),
        "--message-format=json-render-diagnostics",
    ]
    print("Running `{}`".format(" ".join(command)), file=sys.stderr)
    result = subprocess.run(command, stdout=subprocess.PIPE, env=_cargo_env(), check=False)
    if result.returncode != 0:
        sys.exit(f"error: building the ktpl binary failed (exit {result.returncode})")
    for line in result.stdout.decode(errors="replace").splitlines():
        message = json.loads(line) if line.startswith("{") else {}
        target = message.get("target", {})
        if message.get("reason") == "compiler-artifact" and target.get("name") == "ktpl":
            if "bin" in target.get("kind", []) and message.get("executable"):
                return Path(message["executable"])
    sys.exit("error: cargo built no `ktpl` executable")


def stage_binary(binary: Optional[Path] = None) -> Path:
    """Copies `binary` (default: $KTPL_BINARY, else a fresh release build) into the
    wheel's scripts, replacing whatever an earlier build left there."""
    if binary is None:
        given = os.environ.get("KTPL_BINARY")
        binary = Path(given) if given else build_binary()
    if not binary.is_file():
        sys.exit(f"error: no ktpl binary at {binary}")
    if SCRIPTS.exists():
        shutil.rmtree(SCRIPTS)
    SCRIPTS.mkdir(parents=True)
    staged = SCRIPTS / ("ktpl.exe" if binary.suffix == ".exe" else "ktpl")
    shutil.copy2(binary, staged)
    staged.chmod(staged.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    print(f"Staged {binary} as {staged}", file=sys.stderr)
    stage_pages(staged)
    return staged


def stage_pages(binary: Path) -> None:
    """Writes the manual pages and completion scripts of `binary` into the wheel data."""
    if SHARE.exists():
        shutil.rmtree(SHARE)
    try:
        man = SHARE / "man" / "man1"
        man.mkdir(parents=True)
        subprocess.run([str(binary), "man", "--dir", str(man)], check=True, capture_output=True)
        for shell, path in COMPLETIONS.items():
            script = subprocess.run(
                [str(binary), "completions", shell], check=True, capture_output=True
            ).stdout
            (SHARE / path).parent.mkdir(parents=True, exist_ok=True)
            (SHARE / path).write_bytes(script)
    except (OSError, subprocess.CalledProcessError) as error:
        shutil.rmtree(SHARE, ignore_errors=True)
        print(f"warning: no manual pages or completions in the wheel ({error})", file=sys.stderr)
        return
    print(f"Staged the manual pages and completions under {SHARE}", file=sys.stderr)


def build_wheel(
    wheel_directory: str,
    config_settings: Optional[Mapping[str, Any]] = None,
    metadata_directory: Optional[str] = None,
) -> str:
    stage_binary()
    return str(maturin.build_wheel(wheel_directory, config_settings, metadata_directory))


def build_editable(
    wheel_directory: str,
    config_settings: Optional[Mapping[str, Any]] = None,
    metadata_directory: Optional[str] = None,
) -> str:
    stage_binary()
    return str(maturin.build_editable(wheel_directory, config_settings, metadata_directory))


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if arguments[:1] == ["--binary"] and len(arguments) == 2:
        stage_binary(Path(arguments[1]))
    elif not arguments:
        stage_binary()
    else:
        sys.exit("usage: python python/build_backend.py [--binary PATH]")
