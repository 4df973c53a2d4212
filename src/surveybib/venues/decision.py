"""One canonical venue and year per entry, from all its evidence.

Precedence (first that speaks wins):

1. ``venueoverride`` in the bib (``venueoverride = {CVPR 2023}``): the author's word;
2. a proceedings or publisher URL or DOI (``openaccess.thecvf.com/content/CVPR2023``,
   ``proceedings.mlr.press/v202``, ``10.1145/3610548...``): a URL that names only the
   venue's family (``iclr.cc/virtual/2022``) keeps a track or workshop the bib names;
3. the venue the bib names (``booktitle``/``journal``, from a badge or venue text), and ``year``;
4. the arXiv id (a preprint: ``@misc`` with ``eprint``).

Every disagreement is a finding; so is an implausible year (a venue held before the
paper's arXiv submission).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..model import Entry, Finding, Survey
from ..text.identifiers import arxiv_from_url, names_arxiv_eprint, parse_arxiv_id
from .registry import Registry, Venue
from .urls import Sighting, from_doi, from_url

CONTAINERS = ("booktitle", "journal")
SHOWN_KEYS = 5  # how many keys a V005 message names
RETYPED = {"article", "inproceedings", "misc", "online", "conference"}


@dataclass(frozen=True)
class Claim:
    venue: Venue | None
    year: int | None
    source: str


def _year(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) == 4 else None


def _note(findings: list[Finding], entry: Entry, code: str, message: str) -> None:
    findings.append(Finding(code, message, entry.source, entry.key))


def _bib_claim(entry: Entry, registry: Registry, findings: list[Finding]) -> Claim:
    """The venue the entry's own fields name; non-canonical names are reported."""
    for name in CONTAINERS:
        text = entry.fields.get(name)
        if not text:
            continue
        match = registry.find(text)
        if match is None:
            _note(findings, entry, "V011", f"{name} {text!r} is not in the venue registry")
            return Claim(None, _year(entry.fields.get("year")), name)
        if text != match.venue.name:
            _note(findings, entry, "V010", f"{name} {text!r} is written as {match.venue.name!r} ({match.venue.short})")
        return Claim(match.venue, _year(entry.fields.get("year")), name)
    if names_arxiv_eprint(entry.fields):
        return Claim(registry.by_short("arXiv"), _year(entry.fields.get("year")), "eprint")
    if entry.links and entry.links[0].label == "Online":
        return Claim(registry.by_short("Online"), _year(entry.fields.get("year")), "link label")
    return Claim(None, _year(entry.fields.get("year")), "year")


def _sightings(entry: Entry) -> list[Sighting]:
    found = [from_url(link.url) for link in entry.links]
    if entry.fields.get("doi"):
        found.append(from_doi(entry.fields["doi"]))
    return [s for s in found if s is not None]


def decide(entry: Entry, registry: Registry) -> tuple[Claim, list[Finding]]:
    """The venue and year the evidence supports, and the findings on the way."""
    findings: list[Finding] = []
    bib = _bib_claim(entry, registry, findings)
    override = entry.fields.get("venueoverride")
    if override:
        resolved = registry.resolve(override)
        if resolved.venue is None:
            _note(findings, entry, "V012", f"venueoverride {override!r} names no known venue")
        else:
            return Claim(resolved.venue, resolved.year or bib.year, "venueoverride"), findings
    specific = [s for s in _sightings(entry) if s.venue != "arXiv" and registry.by_short(s.venue)]
    for other in specific[1:]:  # a link that names no year does not contradict one that does
        years = {other.year, specific[0].year} - {None}
        if other.venue != specific[0].venue or len(years) > 1:
            _note(findings, entry, "V003", f"links disagree: {specific[0].describe()}; {other.describe()}")
    if not specific:
        return bib, findings
    seen = specific[0]
    if seen.year is None:  # an ojs.aaai.org page names no year; the AAAI DOI beside it does
        seen = next((s for s in specific if s.venue == seen.venue and s.year), seen)
    venue = registry.by_short(seen.venue)
    claimed = bib.venue
    if seen.generic and claimed and claimed.root == venue.root:
        venue = claimed  # e.g. a NeurIPS workshop paper on nips.cc/virtual
    elif claimed and claimed.short != venue.short:
        said = f"{claimed.short} {bib.year or ''}".strip()
        _note(findings, entry, "V001", f"the bib says {said}, but {seen.describe()}: the URL wins")
    year = seen.year
    if year and bib.year and year != bib.year and (claimed is None or claimed.root == venue.root):
        _note(findings, entry, "V002", f"year {bib.year} in the bib, but {seen.describe()}: the URL wins")
    return Claim(venue, year or bib.year, seen.source), findings


