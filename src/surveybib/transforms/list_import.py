"""Merge list items into a survey: one entry per paper, every item accounted for.

Items are the same paper when an identifier agrees (with titles that read alike) or
their normalized titles are equal and nothing contradicts (:mod:`.identity`). Within a group
the first copy leads; later copies add sections and links, fill what is missing,
and upgrade a preprint or web resource to a venue. Copies that disagree on the same
kind of evidence (two venues, two years for one venue, two arXiv ids) keep the first
value, record the others in the entry's ``evidence`` field and report a finding.
An existing bib entry is never overwritten: the list only fills what the bib lacks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from ..model import Entry, Finding, Link, Survey
from ..readers.markdown import ParsedList
from ..storage import UNPLACED
from ..text.people import bibtex_name
from ..text.titles import title_key
from ..venues import Registry
from .evidence import Evidence, evidence_from_item
from .identity import Index, find, usable_title
from .keys import KeySpace, base_key


@dataclass
class ImportRecord:
    """What became of one source item: ``new``, ``merged`` (into ``key``) or ``malformed``.

    A block of the list that is no paper is a record of status ``skipped`` with its
    ``kind`` (prose, toc, news, resource, pseudo-heading, reference, table-header), or
    of status ``unrecognized`` (with a warning). Findings about the list outside any
    item (damaged headings) are records of status ``note``.
    """

    line: int
    key: str | None
    status: str
    title: str
    findings: list[Finding] = field(default_factory=list)
    kind: str = "paper"
    end: int | None = None  # the block's last line
    what: str | None = None  # a resource's kind: tool, dataset, course, leaderboard, resource

    def as_dict(self) -> dict[str, object]:
        record = {
            "line": self.line,
            "end": self.end if self.end is not None else self.line,
            "key": self.key,
            "status": self.status,
            "kind": self.kind,
            "title": self.title,
            "findings": [{"code": f.code, "message": f.message} for f in self.findings],
        }
        if self.what:
            record["resource"] = self.what
        return record


def skipped_records(parsed: ParsedList) -> list[ImportRecord]:
    """One record per block of the list that is not a paper."""
    return [
        ImportRecord(s.source.line, None, "unrecognized" if s.kind == "unrecognized" else "skipped", s.text,
                     list(s.findings), kind=s.kind, end=s.end, what=s.what)
        for s in parsed.skipped
    ]


def merge_list(
    survey: Survey, parsed: ParsedList, registry: Registry, *, place: bool = True
) -> tuple[Survey, list[ImportRecord]]:
    """A new survey with the list merged in, and one record per list item.

    With ``place=False`` an entry joins a new section at its end, and positions are
    left to the caller (the README merge places new bullets itself).
    """
    result = survey.with_entries([e.replace() for e in survey.entries])
    known = {s.slug for s in result.sections}
    result.sections += [s for s in parsed.sections if s.slug not in known]
    index = Index()
    for existing in result.entries:
        index.add(existing, title_key(existing.fields.get("title", "")))
    taken = KeySpace(e.key for e in result.entries)
    records: list[ImportRecord] = []
    order: dict[str, dict[int, Entry]] = {}
    for item in parsed.items:
        if not usable_title(item.title):
            if item.title:
                item.note("I007", f"no usable title: {item.title!r}")
            records.append(ImportRecord(item.source.line, None, "malformed", item.title, item.findings, end=item.end))
            continue
        evidence = evidence_from_item(item, registry)
        tkey = title_key(evidence.title)
        entry, refused = find(index, evidence, tkey, title_key)
        if refused:
            evidence.note("I044", f"{refused}: read as another paper")
        if entry is None:
            entry = _new_entry(evidence, taken)
            index.add(entry, tkey, evidence)
            result.entries.append(entry)
            status = "new"
        elif id(entry) in index.leads:
            _merge_copy(entry, index.leads[id(entry)], evidence)
            status = "merged"
        else:
            if _is_web(evidence) and not _entry_is_web(entry):
                evidence = _links_only(evidence)
            _fill_from_list(entry, evidence)
            status = "merged"
        if status == "merged":
            index.remember(entry, evidence)
        if item.section:  # each entry once per section, in list order (a dict keeps order)
            order.setdefault(item.section, {})[id(entry)] = entry
        records.append(ImportRecord(item.source.line, entry.key, status, item.title, item.findings, end=item.end))
    if place:
        _place(result, order)
    else:
        for slug, members in order.items():
            for entry in members.values():
                entry.sections.setdefault(slug, UNPLACED)
    for finding in parsed.findings:
        records.append(ImportRecord(finding.source.line, None, "note", "", [finding], kind="note"))
    records += skipped_records(parsed)
    records.sort(key=lambda record: record.line)
    return result, records


def _is_web(evidence: Evidence) -> bool:
    return bool(evidence.venue and evidence.venue.kind == "web")


def _entry_is_web(entry: Entry) -> bool:
    return bool(entry.links and entry.links[0].label == "Online")


def _links_only(evidence: Evidence) -> Evidence:
    """A web copy of a paper: its DOI or arXiv id names the resource, not the paper."""
    return Evidence(evidence.item, evidence.title, links=evidence.links, authors=evidence.authors)


def _new_entry(evidence: Evidence, taken: KeySpace) -> Entry:
    fields: dict[str, str] = {"title": evidence.title}
    if evidence.authors:
        fields["author"] = " and ".join(bibtex_name(a) for a in evidence.authors)
    entry = Entry(key="", fields=fields, links=list(evidence.links), source=evidence.item.source)
    _apply_venue(entry, evidence)
    marked = evidence.item.marker[0] if evidence.item.marker else None  # a rendered line's key
    if marked and marked not in taken:
        taken.add(marked)
        entry.key = marked
    else:
        entry.key = taken.claim(base_key(entry))
    return entry


def _apply_venue(entry: Entry, evidence: Evidence) -> None:
    """Type, container field and year from one copy's evidence."""
    for name in ("booktitle", "journal", "year"):
        entry.fields.pop(name, None)
    venue = evidence.venue
    entry.type = venue.entry_type if venue else "misc"
    if venue and venue.container_field:
        entry.fields[venue.container_field] = venue.name
    if evidence.year:
        entry.fields["year"] = evidence.year
    if evidence.eprint:
        entry.fields.setdefault("eprint", evidence.eprint)
        entry.fields.setdefault("archiveprefix", "arXiv")
    if evidence.doi:
        entry.fields.setdefault("doi", evidence.doi)
    if venue and venue.kind == "web" and entry.links and entry.links[0].label == "Paper":
        entry.links[0] = Link("Online", entry.links[0].url)


