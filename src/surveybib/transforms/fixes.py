"""The safe fixes of ``check --fix``: findings that have exactly one right answer.

* V001, V002, V010: the entry gets the venue and year that ``normalize`` settles on
  (its precedence: venueoverride, then a proceedings URL or DOI, then the bib);
* M001: double-encoded UTF-8 repaired, where the repair is unambiguous (ftfy);
* U001: a doubled or mistyped scheme (``hhttps://``) repaired.

Everything else (duplicates, wrong links, missing authors) needs a person's decision
and is only reported. Each fix applies only to an entry that has that finding; an
entry's venue findings are fixed together (venue, type and year are one decision), so
an entry with an ignored one keeps its venue as it is.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Entry, Link, Survey
from ..text.identifiers import is_web_url, repair_scheme
from ..venues import Registry
from ..venues.decision import normalize_entry

VENUE_CODES = ("V001", "V002", "V010")


def fix_survey(survey: Survey, registry: Registry, wanted: Callable[[str], bool]) -> Survey:
    """The survey with the safe fixes of the rules that ``wanted`` accepts applied."""
    return survey.with_entries([fix_entry(entry, registry, wanted) for entry in survey.entries])


def fix_entry(entry: Entry, registry: Registry, wanted: Callable[[str], bool]) -> Entry:
    result = entry
    if any(wanted(code) for code in VENUE_CODES):
        normalized, findings = normalize_entry(entry, registry)
        venue_codes = {f.code for f in findings if f.code in VENUE_CODES}
        if venue_codes and all(wanted(code) for code in venue_codes):
            result = normalized  # venue, type and year change together, or not at all
    if wanted("M001"):
        result = _repair_characters(result)
    if wanted("U001"):
        result = _repair_schemes(result)
    return result


def _repair_characters(entry: Entry) -> Entry:
    from ..text.repair import repair_text
    from .lint import SHOWN_FIELDS

    repaired = {}
    for name in SHOWN_FIELDS:
        value = entry.fields.get(name, "")
        if value and not value.isascii():
            fixed, code = repair_text(value)
            if code == "I020":
                repaired[name] = type(value)(fixed)  # a Macro stays a Macro
    if not repaired:
        return entry
    result = entry.replace()
    result.fields.update(repaired)
    return result


def _repair_schemes(entry: Entry) -> Entry:
    links = [Link(link.label, repair_scheme(link.url.strip()))
             if not is_web_url(link.url) and is_web_url(repair_scheme(link.url.strip())) else link
             for link in entry.links]
    return entry if links == entry.links else entry.replace(links=links)
