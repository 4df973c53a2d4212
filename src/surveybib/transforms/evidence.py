"""What one list item says about its paper: venue, year, identifiers, links.

Each piece is read, checked and recorded with findings; choosing between the
pieces of several copies of one paper is :mod:`surveybib.transforms.list_import`'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Finding, Link
from ..readers.markdown import ListItem
from ..readers.markdown_parts import Badge
from ..text.capitals import bib_title
from ..text.identifiers import arxiv_from_url, doi_from_url
from ..venues import Registry, Venue, normalize
from ..venues.badges import badge_color

STRENGTH = {"conference": 3, "journal": 3, "workshop": 3, "preprint": 2, "web": 1}


@dataclass
class Evidence:
    item: ListItem
    title: str
    venue: Venue | None = None
    year: str | None = None
    eprint: str | None = None
    eprint_year: int | None = None
    doi: str | None = None
    links: list[Link] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    badge: str | None = None

    @property
    def strength(self) -> int:
        return STRENGTH.get(self.venue.kind, 0) if self.venue else 0

    def note(self, code: str, message: str) -> None:
        self.item.findings.append(Finding(code, message, self.item.source))


def evidence_from_item(item: ListItem, registry: Registry) -> Evidence:
    evidence = Evidence(item, bib_title(item.title), authors=list(item.authors))
    _read_links(evidence)
    badge = next((b for b in item.badges), None)
    if badge:
        evidence.badge = badge.raw
        _read_badge(evidence, badge, registry)
    elif item.venue_text:
        _read_venue_text(evidence, item.venue_text, item.year_text, registry)
    elif item.year_text:
        evidence.year = _full_year(item.year_text)
    if not badge and evidence.year and evidence.eprint_year and int(evidence.year) < evidence.eprint_year:
        where = "its heading" if item.year_from_heading else "the list"
        evidence.note("I045", f"year {evidence.year} from {where} is before its arXiv id's year {evidence.eprint_year}")
    if evidence.venue and evidence.venue.kind == "preprint" and evidence.eprint_year:
        evidence.year = str(evidence.eprint_year)
    if not evidence.year and evidence.eprint_year:
        evidence.year = str(evidence.eprint_year)
    if evidence.venue and evidence.venue.short == "arXiv" and not evidence.eprint:
        links = ", ".join(link.url for link in evidence.links) or "none"
        evidence.note("I039", f"arXiv badge, but no valid arXiv link (links: {links})")
    return evidence


def _read_links(evidence: Evidence) -> None:
    """Links, and the identifiers of the paper's own links (the first, and any ``Paper``).

    A ``Code``, ``Project`` or other secondary link never gives the entry a DOI or an arXiv id.
    """
    for index, link in enumerate(evidence.item.links):
        url = link.url
        if index and link.label.lower() != "paper":
            if all(existing.url != url for existing in evidence.links):
                evidence.links.append(link)
            continue
        arxiv = arxiv_from_url(url)
        if arxiv and arxiv.id is None:
            evidence.note("I015", f"invalid arXiv id {arxiv.raw!r} in {url}")
        elif arxiv:
            if url != arxiv.canonical_url:
                evidence.note("I014", f"arXiv URL normalized: {url} -> {arxiv.canonical_url}")
                url = arxiv.canonical_url
            if evidence.eprint and evidence.eprint != arxiv.id.id:
                evidence.note("I016", f"two arXiv ids in one line: {evidence.eprint}, {arxiv.id.id}")
            else:
                evidence.eprint, evidence.eprint_year = arxiv.id.id, arxiv.id.year
        doi = doi_from_url(url)
        if doi and not evidence.doi:
            evidence.doi = doi
        if all(existing.url != url for existing in evidence.links):
            evidence.links.append(Link(link.label, url))


def _resolve(evidence: Evidence, text: str, registry: Registry) -> Venue | None:
    match = registry.lookup(text)
    if match is None:
        evidence.note("I034", f"unknown venue {text!r}")
        return None
    if match.how == "typo":
        evidence.note("I032", f"misspelled venue {text!r} read as {match.venue.short}")
    elif normalize(text) != normalize(match.venue.short):
        evidence.note("I033", f"venue {text!r} written as {match.venue.short}")
    return match.venue


def _read_badge(evidence: Evidence, badge: Badge, registry: Registry) -> None:
    if not badge.label:
        evidence.note("I031", f"badge {badge.raw!r} names no venue")
    else:
        evidence.venue = _resolve(evidence, badge.label, registry)
    message = badge.message
    date = re.fullmatch(r"(\d{4})(?:\.(\d{2}))?", message)
    venue = evidence.venue
    if not date:
        evidence.note("I035", f"badge date {message!r} is not a year")
        return
    year, month = date.group(1), date.group(2)
    yymm = evidence.eprint[:4] if evidence.eprint else None
    if month is None and yymm == year and venue and venue.kind == "preprint":
        evidence.note("I038", f"badge year {year} is the arXiv id's YYMM, not a year")
        return
    if venue and venue.kind not in ("preprint", "web") and month:
        evidence.note("I037", f"venue badge {badge.raw!r} carries an arXiv-style date")
    expected = badge_color(venue.kind) if venue else None
    if expected and badge.color.lower() != expected:
        evidence.note("I036", f"badge colour {badge.color!r} does not match a {venue.kind} ({expected})")
    evidence.year = year


def _full_year(year: str) -> str | None:
    """``23`` -> ``2023``, ``98`` -> ``1998``; None for anything that is not a year."""
    if re.fullmatch(r"\d{2}", year):
        return ("20" if int(year) < 70 else "19") + year
    return year if re.fullmatch(r"\d{4}", year) else None


def _read_venue_text(evidence: Evidence, text: str, year: str | None, registry: Registry) -> None:
    evidence.venue = _resolve(evidence, text, registry)
    if year and _full_year(year):
        evidence.year = _full_year(year)
    elif year:
        evidence.note("I035", f"year {year!r} is not a year")
