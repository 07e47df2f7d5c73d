"""Kakao Talk message templates: compile ktpl sources to ``template_object`` dicts,
check them, and format them, with the same rules and findings as the ``ktpl`` command.

>>> import ktpl
>>> ktpl.compile('text {\\n  text "Hi ${name}"\\n  link "https://example.com"\\n}\\n',
...              vars={"name": "민수"})["text"]
'Hi 민수'

Every function releases the GIL while it works, so threads compile in parallel.
"""

from __future__ import annotations

import json as _json
import os
import warnings as _warnings
from typing import Any, Dict, List, Literal, Mapping, Optional, Tuple, TypedDict, Union

from . import _ktpl

__all__ = [
    "ConfigError",
    "Edit",
    "Finding",
    "Fix",
    "KtplError",
    "Template",
    "TemplateError",
    "TemplateWarning",
    "check",
    "compile",
    "format",
]

__version__: str = _ktpl.__version__

PathLike = Union[str, "os.PathLike[str]"]
"""A file path, as ``str`` or ``pathlib.Path``."""

VarValue = Union[str, int, float, bool]
"""A ``${name}`` value; numbers and booleans are written as ``--vars`` writes them."""


class Edit(TypedDict):
    """One change of a fix: replace ``start``..``end`` (byte offsets; 1-based lines and
    columns in characters) with ``content``."""

    line: int
    column: int
    end_line: int
    end_column: int
    start: int
    end: int
    content: str


class Fix(TypedDict):
    """A fix for a finding; ``safe`` ones are what ``ktpl check --fix`` applies."""

    title: str
    applicability: Literal["safe", "unsafe"]
    edits: List[Edit]


class Finding(TypedDict):
    """One finding, with exactly the keys ``ktpl check --format json`` prints."""

    file: str
    """The file as named (a path, ``<string>`` for text, ``<dict>`` for a dict)."""
    severity: Literal["error", "warning"]
    code: str
    """The stable code, such as ``ktpl::compile::unknown_field`` (``ktpl explain CODE``)."""
    message: str
    line: Optional[int]
    """1-based line of the underlined span; None for a dict (there is no text)."""
    column: Optional[int]
    """1-based column, in characters (code points)."""
    end_line: Optional[int]
    end_column: Optional[int]
    label: Optional[str]
    """What the underline says, such as ``did you mean `title`?``."""
    help: Optional[str]
    pointer: Optional[str]
    """RFC 6901 pointer into the template JSON, where one applies."""
    fixes: List[Fix]
    """Ways to fix it (``ktpl check --fix`` applies the safe ones); often empty."""


def _describe(finding: Finding) -> str:
    where = finding["file"]
    if finding["line"] is not None:
        where += f":{finding['line']}:{finding['column']}"
    elif finding["pointer"] is not None:
        where += f" at {finding['pointer'] or '/'}"
    text = f"{where}: {finding['severity']}[{finding['code']}]: {finding['message']}"
    label = finding["label"]
    if label and label not in finding["message"]:
        text += f" ({label})"
    return text


class KtplError(ValueError):
    """Base of ktpl's errors; ``findings`` says what is wrong, one line each in ``str()``."""

    findings: List[Finding]

    def __init__(self, findings: List[Finding]) -> None:
        self.findings = findings
        super().__init__("\n".join(_describe(f) for f in findings))


class TemplateError(KtplError):
    """The template has errors (``findings`` holds them, and any warnings)."""

    @property
    def errors(self) -> List[Finding]:
        """The findings whose severity is ``error``."""
        return [f for f in self.findings if f["severity"] == "error"]


class ConfigError(KtplError):
    """A ``ktpl.toml`` cannot be used; ``findings`` points into it."""


class TemplateWarning(UserWarning):
    """Issued by :func:`compile` for each warning of a template that compiled.

    The same findings are on the result's ``warnings``. Make them fatal in tests with
    ``warnings.simplefilter("error", ktpl.TemplateWarning)``, or allow a lint in
    ``ktpl.toml``.
    """


class Template(Dict[str, Any]):
    """A compiled ``template_object``: a plain dict (keys in Kakao's order, ready for
    ``json.dumps``), with the template's warnings attached."""

    warnings: List[Finding]
    """Warning findings; empty when the template is clean."""

    def __init__(self, value: Dict[str, Any], warnings: List[Finding]) -> None:
        super().__init__(value)
        self.warnings = warnings


def _vars(vars: Optional[Mapping[str, VarValue]]) -> Dict[str, str]:
    if vars is None:
        return {}
    out: Dict[str, str] = {}
    for name, value in vars.items():
        if not isinstance(name, str):
            raise TypeError(f"variable names must be str, not {type(name).__name__}")
        if isinstance(value, bool):
            out[name] = "true" if value else "false"
        elif isinstance(value, (str, int, float)):
            out[name] = str(value)
        else:
            raise TypeError(
                f"variable `{name}` must be a str, int, float or bool, not {type(value).__name__}"
            )
    return out


