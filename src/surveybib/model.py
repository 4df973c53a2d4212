"""The one entry model that every reader fills and every writer reads.

A :class:`Survey` holds its :class:`Section` list (in order) and its :class:`Entry`
list. An entry belongs to any number of sections, with a position in each, so a
paper that a list shows in three parts is still one entry.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field


class Macro(str):
    """A BibTeX field value written as a macro expression (``nips``, ``jan # "~1"``).

    It is written back bare instead of in braces, so ``@string`` references survive.
    """

    __slots__ = ()


@dataclass(frozen=True)
class Source:
    """Where something came from, for reports: a file and a 1-based line."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Finding:
    """A problem or a remark about the input, kept as data rather than raised.

    Its severity is the catalogue's for its code (:mod:`surveybib.catalogue`); only a
    project's ``[tool.surveybib.check] severity`` sets another one.
    """

    code: str
    message: str
    source: Source | None = None
    key: str | None = None
    severity: str = ""

    def __post_init__(self):
        if not self.severity:
            from .catalogue import get

            object.__setattr__(self, "severity", get(self.code).severity)

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "file": self.source.file if self.source else None,
            "line": self.source.line if self.source else None,
            "key": self.key,
        }


@dataclass(frozen=True)
class Link:
    """A labelled link of an entry, as a list shows it: ``[[Code]](https://...)``."""

    label: str
    url: str


@dataclass(frozen=True)
class Section:
    """A section of the survey: a slug (stable id), its heading text and its depth."""

    slug: str
    heading: str
    level: int = 2


@dataclass
class Entry:
    """One paper or resource.

    ``fields`` holds BibTeX field values as BibTeX text without the outer braces;
    a :class:`Macro` value is an unbraced expression. Links, section membership and
    positions live in their own attributes; the BibTeX reader and writer map them to
    the ``url``/``links``, ``keywords`` and ``positions`` fields.
    """

    key: str
    type: str = "misc"
    fields: dict[str, str] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    sections: dict[str, int] = field(default_factory=dict)
    source: Source | None = None
    comment: str = ""

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.fields.get(name, default)

    def replace(self, **changes: object) -> Entry:
        """A copy with some attributes replaced (containers are copied too)."""
        copy = dataclasses.replace(
            self,
            fields=dict(self.fields),
            links=list(self.links),
            sections=dict(self.sections),
        )
        for name, value in changes.items():
            setattr(copy, name, value)
        return copy


@dataclass
class Survey:
    """A whole bibliography: sections, entries, and the blocks that are not entries.

    ``header`` keeps ``@string``, ``@preamble`` and comment blocks verbatim in their
    original order; ``trailer`` keeps comments after the last entry; ``retired`` records
    keys that ``rekey`` replaced, so that a citation of an old key can be explained.
    """

    sections: list[Section] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    trailer: list[str] = field(default_factory=list)
    retired: dict[str, str] = field(default_factory=dict)  # old key -> the key that replaced it

    def with_entries(self, entries: list[Entry]) -> Survey:
        """A copy of the survey (containers copied) holding these entries."""
        return dataclasses.replace(
            self, entries=list(entries), sections=list(self.sections), header=list(self.header),
            trailer=list(self.trailer), retired=dict(self.retired),
        )

    def entry(self, key: str) -> Entry | None:
        """The entry with this key, or None: a key index, rebuilt when a lookup finds it stale."""
        index = self.__dict__.get("_keys")
        if index is None or index[0] is not self.entries or index[1] != len(self.entries):
            index = self._index_keys()
        position = index[2].get(key)
        if position is not None and position < len(self.entries) and self.entries[position].key == key:
            return self.entries[position]
        index = self._index_keys()  # entries were renamed or replaced in place since the index was built
        position = index[2].get(key)
        return self.entries[position] if position is not None else None

    def _index_keys(self) -> tuple:
        keys: dict[str, int] = {}
        for position, entry in enumerate(self.entries):
            keys.setdefault(entry.key, position)
        self.__dict__["_keys"] = index = (self.entries, len(self.entries), keys)
        return index

    def section(self, slug: str) -> Section | None:
        for section in self.sections:
            if section.slug == slug:
                return section
        return None

    def by_section(self) -> dict[str, list[Entry]]:
        """Each section's entries in curated order (as :meth:`in_section`), found in one pass:
        calling in_section for each of many sections is quadratic."""
        groups: dict[str, list[Entry]] = {}
        for entry in self.entries:
            for slug in entry.sections:
                groups.setdefault(slug, []).append(entry)
        for slug, members in groups.items():
            members.sort(key=lambda e: e.sections[slug])  # noqa: B023 -- sorted here; stable: file order on ties
        return groups

    def in_section(self, slug: str) -> list[Entry]:
        """The entries of one section, in their curated order."""
        members = [e for e in self.entries if slug in e.sections]
        order = {id(e): i for i, e in enumerate(self.entries)}
        return sorted(members, key=lambda e: (e.sections[slug], order[id(e)]))
