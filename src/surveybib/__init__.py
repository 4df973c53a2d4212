"""surveybib: one canonical .bib for a survey, and everything that derives from it.

The Python API (see :mod:`surveybib.api`)::

    from surveybib import load_bib, import_list, write_bibtex
    survey, _ = load_bib("bib/survey.bib")
    survey, records = import_list(survey, open("README.md").read(), file="README.md")
    text = write_bibtex(survey)

The names below are imported on first use, so that a command pays only for what it runs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

_WHERE = {
    "format_bib": "api", "import_list": "api", "load_bib": "api", "normalize_bib": "api", "parse_bib": "api",
    "read_text": "api", "resolve_venue": "api", "stats": "api",
    "write_atomic": "project", "InputError": "errors",
    "Entry": "model", "Finding": "model", "Link": "model", "Macro": "model", "Section": "model", "Source": "model",
    "Survey": "model", "ImportRecord": "transforms.list_import", "write_bibtex": "writers.bibtex",
}  # fmt: skip

__all__ = [
    "Entry", "Finding", "ImportRecord", "InputError", "Link", "Macro", "Section", "Source",
    "Survey", "format_bib", "import_list", "load_bib", "normalize_bib", "parse_bib", "read_text",
    "resolve_venue", "stats", "write_atomic", "write_bibtex",
]  # fmt: skip


def __getattr__(name: str):
    if name in _WHERE:
        value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'surveybib' has no attribute {name!r}")


if TYPE_CHECKING:
    from .api import format_bib, import_list, load_bib, normalize_bib, parse_bib, read_text, resolve_venue, stats
    from .errors import InputError
    from .model import Entry, Finding, Link, Macro, Section, Source, Survey
    from .project import write_atomic
    from .transforms.list_import import ImportRecord
    from .writers.bibtex import write_bibtex
