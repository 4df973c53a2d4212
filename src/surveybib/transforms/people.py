"""Author fields as people: BibTeX name parsing by pybtex, text by pylatexenc."""

from __future__ import annotations

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
    from pybtex.database import Person

    names = []
    for raw in re.split(r"\s+and\s+", author.strip()):
        if not raw or raw.lower() == "others":
            continue
        if raw.startswith("{") and raw.endswith("}") and "," not in raw:
            names.append(Name(plain_text(raw), literal=True))
            continue
        person = Person(raw)
        family = " ".join(person.prelast_names + person.last_names + person.lineage_names)
        given = " ".join(person.first_names + person.middle_names)
        names.append(Name(plain_text(family), plain_text(given)))
    return names
