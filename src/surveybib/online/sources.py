"""The online sources: the arXiv API (Atom), Crossref REST and the DBLP search API here;
the Semantic Scholar Graph API and OpenReview in their own modules.

Each turns answers into :class:`~surveybib.readers.records.Record` values, so that
online metadata goes through the same matching and guards as a file's.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..model import Entry
from ..readers.records import Record
from ..text.identifiers import parse_arxiv_id
from ..text.latex import plain_text, to_latex
from .http import Client, OnlineError, parse_json

ATOM = {"a": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}
SOURCES = ("arxiv", "crossref", "dblp", "semanticscholar", "openreview")


def _names(names: list[str]) -> str:
    from ..text.people import bibtex_name

    return " and ".join(bibtex_name(n) for n in names if n.strip())


def arxiv_records(client: Client, ids: list[str]) -> list[Record]:
    """Metadata of arXiv ids, 50 per request (``export.arxiv.org/api/query?id_list=...``)."""
    records = []
    for start in range(0, len(ids), 50):
        batch = ids[start:start + 50]
        text = client.get("http://export.arxiv.org/api/query", {"id_list": ",".join(batch), "max_results": len(batch)})
        records += parse_arxiv_atom(text)
    return records


def parse_arxiv_atom(text: str) -> list[Record]:
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        raise OnlineError(f"export.arxiv.org: not an Atom feed ({error})") from None
    records = []
    for entry in root.findall("a:entry", ATOM):
        raw_id = entry.findtext("a:id", "", ATOM).rsplit("/abs/", 1)[-1]
        found = parse_arxiv_id(raw_id)
        if found is None:
            continue
        version = re.search(r"v(\d+)$", raw_id)
        title = " ".join(entry.findtext("a:title", "", ATOM).split())
        fields = {"title": to_latex(title), "eprint": found.id, "archiveprefix": "arXiv",
                  "year": entry.findtext("a:published", "", ATOM)[:4],
                  "author": to_latex(_names([a.findtext("a:name", "", ATOM) for a in entry.findall("a:author", ATOM)]))}
        if version:
            fields["version"] = version.group(1)  # the latest version, for surveybib outdated
        doi = entry.findtext("arxiv:doi", "", ATOM).strip()
        if doi:
            fields["doi"] = doi
        records.append(Record(f"arXiv API {found.id}", "misc", {k: v for k, v in fields.items() if v}))
    return records


_CROSSREF_TYPES = {"proceedings-article": "inproceedings", "journal-article": "article"}


def crossref_records(client: Client, entry: Entry) -> list[Record]:
    """By DOI (``api.crossref.org/works/DOI``), else by title (``query.bibliographic``)."""
    doi = entry.fields.get("doi")
    if doi:
        text = client.get(f"https://api.crossref.org/works/{doi}")
        items = [_message(parse_json(text, "api.crossref.org"))] if text else []
    elif not entry.fields.get("title"):
        return []  # nothing to ask by (surveybib add asks before it knows the title)
    else:
        text = client.get("https://api.crossref.org/works",
                          {"query.bibliographic": plain_text(entry.fields.get("title", "")), "rows": 3})
        items = _message(parse_json(text, "api.crossref.org")).get("items", []) if text else []
    return [_crossref_record(item) for item in items]


def _message(answer) -> dict:
    if not isinstance(answer, dict) or not isinstance(answer.get("message"), dict):
        raise OnlineError("api.crossref.org: the answer has no message")
    return answer["message"]


def _crossref_record(item: dict) -> Record:
    names = [f"{a.get('given', '')} {a.get('family', '')}".strip() or a.get("name", "") for a in item.get("author", [])]
    fields = {"title": to_latex(" ".join((item.get("title") or [""])[0].split())), "author": to_latex(_names(names)),
              "doi": item.get("DOI", "")}
    etype = _CROSSREF_TYPES.get(item.get("type", ""), "misc")
    container = (item.get("container-title") or [""])[0]
    if container:
        fields["journal" if etype == "article" else "booktitle"] = to_latex(container)
    parts = (item.get("issued") or item.get("published") or {}).get("date-parts") or [[]]
    if parts and parts[0] and parts[0][0]:
        fields["year"] = str(parts[0][0])
    return Record(f"Crossref {item.get('DOI', '')}", etype, {k: v for k, v in fields.items() if v})


_DBLP_TYPES = {"Conference and Workshop Papers": "inproceedings", "Journal Articles": "article"}


def dblp_records(client: Client, entry: Entry) -> list[Record]:
    """By title (``dblp.org/search/publ/api?q=...&format=json``)."""
    if not entry.fields.get("title"):
        return []
    text = client.get("https://dblp.org/search/publ/api",
                      {"q": plain_text(entry.fields.get("title", "")), "format": "json", "h": 5})
    answer = parse_json(text, "dblp.org") if text else {}
    if not isinstance(answer, dict):
        raise OnlineError("dblp.org: the answer is not a search result")
    hits = answer.get("result", {}).get("hits", {}).get("hit", [])
    return [_dblp_record(hit["info"]) for hit in hits if "info" in hit]


def _dblp_record(info: dict) -> Record:
    authors = (info.get("authors") or {}).get("author", [])
    authors = authors if isinstance(authors, list) else [authors]
    names = [re.sub(r"\s+\d{4}$", "", a.get("text", "") if isinstance(a, dict) else str(a)) for a in authors]
    etype = _DBLP_TYPES.get(info.get("type", ""), "misc")
    fields = {"title": to_latex(info.get("title", "").rstrip(".")), "author": to_latex(_names(names)),
              "year": str(info.get("year", "")), "doi": info.get("doi", "")}
    venue = info.get("venue", "")
    if venue and venue != "CoRR":
        fields["journal" if etype == "article" else "booktitle"] = venue
    if info.get("venue") == "CoRR":
        arxiv = re.search(r"abs/(\d{4}\.\d{4,5})", info.get("ee", "") if isinstance(info.get("ee"), str) else "")
        if arxiv:
            fields["eprint"], fields["archiveprefix"] = arxiv.group(1), "arXiv"
    return Record(f"DBLP {info.get('key', '')}", etype, {k: v for k, v in fields.items() if v})


def fetch_records(client: Client, entries: list[Entry], sources: tuple[str, ...], progress=None,
                  registry=None) -> list[Record]:
    """Records for the entries from each source; ``progress(n)`` is told of each step done."""
    records: list[Record] = []
    if "semanticscholar" in sources:
        from ..transforms.enrich import _entry_eprint
        from .semanticscholar import semanticscholar_records

        records += semanticscholar_records(client, sorted({i for e in entries if (i := _entry_eprint(e))}))
    if "openreview" in sources:
        from ..venues import default_registry
        from .openreview import asked, openreview_records

        registry = registry or default_registry()
        records += openreview_records(client, [e for e in entries if asked(e, registry)], registry)
    if "arxiv" in sources:
        ids = sorted({e.fields["eprint"] for e in entries if parse_arxiv_id(e.fields.get("eprint", ""))})
        records += arxiv_records(client, ids)
        if progress:
            progress(0)
    for entry in entries:
        if "crossref" in sources:
            records += crossref_records(client, entry)
        if "dblp" in sources:
            records += dblp_records(client, entry)
        if progress:
            progress(1)
    return records
