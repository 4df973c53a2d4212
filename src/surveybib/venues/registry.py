"""The venue registry (``data/venues.toml``, extensible) and resolution of venue text.

Text resolves by short name, full name, alias or known typo (case- and punctuation-
blind), then by a guarded fuzzy match that never turns one real venue into another.
"""

from __future__ import annotations

import functools
import pkgutil
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("conference", "journal", "workshop", "preprint", "web")
ENTRY_POINT_GROUP = "surveybib.venues"


@dataclass(frozen=True)
class Venue:
    short: str
    name: str
    kind: str
    month: int | None = None
    aliases: tuple[str, ...] = ()
    typos: tuple[str, ...] = ()
    family: str | None = None
    edition_base: int | None = None

    @property
    def container_field(self) -> str | None:
        """The BibTeX field that names this venue in an entry."""
        return {"conference": "booktitle", "workshop": "booktitle", "journal": "journal"}.get(
            self.kind
        )

    @property
    def entry_type(self) -> str:
        kinds = {"conference": "inproceedings", "workshop": "inproceedings", "journal": "article"}
        return kinds.get(self.kind, "misc")

    @property
    def root(self) -> str:
        """The main venue of a track or workshop (itself otherwise)."""
        return self.family or self.short


@dataclass(frozen=True)
class Match:
    """A resolved venue and how it was found: ``name``, ``alias``, ``typo`` or ``fuzzy``."""

    venue: Venue
    how: str


@dataclass(frozen=True)
class Resolution:
    """What a piece of venue text says: the venue, the year, and the evidence for each."""

    text: str
    venue: Venue | None
    year: int | None
    how: str | None
    evidence: tuple[str, ...]


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:\.(?:0[1-9]|1[0-2]))?(?!\d)")  # 2024 or 2024.07
_SHORT_YEAR = re.compile(r"(?:'|’|(?<=[A-Za-z])-|\s)(\d{2})\s*$")
# "arXiv preprint arXiv:2202.09671" (Google Scholar's journal for a preprint): the id is no venue name
_ARXIV_ID = re.compile(r"(?:\barXiv:\s*|\babs/)?(?<![\d.])(\d{2})(0[1-9]|1[0-2])\.\d{4,5}(?:v\d+)?(?![\d.])", re.IGNORECASE)
_EDITION = re.compile(r"\b(\d{1,3})(?:st|nd|rd|th)\b", re.IGNORECASE)
_NOISE = re.compile(
    r"\b(proc(?:eedings)?\.?|of the|in|the|annual|conference papers|volume \d+)\b|[,.()]", re.IGNORECASE
)


@dataclass
class Registry:
    venues: list[Venue] = field(default_factory=list)
    _index: dict[str, Match] = field(default_factory=dict)

    def add(self, venue: Venue) -> None:
        """Add a venue; a venue with the same short name replaces the old one."""
        old = self.by_short(venue.short)
        if old is not None:
            self.venues.remove(old)
            self._index = {k: m for k, m in self._index.items() if m.venue is not old}
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
        for venue in self.venues:
            if venue.short == short:
                return venue
        return None

    def by_name(self, name: str) -> Venue | None:
        """The venue whose full or short name is this text."""
        match = self._index.get(normalize(name))
        return match.venue if match and match.how == "name" else None

    def find(self, text: str) -> Match | None:
        """Like :meth:`lookup`, then a guarded fuzzy match for misspellings."""
        return self.lookup(text) or self._fuzzy(text)

    def _fuzzy(self, text: str) -> Match | None:
        """A misspelling of exactly one venue name, and close to no other.

        Text shorter than 6 letters is never guessed. Short names (up to 8 letters) must
        be one edit away (NeulIPS -> NeurIPS) and the text never a registered name itself
        (ICCV stays ICCV, never ICML); long names
        need a similarity of 90 with a margin of 5 over the next venue.
        """
        from rapidfuzz import fuzz
        from rapidfuzz.distance import Levenshtein

        key = normalize(text)
        if len(key) < 6 or key in self._index:  # ICCM is one edit from ICCV and from ICME: too short
            return None
        scores: dict[str, tuple[float, Venue]] = {}
        for name, match in self._index.items():
            if len(key) <= 8 or len(name) <= 8:
                if abs(len(name) - len(key)) > 1 or len(name) < 4:
                    continue
                score = 100.0 if Levenshtein.distance(key, name) <= 1 else 0.0
            else:
                score = fuzz.ratio(key, name)
            best = scores.get(match.venue.short)
            if best is None or score > best[0]:
                scores[match.venue.short] = (score, match.venue)
        ranked = sorted(scores.values(), key=lambda pair: -pair[0])
        if not ranked or ranked[0][0] < 90:
            return None
        if len(ranked) > 1 and ranked[1][0] > ranked[0][0] - 5:
            return None
        return Match(ranked[0][1], "fuzzy")

    def resolve(self, text: str) -> Resolution:
        """Venue and year of free text: ``NeulIPS 2024``, ``NIPS'17``, ``Proc. of the 40th ICML``."""
        evidence: list[str] = []
        arxiv = _ARXIV_ID.search(text)
        if arxiv:
            text = text[:arxiv.start()] + " " + text[arxiv.end():]
        year, rest = _take_year(text)
        if year:
            evidence.append(f"year {year} written in the text")
        elif arxiv:
            year = 2000 + int(arxiv.group(1))
            found = re.sub(r"^(?:arXiv:\s*|abs/)", "", arxiv.group(0), flags=re.IGNORECASE)
            evidence.append(f"year {year} from the arXiv id {found}")
        edition = _EDITION.search(rest)
        rest = _EDITION.sub(" ", rest).replace("'", " ").strip(" -_")
        plain = " ".join(_NOISE.sub(" ", rest).split())
        match, matched = self.lookup(rest), rest
        if match is None:
            match, matched = self.lookup(plain) or self._fuzzy(plain), plain
        if match is None:
            return Resolution(text, None, year, None, tuple(evidence))
        evidence.insert(0, f"{match.venue.short} by {match.how} from {matched!r}")
        if edition and match.venue.edition_base and year is None:
            year = match.venue.edition_base + int(edition.group(1))
            evidence.append(f"year {year} from the {edition.group(0)} edition")
        return Resolution(text, match.venue, year, match.how, tuple(evidence))


