"""Add papers to a survey: one new entry per paper, through the import's pipeline.

A paper arrives as a *candidate* entry (no key yet): from an identifier
(:mod:`surveybib.transforms.identify`), a pasted citation block, or a list line in the
survey's own format (read by the markdown list reader, as the import reads it). Then,
for each candidate: the duplicate check (an arXiv id, DOI, URL or title the bib has
already), the title check, the canonical venue and year (:func:`normalize_entry`), a
stable key (:mod:`surveybib.transforms.keys`), and its place in the section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..errors import InputError
from ..model import Entry, Finding, Link, Survey
from ..readers.records import Record
from ..text.capitals import bib_title
from ..text.identifiers import split_url
from ..text.latex import plain_text
from ..text.titles import title_key
from ..venues import Registry
from ..venues.decision import normalize_entry
from .enrich import _entry_eprint
from .identify import Identified
from .keys import base_key, unique_key

# The fields a pasted citation block brings (bookkeeping such as keywords stays behind).
CITATION_FIELDS = ("title", "author", "editor", "booktitle", "journal", "volume", "number", "pages",
                   "publisher", "year", "eprint", "archiveprefix", "doi")
# Findings of the normalization that it settled itself (a venue name written canonically).
SETTLED = frozenset({"V010"})


@dataclass
class Candidate:
    """A paper on its way into the bib: what the user gave, the entry so far, its sources."""

    label: str
    entry: Entry
    sources: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    """What became of one candidate: ``added`` (as ``key``), ``duplicate`` (of ``key``),
    ``incomplete`` (no title) or ``unknown`` (no source knows the identifier)."""

    label: str
    status: str
    key: str | None
    message: str
    findings: tuple[Finding, ...] = ()


def from_identifier(identified: Identified) -> Candidate:
    """The candidate an identifier makes alone: its link, its ids (venue and year come later)."""
    fields: dict[str, str] = {}
    if identified.eprint:
        fields.update(eprint=identified.eprint, archiveprefix="arXiv")
    if identified.doi:
        fields["doi"] = identified.doi
    if identified.sighting and identified.sighting.year:
        fields["year"] = str(identified.sighting.year)
    return Candidate(identified.text, Entry("", "misc", fields, [identified.link]))


def from_citation(record: Record) -> Candidate:
    """The candidate a citation block (one BibTeX entry) makes alone."""
    fields = {name: record.fields[name] for name in CITATION_FIELDS if record.fields.get(name)}
    links = [Link("Paper", record.fields["url"])] if record.fields.get("url") else []
    return Candidate(record.source, Entry("", record.type, fields, links), [f"{record.source} (citation block)"])


def add_citation(candidate: Candidate, record: Record) -> None:
    """The citation block fills what the identifier leaves open; one that names another
    paper's arXiv id or DOI is unusable input."""
    entry = candidate.entry
    for name, theirs in (("eprint", record.eprint), ("doi", record.fields.get("doi"))):
        ours = entry.fields.get(name)
        if ours and theirs and ours.lower() != theirs.lower():
            raise InputError(f"the citation block {record.source} names {name} {theirs}, "
                             f"but {candidate.label} is {ours}: another paper?")
    for name in CITATION_FIELDS:
        if record.fields.get(name) and name not in entry.fields:
            entry.fields[name] = record.fields[name]
    if entry.type == "misc" and record.type != "misc":
        entry.type = record.type
    if record.fields.get("url") and all(link.url != record.fields["url"] for link in entry.links):
        entry.links.append(Link("Paper", record.fields["url"]))
    candidate.sources.append(f"{record.source} (citation block)")


def set_title(candidate: Candidate, title: str) -> None:
    """A title typed on the command line: plain text, written as LaTeX with capitals kept.
    Control characters (a terminal escape, a line break) are unusable input."""
    if re.search(r"[\x00-\x1f\x7f-\x9f]", title):
        raise InputError(f"--title holds control characters: {title.encode('unicode_escape').decode('ascii')!r}")
    candidate.entry.fields["title"] = bib_title(title)
    candidate.sources.append("title given with --title")


