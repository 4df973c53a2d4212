"""The catalogue of finding codes (``data/codes.toml``): one place that says, for every code,
its default severity, what it means and how to fix it.

A :class:`~surveybib.model.Finding` takes its severity from here, so a code cannot be an
error in one command and a warning in another. Rules from other packages add their codes
with :func:`register` (see :mod:`surveybib.rules`).

``python -m surveybib.catalogue`` prints the README's tables of codes, generated from it.
"""

from __future__ import annotations

import functools
import pkgutil
import re
import tomllib
from dataclasses import dataclass

SEVERITIES = ("error", "warning", "info")
CODE = re.compile(r"^[A-Z][0-9]{3}$")


@dataclass(frozen=True)
class Code:
    """One finding code: ``D001``, its default severity, a summary, a hint, and whether
    ``check --fix`` repairs it."""

    code: str
    severity: str
    summary: str
    hint: str = ""
    fix: bool = False

    def __post_init__(self):
        if not CODE.match(self.code):
            raise ValueError(f"{self.code!r} is no finding code (a capital letter and three digits)")
        if self.severity not in SEVERITIES:
            raise ValueError(f"{self.code}: severity {self.severity!r} is not one of {', '.join(SEVERITIES)}")


@functools.cache
def _codes() -> dict[str, Code]:
    text = pkgutil.get_data("surveybib", "data/codes.toml").decode("utf-8")  # lighter than importlib.resources
    return {code: Code(code, **table) for code, table in tomllib.loads(text).items()}


def codes() -> dict[str, Code]:
    """Every known code: the built-in catalogue and the codes registered by plugins."""
    return _codes()


def get(code: str) -> Code:
    """The catalogue's record of ``code``; a code the catalogue lacks is a programming error."""
    try:
        return _codes()[code]
    except KeyError:
        raise LookupError(f"finding code {code} is not in the catalogue (data/codes.toml)") from None


def register(code: Code) -> None:
    """Add a plugin's code. A code the catalogue already holds is refused unless identical."""
    known = _codes().get(code.code)
    if known is not None and known != code:
        raise ValueError(f"finding code {code.code} is already taken: {known.summary}")
    _codes()[code.code] = code


def readme_table(selected: list[str], *, severity: bool = True, hint: bool = True) -> str:
    """A markdown table of the selected codes, as the README shows it."""
    head = ["code"] + (["severity"] if severity else []) + ["what"] + (["fix"] if hint else [])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name in selected:
        code = get(name)
        cells = [code.code] + ([code.severity] if severity else []) + [code.summary] + ([code.hint] if hint else [])
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"