def apply_claim(entry: Entry, claim: Claim) -> Entry:
    """The entry with the type, container field and year of a claim."""
    venue = claim.venue
    if venue is None or entry.type not in RETYPED:
        return entry
    result = entry.replace()
    for name in CONTAINERS:
        result.fields.pop(name, None)
    result.type = venue.entry_type
    if venue.container_field:
        result.fields[venue.container_field] = venue.name
    if claim.year:
        result.fields["year"] = str(claim.year)
    return result


def _applied_year(entry: Entry, claim: Claim) -> str | None:
    """The year :func:`apply_claim` leaves in the entry."""
    if claim.venue is not None and entry.type in RETYPED and claim.year:
        return str(claim.year)
    return entry.fields.get("year")


def plausibility(entry: Entry, claim: Claim, year: str | None = None) -> list[Finding]:
    """A venue year before the paper's arXiv submission; a year that is not a year.

    A venue the author set with ``venueoverride`` is not doubted: a paper may reach arXiv
    after its venue (Classifier-Free Guidance: a NeurIPS 2021 workshop, arXiv 2207.12598).

    ``year`` is the entry's year after the claim is applied (by default, its year field).
    """
    findings: list[Finding] = []
    year = year if year is not None else entry.fields.get("year")
    if year and _year(year) is None:
        _note(findings, entry, "V007", f"year {year!r} is not a year")
    arxiv = parse_arxiv_id(entry.fields.get("eprint", ""))
    venue = claim.venue
    if not (arxiv and venue and claim.year) or venue.kind in ("preprint", "web"):
        return findings
    if claim.source == "venueoverride":  # the author vouches: some papers reach arXiv after their venue
        return findings
    held = (claim.year, venue.month or 12)
    if held < (arxiv.year, arxiv.month):
        when = f"{claim.year}-{venue.month:02d}" if venue.month else str(claim.year)
        _note(findings, entry, "V004",
              f"{venue.short} {claim.year} (held {when}) is earlier than its arXiv id {arxiv.id} "
              f"({arxiv.year}-{arxiv.month:02d}) allows")
    return findings


def normalize_entry(entry: Entry, registry: Registry) -> tuple[Entry, list[Finding]]:
    claim, findings = decide(entry, registry)
    result = apply_claim(entry, claim)
    return result, findings + plausibility(result, claim)


def entry_findings(entry: Entry, registry: Registry) -> list[Finding]:
    """The findings of :func:`normalize_entry`, without building the normalized entry."""
    claim, findings = decide(entry, registry)
    return findings + plausibility(entry, claim, _applied_year(entry, claim))


def survey_findings(survey: Survey) -> list[Finding]:
    """Across entries: one URL shared by different papers; several arXiv ids in one entry."""
    findings: list[Finding] = []
    owners: dict[str, list[Entry]] = defaultdict(list)
    for entry in survey.entries:
        for url in {link.url for link in entry.links}:
            owners[url].append(entry)
        found = (arxiv_from_url(link.url) for link in entry.links)
        ids = sorted({a.id.id for a in found if a and a.id})
        if len(ids) > 1:
            _note(findings, entry, "V006", f"one title, several arXiv ids: {', '.join(ids)}")
    for url, entries in owners.items():
        if len(entries) > 1:
            keys = ", ".join(e.key for e in entries[:SHOWN_KEYS])
            if len(entries) > SHOWN_KEYS:  # a message per entry must not grow with the group
                keys += f" and {len(entries) - SHOWN_KEYS} more"
            message = f"URL {url} is shared by different papers: {keys}"
            for entry in entries:
                _note(findings, entry, "V005", message)
    return findings


def normalize_venues(survey: Survey, registry: Registry) -> tuple[Survey, list[Finding]]:
    """Every entry with its canonical venue and year; findings in entry order."""
    findings: list[Finding] = []
    entries = []
    for entry in survey.entries:
        normalized, found = normalize_entry(entry, registry)
        entries.append(normalized)
        findings += found
    result = survey.with_entries(entries)
    return result, findings + survey_findings(result)
