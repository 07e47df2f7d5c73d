"""Runs action.yml's steps here, against a packed binary served on 127.0.0.1.

    python .github/action/test.py BINARY      (needs ruamel.yaml, which check-jsonschema brings)

The test packs BINARY as a release would (ktpl-<target>.tar.gz and its .sha256, under
releases/download/vX.Y.Z/ and releases/latest/download/), serves it with http.server,
and plays the composite action's steps as the runner would: `${{ }}` filled from the
inputs, `github` and earlier steps' outputs, `if:` evaluated, `run:` given to bash with
the step's env, GITHUB_PATH and GITHUB_OUTPUT as files. The code-scanning upload
(`uses:`) is not run; its `sarif_file` must name a SARIF file.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import unittest
from pathlib import Path
from typing import Any, Dict, List, Optional

from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parents[2]
ACTION = YAML(typ="safe").load((REPO / "action.yml").read_text("utf-8"))
TARGET = "x86_64-unknown-linux-musl"  # what the action picks on Linux X64
VERSION = re.search(r'\[workspace\.package\]\s*\nversion = "([^"]+)"', (REPO / "Cargo.toml").read_text("utf-8"))
assert VERSION, "no [workspace.package] version in Cargo.toml"
TAG = "v" + VERSION.group(1)


def evaluate(expression: str, context: Dict[str, Any]) -> Any:
    """The few expression forms action.yml uses: context paths, 'strings', ==, !=, &&,
    always()."""
    expression = expression.strip()
    if "&&" in expression:
        return all(evaluate(part, context) for part in expression.split("&&"))
    for operator in ("!=", "=="):
        if operator in expression:
            left, right = (evaluate(side, context) for side in expression.split(operator, 1))
            return (left != right) if operator == "!=" else (left == right)
    if expression == "always()":
        return True
    if expression.startswith("'") and expression.endswith("'"):
        return expression[1:-1]
    value: Any = context
    for part in expression.split("."):
        if not isinstance(value, dict) or part not in value:
            # A step that did not run has no outputs: the runner reads ''. Anything else
            # is a typo in action.yml.
            if expression.startswith("steps."):
                return ""
            raise AssertionError(f"action.yml refers to `{expression}`, which is not defined")
        value = value[part]
    return value


def fill(text: str, context: Dict[str, Any]) -> str:
    return re.sub(r"\$\{\{(.*?)\}\}", lambda m: str(evaluate(m.group(1), context)), text)


class Run:
    """One run of the action: its outputs, exit status and log."""

    def __init__(self, inputs: Dict[str, str], github: Dict[str, str], workdir: Path, temp: Path):
        self.inputs = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()}
        unknown = set(inputs) - set(self.inputs)
        assert not unknown, f"not inputs of action.yml: {unknown}"
        self.inputs.update(inputs)
        self.github = github
        self.workdir = workdir
        self.temp = temp
        self.steps: Dict[str, Dict[str, Dict[str, str]]] = {}
        self.log = ""
        self.failed = False
        self.status = 0
        self.uploaded: Optional[Path] = None
        self.path_file = temp / "github_path"
        self.path_file.write_text("")

    def context(self) -> Dict[str, Any]:
        return {"inputs": self.inputs, "github": self.github, "steps": self.steps}

    def play(self) -> "Run":
        for step in ACTION["runs"]["steps"]:
            condition = step.get("if")
            if condition is not None and not evaluate(condition, self.context()):
                continue
            if self.failed and condition is None:
                continue
            if "uses" in step:
                assert step["uses"].startswith("github/codeql-action/upload-sarif@"), step
                sarif = fill(step["with"]["sarif_file"], self.context())
                self.uploaded = Path(sarif)
                continue
            self.run_step(step)
        return self

    def run_step(self, step: Dict[str, Any]) -> None:
        assert step["shell"] == "bash", step
        output = self.temp / "github_output"
        output.write_text("")
        env = {
            **os.environ,
            "GITHUB_ACTION_PATH": self.github["action_path"],
            "GITHUB_OUTPUT": str(output),
            "GITHUB_PATH": str(self.path_file),
            "RUNNER_TEMP": str(self.temp),
            "RUNNER_OS": "Linux",
            "RUNNER_ARCH": "X64",
            # Earlier steps' GITHUB_PATH entries, as the runner adds them.
            "PATH": os.pathsep.join(self.path_file.read_text().split() + [os.environ["PATH"]]),
        }
        env.update({name: fill(str(value), self.context()) for name, value in step.get("env", {}).items()})
        result = subprocess.run(
            ["bash", "-e", "-c", fill(step["run"], self.context())],
            cwd=self.workdir,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        self.log += result.stdout + result.stderr
        outputs = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
        if "id" in step:
            self.steps[step["id"]] = {"outputs": outputs}
        if result.returncode != 0:
            self.failed = True
            self.status = result.returncode

    @property
    def outputs(self) -> Dict[str, str]:
        return {name: fill(spec["value"], self.context()) for name, spec in ACTION["outputs"].items()}


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class Action(unittest.TestCase):
    binary: Path
    server: http.server.ThreadingHTTPServer
    root: Path

    @classmethod
    def setUpClass(cls) -> None:
        cls.root = Path(tempfile.mkdtemp(prefix="ktpl-action-"))
        packed = cls.root / "pack" / f"ktpl-{TARGET}"
        packed.mkdir(parents=True)
        shutil.copy2(cls.binary, packed / "ktpl")
        archive = cls.root / f"ktpl-{TARGET}.tar.gz"
        with tarfile.open(archive, "w:gz", compresslevel=1) as tar:
            tar.add(packed, arcname=packed.name)
        digest = hashlib.sha256(archive.read_bytes()).hexdigest()
        for folder in (f"releases/download/{TAG}", "releases/latest/download"):
            served = cls.root / "www" / folder
            served.mkdir(parents=True)
            shutil.copy2(archive, served / archive.name)
            (served / f"{archive.name}.sha256").write_text(f"{digest}  {archive.name}\n")
        # A release whose archive does not match its checksum.
        bad = cls.root / "www" / "releases/download/v9.9.9"
        bad.mkdir(parents=True)
        shutil.copy2(archive, bad / archive.name)
        (bad / f"{archive.name}.sha256").write_text(f"{'0' * 64}  {archive.name}\n")

        handler = lambda *a, **k: Quiet(*a, directory=str(cls.root / "www"), **k)  # noqa: E731
        cls.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.server.shutdown()
        shutil.rmtree(cls.root, ignore_errors=True)

    def run_action(self, ref: str = TAG, **inputs: str) -> Run:
        base = f"http://127.0.0.1:{self.server.server_port}/releases"
        inputs.setdefault("download-url", base)
        temp = Path(tempfile.mkdtemp(dir=self.root))
        workdir = temp / "repo"
        shutil.copytree(REPO / "examples", workdir / "templates")
        (workdir / "broken").mkdir()
        (workdir / "broken" / "order.ktpl").write_text('text {\n  titel "x"\n}\n', "utf-8")
        # The runner checks an action out at .../_actions/OWNER/REPO/REF; this one runs in place.
        github = {"action_ref": ref, "action_repository": "OWNER/ktpl", "action_path": str(REPO)}
        return Run(inputs, github, workdir, temp).play()

    def test_installs_the_release_of_the_tag_and_checks_clean_templates(self) -> None:
        run = self.run_action(paths="templates")
        self.assertFalse(run.failed, run.log)
        self.assertIn(f"/download/{TAG}/ktpl-{TARGET}.tar.gz", run.log)
        self.assertEqual(run.outputs["exit-code"], "0", run.log)
        self.assertIn("::warning file=templates/maintenance_notice.ktpl", run.log)
        sarif = json.loads(Path(run.outputs["sarif-file"]).read_text("utf-8"))
        self.assertEqual(sarif["version"], "2.1.0")
        self.assertEqual(run.uploaded, Path(run.outputs["sarif-file"]))

    def test_an_error_fails_after_the_upload(self) -> None:
        run = self.run_action(paths="templates broken", format="human")
        self.assertTrue(run.failed)
        self.assertEqual(run.status, 1)
        self.assertEqual(run.outputs["exit-code"], "1")
        self.assertIn("ktpl::compile::unknown_field", run.log)
        sarif = json.loads(Path(run.outputs["sarif-file"]).read_text("utf-8"))
        rules = [r["ruleId"] for r in sarif["runs"][0]["results"]]
        self.assertIn("ktpl::compile::unknown_field", rules)
        self.assertIsNotNone(run.uploaded)

    def test_a_branch_gets_latest_and_a_version_input_wins(self) -> None:
        self.assertIn("/latest/download/", self.run_action(ref="main", paths="templates").log)
        run = self.run_action(ref="main", paths="templates", version=TAG.lstrip("v"))
        self.assertIn(f"/download/{TAG}/", run.log)

    def test_a_checksum_mismatch_stops_before_running_anything(self) -> None:
        run = self.run_action(paths="templates", version="9.9.9")
        self.assertTrue(run.failed)
        self.assertIn("checksum mismatch", run.log)
        self.assertNotIn("check", run.steps)

    def test_no_upload_when_switched_off(self) -> None:
        run = self.run_action(paths="templates", format="json", **{"upload-sarif": "false"})
        self.assertFalse(run.failed, run.log)
        self.assertIsNone(run.uploaded)
        self.assertEqual(run.outputs["sarif-file"], "")
        self.assertIn('"code":"ktpl::lint::truncated_text"', run.log.replace(" ", ""))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: test.py BINARY")
    Action.binary = Path(sys.argv.pop(1)).resolve()
    unittest.main(verbosity=2)
