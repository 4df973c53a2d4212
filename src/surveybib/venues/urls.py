"""Venue and year evidence from URLs and DOIs (rules in ``data/venue_urls.toml``)."""

from __future__ import annotations

import functools
import pkgutil
import re
import tomllib
from dataclasses import dataclass
from urllib.parse import unquote

from ..text.identifiers import arxiv_from_url, doi_from_url, split_url


@dataclass(frozen=True)
class Sighting:
    """What one URL or DOI says: a venue (short name), maybe a year, and where it was seen."""

    venue: str
    year: int | None
    source: str
    generic: bool = False  # only the venue's family is known (a workshop of it agrees)

    def describe(self) -> str:
        year = f" {self.year}" if self.year else ""
        return f"{self.venue}{year} from {self.source}"


@dataclass(frozen=True)
class _Rule:
    on: str
    hosts: tuple[str, ...]
    pattern: re.Pattern
    venue: str | None
    codes: dict[str, str]
    year_offset: int | None
    volumes: dict[str, list] | None
    prefixes: dict[str, list] | None
    generic: bool

    def read(self, text: str, source: str) -> Sighting | None:
        match = self.pattern.match(text)
        if not match:
            return None
        groups = {k: v for k, v in match.groupdict().items() if v is not None}
        table = self.volumes if self.volumes is not None else self.prefixes
        if table is not None:
            row = table.get(groups.get("volume") or groups.get("prefix") or "")
            return Sighting(row[0], int(row[1]), source, self.generic) if row else None
        venue = self.venue or self._venue_by_code(groups)
        if venue is None:
            return None
        return Sighting(venue, self._year(groups), source, self.generic)

    def _venue_by_code(self, groups: dict[str, str]) -> str | None:
        code = groups.get("code", "").lower()
        track = groups.get("track", "").lower()
        return self.codes.get(f"{code}-{track}") or self.codes.get(code)

    def _year(self, groups: dict[str, str]) -> int | None:
        if "year" in groups:
            return int(groups["year"])
        if "yy" in groups:
            yy = int(groups["yy"])
            return 1900 + yy if yy >= 50 else 2000 + yy
        if "yyy" in groups:
            return 2000 + int(groups["yyy"])
        if "volume" in groups and self.year_offset is not None:
            return self.year_offset + int(groups["volume"])
        return None


def _rule(table: dict, tables: dict) -> _Rule:
    return _Rule(
        on=table["on"],
        hosts=tuple(h.removeprefix("www.") for h in table.get("hosts", ())),
        pattern=re.compile(table["pattern"]),
        venue=table.get("venue"),
        codes={str(k).lower(): v for k, v in table.get("codes", {}).items()},
        year_offset=table.get("year_offset"),
        volumes=tables.get("volumes", {}).get(table["volumes"]) if "volumes" in table else None,
        prefixes=tables.get("prefixes", {}).get(table["prefixes"]) if "prefixes" in table else None,
        generic=table.get("generic", False),
    )


@functools.cache
def _rules() -> tuple[_Rule, ...]:
    text = pkgutil.get_data("surveybib", "data/venue_urls.toml").decode("utf-8")  # lighter than importlib.resources
    data = tomllib.loads(text)
    return tuple(_rule(table, data) for table in data["rule"])


def from_doi(doi: str, source: str | None = None) -> Sighting | None:
    """The venue and year a DOI names, if a rule knows its form."""
    for rule in _rules():
        if rule.on == "doi":
            found = rule.read(doi.strip(), source or f"DOI {doi}")
            if found:
                return found
    return None


@functools.cache
def _url_rules() -> dict[str, tuple[_Rule, ...]]:
    """The URL rules by host, in registry order."""
    by_host: dict[str, list[_Rule]] = {}
    for rule in _rules():
        if rule.on == "url":
            for host in rule.hosts:
                by_host.setdefault(host, []).append(rule)
    return {host: tuple(rules) for host, rules in by_host.items()}


def from_url(url: str) -> Sighting | None:
    """The venue and year a URL names (publisher pages, proceedings, DOIs, arXiv)."""
    parts = split_url(url)
    host = parts.netloc.lower().removeprefix("www.")
    rules = _url_rules().get(host, ())
    path = unquote(parts.path) if rules else ""
    for rule in rules:
        found = rule.read(path, url)
        if found:
            return found
    doi = doi_from_url(url)
    if doi:
        return from_doi(doi, url)
    arxiv = arxiv_from_url(url)
    if arxiv and arxiv.id:
        return Sighting("arXiv", arxiv.id.year, url)
    return None
