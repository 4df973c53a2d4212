"""How the survey's field evolved, as counts: papers per year by section, and by venue.

These are the numbers behind the figures (SVG for the README and the page, pgfplots
for the PDF). A paper in two sections counts in both section series; in the venue
series each paper counts once. Entries without a four-digit year are left out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..model import Entry, Survey
from ..venues import Registry

TOP_VENUES = 6


@dataclass(frozen=True)
class Series:
    """One named row of counts, one count per year of :attr:`Evolution.years`."""

    label: str
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Evolution:
    years: tuple[int, ...]  # every year from the first to the last, gaps included
    sections: tuple[Series, ...]  # in survey order
    venues: tuple[Series, ...]  # the most frequent venues, then the rest, preprints, other
    undated: int  # entries left out for want of a year


def year_of(entry: Entry) -> int | None:
    year = str(entry.fields.get("year", "")).strip()
    return int(year) if len(year) == 4 and year.isdigit() else None


def venue_group(entry: Entry, registry: Registry) -> str:
    """The venue's short name, ``arXiv`` for a preprint, or ``other`` (web pages, reports)."""
    from ..venues.badges import badge

    made = badge(entry, registry)
    if made and made[0] and made[0] not in ("Online",):
        return made[0]
    return "other"


def evolution(survey: Survey, registry: Registry, *, top: int = TOP_VENUES) -> Evolution:
    dated = [(e, year_of(e)) for e in survey.entries]
    years_seen = sorted({y for _, y in dated if y is not None})
    years = tuple(range(years_seen[0], years_seen[-1] + 1)) if years_seen else ()
    index = {y: i for i, y in enumerate(years)}

    def row(label: str, wanted) -> Series:
        counts = [0] * len(years)
        for entry, year in dated:
            if year is not None and wanted(entry):
                counts[index[year]] += 1
        return Series(label, tuple(counts))

    sections = tuple(row(s.heading, lambda e, slug=s.slug: slug in e.sections) for s in survey.sections)
    groups = {id(e): venue_group(e, registry) for e, y in dated if y is not None}
    totals = Counter(g for g in groups.values() if g not in ("arXiv", "other"))
    named = [name for name, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]
    venues = [row(name, lambda e, name=name: groups.get(id(e)) == name) for name in named]
    rest = set(totals) - set(named)
    venues.append(row("other venues", lambda e: groups.get(id(e)) in rest))
    venues.append(row("arXiv preprints", lambda e: groups.get(id(e)) == "arXiv"))
    venues.append(row("web pages and reports", lambda e: groups.get(id(e)) == "other"))
    return Evolution(years, sections, tuple(s for s in venues if s.total),
                     sum(1 for _, y in dated if y is None))
