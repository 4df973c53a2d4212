"""Generated regions in a hand-written markdown file.

Only the text between ``<!-- surveybib:begin NAME -->`` and ``<!-- surveybib:end -->``
belongs to surveybib; everything else is the authors' and is kept byte for byte.
NAME is a section slug, ``toc`` (a table of contents), or ``all`` (every section).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import InputError

SPECIAL_REGIONS = ("toc", "all", "figures")  # region names that are not section slugs

_BEGIN = re.compile(r"^<!-- surveybib:begin (\S+) -->[ \t]*$")
_END = re.compile(r"^<!-- surveybib:end -->[ \t]*$")


@dataclass(frozen=True)
class Region:
    name: str
    begin: int  # index of the begin marker line
    end: int  # index of the end marker line


def find_regions(text: str, *, file: str = "<string>") -> list[Region]:
    """The regions of a text; unbalanced or repeated markers are an InputError."""
    regions: list[Region] = []
    opened: tuple[str, int] | None = None
    names: set[str] = set()
    for index, line in enumerate(text.splitlines()):
        begin, end = _BEGIN.match(line), _END.match(line)
        if begin:
            if opened:
                raise InputError(f"region {opened[0]!r} is not closed before this one", file=file, line=index + 1)
            if begin.group(1) in names:
                raise InputError(f"region {begin.group(1)!r} appears twice", file=file, line=index + 1)
            opened = (begin.group(1), index)
            names.add(begin.group(1))
        elif end:
            if not opened:
                raise InputError("surveybib:end without a begin", file=file, line=index + 1)
            regions.append(Region(opened[0], opened[1], index))
            opened = None
    if opened:
        raise InputError(f"region {opened[0]!r} is never closed", file=file, line=opened[1] + 1)
    return regions


def newline_of(text: str) -> str:
    """The line ending most of a text's lines use: ``\r\n`` or ``\n``."""
    return "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"


def with_newline(text: str, newline: str) -> str:
    return text if newline == "\n" else text.replace("\r\n", "\n").replace("\n", newline)


def replace_regions(text: str, contents: dict[str, str], *, file: str = "<string>") -> str:
    """The text with each named region's body replaced (in the text's own line endings);
    the rest unchanged."""
    lines = text.splitlines(keepends=True)
    newline = newline_of(text)
    out: list[str] = []
    position = 0
    for region in find_regions(text, file=file):
        out += lines[position : region.begin + 1]
        body = contents.get(region.name)
        out.append(with_newline(body, newline) if body is not None else "".join(lines[region.begin + 1 : region.end]))
        position = region.end
    out += lines[position:]
    return "".join(out)


def wrap(name: str, body: str) -> str:
    return f"<!-- surveybib:begin {name} -->\n{body}<!-- surveybib:end -->\n"
