"""A markdown document as GitHub sees it: headings and blocks with their source lines.

markdown-it-py (CommonMark plus GFM tables) does the tokenizing, so list items,
tables with or without outer pipes, code fences, HTML blocks and reference-style
link definitions are found by the same rules GitHub renders them with. Each block
keeps its 1-based line range and its raw source lines; the parts of an item are
recognized from those (:mod:`surveybib.readers.markdown_parts`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ..markers import REGION_LINE

_REGION = REGION_LINE
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S")
# "*Title" without a space after the star: not a bullet for CommonMark, but a list's typo.
_GLUED_BULLET = re.compile(r"^(\s*)\*(?=[^\s*\-+])")
_EMPHASIS_LINE = re.compile(r"^\s*(\*\*|\*[^*\s][^*]*\*\s*(\\|  )?$)")
_MARKER = re.compile(r"^(\s*)(?:[*+-]|\d{1,9}[.)])(?:[ \t]+|$)")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str  # raw inline markdown of the heading
    line: int
    region: str | None  # the surveybib region the heading is in


@dataclass
class Block:
    """A list item, paragraph, table row, or other block, with its own source lines."""

    kind: str  # item, paragraph, row, table-head, code, html, quote, rule, reference, other
    line: int  # first line, 1-based
    end: int  # last line, 1-based, inclusive
    lines: list[str]  # the block's own lines (an item's bullet marker removed)
    heading: int | None  # index into the headings
    ordered: bool = False
    depth: int = 0  # list nesting of an item
    cells: list[str] = field(default_factory=list)  # a table row's cells (raw markdown)
    header: list[str] = field(default_factory=list)  # its table's header cells


@functools.cache
def _parser():
    from markdown_it import MarkdownIt

    # Blocks only: the inline rule (links, emphasis inside each block) is not run, since
    # items are read from their source lines; a block's inline text is still its content.
    return MarkdownIt("commonmark").enable("table").disable("inline")


def parse_blocks(text: str) -> tuple[list[Heading], list[Block], dict[str, str]]:
    """Headings, blocks in line order, and the reference-style link definitions (label -> URL)."""
    lines = text.splitlines()
    env: dict = {}
    tokens = _parser().parse(text, env)
    regions = _regions(lines)
    headings: list[Heading] = []
    raw: list[tuple[str, int, int, dict]] = []  # (kind, start, end, extra) 0-based, end exclusive
    covered: set[int] = set()
    index = 0
    quoted = 0  # inside a blockquote: the quote is one block, lists and tables in it are its text
    while index < len(tokens):
        token = tokens[index]
        quoted += {"blockquote_open": 1, "blockquote_close": -1}.get(token.type, 0)
        if quoted and token.type != "blockquote_open":
            pass
        elif token.type == "heading_open":
            start, end = token.map
            headings.append(Heading(int(token.tag[1]), tokens[index + 1].content, start + 1, regions.get(start)))
            covered.update(range(start, end))
        elif token.type == "list_item_open":
            raw.append(("item", *token.map, {"ordered": token.info != "" or token.markup in ".)",
                                             "depth": token.level, "nested": _nested(tokens, index)}))
        elif token.type == "table_open" and token.level == 0:  # a table inside an item is the item's text
            covered.update(range(*token.map))
            index = _table(tokens, index, raw)
            continue
        elif token.map and token.level == 0 and token.type in _TOP_KINDS:
            raw.append((_TOP_KINDS[token.type], *token.map, {}))
        if token.map:
            covered.update(range(*token.map))
        index += 1
    blocks = _blocks(lines, raw, headings)
    for number, line in enumerate(lines):
        if number not in covered and line.strip() and not _REGION.match(line):
            kind = "reference" if _REFERENCE.match(line) else "other"
            blocks.append(Block(kind, number + 1, number + 1, [line], _heading_at(headings, number + 1)))
    blocks.sort(key=lambda b: (b.line, b.depth))
    references = {label: ref["href"] for label, ref in env.get("references", {}).items()}
    return headings, blocks, references


_TOP_KINDS = {
    "paragraph_open": "paragraph", "fence": "code", "code_block": "code", "html_block": "html",
    "blockquote_open": "quote", "hr": "rule",
}


def _regions(lines: list[str]) -> dict[int, str | None]:
    region, found = None, {}
    for number, line in enumerate(lines):
        marker = _REGION.match(line)
        if marker:
            region = marker.group(2)
        found[number] = region
    return found


def _nested(tokens, index: int) -> list[tuple[int, int]]:
    """Line ranges of the lists directly inside the list item at ``index``."""
    level = tokens[index].level
    ranges = []
    for position in range(index + 1, len(tokens)):
        token = tokens[position]
        if token.type == "list_item_close" and token.level == level:
            break
        if token.type in ("bullet_list_open", "ordered_list_open") and token.level == level + 1:
            ranges.append(tuple(token.map))
    return ranges


def _table(tokens, index: int, raw: list) -> int:
    """Rows of the table at ``index``: the header, then one block per data row."""
    header: list[str] = []
    row: list[str] | None = None
    start = end = 0
    head = False
    for position in range(index + 1, len(tokens)):
        token = tokens[position]
        if token.type == "thead_open":
            head = True
        elif token.type == "tbody_open":
            head = False
        elif token.type == "tr_open":
            row, (start, end) = [], token.map
        elif token.type == "inline" and row is not None:
            row.append(token.content)
        elif token.type == "tr_close":
            if head:
                header = row
                raw.append(("table-head", start, end + 1, {"cells": row}))  # with the delimiter row
            else:
                raw.append(("row", start, end, {"cells": row, "header": header}))
            row = None
        elif token.type == "table_close":
            return position + 1
    return len(tokens)


def _heading_at(headings: list[Heading], line: int) -> int | None:
    """The index of the last heading at or before ``line`` (headings are in line order)."""
    import bisect

    position = bisect.bisect_right(headings, line, key=lambda heading: heading.line)
    return position - 1 if position else None


def _blocks(lines: list[str], raw: list, headings: list[Heading]) -> list[Block]:
    blocks: list[Block] = []
    for kind, start, end, extra in raw:
        own = list(range(start, end))
        for nested_start, nested_end in extra.get("nested", ()):
            own = [n for n in own if not nested_start <= n < nested_end]
        while own and not lines[own[-1]].strip():
            own.pop()
        if not own:
            continue
        if kind == "item":
            blocks += _items(lines, own, headings, extra)
            continue
        text = [lines[n] for n in own]
        blocks.append(Block(kind, own[0] + 1, own[-1] + 1, text, _heading_at(headings, own[0] + 1),
                            cells=extra.get("cells", []), header=extra.get("header", [])))
    return blocks


def _items(lines: list[str], own: list[int], headings: list[Heading], extra: dict) -> list[Block]:
    """One list item's lines; a line ``*Title`` (no space after the star) starts another item."""
    groups: list[list[int]] = [[]]
    for number in own:
        line = lines[number]
        if groups[-1] and _GLUED_BULLET.match(line) and not _EMPHASIS_LINE.match(line):
            groups.append([])
        groups[-1].append(number)
    blocks = []
    for group in groups:
        text = [lines[n] for n in group if lines[n].strip()]
        first = text[0]
        marker = _MARKER.match(first) or _GLUED_BULLET.match(first)
        text[0] = first[marker.end():] if marker else first.lstrip()
        blocks.append(Block("item", group[0] + 1, group[-1] + 1, text, _heading_at(headings, group[0] + 1),
                            ordered=extra["ordered"], depth=extra["depth"]))
    return blocks
