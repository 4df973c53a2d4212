"""The Semantic Scholar Graph API: the published version of an arXiv paper.

One request per arXiv id: ``GET api.semanticscholar.org/graph/v1/paper/arXiv:ID`` with
the fields asked for. The answer's ``year`` is the year of the paper's first version
(often the arXiv one), so a venue is claimed only with a year that names the published
version: an ACL Anthology id, a DBLP key of a proceedings or journal (``conf/iclr/...22``
is ICLR 2022), or a DOI whose form the venue rules know.
"""

from __future__ import annotations

import re

from ..readers.records import Record
from ..text.identifiers import parse_arxiv_id
from ..text.latex import to_latex
from .http import Client, OnlineError, parse_json

API = "https://api.semanticscholar.org/graph/v1/paper/"
FIELDS = "title,authors,venue,publicationVenue,year,externalIds,journal,publicationTypes"
_DBLP_KEY = re.compile(r"^(conf|journals)/([^/]+)/[^/]*?(\d{2})[a-z]?$")


def semanticscholar_records(client: Client, ids: list[str], progress=None) -> list[Record]:
    """What Semantic Scholar knows of each arXiv id (a 404 is no record)."""
    records = []
    for arxiv_id in ids:
        text = client.get(f"{API}arXiv:{arxiv_id}", {"fields": FIELDS})
        if text:
            record = parse_paper(parse_json(text, "api.semanticscholar.org"))
            if record:
                records.append(record)
        if progress:
            progress(1)
    return records


def parse_paper(paper) -> Record | None:
    """A record of one paper of the Graph API (its ``FullPaper`` schema)."""
    if not isinstance(paper, dict):
        raise OnlineError("api.semanticscholar.org: the answer is not a paper")
    from ..text.people import bibtex_name

    ids = paper.get("externalIds") or {}
    fields = {"title": to_latex(" ".join((paper.get("title") or "").split()))}
    names = [a.get("name", "") for a in paper.get("authors") or [] if isinstance(a, dict)]
    fields["author"] = to_latex(" and ".join(bibtex_name(n) for n in names if n.strip()))
    arxiv = parse_arxiv_id(str(ids.get("ArXiv", "")))
    if arxiv:
        fields["eprint"], fields["archiveprefix"] = arxiv.id, "arXiv"
    doi = str(ids.get("DOI", ""))
    if doi and not doi.lower().startswith("10.48550/"):
        fields["doi"] = doi
    etype, published = _published(paper, ids)
    fields.update(published)
    source = f"Semantic Scholar {paper.get('paperId', '')}".strip()
    return Record(source, etype, {k: v for k, v in fields.items() if v})


def _published(paper: dict, ids: dict) -> tuple[str, dict[str, str]]:
    """The type and the container and year of the published version, when a year names it."""
    venue = (paper.get("publicationVenue") or {}).get("name") or paper.get("venue") or ""
    kind = (paper.get("publicationVenue") or {}).get("type", "")
    acl = str(ids.get("ACL", ""))
    if acl:
        from ..venues.urls import from_url

        sighting = from_url(f"https://aclanthology.org/{acl}")
        if sighting and sighting.year:
            return "inproceedings", {"booktitle": sighting.venue, "year": str(sighting.year)}  # its track too
    key = _DBLP_KEY.match(str(ids.get("DBLP", "")))
    if key and key.group(2) != "corr" and venue:
        yy = int(key.group(3))
        year = str(2000 + yy if yy < 70 else 1900 + yy)
        journal = key.group(1) == "journals" or kind == "journal"
        return ("article", {"journal": venue, "year": year}) if journal else (
            "inproceedings", {"booktitle": venue, "year": year})
    return "misc", {}  # a known DOI still names the version (enrich reads its form)
