"""The rules of ``surveybib check``: what goes wrong in survey bibliographies.

Each function here is one rule: it reads an entry or the whole survey and returns
findings of the codes it declares in :mod:`surveybib.rules`, which registers them (codes,
severities and hints are in the catalogue, ``data/codes.toml``). Every rule is linear in the number of entries: duplicates are found
through dictionaries, near-duplicate titles by comparing only titles that share their
first words (blocking) and, within a block, only with their nearest neighbours in sorted order,
never all pairs.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from ..model import Entry, Finding, Survey
from ..text.identifiers import arxiv_from_url, is_web_url, names_arxiv_eprint, parse_arxiv_id
from ..text.latex import untypesettable
from ..text.repair import repair_text
from ..text.titles import title_key_words
from ..venues import Registry
from ..venues.decision import entry_findings, survey_findings
from .keys import STOPWORDS
from .lint_published import STALE_MONTHS, lowered_names, stale_preprint


@dataclass(frozen=True)
class Context:
    """What rules read besides the survey: the venue registry, and which preprints are stale
    (``today``, ``stale_months``)."""

    registry: Registry
    today: date = field(default_factory=date.today)
    stale_months: int = STALE_MONTHS


REQUIRED = {
    "article": ("author", "title", "journal", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "book": ("title", "publisher", "year"),
    "phdthesis": ("author", "title", "school", "year"),
    "misc": ("title",),
}
SHOWN_FIELDS = ("title", "author", "booktitle", "journal")
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # the fast path of L002 for ASCII text
WINDOW = 8  # near-duplicate titles: how many sorted neighbours each title is compared with


def _note(entry: Entry, code: str, message: str) -> Finding:
    return Finding(code, message, entry.source, entry.key)


def fields(entry: Entry, context: Context) -> list[Finding]:
    """F001, F002: fields the entry type requires; authors."""
    found = []
    for name in REQUIRED.get(entry.type, ("title",)):
        if not entry.fields.get(name) and name != "author":
            found.append(_note(entry, "F001", f"@{entry.type} needs {name}"))
    if not entry.fields.get("author") and entry.type in ("article", "inproceedings", "misc", "phdthesis"):
        found.append(_note(entry, "F002", "no authors"))
    return found


def identifiers(entry: Entry, context: Context) -> list[Finding]:
    """X001, U001: arXiv ids in eprints and links; usable URLs."""
    found = []
    eprint = entry.fields.get("eprint")
    if names_arxiv_eprint(entry.fields) and parse_arxiv_id(eprint) is None:
        found.append(_note(entry, "X001", f"invalid arXiv id {eprint!r}"))
    for link in entry.links:
        if not is_web_url(link.url) or " " in link.url:
            found.append(_note(entry, "U001", f"{link.label} link {link.url!r} is not a usable URL"))
        arxiv = arxiv_from_url(link.url)
        if arxiv and arxiv.id is None:
            found.append(_note(entry, "X001", f"invalid arXiv id {arxiv.raw!r} in {link.url}"))
    return found


def lowered_titles(entry: Entry, context: Context) -> list[Finding]:
    """T001: a name the title writes in lower case."""
    return [_note(entry, "T001", message) for message in lowered_names(entry)]


def characters(entry: Entry, context: Context) -> list[Finding]:
    """M001, L002: damaged characters; characters pdflatex cannot typeset."""
    found = []
    for name in SHOWN_FIELDS:
        value = entry.fields.get(name, "")
        if value and not value.isascii() and repair_text(value)[1]:
            found.append(_note(entry, "M001", f"{name} has damaged characters: {value!r}"))
        if (not value.isascii() or _ASCII_CONTROL.search(value)) and untypesettable(value):
            chars = ", ".join(f"U+{ord(c):04X}" for c in untypesettable(value)[:5])
            found.append(_note(entry, "L002", f"{name} has characters that pdflatex cannot typeset: {chars}"))
    return found


def stale_preprints(entry: Entry, context: Context) -> list[Finding]:
    """P001: an arXiv-only entry older than ``stale_months``."""
    stale = stale_preprint(entry, context.today, context.stale_months)
    return [_note(entry, "P001", stale)] if stale else []


VENUE_CODES = ("V001", "V002", "V003", "V004", "V007", "V010", "V011", "V012")


def venues(entry: Entry, context: Context) -> list[Finding]:
    """V001-V004, V007, V010-V012: the entry's venue and year as normalize decides them."""
    return [f for f in entry_findings(entry, context.registry) if f.code in VENUE_CODES]


def shared_links(survey: Survey, context: Context) -> list[Finding]:
    """V005, V006: one URL for different papers; several arXiv ids for one title."""
    return survey_findings(survey)


def duplicates(survey: Survey, context: Context) -> list[Finding]:
    """D001-D003: the same paper twice."""
    found: list[Finding] = []
    words = {id(e): title_key_words(e.fields.get("title", "")) for e in survey.entries}
    titles = {k: "".join(v) for k, v in words.items()}
    seen: dict[tuple[str, str], Entry] = {}
    by_title: dict[str, Entry] = {}
    for entry in survey.entries:
        for kind, value in _identifiers(entry):
            other = seen.setdefault((kind, value), entry)
            if other is not entry and _similar(titles[id(entry)], titles[id(other)]):
                found.append(_note(entry, "D001", f"same {kind} as {other.key}: {value}"))
        key = titles[id(entry)]
        other = by_title.setdefault(key, entry) if key else entry
        if other is not entry:
            found.append(_note(entry, "D002", f"same title as {other.key}"))
    return found + _near_duplicates(survey, words, titles)


def _identifiers(entry: Entry):
    arxiv = parse_arxiv_id(entry.fields.get("eprint", ""))
    if arxiv:
        yield "arXiv id", arxiv.id
    if entry.fields.get("doi"):
        yield "DOI", entry.fields["doi"].lower()
    if entry.links:
        yield "URL", entry.links[0].url


def _ratio(a: str, b: str) -> float:
    from rapidfuzz import fuzz  # imported only when two titles need comparing

    return fuzz.ratio(a, b)


def _similar(a: str, b: str) -> bool:
    return _ratio(a, b) >= 85


def _near_duplicates(survey: Survey, words: dict[int, list[str]], titles: dict[int, str]) -> list[Finding]:
    """Titles whose first three words agree, and one extends the other or nearly equals it."""
    blocks: dict[tuple[str, ...], list[Entry]] = defaultdict(list)
    for entry in survey.entries:
        head = tuple(w for w in words[id(entry)] if w not in STOPWORDS)[:3]
        if len(head) == 3:
            blocks[head].append(entry)
    found = []
    for members in blocks.values():
        if len(members) < 2:
            continue
        # Sorted by title, a title and its extension sit side by side: compare each title with
        # the next few only, so that even a huge block costs linear time.
        members = sorted(members, key=lambda e: titles[id(e)])
        for i, entry in enumerate(members):
            for other in members[i + 1:i + 1 + WINDOW]:
                a, b = titles[id(entry)], titles[id(other)]
                if a == b:
                    continue  # D002
                if b.startswith(a) or _ratio(a, b) >= 90:
                    found.append(_note(other, "D003", f"title nearly repeats {entry.key}'s"))
    return found


def case_keys(survey: Survey, context: Context) -> list[Finding]:
    """K001: keys that differ only by case."""
    folded: dict[str, list[Entry]] = defaultdict(list)
    for entry in survey.entries:
        folded[entry.key.lower()].append(entry)
    return [_note(e, "K001", f"keys that differ only by case: {', '.join(x.key for x in group)}")
            for group in folded.values() if len(group) > 1 for e in group]
