"""The native half of ``ktpl`` (Rust, pyo3). Use the ``ktpl`` package instead.

Checks return ``(template JSON or None, findings JSON array, has errors)``.
"""

from typing import Dict, Optional, Tuple

__version__: str

class SourceProblem(Exception):
    """args[0]: a JSON array of findings (not UTF-8 text; syntax errors for ``format``)."""

class ConfigProblem(Exception):
    """args[0]: a JSON array of findings about a ``ktpl.toml``."""

def check_text(
    text: str,
    name: str,
    vars: Dict[str, str],
    config: Optional[str] = None,
    json: Optional[bool] = None,
) -> Tuple[Optional[str], str, bool]: ...
def check_file(
    path: str, vars: Dict[str, str], config: Optional[str] = None
) -> Tuple[Optional[str], str, bool]: ...
def check_value(
    json: str, name: str, config: Optional[str] = None
) -> Tuple[Optional[str], str, bool]: ...
def format(text: str, name: str) -> str: ...
