"""Combine two entries of one paper (a duplicate that ``check`` found) into one.

The entry kept leads: its key, place, type and fields stay. The other entry adds
what the kept one lacks: missing fields, links, sections (with its position there),
keywords, provenance notes and its comment. A field both have with different values
keeps the kept entry's value unless ``take`` names it; every such difference is
reported, so nothing the other entry held is dropped unseen.

The venue is one decision, not two fields: an entry never ends up with both a
journal and a booktitle. When the kept entry is a preprint (no venue, or a preprint
server's) and the other names a published venue, the published venue comes with its
type and year, as in enrich's preprint upgrade; the kept entry's eprint stays.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Entry, Macro
from ..text.latex import plain_text
from ..venues import Registry

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
    dropped: list[str] = field(default_factory=list)  # what could not stay, and why


def combine(keep: Entry, other: Entry, take: tuple[str, ...] = (),
            registry: Registry | None = None) -> tuple[Entry, Combined]:
    """``keep`` with what ``other`` adds; neither input is changed.

    ``take`` names the fields whose value comes from ``other`` where both have one;
    ``venue`` (or ``booktitle``/``journal``) takes its venue with its entry type.
    """
    result, done = keep.replace(), Combined()
    published = _is_preprint(keep, registry) and not _is_preprint(other, registry)
    take = (*take, "year") if published else tuple(take)
    _combine_venue(result, keep, other, published or bool({"venue", *CONTAINERS} & set(take)), done)
    for name, value in other.fields.items():
        if name not in CONTAINERS:
            _combine_field(result, name, value, take, done)
    _combine_links(result, other, done)
    for slug, position in other.sections.items():
        if slug not in result.sections:
            result.sections[slug] = position
            done.sections.append(slug)
    _combine_comments(result, other)
    crossref = result.fields.get("crossref", "")
    if crossref.lower() in (keep.key.lower(), other.key.lower()):
        del result.fields["crossref"]  # a paper cannot cross-reference itself
        done.dropped.append(f"crossref {crossref!r}: it would name the merged entry itself")
    return result, done


def _combine_venue(result: Entry, keep: Entry, other: Entry, theirs_wins: bool, done: Combined) -> None:
    """One venue for the merged entry: the kept one, or the other's (with its type)."""
    mine = {c: keep.fields[c] for c in CONTAINERS if keep.fields.get(c)}
    theirs = {c: other.fields[c] for c in CONTAINERS if other.fields.get(c)}
    if not theirs or theirs == mine:
        return
    if mine and not theirs_wins:
        done.kept.append(("venue", _describe(mine), _describe(theirs)))
        return
    for name, value in mine.items():
        del result.fields[name]
        done.dropped.append(f"{name} {value!r}: {other.key}'s venue replaces it")
    result.fields.update(theirs)
    (done.taken if mine else done.filled).extend(theirs)
    if other.type != keep.type:
        result.type, done.type = other.type, (keep.type, other.type)


def _describe(venue: dict[str, str]) -> str:
    return "; ".join(f"{name} {value}" for name, value in venue.items())


def _combine_field(result: Entry, name: str, value: str, take: tuple[str, ...], done: Combined) -> None:
    mine = result.fields.get(name)
    if name in NOTE_FIELDS and mine and mine != value:
        result.fields[name] = union_notes(mine, value)
    elif name == "keywords" and mine and mine != value and not isinstance(mine, Macro) and not isinstance(value, Macro):
        words = [w.strip() for w in f"{mine},{value}".split(",") if w.strip()]
        result.fields[name] = ", ".join(dict.fromkeys(words))
    elif mine is None or mine == "":
        result.fields[name] = value
        done.filled.append(name)
    elif mine != value:
        if name in take:
            result.fields[name] = value
            done.taken.append(name)
        else:
            done.kept.append((name, mine, value))


def union_notes(mine: str, theirs: str) -> str:
    """Both provenance notes; split into "; " pieces only where that cannot cut a brace group."""
    if isinstance(mine, Macro) or isinstance(theirs, Macro):  # concatenated in BibTeX: mine # {; } # theirs
        def part(value: str) -> str:
            return value if isinstance(value, Macro) else "{" + value + "}"

        return Macro(f"{part(mine)} # {{; }} # {part(theirs)}")
    if "{" in mine + theirs or "}" in mine + theirs:
        return mine if theirs in mine else f"{mine}; {theirs}"
    notes = [n for n in mine.split("; ") if n]
    return "; ".join(notes + [n for n in theirs.split("; ") if n and n not in notes])


def _combine_links(result: Entry, other: Entry, done: Combined) -> None:
    urls = {link.url for link in result.links}
    for link in other.links:
        if link.url not in urls:
            result.links.append(link)
            urls.add(link.url)
            done.links.append(link.url)


def _combine_comments(result: Entry, other: Entry) -> None:
    mine = {line.strip() for line in result.comment.splitlines()}
    if any(line.strip() and line.strip() not in mine for line in other.comment.splitlines()):
        result.comment = "\n".join(c for c in (result.comment, other.comment) if c.strip())


def _is_preprint(entry: Entry, registry: Registry | None) -> bool:
    """No venue, or a preprint server's (``journal = {arXiv preprint arXiv:...}``)."""
    containers = [entry.fields[c] for c in CONTAINERS if entry.fields.get(c)]
    if not containers:
        return True
    if registry is None:
        from ..venues import default_registry

        registry = default_registry()
    venue = registry.resolve(plain_text(str(containers[0]))).venue
    return venue is not None and venue.kind == "preprint"
