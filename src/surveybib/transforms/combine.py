"""Combine two entries of one paper (a duplicate that ``check`` found) into one.

The entry kept leads: its key, place, type and fields stay. The other entry adds
what the kept one lacks: missing fields, links, sections (with its position there),
provenance notes and its comment. A field both have with different values keeps the
kept entry's value unless ``take`` names it; every such difference is reported, so
nothing the other entry held is dropped unseen. When only the other entry names a
published venue (a booktitle or journal), its type and year come with it, as in
enrich's preprint upgrade; the kept entry's eprint stays.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Entry

CONTAINERS = ("booktitle", "journal")
NOTE_FIELDS = ("enrichedfrom", "corrected")  # provenance notes, "; "-separated: the union is kept


@dataclass
class Combined:
    """What combining did: fields filled or taken from the other entry, values kept, sections added."""

    filled: list[str] = field(default_factory=list)
    taken: list[str] = field(default_factory=list)
    kept: list[tuple[str, str, str]] = field(default_factory=list)  # field, kept value, other's value
    sections: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    type: tuple[str, str] | None = None  # old, new


def combine(keep: Entry, other: Entry, take: tuple[str, ...] = ()) -> tuple[Entry, Combined]:
    """``keep`` with what ``other`` adds; ``keep`` itself is not changed."""
    result, done = keep.replace(), Combined()
    published = not any(keep.fields.get(c) for c in CONTAINERS) and any(other.fields.get(c) for c in CONTAINERS)
    if published:  # the published version's year is the one that goes with its venue
        take = (*take, "year")
    for name, value in other.fields.items():
        mine = result.fields.get(name)
        if name in NOTE_FIELDS:
            notes = [n for n in (mine or "").split("; ") if n]
            notes += [n for n in value.split("; ") if n and n not in notes]
            result.fields[name] = "; ".join(notes)
        elif mine is None or mine == "":
            result.fields[name] = value
            done.filled.append(name)
        elif mine != value:
            if name in take:
                result.fields[name] = value
                done.taken.append(name)
            else:
                done.kept.append((name, mine, value))
    if published and other.type != keep.type:
        result.type, done.type = other.type, (keep.type, other.type)
    urls = {link.url for link in result.links}
    for link in other.links:
        if link.url not in urls:
            result.links.append(link)
            urls.add(link.url)
            done.links.append(link.url)
    for slug, position in other.sections.items():
        if slug not in result.sections:
            result.sections[slug] = position
            done.sections.append(slug)
    if other.comment.strip() and other.comment not in result.comment:
        result.comment = "\n".join(c for c in (result.comment, other.comment) if c.strip())
    return result, done
