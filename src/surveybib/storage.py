"""How the model's links, sections and positions are stored in BibTeX fields.

* ``url`` holds the first link; ``urllabel`` its label when that is not ``Paper``;
  ``links`` the further links as ``Label <URL>`` items separated by ``, ``.
* ``keywords`` holds the slugs of the entry's sections (in survey order), then any
  other keywords the author wrote.
* ``positions`` holds the entry's place in each section: ``slug=N`` items.
* The section table itself (slug, level, heading, in order) is one
  ``@comment{surveybib-sections ...}`` block, one section per line.
* Keys that ``rekey`` retired are one ``@comment{surveybib-retired ...}`` block,
  one ``OLD NEW`` pair per line.
"""

from __future__ import annotations

import re

from .model import Link, Section

SECTIONS_MARK = "surveybib-sections"
RETIRED_MARK = "surveybib-retired"
DEFAULT_LABEL = "Paper"

_LINK_ITEM = re.compile(r"\s*([^<>,]+?)\s*<([^<>\s]+)>\s*(?:,|$)")
_POSITION_ITEM = re.compile(r"\s*([^=,\s]+)\s*=\s*(\d+)\s*(?:,|$)")
_SECTION_LINE = re.compile(r"^\s*([1-6])\s+(\S+)(?:\s+(.*?))?\s*$")  # a heading may be empty


_URL_UNSAFE = re.compile(r"[{}<>\s\"\\]")
class _PercentCodec:
    """Text kept in a field whose syntax reserves some characters: those characters (and
    ``%``) percent-encoded, white space folded into single spaces; decoding undoes only that."""

    def __init__(self, reserved: str):
        self.escapes = {c: f"%{ord(c):02X}" for c in "%" + reserved}
        self.escaped = re.compile("%(" + "|".join(code[1:] for code in self.escapes.values()) + ")")

    def encode(self, text: str) -> str:
        return "".join(self.escapes.get(c, c) for c in " ".join(text.split()))

    def decode(self, text: str) -> str:
        return self.escaped.sub(lambda m: chr(int(m.group(1), 16)), text)


_LABELS = _PercentCodec(",<>{}\\")  # the links item syntax, and what would unbalance the field
_HEADINGS = _PercentCodec("{}")  # what would end the section table's @comment block


def url_out(url: str) -> str:
    """A URL as the bib holds it: braces, backslashes, angle brackets, quotes and white space
    percent-encoded (the same URL to a browser), so that no URL can unbalance a field
    or end a ``links`` item."""
    return _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode()), url)


def _label_out(label: str) -> str:
    """A blank label is the default one."""
    return _LABELS.encode(label) or DEFAULT_LABEL


def links_to_fields(links: list[Link]) -> dict[str, str]:
    """The ``url``, ``urllabel`` and ``links`` fields for a list of links. Labels keep
    their text: the characters the item syntax uses (``,<>``), braces, backslashes and ``%`` are
    percent-encoded in the field and decoded when read."""
    if not links:
        return {}
    first, rest = links[0], links[1:]
    fields = {"url": url_out(first.url)}
    if _label_out(first.label) != DEFAULT_LABEL:
        fields["urllabel"] = _label_out(first.label)
    if rest:
        fields["links"] = ", ".join(f"{_label_out(link.label)} <{url_out(link.url)}>" for link in rest)
    return fields


def _items(pattern: re.Pattern, text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """The ``(a, b)`` items a pattern reads one after another, and the rest it cannot read."""
    items, pos = [], 0
    while pos < len(text):
        match = pattern.match(text, pos)
        if not match:
            return items, [text[pos:].strip()]
        items.append((match.group(1), match.group(2)))
        pos = match.end()
    return items, []


def links_from_fields(fields: dict[str, str]) -> tuple[list[Link], list[str]]:
    """Links from ``url``/``urllabel``/``links``, and the items that could not be read."""
    label = _LABELS.decode(fields.get("urllabel") or DEFAULT_LABEL)
    links = [Link(label, fields["url"])] if fields.get("url") else []
    items, bad = _items(_LINK_ITEM, fields.get("links", ""))
    return links + [Link(_LABELS.decode(label), url) for label, url in items], bad


def split_keywords(value: str) -> list[str]:
    return [word.strip() for word in value.split(",") if word.strip()]


UNPLACED = 1 << 30  # a membership without a position yet: the end of its section


def positions_to_field(positions: dict[str, int], order: list[str] | dict[str, int]) -> str:
    """``slug=N`` items in section order; a membership without a position (UNPLACED) is
    left out, and reads back as the end of its section. ``order`` is the slugs or a
    slug -> rank mapping."""
    rank = order if isinstance(order, dict) else {slug: i for i, slug in enumerate(order)}
    slugs = sorted((s for s in positions if positions[s] < UNPLACED), key=lambda s: (rank.get(s, len(rank)), s))
    return ", ".join(f"{slug}={positions[slug]}" for slug in slugs)


def positions_from_field(value: str) -> tuple[dict[str, int], list[str]]:
    """Positions from ``slug=N`` items, and the items that could not be read."""
    items, bad = _items(_POSITION_ITEM, value)
    return {slug: int(number) for slug, number in items}, bad


def sections_to_comment(sections: list[Section]) -> str:
    lines = [SECTIONS_MARK]
    lines += [f"  {s.level} {s.slug} {_HEADINGS.encode(s.heading)}" for s in sections]
    return "\n".join(lines) + "\n"


def sections_from_comment(text: str) -> tuple[list[Section], list[tuple[int, str]]] | None:
    """The section table and its unusable lines (offset in the comment, why), or None when
    the comment is not a section table. A slug names files, so it must be a valid slug."""
    from .names import slug_problem

    lines = text.strip().splitlines()
    if not lines or lines[0].strip() != SECTIONS_MARK:
        return None
    sections, bad = [], []
    for offset, line in enumerate(lines[1:], start=1):
        if not line.strip():
            continue
        match = _SECTION_LINE.match(line)
        problem = slug_problem(match.group(2)) if match else "not 'LEVEL SLUG HEADING' (a level from 1 to 6)"
        if problem:
            bad.append((offset, problem))
        else:
            sections.append(Section(match.group(2), _HEADINGS.decode(match.group(3) or ""), int(match.group(1))))
    return sections, bad


def retired_to_comment(retired: dict[str, str]) -> str:
    lines = [RETIRED_MARK] + [f"  {old} {new}" for old, new in sorted(retired.items())]
    return "\n".join(lines) + "\n"


def retired_from_comment(text: str) -> dict[str, str] | None:
    lines = text.strip().splitlines()
    if not lines or lines[0].strip() != RETIRED_MARK:
        return None
    pairs = (line.split() for line in lines[1:])
    return {pair[0]: pair[1] for pair in pairs if len(pair) == 2}
