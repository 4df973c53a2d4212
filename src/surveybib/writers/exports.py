"""Exports for readers' reference managers: BibTeX, BibLaTeX, CSL-JSON and RIS.

Each writer takes entries (already chosen, see :mod:`surveybib.transforms.profiles`)
and returns a string. Sections travel as keywords (tags in Zotero) in every format.
"""

from __future__ import annotations

import json

from ..model import Entry, Macro, Survey
from ..text.latex import plain_text
from ..text.people import people
from ..transforms.profiles import export_fields
from .bibtex import write_bibtex

FORMATS = {"bibtex": ".bib", "biblatex": ".biblatex.bib", "csljson": ".json", "ris": ".ris"}


def kind(entry: Entry) -> str:
    """conference, journal, preprint, web or other."""
    if entry.type == "inproceedings":
        return "conference"
    if entry.type == "article":
        return "journal"
    if entry.type == "misc" and entry.links and entry.links[0].label == "Online":
        return "web"
    if entry.type in ("misc", "unpublished") and entry.fields.get("eprint"):
        return "preprint"
    return "other"


def _plain(value: str) -> str:
    return str(value) if isinstance(value, Macro) else plain_text(value)


def bibtex(entries: list[Entry], survey: Survey, profile: str) -> str:
    """BibTeX: the bib's own LaTeX fields, without surveybib's bookkeeping."""
    out = [e.replace(fields=export_fields(e, survey, profile), sections={}, links=[]) for e in entries]
    return write_bibtex(Survey(entries=out, header=[b for b in survey.header if b.startswith("@string")]))


_BIBLATEX_TYPES = {"conference": "inproceedings", "journal": "article", "preprint": "misc", "web": "online"}


def biblatex(entries: list[Entry], survey: Survey, profile: str) -> str:
    """BibLaTeX: ``date``, ``journaltitle``, ``eprint`` + ``eprinttype``; ``@online`` for web resources."""
    out = []
    for entry in entries:
        fields = export_fields(entry, survey, profile)
        if "year" in fields:
            fields["date"] = fields.pop("year") + (f"-{_month(fields.pop('month'))}" if fields.get("month") else "")
        if "journal" in fields:
            fields["journaltitle"] = fields.pop("journal")
        if "eprint" in fields:
            fields["eprinttype"] = (fields.pop("archiveprefix", "arXiv") or "arXiv").lower()
            if "primaryclass" in fields:
                fields["eprintclass"] = fields.pop("primaryclass")
        etype = _BIBLATEX_TYPES.get(kind(entry), entry.type)
        out.append(entry.replace(type=etype, fields=fields, sections={}, links=[]))
    return write_bibtex(Survey(entries=out, header=[b for b in survey.header if b.startswith("@string")]))


_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}


def _month(value: str) -> str:
    text = str(value).strip().lower()[:3]
    number = _MONTHS.get(text) or (int(value) if str(value).isdigit() else 0)
    return f"{number:02d}" if number else ""


_CSL_TYPES = {"conference": "paper-conference", "journal": "article-journal", "preprint": "article", "web": "webpage"}
_CSL_OTHER = {"book": "book", "phdthesis": "thesis", "mastersthesis": "thesis", "techreport": "report",
              "incollection": "chapter", "inbook": "chapter"}


def csl_item(entry: Entry, survey: Survey, profile: str) -> dict:
    fields = export_fields(entry, survey, profile)
    item: dict = {"id": entry.key,
                  "type": _CSL_TYPES.get(kind(entry)) or _CSL_OTHER.get(entry.type, "document")}
    if "title" in fields:
        item["title"] = _plain(fields["title"])
    names = people(fields.get("author", ""))
    if names:
        item["author"] = [{"literal": n.family} if n.literal else {"family": n.family, "given": n.given}
                          for n in names]
    container = fields.get("booktitle") or fields.get("journal")
    if container:
        item["container-title"] = _plain(container)
    if str(fields.get("year", "")).isdigit():
        parts = [int(fields["year"])]
        if fields.get("month") and _month(fields["month"]):
            parts.append(int(_month(fields["month"])))
        item["issued"] = {"date-parts": [parts]}
    if kind(entry) == "preprint":
        item["publisher"] = "arXiv"
        item["number"] = f"arXiv:{fields['eprint']}"
    for name, key in (("doi", "DOI"), ("url", "URL"), ("volume", "volume"), ("pages", "page"),
                      ("publisher", "publisher"), ("abstract", "abstract"), ("note", "note")):
        if fields.get(name):
            item[key] = _plain(fields[name]) if name not in ("doi", "url") else str(fields[name])
    if fields.get("keywords"):
        item["keyword"] = fields["keywords"]
    return item


