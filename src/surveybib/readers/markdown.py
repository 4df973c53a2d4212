"""Read an "awesome list" README into list items: one per paper bullet, row or block.

Understood forms: ``*``/``-``/``+``/numbered bullets (hard-wrapped too), ``[[Label]](url)``
and ``[Label](url)`` links, a ``[Title](url)`` title link, shields.io badges, a
``**[VENUE YYYY]**`` prefix, a ``, VENUE YY`` suffix, italic author lines, bold-title
blocks, and tables with Title/Venue/Date columns. Headings nest into sections. What
the reader had to repair or could not read is recorded on the item as findings.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import unquote

from ..model import Finding, Link, Section, Source
from ..names import make_slug
from . import markdown_parts as parts


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
    repair: bool = True  # repair damaged UTF-8; off for a list surveybib rendered (exact text)
    content: str = ""  # the bullet as one line, without its marker, for fingerprints

    def note(self, code: str, message: str, severity: str = "warning") -> None:
        self.findings.append(Finding(code, message, self.source, None, severity))


@dataclass
class ParsedList:
    """Sections, items, and the findings that belong to no item."""

    sections: list[Section]
    items: list[ListItem]
    findings: list[Finding]


_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)(?:[*+-](?:\s+|(?=[^\s*\-+]))|\d{1,3}[.)]\s+)")
_FENCE = re.compile(r"^\s*(```|~~~)")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_EMPHASIS_LINE = re.compile(r"^\s*(\*\*|\*[^*\s][^*]*\*\s*(\\|  )?$)")  # **bold** or *italic*: not bullets
_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")


def slugify(heading: str) -> str:
    """A GitHub-style anchor for a heading: ``Part 1: Intro`` -> ``part-1-intro``."""
    text = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode()
    text = re.sub(r"[^\w -]", "", text.lower()).strip()
    return text.replace(" ", "-").strip("-") or "section"


def section_slug(heading: str) -> str:
    """The slug of a section read from a heading: its anchor, held to the form that may
    name files (:func:`surveybib.names.make_slug`: ASCII, bounded, never a reserved name)."""
    return make_slug(slugify(heading))


_BACKSLASH_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # CommonMark: \ before ASCII punctuation


@dataclass
class _Block:
    kind: str  # "bullet", "paragraph" or "table"
    line: int
    lines: list[str]
    heading: int | None  # index into the heading list


_REGION = re.compile(r"^<!-- surveybib:(begin (\S+)|end) -->\s*$")
_MARKER = re.compile(r"\s*<!-- surveybib (\S+) ([0-9a-f]{8}) -->\s*$")


def _blocks(lines: list[str]) -> tuple[list[tuple[int, str, int, str | None]], list[_Block]]:
    """Split the text into headings (level, text, line, region) and blocks under them."""
    headings: list[tuple[int, str, int, str | None]] = []
    blocks: list[_Block] = []
    current: _Block | None = None
    in_fence = False
    region: str | None = None
    for number, line in enumerate(lines, start=1):
        marker = _REGION.match(line)
        if marker:
            region = marker.group(2)
            current = None
            continue
        if _FENCE.match(line):
            in_fence = not in_fence
            current = None
            continue
        if in_fence:
            continue
        heading = _HEADING.match(line)
        here = len(headings) - 1 if headings else None
        if heading:
            headings.append((len(heading.group(1)), heading.group(2), number, region))
            current = None
        elif not line.strip() or _RULE.match(line):
            current = None
        elif _TABLE_ROW.match(line):
            if current is None or current.kind != "table":
                current = _Block("table", number, [], here)
                blocks.append(current)
            current.lines.append(line)
        elif _BULLET.match(line) and not _EMPHASIS_LINE.match(line):
            current = _Block("bullet", number, [line[_BULLET.match(line).end():]], here)
            blocks.append(current)
        elif current is not None and current.kind != "table":
            current.lines.append(line)
        else:
            current = _Block("paragraph", number, [line], here)
            blocks.append(current)
    return headings, blocks


def read_markdown(text: str, *, file: str = "<string>") -> ParsedList:
    """Parse a markdown paper list into sections and items."""
    lines = text.splitlines()
    headings, blocks = _blocks(lines)
    rendered = any(_MARKER.search(line) for line in lines)  # our own output: no repairs
    items_by_heading: dict[int | None, list[ListItem]] = {}
    for block in blocks:
        for item in _items_of_block(block, file, repair=not rendered):
            items_by_heading.setdefault(block.heading, []).append(item)
    sections, slugs = _sections(headings, items_by_heading)
    items: list[ListItem] = []
    for heading_index in sorted(items_by_heading, key=lambda h: -1 if h is None else h):
        for item in items_by_heading[heading_index]:
            item.section = slugs.get(heading_index)
            items.append(item)
    items.sort(key=lambda item: item.source.line)
    return ParsedList(sections, items, _damaged_lines(lines, items, file))


def _damaged_lines(lines: list[str], items: list[ListItem], file: str) -> list[Finding]:
    """Damaged characters outside the list items (headings, prose): reported, not changed."""
    inside = {item.source.line for item in items}
    findings = []
    for number, line in enumerate(lines, start=1):
        if number in inside:
            continue
        fixed, code = parts.repair_text(line)
        if code == "I020":
            message = f"damaged UTF-8 outside the list; reads {fixed.strip()!r} when repaired"
            findings.append(Finding("I022", message, Source(file, number)))
        elif code == "I021":
            message = f"damaged characters outside the list cannot be repaired: {line.strip()!r}"
            findings.append(Finding("I023", message, Source(file, number)))
    return findings


def _sections(
    headings: list[tuple[int, str, int, str | None]], items: dict[int | None, list[ListItem]]
) -> tuple[list[Section], dict[int | None, str]]:
    """Headings that hold items (and their ancestors) become sections.

    A document's single level-1 heading is its title, not a section. A heading in a
    surveybib region takes the region's name as its slug.
    """
    top_levels = [h[0] for h in headings if h[0] == 1]
    used: set[int] = set()
    for index in (i for i in items if i is not None):
        used.add(index)
        level = headings[index][0]
        for parent in range(index - 1, -1, -1):
            if headings[parent][0] < level:
                used.add(parent)
                level = headings[parent][0]
    sections: list[Section] = []
    slugs: dict[int | None, str] = {}
    seen: dict[str, int] = {}
    for index in sorted(used):
        level, heading, _, region = headings[index]
        if level == 1 and len(top_levels) == 1:
            continue
        heading = _BACKSLASH_ESCAPE.sub(r"\1", parts.repair_text(heading)[0])
        slug = region if region and region not in ("toc", "all") else section_slug(heading)
        if slug in seen:
            seen[slug] += 1
            slug = f"{slug}-{seen[slug]}"
        else:
            seen[slug] = 0
        slugs[index] = slug
        sections.append(Section(slug, heading, level))
    return sections, slugs


def _items_of_block(block: _Block, file: str, *, repair: bool) -> list[ListItem]:
    make = functools.partial(ListItem, repair=repair)
    if block.kind == "table":
        return parts.table_items(block.lines, block.line, file, make)
    item = make(Source(file, block.line), None)
    text = " ".join(line.strip() for line in block.lines)
    marker = _MARKER.search(text)
    if marker:
        item.marker = (unquote(marker.group(1)), marker.group(2))
        text = text[: marker.start()]
    item.content = "* " + text.strip()
    if len(block.lines) > 1:
        item.note("I001", f"bullet is hard-wrapped over {len(block.lines)} lines", "info")
    if block.kind == "paragraph":
        if not parts.looks_like_bold_block(block.lines):
            return []
        parts.fill_bold_block(item, block.lines)
    elif not parts.fill_bullet(item, text):
        return []
    return [item]