def from_line(line: str, registry: Registry) -> Candidate:
    """A list line in the survey's format, read as the import reads a README's bullet."""
    from ..readers.markdown import read_markdown
    from .list_import import merge_list

    if "\n" in line.strip():
        raise InputError("--line takes one list line")
    if re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", line):
        raise InputError(f"--line holds control characters: {line.encode('unicode_escape').decode('ascii')!r}")
    text = line.strip()
    text = text if re.match(r"^([*+-]|\d{1,3}[.)])\s", text) else f"* {text}"
    for url in re.findall(r"\]\(([^)\s]*)", text):  # the list reader reads a broken link as an odd URL;
        try:                                          # one line given to add must hold usable ones
            urlsplit(url)
        except ValueError as error:
            raise InputError(f"--line holds an unusable link ({error})") from None
    try:
        parsed = read_markdown(text + "\n", file="--line", registry=registry)
        merged, records = merge_list(Survey(), parsed, registry, place=False)
    except ValueError as error:  # urllib's verdict on a malformed link ("Invalid IPv6 URL")
        raise InputError(f"--line holds an unusable link ({error})") from None
    items = [r for r in records if r.status != "note"]
    if len(items) != 1 or items[0].status == "malformed" or not merged.entries:
        reasons = "; ".join(f.message for r in records for f in r.findings) or "no title and link found"
        raise InputError(f"--line is not a paper list line ({reasons})")
    entry = merged.entries[0].replace(key="", sections={}, source=None)
    entry.fields.pop("evidence", None)
    return Candidate("--line", entry, ["README line given with --line"], list(items[0].findings))


def _url_key(url: str) -> str:
    parts = split_url(url)
    return parts.netloc.lower().removeprefix("www.") + parts.path.rstrip("/") + (f"?{parts.query}" if parts.query else "")


class _Known:
    """The bib's identifiers and titles, to tell a paper it has already."""

    def __init__(self, entries: list[Entry]):
        self.ids: dict[tuple[str, str], Entry] = {}
        for entry in entries:
            self.learn(entry)

    def learn(self, entry: Entry) -> None:
        for kind, value in self._keys(entry):
            self.ids.setdefault((kind, value), entry)

    @staticmethod
    def _keys(entry: Entry) -> list[tuple[str, str]]:
        keys = []
        eprint = _entry_eprint(entry)
        if eprint:
            keys.append(("arXiv id", eprint))
        if entry.fields.get("doi"):
            keys.append(("DOI", entry.fields["doi"].lower()))
        keys += [("URL", _url_key(link.url)) for link in entry.links]
        if title_key(entry.fields.get("title", "")):
            keys.append(("title", title_key(entry.fields["title"])))
        return keys

    def duplicate(self, entry: Entry) -> tuple[Entry, str] | None:
        for kind, value in self._keys(entry):
            if (kind, value) in self.ids:
                return self.ids[(kind, value)], kind
        return None


def add_entries(
    survey: Survey, candidates: list[Candidate], registry: Registry, *, section: str, after: str | None = None,
) -> tuple[Survey, list[Outcome]]:
    """The survey with the candidates that are new papers placed in ``section`` (after the
    entry ``after``, else at its end), and an outcome per candidate."""
    check_place(survey, section, after)
    known = _Known(survey.entries)
    taken = {e.key.lower() for e in survey.entries}
    added: list[Entry] = []
    outcomes: list[Outcome] = []
    for candidate in candidates:
        entry = candidate.entry
        same = known.duplicate(entry)
        if same:
            other, kind = same
            what = plain_text(other.fields.get("title", "")) or other.key
            message = f"already in the bib as {other.key} ({what}): same {kind}; not added"
            outcomes.append(Outcome(candidate.label, "duplicate", other.key, message, tuple(candidate.findings)))
            continue
        if not entry.fields.get("title"):
            outcomes.append(Outcome(candidate.label, "incomplete", None, _missing(candidate), tuple(candidate.findings)))
            continue
        entry, findings = normalize_entry(entry, registry)
        entry.key = unique_key(base_key(entry), taken)
        taken.add(entry.key.lower())
        if candidate.sources:
            entry.fields["addedfrom"] = "; ".join(candidate.sources)
        known.learn(entry)
        added.append(entry)
        findings = [Finding(f.code, f.message, None, entry.key, f.severity) for f in findings
                    if f.code not in SETTLED]
        outcomes.append(Outcome(candidate.label, "added", entry.key, _described(entry, registry),
                                tuple(candidate.findings) + tuple(findings)))
    return place(survey, added, section, after), outcomes


