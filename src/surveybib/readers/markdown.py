"""Read an "awesome list" README: sections, one item per paper, and a record of every other block.

The document is split into headings and blocks by markdown-it-py
(:mod:`.markdown_blocks`); each bullet, table row or bold-title block is read as parts
and given a kind (:mod:`.markdown_recognize`, :mod:`.markdown_items`). Papers become
:class:`ListItem`; every other block of a list section becomes a :class:`Skipped` with
its kind. Headings that hold papers (and their ancestors) nest into sections. What the
reader had to repair or could not read is recorded on the item as findings.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import unquote

from ..markers import LINE_MARKER, REGION_LINE
from ..model import Finding, Link, Section, Source
from ..names import make_slug
from ..text.repair import repair_text
from . import markdown_parts as parts
from . import markdown_recognize as recognize
from .markdown_blocks import Block, Heading, parse_blocks


@dataclass
class ListItem:
    """One paper as a list shows it, before it becomes an entry."""

    source: Source
    section: str | None
    title: str = ""
    links: list[Link] = field(default_factory=list)
    badges: list[parts.Badge] = field(default_factory=list)
    venue_text: str | None = None
    year_text: str | None = None
    authors: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    marker: tuple[str, str] | None = None  # (key, fingerprint) of a line surveybib rendered
    year_from_heading: bool = False  # the year is the heading's: the line names none
    end: int | None = None  # the last line of the item's block
    year_prefix: bool = False  # "2017.11-[Title](url)": a list's paper form, whatever the link
    repair: bool = True  # repair damaged UTF-8; off for a list surveybib rendered (exact text)
    content: str = ""  # the bullet as one line, without its marker, for fingerprints

    def note(self, code: str, message: str) -> None:
        self.findings.append(Finding(code, message, self.source))


@dataclass
class Skipped:
    """A block of a list section that is not a paper: its kind, and a finding when unrecognized.

    Kinds: ``prose``, ``toc``, ``news``, ``resource`` (``what``: tool, dataset, course,
    leaderboard or resource), ``pseudo-heading``, ``reference`` (a link definition),
    ``table-header`` and ``unrecognized``.
    """

    source: Source
    end: int
    kind: str
    text: str
    section: str | None
    what: str | None = None
    findings: list[Finding] = field(default_factory=list)


@dataclass
class ParsedList:
    """Sections, paper items, the findings that belong to no item, and every non-paper block."""

    sections: list[Section]
    items: list[ListItem]
    findings: list[Finding]
    skipped: list[Skipped] = field(default_factory=list)
    section_lines: dict[int, str] = field(default_factory=dict)  # heading line -> section slug


def slugify(heading: str) -> str:
    """A GitHub-style anchor for a heading: ``Part 1: Intro`` -> ``part-1-intro``."""
    text = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode()
    text = re.sub(r"[^\w -]", "", text.lower()).strip()
    return text.replace(" ", "-").strip("-") or "section"


# (?<!\s): a match starts where a run of spaces starts, so a long run is scanned once, not
# once from each of its positions (200 KB of spaces took minutes).
_MARKER = LINE_MARKER
_REGION = REGION_LINE
_LIST_LIKE = {"resource", "news", "pseudo-heading"}
_PROSE_KINDS = {"code": "prose", "html": "prose", "quote": "prose", "rule": "prose", "other": "prose",
                "reference": "reference", "table-head": "table-header"}


def section_slug(heading: str) -> str:
    """The slug of a section read from a heading: its anchor, held to the form that may
    name files (:func:`surveybib.names.make_slug`: ASCII, bounded, never a reserved name)."""
    return make_slug(slugify(heading))


_BACKSLASH_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # CommonMark: \ before ASCII punctuation


def read_markdown(text: str, *, file: str = "<string>", registry=None) -> ParsedList:
    """Parse a markdown paper list into sections, paper items, and every other line's record.

    ``registry`` (the project's venue registry; the default one when omitted) decides
    whether words after a title name a venue.
    """
    from ..venues import default_registry

    registry = registry or default_registry()
    lines = text.splitlines()
    headings, blocks, references = parse_blocks(text)
    rendered = any(_MARKER.search(line) for line in lines)  # our own output: no repairs
    items_by_heading: dict[int | None, list[ListItem]] = {}
    others: list[tuple[int | None, Skipped]] = []
    for block in blocks:
        if block.kind == "html" and all(_REGION.match(line) for line in block.lines):
            continue
        item, kind = _read_block(block, headings, file, references, registry, repair=not rendered)
        if kind == "paper":
            items_by_heading.setdefault(block.heading, []).append(item)
        else:
            others.append((block.heading, _skipped(block, item, kind, file)))
    sections, slugs = _sections(headings, items_by_heading)
    items: list[ListItem] = []
    for heading_index in sorted(items_by_heading, key=lambda h: -1 if h is None else h):
        for item in items_by_heading[heading_index]:
            item.section = slugs.get(heading_index)
            items.append(item)
    items.sort(key=lambda item: item.source.line)
    skipped = []
    for heading_index, record in others:  # a list section's every block; list-like blocks anywhere
        if heading_index in slugs or record.kind in _LIST_LIKE:
            record.section = slugs.get(heading_index)
            skipped.append(record)
    section_lines = {headings[i].line: slug for i, slug in slugs.items() if i is not None}
    return ParsedList(sections, items, _damaged_lines(lines, items, file), skipped, section_lines)


def _read_block(block: Block, headings: list[Heading], file: str, references: dict, registry,
                *, repair: bool) -> tuple[ListItem, str]:
    heading = headings[block.heading].text if block.heading is not None else ""
    context = recognize.items.Context(references, registry, recognize.items.heading_year(heading), heading)
    item = ListItem(Source(file, block.line), None, repair=repair, end=block.end)
    if block.kind == "row":
        kind = recognize.read_row(item, block.cells, block.header, context)
    elif block.kind == "paragraph":
        kind = recognize.read_block(item, block.lines, context)
    elif block.kind == "item":
        text = " ".join(line.strip() for line in block.lines)
        marker = _MARKER.search(text)
        if marker:
            item.marker = (unquote(marker.group(1)), marker.group(2))
            text = text[: marker.start()]
        else:
            item.repair = True  # a line without a marker is hand-written, even in a README surveybib rendered
        item.content = "* " + text.strip()
        if len(block.lines) > 1:
            item.note("I001", f"bullet is hard-wrapped over {len(block.lines)} lines")
        kind = recognize.read_bullet(item, text, context)
    else:
        return item, _PROSE_KINDS.get(block.kind, "prose")
    kind = recognize.finish(item, kind, context)
    if kind == "paper" and not item.title:
        item.note("I007", "no title before the first link")
    return item, kind


def _skipped(block: Block, item: ListItem, kind: str, file: str) -> Skipped:
    what = recognize.items.resource_kind(item, " ".join(block.lines)) if kind == "resource" else None
    text = (item.title if kind == "resource" and item.title else " ".join(line.strip() for line in block.lines))[:120]
    record = Skipped(Source(file, block.line), block.end, kind, text, None, what)
    if kind == "unrecognized":
        message = f"line not recognized as a paper or anything else: {text[:80]!r}"
        record.findings.append(Finding("I043", message, record.source))
    return record


def _damaged_lines(lines: list[str], items: list[ListItem], file: str) -> list[Finding]:
    """Damaged characters outside the list items (headings, prose): reported, not changed."""
    inside = {item.source.line for item in items}
    findings = []
    for number, line in enumerate(lines, start=1):
        if number in inside:
            continue
        fixed, code = repair_text(line)
        if code == "I020":
            message = f"damaged UTF-8 outside the list; reads {fixed.strip()!r} when repaired"
            findings.append(Finding("I022", message, Source(file, number)))
        elif code == "I021":
            message = f"damaged characters outside the list cannot be repaired: {line.strip()!r}"
            findings.append(Finding("I023", message, Source(file, number)))
    return findings


def _sections(
    headings: list[Heading], items: dict[int | None, list[ListItem]]
) -> tuple[list[Section], dict[int | None, str]]:
    """Headings that hold items (and their ancestors) become sections.

    A document's single level-1 heading is its title, not a section. A heading in a
    surveybib region takes the region's name as its slug. Slugs are unique by their
    path: a heading name used under two parents is slugged with its parent's slug.
    """
    top_levels = [h.level for h in headings if h.level == 1]
    parents = _parents([h.level for h in headings])
    used: set[int] = set()
    for index in (i for i in items if i is not None):
        while index is not None and index not in used:  # the heading and those above it
            used.add(index)
            index = parents[index]
    titled = len(top_levels) == 1
    plain = {i: _plain_slug(headings[i]) for i in used if not (titled and headings[i].level == 1)}
    counts = Counter(plain.values())
    repeated = {slug for slug, count in counts.items() if count > 1}
    sections: list[Section] = []
    slugs: dict[int | None, str] = {}
    seen: set[str] = set()
    last_number: dict[str, int] = {}  # where each base's number search stopped (seen only grows)
    for index in sorted(plain):
        slug = plain[index]
        region = headings[index].region
        if slug in repeated and not (region and region not in ("toc", "all")):
            parent = slugs.get(parents[index])  # "Generation" under Vision and under Audio
            slug = make_slug(f"{parent}-{slug}") if parent else slug
        base, number = slug, last_number.get(slug, 0)
        slug = f"{base}-{number}" if number else base
        while slug in seen:
            number += 1
            slug = f"{base}-{number}"
        last_number[base] = number
        seen.add(slug)
        slugs[index] = slug
        heading = _BACKSLASH_ESCAPE.sub(r"\1", repair_text(headings[index].text)[0])
        sections.append(Section(slug, heading, headings[index].level))
    return sections, slugs


def _plain_slug(heading: Heading) -> str:
    region = heading.region
    text = _BACKSLASH_ESCAPE.sub(r"\1", repair_text(heading.text)[0])
    return region if region and region not in ("toc", "all") else section_slug(text)


def _parents(levels: list[int]) -> list[int | None]:
    """Each heading's parent (the nearest heading before it of a lower level), found in one
    pass with a stack: walking back from each of 10,000 headings took minutes."""
    parents: list[int | None] = []
    stack: list[int] = []
    for index, level in enumerate(levels):
        while stack and levels[stack[-1]] >= level:
            stack.pop()
        parents.append(stack[-1] if stack else None)
        stack.append(index)
    return parents
