"""What in a survey has gone stale: preprints, renamed arXiv papers, dead or moved links.

* ``S001`` a preprint older than the configured age (offline: its arXiv id's month);
* ``S002`` a preprint that a source knows as published, matched with enrich's matching
  and guards (:func:`surveybib.transforms.enrich.enrich`), with the command that applies it;
* ``S003`` an arXiv id whose latest version (or another source) carries another title;
* ``S004`` a link that answers 404 or 410, or cannot be reached;
* ``S005`` a link that redirects elsewhere (another host or another page; a DOI resolver's
  redirect to the publisher is what a DOI is for, and is not reported).

The transforms here take records and link answers as data; asking the services is the
caller's job (:func:`surveybib.api.outdated`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..model import Entry, Source, Survey
from ..readers.records import Record
from ..text.identifiers import parse_arxiv_id, split_url
from ..text.latex import plain_text
from ..text.titles import title_key
from ..venues import Registry
from .enrich import _entry_eprint, enrich

RESOLVERS = frozenset({"doi.org", "dx.doi.org"})
CODES = {
    "S001": "a preprint older than the configured age",
    "S002": "a preprint with a published version",
    "S003": "an arXiv id whose title changed",
    "S004": "a link that answers 404 or cannot be reached",
    "S005": "a link that redirects elsewhere",
}


@dataclass(frozen=True)
class Stale:
    """One outdated thing: its code, the entry, what is outdated, the evidence, the fix."""

    code: str
    key: str
    message: str
    source: Source | None = None
    evidence: tuple[str, ...] = ()
    fix: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "key": self.key, "message": self.message,
                "file": self.source.file if self.source else None,
                "line": self.source.line if self.source else None,
                "evidence": list(self.evidence), "fix": self.fix}


def preprints(survey: Survey) -> list[Entry]:
    """The entries cited as arXiv preprints only (no booktitle or journal)."""
    return [e for e in survey.entries
            if e.type == "misc" and parse_arxiv_id(e.fields.get("eprint", ""))
            and not (e.fields.get("booktitle") or e.fields.get("journal"))]


def months_between(earlier: tuple[int, int], later: date) -> int:
    return (later.year - earlier[0]) * 12 + later.month - earlier[1]


def old_preprints(entries: list[Entry], *, today: date, months: int, asked: str | None = None) -> list[Stale]:
    """S001 for each preprint whose arXiv id is ``months`` or more before ``today``;
    ``asked`` names the online sources that knew no published version of it."""
    found = []
    for entry in entries:
        arxiv = parse_arxiv_id(entry.fields["eprint"])
        age = months_between((arxiv.year, arxiv.month), today)
        if age < months:
            continue
        evidence = (f"arXiv id {arxiv.id}", f"compared with {today.isoformat()}")
        if asked:
            evidence += (f"no published version known to {asked}",)
        fix = None if asked else "surveybib outdated --online arxiv,crossref,dblp"
        found.append(Stale("S001", entry.key, f"a preprint for {age} months (arXiv {arxiv.id}, "
                           f"{arxiv.year}-{arxiv.month:02d}); was it published?", entry.source, evidence, fix))
    return found


def published_versions(entries: list[Entry], records: dict[str, list[Record]], registry: Registry) -> list[Stale]:
    """S002 for each preprint that a source's records name a published version of.

    Only records that name a venue (a container or a DOI) can; each source is matched on
    its own, so the fix names the source that found it.
    """
    found: dict[str, Stale] = {}
    by_key = {e.key: e for e in entries}
    for name, source_records in records.items():
        venue_records = [r for r in source_records
                         if r.fields.get("booktitle") or r.fields.get("journal") or r.fields.get("doi")]
        _, report = enrich(Survey(entries=list(entries)), venue_records, registry, fields=("venue",))
        for change in report.upgraded:
            if change.key in found:
                continue
            entry = by_key[change.key]
            found[change.key] = Stale(
                "S002", change.key, f"published as {change.new}", entry.source,
                (f"{change.source} (matched by {change.how}, {change.score:.2f})",),
                f"surveybib enrich --online {name}")
    return [found[e.key] for e in entries if e.key in found]


def changed_titles(entries: list[Entry], records: list[Record]) -> list[Stale]:
    """S003 for each entry whose arXiv id a record names under another title (for the
    arXiv API: its latest version, when that is not the first)."""
    found = []
    for entry in entries:
        eprint = _entry_eprint(entry)
        ours = title_key(entry.fields.get("title", ""))
        for record in records:
            theirs = record.fields.get("title", "")
            version = record.fields.get("version")
            if not eprint or record.eprint != eprint or not theirs or title_key(theirs) == ours:
                continue
            if version == "1":
                continue  # the first version: the title did not change, the bib wrote it otherwise
            which = f"version {version} of arXiv {eprint}" if version else f"arXiv {eprint}"
            found.append(Stale(
                "S003", entry.key, f"{which} is titled {plain_text(theirs)!r}; the bib has "
                f"{plain_text(entry.fields.get('title', ''))!r}", entry.source, (record.source,),
                "check the paper and correct the title in the bib"))
            break
    return found


def _page(url: str) -> tuple[str, str]:
    parts = split_url(url)
    return parts.netloc.lower().removeprefix("www."), parts.path.rstrip("/") + (f"?{parts.query}" if parts.query else "")


def link_findings(entries: list[Entry], answers: dict[str, tuple[int, str] | str]) -> list[Stale]:
    """S004 and S005 from what each link answered: ``(status, final URL)``, or the reason
    it could not be reached."""
    found = []
    for entry in entries:
        for link in entry.links:
            answer = answers.get(link.url)
            if answer is None:
                continue
            if isinstance(answer, str):
                found.append(Stale("S004", entry.key, f"{link.label} link {link.url} cannot be reached ({answer})",
                                   entry.source, (answer,), "replace or remove the link"))
                continue
            status, final = answer
            if status in (404, 410):
                found.append(Stale("S004", entry.key, f"{link.label} link {link.url} answers HTTP {status}",
                                   entry.source, (f"HTTP {status}",), "replace or remove the link"))
            elif _page(link.url) != _page(final) and _page(link.url)[0] not in RESOLVERS:
                found.append(Stale("S005", entry.key, f"{link.label} link {link.url} redirects to {final}",
                                   entry.source, (f"HTTP {status} at {final}",), f"link {final} instead"))
    return found