def _fspath(value: PathLike) -> str:
    return os.fsdecode(os.fspath(value))


def _findings(text: str) -> List[Finding]:
    findings: List[Finding] = _json.loads(text)
    return findings


def _run(
    source: Union[str, Mapping[str, Any], PathLike, None],
    path: Optional[PathLike],
    vars: Optional[Mapping[str, VarValue]],
    config: Optional[PathLike],
    name: Optional[str],
) -> Tuple[Optional[str], str, bool]:
    """(template JSON or None, findings JSON, whether any is an error)."""
    if source is not None and path is not None:
        raise TypeError("give a source or path=, not both")
    if isinstance(source, os.PathLike):
        source, path = None, source
    config_path = None if config is None else _fspath(config)
    try:
        if path is not None:
            return _ktpl.check_file(_fspath(path), _vars(vars), config_path)
        if isinstance(source, str):
            return _ktpl.check_text(source, name or "<string>", _vars(vars), config_path)
        if isinstance(source, Mapping):
            if vars:
                raise TypeError("vars= applies to ktpl sources; a dict has no ${name} to fill")
            text = _json.dumps(source, ensure_ascii=False, allow_nan=False)
            return _ktpl.check_value(text, name or "<dict>", config_path)
        if source is None:
            raise TypeError("give a source (str or dict) or path=")
        raise TypeError(f"a source is a str, a dict or a path, not {type(source).__name__}")
    except _ktpl.ConfigProblem as problem:
        raise ConfigError(_findings(problem.args[0])) from None


def compile(
    source: Union[str, Mapping[str, Any], PathLike, None] = None,
    /,
    *,
    path: Optional[PathLike] = None,
    vars: Optional[Mapping[str, VarValue]] = None,
    config: Optional[PathLike] = None,
    name: Optional[str] = None,
) -> Template:
    """Compile and check a template; return its ``template_object``.

    ``source`` is ktpl text (raw JSON text when it starts with ``{``) or a dict; or give
    ``path=`` (``.json`` files are raw JSON) to read a file with the nearest
    ``ktpl.toml`` from its folder upward applied. ``config=`` names a ``ktpl.toml``
    (for text and dicts the defaults apply otherwise). ``vars`` fill ``${name}``, over
    the file's ``let`` values. ``name`` is the file name findings show.

    Raises :class:`TemplateError` (with ``.findings``) when any finding is an error,
    :class:`ConfigError` for a broken ``ktpl.toml``, ``OSError`` when ``path`` cannot be
    read. Warnings are attached as ``result.warnings`` and issued as
    :class:`TemplateWarning`.
    """
    try:
        template, findings_json, has_errors = _run(source, path, vars, config, name)
    except _ktpl.SourceProblem as problem:
        raise TemplateError(_findings(problem.args[0])) from None
    findings = _findings(findings_json)
    if has_errors or template is None:
        raise TemplateError(findings)
    for finding in findings:
        _warnings.warn(_describe(finding), TemplateWarning, stacklevel=2)
    return Template(_json.loads(template), findings)


def check(
    source: Union[str, Mapping[str, Any], PathLike, None] = None,
    /,
    *,
    path: Optional[PathLike] = None,
    vars: Optional[Mapping[str, VarValue]] = None,
    config: Optional[PathLike] = None,
    name: Optional[str] = None,
) -> List[Finding]:
    """Check a template; return every finding (errors and warnings), sorted as
    ``ktpl check`` sorts them; empty when it is clean.

    Takes what :func:`compile` takes. A dict's findings have ``pointer`` but no
    ``line``. A file that is not UTF-8 text is a ``ktpl::io::not_text`` finding.
    Raises only for a broken ``ktpl.toml`` (:class:`ConfigError`) or an unreadable
    ``path`` (``OSError``).
    """
    try:
        _template, findings_json, _has_errors = _run(source, path, vars, config, name)
    except _ktpl.SourceProblem as problem:
        return _findings(problem.args[0])
    return _findings(findings_json)


def format(source: str, /, *, name: Optional[str] = None) -> str:
    """Return ktpl text in ``ktpl fmt``'s canonical layout, every comment kept.

    Raises :class:`TemplateError` with the syntax errors when the text does not parse.
    """
    if not isinstance(source, str):
        raise TypeError(f"format takes ktpl text (str), not {type(source).__name__}")
    try:
        return _ktpl.format(source, name or "<string>")
    except _ktpl.SourceProblem as problem:
        raise TemplateError(_findings(problem.args[0])) from None
