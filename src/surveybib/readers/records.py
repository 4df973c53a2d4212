"""Metadata records from other bibliographies (BibTeX, BibLaTeX, CSL-JSON), for enrichment.

Every reader gives :class:`Record` values with BibTeX-style fields, so that matching
and filling work the same whatever the source.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..errors import InputError
from ..text.identifiers import arxiv_from_url, parse_arxiv_id
from ..text.latex import to_latex
from .bibtex import read_bibtex


@dataclass
class Record:
    """One paper as another source describes it."""

    source: str  # file#key, or a service and its id
    type: str
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def eprint(self) -> str | None:
        found = parse_arxiv_id(self.fields.get("eprint", ""))
        if found and self.fields.get("archiveprefix", "arXiv").lower() in ("arxiv", ""):
            return found.id
        link = arxiv_from_url(self.fields.get("url", ""))
        return link.id.id if link and link.id else None


def records_from_bibtex(text: str, *, file: str) -> list[Record]:
    """BibTeX or BibLaTeX: ``date``, ``journaltitle`` and ``eprinttype`` are read as BibTeX."""
    survey, findings = read_bibtex(text, file=file)
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        raise InputError(errors[0].message, file=file, line=errors[0].source.line if errors[0].source else None)
    records = []
    for entry in survey.entries:
        fields = dict(entry.fields)
        if "date" in fields and "year" not in fields:
            fields["year"] = str(fields["date"])[:4]
        if "journaltitle" in fields and "journal" not in fields:
            fields["journal"] = fields.pop("journaltitle")
        if "eprinttype" in fields and "archiveprefix" not in fields:
            fields["archiveprefix"] = "arXiv" if fields["eprinttype"].lower() == "arxiv" else fields["eprinttype"]
        if entry.links:
            fields.setdefault("url", entry.links[0].url)
        records.append(Record(f"{file}#{entry.key}", entry.type, fields))
    return records


_CSL_TYPES = {"paper-conference": "inproceedings", "article-journal": "article", "article": "misc",
              "webpage": "misc", "thesis": "phdthesis", "book": "book", "report": "techreport"}


def records_from_csljson(text: str, *, file: str) -> list[Record]:
    """CSL-JSON (a Zotero or pandoc export): names and text become BibTeX fields."""
    try:
        items = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"not JSON: {error.msg}", file=file, line=error.lineno) from None
    if isinstance(items, dict):
        items = items.get("items", [items])
    records = []
    for item in items:
        fields: dict[str, str] = {}
        if item.get("title"):
            fields["title"] = to_latex(item["title"])
        names = [_csl_name(n) for n in item.get("author", [])]
        if names:
            fields["author"] = " and ".join(n for n in names if n)
        container = item.get("container-title")
        etype = _CSL_TYPES.get(item.get("type", ""), "misc")
        if container:
            fields["journal" if etype == "article" else "booktitle"] = to_latex(container)
        parts = (item.get("issued") or {}).get("date-parts") or [[]]
        if parts and parts[0]:
            fields["year"] = str(parts[0][0])
        for csl, bib in (("DOI", "doi"), ("URL", "url"), ("volume", "volume"), ("page", "pages")):
            if item.get(csl):
                fields[bib] = str(item[csl])
        number = str(item.get("number", ""))
        if number.lower().startswith("arxiv:"):
            fields["eprint"], fields["archiveprefix"] = number.split(":", 1)[1], "arXiv"
        records.append(Record(f"{file}#{item.get('id', len(records))}", etype, fields))
    return records


def _csl_name(name: dict) -> str:
    if name.get("literal"):
        return "{" + to_latex(name["literal"]) + "}"
    family, given = to_latex(name.get("family", "")), to_latex(name.get("given", ""))
    return f"{family}, {given}" if given else family


def read_records(text: str, *, file: str) -> list[Record]:
    """Records of a file, by its form: CSL-JSON when it is JSON, BibTeX/BibLaTeX otherwise."""
    if text.lstrip().startswith(("[", "{")) and file.lower().endswith(".json"):
        return records_from_csljson(text, file=file)
    return records_from_bibtex(text, file=file)
