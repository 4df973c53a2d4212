"""When two copies in a list are one paper: an identifier agrees, or the titles agree and nothing contradicts.

Identifiers are the arXiv id, the DOI and the paper's own URL; an identifier match
also needs titles that read alike (a link to another paper must not join two
papers). A title match is refused when the copies name authors with no surname in
common, or different arXiv ids or DOIs while naming different venues (two copies of
one paper at one venue with a wrong link stay one entry, the disagreement recorded).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Entry
from ..text.latex import escape_plain, plain_text
from ..text.people import author_names, family_name
from .evidence import Evidence


@dataclass
class Index:
    """Entries by normalized title and by identifier, with the evidence that made each."""

    by_title: dict[str, list[Entry]] = field(default_factory=dict)
    by_id: dict[str, Entry] = field(default_factory=dict)
    leads: dict[int, Evidence] = field(default_factory=dict)

    def add(self, entry: Entry, tkey: str, evidence: Evidence | None = None) -> None:
        self.by_title.setdefault(tkey, []).append(entry)
        for ident in identifiers(entry.fields.get("eprint"), entry.fields.get("doi"),
                                 entry.links[0].url if entry.links else None):
            self.by_id.setdefault(ident, entry)
        if evidence is not None:
            self.leads[id(entry)] = evidence

    def remember(self, entry: Entry, copy: Evidence) -> None:
        """A copy merged into ``entry``: its identifiers name the entry from now on, so that a
        later copy with them joins the same entry (and an import of the imported list reads
        each copy as the first import did)."""
        web = _web(copy)
        for ident in identifiers(None if web else copy.eprint, None if web else copy.doi,
                                 copy.links[0].url if copy.links else None):
            self.by_id.setdefault(ident, entry)


def identifiers(eprint: str | None, doi: str | None, url: str | None) -> list[str]:
    found = []
    if eprint:
        found.append(f"arxiv:{eprint.lower()}")
    if doi:
        found.append(f"doi:{doi.lower()}")
    if url:
        found.append("url:" + re.sub(r"^https?://(www\.)?", "", url.lower()).rstrip("/"))
    return found


def usable_title(title: str) -> bool:
    """A title that can name a paper: it has a letter (``[`` or ``2014`` cannot)."""
    return any(c.isalpha() for c in title)


def find(index: Index, evidence: Evidence, tkey: str, title_key) -> tuple[Entry | None, str | None]:
    """The entry this copy is, or None; and why a same-titled entry was refused."""
    first_url = evidence.links[0].url if evidence.links else None
    web = _web(evidence)  # a web copy's arXiv id or DOI names the resource, not the paper
    for ident in identifiers(None if web else evidence.eprint, None if web else evidence.doi, first_url):
        entry = index.by_id.get(ident)
        if entry is not None and _alike(title_key(plain_text(entry.fields.get("title", ""))), tkey):
            return entry, None
    refused = None
    for entry in index.by_title.get(tkey, []) if tkey else []:  # a title of no ASCII letters matches by id only
        clash = contradiction(entry, index.leads.get(id(entry)), evidence)
        if clash is None:
            return entry, None
        refused = f"same title as {entry.key}, but {clash}"
    return None, refused


def _alike(one: str, other: str) -> bool:
    from rapidfuzz import fuzz

    return one == other or fuzz.ratio(one, other) >= 90


def contradiction(entry: Entry, lead: Evidence | None, copy: Evidence) -> str | None:
    """Why the copy cannot be the entry's paper, or None."""
    mine = _surnames_of_entry(entry)
    theirs = {family_name(escape_plain(name)) for name in copy.authors if name != "others"} - {""}
    if mine and theirs and not mine & theirs:
        return "no author in common"
    if _web(copy):
        return None
    same_venue = _same_venue(entry, lead, copy)
    eprint = entry.fields.get("eprint")
    if eprint and copy.eprint and eprint != copy.eprint and not same_venue:
        return f"another arXiv id ({copy.eprint}, not {eprint})"
    doi = entry.fields.get("doi")
    if doi and copy.doi and doi.lower() != copy.doi.lower() and not same_venue:
        return f"another DOI ({copy.doi}, not {doi})"
    return None


def _web(evidence: Evidence) -> bool:
    return bool(evidence.venue and evidence.venue.kind == "web")


def _same_venue(entry: Entry, lead: Evidence | None, copy: Evidence) -> bool:
    """Both copies name one conference or journal (a preprint server is no venue here)."""
    if not copy.venue or copy.venue.kind in ("preprint", "web"):
        return False
    if lead is not None:
        return bool(lead.venue and lead.venue.short == copy.venue.short)
    return copy.venue.name in (entry.fields.get("booktitle"), entry.fields.get("journal"))


def _surnames_of_entry(entry: Entry) -> set[str]:
    return {family_name(name) for name in author_names(entry.fields.get("author", "")) if name != "others"} - {""}
