"""The documented Python API: the one place where readers, transforms and writers are chained.

Every function returns values (text, a survey, findings, records); none prints or
exits. Unusable input raises :class:`~surveybib.errors.InputError`.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from pathlib import Path

from .errors import InputError
from .model import Finding, Survey
from .readers.bibtex import read_bibtex
from .readers.markdown import read_markdown
from .transforms.merge import ImportRecord, merge_list
from .transforms.order import canonical_order
from .venues import default_registry
from .writers.bibtex import write_bibtex


def read_text(path: str | os.PathLike) -> str:
    """A UTF-8 text file, or an InputError naming the file (and the line of a bad byte)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(error.strerror or str(error), file=str(path)) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(f"not UTF-8 text (byte {error.start})", file=str(path), line=line) from None


def parse_bib(text: str, *, file: str = "<string>") -> tuple[Survey, list[Finding]]:
    """Parse BibTeX text; unusable input (a block that does not parse) raises InputError."""
    survey, findings = read_bibtex(text, file=file)
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        raise InputError(first.message + more, file=file, line=first.source.line if first.source else None)
    return survey, findings


def load_bib(path: str | os.PathLike) -> tuple[Survey, list[Finding]]:
    """Read a .bib file; a missing file is an empty survey."""
    path = Path(path)
    if not path.exists():
        return Survey(), []
    return parse_bib(read_text(path), file=str(path))


def format_bib(text: str, *, file: str = "<string>") -> str:
    """BibTeX text in canonical form (see :mod:`surveybib.writers.bibtex`)."""
    survey, _ = parse_bib(text, file=file)
    return write_bibtex(canonical_order(survey))


def import_list(
    survey: Survey, text: str, *, file: str = "<string>"
) -> tuple[Survey, list[ImportRecord]]:
    """Merge a markdown paper list into a survey; one record per list item."""
    parsed = read_markdown(text, file=file)
    merged, records = merge_list(survey, parsed, default_registry())
    return canonical_order(merged), records


def stats(survey: Survey) -> dict[str, dict[str, int]]:
    """Entries per section (in survey order), per venue and per year."""
    registry = default_registry()
    per_section = {s.heading: len(survey.in_section(s.slug)) for s in survey.sections}
    venues: Counter[str] = Counter()
    years: Counter[str] = Counter()
    for entry in survey.entries:
        name = entry.fields.get("booktitle") or entry.fields.get("journal")
        venue = registry.by_name(name) if name else None
        if venue:
            venues[venue.short] += 1
        elif entry.fields.get("eprint"):
            venues["arXiv"] += 1
        else:
            venues[name or "(none)"] += 1
        years[entry.fields.get("year", "(none)")] += 1
    return {
        "sections": per_section,
        "venues": dict(sorted(venues.items(), key=lambda kv: (-kv[1], kv[0]))),
        "years": dict(sorted(years.items())),
    }


def write_atomic(path: str | os.PathLike, text: str) -> None:
    """Write a file so that readers see the old or the new text, never half of it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
