"""The venue badge a list line shows: label, message and colour of a shields.io badge.

One table of colours serves the writer, which draws badges, and the list reader, which
checks that a badge's colour agrees with its venue's kind.
"""

from __future__ import annotations

from ..model import Entry
from ..text.identifiers import parse_arxiv_id
from .registry import Registry

BADGE_COLORS = {"preprint": "red", "web": "green"}  # every other kind of venue: blue
DEFAULT_COLOR = "blue"


def badge_color(kind: str) -> str:
    return BADGE_COLORS.get(kind, DEFAULT_COLOR)


def badge(entry: Entry, registry: Registry) -> tuple[str, str, str] | None:
    """(label, message, colour) of the entry's badge; None without venue and year."""
    venue = _venue(entry, registry)
    year = entry.fields.get("year", "")
    arxiv = parse_arxiv_id(entry.fields.get("eprint", ""))
    web = entry.links and entry.links[0].label == "Online"
    if venue is None and web and year:
        return "Online", year, "green"
    if venue is None and arxiv and entry.type == "misc":
        return "arXiv", f"{arxiv.year}.{arxiv.month:02d}", "red"
    if venue is None:
        return ("", year, "lightgrey") if year else None
    if venue.kind == "preprint" and arxiv:
        return venue.short, f"{arxiv.year}.{arxiv.month:02d}", "red"
    return venue.short, year or "", badge_color(venue.kind)


def _venue(entry: Entry, registry: Registry):
    for name in ("booktitle", "journal"):
        if entry.fields.get(name):
            return registry.by_name(entry.fields[name])
    return None
