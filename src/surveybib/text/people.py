"""Author fields as people: BibTeX name parsing by pybtex, text by pylatexenc."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .latex import escape_plain, plain_text, to_latex


@dataclass(frozen=True)
class Name:
    family: str
    given: str = ""
    literal: bool = False  # an organization written in braces: {Black Forest Labs}

    def bibtex(self) -> str:
        return self.family if self.literal or not self.given else f"{self.family}, {self.given}"


def author_names(author: str) -> list[str]:
    """The names of an author field as written, ``others`` included: the one place that
    splits a field at its ``and``s."""
    return [raw for raw in _AND.split(author.strip()) if raw]


def people(author: str) -> list[Name]:
    """``Ho, Jonathan and {Kolors Team} and others`` -> names (``others`` is dropped)."""
    return [_name(raw) for raw in author_names(author) if raw.lower() != "others"]


_AND = re.compile(r"\s+and\s+")


@functools.lru_cache(maxsize=1 << 16)
def person(raw: str):
    """One BibTeX name parsed by pybtex (cached: a survey's authors recur across papers)."""
    from pybtex.database import Person

    return Person(raw)


@functools.lru_cache(maxsize=1 << 16)
def _name(raw: str) -> Name:
    """One BibTeX name as a :class:`Name`; cached, since every export of a sync reads each
    author again and the same people write many of a survey's papers."""
    if raw.startswith("{") and raw.endswith("}") and "," not in raw:
        return Name(plain_text(raw), literal=True)
    parsed = person(raw)
    family = " ".join(parsed.prelast_names + parsed.last_names + parsed.lineage_names)
    given = " ".join(parsed.first_names + parsed.middle_names)
    return Name(plain_text(family), plain_text(given))


def family_name(name: str) -> str:
    """One BibTeX name's family name as plain lowercase text, for telling authors apart:
    ``Song, Jiaming`` and ``Jiaming Song`` -> ``song``, ``M{\\"u}ller, A.`` -> ``müller``;
    empty when the name does not parse."""
    from pybtex.exceptions import PybtexError

    try:
        parsed = person(name.strip())
    except PybtexError:
        return ""
    return plain_text(" ".join(parsed.last_names)).lower()


def reading_order(raw: str) -> str:
    """One BibTeX name as plain text in reading order: ``Ho, Jonathan`` -> ``Jonathan Ho``."""
    parsed = person(raw)
    parts = parsed.first_names + parsed.middle_names + parsed.prelast_names + parsed.last_names
    return plain_text(" ".join(parts))


def author_line(author: str) -> str:
    """``Ho, Jonathan and Jain, Ajay and ...`` -> ``Jonathan Ho, Ajay Jain, Pieter Abbeel et al.``"""
    names = author_names(author)
    shown = []
    for name in names[:3]:
        if name.lower() == "others":
            break
        shown.append(reading_order(name))
    more = len(names) > len(shown)
    return ", ".join(shown) + (" et al." if more else "")


def bibtex_name(name: str) -> str:
    """``Ada B. Lovelace`` -> ``Lovelace, Ada B.`` (pybtex's name parsing). The name is
    plain text (from a list or a service): its TeX specials are escaped, so that no name
    can unbalance the author field; one pybtex cannot split stays whole, braced."""
    from pybtex.exceptions import PybtexError

    if name == "others":
        return name
    latex = to_latex(escape_plain(name))
    try:
        parsed = person(latex)
    except PybtexError:
        return "{" + latex + "}"
    last = " ".join(parsed.prelast_names + parsed.last_names)
    first = " ".join(parsed.first_names + parsed.middle_names)
    lineage = " ".join(parsed.lineage_names)
    return ", ".join(part for part in (last, lineage, first) if part) or "{" + latex + "}"
