"""Author fields as people: BibTeX name parsing by pybtex, text by pylatexenc."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .escape import plain_text


@dataclass(frozen=True)
class Name:
    family: str
    given: str = ""
    literal: bool = False  # an organization written in braces: {Black Forest Labs}

    def bibtex(self) -> str:
        return self.family if self.literal or not self.given else f"{self.family}, {self.given}"


def people(author: str) -> list[Name]:
    """``Ho, Jonathan and {Kolors Team} and others`` -> names (``others`` is dropped)."""
    return [_name(raw) for raw in _AND.split(author.strip()) if raw and raw.lower() != "others"]


_AND = re.compile(r"\s+and\s+")


@functools.lru_cache(maxsize=1 << 16)
def _name(raw: str) -> Name:
    """One BibTeX name as a :class:`Name`; cached, since every export of a sync reads each
    author again and the same people write many of a survey's papers."""
    from pybtex.database import Person

    if raw.startswith("{") and raw.endswith("}") and "," not in raw:
        return Name(plain_text(raw), literal=True)
    person = Person(raw)
    family = " ".join(person.prelast_names + person.last_names + person.lineage_names)
    given = " ".join(person.first_names + person.middle_names)
    return Name(plain_text(family), plain_text(given))
