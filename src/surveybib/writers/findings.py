"""Findings as every command prints them: text lines, JSON items or GitHub annotations,
and the one exit-code rule (1 when a finding is an error, else 0).

A finding's key, message and file come from user data: a line break in them is shown as
``\\n`` in text, so one finding stays one line and cannot forge another, and GitHub
annotations are encoded as the runner reads them (:mod:`.annotations`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..catalogue import codes
from ..model import Finding
from .annotations import annotation

_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def text_line(finding: Finding) -> str:
    """``file:line: CODE [severity] key: message``."""
    where = f"{finding.source}: " if finding.source else ""
    key = f"{finding.key}: " if finding.key else ""
    return f"{where}{finding.code} [{finding.severity}] {key}{finding.message}".replace("\n", "\\n")


def brief_line(finding: Finding) -> str:
    """``CODE [severity] message``: a finding under a heading that already names its place."""
    return f"{finding.code} [{finding.severity}] {finding.message}".replace("\n", "\\n")


def text_lines(findings: Iterable[Finding], *, hints: bool = True, indent: str = "") -> Iterator[str]:
    """Each finding on a line, followed by its code's hint from the catalogue."""
    known = codes()
    for finding in findings:
        yield indent + text_line(finding)
        hint = known[finding.code].hint if hints and finding.code in known else ""
        if hint:
            yield f"{indent}    hint: {hint}"


def github_lines(findings: Iterable[Finding]) -> Iterator[str]:
    for f in findings:
        message = f"{f.key + ': ' if f.key else ''}{f.message}"
        yield annotation(_LEVELS.get(f.severity, "notice"), message, file=f.source.file if f.source else None,
                         line=f.source.line if f.source else None, title=f.code)


def json_items(findings: Iterable[Finding]) -> list[dict[str, object]]:
    return [f.as_dict() for f in findings]


def summary(findings: list[Finding]) -> str:
    errors = sum(f.severity == "error" for f in findings)
    return f"{len(findings)} findings, {errors} errors"


def exit_code(findings: Iterable[Finding], *, failing: tuple[str, ...] = ("error",)) -> int:
    """1 when a finding has a failing severity (errors; ``--strict`` adds warnings), else 0."""
    return 1 if any(f.severity in failing for f in findings) else 0
