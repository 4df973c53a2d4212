"""Keeping a survey current: ``surveybib add`` and ``surveybib outdated``, chained.

The steps are :mod:`surveybib.transforms.identify`, :mod:`surveybib.transforms.add` and
:mod:`surveybib.transforms.outdated`; this module reads the bib, asks the online
sources when told to (one :class:`surveybib.online.http.Client`), and plans the files
to write, as :mod:`surveybib.api` does for the other commands. Nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass

from .api import canonical_order, parse_bib, read_text, write_bibtex
from .config import Config
from .errors import InputError
from .model import Survey
from .plans import plan_sync
from .project import Output
from .venues import Registry, default_registry


@dataclass
class AddPlan:
    """What ``surveybib add`` would do: the files to write (the bib and the synced outputs),
    an outcome per paper, the survey after it, and what the online sources said."""

    outputs: list[Output]
    outcomes: list
    survey: Survey
    notes: list[str]


def plan_add(
    config: Config, inputs: list[str], *, section: str, after: str | None = None,
    citation: str | None = None, citation_file: str = "-", title: str | None = None,
    line: str | None = None, online: tuple[str, ...] = (), client=None,
) -> AddPlan:
    """Papers added to the project's bib from identifiers (arXiv ids, DOIs, paper URLs),
    a citation block (BibTeX text), a title, or a list line; nothing is written.

    See :mod:`surveybib.transforms.add`. Online sources fill title, authors and the
    published version (enrich's matching and guards); an unreachable one raises OnlineError.
    """
    from .transforms import add
    from .transforms.identify import identify

    text = read_text(config.bib)
    survey, _ = parse_bib(text, file=str(config.bib))
    add.check_place(survey, section, after)
    registry = config.registry()
    candidates = _candidates([identify(t) for t in inputs], citation, citation_file)
    if title is not None:
        if len(candidates) != 1:
            raise InputError("--title names one paper: give one identifier (or one citation) with it")
        add.set_title(candidates[0], title)
    if line is not None:
        candidates.append(add.from_line(line, registry))
    if not candidates:
        raise InputError("nothing to add: give an identifier, --bibtex FILE or --line TEXT")
    unknown, notes = [], []
    if online:
        candidates, unknown, notes = _ask_online(candidates, online, client, registry)
    result, outcomes = add.add_entries(survey, candidates, registry, section=section, after=after)
    result = canonical_order(result)
    outputs = []
    if any(o.status == "added" for o in outcomes):
        outputs.append(Output(config.bib, text, write_bibtex(result)))
        outputs += [o for o in plan_sync(config, result) if o.changed]
    return AddPlan(outputs, unknown + outcomes, result, notes)


def _candidates(identified: list, citation: str | None, citation_file: str) -> list:
    """One candidate per identifier; a citation block fills the one it belongs to (the only
    one, or the one whose arXiv id or DOI it names), or is a candidate of its own."""
    from .readers.records import records_from_bibtex
    from .transforms import add

    candidates = [add.from_identifier(i) for i in identified]
    records = records_from_bibtex(citation, file=citation_file) if citation is not None else []
    if citation is not None and not records:
        raise InputError("no BibTeX entry in the citation block", file=citation_file)
    if not candidates:
        return [add.from_citation(r) for r in records]
    for record in records:
        if len(candidates) == 1 and len(records) == 1:
            owner = candidates[0]
        else:
            owner = next((c for c, i in zip(candidates, identified, strict=True)
                          if (i.eprint and i.eprint == record.eprint)
                          or (i.doi and i.doi.lower() == (record.fields.get("doi") or "").lower())), None)
        if owner is None:
            raise InputError(f"{record.source} names none of the identifiers given (by arXiv id or DOI); "
                             "add one paper per --bibtex", file=citation_file)
        add.add_citation(owner, record)
    return candidates


def _ask_online(candidates: list, online: tuple[str, ...], client, registry):
    """Candidates filled from the online sources; those whose identifier no source knows."""
    from .online.http import Client
    from .online.sources import SOURCES, fetch_records
    from .transforms import add

    unknown_sources = [name for name in online if name not in SOURCES]
    if unknown_sources:
        raise InputError(f"unknown online source {', '.join(unknown_sources)}; choose from {', '.join(SOURCES)}")
    client = client or Client()
    kept, unknown, notes = [], [], []
    for candidate in candidates:
        records = []
        entry = candidate.entry
        if not entry.fields.get("title") and not (entry.fields.get("eprint") or entry.fields.get("doi")):
            kept.append(candidate)  # nothing to ask by: reported as missing its title
            continue
        if not entry.fields.get("title"):
            records = fetch_records(client, [candidate.entry], online)
            own = add.identity_records(candidate, records)
            if not own:
                ids = candidate.entry.fields.get("eprint") or candidate.entry.fields.get("doi") or candidate.label
                unknown.append(add.Outcome(candidate.label, "unknown", None,
                                           f"no online source ({', '.join(online)}) knows {ids}; not added"))
                continue
            add.fill_from_identity(candidate, own[0])
        records += fetch_records(client, [candidate.entry], online)
        notes += [f"{candidate.label}: {line}" for line in add.enrich_candidate(candidate, records, registry)]
        kept.append(candidate)
    return kept, unknown, notes


def outdated(
    survey: Survey, *, registry: Registry | None = None, months: int = 12, today=None,
    online: tuple[str, ...] = (), client=None, links: bool = True, progress=None,
) -> list:
    """What in the survey is outdated (:mod:`surveybib.transforms.outdated`).

    Offline: the preprints ``months`` or more older than ``today`` (default: today's date).
    With ``online`` sources: their published versions (enrich's matching and guards),
    arXiv ids whose title changed, the old preprints no source knows as published, and,
    with ``links``, every link that answers 404 or redirects elsewhere. One
    :class:`surveybib.online.http.Client` asks (cached, rate-limited); an unreachable
    service raises ``OnlineError``.
    """
    from datetime import date

    from .transforms import outdated as stale

    registry = registry or default_registry()
    today = today or date.today()
    preprints = stale.preprints(survey)
    if not online:
        return stale.old_preprints(preprints, today=today, months=months)
    from .online.http import Client, OnlineError
    from .online.sources import SOURCES, fetch_records

    unknown = [name for name in online if name not in SOURCES]
    if unknown:
        raise InputError(f"unknown online source {', '.join(unknown)}; choose from {', '.join(SOURCES)}")
    client = client or Client()
    records = {name: fetch_records(client, preprints, (name,), progress) for name in online}
    published = stale.published_versions(preprints, records, registry)
    done = {s.key for s in published}
    found = published + stale.changed_titles(preprints, [r for rs in records.values() for r in rs])
    found += stale.old_preprints([e for e in preprints if e.key not in done], today=today, months=months,
                                 asked=", ".join(online))
    if links:
        answers: dict = {}
        for url in dict.fromkeys(link.url for e in survey.entries for link in e.links):
            try:
                answers[url] = client.resolve(url)
            except OnlineError as error:
                answers[url] = str(error)
        found += stale.link_findings(survey.entries, answers)
    order = {e.key: i for i, e in enumerate(survey.entries)}
    return sorted(found, key=lambda s: (order.get(s.key, 0), s.code))