def csljson(entries: list[Entry], survey: Survey, profile: str) -> str:
    """A JSON list with one item's field per line, each value written compactly.

    ``json.dumps(indent=2)`` falls back to the pure-Python encoder, which made this the
    slowest export of a large sync; the C encoder writes each value instead.
    """
    items = [csl_item(e, survey, profile) for e in entries]
    if not items:
        return "[]\n"
    dump = json.JSONEncoder(ensure_ascii=False).encode
    blocks = [
        "  {\n" + ",\n".join(f"    {dump(key)}: {dump(value)}" for key, value in item.items()) + "\n  }"
        for item in items
    ]
    return "[\n" + ",\n".join(blocks) + "\n]\n"


_RIS_TYPES = {"conference": "CONF", "journal": "JOUR", "preprint": "UNPB", "web": "ELEC"}
_RIS_OTHER = {"book": "BOOK", "phdthesis": "THES", "mastersthesis": "THES", "techreport": "RPRT",
              "incollection": "CHAP", "inbook": "CHAP"}


def _plain_ris_writer():
    import rispy

    class PlainRisWriter(rispy.RisWriter):
        """rispy's writer without its numbered header line before each record."""

        def set_header(self, count: int) -> str:
            return ""

    return PlainRisWriter


def ris(entries: list[Entry], survey: Survey, profile: str) -> str:
    """RIS, written by rispy: TY, TI, AU, PY, T2 (proceedings) or JO (journal), DO, UR, KW."""
    import rispy

    records = []
    for entry in entries:
        fields = export_fields(entry, survey, profile)
        record: dict = {"type_of_reference": _RIS_TYPES.get(kind(entry)) or _RIS_OTHER.get(entry.type, "GEN"),
                        "id": entry.key, "title": _plain(fields.get("title", entry.key))}
        names = people(fields.get("author", ""))
        if names:
            record["authors"] = [n.bibtex() for n in names]
        if str(fields.get("year", "")).isdigit():
            record["year"] = fields["year"]
        if fields.get("journal"):
            record["journal_name"] = _plain(fields["journal"])
        elif fields.get("booktitle"):
            record["secondary_title"] = _plain(fields["booktitle"])
        elif kind(entry) == "preprint":
            record["publisher"] = "arXiv"
            record["number"] = f"arXiv:{fields['eprint']}"
        for name, key in (("doi", "doi"), ("volume", "volume"), ("abstract", "abstract")):
            if fields.get(name):
                record[key] = _plain(fields[name]) if name != "doi" else str(fields[name])
        if fields.get("url"):
            record["urls"] = [str(fields["url"])]
        if fields.get("keywords"):
            record["keywords"] = [k.strip() for k in fields["keywords"].split(",") if k.strip()]
        records.append({name: _one_line_values(value) for name, value in record.items()})
    return rispy.dumps(records, implementation=_plain_ris_writer())


def _one_line_values(value):
    """RIS is one tag per line: a line break inside a value would start a tag (or a record) of its own."""
    from ..names import one_line

    return [one_line(v) for v in value] if isinstance(value, list) else one_line(str(value))


WRITERS = {"bibtex": bibtex, "biblatex": biblatex, "csljson": csljson, "ris": ris}


def export(entries: list[Entry], survey: Survey, fmt: str, profile: str = "full") -> str:
    if fmt not in WRITERS:
        raise ValueError(f"format must be one of {', '.join(WRITERS)}")
    return WRITERS[fmt](entries, survey, profile)