def _merge_copy(entry: Entry, lead: Evidence, copy: Evidence) -> None:
    """A later copy of a paper in the same list: add, upgrade, or record a conflict."""
    conflicts: list[tuple[str, str, str]] = []  # (what, lead's value, copy's value)
    if copy.strength > lead.strength:
        lead.venue, lead.year = copy.venue, copy.year or lead.year
        _apply_venue(entry, lead)
        promoted = [link for link in copy.links if link not in entry.links[:1]]
        entry.links = promoted + [link for link in entry.links if link not in promoted]
    elif copy.strength == lead.strength and copy.venue and lead.venue:
        if copy.venue.short != lead.venue.short:
            conflicts.append(("venue", lead.venue.short, copy.venue.short))
        elif copy.year and lead.year and copy.year != lead.year:
            conflicts.append(("year", lead.year, copy.year))
    if copy.eprint and lead.eprint and copy.eprint != lead.eprint:
        conflicts.append(("arXiv id", lead.eprint, copy.eprint))
    if copy.doi and lead.doi and copy.doi != lead.doi:
        conflicts.append(("DOI", lead.doi, copy.doi))
    if _is_web(copy) and not _is_web(lead):
        copy = _links_only(copy)
    _fill_from_list(entry, copy, report=False)
    first, here = _short(lead.item.source), _short(copy.item.source)
    for what, kept, other in conflicts:
        copy.note("I040", f"copies disagree on {what}: {other} here, {kept} at line {lead.item.source.line} (kept)")
        text = f"{what} {kept} ({first}) vs {other} ({here})"
        old = entry.fields.get("evidence")
        entry.fields["evidence"] = f"{old}; {text}" if old else text


def _short(source) -> str:
    """``file:line`` with the file's name only, so the bib does not depend on where it was run."""
    return f"{PurePath(source.file).name}:{source.line}"


def _fill_from_list(entry: Entry, evidence: Evidence, *, report: bool = True) -> None:
    """Fill fields and links the entry lacks; report where the list disagrees with it."""
    for link in evidence.links:
        if all(existing.url != link.url for existing in entry.links):
            entry.links.append(link)
    values = {"eprint": evidence.eprint, "doi": evidence.doi, "year": evidence.year}
    if evidence.eprint:
        values["archiveprefix"] = "arXiv"
    if evidence.authors:
        values["author"] = " and ".join(bibtex_name(a) for a in evidence.authors)
    for name, value in values.items():
        if not value:
            continue
        if name not in entry.fields:
            entry.fields[name] = value
        elif report and entry.fields[name] != value and (name != "year" or evidence.strength == 3):
            evidence.note("I042", f"list has {name} {value!r}, bib has {entry.fields[name]!r}; bib kept")


def _place(survey: Survey, order: dict[str, dict[int, Entry]]) -> None:
    """Positions follow the list; members the list does not show keep theirs, after it."""
    unlisted: dict[str, list[Entry]] = {slug: [] for slug in order}
    for entry in survey.entries:  # one pass, not one per section: a list may have 20,000 headings
        for slug in entry.sections:
            if slug in unlisted and id(entry) not in order[slug]:
                unlisted[slug].append(entry)
    for slug, listed in order.items():
        others = sorted(unlisted[slug], key=lambda e: e.sections[slug])  # stable: ties keep bib order
        for position, entry in enumerate([*listed.values(), *others], start=1):
            entry.sections[slug] = position

