"""The rules of ``surveybib check``: what goes wrong in survey bibliographies.

Each rule has a stable code, a default severity, a one-line message and a fix hint
(:data:`RULES`). Every rule is linear in the number of entries: duplicates are found
through dictionaries, near-duplicate titles by comparing only titles that share their
first words (blocking) and, within a block, only with their nearest neighbours in sorted order,
never all pairs.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from rapidfuzz import fuzz

from ..memory import collector_paused
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
class Rule:
    code: str
    severity: str
    summary: str
    hint: str


RULES = {rule.code: rule for rule in [
    Rule("D001", "error", "two entries share an arXiv id, a DOI or a URL, and their titles agree", "surveybib merge KEEP OTHER"),
    Rule("D002", "error", "two entries have the same normalized title", "surveybib merge KEEP OTHER, or make the titles tell the papers apart"),
    Rule("D003", "warning", "near-duplicate titles (a title and its extended version)", "check whether one paper extends the other; if not, surveybib merge KEEP OTHER"),
    Rule("U001", "error", "a URL that is not a usable http(s) URL", "check --fix repairs a mistyped scheme (hhttps://); otherwise fix the typo"),
    Rule("X001", "error", "an invalid arXiv id in an arXiv eprint (not eprinttype jstor, googlebooks...) or in an arXiv link", "use the id arxiv.org shows, like 2303.01469"),
    Rule("F001", "warning", "a field that the entry type requires is missing", "add it (surveybib enrich can fill authors and DOIs)"),
    Rule("F002", "warning", "no authors", "run surveybib enrich, or add the author field"),
    Rule("M001", "warning", "damaged characters (double-encoded UTF-8)", "check --fix repairs them where the repair is unambiguous"),
    Rule("L002", "error", "a character that pdflatex cannot typeset (emoji, Arabic, CJK, a direction mark)", "write it as LaTeX, drop it, or build with a Unicode engine (lualatex, xelatex)"),
    Rule("K001", "error", "keys that differ only by case", "rename one (surveybib rekey)"),
    Rule("O001", "error", "an output is out of sync with the bib", "surveybib sync (or check --fix)"),
    Rule("V001", "warning", "a URL names another venue than the bib", "check --fix (as normalize does), or set venueoverride"),
    Rule("V002", "warning", "a URL names another year than the bib", "check --fix (as normalize does), or set venueoverride"),
    Rule("V003", "warning", "the entry's links name different venues", "keep the link of the version you cite"),
    Rule("V004", "warning", "the venue was held before the paper's arXiv id allows", "correct the year, or confirm it with venueoverride"),
    Rule("V005", "warning", "one URL shared by different papers", "give each paper its own link"),
    Rule("V006", "warning", "several arXiv ids for one title", "keep the paper's own id"),
    Rule("V007", "error", "a year that is not a year", "write the four-digit year"),
    Rule("V010", "warning", "a misspelled or non-canonical venue name", "check --fix writes the registry's name (as normalize does)"),
    Rule("V011", "info", "a venue not in the venue registry", "add it in [tool.surveybib.venues]"),
    Rule("V012", "error", "a venueoverride that names no known venue", "use a name from the registry"),
    Rule("P001", "info", "an arXiv-only entry older than outdated_after_months (default 12)", "surveybib enrich --online semanticscholar,openreview (or record preprintchecked = {YYYY-MM-DD})"),
    Rule("T001", "warning", "a title writes a name in lower case that the entry's key or repository links write with capitals", "surveybib enrich --fields title, or brace the name as the links write it ({LoRA})"),
]}

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


# Which codes each group of rules can report: a group none of whose codes is selected
# does not run (`check --select D` pays for the duplicate rules only).
_ENTRY_CODES = ("F001", "F002", "X001", "U001", "M001", "T001", "L002")
_VENUE_CODES = ("V001", "V002", "V003", "V004", "V007", "V010", "V011", "V012")


def lint(survey: Survey, registry: Registry, wanted: Callable[[str], bool] | None = None, *,
         today: date | None = None, stale_months: int = STALE_MONTHS) -> list[Finding]:
    """Every finding of the rules whose codes ``wanted`` accepts (default: all), on a survey.

    ``today`` (default: the date today) and ``stale_months`` decide which preprints are stale.
    """
    wanted = wanted or (lambda code: True)
    with collector_paused():
        return _lint(survey, registry, lambda codes: any(wanted(code) for code in codes),
                     today or date.today(), stale_months)


def _lint(survey: Survey, registry: Registry, runs: Callable[[tuple[str, ...]], bool],
          today: date, stale_months: int) -> list[Finding]:
    findings: list[Finding] = []
    entry_rules, venue_rules, stale_rule = runs(_ENTRY_CODES), runs(_VENUE_CODES), runs(("P001",))
    for entry in survey.entries:
        if entry_rules:
            findings += _entry_rules(entry)
        stale = stale_rule and stale_preprint(entry, today, stale_months)
        if stale:
            findings.append(_note(entry, "P001", stale))
        if venue_rules:  # the rule table sets the severity, whatever normalize reports
            findings += [replace(f, severity=RULES[f.code].severity) for f in entry_findings(entry, registry)
                         if f.code in RULES]
    if runs(("V005", "V006")):
        findings += [f for f in survey_findings(survey) if f.code in RULES]
    if runs(("D001", "D002", "D003")):
        findings += _duplicates(survey)
    if runs(("K001",)):
        findings += _case_keys(survey)
    return findings


def _note(entry: Entry, code: str, message: str) -> Finding:
    return Finding(code, message, entry.source, entry.key, RULES[code].severity)


def _entry_rules(entry: Entry) -> list[Finding]:
    found = []
    for name in REQUIRED.get(entry.type, ("title",)):
        if not entry.fields.get(name) and name != "author":
            found.append(_note(entry, "F001", f"@{entry.type} needs {name}"))
    if not entry.fields.get("author") and entry.type in ("article", "inproceedings", "misc", "phdthesis"):
        found.append(_note(entry, "F002", "no authors"))
    eprint = entry.fields.get("eprint")
    if names_arxiv_eprint(entry.fields) and parse_arxiv_id(eprint) is None:
        found.append(_note(entry, "X001", f"invalid arXiv id {eprint!r}"))
    for link in entry.links:
        if not is_web_url(link.url) or " " in link.url:
            found.append(_note(entry, "U001", f"{link.label} link {link.url!r} is not a usable URL"))
        arxiv = arxiv_from_url(link.url)
        if arxiv and arxiv.id is None:
            found.append(_note(entry, "X001", f"invalid arXiv id {arxiv.raw!r} in {link.url}"))
    found += [_note(entry, "T001", message) for message in lowered_names(entry)]
    for name in SHOWN_FIELDS:
        value = entry.fields.get(name, "")
        if value and not value.isascii() and repair_text(value)[1]:
            found.append(_note(entry, "M001", f"{name} has damaged characters: {value!r}"))
        if (not value.isascii() or _ASCII_CONTROL.search(value)) and untypesettable(value):
            chars = ", ".join(f"U+{ord(c):04X}" for c in untypesettable(value)[:5])
            found.append(_note(entry, "L002", f"{name} has characters that pdflatex cannot typeset: {chars}"))
    return found


def _duplicates(survey: Survey) -> list[Finding]:
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


def _similar(a: str, b: str) -> bool:
    return fuzz.ratio(a, b) >= 85


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
                if b.startswith(a) or fuzz.ratio(a, b) >= 90:
                    found.append(_note(other, "D003", f"title nearly repeats {entry.key}'s"))
    return found


def _case_keys(survey: Survey) -> list[Finding]:
    folded: dict[str, list[Entry]] = defaultdict(list)
    for entry in survey.entries:
        folded[entry.key.lower()].append(entry)
    return [_note(e, "K001", f"keys that differ only by case: {', '.join(x.key for x in group)}")
            for group in folded.values() if len(group) > 1 for e in group]
