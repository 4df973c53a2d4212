"""The venue registry (``data/venues.toml``) and name lookup.

Loaded once, lazily, on first use. Lookup is by short name, full name, alias or
known typo, compared case- and punctuation-blind.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources

KINDS = ("conference", "journal", "workshop", "preprint", "web")


@dataclass(frozen=True)
class Venue:
    short: str
    name: str
    kind: str
    month: int | None = None
    aliases: tuple[str, ...] = ()
    typos: tuple[str, ...] = ()

    @property
    def container_field(self) -> str | None:
        """The BibTeX field that names this venue in an entry."""
        return {"conference": "booktitle", "workshop": "booktitle", "journal": "journal"}.get(
            self.kind
        )

    @property
    def entry_type(self) -> str:
        return {"conference": "inproceedings", "workshop": "inproceedings", "journal": "article"}.get(
            self.kind, "misc"
        )


@dataclass(frozen=True)
class Match:
    """A resolved venue and how it was found: ``name``, ``alias`` or ``typo``."""

    venue: Venue
    how: str


@dataclass
class Registry:
    venues: list[Venue] = field(default_factory=list)
    _index: dict[str, Match] = field(default_factory=dict)

    def add(self, venue: Venue) -> None:
        self.venues.append(venue)
        for text, how in [(venue.short, "name"), (venue.name, "name")]:
            self._index[normalize(text)] = Match(venue, how)
        for alias in venue.aliases:
            self._index.setdefault(normalize(alias), Match(venue, "alias"))
        for typo in venue.typos:
            self._index.setdefault(normalize(typo), Match(venue, "typo"))

    def lookup(self, text: str) -> Match | None:
        """The venue a name, alias or known typo stands for, or None."""
        return self._index.get(normalize(text))

    def by_short(self, short: str) -> Venue | None:
        match = self._index.get(normalize(short))
        return match.venue if match and match.venue.short == short else None

    def by_name(self, name: str) -> Venue | None:
        """The venue whose full name (or short name) is exactly this text."""
        match = self._index.get(normalize(name))
        return match.venue if match and match.how == "name" else None


def normalize(text: str) -> str:
    return re.sub(r"[^0-9a-z&]+", "", text.lower())


def _venue_from_table(table: dict) -> Venue:
    if table.get("kind") not in KINDS:
        raise ValueError(f"venue {table.get('short')!r}: kind must be one of {', '.join(KINDS)}")
    return Venue(
        short=table["short"],
        name=table["name"],
        kind=table["kind"],
        month=table.get("month"),
        aliases=tuple(table.get("aliases", ())),
        typos=tuple(table.get("typos", ())),
    )


@functools.cache
def default_registry() -> Registry:
    """The registry shipped with surveybib."""
    text = resources.files("surveybib").joinpath("data/venues.toml").read_text("utf-8")
    registry = Registry()
    for table in tomllib.loads(text)["venue"]:
        registry.add(_venue_from_table(table))
    return registry
