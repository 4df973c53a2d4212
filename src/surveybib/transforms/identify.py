"""What an identifier given to ``surveybib add`` names: an arXiv id, a DOI, or a paper's URL.

Understood: arXiv ids (``2303.01469``, ``arXiv:2303.01469v2``, ``hep-th/9901001``) and
arxiv.org URLs; DOIs (``10.1109/...``, ``doi:10...``, doi.org URLs; an arXiv DOI
``10.48550/arXiv.ID`` is the arXiv id); OpenReview, ACL Anthology, CVF, PMLR and
NeurIPS proceedings URLs, and any other http(s) URL. The venue and year come from the
URL rules (:mod:`surveybib.venues.urls`), never from a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from ..errors import InputError
from ..model import Link
from ..text.identifiers import DOI, arxiv_from_url, clean_url, doi_from_url, is_web_url, parse_arxiv_id
from ..venues.urls import Sighting, from_doi, from_url

# Hosts whose URLs name one paper, by the kind of page they are (for reports).
KINDS = {
    "openreview.net": "OpenReview", "aclanthology.org": "ACL Anthology", "aclweb.org": "ACL Anthology",
    "openaccess.thecvf.com": "CVF open access", "proceedings.mlr.press": "PMLR",
    "proceedings.neurips.cc": "NeurIPS proceedings", "papers.nips.cc": "NeurIPS proceedings",
    "papers.neurips.cc": "NeurIPS proceedings", "proceedings.nips.cc": "NeurIPS proceedings",
}
_ARXIV_PREFIX = re.compile(r"^arxiv:\s*", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"^(?:doi:\s*)", re.IGNORECASE)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Identified:
    """One input of ``add``: what it is, the paper's link, and the ids and venue it carries."""

    text: str
    kind: str  # "arXiv", "DOI", "OpenReview", "CVF open access", ..., or "web page"
    link: Link
    eprint: str | None = None
    doi: str | None = None
    sighting: Sighting | None = None

    def describe(self) -> str:
        what = self.eprint or self.doi or self.link.url
        return f"{self.kind} {what}"


def _arxiv(text: str, eprint: str) -> Identified:
    found = parse_arxiv_id(eprint)
    url = f"https://arxiv.org/abs/{found.id}"
    return Identified(text, "arXiv", Link("Paper", url), eprint=found.id, sighting=Sighting("arXiv", found.year, url))


def _doi(text: str, doi: str) -> Identified:
    doi = doi.rstrip("/.")
    arxiv = _ARXIV_DOI.match(doi)
    if arxiv and parse_arxiv_id(arxiv.group(1)):
        return _arxiv(text, arxiv.group(1))
    url = f"https://doi.org/{doi}"
    return Identified(text, "DOI", Link("Paper", url), doi=doi, sighting=from_doi(doi, url))


def _openreview(url: str) -> str:
    """``openreview.net/pdf?id=X`` and ``/forum?id=X&noteId=Y`` as the paper's forum page."""
    query = parse_qs(urlsplit(url).query)
    ids = query.get("id")
    if not ids or not re.fullmatch(r"[A-Za-z0-9_-]+", ids[0]):
        raise InputError(f"{url}: an OpenReview URL names its paper with ?id=...")
    return f"https://openreview.net/forum?id={ids[0]}"


def identify(text: str) -> Identified:
    """What ``text`` names; InputError when it is neither an arXiv id, a DOI nor an http(s) URL."""
    try:
        return _identify(text.strip())
    except ValueError as error:  # urllib's verdict on a malformed URL ("Invalid IPv6 URL")
        raise InputError(f"{text.strip()!r} is not a usable URL ({error})") from None


def _identify(raw: str) -> Identified:
    bare = _ARXIV_PREFIX.sub("", raw)
    if parse_arxiv_id(bare):
        return _arxiv(raw, bare)
    if DOI.fullmatch(_DOI_PREFIX.sub("", raw)):
        return _doi(raw, _DOI_PREFIX.sub("", raw))
    urlsplit(raw)  # strict: a malformed URL given as an identifier is refused (ValueError -> InputError)
    url = clean_url(raw).url
    if not is_web_url(url):
        raise InputError(f"{raw!r} is not an arXiv id (2303.01469), a DOI (10.xxxx/...) or an http(s) URL")
    arxiv = arxiv_from_url(url)
    if arxiv is not None:
        if arxiv.id is None:
            raise InputError(f"{raw!r}: {arxiv.raw!r} is not a valid arXiv id")
        return _arxiv(raw, arxiv.id.id)
    doi = doi_from_url(url)
    host = urlsplit(url).netloc.lower().removeprefix("www.")
    if doi and host.endswith("doi.org"):
        return _doi(raw, doi)
    if host == "openreview.net":
        url = _openreview(url)
    return Identified(raw, KINDS.get(host, "web page"), Link("Paper", url), doi=doi, sighting=from_url(url))
