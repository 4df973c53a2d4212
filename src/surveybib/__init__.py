"""surveybib: one canonical .bib for a survey, and everything that derives from it.

The Python API (see :mod:`surveybib.api`)::

    from surveybib import load_bib, import_list, write_bibtex
    survey, _ = load_bib("bib/survey.bib")
    survey, records = import_list(survey, open("README.md").read(), file="README.md")
    text = write_bibtex(survey)
"""

from .api import (
    format_bib,
    import_list,
    load_bib,
    normalize_bib,
    parse_bib,
    read_text,
    resolve_venue,
    stats,
)  # fmt: skip
from .errors import InputError
from .model import Entry, Finding, Link, Macro, Section, Source, Survey
from .project import write_atomic
from .transforms.list_import import ImportRecord
from .writers.bibtex import write_bibtex

__all__ = [
    "Entry", "Finding", "ImportRecord", "InputError", "Link", "Macro", "Section", "Source",
    "Survey", "format_bib", "import_list", "load_bib", "normalize_bib", "parse_bib", "read_text",
    "resolve_venue", "stats",
    "write_atomic", "write_bibtex",
]  # fmt: skip