def _take_year(text: str) -> tuple[int | None, str]:
    """A year written in venue text (``2024``, ``2024.07``, ``'17``, ``CVPR 23``) and the rest.

    Two digits after a space count only after a short name: ``Advances in Neural
    Information Processing Systems 35`` names a volume, not 2035.
    """
    found = _YEAR.search(text)
    if found:
        return int(found.group(1)), text[: found.start()] + " " + text[found.end():]
    short = _SHORT_YEAR.search(text)
    if short and (short.group(0)[0] in "'’" or len(text[: short.start()].split()) <= 2):
        yy = int(short.group(1))
        return (2000 + yy if yy < 70 else 1900 + yy), text[: short.start()]
    return None, text


def normalize(text: str) -> str:
    return re.sub(r"[^0-9a-z&]+", "", text.lower())


def venue_from_table(table: dict) -> Venue:
    if table.get("kind") not in KINDS:
        raise ValueError(f"venue {table.get('short')!r}: kind must be one of {', '.join(KINDS)}")
    return Venue(
        short=table["short"],
        name=table["name"],
        kind=table["kind"],
        month=table.get("month"),
        aliases=tuple(table.get("aliases", ())),
        typos=tuple(table.get("typos", ())),
        family=table.get("family"),
        edition_base=table.get("edition_base"),
    )


def venues_from_toml(text: str) -> list[Venue]:
    return [venue_from_table(table) for table in tomllib.loads(text).get("venue", [])]


@functools.cache
def _shipped() -> tuple[Venue, ...]:
    text = pkgutil.get_data("surveybib", "data/venues.toml").decode("utf-8")  # lighter than importlib.resources
    return tuple(venues_from_toml(text))


def _from_entry_points() -> list[Venue]:
    """Venues that installed packages register under the ``surveybib.venues`` group.

    An entry point loads to a path of a TOML file, a TOML string, or a callable
    returning a list of venue tables.
    """
    from ..entrypoints import group

    venues: list[Venue] = []
    for point in group(ENTRY_POINT_GROUP):
        loaded = point.load()
        loaded = loaded() if callable(loaded) else loaded
        if isinstance(loaded, (str, Path)) and Path(str(loaded)).suffix == ".toml":
            venues += venues_from_toml(Path(loaded).read_text("utf-8"))
        elif isinstance(loaded, str):
            venues += venues_from_toml(loaded)
        else:
            venues += [venue_from_table(table) for table in loaded]
    return venues


def build_registry(extra: list[Venue] = ()) -> Registry:
    """Shipped venues, then entry-point venues, then ``extra`` (later ones replace earlier)."""
    registry = Registry()
    for venue in [*_shipped(), *_from_entry_points(), *extra]:
        registry.add(venue)
    return registry


@functools.cache
def default_registry() -> Registry:
    """The shipped registry with the installed packages' venues."""
    return build_registry()
