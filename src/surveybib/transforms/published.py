"""The published version a source names, and what an entry takes from it.

A record names a published version by its container (booktitle or journal) or by a DOI
whose form the venue rules know. An entry that cites that version (same venue) takes its
year and, when the people are the same, its author order: the order of the version
cited, not the preprint's.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..model import Entry
from ..readers.records import Record
from ..text.identifiers import parse_arxiv_id
from ..text.latex import plain_text
from ..text.people import people
from ..venues import Registry, Venue


@dataclass(frozen=True)
class Version:
    venue: Venue
    year: int | None
    source: str  # the record's source, with how the venue was read when not from its fields


def record_version(record: Record, registry: Registry) -> Version | None:
    """The published version a record names, or None (a preprint, a web page, unknown)."""
    container = record.fields.get("booktitle") or record.fields.get("journal")
    year = record.fields.get("year")
    year = int(year) if year and year.isdigit() else None
    venue = None
    if record.type in ("inproceedings", "article") and container:
        venue, source = container_venue(plain_text(container), registry), record.source
    if venue is None and record.fields.get("doi"):  # also when the container is not in the registry
        from ..venues.urls import from_doi

        sighting = from_doi(record.fields["doi"])
        if sighting is None or sighting.generic:
            return None
        venue = registry.by_short(sighting.venue)
        year, source = sighting.year or year, f"{record.source} ({sighting.describe()})"
    if venue is None or venue.kind in ("preprint", "web"):
        return None
    return Version(venue, year, source)


def container_venue(text: str, registry: Registry) -> Venue | None:
    """The venue of a booktitle or journal, also of a proceedings title: ``Proceedings of the
    59th Annual Meeting of the ACL and the 11th IJCNLP (Volume 1: Long Papers)`` is ACL, and
    DBLP's ``2nd International Conference on Learning Representations, ICLR 2014, Banff, ...``
    is ICLR. The whole text first, then its parts: before a trailing parenthesis, the first of
    a joint conference, the parenthesized short name (``(NAACL 2025)``), a workshop's venue
    (``NeurIPS 2021 Workshop on ...``), each comma-separated part.
    """
    match = registry.find(text)
    if match:
        return match.venue
    bare = re.sub(r"\s*\([^)]*\)\s*$", "", text)  # (Volume 1: Long Papers)
    workshop = re.match(r"^(.*?\bWorkshops?)\b", text)  # "NeurIPS 2021 Workshop on Deep Generative Models"
    parts = [bare, re.split(r"\s+and\s+the\s+", bare)[0], *re.findall(r"\(([^)]*)\)", text),
             *([workshop.group(1)] if workshop else []), *text.split(",")]
    for part in parts:
        found = registry.resolve(part.strip()).venue if part.strip() else None
        if found:
            return found
    return None


def same_people(ours: str, theirs: str) -> bool:
    """The same people in the same order, written otherwise (``Edward J.`` and ``Edward J``)."""
    return _person_list(ours) == _person_list(theirs)


def too_early(entry: Entry, version: Version) -> str | None:
    """Why a version cannot be this entry's: a venue year before its arXiv id's."""
    arxiv = parse_arxiv_id(entry.fields.get("eprint", ""))
    if version.year and arxiv and version.year < arxiv.year:
        return f"{version.venue.short} {version.year}: earlier than its arXiv id {arxiv.id}"
    return None


def cites(entry: Entry, version: Version, registry: Registry) -> bool:
    """Whether the entry names the version's venue (the year aside)."""
    container = entry.fields.get("booktitle") or entry.fields.get("journal")
    match = registry.find(plain_text(container)) if container else None
    return match is not None and match.venue.short == version.venue.short


def _person_list(author: str) -> list[str]:
    """Each person as family name and first initial ("zhang r"), blind to case and accents."""
    def letters(text: str) -> str:
        return re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", plain_text(text)).lower())

    return [f"{letters(n.family)} {letters(n.given)[:1]}" for n in people(author) if not n.literal]


def reordered(ours: str, theirs: str) -> bool:
    """The same people in another order (family name and first initial, each as often)."""
    if any(re.search(r"\band\s+others\s*$", text) for text in (ours, theirs)):
        return False  # not all the people are named
    a, b = _person_list(ours), _person_list(theirs)
    return bool(a) and a != b and sorted(a) == sorted(b) and not any(p.startswith(" ") for p in a)


_STILL_PREPRINT = re.compile(
    r"(?:still an? (?:arxiv )?preprint|no published version(?: found)?) as of (\d{4}-\d{2}-\d{2})", re.IGNORECASE)


def preprint_check(record: Record) -> str | None:
    """The date a source checked that the paper has no published version, from its
    ``preprintchecked`` field or a note ``still a preprint as of YYYY-MM-DD`` (or ``no published
    version found as of YYYY-MM-DD``)."""
    found = (re.match(r"\s*(\d{4}-\d{2}-\d{2})", record.fields.get("preprintchecked", ""))
             or _STILL_PREPRINT.search(record.fields.get("note", "")))
    return found.group(1) if found else None