def _missing(candidate: Candidate) -> str:
    have = [name for name in ("author", "year", "booktitle", "journal") if candidate.entry.fields.get(name)]
    return ("no title: give --title TITLE, --bibtex FILE (its citation block) or --online SOURCES"
            + (f" (known so far: {', '.join(have)})" if have else ""))


def _described(entry: Entry, registry: Registry) -> str:
    container = entry.fields.get("booktitle") or entry.fields.get("journal")
    match = registry.find(container) if container else None
    venue = match.venue.short if match else container or ("arXiv" if entry.fields.get("eprint") else "")
    where = " ".join(p for p in (venue, entry.fields.get("year", "")) if p)
    return f"{plain_text(entry.fields['title'])} ({where})" if where else plain_text(entry.fields["title"])


def check_place(survey: Survey, section: str, after: str | None) -> None:
    """InputError unless ``section`` is a section and ``after`` (if given) one of its entries."""
    if survey.section(section) is None:
        raise InputError(f"no section {section!r}; the sections are " + ", ".join(s.slug for s in survey.sections))
    if after is not None and all(e.key != after for e in survey.in_section(section)):
        raise InputError(f"no entry {after!r} in section {section!r}")


def place(survey: Survey, new: list[Entry], section: str, after: str | None) -> Survey:
    """The survey with ``new`` in ``section``, in their order, after ``after`` or at the end."""
    members = [e.replace() for e in survey.in_section(section)]
    at = next((i + 1 for i, e in enumerate(members) if e.key == after), len(members))
    ordered = members[:at] + new + members[at:]
    for position, entry in enumerate(ordered, start=1):
        entry.sections[section] = position
    by_key = {e.key: e for e in members}
    entries = [by_key.get(e.key, e) for e in survey.entries] + new
    return survey.with_entries(entries)


def identity_records(candidate: Candidate, records: list[Record]) -> list[Record]:
    """The records that name the candidate's own arXiv id or DOI: asked for by that id,
    they describe this paper, whatever its title (which the candidate may not know yet)."""
    eprint, doi = _entry_eprint(candidate.entry), (candidate.entry.fields.get("doi") or "").lower()
    return [r for r in records
            if (eprint and r.eprint == eprint) or (doi and (r.fields.get("doi") or "").lower() == doi)]


def fill_from_identity(candidate: Candidate, record: Record) -> None:
    """Title, authors and year from a record of the candidate's own id (see identity_records)."""
    entry = candidate.entry
    filled = [name for name in ("title", "author", "year") if record.fields.get(name) and name not in entry.fields]
    for name in filled:
        entry.fields[name] = record.fields[name]
    if filled:
        candidate.sources.append(f"{', '.join(filled)} from {record.source} (by its id)")


def enrich_candidate(candidate: Candidate, records: list[Record], registry: Registry) -> list[str]:
    """Authors, DOI and the published version from online records, with enrich's matching
    and guards; returns enrich's report lines (what was filled, upgraded or refused).

    Records that name a venue go first, alone: enrich takes one match per entry, and the
    arXiv record of the paper's own id would otherwise hide its published version.
    """
    from .enrich import enrich

    published = [r for r in records if r.fields.get("booktitle") or r.fields.get("journal") or r.fields.get("doi")]
    lines: list[str] = []
    for batch in (published, records):
        entry = candidate.entry.replace(key=candidate.entry.key or "new")
        enriched, report = enrich(Survey(entries=[entry]), batch, registry, fields=("author", "doi", "eprint", "venue"))
        candidate.entry = enriched.entries[0].replace(key=candidate.entry.key)
        lines += [f"filled {c.field} from {c.source} ({c.how}, {c.score:.2f})" for c in report.filled]
        lines += [f"published version {c.new} from {c.source} ({c.how})" for c in report.upgraded]
        lines += [f"refused {source}: {reason}" for _, source, reason in report.skipped]
    return list(dict.fromkeys(lines))
