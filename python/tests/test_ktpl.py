"""Tests of the installed `ktpl` wheel: the Python module and the `ktpl` command beside it.

Run with the Python of the virtual environment the wheel is installed in, from anywhere:
    venv/bin/python python/tests/test_ktpl.py
Standard library only, so the environment needs nothing but the wheel (no network).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
import unittest
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import ktpl

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
EXE = ".exe" if os.name == "nt" else ""
# The command the wheel installed, beside this Python (not whatever is first on PATH).
COMMAND = Path(sysconfig.get_path("scripts")) / f"ktpl{EXE}"

SHIPPING = """\
let order = "A-1042"
text {
  text "${name}님, 주문 ${order}이 출발했어요"
  link "https://example.com/orders/${order}"
}
"""
MISSPELT = 'text {\n  text "hi"\n  titel "x"\n  link "https://example.com"\n}\n'
PLAIN_HTTP = 'text {\n  text "hi"\n  link "http://example.com"\n}\n'


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(COMMAND), *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def cli_findings(*args: str, stdin: str | None = None) -> list[dict[str, object]]:
    """`check --format json` findings: a bare array, or `{"version", "findings"}`."""
    output = json.loads(run("check", "--format", "json", *args, stdin=stdin).stdout)
    findings: list[dict[str, object]] = (
        output["findings"] if isinstance(output, dict) else output
    )
    return findings


class Command(unittest.TestCase):
    def test_the_command_is_the_native_binary_not_a_python_script(self) -> None:
        head = COMMAND.read_bytes()[:4]
        self.assertIn(head, (b"\x7fELF", b"MZ\x90\x00", b"\xcf\xfa\xed\xfe"), head)

    def test_check_examples(self) -> None:
        result = run("check", str(EXAMPLES))
        self.assertEqual(result.returncode, 0, result.stderr + result.stdout)
        self.assertIn("0 errors", result.stdout + result.stderr)

    def test_exit_code_1_on_an_error(self) -> None:
        result = run("check", "-", stdin=MISSPELT)
        self.assertEqual(result.returncode, 1)


class Compile(unittest.TestCase):
    def test_vars_fill_the_template_in_kakao_key_order(self) -> None:
        obj = ktpl.compile(SHIPPING, vars={"name": "민수", "order": "B-7"})
        self.assertIsInstance(obj, dict)
        self.assertEqual(list(obj), ["object_type", "text", "link"])
        self.assertEqual(obj["text"], "민수님, 주문 B-7이 출발했어요")
        self.assertEqual(obj["link"]["web_url"], "https://example.com/orders/B-7")
        self.assertEqual(obj.warnings, [])

    def test_numbers_and_booleans_are_written_as_vars_files_write_them(self) -> None:
        obj = ktpl.compile(SHIPPING, vars={"name": True, "order": 7})
        self.assertEqual(obj["text"], "true님, 주문 7이 출발했어요")
        with self.assertRaises(TypeError):
            ktpl.compile(SHIPPING, vars={"name": ["a"]})  # type: ignore[dict-item]

    def test_the_same_bytes_as_the_command_for_every_example(self) -> None:
        for path in sorted(EXAMPLES.rglob("*.ktpl")) + sorted(EXAMPLES.rglob("*.json")):
            with self.subTest(path=path.name):
                cli = run("compile", str(path))
                self.assertEqual(cli.returncode, 0, cli.stderr)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", ktpl.TemplateWarning)
                    obj = ktpl.compile(path=path)
                text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
                self.assertEqual(text + "\n", cli.stdout)

    def test_a_path_uses_the_nearest_ktpl_toml(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            (root / "ktpl.toml").write_text('[lints]\nplain_http = "allow"\n', "utf-8")
            (root / "sub").mkdir()
            template = root / "sub" / "notice.ktpl"
            template.write_text(PLAIN_HTTP, "utf-8")
            self.assertEqual(ktpl.compile(path=template).warnings, [])
            self.assertEqual(ktpl.compile(template).warnings, [])  # a Path, positional
            # Text never picks up a ktpl.toml by itself; `config=` names one.
            with warnings.catch_warnings(record=True):
                warnings.simplefilter("always")
                self.assertNotEqual(ktpl.compile(PLAIN_HTTP).warnings, [])
            self.assertEqual(ktpl.compile(PLAIN_HTTP, config=root / "ktpl.toml").warnings, [])

    def test_a_broken_ktpl_toml_is_a_config_error_pointing_into_it(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            (root / "ktpl.toml").write_text("[lints]\nplain_http = 3\n", "utf-8")
            (root / "t.ktpl").write_text(PLAIN_HTTP, "utf-8")
            with self.assertRaises(ktpl.ConfigError) as raised:
                ktpl.compile(path=root / "t.ktpl")
            finding = raised.exception.findings[0]
            self.assertTrue(finding["file"].endswith("ktpl.toml"), finding)
            self.assertEqual(finding["code"], "ktpl::config::bad_value")
            self.assertIsNotNone(finding["line"])

    def test_a_missing_file_is_file_not_found(self) -> None:
        with self.assertRaises(FileNotFoundError):
            ktpl.compile(path=Path("no/such/template.ktpl"))

    def test_a_file_that_is_not_utf8_is_a_finding(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "latin1.ktpl"
            path.write_bytes(b'text { text "caf\xe9" }\n')
            with self.assertRaises(ktpl.TemplateError) as raised:
                ktpl.compile(path=path)
            self.assertEqual(raised.exception.findings[0]["code"], "ktpl::io::not_text")
            self.assertEqual(ktpl.check(path=path)[0]["code"], "ktpl::io::not_text")

    def test_a_dict_is_validated_and_returned_in_kakao_order(self) -> None:
        obj = ktpl.compile({"link": {"web_url": "https://e.x"}, "text": "hi", "object_type": "text"})
        self.assertEqual(list(obj), ["object_type", "text", "link"])
        with self.assertRaises(TypeError):
            ktpl.compile({"object_type": "text"}, vars={"a": "b"})


class Errors(unittest.TestCase):
    def test_template_error_carries_the_findings(self) -> None:
        with self.assertRaises(ktpl.TemplateError) as raised:
            ktpl.compile(MISSPELT, name="order.ktpl")
        error = raised.exception
        self.assertIsInstance(error, ValueError)
        self.assertEqual(len(error.errors), 1)
        finding = error.errors[0]
        self.assertEqual(finding["code"], "ktpl::compile::unknown_field")
        self.assertEqual((finding["file"], finding["line"], finding["column"]), ("order.ktpl", 3, 3))
        self.assertIn("order.ktpl:3:3: error[ktpl::compile::unknown_field]", str(error))

    def test_syntax_errors_too(self) -> None:
        with self.assertRaises(ktpl.TemplateError) as raised:
            ktpl.compile("text {")
        self.assertEqual(raised.exception.findings[0]["severity"], "error")


class Warnings(unittest.TestCase):
    def test_warnings_are_attached_and_issued(self) -> None:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            obj = ktpl.compile(PLAIN_HTTP)
        codes = [f["code"] for f in obj.warnings]
        self.assertIn("ktpl::lint::plain_http", codes)
        self.assertTrue(all(f["severity"] == "warning" for f in obj.warnings))
        issued = [w for w in caught if issubclass(w.category, ktpl.TemplateWarning)]
        self.assertEqual(len(issued), len(obj.warnings))
        self.assertIn("ktpl::lint::plain_http", str(issued[0].message))
        self.assertEqual(issued[0].filename, __file__)  # points at the caller

    def test_warnings_can_be_made_fatal(self) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("error", ktpl.TemplateWarning)
            with self.assertRaises(ktpl.TemplateWarning):
                ktpl.compile(PLAIN_HTTP)


class Check(unittest.TestCase):
    def test_findings_have_exactly_the_keys_of_check_format_json(self) -> None:
        cli = cli_findings("--stdin-format", "ktpl", "-", stdin=MISSPELT)
        mine = ktpl.check(MISSPELT, name="<stdin>")
        self.assertEqual(mine, cli)
        self.assertEqual(set(mine[0]), set(cli[0]))
        # The TypedDict names every key the command prints, and requires no other.
        self.assertLessEqual(set(cli[0]), set(ktpl.Finding.__annotations__))
        self.assertLessEqual(ktpl.Finding.__required_keys__, set(cli[0]))

    def test_a_clean_source_has_no_findings(self) -> None:
        self.assertEqual(ktpl.check(SHIPPING, vars={"name": "a"}), [])

    def test_a_dict_gets_pointers_not_lines(self) -> None:
        findings = ktpl.check({"object_type": "text", "text": "hi", "link": {}, "buttonz": []})
        unknown = [f for f in findings if f["pointer"] == "/buttonz"]
        self.assertEqual(len(unknown), 1, findings)
        self.assertEqual(unknown[0]["severity"], "error")
        self.assertIsNone(unknown[0]["line"])
        self.assertEqual(unknown[0]["file"], "<dict>")

    def test_raw_json_text_is_checked_as_json(self) -> None:
        findings = ktpl.check('{"object_type": "text", "text": "hi", "link": {}, "buttonz": []}')
        unknown = [f for f in findings if f["pointer"] == "/buttonz"]
        self.assertEqual(unknown[0]["line"], 1)


class Format(unittest.TestCase):
    def test_the_layout_of_ktpl_fmt(self) -> None:
        messy = 'let a="x"\ntext{text "${a}" // why\nlink "https://e.x"}'
        formatted = ktpl.format(messy)
        self.assertEqual(formatted, run("fmt", "-", stdin=messy).stdout)
        self.assertEqual(ktpl.format(formatted), formatted)
        self.assertIn("// why", formatted)

    def test_syntax_errors_raise(self) -> None:
        with self.assertRaises(ktpl.TemplateError):
            ktpl.format("text {")


class Threads(unittest.TestCase):
    def test_parallel_compiles_give_each_caller_its_own_result(self) -> None:
        def one(i: int) -> str:
            text: str = ktpl.compile(SHIPPING, vars={"name": f"n{i}", "order": str(i)})["text"]
            return text

        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(one, range(400)))
        self.assertEqual(results, [f"n{i}님, 주문 {i}이 출발했어요" for i in range(400)])

    def test_the_gil_is_released_while_ktpl_works(self) -> None:
        # With a huge switch interval a thread gives up the GIL only when it blocks or
        # releases it: the counter moves during the checks only if ktpl releases it.
        counter = [0]
        done = threading.Event()

        def count() -> None:
            while not done.is_set():
                counter[0] += 1
                time.sleep(0.0001)  # gives the GIL back (a blocking call)

        big = 'text {\n  text "x"\n  link "https://e.x"\n}\n' + "// c\n" * 20000
        interval = sys.getswitchinterval()
        sys.setswitchinterval(100)
        try:
            thread = threading.Thread(target=count)
            thread.start()
            before = counter[0]
            for _ in range(20):
                ktpl.check(big)
            during = counter[0] - before
        finally:
            done.set()
            sys.setswitchinterval(interval)
            thread.join()
        self.assertGreater(during, 0)


class Packaging(unittest.TestCase):
    def test_the_module_docstring_example_runs(self) -> None:
        import doctest

        result = doctest.testmod(ktpl)
        self.assertGreater(result.attempted, 0)
        self.assertEqual(result.failed, 0)

    def test_typed(self) -> None:
        package = Path(ktpl.__file__).parent
        self.assertTrue((package / "py.typed").is_file())
        self.assertTrue((package / "_ktpl.pyi").is_file())

    def test_the_manual_and_completions_are_installed_beside_the_command(self) -> None:
        share = Path(sysconfig.get_path("data")) / "share"
        for page in ("ktpl.1", "ktpl-check.1", "ktpl-send.1"):
            text = (share / "man" / "man1" / page).read_text(encoding="utf-8")
            self.assertIn(".TH", text, page)
        # The pages are the shipped command's own.
        self.assertEqual(
            (share / "man" / "man1" / "ktpl-check.1").read_text(encoding="utf-8"),
            run("man", "check").stdout,
        )
        for path, shell in (
            ("bash-completion/completions/ktpl", "bash"),
            ("zsh/site-functions/_ktpl", "zsh"),
            ("fish/vendor_completions.d/ktpl.fish", "fish"),
        ):
            self.assertEqual(
                (share / path).read_text(encoding="utf-8"), run("completions", shell).stdout, path
            )

    def test_version_is_the_command_version(self) -> None:
        self.assertIn(ktpl.__version__, run("--version").stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
