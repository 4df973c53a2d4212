"""OpenReview: accepted papers of ICLR, NeurIPS, ICML, TMLR, COLM and their workshops.

A paper is looked up by its title with ``GET /notes/search`` (``term``, ``source=forum``),
on API 2 (``api2.openreview.net``, venues since 2023) and API 1 (``api.openreview.net``,
older venues). A submission's ``content.venueid`` says what became of it: the venue's
own id (``ICLR.cc/2022/Conference``) once accepted; a submission, rejected or withdrawn
id otherwise, and then it names no published version. API 2 wraps each content field
as ``{"value": ...}``; API 1 gives the value itself.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from ..model import Entry
from ..readers.records import Record
from ..text.latex import plain_text, to_latex
from ..venues import Registry
from .http import Client, OnlineError, parse_json

HOSTS = ("https://api2.openreview.net", "https://api.openreview.net")
_NOT_ACCEPTED = re.compile(r"submission|reject|withdraw|desk|under_review|pending", re.IGNORECASE)
_VENUE_ID = re.compile(r"^(?P<group>.+?)/(?P<year>\d{4})/(?P<rest>.+)$")
_VENUE_GROUPS = {"ICLR.cc": "ICLR", "NeurIPS.cc": "NeurIPS", "ICML.cc": "ICML", "colmweb.org/COLM": "COLM"}


def asked(entry: Entry, registry: Registry) -> bool:
    """Whether OpenReview may know the entry's published version: a preprint, or a paper
    of a venue that reviews on OpenReview (whose year it can confirm)."""
    container = entry.fields.get("booktitle") or entry.fields.get("journal")
    if not container:
        return bool(entry.fields.get("eprint")) or entry.type == "misc"
    match = registry.find(plain_text(container))
    return match is not None and match.venue.short.split()[0] in {"ICLR", "NeurIPS", "ICML", "TMLR", "COLM"}


def openreview_records(client: Client, entries: list[Entry], registry: Registry, progress=None) -> list[Record]:
    """The notes whose titles the entries' titles find, as records (accepted or not)."""
    records = []
    for entry in entries:
        title = plain_text(entry.fields.get("title", ""))
        if not title:
            continue
        for host in HOSTS:
            text = client.get(f"{host}/notes/search", {"term": title, "source": "forum", "limit": 5})
            answer = parse_json(text, host.removeprefix("https://")) if text else {}
            if not isinstance(answer, dict) or not isinstance(answer.get("notes", []), list):
                raise OnlineError(f"{host.removeprefix('https://')}: the answer has no notes")
            records += [r for r in (parse_note(n, registry) for n in answer.get("notes", [])) if r]
        if progress:
            progress(1)
    return records


def _value(note: dict, name: str):
    field = (note.get("content") or {}).get(name)
    return field.get("value") if isinstance(field, dict) else field


def parse_note(note, registry: Registry) -> Record | None:
    """A record of a submission note: a published version when its venueid says accepted."""
    if not isinstance(note, dict) or not note.get("id"):
        return None
    from ..text.people import bibtex_name

    title, authors = _value(note, "title") or "", _value(note, "authors") or []
    fields = {"title": to_latex(" ".join(str(title).split())),
              "author": to_latex(" and ".join(bibtex_name(str(a)) for a in authors if str(a).strip())),
              "url": f"https://openreview.net/forum?id={note.get('forum') or note['id']}"}
    etype = "misc"
    venue, year = _accepted(note, registry)
    if venue is not None:
        etype = venue.entry_type
        fields[venue.container_field or "booktitle"] = venue.name
        if year:
            fields["year"] = str(year)
    return Record(f"OpenReview {fields['url']}", etype, {k: v for k, v in fields.items() if v})


def _accepted(note: dict, registry: Registry):
    """The venue and year of an accepted submission, or (None, None)."""
    venueid, venue_text = str(_value(note, "venueid") or ""), str(_value(note, "venue") or "")
    if not venueid or _NOT_ACCEPTED.search(venueid) or venue_text.lower().startswith("submitted to"):
        return None, None
    if venueid == "TMLR":
        pdate = note.get("pdate")
        year = datetime.fromtimestamp(pdate / 1000, tz=timezone.utc).year if isinstance(pdate, int) else None
        return registry.by_short("TMLR"), year
    parts = _VENUE_ID.match(venueid)
    if not parts or parts.group("group") not in _VENUE_GROUPS:
        return None, None
    short, rest = _VENUE_GROUPS[parts.group("group")], parts.group("rest")
    if rest.startswith("Workshop"):
        short += " Workshop"
    elif "Datasets_and_Benchmarks" in rest:
        short += " Datasets and Benchmarks"
    elif rest != "Conference":
        return None, None
    return registry.by_short(short), int(parts.group("year"))
